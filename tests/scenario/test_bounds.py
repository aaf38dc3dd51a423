"""Hostile or mistaken scenario input: refused quickly with a ConfigError, never a crash."""

import time

import pytest
from hostile_yaml import DEEP, FLOW_BOMB, NINES

from simroi.errors import ConfigError
from simroi.scenario import yamlfile
from simroi.scenario.config import load_scenario
from simroi.scenario.variants import parse_assignment, parse_vary, read_sweep_file


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


# ------------------------------------------- issue 17 F5/F7: the same bounds for every YAML input


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        (NINES, r"a number of 5,000 digits; a scenario's numbers have at most 1,000$"),
        (DEEP, r"nested more than 64 levels deep"),
        ("{a: " * 5000 + "1" + "}" * 5000, r"nested more than 64 levels deep"),
        (FLOW_BOMB, r"expands to more than 200,000 values once its aliases"),
        ("2024-02-30", r"invalid YAML: day is out of range for month$"),
        ('"\\ud83d x"', r"contains an unpaired surrogate \\ud83d$"),
        ('{name: "a\\udc00"}', r"name: contains an unpaired surrogate \\udc00$"),
    ],
)
def test_set_and_vary_values_get_the_file_s_bounds(value, rule):
    """The review's F5/F7: 5,000 digits (ValueError), 5,000-deep nesting (RecursionError)."""
    started = time.monotonic()
    with pytest.raises(ConfigError, match="^--set x: " + rule):
        parse_assignment(f"x={value}")
    with pytest.raises(ConfigError, match="^--vary x: .*" + rule):
        parse_vary(f"x={value}")
    assert time.monotonic() - started < 1


def test_a_sweep_file_gets_the_file_s_bounds(tmp_path):
    path = tmp_path / "sweep.yaml"
    for text, message in [
        ("vary: {x: " + DEEP + "}\n", "nested more than 64 levels deep"),
        (f"vary:\n  x: [{NINES}]\n", r"a number of 5,000 digits \(line 2\)"),
        (f"vary: {FLOW_BOMB}\n", "expands to more than 200,000 values"),
        ('variants: [{name: "a\\ud83d", overrides: {x: 1}}]\n',
         r"variants\[0\]\.name: contains an unpaired surrogate \\ud83d"),
    ]:  # fmt: skip
        path.write_text(text)
        with pytest.raises(ConfigError, match=message):
            read_sweep_file(path)
    with pytest.raises(ConfigError, match="is not a regular file .* save the sweep file"):
        read_sweep_file("/dev/zero")


def test_a_lone_surrogate_is_refused_with_its_path_and_line(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text('costs: {one_time: {licence: 1}}\nscenario:\n  name: "\\ud83d x"\n')
    with pytest.raises(ConfigError) as caught:
        load_scenario(path)
    assert str(caught.value) == (
        f"{path}: scenario.name (line 3): contains an unpaired surrogate \\ud83d"
    )
    path.write_text('scenario: {name: x}\ncosts: {one_time: {"a\\udfff": 1}}\n')
    with pytest.raises(ConfigError, match=r"costs\.one_time\.a\\udfff \(line 2\): contains an "):
        load_scenario(path)


def test_an_emoji_is_text_written_or_escaped_as_a_pair(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text('costs: {one_time: {licence: 1}}\nscenario: {name: "🚀 \\ud83d\\ude80"}\n')
    assert load_scenario(path).name == "🚀 🚀"  # JSON writes 🚀 as "\ud83d\ude80"


def test_a_dict_with_a_lone_surrogate_is_refused_too():
    scenario = {"scenario": {"name": "a\ud83d"}, "costs": {"one_time": {"licence": 1}}}
    with pytest.raises(ConfigError, match=r"^scenario\.name: contains an unpaired surrogate"):
        load_scenario(scenario)
