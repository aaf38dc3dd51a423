"""Hostile or mistaken scenario input: refused quickly with a ConfigError, never a crash."""

import time

import pytest

from simroi.errors import ConfigError
from simroi.scenario import yamlfile
from simroi.scenario.config import load_scenario


def _bomb(levels=9):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join([*lines, "scenario: {name: x}", f"custom_benefits: *a{levels}", ""])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_bomb(), r"more than [\d,]+ values once its aliases"),  # issue #9: 83 s to MemoryError
        ("x: " + "{a: " * 1000 + "1" + "}" * 1000, "nested more than 64 levels"),
        ("x: " + "[" * 100_000 + "]" * 100_000, "nested more than 64 levels"),
        ("x:\n" + "".join(" " * i + "a:\n" for i in range(1, 300)), "nested more than 64"),
    ],
)
def test_alias_bombs_and_deep_nesting_are_refused_in_seconds(tmp_path, text, message):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    started = time.monotonic()
    with pytest.raises(ConfigError, match=message):
        load_scenario(path)
    assert time.monotonic() - started < 20  # (2 loaded cores; about 0.1 s alone)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_not_scenario_files(device):
    with pytest.raises(ConfigError, match="is not a regular file"):
        load_scenario(device)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("# x\n" * (yamlfile.MAX_BYTES // 4 + 1))
    with pytest.raises(ConfigError, match=r"bytes; a scenario file may have at most 2,000,000"):
        load_scenario(path)


def test_a_long_comment_block_validates_in_linear_time(tmp_path):
    """Issue #9: an 8 MB comment block took 13.6 s, 16 MB 56 s (quadratic)."""
    head = "scenario: {name: x}\ncosts: {one_time: {licence: 1000}}\n"
    path = tmp_path / "c.yaml"
    path.write_text(head + "# " + "x" * 70 + "\n" * 0 + ("# " + "x" * 70 + "\n") * 25_000)
    started = time.monotonic()
    assert load_scenario(path).name == "x"
    assert time.monotonic() - started < 10  # 1.8 MB: about 0.6 s alone


def test_a_block_scalar_keeps_its_hash_lines(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("costs: {one_time: {licence: 1}}\nscenario:\n  name: |\n    # not a comment\n")
    assert load_scenario(path).name == "# not a comment\n"


def test_huge_numbers_state_the_real_rule_briefly(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(f"scenario: {{name: x}}\nbaseline: {{customers: {10**400}}}\n")
    with pytest.raises(ConfigError, match=r"at most 1e300, got 1\.000e\+400$"):
        load_scenario(path)


def test_load_scenario_refuses_other_types_with_a_simroi_error():
    with pytest.raises(ConfigError, match="takes a file path or a dict, got int"):
        load_scenario(123)


def test_many_values_are_refused_before_parsing(tmp_path):
    """500,000 keys (7 MB) took 218 s in ruamel; a 330 kB file of keys is refused unparsed."""
    path = tmp_path / "keys.yaml"
    path.write_text(
        "scenario: {name: x}\ncustom_x:\n" + "".join(f"  k{i}: {i}\n" for i in range(30_000))
    )
    started = time.monotonic()
    with pytest.raises(
        ConfigError, match=r"characters of YAML besides comments; .* at most 256,000"
    ):
        load_scenario(path)
    assert time.monotonic() - started < 5
