"""The package's shape: layers that import only downwards, no import circle, small modules, one meaning per name.

Layers, lowest first: ``data`` -> ``stats`` -> ``tables`` -> ``charts`` -> ``report`` -> ``pipeline``.
Every import in ``analysis/`` is scanned, including imports inside functions.
"""

from __future__ import annotations

import ast
import functools
from collections import defaultdict
from pathlib import Path

import pytest

from analysis.data.paths import ROOT

PACKAGE = ROOT / "analysis"
LAYERS = ("data", "stats", "tables", "charts", "report", "pipeline")
MAX_LINES = 500
MAX_LITERAL_LINES = 40
#: Modules allowed to be longer than MAX_LINES: the statistics module (cohesive, one statistic per function).
LONG_MODULES = {"analysis.stats"}


@functools.cache
def _tree(path: Path) -> ast.Module:
    """Each file parsed once per test process."""
    return ast.parse(path.read_text(encoding="utf-8"))


def _modules(package: Path = PACKAGE) -> dict[str, Path]:
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # the package itself
    head = parts[1]
    return LAYERS.index(head) if head in LAYERS else None


def _imports(module: str, path: Path, modules: dict[str, Path] = MODULES) -> set[str]:
    """Every ``analysis`` module imported anywhere in the file (relative imports resolved)."""
    tree = _tree(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" if f"{target}.{a.name}" in modules else target for a in node.names]
        else:
            continue
        for name in names:
            if name == "analysis" or name.startswith("analysis."):
                # the longest known module the name refers to
                while name and name not in modules:
                    name = name.rsplit(".", 1)[0] if "." in name else ""
                if name and name != module:
                    found.add(name)
    return found


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}
#: The two modules that sit above the layers: the package (exports) and ``python -m analysis`` (the CLI).
TOP = {"analysis": {0, 1, 2}, "analysis.__main__": {5}}


def upward_imports(modules: dict[str, Path]) -> list[str]:
    """Every import that points up the layers, or that a module outside the layers makes or receives."""
    graph = {m: _imports(m, p, modules) for m, p in modules.items()}
    upward = []
    for module, targets in graph.items():
        own = _layer(module)
        for target in targets:
            theirs = _layer(target)
            if module in TOP:
                if theirs is None or theirs not in TOP[module]:
                    upward.append(f"{module} -> {target}")
                continue
            if own is None or theirs is None:
                # a module outside the declared layers is reported by test_every_module_sits_in_a_layer;
                # an import of or from it is never allowed, so it cannot carry an upward import through
                upward.append(f"{module} -> {target} (outside the layers {', '.join(LAYERS)})")
                continue
            if theirs > own:
                upward.append(f"{module} ({LAYERS[own]}) -> {target} ({LAYERS[theirs]})")
    return sorted(upward)


def unlayered(modules: dict[str, Path]) -> list[str]:
    """Modules under analysis/ that belong to no declared layer."""
    return sorted(m for m in modules if m not in TOP and _layer(m) is None)


def dynamic_imports(modules: dict[str, Path]) -> list[str]:
    """Calls to importlib.import_module or __import__: imports the layer scan cannot follow."""
    found = []
    for module, path in modules.items():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
                if name in ("import_module", "__import__"):
                    found.append(f"{module}:{node.lineno} {name}()")
            elif isinstance(node, ast.ImportFrom) and node.module == "importlib":
                if any(a.name == "import_module" for a in node.names):
                    found.append(f"{module}:{node.lineno} from importlib import import_module")
    return found


def test_every_import_points_down_the_layers():
    upward = upward_imports(MODULES)
    assert not upward, "imports pointing up the layers:\n" + "\n".join(upward)


def test_every_module_sits_in_a_layer():
    assert not unlayered(MODULES), f"modules outside the layers {LAYERS}: {unlayered(MODULES)}"


def test_no_dynamic_import():
    assert not dynamic_imports(MODULES), f"imports the layer test cannot follow: {dynamic_imports(MODULES)}"


