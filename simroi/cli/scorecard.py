"""simroi scorecard."""

from __future__ import annotations

from pathlib import Path

import click
from ruamel.yaml import YAML, YAMLError

from simroi.cli.options import RunOptions, folder_options, set_option
from simroi.cli.pipeline import Done, check, load, simulate
from simroi.errors import ConfigError

_KEYS = ("results", "ratings", "weights")


def _card(path: Path | None) -> dict:
    if path is None:
        return {}
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as e:
        raise ConfigError(f"{path}: cannot read the scorecard ({e})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping with {', '.join(_KEYS)}, got {data!r}")
    unknown = [k for k in data if k not in _KEYS]
    bad = [k for k in _KEYS if k in data and not isinstance(data[k], dict)]
    if unknown or bad:
        raise ConfigError(
            [f"{k}: unknown section (known: {', '.join(_KEYS)})" for k in unknown]
            + [f"{k}: must be a mapping, got {data[k]!r}" for k in bad],
            source=str(path),
        )
    return data


@click.command("scorecard")
@click.argument("card", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Scenario: the probability of each band before go-live.",
)
@click.option("-n", "--iterations", type=click.IntRange(min=1), help="With --config.")
@click.option("--seed", type=click.IntRange(min=0), help="With --config.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON only.")
@set_option
@folder_options("scorecard")
def scorecard_command(card, config, iterations, seed, as_json, sets, output_dir, force, no_plots,
                      report_formats, lang):  # fmt: skip
    """Score an implementation 0-100 from CARD (results, ratings, weights), in five bands.

    With --config, the forecast: each band's probability under the scenario's simulation.
    With --output-dir or --report also writes a folder (scorecard.json, with --config
    scorecard_bands.png, run.json and the reports).

    Example: simroi scorecard card.yaml --config configs/smb.yaml
    """
    from simroi.data.bands import forecast_bands
    from simroi.data.scorecard import scorecard
    from simroi.runs.manifest import Settings

    if card is None and config is None:
        raise ConfigError("scorecard: give a CARD file, --config SCENARIO, or both")
    if sets and config is None:
        raise ConfigError("--set: changes the scenario of --config; give --config SCENARIO")
    opts = RunOptions(
        seed=seed, output_dir=output_dir, force=force, as_json=as_json, no_plots=no_plots,
        sets=sets, report_formats=report_formats, lang=lang,
    )  # fmt: skip
    check(opts)
    scn = None if config is None else load(config, opts)
    data = _card(card)
    source = str(card) if card else None
    out: dict = {}
    if card is not None:
        try:
            out["scorecard"] = scorecard(
                results=data.get("results"), ratings=data.get("ratings"),
                weights=data.get("weights"),
            ).to_dict()  # fmt: skip
        except ConfigError as e:
            raise ConfigError(e.errors, source=source) from None

    def compute(work):
        if config is None:
            return Done(out, settings=Settings(seed))
        targets = {
            k: v["target"]
            for k, v in (data.get("results") or {}).items()
            if isinstance(v, dict) and "target" in v
        }
        f = out["forecast"] = forecast_bands(
            scn, targets=targets, ratings=data.get("ratings"), weights=data.get("weights"),
            iterations=iterations, seed=seed,
        )  # fmt: skip
        return Done(out, settings=Settings(seed if seed is not None else scn.seed, f["seed"],
                                           None, f["iterations"]))  # fmt: skip

    name = card.stem if card is not None else None
    files = [("card", card)] if card is not None else []
    simulate("scorecard", scn, opts, compute, backend=False, name=name, data=files)
