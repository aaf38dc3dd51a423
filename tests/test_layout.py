"""The package layout as rules: imports flow down the stages; heavy libraries stay in rooms."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import simroi

PACKAGE = Path(simroi.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))

# The stages of the data flow, upstream first: a module may import its own stage and
# any stage above it, never one below (``simroi`` itself is the public API on top).
STAGES = [
    "errors",
    "sampling",
    "scenario",
    "simulation",
    "analysis",
    "data",
    "runs",
    "report",
    "cli",
]


def _stage(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "simroi" or len(parts) == 1 or parts[1] not in STAGES:
        return None  # the public API on top (simroi, simroi.__version__, __main__)
    return STAGES.index(parts[1])


# The one declared upward edge: Results and Comparison reach their notebook views by name
# (simroi.simulation.results.notebook_views); every other import, string or not, flows down.
DECLARED_UPWARD = {("simroi.simulation.results", "simroi.report.notebook")}


def _string_module(node: ast.AST) -> str | None:
    """The module a string names, ``"simroi.report.notebook"`` or ``f"simroi.cli.{x}"``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif (
        isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant)
    ):
        text = str(node.values[0].value).rstrip(".")  # the literal head of an f-string
    else:
        return None
    parts = text.split(".")
    if parts[0] != "simroi" or not all(p.isidentifier() for p in parts):
        return None
    return text


def _imports(path: Path, *, runtime: bool = False) -> set[str]:
    """Every module `path` imports: statements anywhere (inside functions too) and module
    names written as strings (``importlib.import_module("simroi...")``, lazy tables).

    With ``runtime``, imports under ``if TYPE_CHECKING:`` are left out (they never run).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    if runtime:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skip |= {id(n) for n in ast.walk(node)}
    nodes = [n for n in ast.walk(tree) if id(n) not in skip]
    names = {a.name for n in nodes if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in nodes if isinstance(n, ast.ImportFrom) and n.module}
    names |= {
        f"{n.module}.{a.name}"
        for n in nodes
        if isinstance(n, ast.ImportFrom) and n.module == "simroi"
        for a in n.names
    }
    names |= {m for n in nodes if (m := _string_module(n)) is not None}
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
        if stage is not None and (_name(path), imported) not in DECLARED_UPWARD:
            assert stage <= own, f"{_name(path)} imports {imported} from a later stage"


def test_the_declared_upward_edge_is_still_needed():
    # An allowance nobody uses any more is a hole waiting for a new import: remove it.
    for module, imported in DECLARED_UPWARD:
        path = PACKAGE.joinpath(*module.split(".")[1:]).with_suffix(".py")
        assert imported in _imports(path), (module, imported)


def _graph() -> dict[str, set[str]]:
    """simroi module -> the simroi modules it imports when it runs (packages as __init__).

    The declared upward edge is left out (it is the one way back, by design), and so is
    the public API on top (``simroi``): it names every module lazily (PEP 562)
    and is imported by them only for ``__version__``.
    """
    names = {_name(p).removesuffix(".__init__"): p for p in MODULES}
    names.pop("simroi")
    return {
        m: {i for i in _imports(p, runtime=True) if i in names and (m, i) not in DECLARED_UPWARD}
        for m, p in names.items()
    }


def test_no_import_cycles():
    # Tarjan's strongly connected components: any with two or more modules is a cycle.
    graph, index, low, stack, on, cycles = _graph(), {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while (w := stack.pop()) != v:
                on.discard(w)
                component.append(w)
            on.discard(v)
            if component:
                cycles.append(sorted([v, *component]))

    for v in graph:
        if v not in index:
            visit(v)
    assert not cycles, cycles


def test_the_string_import_check_sees_what_it_must():
    tree = ast.parse('import_module("simroi.report.notebook"); import_module(f"simroi.cli.{x}")')
    found = {m for n in ast.walk(tree) if (m := _string_module(n))}
    assert found == {"simroi.report.notebook", "simroi.cli"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _name(p))
def test_no_assert_in_the_package(path):
    # Input is checked with errors that name it; an assert vanishes under python -O.
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assert)]


@pytest.mark.parametrize(
    "library, room",
    [("matplotlib", "simroi.report.plots"), ("click", "simroi.cli")],
)
def test_heavy_libraries_stay_in_their_rooms(library, room):
    importers = [_name(p) for p in MODULES if any(n.split(".")[0] == library for n in _imports(p))]
    assert importers and all(name.startswith(room + ".") for name in importers), importers


def test_the_run_folder_owns_no_presentation():
    # runs/ is storage: what a folder holds, written and read back. It never draws,
    # formats or prompts, so it imports neither the report stage nor click.
    for path in MODULES:
        if _name(path).startswith("simroi.runs."):
            found = {n for n in _imports(path) if n.split(".")[0] == "click"}
            found |= {n for n in _imports(path) if n.startswith("simroi.report")}
            assert not found, (_name(path), found)


# A run folder's file name, as code would spell it: "summary.json", "tornado.png".
RUN_FILE = re.compile(r"[\w-]+\.(json|parquet|png|csv|html|xlsx|pdf)")


def _names_in_code(source: str) -> list[tuple[int, str]]:
    """The string constants of a module's source that are file names, besides docstrings
    (words about a file, as in a sentence, are not its name) and Jinja template names."""
    tree = ast.parse(source)
    skip = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))  # a docstring (or a bare string statement)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get_template":
            skip |= {id(a) for a in node.args}
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
        if RUN_FILE.fullmatch(n.value)
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _name(p))
def test_only_runs_spells_the_files_of_a_run_folder(path):
    # simroi.runs.layout is the one table of a folder's files: a name spelled
    # anywhere else drifts from it (the publish-last list once lacked four results).
    if not _name(path).startswith("simroi.runs."):
        assert not _names_in_code(path.read_text(encoding="utf-8"))


def test_the_file_name_check_sees_what_it_must():
    source = '''"""Writes summary.json."""
def f():
    """Draws tornado.png."""
    env.get_template("report.html")
    return "samples.parquet", f"in {x}.json", "see run.json"
'''
    assert _names_in_code(source) == [(5, "samples.parquet")]


def test_no_module_holds_two_jobs():
    # A module past ~400 lines usually does two things: split it by job.
    sizes = {_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    assert max(sizes.values()) <= 420, {k: v for k, v in sizes.items() if v > 420}


def test_tests_mirror_the_package():
    tests = Path(__file__).parent
    for folder in (tests / stage for stage in STAGES[1:]):
        assert (PACKAGE / folder.name).is_dir() and folder.is_dir(), folder
