"""Every headline figure the data hold for a force, year by year, each with its status and definition.

:func:`force_trend` is the table a force page shows newest first: complaint
cases logged and finalised, allegations, published per-1,000-employee rates and
Home Office counts from 2020/21 to the latest year held.  The measures and
their definitions are a hand-kept table, ``trend_measures.csv`` beside this
module; a point derived by the package (cases finalised as the sum of the two
published routes) says so in its status and note.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.forces import ENGLAND_AND_WALES, resolve
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.rawfiles import read_table
from analysis.data.vocabulary import STATUS_RANK
from analysis.tables.measures import DERIVED_MEASURES, PERIOD, NotAvailableError, counts

__all__ = ["force_trend", "trend_measures", "trend_periods"]


def trend_periods() -> tuple[str, ...]:
    """Financial years the trend covers: every one the data hold from the seed year (the first full year of the
    2020 complaints system) on."""
    obs = load_observations(with_sources=False)
    return tuple(sorted({p for p in obs.period if len(p) == 7 and p[:4].isdigit() and p[4] == "/" and p >= PERIOD}))


def __getattr__(name: str) -> tuple[str, ...]:
    """``TREND_PERIODS``: :func:`trend_periods`, read from the data when asked."""
    if name == "TREND_PERIODS":
        return trend_periods()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
_MEASURES_FILE = Path(__file__).with_name("trend_measures.csv")
COLUMNS = ["force", "period", "measure", "definition", "publisher", "value", "unit", "status", "source_id", "note"]


def trend_measures() -> pd.DataFrame:
    """The measures a trend shows, with their definitions (from ``trend_measures.csv``)."""
    rows = read_table(_MEASURES_FILE, ("measure", "category", "unit", "publisher", "definition"))
    return pd.DataFrame([{k: r[k] for k in ("measure", "category", "unit", "publisher", "definition")}
                         for r in rows])


@memoise
def force_trend(force: str) -> pd.DataFrame:
    """A force's (or England and Wales's) headline figures from the seed year on (:func:`trend_periods`), newest first.

    Columns: ``force, period, measure, definition, publisher, value, unit, status, source_id, note``.  Where
    sources disagree on a figure the most reliable is kept (published, then derived, then uncertain) and the note
    names the alternatives.  Raises :class:`NotAvailableError` if the force has no figure at all.
    """
    name = ENGLAND_AND_WALES if force == ENGLAND_AND_WALES else resolve(force).name
    spec = trend_measures()
    periods = trend_periods()
    obs = load_observations(with_sources=False)
    sel = obs[(obs.force == name) & obs.period.isin(periods)]
    sel = sel.merge(spec, on=["measure", "category", "unit"], how="inner")
    sel = sel.assign(_rank=sel.status.map(STATUS_RANK)).sort_values(["period", "measure", "_rank", "raw_file",
                                                                       "raw_row"])
    alternatives = sel.groupby(["period", "measure"]).size() - 1
    best = sel.drop_duplicates(["period", "measure"]).copy()
    best["note"] = [n + (f" ({alternatives[(p, m)]} other figure(s) for this year not used)"
                         if alternatives[(p, m)] else "") for n, p, m in zip(best.note, best.period, best.measure)]
    frames = [best]
    for measure in DERIVED_MEASURES:
        have = set(best.loc[best.measure == measure, "period"])
        for period in periods:
            if period in have:
                continue
            try:
                derived = counts(measure, period)
            except NotAvailableError:
                continue
            row = derived[derived.force == name]
            if len(row):
                info = spec.set_index("measure").loc[measure]
                frames.append(row.assign(period=period, measure=measure, unit="count", definition=info.definition,
                                         publisher=info.publisher))
    table = pd.concat(frames, ignore_index=True)
    if table.empty:
        raise NotAvailableError("trend figures for", name, sorted(set(obs.loc[obs.period.isin(periods),
                                                                                  "force"])),
                                why=f"No headline figure for {name} between {periods[0]} and "
                                    f"{periods[-1]}. Forces with one")
    table["force"] = name
    table = table[COLUMNS].sort_values(["period", "measure"], ascending=[False, True], ignore_index=True)
    return table
