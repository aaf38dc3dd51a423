"""simroi sweep's and batch's view: one row per variant."""

from test_view_run import full, render

from simroi.report.views.sweep import table


def test_a_sweep_of_files_whose_payback_months_leave_out_the_horizon():
    """batch smb.yaml tei.yaml raised KeyError '36': tei's payback_months stop at 24."""
    s = full()
    s["payback"] = {"prob_within_months": {"24": 0.7}, "p50_months": 12, "prob_never": 0.25}
    data = dict.fromkeys(("scenario", "currency", "iterations", "sampler")) | {"seed": 1}
    data |= {"variants": [{"name": "tei.yaml", "overrides": {}, "summary": s}], "varied": []}
    text = render(table(data), width=200)
    assert "P(payback≤36)" in text and "75.0 %" in text  # 1 - P(never)


def _variant(name, overrides, *, horizon=36, currency="USD", within=None):
    s = full()
    s.update(horizon_months=horizon, currency=currency)
    s["payback"] = {"prob_within_months": within or {str(horizon): 0.9}, "p50_months": 12,
                    "prob_never": 0.1}  # fmt: skip
    return {"name": name, "overrides": overrides, "summary": s}


def _sweep(variants, varied, scenario="smb"):
    data = dict.fromkeys(("currency", "iterations", "sampler")) | {"seed": 1}
    return data | {"scenario": scenario, "variants": variants, "varied": varied}


def test_at_80_columns_the_varied_columns_are_whole():
    """Walk-through 9a6e7d2 §3: at 80 columns the seats column was squeezed to nothing."""
    varied = ["costs.seats", "costs.price_per_seat_month"]
    data = _sweep([_variant(f"v{i}", {varied[0]: s, varied[1]: p})
                   for i, (s, p) in enumerate([(10, 100), (20, 100), (10, 250), (40, 250)])],
                  varied)  # fmt: skip
    text = render(table(data), width=80)
    assert all(len(line) <= 80 for line in text.splitlines())
    head = next(line for line in text.splitlines() if "seats" in line)
    assert "price_per_seat_month" in head
    rows = [line.split("│") for line in text.splitlines() if line.count("│") >= 2]
    assert [(r[0].strip(), r[1].strip()) for r in rows] == [
        ("10", "100 USD"), ("20", "100 USD"), ("10", "250 USD"), ("40", "250 USD")]  # fmt: skip
    assert "not shown at this width" in text


def test_at_80_columns_a_batch_keeps_its_file_column_and_each_rows_own_payback():
    """Walk-through §1: the 60-month file's P(payback ≤ 36) was its P(payback ≤ 60)."""
    data = _sweep([_variant("configs/smb.yaml", {}, within={"36": 0.99}),
                   _variant("configs/manufacturer.yaml", {}, horizon=60, currency="EUR",
                            within={"36": 0.323, "60": 0.845})], [], scenario=None)  # fmt: skip
    text = render(table(data), width=80)
    lines = [line for line in text.splitlines() if "yaml" in line]
    assert lines[0].lstrip().startswith("smb.yaml") and "manufacturer.yaml" in lines[1]
    assert "EUR" in lines[1] and "60" in lines[1] and "32.3 %" in lines[1]
    assert "84.5 %" not in text and "money in" not in text


def test_a_sweep_whose_variants_all_pay_back_says_so_once():
    from types import SimpleNamespace

    from simroi.report.views.sweep import sections

    data = _sweep([_variant(f"v{i}", {"costs.seats": s}) for i, s in enumerate((10, 20))],
                  ["costs.seats"])  # fmt: skip
    for v in data["variants"]:
        v["summary"]["prob_roi_positive"] = 1.0
    said = sections(SimpleNamespace(result=data, kind="sweep", manifest=None), "en")[0].sentences
    assert said[-1] == "The chance that the CRM pays back its cost is > 99.99 % for every variant."


def test_in_chinese_at_80_columns_the_labels_lead_and_the_notes_are_chinese():
    from rich.cells import cell_len

    varied = ["costs.seats", "costs.price_per_seat_month"]
    data = _sweep([_variant(f"v{i}", {varied[0]: s, varied[1]: p})
                   for i, (s, p) in enumerate([(10, 100), (40, 250)])], varied)  # fmt: skip
    text = render(table(data, "zh"), width=80)
    assert all(cell_len(line) <= 80 for line in text.splitlines())
    assert "2 个变体" in text and "此宽度下未显示" in text and "金额单位 美元" in text
    head = next(line for line in text.splitlines() if "┃" in line)
    assert "seats" not in head and "variants" not in text
