"""``analysis.facts()``: the researcher's entry point to the built facts table (``data/processed/facts.csv``).

``facts(force=..., period=..., measure=..., basis=...)`` returns the rows asked
for; a force may be any alias ("the Met", "BTP", "Staffs").  A value the table
does not hold is a one-line :class:`FactsError` listing what it does hold.
:func:`newest_period` gives the newest full year of a measure, computed from the
table: each measure has its own, so a release whose tables arrive one at a time
shows the new year for the measures that have it and the previous year for the
others.  The table itself is built by :mod:`analysis.tables.facts`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.data.errors import UnknownForceError
from analysis.data.forces import ENGLAND_AND_WALES, resolve
from analysis.data.paths import PROCESSED

__all__ = ["FACTS_COLUMNS", "FACTS_KEY", "FactsError", "facts", "newest_period", "read_facts"]

FACTS_COLUMNS = [
    "force", "geo_code", "scope", "period", "measure", "category", "basis", "value", "unit", "n", "status",
    "denominator", "denominator_kind", "denominator_period", "denominator_source_ids", "rate", "rate_low",
    "rate_high", "rate_unit",
    "england_and_wales_value", "england_and_wales_rate", "verdict", "verdict_method", "rank", "ranked_of",
    "rank_direction", "previous_period", "previous_value", "previous_rate", "change", "change_pct", "notes",
    "source_ids", "source_urls",
]
FACTS_KEY = ["force", "period", "measure", "category", "basis"]
_TEXT = ["force", "geo_code", "scope", "period", "measure", "category", "basis", "unit", "status",
         "denominator_kind", "denominator_period", "denominator_source_ids", "rate_unit", "verdict", "verdict_method",
         "rank_direction",
         "previous_period", "notes", "source_ids", "source_urls"]


class FactsError(ValueError):
    """A force, period, measure or basis the facts table does not hold; the one-line message lists what it holds."""

    def __init__(self, what: str, asked: object, available: Iterable[str], context: str = "") -> None:
        listed = sorted({str(a) for a in available})
        close = difflib.get_close_matches(str(asked), listed, n=2, cutoff=0.6)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        super().__init__(f"no {what} {asked!r} in the facts table{context}. Available: {', '.join(listed)}.{hint}")


def read_facts(path: Path | None = None) -> pd.DataFrame:
    """The built facts table as a DataFrame (text columns as strings, empty cells as "")."""
    path = Path(path) if path is not None else PROCESSED / "facts.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no facts table; run `python -m analysis build` first")
    table = pd.read_csv(path, dtype={c: str for c in _TEXT}, keep_default_na=False, na_values={
        c: [""] for c in FACTS_COLUMNS if c not in _TEXT})
    return table


def _force_name(force: str, held: set[str]) -> str:
    if force in held:
        return force
    try:
        return resolve(force).name
    except UnknownForceError:
        raise FactsError("force", force, held) from None


def facts(force: str | None = None, period: str | None = None, measure: str | None = None,
          basis: str | None = None, *, path: Path | None = None) -> pd.DataFrame:
    """Rows of the facts table for a force (any alias), period, measure and basis; ``None`` means all.

    Columns: see ``data/README.md`` (``facts.csv``).  ``period="newest"`` picks, for each measure, its
    :func:`newest_period`.  Raises :class:`FactsError` (one line, listing what exists) for a value the table
    does not hold.
    """
    table = read_facts(path)
    context = ""
    if measure is not None:
        if measure not in set(table.measure):
            raise FactsError("measure", measure, table.measure)
        table = table[table.measure == measure]
        context = f" for {measure}"
    if force is not None:
        name = _force_name(str(force), set(table.force))
        if name not in set(table.force):
            raise FactsError("force", force, table.force, context)
        table = table[table.force == name]
        context += f" for {name}"
    if period == "newest":
        newest = {m: newest_period(m, table=table) for m in set(table.measure)}
        table = table[table.period == table.measure.map(newest)]
    elif period is not None:
        if period not in set(table.period):
            raise FactsError("period", period, table.period, context)
        table = table[table.period == period]
        context += f" in {period}"
    if basis is not None:
        if basis not in set(table.basis):
            raise FactsError("basis", basis, table.basis, context)
        table = table[table.basis == basis]
    return table.reset_index(drop=True)


def newest_period(measure: str, force: str = ENGLAND_AND_WALES, *, table: pd.DataFrame | None = None,
                  path: Path | None = None) -> str:
    """The newest full (financial) year in which the facts table holds ``measure`` (for ``force`` when it has one).

    Computed from the table, measure by measure.  Without a row for ``force`` (e.g. a year summed from some forces
    only), the newest year any force has.
    """
    table = read_facts(path) if table is None else table
    if measure not in set(table.measure):
        raise FactsError("measure", measure, table.measure)
    sel = table[(table.measure == measure) & table.period.str.fullmatch(r"\d{4}/\d{2}")]
    own = sel[sel.force == force]
    periods = sorted(set((own if len(own) else sel).period))
    if not periods:
        raise FactsError("full year for measure", measure, sorted(set(table[table.measure == measure].period)))
    return periods[-1]
