"""The headline figures of a force's page, read through one accessor from the facts table.

:func:`headline_figures` gives, for the newest full year the data hold, the force's
count, its rates per 1,000 officers and per 100,000 people with their 95%
intervals, England and Wales's rates, the funnel verdicts, the ranks among the
forces with a figure, the change from the force's previous comparable period,
the Schedule 3 share, the days to finalise a formal complaint and (where there
are enough) the IOPC reviews.  Every figure is a row of the facts table
(``data/processed/facts.csv``, :func:`analysis.facts`): its value, interval,
verdict, rank (``rank``, ``ranked_of``, ``rank_direction``) and previous period
(``previous_period``, ``previous_value``, ``previous_rate``, ``change``,
``change_pct``) are the table's, never worked out again here (one home per
derived figure).  England and Wales's figure comes only from a national-scope
row: a sum of some forces is never called England and Wales.  No year is typed
here: each measure takes its own newest full year in the table
(:func:`analysis.data.facts.newest_period`).
"""

from __future__ import annotations

import pandas as pd

from analysis.data.facts import newest_period as measure_newest_period
from analysis.data.facts import read_facts
from analysis.data.forces import Force
from analysis.data.memo import memoise
from analysis.data.paths import RAW, raw_dir
from analysis.data.vocabulary import least_reliable
from analysis.tables.summary import RATE_MEASURES

__all__ = [
    "DAYS_CATEGORY",
    "RANK_CAVEAT",
    "SMALL_BASE",
    "facts_rows",
    "headline_figures",
    "headline_measure",
    "headline_period",
    "ordinal",
    "rank_words",
    "verdict_words",
]

#: A share out of fewer than this many is too few to rank or compare (the page's "small numbers").
SMALL_BASE = 30
#: The days-to-finalise row the top lines quote: a formal complaint, time suspended included.
DAYS_CATEGORY = "Schedule 3 (including suspension)"
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
_OPPOSITE = {"highest": "lowest", "longest": "shortest", "largest": "smallest"}


def rank_words(rank: int, of: int, word: str, rank_from_bottom: int | None = None) -> str:
    """``"12th highest of 43"`` (``word``: highest, longest ...), ``"the highest of 43"`` for the first; in
    the lower half, counted from the other end (``rank_from_bottom``): ``"7th lowest of 43"``."""
    if rank_from_bottom is not None and rank_from_bottom < rank:
        rank, word = rank_from_bottom, _OPPOSITE.get(word, word)
    return f"the {word} of {of}" if rank == 1 else f"{ordinal(rank)} {word} of {of}"


_TABLE: dict = {}


def facts_rows() -> pd.DataFrame:
    """The facts table the pages read: the built ``data/processed/facts.csv`` when the raw data in use are
    ``data/raw`` (the site is built after ``python -m analysis build``); for a copy of the raw data (tests), the
    same table as the build would write it, computed from that copy."""
    key = raw_dir()
    if key not in _TABLE:
        if key == RAW:
            _TABLE[key] = read_facts()
        else:
            from analysis.tables.facts import facts_table

            _TABLE[key] = facts_table()
    return _TABLE[key]


def headline_measure(table: pd.DataFrame | None = None) -> str:
    """The count that leads the page: of the counts turned into rates, the one whose newest full year has a
    rate for the most forces (the newest year breaks a tie)."""
    table = facts_rows() if table is None else table
    best: tuple[int, str, str] | None = None
    for measure in RATE_MEASURES:
        if measure not in set(table.measure):
            continue
        period = measure_newest_period(measure, table=table)
        rated = table[(table.measure == measure) & (table.period == period) & (table.scope == "force")
                      & table.rate.notna()]
        candidate = (rated.force.nunique(), period, measure)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best is None:
        raise ValueError("facts: no count turned into a rate")
    return best[2]


def headline_period(table: pd.DataFrame | None = None) -> str:
    """The newest full year of the headline measure (:func:`headline_measure`), from the facts table."""
    table = facts_rows() if table is None else table
    return measure_newest_period(headline_measure(table), table=table)


