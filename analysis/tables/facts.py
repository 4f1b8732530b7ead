"""One table of facts for every product: ``data/processed/facts.csv``, built once per ``python -m analysis build``.

One row per force (and England and Wales) x measure x category x period x basis
(the rows of :func:`analysis.tables.summary.force_summary`), with what a reader
of any product needs beside the figure: its rank among the forces with a figure
(``rank``, ``ranked_of``, and ``rank_direction`` saying what 1st means), the
force's previous comparable period and the change from it (only where the
definition is the same: measure, category, basis, unit and length of period),
``scope`` (``national``, ``force`` or ``sum of N forces``: a partial sum is
never England and Wales), notes taken from the data (a force published under
another name, such as City of London's IOPC rows that include Action Fraud; a
period inferred by the transcriber), and the URL of every source.

Researchers read the built table with :func:`analysis.facts`
(:mod:`analysis.data.facts`); products that run inside the build use
:func:`facts_table`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.data.facts import FACTS_COLUMNS, FACTS_KEY, newest_period
from analysis.data.forces import territorial_forces
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.sources import load_sources
from analysis.tables.summary import force_summary

__all__ = ["FACTS_COLUMNS", "FACTS_KEY", "facts_table", "newest_period", "rank_direction"]

#: A publisher's name for a force that says what its figures include, e.g. "City of London (with Action Fraud)".
_QUALIFIED = re.compile(r"\((?P<what>[^)]+)\)")
#: Transcription notes that say the period was inferred rather than printed.
_INFERRED = re.compile(r"period (?:uncertain|inferred)", re.IGNORECASE)


def rank_direction(measure: str, rate_unit: str) -> str:
    """What rank 1 means for a measure: the highest rate or share, the longest average, or the largest count."""
    if measure == "days_to_finalise":
        return "1 = longest average days"
    if rate_unit == "percent":
        return "1 = highest share"
    if rate_unit:
        return "1 = highest rate"
    return "1 = largest count"


def _ranks(table: pd.DataFrame) -> pd.DataFrame:
    territorial = table.force.isin(territorial_forces()) & (table.scope == "force")
    score = table.rate.where(table.rate.notna() & (table.rate_unit != ""), table.value)
    table["rank"] = np.nan
    table["ranked_of"] = np.nan
    ranked = table[territorial & score.notna()]
    groups = ranked.assign(_score=score[ranked.index]).groupby(["period", "measure", "category", "basis"])
    table.loc[ranked.index, "rank"] = groups["_score"].rank(method="min", ascending=False)
    table.loc[ranked.index, "ranked_of"] = groups["_score"].transform("size")
    table["rank_direction"] = [rank_direction(m, u) if pd.notna(r) else ""
                               for m, u, r in zip(table.measure, table.rate_unit, table["rank"])]
    return table


def _previous(table: pd.DataFrame) -> pd.DataFrame:
    """The force's previous comparable period and the change from it.

    Comparable: a financial year with the same measure, category, basis, unit and kind of denominator (a rate on
    officers' headcount is not compared with one on officers' FTE).
    """
    table["previous_period"], table["previous_value"], table["previous_rate"] = "", np.nan, np.nan
    comparable = table.period.str.fullmatch(r"\d{4}/\d{2}")
    keys = ["force", "measure", "category", "basis", "unit", "rate_unit", "denominator_kind"]
    for _, group in table[comparable].groupby(keys, sort=False):
        group = group.sort_values("period")
        table.loc[group.index[1:], "previous_period"] = group.period.to_numpy()[:-1]
        table.loc[group.index[1:], "previous_value"] = group.value.to_numpy()[:-1]
        table.loc[group.index[1:], "previous_rate"] = group.rate.to_numpy()[:-1]
    table["change"] = table.value - table.previous_value
    table["change_pct"] = (table.value / table.previous_value - 1) * 100
    table.loc[table.previous_value == 0, "change_pct"] = np.nan
    return table


def _data_notes(table: pd.DataFrame) -> pd.Series:
    """Notes taken from the observations behind each row: another published name, an inferred period."""
    obs = load_observations(with_sources=False)
    obs = obs[obs.period.isin(set(table.period))]
    qualified = obs[obs.force_as_published.str.contains(r"\(")]
    names = qualified.groupby(["force", "period", "measure"]).force_as_published.agg(lambda s: sorted(set(s)))
    inferred = obs[obs.note.str.contains(_INFERRED)].groupby(["force", "period", "measure"]).size()
    measures = {"complaint_cases_finalised_sch3": "complaint_cases_finalised"}
    notes = []
    for force, period, measure in zip(table.force, table.period, table.measure):
        key = (force, period, measures.get(measure, measure))
        parts = [f"published as '{name}': its figures include {_QUALIFIED.search(name)['what'].removeprefix('with ')}"
                 for name in names.get(key, [])]
        if key in inferred.index:
            parts.append("period inferred: the table's title is not in the text transcribed")
        notes.append("; ".join(parts))
    return pd.Series(notes, index=table.index)


def _urls(source_ids: pd.Series) -> list[str]:
    urls = load_sources().set_index("source_id")["url"].fillna("")
    return [";".join(dict.fromkeys(urls.get(i, "") for i in ids.split(";") if urls.get(i, ""))) for ids in source_ids]


@memoise
def facts_table() -> pd.DataFrame:
    """The facts table (columns :data:`FACTS_COLUMNS`, unique on :data:`FACTS_KEY`), as the build writes it."""
    table = force_summary()
    table = _previous(_ranks(table))
    extra = _data_notes(table)
    table["notes"] = ["; ".join(x for x in (a, b) if x) for a, b in zip(table.note, extra)]
    table["source_urls"] = _urls(table.source_ids)
    return table[FACTS_COLUMNS].reset_index(drop=True)
