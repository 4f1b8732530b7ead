"""Each force's name as it writes it ("Cumbria Constabulary", "Metropolitan Police Service").

A hand-kept register, ``data/registers/force_display_names.csv`` (``force, display_name, note``), read with the
strict reader of ``data/raw``: a bad row stops with file, row and column.
"""

from __future__ import annotations

from functools import lru_cache

from analysis.data.errors import DataError
from analysis.data.paths import DATA
from analysis.data.rawfiles import check_text, read_table

__all__ = ["DISPLAY_NAMES_FILE", "display_name", "load_display_names", "possessive"]

DISPLAY_NAMES_FILE = DATA / "registers" / "force_display_names.csv"


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
