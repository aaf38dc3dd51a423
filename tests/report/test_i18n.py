"""Words and amounts in English and Chinese; Unicode folder names."""

import pytest

from simroi.errors import SimroiError
from simroi.report import i18n
from simroi.report.money import amount
from simroi.runs.rundir import slugify


@pytest.mark.parametrize(
    ("x", "lang", "currency", "expected"),
    [
        (74_600, "zh", "CNY", "7.46 万元"),
        (1_330_000, "zh", "CNY", "133 万元"),
        (133_000_000, "zh", "CNY", "1.33 亿元"),
        (5_000, "zh", "CNY", "5,000 元"),
        (-74_600, "zh", "元", "-7.46 万元"),
        (9_999.6, "zh", "CNY", "1 万元"),  # rounds to 10,000 first: one 万, not 10,000
        (74_600, "zh", "USD", "7.46 万美元"),
        (74_600, "zh", "SEK", "7.46 万 SEK"),
        (74_600, "en", "CNY", "74.6k CNY"),
        (1_330_000, "en", "USD", "1.33M USD"),
        (None, "zh", "CNY", "–"),
    ],
)
def test_amounts_in_wan_and_yi_for_chinese_and_k_m_for_english(x, lang, currency, expected):
    assert amount(x, lang, currency) == expected


def test_every_message_has_both_languages_and_the_same_fields():
    import string

    for key, (en, zh) in i18n.MESSAGES.items():
        assert en and zh, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (en, zh)]
        assert fields[1] <= fields[0], key  # English may need more ("a"/"an")


def test_chinese_messages_hold_no_english_words():
    import re

    for key, (_, zh) in i18n.MESSAGES.items():
        # allowed Latin: metric abbreviations, P10-style names, the command and field names
        words = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}|`[^`]*`", "", zh)))
        assert words <= {
            "ROI",
            "NPV",
            "IRR",
            "CRM",
            "PERT",
            "SHA",
            "UTC",
            "simroi",
            "Spearman",
            "Sobol",
        }, (
            key,
            words,
        )


def test_english_article_before_numbers():
    assert [
        i18n.article(t) for t in ("84.0 %", "8 %", "11 %", "18.5 %", "74 %", "1 %", "110 %")
    ] == ["an", "an", "an", "an", "a", "a", "a"]


def test_input_labels_are_human_with_readable_defaults():
    assert i18n.input_label("drivers.churn_reduction") == "Churn reduction"
    assert i18n.input_label("drivers.churn_reduction", "zh") == "流失率下降幅度"
    assert i18n.input_label("costs.one_time.implementation") == "One-time cost: implementation"
    assert i18n.input_label("risks.adoption stalls") == "Risk event: adoption stalls"
    assert i18n.input_label("risks.推广停滞", "zh") == "风险事件：推广停滞"
    assert i18n.input_label("drivers.new_thing") == "New thing"
    assert i18n.input_label("drivers.x", labels={"drivers.x": "My X"}) == "My X"
    assert i18n.input_unit("drivers.churn_reduction") == "percent"
    assert i18n.input_unit("costs.one_time.implementation") == "money"


def test_language_comes_from_the_option_then_the_scenario_then_english():
    assert i18n.resolve_language(None, None) == "en"
    assert i18n.resolve_language(None, "zh") == "zh"
    assert i18n.resolve_language("en", "zh") == "en"
    with pytest.raises(SimroiError, match="language 'fr'"):
        i18n.resolve_language("fr")


def test_two_chinese_scenarios_get_two_folders():
    a, b = slugify("某贸易公司客户管理系统"), slugify("某制造企业销售管理")
    assert a == "某贸易公司客户管理系统" and b == "某制造企业销售管理"
    assert slugify("中小企业 CRM 项目（Excel 升级到 CRM）") == "中小企业-crm-项目-excel-升级到-crm"
    assert slugify("Ørsted straße") == "ørsted-strasse"
    assert "/" not in slugify("a/b\\c") and slugify("a/b\\c") == "a-b-c"
