"""Charts of the latest complete year (read from the data): every force, as funnel plots and interval plots.

One funnel chart and one interval chart per entry of
:data:`analysis.tables.latest.NATIONAL_FUNNELS` that is not drawn elsewhere;
headlines describe the national picture (how many forces sit outside the
range expected), and the alt text gives the focus force's value and verdict.  Chart names say ``newest``
rather than a year, so a new year's release replaces the charts in place; titles, sources and axis labels take
the year and the denominators' dates from the data.
"""

from __future__ import annotations

from datetime import date

import matplotlib.ticker as mticker
import numpy as np

from analysis.charts import export as fg
from analysis.charts.chart import Chart
from analysis.charts.funnel import (
    UNCERTAIN_NOTE,
    dispersion_note,
    draw_dots,
    draw_funnel,
    draw_intervals,
    focus_sentence,
    funnel_data,
    funnel_headline,
    log_x,
    notes_on_forces,
    top_legend,
)
from analysis.data.forces import normalise_force
from analysis.data.vocabulary import DEFAULT_FORCE
from analysis.tables import latest
from analysis.tables.measures import PERIOD, basis_rates

__all__ = [
    "FINALISED_NOTE",
    "allegations_per_population_funnel_chart",
    "allegations_per_population_intervals_chart",
    "finalised_per_officer_funnel_chart",
    "finalised_per_officer_intervals_chart",
    "finalised_per_population_funnel_chart",
    "finalised_per_population_intervals_chart",
    "latest_funnel_chart",
    "latest_intervals_chart",
    "reviews_investigation_intervals_chart",
    "reviews_not_investigated_intervals_chart",
    "sch3_share_intervals_chart",
]

FINALISED_NOTE = ("Cases finalised are not cases logged: they count cases closed in the year, whenever they were "
                  f"logged, so they cannot be compared with the {PERIOD} counts of cases logged. ")


def _denominator(spec: latest.NationalFunnel, period: str) -> tuple[str, str] | None:
    """(kind, ISO date) of the denominator of a rate funnel, from the data; None for a share."""
    if spec.kind != "rate":
        return None
    table = basis_rates(spec.measure, period, spec.basis)
    return str(table.denominator_kind.iloc[0]), str(table.denominator_period.iloc[0])


def _long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def _source(spec: latest.NationalFunnel, period: str) -> str:
    parts = [f"IOPC police complaints statistics {period}"]
    for basis in ("officers", "population"):
        den = _denominator(latest.NationalFunnel(spec.key, spec.label, spec.measure, basis, "rate"), period) \
            if spec.kind == "rate" else None
        if den and basis == "officers":
            parts.append("Home Office police workforce")
        elif den:
            parts.append(f"ONS mid-{den[1][:4]} population")
    return "; ".join(parts)


def _size_label(spec: latest.NationalFunnel, period: str) -> str:
    den = _denominator(spec, period)
    if den is None:
        return f"{spec.basis.capitalize()} (log scale)"
    kind, day = den
    if spec.basis == "population":
        return f"Population (mid-{day[:4]}, log scale)"
    return f"Police {spec.basis} ({kind}, {_long_date(day)}, log scale)"


def _spec(key: str) -> latest.NationalFunnel:
    return {s.key: s for s in latest.NATIONAL_FUNNELS}[key]


def _scale_and_format(f) -> tuple[float, str]:
    return (1.0, "{:,.0f}") if f.kind == "rate" else (100.0, "{:.0f}%")


def _notes(key: str, f) -> str:
    notes = dispersion_note(f)
    if key.startswith("finalised") or key == "sch3-share":
        notes += FINALISED_NOTE + "British Transport Police is left out of rates: it polices no area. "
    if key.endswith("per-population"):
        notes += ("City of London has a tiny resident population and a far larger daytime one, so its rate per "
                  "head is not comparable with other forces'. ")
    if key.startswith("allegations"):
        notes += f"Only {len(f.points)} forces' allegation totals could be read from the published table. "
    if key.startswith("reviews"):
        notes += "Most forces completed few reviews; small numbers are never flagged beyond what an exact test supports. "
    notes += notes_on_forces(f.points.force)
    return notes + "Period inferred for the per-force tables (the table title was not in the published text). " \
        + UNCERTAIN_NOTE


