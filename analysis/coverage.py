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

import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import offset_copy

from . import figures as fg
from . import stats
from .build import dataset_register
from .charts import Chart, register
from .checks import HANDLING, IOPC_CATEGORIES, reconcile
from .datasets import DATASETS
from .forces import ENGLAND_AND_WALES, load_forces, normalise_force, territorial_forces
from .observations import load_observations
from .reference import load_counting_units, load_met_foi_request, load_peel_grades
from .sources import load_sources

#: Statuses, most reliable first, and what each means.
STATUSES: tuple[str, ...] = ("published", "derived", "uncertain")
STATUS_MEANINGS: dict[str, str] = {
    "published": "copied as the publication printed it",
    "derived": "computed or reconstructed from published figures (the note says how)",
    "uncertain": "ambiguous wording, conflicting sources, or an unclear year or unit (the note says why)",
}
_RANK = {s: i for i, s in enumerate(STATUSES)}

#: Source kinds that are press reports of someone else's figures (secondary sources).
PRESS_KINDS: tuple[str, ...] = ("press report of official figures",)

#: Short labels for the datasets, for tables and charts.
DATASET_LABELS: dict[str, str] = {
    "iopc_2020_21_national": "IOPC 2020/21, England and Wales",
    "iopc_2020_21_forces": "IOPC 2020/21, per force (press reports)",
    "iopc_national_later_years": "IOPC 2021/22 to 2024/25, England and Wales",
    "iopc_forces_later_years": "IOPC after 2020/21, per force (partial)",
    "iopc_2024_25_cases_finalised": "IOPC 2024/25, cases finalised per force",
    "iopc_2024_25_reviews": "IOPC 2024/25, reviews per force (Table 27)",
    "iopc_2024_25_allegations_by_category": "IOPC 2024/25, allegations by category (Table 6)",
    "iopc_2024_25_sch3_subcategory": "IOPC 2024/25, Schedule 3 by sub-category (Table 18)",
    "iopc_2024_25_national": "IOPC 2024/25, England and Wales",
    "force_complaint_statements": "Force and PCC statements",
    "home_office_misconduct_2020_21": "Home Office misconduct, year to March 2021",
    "home_office_misconduct_2020_21_regions": "Home Office misconduct, regions",
    "home_office_misconduct_later_years": "Home Office misconduct, years to March 2022-24",
    "pa_foi_sexual_assault": "PA FOI survey, sexual assault 2016-2020",
    "avon_somerset_foi_sexual_misconduct": "Avon and Somerset FOI, sexual misconduct",
    "met_casey_review": "Casey review (Met), interim report",
    "peel_2018_19_staffordshire": "HMICFRS PEEL 2018/19, Staffordshire",
    "workforce_2021": "Police workforce, 31 March 2021",
    "officers_fte_other_dates": "Police officers (FTE), other dates",
    "workforce_headlines": "Police workforce, headlines and BTP",
    "population_mid2020": "ONS population, mid-2020",
    "population_mid2019": "ONS population, mid-2019",
}


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


TOPICS: tuple[Topic, ...] = (
    Topic("iopc_2020_21_cases", "IOPC 2020/21: complaint cases logged", "IOPC 2020/21", "Cases logged",
          ("iopc_2020_21_forces",), "complaint_cases_logged", ("all",), unit="count", period="2020/21"),
    Topic("iopc_2020_21_allegations", "IOPC 2020/21: allegations logged", "IOPC 2020/21", "Allegations logged",
          ("iopc_2020_21_forces",), "allegations_logged", ("all",), unit="count", period="2020/21"),
    Topic("iopc_2020_21_handling", "IOPC 2020/21: allegations finalised by handling", "IOPC 2020/21",
          "Finalised by handling", ("iopc_2020_21_forces",), "allegations_finalised", HANDLING,
          require_all=True, unit="count", period="2020/21"),
    Topic("iopc_2020_21_categories", "IOPC 2020/21: allegations by category", "IOPC 2020/21", "By category",
          ("iopc_2020_21_forces",), "allegations_logged", IOPC_CATEGORIES, unit="count", period="2020/21"),
    Topic("iopc_2020_21_rate", "IOPC 2020/21: published rate per 1,000 employees", "IOPC 2020/21",
          "Rate per 1,000 employees", ("iopc_2020_21_forces",), "complaint_cases_per_1000_employees",
          unit="per_1000_employees", period="2020/21"),
    Topic("ho_misconduct_2020_21", "Home Office misconduct, year to March 2021", "Home Office",
          "Home Office misconduct 2020/21", ("home_office_misconduct_2020_21",), period="2020/21"),
    Topic("peel_legitimacy", "HMICFRS PEEL 2018/19 legitimacy grade", "HMICFRS",
          "HMICFRS PEEL grade 2018/19",
          source="peel"),
    Topic("iopc_2024_25_cases_finalised", "IOPC 2024/25: complaint cases finalised", "IOPC 2024/25",
          "Cases finalised", ("iopc_2024_25_cases_finalised",), period="2024/25"),
    Topic("iopc_2024_25_reviews", "IOPC 2024/25: outcomes of IOPC reviews (Table 27)", "IOPC 2024/25",
          "IOPC reviews", ("iopc_2024_25_reviews",), period="2024/25"),
    Topic("iopc_2024_25_categories", "IOPC 2024/25: allegations by category (Table 6)", "IOPC 2024/25",
          "By category", ("iopc_2024_25_allegations_by_category",), period="2024/25"),
)


