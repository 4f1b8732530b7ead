"""How numbers, intervals and source lists are written, everywhere in the package.

Notebooks, tables, charts and pages all format through these functions, so a
number reads the same wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = ["format_csv_number", "join_ids", "join_source_ids"]


def join_ids(*groups: Iterable[str]) -> str:
    """Source ids from any number of collections, deduplicated, sorted and joined by ``;`` (blanks dropped)."""
    return ";".join(sorted({i for group in groups for i in group if i}))


def join_source_ids(*frames: pd.DataFrame) -> str:
    """The ``source_id`` values of one or more tables, as :func:`join_ids` writes them."""
    return join_ids(*(f["source_id"] for f in frames))


def format_csv_number(value: float) -> str:
    """Whole numbers without a decimal point; others with up to 10 significant digits (stable CSV output)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"
