"""What the decision analyses' results are called: stress cases (named, ranked by effect),
VOI decisions and groups; shared by their views and charts."""

from __future__ import annotations

from collections.abc import Mapping

from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label

__all__ = ["case_label", "decision_name", "group_label", "ranked_cases"]

_CASES = {
    "lowest decile": "stress_lowest",
    "highest decile": "stress_highest",
    "occurs": "stress_occurs",
    "does not occur": "stress_not_occurs",
}
_DECISIONS = {"invest": "voi_invest", "don't invest": "voi_dont_invest"}
_GROUPS = {
    "all drivers": "voi_all_drivers",
    "all risks": "voi_all_risks",
    "all adoption": "voi_all_adoption",
    "all costs": "voi_all_costs",
}


def case_label(case: Mapping, lang: str = "en", labels: Mapping | None = None) -> str:
    """``Conversion lift: lowest 10 %`` / ``转化率提升幅度：最低 10 %``."""
    name = input_label(case["input"], lang, labels)
    key = _CASES.get(case["label"])
    what = text(key, lang) if key else case["label"]
    return f"{name}：{what}" if lang == "zh" else f"{name}: {what}"


def ranked_cases(data: Mapping) -> list[dict]:
    """Stress cases, largest effect first: how far a case's P50 is from the unrestricted P50."""
    base = data["baseline"]["p50"]
    return sorted(data["cases"], key=lambda c: -abs(c["p50"] - base))


def decision_name(name: str, lang: str = "en") -> str:
    """``invest`` -> "invest" / "投资"; a vendor's name as given."""
    key = _DECISIONS.get(name)
    return text(key, lang) if key else name


def group_label(name: str, lang: str = "en") -> str:
    """A VOI group: ``all drivers`` -> "All benefit drivers (together)"; others "NAME (together)"."""
    key = _GROUPS.get(name)
    return text(key, lang) if key else text("voi_group", lang, name=name)
