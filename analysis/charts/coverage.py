"""Charts about the data itself: which key figures exist per force, and the status of every figure."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import offset_copy

from analysis.charts import export as fg
from analysis.charts.chart import Chart
from analysis.data.forces import normalise_force, territorial_forces
from analysis.data.registers import DATASETS
from analysis.data.sources import load_sources
from analysis.data.vocabulary import DEFAULT_FORCE
from analysis.tables.coverage import (
    DATASET_LABELS,
    PRESS_KINDS,
    STATUSES,
    TOPICS,
    coverage_matrix,
    force_coverage,
    observations_or_load,
    status_summary,
    topic,
    topic_summary,
)

__all__ = ["STATUS_COLOURS", "STATUS_LEGEND", "data_coverage_chart", "data_status_chart"]

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
    """After :func:`analysis.charts.export.decorate`: widen the left margin, make room above/below the axes."""
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


def data_coverage_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Tile chart: the 43 forces against the key figures, coloured by status, focus force highlighted."""
    focus = normalise_force(focus)
    obs = observations_or_load()
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
    seed, newest = topic("iopc_2020_21_cases").period, topic("iopc_2024_25_cases_finalised").period
    ho_period = topic("ho_misconduct_2020_21").period
    focus_n = int(table[(table.force == focus)].available.sum()) if focus in forces else 0
    title = (f"IOPC per-force complaint counts exist for {n_cases} of {len(forces)} forces in {seed}, "
             f"and for {n_2025} in {newest}")
    subtitle = "Which key figures the data holds for each territorial force, by status of the figure"
    datasets = sorted({d for t in TOPICS for d in t.datasets})
    source = _source_line(datasets, obs, extra=("HMICFRS",))
    alt = (f"A grid of the {len(forces)} territorial police forces of England and Wales against {len(TOPICS)} "
           f"key figures. {n_cases} forces have IOPC complaint cases for {seed} (from local press reports), "
           f"{n_rate} a published rate per 1,000 employees and {n_ho} Home Office misconduct figures for "
           f"{ho_period}; the IOPC {newest} table of cases finalised covers {n_2025}. {focus} has {focus_n} of the "
           f"{len(TOPICS)}.")
    notes = ("Colour shows the most reliable figure found: published, derived (computed or reconstructed) or "
             "uncertain.")
    data = statuses.reset_index()
    chart = Chart("data-coverage", fig, title, subtitle, source, alt, data, notes)
    _reserve(chart.fig, left=0.2, top_in=0.75, bottom_in=0.3)
    return chart


def data_status_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Stacked bars: the figures of each dataset by status (published, derived, uncertain)."""
    obs = observations_or_load()
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
