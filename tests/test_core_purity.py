"""The core is pure: it imports no edge (cli, io, render, report, data, world), never reads the clock, forks, makes
folders or opens files; what it needs from the world comes from suppliers the edges register (minestd.resources)."""
from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "minestd"
EDGES = ("cli", "io", "render", "report", "data", "world", "schemas", "__main__")
#: calls that reach the outside world: the clock, processes, folders, files, the terminal
WORLD_CALLS = {"today", "now", "utcnow", "fork", "makedirs", "mkdir", "open", "print", "read_text", "write_text",
               "read_bytes", "write_bytes", "system", "Popen", "run"}


def _core_modules() -> list[Path]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] not in EDGES and parts != ("__init__",):
            out.append(path)
    return out


def _imported(path: Path, tree: ast.AST) -> set[str]:
    """Absolute names of the minestd modules ``path`` imports (anywhere in it, lazily or not)."""
    package = ["minestd", *path.relative_to(PACKAGE).parent.parts]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.startswith("minestd")}


def test_the_core_is_found():
    names = {p.relative_to(PACKAGE).as_posix() for p in _core_modules()}
    assert {"coverage/analysis.py", "validate/pool.py", "classify/__init__.py", "integrity.py",
            "resources.py"} <= names
    assert not any(n.startswith(("cli/", "io/", "report/", "render/")) for n in names)


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_a_core_module_imports_no_edge_and_calls_no_world(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    edges = {f"minestd.{edge}" for edge in EDGES}
    bad = sorted(n for n in _imported(path, tree) if n in edges or n.startswith(tuple(e + "." for e in edges)))
    assert not bad, f"{path.name} imports edges: {bad}"
    calls = sorted({node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                    for node in ast.walk(tree) if isinstance(node, ast.Call)
                    and isinstance(node.func, (ast.Attribute, ast.Name))} & WORLD_CALLS)
    assert not calls, f"{path.name} calls {calls}"


def test_the_clock_is_supplied(monkeypatch, tx):
    from minestd import resources
    from minestd.coverage import analyse
    from minestd.entry import Entry
    from minestd.validate import validate

    monkeypatch.setitem(resources.SUPPLIERS, "today", lambda: dt.date(2031, 5, 1))
    entry = Entry(row=2, designation="AQ 1029-2019", title="煤矿安全监控系统及检测仪器使用管理规范", status="现行")
    assert analyse(tx, [entry]).summary.today == dt.date(2031, 5, 1)
    by_rule = validate([entry], tx).by_rule()
    assert by_rule == validate([entry], tx, today=dt.date(2031, 5, 1)).by_rule()
    assert by_rule != validate([entry], tx, today=dt.date(2020, 5, 1)).by_rule()   # the review rule saw 2031


def test_models_and_the_taxonomy_are_supplied(monkeypatch, tx):
    from minestd import classify, resources

    asked = []

    def model(t):
        asked.append(t)
        raise FileNotFoundError("kept elsewhere")

    monkeypatch.setitem(resources.SUPPLIERS, "model:hybrid", model)
    with pytest.raises(FileNotFoundError, match="kept elsewhere"):
        classify.get_classifier("hybrid", tx, model=None)
    assert asked == [tx]
    monkeypatch.setitem(resources.SUPPLIERS, "taxonomy", lambda: tx)
    assert classify.get_classifier("lexical").tx is tx


def test_a_missing_supplier_is_named(monkeypatch):
    from minestd import resources

    monkeypatch.delitem(resources.SUPPLIERS, "today")
    with pytest.raises(LookupError, match="nothing supplies 'today'"):
        resources.supplied("today")
    with pytest.raises(TypeError):
        resources.supply("today", 42)
    resources.supply("today", "minestd.world:no_such_clock")
    with pytest.raises(LookupError, match="the supplier of 'today', 'minestd.world:no_such_clock', cannot be loaded"):
        resources.supplied("today")
    resources.supply("today", "minestd.world:__doc__")
    with pytest.raises(LookupError, match="is not callable"):
        resources.supplied("today")
