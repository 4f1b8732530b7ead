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
from analysis.tables.measures import DERIVED_MEASURES, NotAvailableError, counts

__all__ = ["TREND_PERIODS", "force_trend", "trend_measures"]

#: Financial years the trend covers (the 2020 complaints system onwards).
TREND_PERIODS: tuple[str, ...] = ("2020/21", "2021/22", "2022/23", "2023/24", "2024/25")
_MEASURES_FILE = Path(__file__).with_name("trend_measures.csv")
COLUMNS = ["force", "period", "measure", "definition", "publisher", "value", "unit", "status", "source_id", "note"]


def trend_measures() -> pd.DataFrame:
    """The measures a trend shows, with their definitions (from ``trend_measures.csv``)."""
    rows = read_table(_MEASURES_FILE, ("measure", "category", "unit", "publisher", "definition"))
    return pd.DataFrame([{k: r[k] for k in ("measure", "category", "unit", "publisher", "definition")}
                         for r in rows])


@memoise
def force_trend(force: str) -> pd.DataFrame:
    """A force's (or England and Wales's) headline figures 2020/21 onwards, newest first.

    Columns: ``force, period, measure, definition, publisher, value, unit, status, source_id, note``.  Where
    sources disagree on a figure the most reliable is kept (published, then derived, then uncertain) and the note
    names the alternatives.  Raises :class:`NotAvailableError` if the force has no figure at all.
    """
    name = ENGLAND_AND_WALES if force == ENGLAND_AND_WALES else resolve(force).name
    spec = trend_measures()
    obs = load_observations(with_sources=False)
    sel = obs[(obs.force == name) & obs.period.isin(TREND_PERIODS)]
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
        for period in TREND_PERIODS:
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
        raise NotAvailableError("trend figures for", name, sorted(set(obs.loc[obs.period.isin(TREND_PERIODS),
                                                                                  "force"])),
                                why=f"No headline figure for {name} between {TREND_PERIODS[0]} and "
                                    f"{TREND_PERIODS[-1]}. Forces with one")
    table["force"] = name
    table = table[COLUMNS].sort_values(["period", "measure"], ascending=[False, True], ignore_index=True)
    return table
