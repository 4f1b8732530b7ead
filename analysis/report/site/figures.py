"""The headline figures of a force's page, read through one accessor.

:func:`headline_figures` gives, for the newest full year the data hold, the force's
count, its rates per 1,000 officers and per 100,000 people with their 95%
intervals, England and Wales's rates, the funnel verdicts, the ranks among the
forces with a figure, the Schedule 3 share, the days to finalise a formal
complaint and (where there are enough) the IOPC reviews.  Today it reads
:func:`analysis.tables.summary.force_summary`; the page never reads that table
itself, so pointing this module at another table (the facts table) changes
nothing else.  No year is typed here: the newest period is the newest one in
the table with rates for most forces.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.forces import ENGLAND_AND_WALES
from analysis.data.memo import memoise
from analysis.data.vocabulary import least_reliable
from analysis.tables.summary import RATE_MEASURES, force_summary

__all__ = [
    "RANK_CAVEAT",
    "SMALL_BASE",
    "headline_figures",
    "headline_measure",
    "newest_period",
    "ordinal",
    "rank_words",
    "verdict_words",
]

#: A share out of fewer than this many is too few to rank or compare (the page's "small numbers").
SMALL_BASE = 30
#: Said once, under the top lines, wherever a rank is shown.
RANK_CAVEAT = ("A rank only orders the forces by their figures: neighbouring forces are often within each "
               "other's intervals, so a rank alone is not a verdict; the funnel verdict says whether a force "
               "stands out once chance and normal variation between forces are allowed for.")

#: Funnel verdicts (:data:`analysis.tables.bands.VERDICTS`) in the words a reporter can print.
_VERDICT_WORDS = {
    "within the range expected": "within the range expected",
    "higher than expected": "higher than expected: more than chance and normal variation between forces explain",
    "lower than expected": "lower than expected: less than chance and normal variation between forces explain",
    "much higher than expected": "much higher than expected: far more than chance would explain",
    "much lower than expected": "much lower than expected: far less than chance would explain",
}


def verdict_words(verdict: str) -> str:
    """A funnel verdict in plain words ("" when there is none)."""
    if not isinstance(verdict, str) or not verdict:
        return ""
    return _VERDICT_WORDS.get(verdict, verdict)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: The other end of a ranking word.
_OPPOSITE = {"highest": "lowest", "longest": "shortest"}


def rank_words(rank: int, of: int, word: str, rank_from_bottom: int | None = None) -> str:
    """``"12th highest of 43"`` (``word``: highest, longest ...), ``"the highest of 43"`` for the first; in
    the lower half, counted from the other end (``rank_from_bottom``): ``"7th lowest of 43"``."""
    if rank_from_bottom is not None and rank_from_bottom < rank:
        rank, word = rank_from_bottom, _OPPOSITE.get(word, word)
    return f"the {word} of {of}" if rank == 1 else f"{ordinal(rank)} {word} of {of}"


def _rank(frame: pd.DataFrame, force: str, column: str) -> tuple[int | None, int | None, int]:
    """Rank of ``force`` by ``column`` from the top and from the bottom (ties share the better rank), among the
    forces (not England and Wales) with a value, and how many forces that is."""
    forces = frame[(frame.force != ENGLAND_AND_WALES) & frame[column].notna()]
    if force not in set(forces.force):
        return None, None, len(forces)
    values = forces.set_index("force")[column]
    top = values.rank(ascending=False, method="min")
    bottom = values.rank(ascending=True, method="min")
    return int(top[force]), int(bottom[force]), len(forces)


def newest_period(table: pd.DataFrame | None = None) -> str:
    """The newest period with a rate for most forces (a full year every force has a figure for)."""
    table = force_summary() if table is None else table
    rated = table[table.measure.isin(RATE_MEASURES) & table.rate.notna() & (table.force != ENGLAND_AND_WALES)]
    per_period = rated.groupby("period").force.nunique()
    wide = per_period[per_period >= per_period.max() / 2]
    return str(max(wide.index))


def headline_measure(period: str, table: pd.DataFrame | None = None) -> str:
    """The count that leads the page: the rate measure of ``period`` with a rate for the most forces."""
    table = force_summary() if table is None else table
    rated = table[(table.period == period) & table.measure.isin(RATE_MEASURES) & table.rate.notna()]
    counts = rated.groupby("measure").force.nunique()
    return str(counts.sort_values(ascending=False, kind="stable").index[0])


def _ids(*texts) -> list[str]:
    return sorted({i for t in texts if isinstance(t, str) for i in t.split(";") if i})


def _figure(table: pd.DataFrame, force: str, word: str, column: str = "rate") -> dict | None:
    """One figure of ``force`` in ``table`` (one period, measure, category and basis) with England and Wales's,
    the verdict and the rank; ``None`` when the force has no figure there."""
    mine = table[table.force == force]
    if mine.empty or pd.isna(mine.iloc[0][column]):
        return None
    row = mine.iloc[0]
    national = table[table.force == ENGLAND_AND_WALES]
    rank, from_bottom, of = _rank(table, force, column)
    nat_value = float(row.england_and_wales_rate) if pd.notna(row.england_and_wales_rate) else None
    nat_ids = (_ids(national.iloc[0].source_ids, national.iloc[0].denominator_source_ids) if len(national)
               else _ids(row.source_ids))
    derived = column == "rate" and row.unit == "count"
    return {
        "period": str(row.period), "measure": str(row.measure), "basis": str(row.basis),
        "value": float(row[column]), "count": float(row.value), "denominator": row.denominator,
        "low": None if pd.isna(row.rate_low) else float(row.rate_low),
        "high": None if pd.isna(row.rate_high) else float(row.rate_high),
        "unit": str(row.rate_unit) if column == "rate" else str(row.unit),
        "status": least_reliable([row.status, "derived"]) if derived else str(row.status),
        "source_ids": _ids(row.source_ids, row.denominator_source_ids if derived else ""),
        "count_source_ids": _ids(row.source_ids),
        "national": nat_value, "national_status": (least_reliable([national.iloc[0].status, "derived"])
                                                   if len(national) else "derived"),
        "national_source_ids": nat_ids,
        "verdict": str(row.verdict or ""), "verdict_words": verdict_words(row.verdict),
        "rank": rank, "of": of, "rank_words": rank_words(rank, of, word, from_bottom) if rank else "",
        "ranked_source_ids": _ids(*table.source_ids, *(table.denominator_source_ids if derived else [])),
        "small": bool(pd.notna(row.denominator) and row.unit == "count" and row.rate_unit == "percent"
                      and float(row.denominator) < SMALL_BASE),
    }


def _previous(table: pd.DataFrame, force: str, measure: str, period: str) -> dict | None:
    """The force's count of ``measure`` in the newest earlier period held (a comparable full year)."""
    rows = table[(table.force == force) & (table.measure == measure) & (table.category == "all")
                 & (table.period < period)].drop_duplicates("period")
    if rows.empty:
        return None
    row = rows.sort_values("period").iloc[-1]
    return {"period": str(row.period), "value": float(row.value), "status": str(row.status),
            "source_ids": _ids(row.source_ids)}