def _ids(*texts) -> list[str]:
    return sorted({i for t in texts if isinstance(t, str) for i in t.split(";") if i})


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _group(table: pd.DataFrame, measure: str, basis: str | None, category: str = "all") -> pd.DataFrame:
    """The rows of ``measure`` (its own newest full year), ``basis`` (any when ``None``) and ``category``."""
    if measure not in set(table.measure):
        return table.iloc[0:0]
    period = measure_newest_period(measure, table=table)
    sel = table[(table.measure == measure) & (table.period == period) & (table.category == category)]
    return sel if basis is None else sel[sel.basis == basis]


def _previous(table: pd.DataFrame, row: pd.Series, use_rate: bool) -> dict | None:
    """The force's previous comparable period, as the facts table holds it on ``row`` (``None`` when it holds
    none), with the earlier row's status and sources."""
    if not row.previous_period:
        return None
    earlier = table[(table.force == row.force) & (table.period == row.previous_period)
                    & (table.measure == row.measure) & (table.category == row.category) & (table.basis == row.basis)]
    before = earlier.iloc[0] if len(earlier) else None
    derived = use_rate and row.unit == "count"
    status = "" if before is None else (least_reliable([before.status, "derived"]) if derived else str(before.status))
    return {"period": str(row.previous_period), "value": _number(row.previous_value),
            "figure": _number(row.previous_rate if use_rate else row.previous_value),
            "rate": _number(row.previous_rate), "change": _number(row.change), "change_pct": _number(row.change_pct),
            "status": status or "derived",
            "source_ids": [] if before is None else _ids(before.source_ids,
                                                         before.denominator_source_ids if derived else ""),
            "count_status": "derived" if before is None else str(before.status),
            "count_source_ids": [] if before is None else _ids(before.source_ids)}


def _figure(table: pd.DataFrame, group: pd.DataFrame, force: str, use_rate: bool = True) -> dict | None:
    """One figure of ``force`` in ``group`` (one period, measure, category and basis of the facts table) with
    England and Wales's, the verdict, the rank and the previous period; ``None`` when the force has no figure."""
    mine = group[(group.force == force) & (group.scope == "force")]
    column = "rate" if use_rate else "value"
    if mine.empty or pd.isna(mine.iloc[0][column]):
        return None
    row = mine.iloc[0]
    national = group[group.scope == "national"]
    nat = national.iloc[0] if len(national) else None
    derived = use_rate and row.unit == "count"
    nat_value = None if nat is None else _number(nat.rate if use_rate else nat.value)
    ranked = group[group["rank"].notna()]
    rank = None if pd.isna(row["rank"]) else int(row["rank"])
    of = None if pd.isna(row.ranked_of) else int(row.ranked_of)
    word = row.rank_direction.split()[2] if row.rank_direction.startswith("1 = ") else "highest"
    tied = int((ranked["rank"] == row["rank"]).sum()) if rank else 0
    from_bottom = of - rank - tied + 2 if rank else None  # the facts table's rank, counted from the other end
    return {
        "period": str(row.period), "measure": str(row.measure), "basis": str(row.basis),
        "value": float(row[column]), "count": float(row.value), "denominator": _number(row.denominator),
        "low": _number(row.rate_low) if use_rate else None, "high": _number(row.rate_high) if use_rate else None,
        "unit": str(row.rate_unit) if use_rate else str(row.unit),
        "status": least_reliable([row.status, "derived"]) if derived else str(row.status),
        "source_ids": _ids(row.source_ids, row.denominator_source_ids if derived else ""),
        "count_source_ids": _ids(row.source_ids),
        "national": nat_value,
        "national_status": ("derived" if nat is None else least_reliable([nat.status, "derived"]) if derived
                            else str(nat.status)),
        "national_source_ids": ([] if nat is None else
                                _ids(nat.source_ids, nat.denominator_source_ids if derived else "")),
        "verdict": str(row.verdict or ""), "verdict_words": verdict_words(row.verdict),
        "rank": rank, "of": of, "rank_direction": str(row.rank_direction),
        "rank_words": rank_words(rank, of, word, from_bottom) if rank else "",
        "ranked_source_ids": _ids(*ranked.source_ids, *(ranked.denominator_source_ids if derived else [])),
        "small": bool(use_rate and row.denominator is not None and pd.notna(row.denominator)
                      and row.unit == "count" and row.rate_unit == "percent" and float(row.denominator) < SMALL_BASE),
        "previous": _previous(table, row, use_rate),
        "notes": str(row.notes),
    }


