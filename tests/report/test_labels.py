"""What model inputs, benefit streams and results are called, in English and Chinese."""

from simroi.report.text.labels import input_label, input_unit


def test_input_labels_are_human_with_readable_defaults():
    assert input_label("drivers.churn_reduction") == "Churn reduction"
    assert input_label("drivers.churn_reduction", "zh") == "流失率下降幅度"
    assert input_label("costs.one_time.implementation") == "One-time cost: implementation"
    assert input_label("risks.adoption stalls") == "Risk event: adoption stalls"
    assert input_label("risks.推广停滞", "zh") == "风险事件：推广停滞"
    assert input_label("drivers.new_thing") == "New thing"
    assert input_label("drivers.x", labels={"drivers.x": "My X"}) == "My X"
    assert input_unit("drivers.churn_reduction") == "percent"
    assert input_unit("costs.one_time.implementation") == "money"


# --------------------------------------------------------------------------- the schema's keys

# The three catalogues of scenario keys are the schema (scenario/schema.py), what each key
# means (scenario/keydocs.py, checked against the schema in tests/scenario/test_docs.py) and
# what reports call it (report/text/labels.py), checked here. The model's inputs are the
# numbers of these sections; a key is labelled when both languages name it in words (the
# Chinese label holds no Latin letter besides the item's own name).
INPUT_SECTIONS = (
    "baseline",
    "drivers",
    "benefits",
    "adoption",
    "costs",
    "custom_benefits",
    "risks",
)
NUMBERS = ("Num", "NumList", "Schedule", "CostLine")
ITEM = "item"  # the name of a one-time cost, a custom benefit, a risk

# Reports would show these inputs under a label made from the key itself ("Risk adjustment"
# in a Chinese report, "一次性成本：item.amount"): none is left (issue 19: inputs in words).
UNLABELLED: set[str] = set()
# Keys whose unit in the labels (how reports write their numbers) is not keydocs' unit:
# none (a one-time cost's overrun, a fraction, was once written as money).
WRONG_UNIT: set[str] = set()


def _input_keys() -> dict[str, str]:
    """Reference path (as in docs/scenario.md) -> a path of a scenario that has it."""
    from simroi.scenario.reference import _walk
    from simroi.scenario.schema import SCHEMA

    keys = {}
    for path, node in _walk(SCHEMA, ""):
        if path.split(".")[0].split("[")[0] in INPUT_SECTIONS and type(node).__name__ in NUMBERS:
            concrete = path.replace("<stream>", "conversion").replace("<name>", ITEM)
            keys[path] = concrete.replace("[]", f".{ITEM}")
    return keys


def _kind(unit: str) -> str:
    """keydocs' unit as the labels' kind of number."""
    for head, kind in (("fraction", "percent"), ("currency", "money"), ("month", "months")):
        if unit.startswith(head):
            return kind
    return "hours" if unit.startswith("hours") else "count"


def test_every_input_key_of_the_schema_has_a_label_in_both_languages():
    import re

    unlabelled = set()
    for path, concrete in _input_keys().items():
        en, zh = input_label(concrete, "en"), input_label(concrete, "zh")
        if re.search(r"[A-Za-z_]", zh.replace(ITEM, "")) or re.search(r"[_.]", en):
            unlabelled.add(path)
    assert unlabelled == UNLABELLED


def test_the_labels_units_are_the_units_of_the_scenario_reference():
    from simroi.scenario.keydocs import KEYDOCS

    wrong = {
        path
        for path, concrete in _input_keys().items()
        if KEYDOCS[path][0] and input_unit(concrete) != _kind(KEYDOCS[path][0])
    }
    assert wrong == WRONG_UNIT
