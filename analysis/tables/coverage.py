"""What the data holds: datasets, sources, statuses, and which figures exist for which force.

Everything here describes the data rather than analysing it, for notebook
``00-the-data`` (and the limitations in ``05-limitations``):

- :func:`dataset_summary`: one row per dataset (producer, periods, figures,
  statuses, "27 of 43" forces covered, national yes/no);
- :func:`force_coverage`: a tidy table, per territorial force and
  :data:`TOPICS` entry, of whether the key figure exists and its status;
- :func:`status_summary`, :func:`source_summary`: how the figures divide by
  status and by kind of source (official statistics, press report, ...);
- :func:`missing_forces`, :func:`small_counts`, :func:`alternatives`,
  :func:`reconciliation_summary`: the gaps, small numbers, competing
  publications and consistency checks;
- charts ``data-coverage`` and ``data-status``; :func:`key_figures`.

All numbers are computed from :func:`analysis.load_observations` and the
reference tables; nothing is typed in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import stats
from analysis.data.forces import ENGLAND_AND_WALES, load_forces, load_places, territorial_forces
from analysis.data.glossary import load_glossary
from analysis.data.observations import load_observations
from analysis.data.reconciliation import reconcile
from analysis.data.reference import load_counting_units, load_met_foi_request, load_peel_grades
from analysis.data.registers import DATASETS, read_topics
from analysis.data.sources import load_sources
from analysis.data.vocabulary import STATUS_MEANINGS, STATUSES, most_reliable

__all__ = [
    "DATASET_LABELS",
    "PRESS_KINDS",
    "TOPICS",
    "Topic",
    "alternatives",
    "cited_sources",
    "coverage_matrix",
    "dataset_register",
    "dataset_summary",
    "figures_per_force",
    "force_coverage",
    "missing_forces",
    "observations_or_load",
    "press_share",
    "reconciliation_summary",
    "small_count_summary",
    "small_counts",
    "source_summary",
    "status_summary",
    "topic",
    "topic_rows",
    "topic_summary",
]

#: Source kinds that are press reports of someone else's figures (secondary sources).
PRESS_KINDS: tuple[str, ...] = ("press report of official figures",)

#: Short labels for the datasets, for tables and charts (column ``label`` of ``data/registers/datasets.csv``).
DATASET_LABELS: dict[str, str] = {d.name: d.label for d in DATASETS}


@dataclass(frozen=True)
class Topic:
    """A key figure whose availability :func:`force_coverage` checks for every force.

    A force has the topic when it has a figure in one of ``datasets`` with
    ``measure`` (any measure if ``None``), ``unit`` and ``period`` (any if
    ``None``) and a category in ``categories`` (any if ``None``; with
    ``require_all`` every listed category must be there).  ``source`` is
    ``"peel"`` for the HMICFRS grade table instead of the observations.
    """

    key: str
    label: str
    group: str
    short: str
    datasets: tuple[str, ...] = ()
    measure: str | None = None
    categories: tuple[str, ...] | None = None
    require_all: bool = False
    unit: str | None = None
    period: str | None = None
    source: str = "observations"


#: The key figures checked for every force, in order (``data/registers/topics.csv``).
TOPICS: tuple[Topic, ...] = tuple(Topic(**t) for t in read_topics())


def figures_per_force(obs: pd.DataFrame) -> pd.DataFrame:
    """Number of figures per dataset and force, for the 43 territorial forces (zeros included)."""
    counts = obs.groupby(["dataset", "force"]).size()
    index = pd.MultiIndex.from_product([[d.name for d in DATASETS], territorial_forces()],
                                       names=["dataset", "force"])
    table = counts.reindex(index, fill_value=0).rename("n_figures").reset_index()
    return table


def dataset_register(obs: pd.DataFrame) -> pd.DataFrame:
    """One row per dataset: file, title, producer, periods, status counts and force coverage."""
    territorial = set(territorial_forces())
    total = len(territorial)
    rows = []
    for d in DATASETS:
        sel = obs[obs.dataset == d.name]
        n_forces = len(set(sel.force) & territorial)
        rows.append({
            "dataset": d.name, "file": f"data/raw/{d.file}", "title": d.title, "producer": d.producer,
            "periods": "; ".join(sorted(sel.period.unique())), "n_figures": len(sel),
            "n_published": int((sel.status == "published").sum()),
            "n_derived": int((sel.status == "derived").sum()),
            "n_uncertain": int((sel.status == "uncertain").sum()),
            "forces_covered": f"{n_forces} of {total}",
            "national": "yes" if (sel.force == "England and Wales").any() else "no",
            "sources": len(sel.source_id.unique()),
        })
    return pd.DataFrame(rows)


def observations_or_load(obs: pd.DataFrame | None = None) -> pd.DataFrame:
    return load_observations(with_sources=False) if obs is None else obs


def topic(key: str) -> Topic:
    """The :class:`Topic` called ``key``."""
    for t in TOPICS:
        if t.key == key:
            return t
    raise KeyError(f"no topic {key!r}; known: {[t.key for t in TOPICS]}")


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------
def dataset_summary(obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per dataset, in register order (see :func:`analysis.build.dataset_register`).

    Columns: ``dataset, label, file, title, producer, periods, n_figures,
    n_published, n_derived, n_uncertain, forces_covered`` ("27 of 43"),
    ``national`` (yes/no), ``sources`` (number of sources cited).
    """
    table = dataset_register(observations_or_load(obs))
    table.insert(1, "label", table.dataset.map(DATASET_LABELS).fillna(table.dataset))
    return table


