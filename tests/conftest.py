"""Shared fixtures: one build of data/raw per test process, and a disposable copy of data/raw to corrupt."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from analysis.data.paths import RAW


def pytest_collection_modifyitems(items):
    """Notebook cells run in a kernel: mark them so ``make test-fast`` can skip them."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.kernel)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A folder holding data/processed exactly as ``build`` writes it from data/raw: built once per test process
    and shared by every test that only reads it (never write into it)."""
    from analysis.pipeline.build import build

    out = tmp_path_factory.mktemp("built")
    build(out_dir=out)
    return out


@pytest.fixture()
def raw_copy(tmp_path: Path) -> Path:
    """A copy of data/raw in a temporary folder (the real one is never touched)."""
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(path: Path, column: str, value: str, where: dict[str, str] | None = None) -> int:
    """Set ``column`` of the first row matching ``where``; return its data-row number (1-based)."""
    header, rows = read_rows(path)
    col = header.index(column)
    for number, row in enumerate(rows, start=1):
        if all(row[header.index(k)] == v for k, v in (where or {}).items()):
            row[col] = value
            write_rows(path, header, rows)
            return number
    raise AssertionError(f"no row matching {where} in {path.name}")
