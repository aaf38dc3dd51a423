"""The package layout as rules: imports flow down the stages, heavy libraries stay in rooms."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import simroi

PACKAGE = Path(simroi.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))

# The stages of the data flow, upstream first: a module may import its own stage and
# any stage above it, never one below (``simroi`` itself is the public API on top).
STAGES = ["errors", "sampling", "scenario", "simulation", "analysis", "report", "cli"]


def _stage(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "simroi" or len(parts) == 1 or parts[1] not in STAGES:
        return None  # the public API on top (simroi, simroi.__version__, __main__)
    return STAGES.index(parts[1])


def _imports(path: Path) -> set[str]:
    nodes = list(ast.walk(ast.parse(path.read_text(encoding="utf-8"))))
    names = {a.name for n in nodes if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in nodes if isinstance(n, ast.ImportFrom) and n.module}
    names |= {
        f"{n.module}.{a.name}"
        for n in nodes
        if isinstance(n, ast.ImportFrom) and n.module == "simroi"
        for a in n.names
    }
    return names


def _name(path: Path) -> str:
    return ".".join(("simroi", *path.relative_to(PACKAGE).with_suffix("").parts))


def test_every_module_sits_in_a_stage():
    for path in MODULES:
        name = _name(path)
        if name.count(".") == 1:  # top level: only the API, the entry point and errors
            assert name in ("simroi.__init__", "simroi.__main__", "simroi.errors"), name
        else:
            assert _stage(name) is not None, name


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _name(p))
def test_imports_flow_down_the_stages(path):
    own = _stage(_name(path))
    if own is None:
        return
    for imported in _imports(path):
        stage = _stage(imported) if imported.startswith("simroi.") else None
        if stage is not None:
            assert stage <= own, f"{_name(path)} imports {imported} from a later stage"


@pytest.mark.parametrize(
    "library, room",
    [("matplotlib", "simroi.report.plots"), ("click", "simroi.cli")],
)
def test_heavy_libraries_stay_in_their_rooms(library, room):
    importers = [_name(p) for p in MODULES if any(n.split(".")[0] == library for n in _imports(p))]
    assert importers and all(name.startswith(room + ".") for name in importers), importers


def test_no_module_holds_two_jobs():
    # A module past ~400 lines usually does two things: split it by job.
    sizes = {_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    assert max(sizes.values()) <= 420, {k: v for k, v in sizes.items() if v > 420}


def test_tests_mirror_the_package():
    tests = Path(__file__).parent
    for folder in (tests / stage for stage in STAGES[1:]):
        assert (PACKAGE / folder.name).is_dir() and folder.is_dir(), folder
