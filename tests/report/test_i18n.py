"""Words and amounts in English and Chinese; Unicode folder names."""

import pytest

from simroi.errors import SimroiError
from simroi.report.text import i18n
from simroi.report.text.money import amount, amount_to_error, compact
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


def test_an_amount_rounded_to_its_error_then_written_compactly():
    # 74,612 with a standard error of 300 is 74,600 (to the hundred): 7.46 万元 / 74.6k USD
    assert amount_to_error(74_612, 300, "zh", "CNY") == "7.46 万元"
    assert amount_to_error(74_612, 300, "en", "USD") == "74.6k USD"
    assert amount_to_error(74_612, None, "en", "USD") == "74.6k USD"
    assert amount_to_error(float("nan"), 300, "en", "USD") == "–"


def test_compact_writes_each_unit_the_one_way():
    assert compact(4.0, "percent") == "400 %"
    assert compact(74_600, "money", "zh", "CNY") == "7.46 万元"
    assert compact(74_600, "money", "en", "CNY") == amount(74_600, "en", "CNY") == "74.6k CNY"
    assert compact(1234.5, "count") == "1,234"


def test_months_in_words():
    assert i18n.months_text(1) == "1 month" and i18n.months_text(12) == "12 months"
    assert i18n.months_text(12, "zh") == "12 个月"
    assert i18n.months_text(None) == "beyond the horizon"


def test_every_key_is_worded_in_one_part_of_the_catalogue_only():
    from simroi.report.text import i18n

    parts = [i18n.OWN, *(p.MESSAGES.keys() for p in i18n.PARTS)]
    seen: dict[str, int] = {}
    for keys in parts:
        for key in keys:
            seen[key] = seen.get(key, 0) + 1
    assert [k for k, n in seen.items() if n > 1] == []
