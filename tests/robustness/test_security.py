"""Security, statically: SQL is parameterised (no value is ever formatted into SQL text), and the
pipeline has no way to execute or evaluate input. The dynamic checks (no network, no writes outside
the warehouse folder, no reads through symlinks out of the landing dir, shell-looking and
SQL-looking file names loaded as data) run in test_bad_input.py; the threat model is docs/threat_model.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PIPELINE_DIRS = ("config", "transforms", "warehouse", "orchestration", "expectations")
SOURCES = sorted(p for d in PIPELINE_DIRS for p in (REPO / d).rglob("*.py"))
SQL_METHODS = {"execute", "executemany", "sql", "query"}


def _module_constants(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level `NAME = (<string literals>)`: tuples of table names a loop may iterate."""
    out: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            v = node.value
            if isinstance(v, (ast.Tuple, ast.List)) and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in v.elts):
                out[node.targets[0].id] = [e.value for e in v.elts]
    return out


def _literal_strings(node: ast.expr, module: dict[str, list[str]]) -> list[str] | None:
    """The strings a loop iterable stands for, when every element is a literal or a module constant; else None."""
    if isinstance(node, ast.Name):
        return module.get(node.id)
    if not isinstance(node, (ast.Tuple, ast.List)):
        return None
    out: list[str] = []
    for e in node.elts:
        if isinstance(e, ast.Constant) and isinstance(e.value, str):
            out.append(e.value)
        elif isinstance(e, ast.Starred) and isinstance(e.value, ast.Name) and e.value.id in module:
            out.extend(module[e.value.id])
        else:
            return None
    return out


def _loop_constants(tree: ast.Module) -> dict[str, set]:
    """Names bound by `for name in <string literals or module-level tuples of them>`: the only values allowed
    inside SQL f-strings."""
    module = _module_constants(tree)
    out: dict[str, set] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name):
            values = _literal_strings(node.iter, module)
            if values is not None:
                out.setdefault(node.target.id, set()).update(values)
    return out


def _sql_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_METHODS and node.args:
            yield node


def test_loop_constants_accept_literal_table_names_only():
    tree = ast.parse(
        'TABLES = ("a", "b")\n'
        'for t in (*TABLES, "c"):\n    pass\n'
        'for u in (*TABLES, user_value):\n    pass\n'
        'for v in TABLES:\n    pass\n'
        'for w in rows:\n    pass\n')
    assert _loop_constants(tree) == {"t": {"a", "b", "c"}, "v": {"a", "b"}}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_sql_is_parameterised(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = _loop_constants(tree)
    for call in _sql_calls(tree):
        sql = call.args[0]
        where = f"{path.relative_to(REPO)}:{call.lineno}"
        if isinstance(sql, ast.JoinedStr):
            for part in sql.values:
                if isinstance(part, ast.FormattedValue):
                    name = part.value.id if isinstance(part.value, ast.Name) else None
                    assert name in constants and all(v.isidentifier() for v in constants[name]), (
                        f"{where}: a value is formatted into SQL ({ast.unparse(part.value)}); use ? parameters")
        else:
            assert not isinstance(sql, ast.BinOp), f"{where}: SQL built by concatenation/% formatting"
            if isinstance(sql, ast.Call) and isinstance(sql.func, ast.Attribute):
                assert sql.func.attr not in ("format", "replace", "join"), f"{where}: SQL built with .{sql.func.attr}()"


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_ATTRS = {("os", "system"), ("os", "popen"), ("pickle", "load"), ("pickle", "loads"), ("marshal", "loads"),
                   ("yaml", "load"), ("yaml", "unsafe_load")}
FORBIDDEN_MODULES = {"subprocess", "pickle", "marshal", "shelve", "socket", "urllib.request", "http.client", "requests"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_pipeline_never_executes_or_fetches(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(REPO)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name):
                assert f.id not in FORBIDDEN_CALLS, f"{where}:{node.lineno}: {f.id}()"
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
                assert (f.value.id, f.attr) not in FORBIDDEN_ATTRS, f"{where}:{node.lineno}: {f.value.id}.{f.attr}()"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for n in names:
                assert n not in FORBIDDEN_MODULES, f"{where}:{node.lineno}: imports {n}"


def test_html_parser_is_selectolax_and_has_no_fetching_api():
    src = (REPO / "transforms" / "html.py").read_text(encoding="utf-8")
    assert "selectolax" in src
    for fetcher in ("urlopen", "requests", "httpx", "aiohttp", "urllib"):
        assert fetcher not in src
