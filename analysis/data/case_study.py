"""The seed case study's register: its force, year, datasets and denominator dates (``data/registers/case_study.csv``).

The package grew from documents about one force in one year; the functions that
always assumed that year default to it.  The year is data, kept in the register,
so no module types it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from analysis.data.errors import DataError
from analysis.data.rawfiles import read_table
from analysis.data.registers import REGISTER_DIR

__all__ = ["CASE_STUDY_KEYS", "case_study", "seed_datasets", "seed_period"]

CASE_STUDY_KEYS = ("force", "period", "datasets", "workforce_date", "population_date", "home_office_period",
                   "pa_foi_period", "peel_inspection", "peel_period", "new_complaints_system")


@lru_cache(maxsize=4)
def _case_study(directory: Path) -> dict[str, str]:
    """``key -> value`` of the case-study register; a missing or repeated key is a one-line DataError."""
    path = Path(directory) / "case_study.csv"
    rows = read_table(path, ("key", "value", "note"))
    out: dict[str, str] = {}
    for row in rows:
        if row["key"] in out:
            raise DataError(path, f"key {row['key']!r} is repeated", row=row.number, column="key")
        if not row["value"].strip():
            raise DataError(path, "empty value", row=row.number, column="value")
        out[row["key"]] = row["value"].strip()
    missing = [k for k in CASE_STUDY_KEYS if k not in out]
    if missing:
        raise DataError(path, f"missing key(s) {', '.join(missing)}; expected {', '.join(CASE_STUDY_KEYS)}")
    return out


def case_study(directory: Path = REGISTER_DIR) -> dict[str, str]:
    """``key -> value`` of the case-study register (:data:`CASE_STUDY_KEYS`); errors name file, row and column."""
    return dict(_case_study(Path(directory)))


def seed_period() -> str:
    """The seed year (e.g. the financial year of the case study's stories)."""
    return case_study()["period"]


def seed_datasets() -> tuple[str, ...]:
    """Datasets read for the seed year."""
    return tuple(case_study()["datasets"].split(";"))