def _obs(obs: pd.DataFrame | None = None) -> pd.DataFrame:
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
    table = dataset_register(_obs(obs))
    table.insert(1, "label", table.dataset.map(DATASET_LABELS).fillna(table.dataset))
    return table


def _topic_rows(t: Topic, obs: pd.DataFrame) -> pd.DataFrame:
    """The figures behind a topic: ``force, category, status, source_id``."""
    if t.source == "peel":
        grades = load_peel_grades("PEEL 2018/19")
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
    uncertain, as :func:`analysis.complaints.pick` chooses; empty when not
    available), ``n_figures`` and ``source_ids`` (semicolon-separated).
    """
    obs = _obs(obs)
    forces = territorial_forces()
    codes = load_forces().set_index("force")["geo_code"]
    frames = []
    for t in TOPICS:
        rows = _topic_rows(t, obs)
        grouped = rows.groupby("force")
        found = pd.DataFrame({
            "n_figures": grouped.size(),
            "status": grouped.status.agg(lambda s: min(s, key=_RANK.get)),
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
    obs = _obs(obs)
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
    ``n_met_foi_rows``, ``n_counting_units`` and ``cited`` (anywhere)."""
    obs = _obs(obs)
    sources = load_sources()[["source_id"]].copy()
    tables = {"n_figures": obs, "n_peel_grades": load_peel_grades(inspection=None),
              "n_met_foi_rows": load_met_foi_request(), "n_counting_units": load_counting_units()}
    for column, frame in tables.items():
        sources[column] = sources.source_id.map(frame.groupby("source_id").size()).fillna(0).astype("int64")
    sources["cited"] = sources[list(tables)].sum(axis=1) > 0
    return sources


def source_summary(by: str = "kind", obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The source register counted by ``kind``, ``publisher``, ``producer`` or ``licence``.

    Columns: ``<by>, n_sources`` (registered), ``n_cited`` (cited by a
    figure or a reference table: PEEL grades, the Met FOI request, counting
    units), ``n_figures``, ``share_figures`` (percent of all figures); sorted
    by figures, then sources.
    """
    obs = _obs(obs)
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
    obs = _obs(obs)
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
    obs = _obs(obs)
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
                         "population_mid2019")


def small_counts(threshold: float = stats.SMALL_COUNT, obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts below ``threshold`` (default :data:`analysis.stats.SMALL_COUNT`) for the territorial forces.

    Only counts of events (unit ``count``), not denominators.  Small counts
    give wide intervals: a difference of a few cases is noise.  Columns:
    ``force, dataset, period, measure, category, value, status, source_id``.
    """
    obs = _obs(obs)
    sel = obs[obs.unit.isin(_EVENT_UNITS) & ~obs.dataset.isin(_DENOMINATOR_DATASETS)
              & obs.force.isin(territorial_forces()) & (obs.value < threshold)]
    cols = ["force", "dataset", "period", "measure", "category", "value", "status", "source_id"]
    return sel[cols].sort_values(["force", "dataset", "measure", "category"], ignore_index=True)


def small_count_summary(threshold: float = stats.SMALL_COUNT, obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per dataset: event counts for territorial forces, how many are below ``threshold``, and the share."""
    obs = _obs(obs)
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
    obs = _obs(obs)
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

    ``recon`` defaults to :func:`analysis.checks.reconcile` on the observations
    (the table the build writes to ``data/processed/reconciliation.csv``).
    """
    recon = reconcile(_obs()) if recon is None else recon
    fam = recon.rule.map(_rule_family)
    grouped = recon.assign(check=fam, is_ok=recon.result == "ok").groupby("check", sort=False)
    table = pd.DataFrame({"n_checks": grouped.size(), "n_ok": grouped.is_ok.sum().astype("int64")})
    table["n_kept"] = table.n_checks - table.n_ok
    return table.reset_index()


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------
#: Tile colours by status (Okabe-Ito); "" = no figure.
STATUS_COLOURS: dict[str, str] = {
    "published": fg.OKABE_ITO["blue"],
    "derived": fg.OKABE_ITO["sky_blue"],
    "uncertain": fg.OKABE_ITO["yellow"],
    "": "#EEEEEE",
}
STATUS_LEGEND: dict[str, str] = {"published": "Published", "derived": "Derived", "uncertain": "Uncertain (?)",
                                 "": "No figure"}


def _wrap_label(text: str, width: int = 9) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False))


