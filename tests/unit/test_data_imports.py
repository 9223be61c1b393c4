"""The data layer's import graph: no cycles, no ``import *``, and no module uses another
module's private names.

Built from the source with ``ast`` (nothing is imported), so a cycle that Python would resolve
at runtime (a late import inside a function, say) still fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(tree: ast.AST, modules: set[str]) -> list[tuple[str, str | None]]:
    """Every ``(module, name)`` an AST imports from ``modules`` (name None: a whole module)."""
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names if alias.name in modules]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if submodule in modules:
                    found.append((submodule, None))
                elif node.module in modules:
                    found.append((node.module, alias.name))
    return found


def data_graph(root: Path) -> tuple[dict[str, set[str]], list[str]]:
    """The import edges between modules under ``root``, and the private names imported across
    modules (as ``"importer: module._name"``)."""
    sources = {module_name(p, root): p for p in root.rglob("*.py") if "migrations" not in p.parts}
    modules = set(sources)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    private: list[str] = []
    for name, path in sources.items():
        for target, imported in imports_of(ast.parse(path.read_text()), modules):
            if target != name:
                graph[name].add(target)
            if imported is not None and imported.startswith("_") and not imported.startswith("__"):
                private.append(f"{name}: {target}.{imported}")
    return graph, private


def star_imports(root: Path) -> list[str]:
    """Modules under ``root`` that use ``from … import *``."""
    return sorted(
        module_name(path, root)
        for path in root.rglob("*.py")
        if any(
            isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)
            for node in ast.walk(ast.parse(path.read_text()))
        )
    )


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path of module names (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


def test_data_has_no_import_cycle():
    graph, _ = data_graph(DATA)
    assert "data.db_service.chats" in graph  # the walk found the package's modules
    assert find_cycle(graph) is None


def test_no_data_module_imports_another_modules_private_names():
    _, private = data_graph(DATA)
    assert private == []


def test_no_data_module_imports_star():
    assert star_imports(DATA) == []


def test_the_checks_catch_a_cycle_a_private_import_and_a_star(tmp_path):
    pkg = tmp_path / "data"
    (pkg / "db_service").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "db_service" / "__init__.py").write_text("from data.db_service.a import f\n")
    (pkg / "db_service" / "a.py").write_text("def f():\n    from data.db_service import b\n")
    (pkg / "db_service" / "b.py").write_text("from data.db_service.a import _g\n")
    (pkg / "db_service" / "c.py").write_text("from data.db_service.a import *\n")
    graph, private = data_graph(pkg)
    assert find_cycle(graph) == ["data.db_service.a", "data.db_service.b", "data.db_service.a"]
    assert private == ["data.db_service.b: data.db_service.a._g"]
    assert star_imports(pkg) == ["data.db_service.c"]
