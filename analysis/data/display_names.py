"""Each force's name as it writes it ("Cumbria Constabulary", "Metropolitan Police Service"), and the notes said
wherever a force's figures appear (City of London's include Action Fraud).

Two hand-kept registers, ``data/registers/force_display_names.csv`` (``force, display_name, note``) and
``data/registers/force_notes.csv`` (``force, short, note, source_id``), read with the strict reader of
``data/raw``: a bad row stops with file, row and column.
"""

from __future__ import annotations

from functools import lru_cache

from analysis.data.errors import DataError
from analysis.data.paths import DATA
from analysis.data.rawfiles import check_text, read_table
from analysis.data.sources import source_ids

__all__ = ["DISPLAY_NAMES_FILE", "FORCE_NOTES_FILE", "display_name", "force_notes", "load_display_names",
           "possessive"]

DISPLAY_NAMES_FILE = DATA / "registers" / "force_display_names.csv"
#: Notes said wherever a force's figures appear (City of London: Action Fraud).
FORCE_NOTES_FILE = DATA / "registers" / "force_notes.csv"


@lru_cache(maxsize=1)
def load_display_names() -> dict[str, str]:
    """force -> the name the force writes (every force listed once)."""
    path = DISPLAY_NAMES_FILE
    out: dict[str, str] = {}
    for row in read_table(path, ("force", "display_name", "note")):
        force = check_text(path, row, "force")
        if force in out:
            raise DataError(path, f"force {force!r} is listed twice", row=row.number, column="force")
        out[force] = check_text(path, row, "display_name")
    return out


def display_name(force: str) -> str:
    """The force as it writes its name (the data's name for England and Wales or a force not in the register)."""
    return load_display_names().get(force, force)


def possessive(force: str) -> str:
    """``"West Midlands Police's"``."""
    return f"{display_name(force)}'s"


@lru_cache(maxsize=1)
def _force_notes() -> dict[str, list[dict]]:
    path = FORCE_NOTES_FILE
    known = source_ids()
    out: dict[str, list[dict]] = {}
    for row in read_table(path, ("force", "short", "note", "source_id")):
        if row["source_id"] not in known:
            raise DataError(path, f"source id {row['source_id']!r} is not in data/raw/sources.csv",
                            row=row.number, column="source_id")
        out.setdefault(check_text(path, row, "force"), []).append(
            {"short": check_text(path, row, "short"), "note": check_text(path, row, "note")})
    return out


def force_notes(force: str, short: bool = False) -> list[str]:
    """Notes that go wherever the force's figures appear (empty for most forces); ``short``: the few words
    for a table cell or a chart label."""
    return [n["short" if short else "note"] for n in _force_notes().get(force, [])]
