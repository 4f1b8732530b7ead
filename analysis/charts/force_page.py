"""The newest year's charts of one force's page, with titles that say what the chart shows for that force.

:func:`force_funnel_chart` is the funnel of a national funnel of the latest
year (its own newest, :func:`analysis.tables.latest.funnel_period`) with the force highlighted and its value and verdict in the
headline; :func:`force_strip_chart` is a short strip: every force's value as a
grey dot, the force's value with its 95% interval, and England and Wales's
line.  Both are small enough to be drawn again for a phone (see
:func:`analysis.charts.export.phone_size`).
"""

from __future__ import annotations

import matplotlib.ticker as mticker
import numpy as np

from analysis.charts import export as fg
from analysis.charts.chart import Chart
from analysis.charts.funnel import (
    UNCERTAIN_NOTE,
    dispersion_note,
    draw_dots,
    draw_funnel,
    focus_sentence,
    force_display_name,
    funnel_data,
    log_x,
    notes_on_forces,
)
from analysis.data.forces import normalise_force
from analysis.tables import latest
from analysis.tables.bands import band_used, verdict

__all__ = ["force_chart_names", "force_funnel_chart", "force_strip_chart"]

SOURCE = "IOPC police complaints statistics; Home Office police workforce; ONS population estimates"
_SIZE_LABELS = {"officers": "Police officers (full-time equivalent, log scale)",
                "population": "Population (log scale)"}


def force_chart_names(key: str) -> tuple[str, str]:
    """The names of the funnel and the strip of national funnel ``key`` for its newest year (names say
    ``newest``, not the year: the year is data)."""
    return f"{key}-newest-funnel", f"{key}-newest-strip"


def _parts(key: str, focus: str):
    spec = {s.key: s for s in latest.NATIONAL_FUNNELS}[key]
    period = latest.funnel_period(key)
    f = latest.national_funnel(key, period)
    scale, fmt = (1.0, "{:,.0f}") if f.kind == "rate" else (100.0, "{:.0f}%")
    return spec, period, f, scale, fmt


def _headline(f, focus: str, label: str, fmt: str, scale: float) -> str:
    points = f.points.set_index("force")
    name = force_display_name(focus)
    if focus not in points.index:
        return f"{name} has no figure for {label[0].lower() + label[1:]}"
    row = points.loc[focus]
    band, direction = band_used(row, f.overdispersed)
    return (f"{name}: {fmt.format(row.value * scale)} {label[0].lower() + label[1:]}, "
            f"{verdict(band, direction)}")


def force_funnel_chart(key: str, focus: str) -> Chart:
    """Funnel ``key`` of its newest year, ``focus`` highlighted, titled with the force's verdict."""
    focus = normalise_force(focus)
    spec, period, f, scale, fmt = _parts(key, focus)
    fig, ax = fg.new_figure(height=4.6)
    draw_funnel(ax, f, focus, scale)
    if f.kind == "proportion":
        ax.yaxis.set_major_formatter(mticker.PercentFormatter(100))
    ax.set_xlabel(_SIZE_LABELS.get(spec.basis, f"{spec.basis.capitalize()} (log scale)"))
    title = _headline(f, focus, spec.label, fmt, scale) + f", {period}"
    alt = (f"Funnel plot of {spec.label.lower()} in {period} for {len(f.points)} forces against their size, "
           f"{force_display_name(focus)} highlighted. England and Wales: {fmt.format(f.target * scale)}. "
           + focus_sentence(f, focus, fmt, scale))
    return Chart(force_chart_names(key)[0], fig, title,
                 f"{spec.label}, {period}: each dot a force; the lines are the 95% and 99.8% limits around "
                 "England and Wales", SOURCE, alt, funnel_data(f, scale, "value", "size"),
                 dispersion_note(f) + notes_on_forces(f.points.force) + UNCERTAIN_NOTE)


def force_strip_chart(key: str, focus: str) -> Chart:
    """One line: every force's value (grey), ``focus`` with its 95% interval, England and Wales's value."""
    focus = normalise_force(focus)
    spec, period, f, scale, fmt = _parts(key, focus)
    points = f.points.set_index("force")
    fig, ax = fg.new_figure(height=2.6, grid_axis="x", left=0.04)
    others = points.drop(index=[focus], errors="ignore")
    # two rows: the other forces above, the force and its interval below, so no grey dot hides the interval
    draw_dots(ax, others.value * scale, np.full(len(others), 0.3), [fg.OTHER] * len(others), others.status, 22,
              label="Other forces")
    ax.axvline(f.target * scale, color=fg.NATIONAL, lw=1.2, ls=":", label="England and Wales")
    if focus in points.index:
        row = points.loc[focus]
        ax.hlines([-0.3], [row.ci_low * scale], [row.ci_high * scale], colors=[fg.FOCUS], linewidths=3, zorder=2)
        ax.vlines([row.ci_low * scale, row.ci_high * scale], -0.45, -0.15, colors=[fg.FOCUS], linewidths=1.5,
                  zorder=2)
        draw_dots(ax, [row.value * scale], [-0.3], [fg.FOCUS], [row.status], 60, label=force_display_name(focus))
    ax.set_yticks([])
    ax.set_ylim(-1, 1)
    if f.kind == "proportion":
        ax.xaxis.set_major_formatter(mticker.PercentFormatter(100))
    elif points.value.max() > 10 * points.value.min() > 0:  # City of London per head: one far outlier
        log_x(ax)
        ax.set_xlabel("Log scale")
    ax.legend(loc="upper left", ncol=2, fontsize=7.5, borderaxespad=0.2, handlelength=1.5, columnspacing=1.0)
    title = _headline(f, focus, spec.label, fmt, scale)
    if focus in points.index:
        row = points.loc[focus]
        title += (f" (95% interval {fmt.format(row.ci_low * scale)} to {fmt.format(row.ci_high * scale)}), "
                  f"against {fmt.format(f.target * scale)} for England and Wales")
    alt = (f"Strip of {spec.label.lower()} in {period}: {len(points)} forces as grey dots, "
           f"{force_display_name(focus)} with its 95% interval, England and Wales "
           f"{fmt.format(f.target * scale)}. " + focus_sentence(f, focus, fmt, scale))
    data = funnel_data(f, scale, "value", "size")
    return Chart(force_chart_names(key)[1], fig, title, f"{spec.label}, {period}, with the force's 95% interval",
                 SOURCE, alt, data, "The interval shows chance variation only; the funnel gives the verdict. "
                 + notes_on_forces(f.points.force) + UNCERTAIN_NOTE)