def _write(root: Path, files: dict[str, str]) -> dict[str, Path]:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return _modules(root / "analysis")


def test_the_layer_test_catches_an_upward_import_through_an_unlayered_module(tmp_path):
    modules = _write(tmp_path, {
        "analysis/__init__.py": "", "analysis/data/__init__.py": "", "analysis/charts/__init__.py": "",
        "analysis/charts/chart.py": "X = 1\n",
        "analysis/helpers.py": "from analysis.charts import chart\n",
        "analysis/data/loader.py": "from analysis import helpers\n",
    })
    assert unlayered(modules) == ["analysis.helpers"]
    assert "analysis.data.loader -> analysis.helpers (outside the layers data, stats, tables, charts, report, " \
           "pipeline)" in upward_imports(modules)
    assert any(line.startswith("analysis.helpers -> analysis.charts.chart") for line in upward_imports(modules))


def test_the_layer_test_reports_dynamic_imports(tmp_path):
    modules = _write(tmp_path, {
        "analysis/__init__.py": "", "analysis/data/__init__.py": "",
        "analysis/data/a.py": "import importlib\nm = importlib.import_module('analysis.charts')\n",
        "analysis/data/b.py": "m = __import__('analysis.report')\n",
        "analysis/data/c.py": "from importlib import import_module\n",
    })
    assert dynamic_imports(modules) == ["analysis.data.a:2 import_module()", "analysis.data.b:1 __import__()",
                                        "analysis.data.c:1 from importlib import import_module"]


def test_no_import_circle():
    graph = {m: {t for t in ts if t not in ("analysis",)} for m, ts in GRAPH.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert not cycles, "import circles:\n" + "\n".join(cycles)


def test_the_layer_test_sees_imports_inside_functions():
    # pipeline.profiles imports report.force inside a function: the scan must find it.
    assert "analysis.report.force" in GRAPH["analysis.pipeline.profiles"]


def test_modules_are_short():
    long = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    over = {m: n for m, n in long.items() if n > MAX_LINES and m not in LONG_MODULES}
    assert not over, f"modules over {MAX_LINES} lines: {over}"


def test_no_long_python_literal():
    """Hand-kept tables belong in CSV files, not in Python literals."""
    found = []
    for module, path in MODULES.items():
        tree = _tree(path)
        exports = {id(n.value) for n in tree.body if isinstance(n, ast.Assign)
                   and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets)}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Dict, ast.List, ast.Tuple, ast.Set)) and id(node) not in exports:
                n = node.end_lineno - node.lineno + 1
                if n > MAX_LITERAL_LINES:
                    found.append(f"{module}:{node.lineno} ({n} lines)")
    assert not found, f"literals over {MAX_LITERAL_LINES} lines: {found}"


def _public_functions(path: Path) -> list[str]:
    tree = _tree(path)
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")]


def test_one_meaning_per_public_name():
    where = defaultdict(list)
    for module, path in MODULES.items():
        for name in _public_functions(path):
            where[name].append(module)
    dupes = {n: ms for n, ms in where.items() if len(ms) > 1}
    assert not dupes, f"public names defined in several modules: {dupes}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.endswith("__main__")))
def test_public_modules_declare_all(module):
    path = MODULES[module]
    tree = _tree(path)
    if path.name == "__init__.py" and module != "analysis":
        return  # layer packages hold only a docstring
    names = {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    assert "__all__" in names, f"{module} has no __all__"
    declared = next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets))
    defined = set(_public_functions(path)) | {
        t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
        for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
    imported = {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
    missing = [n for n in declared if n not in defined | imported]
    assert not missing, f"{module}.__all__ names what it does not define: {missing}"
    undeclared = [n for n in _public_functions(path) if n not in declared]
    assert not undeclared, f"{module} defines public names missing from __all__ (make them _private?): {undeclared}"
