"""The layout holds (issue #19): config/ alone reads the environment, no import cycle, no backend branch
outside warehouse/, no Dagster below orchestration/, and every asset is a call of one pipeline step."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CODE_DIRS = ("config", "transforms", "warehouse", "orchestration", "expectations", "pipeline")


def _sources():
    return sorted(p for d in CODE_DIRS for p in (REPO / d).rglob("*.py"))


def test_only_the_config_module_reads_the_environment():
    readers = []
    for path in _sources():
        if path.parts[-2] == "config":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os" \
                    and node.attr in ("environ", "getenv", "putenv"):
                readers.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert readers == []


def _module_imports() -> dict[str, set[str]]:
    """Module → the project modules it imports (at any depth of the file: lazy imports count too)."""
    names = {".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__"): p for p in _sources()}
    graph: dict[str, set[str]] = {}
    for mod, path in names.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                # `from pkg import sub` depends on the submodule; on the package only for its own names
                subs = [f"{node.module}.{a.name}" for a in node.names]
                targets = [t for t in subs if t in names] or [node.module or ""]
            else:
                continue
            deps |= {t for t in targets if t in names and t != mod}
        graph[mod] = deps
    return graph


def test_no_import_cycles():
    graph = _module_imports()
    state: dict[str, int] = {}
    cycles = []

    def visit(m, stack):
        state[m] = 1
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d, stack + [d])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def _trees(*dirs: str):
    for path in sorted(p for d in dirs for p in (REPO / d).rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


_LAKE_TYPES = {"Lake", "LakeWarehouse", "FileWarehouse"}


def _backend_branches(tree: ast.AST, where: str) -> list[str]:
    """Places in `tree` that ask which backend they have: a comparison with a backend's name, an
    isinstance on a backend type, an import of a backend's own module."""
    found = []
    for node in ast.walk(tree):
        at = f"{where}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Compare) and any(isinstance(c, ast.Constant) and c.value in ("duckdb", "ducklake")
                                                 for c in [node.left, *node.comparators]):
            found.append(at + " compares with a backend name")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance" \
                and any(isinstance(n, ast.Name) and n.id in _LAKE_TYPES for n in ast.walk(node.args[1])):
            found.append(at + " tests a backend type")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            names = {a.name for a in node.names} if isinstance(node, ast.ImportFrom) else set()
            if any(m in ("warehouse.lake", "warehouse.workspace") for m in mods) \
                    or (mods == ["warehouse"] and {"lake", "workspace"} & names):
                found.append(at + " imports a backend's own module (use warehouse.backend)")
    return found


def test_no_backend_branch_outside_the_warehouse_package():
    """Nothing outside warehouse/ (and config/, which validates the setting) asks which backend it has."""
    branches = [b for path, tree in _trees(*(d for d in CODE_DIRS if d not in ("warehouse", "config")))
                for b in _backend_branches(tree, str(path.relative_to(REPO)))]
    assert branches == []


def test_a_backend_branch_is_caught():
    """The scan is not blind: each shape it looks for is found in code written to have it."""
    code = ('if settings.backend == "ducklake":\n    pass\n'
            'if isinstance(target, (Path, Lake)):\n    pass\n'
            'from warehouse import workspace\n'
            'import warehouse.lake\n')
    assert sorted(_backend_branches(ast.parse(code), "x.py")) == [
        "x.py:1 compares with a backend name", "x.py:3 tests a backend type",
        "x.py:5 imports a backend's own module (use warehouse.backend)",
        "x.py:6 imports a backend's own module (use warehouse.backend)"]


def test_dagster_only_in_orchestration():
    """transforms/, pipeline/, warehouse/ and expectations/ run without Dagster (tests and benchmarks call them directly)."""
    users = []
    for path, tree in _trees("transforms", "pipeline", "warehouse", "expectations", "config"):
        for node in ast.walk(tree):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(m == "dagster" or m.startswith(("dagster.", "dagster_")) for m in mods):
                users.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert users == []


def test_every_asset_and_check_calls_one_step():
    """Each Dagster asset and check body is thin: it calls exactly one function of pipeline/steps.py."""
    from pipeline import steps

    step_names = {"ingest", "clean", "dedup", "extract", "load", "validate", "publish"}
    assert step_names <= set(dir(steps))
    called: dict[str, list[str]] = {}
    for path, tree in _trees("orchestration/defs"):
        for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
            decorators = {ast.unparse(d).split("(")[0] for d in fn.decorator_list}
            if decorators & {"dg.asset", "dg.multi_asset_check"}:
                called[fn.name] = [c.func.attr for c in ast.walk(fn) if isinstance(c, ast.Call)
                                   and isinstance(c.func, ast.Attribute) and ast.unparse(c.func.value) == "steps"]
                assert len(fn.body) <= 6, f"{fn.name} is {len(fn.body)} statements: logic belongs in pipeline/steps.py"
    assert {k: v for k, v in called.items()} == {
        "raw_files": ["ingest"], "speeches": ["clean"], "canonical_speeches": ["dedup"], "statements": ["extract"],
        "staged_warehouse": ["load"], "published_warehouse": ["publish"], "staged_warehouse_checks": ["validate"],
    }