def _reserve(fig, left: float | None = None, top_in: float = 0.0, bottom_in: float = 0.0) -> None:
    """After :func:`analysis.figures.decorate`: widen the left margin, make room above/below the axes."""
    h = fig.get_figheight()
    pars = fig.subplotpars
    fig.subplots_adjust(left=pars.left if left is None else left, top=pars.top - top_in / h,
                        bottom=pars.bottom + bottom_in / h)


def _source_line(datasets: list[str], obs: pd.DataFrame, extra: tuple[str, ...] = ()) -> str:
    """Producers of the datasets used (register order), plus "local press reports" when any figure is one."""
    producers = list(dict.fromkeys(d.producer for d in DATASETS if d.name in datasets))
    producers += [p for p in extra if p not in producers]
    kinds = load_sources().set_index("source_id")["kind"]
    used = obs[obs.dataset.isin(datasets)]
    text = "; ".join(producers)
    if used.source_id.map(kinds).isin(PRESS_KINDS).any():
        text += " (some figures as reported in local press)"
    return text


@register("data-coverage")
def data_coverage(focus: str = "Staffordshire") -> Chart:
    """Tile chart: the 43 forces against the key figures, coloured by status, focus force highlighted."""
    focus = normalise_force(focus)
    obs = _obs()
    table = force_coverage(obs)
    forces = territorial_forces()
    statuses = coverage_matrix(obs)
    codes = {s: i for i, s in enumerate(STATUS_COLOURS)}
    grid = statuses.apply(lambda col: col.map(codes)).to_numpy(dtype=float)
    n_rows, n_cols = grid.shape
    row_in = 0.17
    fig, ax = fg.new_figure(height=n_rows * row_in + 3.4, grid_axis="y")
    ax.grid(False)
    cmap = ListedColormap(list(STATUS_COLOURS.values()))
    ax.pcolormesh(np.arange(n_cols + 1), np.arange(n_rows + 1), grid, cmap=cmap, vmin=-0.5,
                  vmax=len(STATUS_COLOURS) - 0.5, edgecolors="white", linewidth=1.2)
    for i in range(n_rows):
        for j in range(n_cols):
            if statuses.iat[i, j] == "uncertain":
                ax.text(j + 0.5, i + 0.5, "?", ha="center", va="center", fontsize=7, color=fg.TEXT)
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_yticks(np.arange(n_rows) + 0.5, forces, fontsize=7.5)
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(n_cols) + 0.5, [_wrap_label(t.short) for t in TOPICS], fontsize=6.5)
    ax.tick_params(axis="x", length=0, pad=2)
    ax.tick_params(axis="y", length=0, pad=3)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if focus in forces:
        i = forces.index(focus)
        label = ax.get_yticklabels()[i]
        label.set_color(fg.FOCUS)
        label.set_fontweight("bold")
        ax.add_patch(Rectangle((0, i), n_cols, 1, fill=False, edgecolor=fg.FOCUS, linewidth=1.6, clip_on=False,
                               zorder=4))
    # Headers above the column labels for groups of several columns (single columns name their source).
    groups: list[list] = []
    for j, t in enumerate(TOPICS):
        if groups and groups[-1][0] == t.group:
            groups[-1][2] = j
        else:
            groups.append([t.group, j, j])
    above = offset_copy(ax.get_xaxis_transform(), fig=fig, y=31, units="points")
    for name, start, end in groups:
        if end == start:
            continue
        ax.text((start + end + 1) / 2, 1, name, transform=above, ha="center", va="bottom", fontsize=7.5,
                fontweight="bold", color=fg.TEXT)
        ax.plot([start + 0.08, end + 0.92], [1, 1], transform=above, color="#888888", lw=0.8, clip_on=False)
    handles = [Patch(facecolor=c, edgecolor="#999999" if s == "" else c, label=STATUS_LEGEND[s])
               for s, c in STATUS_COLOURS.items()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.004), ncol=4, fontsize=7.5,
              handlelength=1.2, columnspacing=1.2, borderaxespad=0.3)

    summary = topic_summary(obs).set_index("topic")
    n_cases = int(summary.at[topic("iopc_2020_21_cases").label, "forces"])
    n_2025 = int(summary.at[topic("iopc_2024_25_cases_finalised").label, "forces"])
    n_rate = int(summary.at[topic("iopc_2020_21_rate").label, "forces"])
    n_ho = int(summary.at[topic("ho_misconduct_2020_21").label, "forces"])
    focus_n = int(table[(table.force == focus)].available.sum()) if focus in forces else 0
    title = (f"IOPC per-force complaint counts exist for {n_cases} of {len(forces)} forces in 2020/21, "
             f"and for {n_2025} in 2024/25")
    subtitle = "Which key figures the data holds for each territorial force, by status of the figure"
    datasets = sorted({d for t in TOPICS for d in t.datasets})
    source = _source_line(datasets, obs, extra=("HMICFRS",))
    alt = (f"A grid of the {len(forces)} territorial police forces of England and Wales against {len(TOPICS)} "
           f"key figures. {n_cases} forces have IOPC complaint cases for 2020/21 (from local press reports), "
           f"{n_rate} a published rate per 1,000 employees and {n_ho} Home Office misconduct figures for the year "
           f"to March 2021; the IOPC 2024/25 table of cases finalised covers {n_2025}. {focus} has {focus_n} of the "
           f"{len(TOPICS)}.")
    notes = ("Colour shows the most reliable figure found: published, derived (computed or reconstructed) or "
             "uncertain.")
    data = statuses.reset_index()
    chart = Chart("data-coverage", fig, title, subtitle, source, alt, data, notes)
    _reserve(chart.fig, left=0.2, top_in=0.75, bottom_in=0.3)
    return chart