@memoise
def headline_figures(force: str) -> dict:
    """The force's headline figures for the newest full year (see the module doc).

    Keys: ``period``, ``measure`` (the count that leads), ``count`` (the force's count, with status and source
    ids), ``per_officer`` and ``per_population`` (rate figures), ``sch3`` (share handled under Schedule 3),
    ``days`` (average days to finalise a formal complaint), ``reviews`` (IOPC reviews of complaints not
    investigated finding the outcome not reasonable; ``None`` on fewer than :data:`SMALL_BASE` reviews) and
    ``previous`` (the same count in the force's previous period held, or ``None``).  A figure the force lacks
    is ``None``.  Each figure: ``value, low, high, unit, status, source_ids``, England and Wales's ``national``
    value with its ``national_source_ids``, ``verdict`` and ``verdict_words``, ``rank`` of ``of`` forces and
    ``rank_words`` with the sources of every ranked figure (``ranked_source_ids``).
    """
    table = force_summary()
    period = newest_period(table)
    measure = headline_measure(period, table)
    now = table[table.period == period]

    def pick(measure_: str, basis: str, category: str = "all") -> pd.DataFrame:
        return now[(now.measure == measure_) & (now.basis == basis) & (now.category == category)]

    per_officer = _figure(pick(measure, "officers"), force, "highest")
    per_population = _figure(pick(measure, "population"), force, "highest")
    counts = now[(now.measure == measure) & (now.category == "all")].drop_duplicates("force")
    count = _figure(counts.assign(rate=counts.value, rate_low=float("nan"), rate_high=float("nan"),
                                  england_and_wales_rate=float("nan"), verdict=""), force, "highest", "value")
    sch3 = _figure(now[now.measure == "complaint_cases_finalised_sch3"], force, "highest")
    days = _figure(now[now.measure == "days_to_finalise"].assign(
        rate=lambda f: f.value, rate_low=float("nan"), rate_high=float("nan"), rate_unit="days"),
        force, "longest", "value")
    reviews = None
    for_reviews = now[(now.measure == "reviews_outcome_not_reasonable") & (now.category == "Not investigated")]
    big = for_reviews[for_reviews.denominator >= SMALL_BASE]
    if force in set(big.force):
        reviews = _figure(big, force, "highest")
    return {"force": force, "period": period, "measure": measure, "count": count, "per_officer": per_officer,
            "per_population": per_population, "sch3": sch3, "days": days, "reviews": reviews,
            "previous": _previous(table, force, measure, period)}
