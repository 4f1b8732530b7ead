"""Drawing and wording shared by every funnel and interval chart: one place for each.

:func:`draw_funnel` draws limits, the England and Wales line and the forces;
:func:`funnel_headline` writes a headline about the national picture (how
many forces sit outside the range expected), :func:`focus_sentence` the
sentence about the focus force used in alt text, both through
:mod:`analysis.tables.bands`.  :func:`force_display_name` gives a force's name
as it writes it ("South Wales Police", "Durham Constabulary"), so possessives
read right ("South Wales Police's", not "South Wales's").
"""

from __future__ import annotations

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from analysis import stats
from analysis.charts import export as fg
from analysis.data.display_names import display_name, force_notes, possessive
from analysis.tables.bands import BAND_ORDER, band_used, verdict_sentence
from analysis.tables.comparisons import Funnel

__all__ = [
    "EXACT_TAIL_LABEL",
    "UNCERTAIN_NOTE",
    "dispersion_note",
    "draw_dots",
    "draw_funnel",
    "draw_intervals",
    "drawn_limits_at",
    "focus_sentence",
    "force_display_name",
    "funnel_data",
    "funnel_headline",
    "judged_on_exact_tail",
    "log_x",
    "marker_style",
    "possessive",
    "notes_on_forces",
    "top_legend",
]

UNCERTAIN_NOTE = "Hollow markers: figures marked uncertain in the data."


def force_display_name(force: str) -> str:
    """The force's name as it writes it: "South Wales Police", "Cumbria Constabulary", "Metropolitan Police
    Service" (the register ``data/registers/force_display_names.csv``)."""
    return display_name(force)


def notes_on_forces(forces) -> str:
    """The notes said wherever these forces' figures appear ("City of London Police: figures include Action
    Fraud. "), from ``data/registers/force_notes.csv``."""
    return "".join(f"{force_display_name(f)}: {n}. " for f in sorted(set(forces)) for n in force_notes(f, True))


def log_x(ax) -> None:
    """A log x axis with plain comma-formatted numbers (no scientific notation)."""
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    # Unlabelled marks at 2 and 5 in each decade show the log spacing; every sub-decade mark would cost
    # about 50 tick objects per chart to draw (the force pages draw 300 charts).
    ax.xaxis.set_minor_locator(mticker.LogLocator(subs=(2.0, 5.0)))
    ax.xaxis.set_minor_formatter(mticker.NullFormatter())


def top_legend(ax) -> None:
    """Legend in a row above the plot area, where it cannot hide a point."""
    ncol = 3 if ax.figure.get_figwidth() >= fg.WIDTH_IN else 2  # two columns on a phone variant
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=ncol, fontsize=7.5, borderaxespad=0,
              handlelength=1.8, columnspacing=1.2)


def marker_style(status: str, colour: str) -> dict:
    """Filled markers for published/derived figures, hollow for uncertain ones."""
    if status == "uncertain":
        return {"facecolors": "white", "edgecolors": colour, "linewidths": 1.2}
    return {"color": colour}


def draw_dots(ax, x, y, colours, statuses, sizes, label: str | None = None):
    """Many points as one scatter (one artist, not one per force: drawing stays fast), styled as
    :func:`marker_style`: filled for published and derived figures, hollow for uncertain ones."""
    colours = list(colours)
    hollow = np.asarray(list(statuses)) == "uncertain"
    faces = ["white" if h else c for c, h in zip(colours, hollow)]
    return ax.scatter(x, y, s=sizes, facecolors=faces, edgecolors=colours, linewidths=np.where(hollow, 1.2, 1.5),
                      zorder=3, label=label)


def draw_intervals(ax, at, low, high, colours, lw: float, vertical: bool = False):
    """Many interval lines as one artist: horizontal at heights ``at`` (``vertical``: upright at ``at``)."""
    draw = ax.vlines if vertical else ax.hlines
    return draw(list(at), list(low), list(high), colors=list(colours), linewidths=lw, capstyle="projecting",
                zorder=2)


#: Legend of the ring drawn round a force that lies outside a drawn line but is judged on its exact tail.
EXACT_TAIL_LABEL = "Ringed: few cases, judged on exact tail"


def drawn_limits_at(f: Funnel, sizes) -> pd.DataFrame:
    """The limits :func:`draw_funnel` draws, at the given sizes: columns ``size, level, lower, upper``.

    The random-effects limits when the funnel is over-dispersed, else the exact (interpolated) limits.
    """
    sizes = np.asarray(sizes, float)
    if f.overdispersed:
        scale = "logit" if f.kind == "proportion" else "identity"
        table = stats.funnel_limits_additive(f.target, sizes, f.dispersion.tau2, kind=f.kind, per=f.per,
                                             scale=scale)
    elif f.kind == "proportion":
        table = stats.funnel_limits_proportion(f.target, sizes)
    else:
        table = stats.funnel_limits_rate(f.target, sizes, per=f.per)
    return table.rename(columns={"n": "size", "exposure": "size"})