@register("data-status")
def data_status(focus: str = "Staffordshire") -> Chart:
    """Stacked bars: the figures of each dataset by status (published, derived, uncertain)."""
    obs = _obs()
    table = status_summary(obs, by="dataset")
    table.insert(1, "label", table.dataset.map(DATASET_LABELS).fillna(table.dataset))
    n = len(table)
    fig, ax = fg.new_figure(height=n * 0.36 + 2.6, grid_axis="x")
    y = np.arange(n)
    left = np.zeros(n)
    for s in STATUSES:
        ax.barh(y, table[s], left=left, height=0.5, color=STATUS_COLOURS[s], label=STATUS_LEGEND[s].split(" (")[0])
        left += table[s].to_numpy()
    for i, row in table.iterrows():
        ax.text(0, i - 0.3, row.label, ha="left", va="bottom", fontsize=7.5, color=fg.TEXT)
        ax.text(row.total + 4, i, f"{row.total:,}", ha="left", va="center", fontsize=7, color="#555555")
    ax.set_ylim(n - 0.5, -1.0)
    ax.set_yticks([])
    ax.set_xlim(0, table.total.max() * 1.1)
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(loc="lower right", ncol=3, fontsize=8, bbox_to_anchor=(1, 1.0), borderaxespad=0.2)
    totals = status_summary(obs).set_index("status")
    share_pub = totals.at["published", "share"]
    share_unc = totals.at["uncertain", "share"]
    title = (f"{share_pub:.0f}% of the {len(obs):,} figures are copied as published; "
             f"{share_unc:.0f}% are marked uncertain")
    worst = table.sort_values(["uncertain", "dataset"], ascending=[False, True]).iloc[0]
    alt = (f"Stacked bars of the {len(obs):,} figures in {n} datasets by status. "
           f"{totals.at['published', 'n_figures']:,} are published, {totals.at['derived', 'n_figures']:,} derived "
           f"and {totals.at['uncertain', 'n_figures']:,} uncertain; the most uncertain figures are in "
           f"{worst.label} ({worst.uncertain:,} of {worst.total:,}).")
    source = "; ".join(dict.fromkeys(d.producer for d in DATASETS)) + " (as transcribed in this project)"
    notes = ("Derived: computed or reconstructed from published figures (e.g. workforce summed over ranks, "
             "tables rebuilt from run-together digits). Uncertain: ambiguous wording, conflicting sources or unclear "
             "year.")
    data = table[["label", "published", "derived", "uncertain", "total"]].rename(columns={"label": "dataset"})
    chart = Chart("data-status", fig, title, "Number of figures per dataset, by status", source, alt, data, notes)
    _reserve(chart.fig, left=0.03, top_in=0.1)
    return chart