def latest_funnel_chart(key: str, focus: str = DEFAULT_FORCE) -> Chart:
    """The funnel plot of national funnel ``key`` for the latest complete year, ``focus`` highlighted."""
    focus = normalise_force(focus)
    spec = _spec(key)
    period = latest.funnel_period(key)
    f = latest.national_funnel(key, period)
    scale, fmt = _scale_and_format(f)
    fig, ax = fg.new_figure(height=5.0)
    draw_funnel(ax, f, focus, scale)
    if f.kind == "proportion":
        ax.yaxis.set_major_formatter(mticker.PercentFormatter(100))
    ax.set_xlabel(_size_label(spec, period))
    title = funnel_headline(f, f"{spec.label}, {period}")
    alt = (f"Funnel plot of {spec.label.lower()} in {period} for {len(f.points)} forces against their size. "
           f"England and Wales: {fmt.format(f.target * scale)}. " + focus_sentence(f, focus, fmt, scale))
    name = f"{key}-newest-funnel"
    data = funnel_data(f, scale, "value", "size")
    return Chart(name, fig, title, f"{spec.label}, {period}, with 95% and 99.8% limits around England and Wales",
                 _source(spec, period), alt, data, _notes(key, f))


def latest_intervals_chart(key: str, focus: str = DEFAULT_FORCE) -> Chart:
    """Every force's value with its 95% interval (exact Poisson, or Wilson for shares), sorted, not a league table."""
    focus = normalise_force(focus)
    spec = _spec(key)
    period = latest.funnel_period(key)
    f = latest.national_funnel(key, period)
    scale, fmt = _scale_and_format(f)
    table = f.points.sort_values("value", ignore_index=True)
    fig, ax = fg.new_figure(height=8.2, grid_axis="x", left=0.3)
    colours = np.where(table.force == focus, fg.FOCUS, "#777777")
    draw_intervals(ax, table.index, table.ci_low * scale, table.ci_high * scale, colours, lw=1.6)
    draw_dots(ax, table.value * scale, table.index, colours, table.status, 18)
    ax.set_yticks(np.arange(len(table)), list(table.force), fontsize=6.5)
    for label, force in zip(ax.get_yticklabels(), table.force):
        if force == focus:
            label.set_color(fg.FOCUS)
            label.set_fontweight("bold")
    ax.axvline(f.target * scale, color=fg.NATIONAL, lw=1, ls=":", label="England and Wales")
    if f.kind == "proportion":
        ax.xaxis.set_major_formatter(mticker.PercentFormatter(100))
    elif table.value.max() > 5 * table.value.min() > 0:
        log_x(ax)  # one outlier (City of London per head) would squash every other force
        ax.set_xlabel("Log scale")
    top_legend(ax)
    low, high = table.iloc[0], table.iloc[-1]
    title = (f"{spec.label}, {period}: from {fmt.format(low.value * scale)} to {fmt.format(high.value * scale)} "
             f"across {len(table)} forces")
    alt = (f"Dot-and-interval chart of {spec.label.lower()} in {period}, {len(table)} forces, with 95% intervals; "
           f"England and Wales {fmt.format(f.target * scale)}. " + focus_sentence(f, focus, fmt, scale))
    data = table[["force", "observed", "size", "value", "ci_low", "ci_high", "status", "verdict"]].copy()
    for column in ("value", "ci_low", "ci_high"):
        data[column] = data[column] * scale
    data["england_and_wales"] = f.target * scale
    return Chart(f"{key}-newest-intervals", fig, title,
                 f"{spec.label}, {period}, with 95% intervals (chance only)", _source(spec, period), alt, data,
                 "Intervals show chance variation only; forces differ more than chance allows, so the funnel plot "
                 "gives the verdict. " + _notes(key, f))


def finalised_per_officer_funnel_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Funnel: complaint cases finalised per 1,000 officers, latest year."""
    return latest_funnel_chart("finalised-per-officer", focus)


def finalised_per_population_funnel_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Funnel: complaint cases finalised per 100,000 people, latest year."""
    return latest_funnel_chart("finalised-per-population", focus)


def allegations_per_population_funnel_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Funnel: allegations logged per 100,000 people, latest year (forces whose totals were readable)."""
    return latest_funnel_chart("allegations-per-population", focus)


def finalised_per_officer_intervals_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Intervals: complaint cases finalised per 1,000 officers, latest year."""
    return latest_intervals_chart("finalised-per-officer", focus)


def finalised_per_population_intervals_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Intervals: complaint cases finalised per 100,000 people, latest year."""
    return latest_intervals_chart("finalised-per-population", focus)


def allegations_per_population_intervals_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Intervals: allegations logged per 100,000 people, latest year."""
    return latest_intervals_chart("allegations-per-population", focus)


def sch3_share_intervals_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Intervals: share of complaint cases finalised under Schedule 3, latest year."""
    return latest_intervals_chart("sch3-share", focus)


def reviews_not_investigated_intervals_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Intervals: IOPC reviews (not investigated) finding the outcome not reasonable, latest year."""
    return latest_intervals_chart("reviews-not-investigated", focus)


def reviews_investigation_intervals_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Intervals: IOPC reviews (investigation) finding the outcome not reasonable, latest year."""
    return latest_intervals_chart("reviews-investigation", focus)
