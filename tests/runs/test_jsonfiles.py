"""JSON in a run folder: NaN as null, numpy made native, atomic; read back within its caps."""

import json
import os

import numpy as np
import pytest

from simroi.errors import ConfigError
from simroi.runs.jsonfiles import MAX_DEPTH, load_json, write_json

# --------------------------------------------------------------------------- writing


def test_write_json_maps_nan_to_null_and_numpy_to_python(tmp_path):
    path = write_json(
        tmp_path / "s.json",
        {
            "a": np.nan,
            "b": np.float64(np.inf),
            "c": np.int64(3),
            "d": np.array([1.5, np.nan]),
            "e": (np.bool_(True), None),
            6: "six",
            "big": 2**127 + 1,
        },
    )
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text) == {
        "a": None,
        "b": None,
        "c": 3,
        "d": [1.5, None],
        "e": [True, None],
        "6": "six",
        "big": 2**127 + 1,
    }
    assert text.startswith('{\n  "a": null')  # indent 2
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no partial file left


def test_write_json_rejects_unknown_objects_and_keeps_old_file(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("{}")
    with pytest.raises(TypeError, match="object"):
        write_json(path, {"x": object()})
    assert path.read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


# --------------------------------------------------------------------------- reading


def test_load_json_reads_a_good_file(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"a": [1, {"b": "[[[{{{"}]}))
    assert load_json(tmp_path / "a.json", 1000) == {"a": [1, {"b": "[[[{{{"}]}


def test_a_100000_deep_nesting_is_a_clean_error_not_a_recursion_error(tmp_path):
    """Review F1: summary.json of 100,000 nested '[' raised RecursionError in json.loads."""
    (tmp_path / "s.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ConfigError, match=f"nested more than {MAX_DEPTH} levels deep"):
        load_json(tmp_path / "s.json", 10**6)


def test_depth_counts_brackets_outside_strings_only(tmp_path):
    deep_in_a_string = {"s": "[" * 1000 + '\\"' + "{" * 1000}
    (tmp_path / "a.json").write_text(json.dumps(deep_in_a_string))
    assert load_json(tmp_path / "a.json", 10**6) == deep_in_a_string
    nested = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    (tmp_path / "b.json").write_text(nested)
    assert load_json(tmp_path / "b.json", 1000) == json.loads(nested)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"x" * 2000, "holds 2,000 bytes; simroi writes at most 1,000"),
        ("{}".encode("utf-16"), "is not UTF-8 text"),
        (b'{"a": }', "cannot be read as JSON"),
        (b'{"a": ' + b"9" * 900 + b"}", None),
    ],
)
def test_bad_files_are_clean_errors_naming_the_file(tmp_path, content, message):
    path = tmp_path / "s.json"
    path.write_bytes(content)
    if message is None:  # 900 digits: an integer, refused by the schema rather than here
        assert isinstance(load_json(path, 1000)["a"], int)
        return
    with pytest.raises(ConfigError, match=f"^{path}: {message}"):
        load_json(path, 1000)


def test_a_fifo_or_a_folder_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(ConfigError, match="is not a regular file"):
        load_json(tmp_path / "fifo", 1000)  # would block forever if opened for reading
    with pytest.raises(ConfigError, match="is not a regular file|cannot be read"):
        load_json(tmp_path, 1000)