# --------------------------------------------------------------------------
# Key figures
# --------------------------------------------------------------------------
def _ids(series: pd.Series) -> str:
    return ";".join(sorted(set(series)))


def key_figures() -> list[dict]:
    """Key figures of notebook ``00-the-data`` (see :mod:`analysis.keyfigures`)."""
    from .observations import figure

    obs = _obs()
    all_ids = _ids(obs.source_id)
    statuses = status_summary(obs).set_index("status")
    kinds = load_sources().set_index("source_id")["kind"]
    press = obs[obs.source_id.map(kinds).isin(PRESS_KINDS)]
    iopc_forces = obs[(obs.dataset == "iopc_2020_21_forces") & obs.force.isin(territorial_forces())]
    cases = _topic_rows(topic("iopc_2020_21_cases"), obs)
    rate = _topic_rows(topic("iopc_2020_21_rate"), obs)
    ho = _topic_rows(topic("ho_misconduct_2020_21"), obs)
    recon = reconcile(obs)
    kept = recon[recon.result != "ok"]
    iopc_staffs = obs[(obs.force == "Staffordshire") & (obs.dataset == "iopc_2020_21_forces")
                      & (obs.measure == "complaint_cases_logged")]
    ho_staffs = obs[(obs.force == "Staffordshire") & (obs.dataset == "home_office_misconduct_2020_21")
                    & (obs.measure == "complaint_cases")]
    return [
        {"key": "figures", "value": len(obs), "unit": "figures", "source_ids": all_ids},
        {"key": "sources_registered", "value": len(load_sources()), "unit": "sources",
         "source_ids": _ids(load_sources().source_id)},
        {"key": "sources_with_figures", "value": obs.source_id.nunique(), "unit": "sources", "source_ids": all_ids},
        {"key": "datasets", "value": obs.dataset.nunique(), "unit": "datasets", "source_ids": all_ids},
        {"key": "share_published", "value": round(float(statuses.at["published", "share"]), 1),
         "unit": "percent", "source_ids": all_ids},
        {"key": "share_derived", "value": round(float(statuses.at["derived", "share"]), 1),
         "unit": "percent", "source_ids": all_ids},
        {"key": "share_uncertain", "value": round(float(statuses.at["uncertain", "share"]), 1),
         "unit": "percent", "source_ids": all_ids},
        {"key": "share_from_press_reports", "value": round(len(press) / len(obs) * 100, 1), "unit": "percent",
         "source_ids": _ids(press.source_id)},
        {"key": "forces_with_iopc_2020_21_figures", "value": iopc_forces.force.nunique(), "unit": "forces",
         "source_ids": _ids(iopc_forces.source_id)},
        {"key": "forces_with_iopc_2020_21_cases", "value": cases.force.nunique(), "unit": "forces",
         "source_ids": _ids(cases.source_id)},
        {"key": "forces_with_published_rate_2020_21", "value": rate.force.nunique(), "unit": "forces",
         "source_ids": _ids(rate.source_id)},
        {"key": "forces_with_ho_misconduct_2020_21", "value": ho.force.nunique(), "unit": "forces",
         "source_ids": _ids(ho.source_id)},
        {"key": "staffordshire_iopc_complaint_cases_2020_21",
         "value": figure("Staffordshire", "2020/21", "complaint_cases_logged", dataset="iopc_2020_21_forces"),
         "unit": "complaint cases", "source_ids": _ids(iopc_staffs.source_id)},
        {"key": "staffordshire_ho_complaint_cases_2020_21",
         "value": figure("Staffordshire", "2020/21", "complaint_cases", dataset="home_office_misconduct_2020_21"),
         "unit": "complaint cases", "source_ids": _ids(ho_staffs.source_id)},
        {"key": "reconciliation_checks", "value": len(recon), "unit": "checks", "source_ids": _ids(recon.source_id)},
        {"key": "published_inconsistencies_kept", "value": len(kept), "unit": "checks",
         "source_ids": _ids(kept.source_id)},
    ]
