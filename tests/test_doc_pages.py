"""The README and docs/ as checked text: links that resolve, commands that exist, a map
of every module, a README that stays short."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from simroi.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PAGES = [README, ROOT / "configs" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _script():
    path = ROOT / "scripts" / "architecture.py"
    spec = importlib.util.spec_from_file_location("architecture", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: its text, lowercased, punctuation dropped, spaces '-'."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link counts as its text
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of a page's headings, a repeated one numbered as GitHub does (-1, -2)."""
    seen: dict[str, int] = {}
    found = set()
    for line in FENCE.sub("", path.read_text(encoding="utf-8")).splitlines():
        if m := re.match(r"#{1,6} (.+?)#*\s*$", line):
            base = slug(m.group(1))
            found.add(f"{base}-{seen[base]}" if base in seen else base)
            seen[base] = seen.get(base, 0) + 1
    return found


def links(path: Path) -> list[str]:
    """The link targets of a page's text (code blocks and code spans are not links)."""
    text = CODE_SPAN.sub("", FENCE.sub("", path.read_text(encoding="utf-8")))
    return LINK.findall(text)


def test_slug_follows_githubs_rules():
    assert slug("Break-even and goal seek: what has to be true?") == (
        "break-even-and-goal-seek-what-has-to-be-true"
    )
    assert slug("6. `fit` for a scenario input") == "6-fit-for-a-scenario-input"
    assert slug("Workers (`bench/bench_workers.py`)") == "workers-benchbench_workerspy"
    assert slug("One value changed: `--set`") == "one-value-changed---set"
    assert slug("simroi --version") == "simroi---version"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_points_to_a_file_and_heading_that_exist(page):
    broken = []
    for target in links(page):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        dest = (page.parent / file).resolve() if file else page
        if not dest.is_relative_to(ROOT) or not dest.exists():
            broken.append(f"{target}: no such file in the repository")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target}: no heading with that anchor in {dest.name}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def _code(page: Path) -> list[str]:
    """The code of a page: its fenced blocks and its code spans."""
    text = page.read_text(encoding="utf-8")
    spans = [m.group(2) for m in CODE_SPAN.finditer(FENCE.sub("", text))]
    return [m.group(0) for m in FENCE.finditer(text)] + spans


def _command_lines(page: Path):
    """Each ``simroi COMMAND …`` written as code in a page, with what follows it."""
    for code in _code(page):
        code = re.sub(r"\\\n\s*", " ", code)  # shell continuation lines
        code = re.sub(r"\n\s+(?=\[)", " ", code)  # a synopsis wrapped over lines
        for line in code.splitlines():
            for m in re.finditer(r"\bsimroi ((?:--?)?[a-z][\w-]*)(.*)", line):
                rest = re.split(r"\s#\s|&&|;", m.group(2))[0]
                yield m.group(1), rest


def _options(command) -> set[str]:
    return {o for p in command.params for o in [*p.opts, *p.secondary_opts]} | {"-h", "--help"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_command_and_option_a_page_shows_exists(page):
    wrong = []
    for name, rest in _command_lines(page):
        if name.startswith("-"):
            if name not in ("--version", "-h", "--help"):
                wrong.append(f"simroi {name}")
            continue
        if name not in main.commands:
            wrong.append(f"simroi {name}: no such command")
            continue
        for option in re.findall(r"(?:^|[\s\[(])(--?[a-zA-Z][\w-]*)", rest):
            if option not in _options(main.commands[name]):
                wrong.append(f"simroi {name} {option}: no such option")
    assert not wrong, f"{page.relative_to(ROOT)}: " + "; ".join(sorted(set(wrong)))


def _top_level_names(path: Path) -> set[str]:
    """What a module defines at its top level (read with ast, not imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
            if "__all__" in {t.id for t in targets if isinstance(t, ast.Name)}:
                names |= set(ast.literal_eval(node.value))  # the lazy public API
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _resolves(dotted: str) -> bool:
    """``simroi.x.y.name``: the longest module prefix exists and defines the next name."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        base = ROOT.joinpath(*parts[:cut])
        module = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        if module.is_file():
            rest = parts[cut:]
            return not rest or rest[0] in _top_level_names(module)
    return False


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_file_and_python_name_a_page_cites_exists(page):
    """Paths (`tests/data/exports/deals.csv`, `report/i18n.py` under simroi/) and names
    (`simroi.data.fragment.fragment_yaml`) written as code: a module moved or renamed
    shows here."""
    stages = {p.name for p in (ROOT / "simroi").iterdir() if p.is_dir()}
    path = r"(?<![\w/.-])((?:simroi|tests|scripts|bench|configs|docs)/[\w./-]*[\w/])(?![<*\w])"
    missing = set()
    for code in _code(page):
        for cited in re.findall(path, code):
            if not (ROOT / cited).exists():
                missing.add(cited)
        whole = code.strip()
        if re.fullmatch(r"[\w/]+\.py", whole) and whole.split("/")[0] in stages:
            if not (ROOT / "simroi" / whole).is_file():
                missing.add(f"simroi/{whole}")
        for dotted in re.findall(r"(?<![\w/.])simroi(?:\.\w+)+", code):
            if not _resolves(dotted):
                missing.add(dotted)
    assert not missing, f"{page.relative_to(ROOT)} cites what does not exist: {sorted(missing)}"


def test_the_readmes_python_example_runs_as_printed(tmp_path, monkeypatch):
    block = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    shutil.copytree(ROOT / "configs", tmp_path / "configs")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["res"].summary()["iterations"] == 20000
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_readme_stays_a_front_page():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 250, f"README.md has {len(lines)} lines: move the detail to docs/"


def test_the_module_map_of_docs_architecture_md_is_current():
    arch = _script()
    old = arch.current(arch.DOC.read_text(encoding="utf-8"))
    new = arch.module_map().strip("\n")
    missing = sorted(arch.listed(new) - arch.listed(old))
    stale = sorted(arch.listed(old) - arch.listed(new))
    assert old == new, (
        f"docs/architecture.md's module map is out of date (not in the map: {missing}; "
        f"no such module: {stale}; or a docstring changed): "
        "regenerate it with python scripts/architecture.py"
    )


def test_the_module_map_lists_every_module():
    arch, files = _script(), sorted((ROOT / "simroi").rglob("*.py"))
    modules = {p.relative_to(ROOT).as_posix() for p in files if p.name != "__init__.py"}
    packages = {p.parent.relative_to(ROOT).as_posix() for p in files if p.name == "__init__.py"}
    text = arch.module_map()
    assert arch.listed(text) == modules
    assert set(re.findall(r"^### `(.+)/`$", text, re.M)) == packages