def topic_rows(t: Topic, obs: pd.DataFrame) -> pd.DataFrame:
    """The figures behind a topic: ``force, category, status, source_id``."""
    if t.source == "peel":
        grades = load_peel_grades()
        sel = grades[(grades.question == "Legitimacy") & (grades.grade != "Not found")]
        return sel.assign(category=sel.question)[["force", "category", "status", "source_id"]]
    sel = obs[obs.dataset.isin(t.datasets)]
    if t.measure is not None:
        sel = sel[sel.measure == t.measure]
    if t.unit is not None:
        sel = sel[sel.unit == t.unit]
    if t.period is not None:
        sel = sel[sel.period == t.period]
    if t.categories is not None:
        sel = sel[sel.category.isin(t.categories)]
    sel = sel[sel.force != ENGLAND_AND_WALES]
    if t.require_all and t.categories is not None:
        complete = sel.groupby("force").category.nunique()
        sel = sel[sel.force.isin(complete[complete == len(t.categories)].index)]
    return sel[["force", "category", "status", "source_id"]]


def force_coverage(obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which key figures exist for each of the 43 territorial forces (tidy).

    One row per force and :data:`TOPICS` entry, forces alphabetical, topics in
    :data:`TOPICS` order.  Columns: ``force, geo_code, topic`` (the topic's
    label), ``topic_key, group, available`` (bool), ``status`` (the most
    reliable status among the figures found: published before derived before
    uncertain, as :func:`analysis.tables.complaints.pick` chooses; empty when not
    available), ``n_figures`` and ``source_ids`` (semicolon-separated).
    """
    obs = observations_or_load(obs)
    forces = territorial_forces()
    codes = load_forces().set_index("force")["geo_code"]
    frames = []
    for t in TOPICS:
        rows = topic_rows(t, obs)
        grouped = rows.groupby("force")
        found = pd.DataFrame({
            "n_figures": grouped.size(),
            "status": grouped.status.agg(lambda s: most_reliable(s)),
            "source_ids": grouped.source_id.agg(lambda s: ";".join(sorted(set(s)))),
        }).reindex(forces)
        found.index.name = "force"
        found = found.reset_index()
        found.insert(1, "geo_code", found.force.map(codes))
        found.insert(2, "topic", t.label)
        found.insert(3, "topic_key", t.key)
        found.insert(4, "group", t.group)
        found.insert(5, "available", found.n_figures.notna())
        found["n_figures"] = found.n_figures.fillna(0).astype("int64")
        found["status"] = found.status.fillna("").astype(str)
        found["source_ids"] = found.source_ids.fillna("").astype(str)
        frames.append(found)
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values("force", kind="stable", ignore_index=True)


def coverage_matrix(obs: pd.DataFrame | None = None, value: str = "status") -> pd.DataFrame:
    """:func:`force_coverage` as a wide table: one row per force, one column per topic label.

    ``value="status"`` gives the status (empty when missing); ``"available"``
    gives booleans.
    """
    table = force_coverage(obs)
    wide = table.pivot(index="force", columns="topic", values=value)
    return wide[[t.label for t in TOPICS]].rename_axis(columns=None)


def topic_summary(obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per topic: ``topic, group, forces`` (with the figure), ``of``, ``coverage`` ("27 of 43") and counts by status."""
    table = force_coverage(obs)
    rows = []
    for t in TOPICS:
        sel = table[table.topic_key == t.key]
        row = {"topic": t.label, "group": t.group, "forces": int(sel.available.sum()), "of": len(sel)}
        row["coverage"] = f"{row['forces']} of {row['of']}"
        for s in STATUSES:
            row[f"n_{s}"] = int((sel.status == s).sum())
        rows.append(row)
    return pd.DataFrame(rows)


def status_summary(obs: pd.DataFrame | None = None, by: str | None = None) -> pd.DataFrame:
    """How the figures divide by status.

    Without ``by``: one row per status, ``status, n_figures, share`` (percent
    of all figures) and ``meaning``.  With ``by`` (a column of the
    observations, e.g. ``"dataset"``): one row per value, with a column per
    status, ``total`` and ``share_uncertain`` (percent).
    """
    obs = observations_or_load(obs)
    if by is None:
        counts = obs.status.value_counts().reindex(list(STATUSES), fill_value=0)
        return pd.DataFrame({"status": list(STATUSES), "n_figures": counts.to_numpy().astype("int64"),
                             "share": counts.to_numpy() / len(obs) * 100,
                             "meaning": [STATUS_MEANINGS[s] for s in STATUSES]})
    order = list(dict.fromkeys(d.name for d in DATASETS)) if by == "dataset" else sorted(obs[by].unique())
    wide = pd.crosstab(obs[by], obs.status).reindex(index=order, columns=list(STATUSES), fill_value=0)
    wide = wide.loc[[i for i in order if i in set(obs[by])]]
    wide["total"] = wide.sum(axis=1)
    wide["share_uncertain"] = wide["uncertain"] / wide["total"] * 100
    return wide.rename_axis(index=by, columns=None).reset_index()


def cited_sources(obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Where each registered source is cited: ``source_id, n_figures`` (observations), ``n_peel_grades``,
    ``n_met_foi_rows``, ``n_counting_units``, ``n_glossary_terms`` (the law, guidance and methods the glossary
    cites) and ``cited`` (anywhere, the place names included)."""
    obs = observations_or_load(obs)
    sources = load_sources()[["source_id"]].copy()
    tables = {"n_figures": obs, "n_peel_grades": load_peel_grades(inspection=None),
              "n_met_foi_rows": load_met_foi_request(), "n_counting_units": load_counting_units(),
              "n_glossary_terms": load_glossary()}
    for column, frame in tables.items():
        sources[column] = sources.source_id.map(frame.groupby("source_id").size()).fillna(0).astype("int64")
    # a source cited only by the place names people type (data/raw/places.csv) is cited too
    places = load_places().groupby("source_id").size()
    sources["cited"] = (sources[list(tables)].sum(axis=1) > 0) | sources.source_id.isin(places.index)
    return sources


def source_summary(by: str = "kind", obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The source register counted by ``kind``, ``publisher``, ``producer`` or ``licence``.

    Columns: ``<by>, n_sources`` (registered), ``n_cited`` (cited by a
    figure or a reference table: PEEL grades, the Met FOI request, counting
    units), ``n_figures``, ``share_figures`` (percent of all figures); sorted
    by figures, then sources.
    """
    obs = observations_or_load(obs)
    sources = load_sources().merge(cited_sources(obs), on="source_id", how="left", validate="one_to_one")
    grouped = sources.groupby(by)
    table = pd.DataFrame({
        "n_sources": grouped.size(),
        "n_cited": grouped.cited.sum().astype("int64"),
        "n_figures": grouped.n_figures.sum(),
    })
    table["share_figures"] = table.n_figures / len(obs) * 100
    table = table.reset_index().sort_values(["n_figures", "n_sources", by], ascending=[False, False, True],
                                            ignore_index=True)
    return table


def press_share(obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per dataset: figures that come from press reports (sources of a :data:`PRESS_KINDS` kind).

    Columns: ``dataset, label, n_figures, n_press, share_press`` (percent).
    """
    obs = observations_or_load(obs)
    kinds = load_sources().set_index("source_id")["kind"]
    press = obs.source_id.map(kinds).isin(PRESS_KINDS)
    rows = []
    for d in DATASETS:
        mask = obs.dataset == d.name
        n, k = int(mask.sum()), int((mask & press).sum())
        rows.append({"dataset": d.name, "label": DATASET_LABELS.get(d.name, d.name), "n_figures": n,
                     "n_press": k, "share_press": k / n * 100 if n else np.nan})
    return pd.DataFrame(rows)


def missing_forces(obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per dataset, which of the 43 territorial forces it has no figure for.

    Columns: ``dataset, label, scope`` (``per force`` or ``national or
    regional only``), ``forces_covered, n_missing, missing`` (names joined
    with ``"; "``; empty for national or regional datasets, where "missing"
    does not apply).
    """
    obs = observations_or_load(obs)
    forces = territorial_forces()
    rows = []
    for d in DATASETS:
        present = set(obs.loc[obs.dataset == d.name, "force"])
        covered = [f for f in forces if f in present]
        scope = "per force" if covered else "national or regional only"
        missing = [f for f in forces if f not in present] if covered else []
        rows.append({"dataset": d.name, "label": DATASET_LABELS.get(d.name, d.name), "scope": scope,
                     "forces_covered": f"{len(covered)} of {len(forces)}", "n_missing": len(missing),
                     "missing": "; ".join(missing)})
    return pd.DataFrame(rows)


#: Units that count events or things (small numbers matter), not people in post or averages.
_EVENT_UNITS = ("count",)
#: Datasets of denominators, whose counts are never "small" in the sense that matters here.
_DENOMINATOR_DATASETS = ("workforce_2021", "officers_fte_other_dates", "workforce_headlines", "population_mid2020",
                         "population_mid2019", "officers_fte_2025", "workforce_headlines_2025", "population_mid2024")


def small_counts(threshold: float = stats.SMALL_COUNT, obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts below ``threshold`` (default :data:`analysis.stats.SMALL_COUNT`) for the territorial forces.

    Only counts of events (unit ``count``), not denominators.  Small counts
    give wide intervals: a difference of a few cases is noise.  Columns:
    ``force, dataset, period, measure, category, value, status, source_id``.
    """
    obs = observations_or_load(obs)
    sel = obs[obs.unit.isin(_EVENT_UNITS) & ~obs.dataset.isin(_DENOMINATOR_DATASETS)
              & obs.force.isin(territorial_forces()) & (obs.value < threshold)]
    cols = ["force", "dataset", "period", "measure", "category", "value", "status", "source_id"]
    return sel[cols].sort_values(["force", "dataset", "measure", "category"], ignore_index=True)


def small_count_summary(threshold: float = stats.SMALL_COUNT, obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per dataset: event counts for territorial forces, how many are below ``threshold``, and the share."""
    obs = observations_or_load(obs)
    sel = obs[obs.unit.isin(_EVENT_UNITS) & ~obs.dataset.isin(_DENOMINATOR_DATASETS)
              & obs.force.isin(territorial_forces())]
    grouped = sel.assign(small=sel.value < threshold).groupby("dataset")
    table = pd.DataFrame({"n_counts": grouped.size(), "n_small": grouped.small.sum().astype("int64")})
    table["share_small"] = table.n_small / table.n_counts * 100
    order = [d.name for d in DATASETS if d.name in table.index]
    table = table.loc[order].reset_index()
    table.insert(1, "label", table.dataset.map(DATASET_LABELS).fillna(table.dataset))
    return table


def alternatives(obs: pd.DataFrame | None = None, conflicts_only: bool = False) -> pd.DataFrame:
    """Figures published more than once (same force, period, measure, category, unit), side by side.

    One row per figure, grouped: ``force, period, measure, category, unit,
    value, status, source_id, dataset, note``, plus ``n_figures`` and
    ``n_values`` (distinct values) of its group and ``conflict``
    (``n_values > 1``).  Nothing is dropped: where publications disagree the
    data keeps both, the less certain marked ``uncertain``.
    """
    obs = observations_or_load(obs)
    key = ["force", "period", "measure", "category", "unit"]
    sizes = obs.groupby(key).value.agg(["size", "nunique"]).rename(columns={"size": "n_figures",
                                                                          "nunique": "n_values"})
    table = obs.merge(sizes.reset_index(), on=key, how="left")
    table = table[table.n_figures > 1]
    table = table.assign(conflict=table.n_values > 1)
    if conflicts_only:
        table = table[table.conflict]
    cols = key + ["value", "status", "source_id", "dataset", "note", "n_figures", "n_values", "conflict"]
    return table[cols].sort_values(key + ["source_id"], ignore_index=True)


def _rule_family(rule: str) -> str:
    if rule.startswith("sum of "):
        return "force rows add up to the England and Wales row"
    return rule.split(" [")[0]


def reconciliation_summary(recon: pd.DataFrame | None = None) -> pd.DataFrame:
    """The reconciliation checks grouped by rule: ``check, n_checks, n_ok, n_kept`` (published inconsistencies kept).

    ``recon`` defaults to :func:`analysis.data.reconciliation.reconcile` on the observations
    (the table the build writes to ``data/processed/reconciliation.csv``).
    """
    recon = reconcile(observations_or_load()) if recon is None else recon
    fam = recon.rule.map(_rule_family)
    grouped = recon.assign(check=fam, is_ok=recon.result == "ok").groupby("check", sort=False)
    table = pd.DataFrame({"n_checks": grouped.size(), "n_ok": grouped.is_ok.sum().astype("int64")})
    table["n_kept"] = table.n_checks - table.n_ok
    return table.reset_index()
