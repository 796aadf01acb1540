"""Mistakes a merge makes silently, caught by reading the code itself."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "song_automations").rglob("*.py"), *(ROOT / "benchmarks").glob("*.py"),
                  *(ROOT / "notebooks").glob("*.py")])


def _redefined(path: Path) -> list[str]:
    """Names a module (or a class in it) defines twice: the later one silently wins."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef))]:
        names = Counter(n.name for n in scope.body
                        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                        and not any(isinstance(d, ast.Attribute) and d.attr in {"setter", "deleter", "register"}
                                    or isinstance(d, ast.Name) and d.id in {"overload", "app"}
                                    or isinstance(d, ast.Attribute) and d.attr == "cell"
                                    for d in n.decorator_list))
        found += [f"{path.relative_to(ROOT)}: {name}" for name, n in names.items() if n > 1]
    return found


def test_no_function_or_class_is_defined_twice_in_one_scope():
    # A second ``def _formats`` once replaced the first after a merge: the matcher then
    # read a release's formats as the characters of one string.
    assert [dup for path in SOURCES for dup in _redefined(path)] == []
