"""Reference tables that hold text rather than figures: grades, requests, definitions."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.case_study import case_study
from analysis.data.errors import DataError, UnknownForceError
from analysis.data.forces import resolve
from analysis.data.paths import raw_dir
from analysis.data.rawfiles import check_choice, check_status_note, check_text, read_table
from analysis.data.registers import REGISTER_DIR
from analysis.data.sources import source_ids

__all__ = ["GRADES", "GRADE_COLUMNS", "load_counting_units", "load_met_foi_request", "load_peel_grades"]

GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate", "Not graded", "Not found")
GRADE_COLUMNS = ("source_id", "force", "question", "grade", "status", "note")


#: The case study's PEEL inspection (``data/registers/case_study.csv``), the default of :func:`load_peel_grades`.
SEED = case_study()["peel_inspection"]

def _check_source(path: Path, row, known: set[str]) -> None:
    if row["source_id"] not in known:
        raise DataError(path, f"source id {row['source_id']!r} is not in data/raw/sources.csv",
                        row=row.number, column="source_id")


def _grades(path: Path, inspection: str) -> pd.DataFrame:
    known = source_ids()
    records = []
    seen: dict[tuple, int] = {}
    for row in read_table(path, GRADE_COLUMNS):
        _check_source(path, row, known)
        check_status_note(path, row)
        check_choice(path, row, "grade", GRADES)
        try:
            force = resolve(check_text(path, row, "force"), places=False)
        except UnknownForceError as exc:
            raise DataError(path, str(exc), row=row.number, column="force") from None
        key = (force.name, check_text(path, row, "question"))
        if key in seen:
            raise DataError(path, f"{key} already graded on row {seen[key]}", row=row.number, column="question")
        seen[key] = row.number
        records.append({"inspection": inspection, "force": force.name, "geo_code": force.geo_code,
                        "question": row["question"], "grade": row["grade"], "status": row["status"],
                        "note": row["note"], "source_id": row["source_id"]})
    return pd.DataFrame.from_records(records)


@lru_cache(maxsize=4)
def _peel(raw: Path) -> pd.DataFrame:
    register = REGISTER_DIR / "inspections.csv"
    frames = [_grades(raw / row["file"], row["inspection"]) for row in read_table(register, ("file", "inspection",
                                                                                             "note"))]
    return pd.concat(frames, ignore_index=True)


def load_peel_grades(inspection: str | None = SEED) -> pd.DataFrame:
    """HMICFRS PEEL legitimacy grades, one row per force and question.

    Columns: ``inspection`` (``PEEL 2018/19`` or ``PEEL 2017``: each file's label is in
    ``data/registers/inspections.csv``; the default is the case study's, from ``case_study.csv``), ``force``,
    ``geo_code``, ``question`` (``Legitimacy`` is the pillar grade; Staffordshire
    also has its three legitimacy questions and the other pillars), ``grade``
    (Outstanding, Good, Requires improvement, Inadequate, Not graded, or
    ``Not found`` where the grade could not be read), ``status``, ``note``,
    ``source_id``.  Pass ``inspection=None`` for both inspections.
    """
    frame = _peel(raw_dir())
    if inspection is not None:
        frame = frame[frame.inspection == inspection].reset_index(drop=True)
    return frame.copy()


@lru_cache(maxsize=16)
def _simple(raw: Path, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    path = raw / name
    known = source_ids()
    rows = read_table(path, columns)
    for row in rows:
        _check_source(path, row, known)
    return pd.DataFrame([r.cells for r in rows], columns=list(columns))


def load_met_foi_request() -> pd.DataFrame:
    """What Met FOI 01.FOI.22.023255 asked for, and whether each figure is published.

    Columns: ``source_id``, ``question`` (1-3), ``period``, ``breakdown``,
    ``counting_unit`` (officer allegations), ``figure_in_published_text``
    (``no``: the figures were in a spreadsheet not in the published text),
    ``note``.
    """
    return _simple(raw_dir(), "met_foi_023255_request.csv", ("source_id", "question", "period", "breakdown",
                                                   "counting_unit", "figure_in_published_text", "note")).copy()


def load_counting_units() -> pd.DataFrame:
    """Definitions of what each publication counts: ``unit``, ``definition``, ``used_by``, ``source_id``."""
    return _simple(raw_dir(), "counting_units.csv", ("unit", "definition", "used_by", "source_id")).copy()
