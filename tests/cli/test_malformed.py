"""Malformed scenarios through the real command line: exit 2, an Error line, nothing written.

Hypothesis mutates the shipped scenario (a numeric value made wrong, a key that does not
exist, a required key removed) or writes arbitrary text; every case must be refused by
``simroi run`` before simulating. In-process (CliRunner), so 2,000 examples cost seconds
per hundred; the default run tries 150, ``-m slow`` the 2,000 the issue asks for.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simroi.cli import main
from simroi.scenario.yamlfile import parse_yaml

CONFIG = Path(__file__).parents[2] / "configs" / "smb.yaml"
BASE, _ = parse_yaml(CONFIG.read_bytes(), str(CONFIG))


def _leaves(node, path=()):
    """Paths of every numeric value (the seed aside: null is a valid seed)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, (*path, i))
    elif isinstance(node, (int, float)) and not isinstance(node, bool) and path[-1] != "seed":
        yield path


def _mappings(node, path=()):
    if isinstance(node, dict):
        yield path
        for k, v in node.items():
            yield from _mappings(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _mappings(v, (*path, i))


LEAVES = list(_leaves(BASE))
# Cost lines are named by the user: a new key there is a new (valid) cost line.
MAPPINGS = [p for p in _mappings(BASE) if p[-1:] not in (("one_time",), ("monthly",))]
WRONG = st.one_of(
    st.sampled_from(["abc", "", "1e3x", [1, 2], {"x": 1}, None, True, 1e301, -1e301]),
    st.text(max_size=20).filter(lambda s: not _is_number(s)),
    st.integers(min_value=10**301, max_value=10**400),
)


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _at(data, path):
    for step in path:
        data = data[step]
    return data


@st.composite
def malformed(draw):
    kind = draw(st.sampled_from(["value", "unknown key", "missing", "text"]))
    if kind == "text":
        text = draw(st.text(max_size=300))
        if "\x00" in text:
            return text
        return text if ":" not in text else "- " + text  # a list at the top: never a scenario
    data = copy.deepcopy(BASE)
    if kind == "value":
        path = draw(st.sampled_from(LEAVES))
        _at(data, path[:-1])[path[-1]] = draw(WRONG)
    elif kind == "unknown key":
        path = draw(st.sampled_from(MAPPINGS))
        key = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12))
        _at(data, path)["zz_" + key] = draw(st.one_of(st.integers(), st.text(max_size=5)))
    else:
        section = draw(st.sampled_from(["scenario", "costs"]))
        del data[section]
    return json.dumps(data)  # JSON is YAML


def _check(text):
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "s.yaml"
        config.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = CliRunner().invoke(main, ["run", str(config), "-n", "100", "-o", f"{tmp}/out"])
        assert result.exit_code == 2, (text[:300], result.output)
        assert result.output.startswith("Error: "), result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert [p.name for p in Path(tmp).iterdir()] == ["s.yaml"]  # nothing written


_SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}


@settings(max_examples=150, **_SETTINGS)
@given(malformed())
def test_malformed_scenarios_are_refused_with_exit_2(text):
    _check(text)


@pytest.mark.slow
@settings(max_examples=2000, **_SETTINGS)
@given(malformed())
def test_2000_malformed_scenarios_are_refused_with_exit_2(text):
    _check(text)