def _count(table: pd.DataFrame, measure: str, force: str, rates: list[dict | None]) -> dict | None:
    """The force's count of ``measure`` in its newest year, with the newest previous comparable period any of its
    rows holds (the facts table compares like with like: same basis and kind of denominator)."""
    rows = _group(table, measure, None)
    mine = rows[(rows.force == force) & (rows.scope == "force")]
    if mine.empty:
        return None
    row = mine.iloc[0]
    previous = [f["previous"] for f in rates if f is not None and f["previous"] is not None]
    held = [p for p in previous if p["value"] is not None]
    return {"period": str(row.period), "measure": measure, "value": float(row.value), "status": str(row.status),
            "source_ids": _ids(row.source_ids), "count_source_ids": _ids(row.source_ids),
            "previous": max(held, key=lambda p: p["period"]) if held else None, "notes": str(row.notes)}


@memoise
def _headline(force: str) -> dict:
    table = facts_rows()
    measure = headline_measure(table)
    per_officer = _figure(table, _group(table, measure, "officers"), force)
    per_population = _figure(table, _group(table, measure, "population"), force)
    count = _count(table, measure, force, [per_officer, per_population])
    sch3 = _figure(table, _group(table, "complaint_cases_finalised_sch3", None), force)
    days = _figure(table, _group(table, "days_to_finalise", None, DAYS_CATEGORY), force, use_rate=False)
    reviews = _figure(table, _group(table, "reviews_outcome_not_reasonable", None, "Not investigated"), force)
    if reviews is not None and (reviews["denominator"] or 0) < SMALL_BASE:
        reviews = None
    return {"force": force, "period": measure_newest_period(measure, table=table), "measure": measure,
            "count": count, "per_officer": per_officer, "per_population": per_population, "sch3": sch3,
            "days": days, "reviews": reviews, "previous": None if count is None else count["previous"]}


def headline_figures(force: str | Force) -> dict:
    """The force's headline figures for the newest full year (see the module doc); ``force``: a canonical name
    or a :class:`~analysis.data.forces.Force` (no look-up here: the page resolves its force once).

    Keys: ``period``, ``measure`` (the count that leads), ``count`` (the force's count, with status, source ids
    and ``previous``), ``per_officer`` and ``per_population`` (rate figures), ``sch3`` (share handled under
    Schedule 3), ``days`` (average days to finalise a formal complaint), ``reviews`` (IOPC reviews of complaints
    not investigated finding the outcome not reasonable; ``None`` on fewer than :data:`SMALL_BASE` reviews) and
    ``previous`` (the count's previous comparable period, or ``None``).  A figure the force lacks is ``None``.
    Each figure: ``value, low, high, unit, status, source_ids``, England and Wales's ``national`` value with its
    ``national_source_ids``, ``verdict`` and ``verdict_words``, ``rank`` of ``of`` forces, ``rank_direction`` and
    ``rank_words`` with the sources of every ranked figure (``ranked_source_ids``), and ``previous``: the facts
    table's previous comparable period (``period, value, rate, figure`` (the rate, or the value where the figure
    is not a rate), ``change, change_pct, status, source_ids``, and the
    count's own ``count_status, count_source_ids``) or ``None``.
    """
    return _headline(force.name if isinstance(force, Force) else str(force))
