"""How numbers, intervals and source lists are written, everywhere in the package.

Notebooks, tables, charts and pages all format through these functions, so a
number reads the same wherever it is shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

__all__ = ["change_verb", "fmt", "fmt_int", "format_csv_number", "join_ids", "join_source_ids", "round_half_up"]


def change_verb(first: float, last: float) -> str:
    """The verb for a change from ``first`` to ``last``: "rose", "fell" or "was unchanged" (never typed by hand)."""
    return "rose" if last > first else "fell" if last < first else "was unchanged"


def join_ids(*groups: Iterable[str]) -> str:
    """Source ids from any number of collections, deduplicated, sorted and joined by ``;`` (blanks dropped)."""
    return ";".join(sorted({i for group in groups for i in group if i}))


def join_source_ids(*frames: pd.DataFrame) -> str:
    """The ``source_id`` values of one or more tables, as :func:`join_ids` writes them."""
    return join_ids(*(f["source_id"] for f in frames))


def format_csv_number(value: float) -> str:
    """Whole numbers without a decimal point; others with up to 10 significant digits (stable CSV output)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"


def fmt(x: float, decimals: int = 1) -> str:
    """A number for prose: thousands separators, whole numbers without decimals, ``n/a`` for a missing value."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.{decimals}f}"


def round_half_up(x: float, decimals: int = 0) -> float:
    """Round as a newspaper does (0.5 goes up), not to even."""
    factor = 10 ** decimals
    return math.floor(x * factor + 0.5 + 1e-9) / factor


def fmt_int(x: float) -> int | float:
    """An integer when the value is whole, else the float (for key figures)."""
    return int(x) if float(x).is_integer() else float(x)
