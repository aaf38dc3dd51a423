"""docs/scenario.md is generated from the schema: it must match, key for key."""

from pathlib import Path

from simroi.scenario.keydocs import KEYDOCS
from simroi.scenario.reference import markdown, rows

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenario.md"


def test_every_schema_key_is_documented_and_no_entry_is_left_over():
    paths = [r.path for r in rows()]  # KeyError names an undocumented key
    assert len(paths) == len(set(paths))
    assert set(KEYDOCS) == set(paths)


def test_docs_scenario_md_is_the_generated_reference():
    # Regenerate with: python -c "from simroi.scenario.reference import markdown;
    # open('docs/scenario.md', 'w').write(markdown())"
    assert DOC.read_text(encoding="utf-8") == markdown()


def test_reference_rows_carry_schema_defaults_and_ranges():
    by_path = {r.path: r for r in rows()}
    assert by_path["scenario.discount_rate"].default == "0.1"
    assert "> 1 is an error" in by_path["scenario.discount_rate"].range
    assert by_path["scenario.discounting"].range == "monthly / annual"
    assert by_path["drivers.productivity_realization"].default == "0.5"
    assert by_path["adoption.ceiling"].range == "in (0, 1]"
    assert by_path["risks[].probability"].default == "required"


def test_every_test_docs_model_md_cites_exists():
    import re

    root = DOC.parents[1]
    text = (root / "docs" / "model.md").read_text(encoding="utf-8")
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (root / "tests").rglob("test_*.py"))
    cited = set(re.findall(r"\b(test_\w+)\b(?!\.py)", text))
    assert len(cited) > 30
    missing = sorted(n for n in cited if f"def {n}(" not in sources)
    assert not missing
    for path in re.findall(r"`(tests/[\w/]+\.py)", text):
        assert (root / path).is_file(), path
