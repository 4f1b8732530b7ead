"""Years are data: no year is typed in ``analysis/`` code, docstrings aside (issue 17).

A *year literal* is a string or number constant in code (not a docstring) holding a year: a financial year
(``2024/25``, ``2024-25``, ``2024_25``), a calendar year (``2021``, ``mid-2024``) or a date.  Names of registered
datasets, raw files, topics and sources (``iopc_2024_25_reviews``) are keys to the data, not years typed as values, and
are allowed.  Modules still being converted are listed with their count in ``year_literals_pending.csv``
beside this test: the count may only fall, and a module whose count reaches zero must leave the list.
"""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest

from analysis.data.paths import ROOT
from analysis.data.registers import DATASETS, REFERENCE_FILES, read_topics
from analysis.data.sources import load_sources

PACKAGE = ROOT / "analysis"
PENDING = Path(__file__).with_name("year_literals_pending.csv")
YEAR = re.compile(r"(?<![\dA-Za-z])(?:19|20)\d\d(?!\d)")


def _keys() -> set[str]:
    names = {d.name for d in DATASETS} | {d.file for d in DATASETS} | set(REFERENCE_FILES)
    names |= {Path(f).stem for f in REFERENCE_FILES} | {t["key"] for t in read_topics()}
    return names | set(load_sources().source_id)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def year_literals(path: Path, keys: set[str]) -> list[tuple[int, str]]:
    """(line, literal) of every year typed in ``path``'s code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in docs:
            continue
        value = node.value
        if isinstance(value, str) and value not in keys and YEAR.search(value):
            out.append((node.lineno, value))
        elif isinstance(value, int) and not isinstance(value, bool) and 1990 <= value <= 2099:
            out.append((node.lineno, repr(value)))
    return out


def _pending() -> dict[str, int]:
    with PENDING.open(encoding="utf-8", newline="") as handle:
        return {row["module"]: int(row["year_literals"]) for row in csv.DictReader(handle)}


def _found() -> dict[str, list[tuple[int, str]]]:
    keys = _keys()
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        hits = year_literals(path, keys)
        if hits:
            found[path.relative_to(ROOT).as_posix()] = hits
    return found


def test_no_year_literal_in_analysis_code_outside_the_pending_list():
    pending = _pending()
    found = _found()
    new = {m: hits for m, hits in found.items() if m not in pending}
    assert not new, "years typed in code (read them from the data or a register):\n" + "\n".join(
        f"{m}:{line}: {text!r}" for m, hits in new.items() for line, text in hits)


def test_the_pending_list_only_shrinks():
    found = _found()
    for module, allowed in _pending().items():
        count = len(found.get(module, []))
        assert count <= allowed, f"{module}: {count} year literals, more than the {allowed} pending"
        assert count == allowed, f"{module}: {count} year literals now; lower its count in {PENDING.name}"


@pytest.mark.parametrize("source, expected", [
    ('x = "2024/25"\n', 1), ('x = f"{a} in 2021"\n', 1), ("x = 2021\n", 1), ('"""2024/25 in a docstring"""\n', 0),
    ('x = "iopc_2024_25_reviews"\n', 0), ('x = "E23000036"\n', 0), ("x = 100_000\n", 0),
])
def test_the_detector(tmp_path, source, expected):
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert len(year_literals(path, _keys())) == expected
