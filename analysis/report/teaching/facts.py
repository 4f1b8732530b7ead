"""The one place the teaching code reads a force's figures: :func:`teaching_fact`.

Lessons, self-checks, worksheets and assignments ask for a figure by measure
(and basis, and category) and always get the **newest period** in the data
with its denominator, the denominator's date, the status and the source ids.
No year is typed: :func:`teaching_period` finds the latest period in which the
data hold a figure for every territorial force.

The figures come from the project's facts table, the table ``python -m
analysis build`` writes to ``data/processed/facts.csv`` and ``analysis.facts()``
reads (:func:`analysis.tables.facts.facts_table`): counts, rates per 1,000
officers and per 100,000 residents with exact intervals, shares with Wilson
intervals.  It is computed for the raw-data folder in use, so a worksheet made
from a copy of the data with a new year (tests/pipeline/test_new_year.py), or
before the build has been re-run, shows what the data hold.  Only
:func:`_facts_table` knows where the table comes from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis.data.facts import newest_period as newest_period_of
from analysis.data.forces import resolve, territorial_forces
from analysis.data.memo import memoise
from analysis.tables import comparisons as cmp
from analysis.tables import complaints as cpl
from analysis.tables.facts import facts_table

__all__ = ["REVIEWS", "Fact", "NoAnswer", "TABLE_COLUMNS", "all_facts", "finalised_cases", "format_day",
           "previous_denominator", "reviews_period", "reviews_table", "teaching_fact", "teaching_period",
           "teaching_table"]

#: The measure whose coverage decides the newest period (a figure for every territorial force).
_ANCHOR = "complaint_cases_finalised"


class NoAnswer(LookupError):
    """The force has no figure for this (the message says which and why): a self-check says so, never marks wrong."""


@dataclass(frozen=True)
class Fact:
    """One figure for one force and period, with everything a reader needs to trust it."""

    force: str
    period: str
    measure: str
    category: str
    basis: str
    value: float
    status: str
    denominator: float
    denominator_period: str
    rate: float
    rate_low: float
    rate_high: float
    rate_unit: str
    verdict: str
    source_ids: str
    denominator_source_ids: str


def _facts_table() -> pd.DataFrame:
    """The table behind every teaching figure: the facts table (the rows of ``data/processed/facts.csv``)."""
    return facts_table()


def all_facts() -> pd.DataFrame:
    """The whole facts table (every force, period, measure and basis), for the code that looks beyond one figure."""
    return _facts_table()


@memoise
def teaching_period() -> str:
    """The latest period in which the data hold complaint cases finalised for every territorial force."""
    table = _facts_table()
    forces = set(territorial_forces())
    rows = table[table.measure == _ANCHOR]
    complete = [p for p, g in rows.groupby("period") if forces <= set(g.force)]
    if not complete:
        raise NoAnswer("no period has complaint cases finalised for every territorial force")
    return max(complete)


#: The measure of the IOPC's per-force reviews table, which may arrive later than the cases-finalised table.
REVIEWS = "reviews_outcome_not_reasonable"


@memoise
def reviews_period() -> str:
    """The newest year of the IOPC's per-force reviews table (:func:`analysis.data.facts.newest_period` of its
    measure): a release whose reviews table has not arrived yet keeps the reviews questions on the previous year."""
    return newest_period_of(REVIEWS, table=_facts_table())


TABLE_COLUMNS = ["measure", "category", "basis", "value", "status", "denominator", "denominator_period", "rate",
                 "rate_low", "rate_high", "rate_unit", "verdict", "source_ids"]


def teaching_table(force: str) -> pd.DataFrame:
    """Every figure the teaching route uses for ``force`` in the newest period, one row per measure and basis.

    Columns: ``force, period`` then :data:`TABLE_COLUMNS`.  Lessons show this table; :func:`teaching_fact` reads
    one row of it.
    """
    name = resolve(force).name
    table = _facts_table()
    sel = table[(table.force == name) & (table.period == teaching_period())]
    return sel[["force", "period", *TABLE_COLUMNS]].reset_index(drop=True)


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def teaching_fact(force: str, measure: str, basis: str | None = None, category: str = "all",
                  period: str | None = None) -> Fact:
    """The force's figure for ``measure`` in the newest period (or ``period``); :class:`NoAnswer` if absent.

    ``basis`` picks the rate's denominator (``officers``, ``population``, ...); left out, the first row is taken
    (every basis carries the same count).
    """
    name = resolve(force).name
    period = period or teaching_period()
    table = _facts_table()
    sel = table[(table.force == name) & (table.period == period) & (table.measure == measure)
                & (table.category == category)]
    if basis is not None:
        sel = sel[sel.basis == basis]
    if sel.empty:
        what = measure.replace("_", " ") + (f" per {basis}" if basis else "")
        raise NoAnswer(f"the data hold no {what} figure for {name} in {period}")
    row = sel.iloc[0]
    return Fact(force=name, period=period, measure=measure, category=category, basis=str(row.basis),
                value=float(row.value), status=str(row.status), denominator=float(row.denominator),
                denominator_period=_text(row.denominator_period), rate=float(row.rate),
                rate_low=float(row.rate_low), rate_high=float(row.rate_high), rate_unit=_text(row.rate_unit),
                verdict=_text(row.verdict), source_ids=_text(row.source_ids),
                denominator_source_ids=_text(row.denominator_source_ids))


def previous_denominator(force: str, column: str) -> tuple[float, str]:
    """The force's oldest denominator in the package (``officers`` headcount, ``population``) and its date.

    Used only to recognise a student who divided by an out-of-date denominator.
    """
    name = resolve(force).name
    table = cpl.denominators().set_index("force")
    if name not in table.index or pd.isna(table.loc[name, column]):
        raise NoAnswer(f"there is no earlier {column} figure for {name}")
    when = cpl.WORKFORCE_DATE if column != "population" else cpl.POPULATION_DATE
    return float(table.loc[name, column]), when


def format_day(iso: str) -> str:
    """``2025-03-31`` as ``31 March 2025`` (empty text stays empty)."""
    if not iso:
        return ""
    day = date.fromisoformat(iso[:10])
    return f"{day.day} {day:%B %Y}"


def finalised_cases() -> pd.DataFrame:
    """The IOPC's table of complaint cases finalised in the newest period, one row per force (with ``period``).

    Columns as :func:`analysis.tables.comparisons.finalised` (``outside``, ``sch3``, ``total``, days,
    ``status``); the lessons use it to practise pandas on a whole table.
    """
    return _period_second(cmp.finalised(teaching_period()))


def reviews_table() -> pd.DataFrame:
    """The IOPC's valid reviews of :func:`reviews_period`, one row per force and route, with Wilson intervals."""
    return _period_second(cmp.reviews(reviews_period()))


def _period_second(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its ``period`` column moved beside ``force`` (the lessons show it there)."""
    return table[["force", "period", *[c for c in table.columns if c not in ("force", "period")]]]