def judged_on_exact_tail(f: Funnel) -> np.ndarray:
    """True for each force drawn beyond a limit line (or beyond the 99.8% line) that its verdict does not put
    it beyond: a force with very few cases (one review out of one) can sit above a drawn line while its exact
    binomial or Poisson tail says it is within the range expected.  :func:`draw_funnel` rings these points, so
    the picture agrees with the words."""
    points = f.points
    if points.empty:
        return np.zeros(0, bool)
    limits = drawn_limits_at(f, points["size"].to_numpy(float))
    drawn = np.zeros(len(points), int)
    for index, level in ((1, 0.95), (2, 0.998)):
        lim = limits[np.isclose(limits.level, level)].drop_duplicates("size").set_index("size")
        lower = points["size"].map(lim.lower).to_numpy(float)
        upper = points["size"].map(lim.upper).to_numpy(float)
        beyond = (points.value.to_numpy(float) > upper) | (points.value.to_numpy(float) < lower)
        drawn = np.where(beyond, index, drawn)
    used = np.array([BAND_ORDER.index(b) if isinstance(b, str) else 0
                     for b, _ in (band_used(row, f.overdispersed) for _, row in points.iterrows())])
    return drawn > used


def draw_funnel(ax, f: Funnel, focus: str, scale: float) -> None:
    """Limits (adjusted when over-dispersed), the England and Wales line, every force, the focus labelled; a
    force outside a line that its exact tail keeps inside is ringed (:func:`judged_on_exact_tail`)."""
    limits = f.limits_adjusted if f.overdispersed else f.limits
    for level, style in ((0.95, "--"), (0.998, "-")):
        lim = limits[np.isclose(limits.level, level)]
        label = f"{level:.1%} limits".replace(".0%", "%") + (", adjusted" if f.overdispersed else "")
        colour = fg.LIMIT_95 if level == 0.95 else fg.LIMIT_998
        ax.plot(lim["size"], lim["lower"] * scale, style, color=colour, lw=1, label=label)
        ax.plot(lim["size"], lim["upper"] * scale, style, color=colour, lw=1)
    ax.axhline(f.target * scale, color=fg.NATIONAL, lw=1.5, label="England and Wales")
    points = f.points
    is_focus = (points.force == focus).to_numpy()
    draw_dots(ax, points["size"], points.value * scale, np.where(is_focus, fg.FOCUS, fg.OTHER), points.status,
              np.where(is_focus, 46, 26))
    ringed = judged_on_exact_tail(f)
    if ringed.any():
        ax.scatter(points["size"][ringed], points.value[ringed] * scale, s=150, facecolors="none",
                   edgecolors=fg.OTHER, linewidths=1, linestyles="dotted", zorder=2, label=EXACT_TAIL_LABEL)
    low, high = ax.get_ylim()
    for row in points[is_focus].itertuples():
        # above-right of the point, or below-right when the point is near the top (the legend sits there)
        near_top = (row.value * scale - low) > 0.85 * (high - low)
        ax.annotate(focus, (row.size, row.value * scale), xytext=(7, -7 if near_top else 7),
                    textcoords="offset points", va="top" if near_top else "baseline",
                    color=fg.FOCUS, fontweight="bold", fontsize=9, bbox=fg.LABEL_BOX, zorder=4)
    log_x(ax)
    top_legend(ax)


def funnel_data(f: Funnel, scale: float, value_name: str, size_name: str) -> pd.DataFrame:
    """The plotted values: one row per force with its band and verdict, and the England and Wales value."""
    data = f.points[["force", "observed", "size", "value", "status", "band"]].copy()
    data["value"] = data["value"] * scale
    if f.overdispersed:
        data["band_adjusted"] = f.points["band_adjusted"]
    data["verdict"] = f.points["verdict"]
    data["judged_on_exact_tail"] = judged_on_exact_tail(f)
    data["england_and_wales"] = f.target * scale
    return data.rename(columns={"value": value_name, "size": size_name})


def funnel_headline(f: Funnel, what: str) -> str:
    """A headline about the national picture: how many forces are higher or lower than expected.

    ``what`` names the measure with a capital, e.g. "Complaint cases finalised per 1,000 officers".
    """
    verdicts = f.points.verdict
    higher, lower = int(verdicts.str.contains("higher").sum()), int(verdicts.str.contains("lower").sum())
    n = len(f.points)
    if higher == lower == 0:
        return f"{what}: all {n} forces within the range expected"
    if not higher:
        return f"{what}: {lower} of {n} forces lower than expected"
    return f"{what}: {higher} of {n} forces higher than expected" + (f", {lower} lower" if lower else "")


def focus_sentence(f: Funnel, focus: str, fmt: str, scale: float = 1.0) -> str:
    """The focus force's value and verdict in words, for alt text (``fmt`` formats the value times ``scale``)."""
    points = f.points.set_index("force")
    if focus not in points.index:
        return f"{force_display_name(focus)} has no figure in this chart."
    row = points.loc[focus]
    band, direction = band_used(row, f.overdispersed)
    return (f"{force_display_name(focus)}: {fmt.format(row.value * scale)}, "
            f"{verdict_sentence(band, direction, f.overdispersed)}.")


def dispersion_note(f: Funnel) -> str:
    """The over-dispersion test in plain words, no p-value (for notes, never titles)."""
    if f.overdispersed:
        return ("Forces vary far more than chance would explain, so the limits are widened for normal variation "
                "between forces. ")
    return "Forces vary no more than chance would explain: exact limits. "
