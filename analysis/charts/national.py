"""Chart definitions for notebooks 01-03 and the force profiles.

Every function takes ``focus`` (the force the story is about) and returns a
:class:`analysis.charts.Chart`.  Titles state what the data shows for the
focus force and are computed, never typed.
"""

from __future__ import annotations

from datetime import date

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from analysis import stats
from analysis.charts import export as fg
from analysis.charts.chart import Chart
from analysis.charts.funnel import (
    UNCERTAIN_NOTE,
    dispersion_note,
    draw_dots,
    draw_funnel,
    draw_intervals,
    focus_sentence,
    force_display_name,
    funnel_data,
    funnel_headline,
    log_x,
    marker_style,
    possessive,
    top_legend,
)
from analysis.data.case_study import case_study
from analysis.data.forces import ENGLAND_AND_WALES, normalise_force
from analysis.data.vocabulary import DEFAULT_FORCE
from analysis.tables import comparisons as cmp
from analysis.tables import complaints as cpl
from analysis.tables.measures import PERIOD

__all__ = [
    "IOPC",
    "IOPC_PRESS",
    "NEW_SYSTEM",
    "PEEL",
    "SEED",
    "WORKFORCE_DAY",
    "UNCERTAIN_NOTE",
    "allegation_category_mix_chart",
    "complaint_rate_funnel_chart",
    "complaint_rates_intervals_chart",
    "days_to_finalise_chart",
    "informal_share_funnel_chart",
    "iopc_newest",
    "national_trend_chart",
    "outcome_proportions_chart",
    "outcomes_by_handling_chart",
    "peel_vs_rates_chart",
    "published_rate_check_chart",
    "reviews_funnel_chart",
    "sch3_share_funnel_chart",
]

_CASE = case_study()
#: The seed year, the case study's PEEL inspection, workforce date and complaints-system date: read from the case
#: study's register (data/registers/case_study.csv), never typed.
SEED = PERIOD
PEEL = _CASE["peel_period"]
NEW_SYSTEM = _CASE["new_complaints_system"]
WORKFORCE_DAY = f"{date.fromisoformat(_CASE['workforce_date']).day} {date.fromisoformat(_CASE['workforce_date']):%B %Y}"
IOPC_PRESS = f"IOPC police complaints statistics {SEED} as reported in local press"
IOPC = IOPC_PRESS + "; Home Office police workforce"


def _newest(dataset: str = cmp.DS_FINALISED) -> str:
    """The newest year of an IOPC per-force table (read from the data)."""
    return cmp.per_force_periods(dataset)[-1]


def iopc_newest(dataset: str = cmp.DS_FINALISED) -> str:
    """Source line of the IOPC's newest per-force statistics."""
    return f"IOPC police complaints statistics {_newest(dataset)}"


def _focus(focus: str) -> str:
    return normalise_force(focus)


def complaint_rate_funnel_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Funnel plot: complaint cases per 1,000 employees against workforce size, 2020/21."""
    focus = _focus(focus)
    f = cmp.rate_funnel()
    points = f.points.set_index("force")
    fig, ax = fg.new_figure(height=5.2)
    draw_funnel(ax, f, focus, 1.0)
    ax.set_xlabel(f"Employees (headcount, {WORKFORCE_DAY}, log scale)")
    title = funnel_headline(f, f"Complaint cases per 1,000 employees, {SEED}")
    notes = (f"{len(points)} forces with a published {SEED} figure. Limits around the England and Wales rate. "
             + dispersion_note(f) + UNCERTAIN_NOTE)
    alt = (f"Funnel plot of complaint cases per 1,000 police employees in {SEED} for {len(points)} forces "
           f"against workforce size. England and Wales: {f.target:.0f} per 1,000. "
           + focus_sentence(f, focus, "{:.0f} per 1,000"))
    return Chart("complaint-rate-funnel", fig, title,
                 f"Complaint cases logged per 1,000 employees, {SEED}, with 95% and 99.8% control limits",
                 IOPC, alt, funnel_data(f, 1.0, "cases_per_1000_employees", "employees"), notes)


def complaint_rates_intervals_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Dot-and-interval chart of the 2020/21 rate per 1,000 employees for every force with data."""
    focus = _focus(focus)
    table = cpl.complaint_rates().sort_values("rate_employees", ignore_index=True)
    fig, ax = fg.new_figure(height=6.4, grid_axis="x", left=0.27)
    y = np.arange(len(table))
    colours = [fg.FOCUS if f == focus else (fg.NATIONAL if f == ENGLAND_AND_WALES else "#777777")
               for f in table.force]
    draw_intervals(ax, y, table.low_employees, table.high_employees, colours, lw=2)
    draw_dots(ax, table.rate_employees, y, colours, table.status, 30)
    ax.set_yticks(y, [f"{f} (uncertain)" if s == "uncertain" else f for f, s in zip(table.force, table.status)],
                  fontsize=7.5)
    for label, force in zip(ax.get_yticklabels(), table.force):
        if force == focus:
            label.set_color(fg.FOCUS)
            label.set_fontweight("bold")
        elif force == ENGLAND_AND_WALES:
            label.set_color(fg.NATIONAL)
    national = table[table.force == ENGLAND_AND_WALES].iloc[0]
    ax.axvline(national.rate_employees, color=fg.NATIONAL, lw=1, ls=":")
    forces = table[table.force != ENGLAND_AND_WALES]
    low, high = forces.iloc[0], forces.iloc[-1]
    title = (f"Complaint cases per 1,000 employees in {SEED} ranged from {low.rate_employees:.0f} to "
             f"{high.rate_employees:.0f}; England and Wales {national.rate_employees:.0f}")
    row = table[table.force == focus]
    focus_text = (f" {force_display_name(focus)}: {row.iloc[0].rate_employees:.0f} per 1,000 "
                  f"({row.iloc[0].low_employees:.0f} to {row.iloc[0].high_employees:.0f})." if len(row)
                  else f" {force_display_name(focus)} has no published {SEED} count.")
    alt = (f"Complaint cases per 1,000 employees in {SEED}, with 95% intervals, for {len(table) - 1} forces and "
           f"England and Wales ({national.rate_employees:.0f} per 1,000)." + focus_text)
    data = table[["force", "value", "employees", "rate_employees", "low_employees", "high_employees", "status"]]
    return Chart("complaint-rates-intervals", fig, title,
                 f"Complaint cases logged per 1,000 employees (headcount), {SEED}, with exact 95% intervals",
                 IOPC, alt, data.rename(columns={"value": "cases"}),
                 "Intervals show chance (Poisson) variation only, a lower bound on the uncertainty: forces differ "
                 "far more than chance allows, so see the funnel plot before calling a force unusual. Forces missing "
                 "from the press reports are not shown. " + UNCERTAIN_NOTE)


def published_rate_check_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """How far our computed rates are from every rate the IOPC published (where quoted)."""
    table = cpl.published_rate_check().sort_values("diff_headcount", ignore_index=True)
    fig, ax = fg.new_figure(height=4.6, grid_axis="x", left=0.36)
    y = np.arange(len(table))
    ax.axvline(0, color="#999999", lw=1)
    ax.scatter(table.diff_headcount, y, color=fg.OKABE_ITO["blue"], s=30, zorder=3, label="Headcount basis")
    ax.scatter(table.diff_fte, y, color=fg.OKABE_ITO["orange"], marker="s", s=26, zorder=3, label="FTE basis")
    ax.set_yticks(y, [f"{f} (published {p:.0f})" for f, p in zip(table.force, table.published)], fontsize=7.5)
    top_legend(ax)
    matches = int((table.rounds_to_published_headcount | table.rounds_to_published_fte).sum())
    title = f"Our rates round to the IOPC's for {matches} of {len(table)} published rates"
    alt = (f"Dot plot of the difference between {len(table)} IOPC-published complaint rates per 1,000 employees "
           "and the same rates computed from case counts and Home Office workforce figures, on headcount and FTE "
           "bases. Headcount is usually closer.")
    data = table[["force", "published", "cases", "computed_headcount", "computed_fte", "diff_headcount", "diff_fte",
                  "closest_basis"]]
    return Chart("published-rate-check", fig, title,
                 f"Computed minus published complaint cases per 1,000 employees, {SEED}", IOPC, alt, data,
                 "The IOPC's definition of 'employees' could not be confirmed; this package uses total workforce "
                 f"headcount at {WORKFORCE_DAY}.")


def outcomes_by_handling_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """How finalised allegations were handled, 2020/21, with Wilson intervals."""
    focus = _focus(focus)
    table = cpl.finalised_by_handling()
    forces = [ENGLAND_AND_WALES] + sorted(f for f in table.force.unique() if f != ENGLAND_AND_WALES)
    fig, ax = fg.new_figure(height=5.2, grid_axis="x", left=0.24)
    colours = dict(zip(cpl.HANDLING, (fg.OKABE_ITO["blue"], fg.OKABE_ITO["orange"], "#666666")))
    offsets = dict(zip(cpl.HANDLING, (-0.25, 0, 0.25)))
    row_of = {force: i for i, force in enumerate(forces)}
    for handling in dict.fromkeys(table.handling):  # one artist per handling, in the order of the data
        sub = table[table.handling == handling]
        sub = sub.assign(_row=sub.force.map(row_of)).sort_values("_row", kind="stable")  # legend: England and Wales
        y = sub._row + offsets[handling]
        colour = [colours[handling]] * len(sub)
        draw_intervals(ax, y, sub.ci_low, sub.ci_high, colour, lw=2)
        draw_dots(ax, sub.proportion, y, colour, sub.status, 18, label=handling)
    ax.set_yticks(range(len(forces)), forces, fontsize=8)
    for label in ax.get_yticklabels():
        if label.get_text() == focus:
            label.set_color(fg.FOCUS)
            label.set_fontweight("bold")
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(mticker.PercentFormatter(1.0))
    top_legend(ax)
    informal = table[(table.handling == "Outside Schedule 3") & (table.force != ENGLAND_AND_WALES)]
    nat = table[(table.force == ENGLAND_AND_WALES) & (table.handling == "Outside Schedule 3")].iloc[0]
    title = (f"Forces dealt with {informal.proportion.min():.0%} to {informal.proportion.max():.0%} of finalised "
             f"allegations informally in {SEED}, against {nat.proportion:.0%} nationally")
    sub = informal[informal.force == focus]
    focus_text = (f" {force_display_name(focus)}: {sub.iloc[0].proportion:.0%} informally." if len(sub)
                  else f" {force_display_name(focus)} published no split.")
    alt = (f"Share of allegations finalised in {SEED} outside Schedule 3 (informally), under Schedule 3 without "
           f"investigation, and after investigation, with 95% Wilson intervals, for England and Wales and "
           f"{len(forces) - 1} forces with published splits." + focus_text)
    data = table.pivot(index="force", columns="handling", values="proportion").reset_index()
    return Chart("outcomes-by-handling", fig, title,
                 f"Share of allegations finalised by how they were handled, {SEED} (95% Wilson intervals)",
                 IOPC, alt, data, UNCERTAIN_NOTE)


def _proportion_funnel(name: str, f: cmp.Funnel, focus: str, *, what: str, xlabel: str, subtitle: str,
                       source: str, columns: tuple[str, str], notes: str) -> Chart:
    """A funnel chart of a proportion: the shared drawing, a national headline, alt text and notes."""
    fig, ax = fg.new_figure(height=4.8)
    draw_funnel(ax, f, focus, 1.0)
    ax.yaxis.set_major_formatter(mticker.PercentFormatter(1.0))
    ax.set_xlabel(xlabel)
    title = funnel_headline(f, what)
    alt = (f"Funnel plot: {subtitle[0].lower() + subtitle[1:]}, {len(f.points)} forces; England and Wales "
           f"{f.target:.0%}. " + focus_sentence(f, focus, "{:.0%}"))
    return Chart(name, fig, title, subtitle, source, alt, funnel_data(f, 1.0, *columns), dispersion_note(f) + notes)


def informal_share_funnel_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Funnel: share of finalised allegations handled informally, 2020/21."""
    f = cmp.informal_share_funnel()
    return _proportion_funnel(
        "informal-share-funnel", f, _focus(focus), what=f"Share of allegations handled informally, {SEED}",
        xlabel="Allegations finalised (log scale)",
        subtitle=f"Share of allegations finalised outside Schedule 3 (informally), {SEED}, 95% and 99.8% limits",
        source=IOPC_PRESS, columns=("share_informal", "allegations_finalised"),
        notes=f"Only {len(f.points)} forces published the split. " + UNCERTAIN_NOTE)


def sch3_share_funnel_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Funnel: share of complaint cases finalised under Schedule 3, the newest year, all forces."""
    newest = _newest()
    return _proportion_funnel(
        "sch3-share-newest-funnel", cmp.sch3_share_funnel(), _focus(focus),
        what=f"Share of complaint cases finalised formally, {newest}", xlabel="Complaint cases finalised (log scale)",
        subtitle=f"Share of complaint cases finalised under Schedule 3, {newest}, 95% and 99.8% limits",
        source=iopc_newest(), columns=("share_sch3", "cases_finalised"),
        notes="Includes British Transport Police. Period inferred: the table title was not in the published text.")


def reviews_funnel_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Funnel: share of IOPC reviews (not investigated) finding the outcome not reasonable, the newest year."""
    f = cmp.reviews_funnel("Not investigated")
    newest = _newest(cmp.DS_REVIEWS)
    small = int((f.points["size"] < stats.SMALL_N).sum())
    return _proportion_funnel(
        "iopc-reviews-newest-funnel", f, _focus(focus),
        what=f"IOPC reviews finding a force's outcome unreasonable, {newest}",
        xlabel="Valid reviews completed (log scale)",
        subtitle="Reviews of complaints not investigated: share with outcome not reasonable and proportionate, "
                 f"{newest}", source=iopc_newest(cmp.DS_REVIEWS), columns=("share_not_reasonable", "valid_reviews"),
        notes=f"Small numbers: {small} of {len(f.points)} forces completed fewer than {stats.SMALL_N} reviews. "
              "Cells reconstructed from run-together digits (derived).")


def days_to_finalise_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Average days to finalise Schedule 3 cases against the number finalised, the newest year."""
    focus = _focus(focus)
    table = cmp.finalised()
    newest = table.period.iloc[0]
    forces = table[table.force != ENGLAND_AND_WALES]
    nat = table[table.force == ENGLAND_AND_WALES].iloc[0]
    fig, ax = fg.new_figure(height=4.8)
    ax.scatter(forces.sch3, forces.days_sch3_inc, s=24, **marker_style(forces.status.iloc[0], fg.OTHER))
    ax.axhline(nat.days_sch3_inc, color=fg.NATIONAL, lw=1.5, label="All forces (England and Wales + BTP)")
    row = forces[forces.force == focus]
    if len(row):
        r = row.iloc[0]
        ax.scatter(r.sch3, r.days_sch3_inc, s=50, zorder=3, **marker_style(r.status, fg.FOCUS))
        ax.annotate(focus, (r.sch3, r.days_sch3_inc), xytext=(7, 7), textcoords="offset points", color=fg.FOCUS,
                    fontweight="bold", fontsize=9, bbox=fg.LABEL_BOX, zorder=4)
        focus_text = f" {force_display_name(focus)}: {r.days_sch3_inc:.0f} days on average."
    else:
        focus_text = f" {force_display_name(focus)} has no {newest} timeliness figure."
    title = (f"Forces took {forces.days_sch3_inc.min():.0f} to {forces.days_sch3_inc.max():.0f} days on average to "
             f"finalise a formal complaint in {newest}; {nat.days_sch3_inc:.0f} across all forces")
    log_x(ax)
    ax.set_xlabel("Cases finalised under Schedule 3 (log scale)")
    top_legend(ax)
    alt = (f"Scatter of the average number of days to finalise complaint cases under Schedule 3 in {newest} "
           f"(including suspensions) against the number of such cases, for {len(forces)} forces." + focus_text)
    data = table[["force", "sch3", "days_sch3_inc", "days_sch3_exc", "outside", "days_outside"]]
    return Chart("days-to-finalise-newest", fig, title,
                 f"Average days to finalise complaint cases under Schedule 3, {newest} (including suspension)",
                 iopc_newest(), alt, data,
                 "Only averages are published, so no interval can be drawn; not a ranking. Period inferred (the "
                 "table title was not in the published text) and the unit (calendar or working days) unconfirmed. "
                 + UNCERTAIN_NOTE)


def national_trend_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """England and Wales complaints and allegations, 2020/21 to the newest year."""
    table = cmp.national_trend()
    labels = {"complaint_cases_logged": "Complaint cases logged", "allegations_logged": "Allegations logged",
              "complaint_cases_recorded_sch3": "Cases recorded under Schedule 3"}
    fig, ax = fg.new_figure(height=4.6, left=0.14)
    colours = {"complaint_cases_logged": fg.NATIONAL, "allegations_logged": fg.OKABE_ITO["orange"],
               "complaint_cases_recorded_sch3": fg.OKABE_ITO["green"]}
    for measure, sub in table.groupby("measure", sort=False):
        ax.plot(sub.period, sub.value, marker="o", color=colours[measure], label=labels[measure])
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylim(bottom=0)
    top_legend(ax)
    cases = table[table.measure == "complaint_cases_logged"].set_index("period").value
    growth = cases.iloc[-1] / cases.iloc[0] - 1
    formal = table[table.measure == "complaint_cases_recorded_sch3"].set_index("period").value
    title = f"Complaints logged rose by {growth:.0%} between {cases.index[0]} and {cases.index[-1]}"
    gaps = [p for p in cases.index if p not in set(table.loc[table.measure == "allegations_logged", "period"])]
    missing = f" Allegations for {', '.join(gaps)} were not in the published text available." if gaps else ""
    alt = ("Line chart of complaint cases logged, cases recorded under Schedule 3 and allegations logged in "
           f"England and Wales from {cases.index[0]} to {cases.index[-1]}.")
    data = table.pivot(index="period", columns="measure", values="value").reset_index()
    return Chart("national-trend", fig, title, "England and Wales, counts per financial year",
                 f"IOPC police complaints statistics, {cases.index[0]} to {cases.index[-1]}", alt, data,
                 f"{SEED} was the first full year of the complaints system introduced on {NEW_SYSTEM}, and a "
                 f"year of COVID-19 restrictions. Cases recorded under Schedule 3 went from {formal.iloc[0]:,.0f} to "
                 f"{formal.iloc[-1]:,.0f} over the same years." + missing)


def peel_vs_rates_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Complaint rate per 1,000 employees by PEEL 2018/19 legitimacy grade."""
    focus = _focus(focus)
    table = cmp.peel_and_rates()
    order = ["Outstanding", "Good", "Requires improvement", "Inadequate", "Not found"]
    present = [g for g in order if g in set(table.grade)]
    fig, ax = fg.new_figure(height=4.6)
    counts = table.grade.value_counts()
    for x, grade in enumerate(present):
        sub = table[table.grade == grade].sort_values("force")  # alphabetical: no false slope within a grade
        half_width = min(0.3, 0.015 * len(sub))
        xs = x + (np.linspace(-half_width, half_width, len(sub)) if len(sub) > 1 else np.zeros(1))
        is_focus = (sub.force == focus).to_numpy()
        colours = np.where(is_focus, fg.FOCUS, "#777777")
        draw_intervals(ax, xs, sub.low_employees, sub.high_employees, colours, lw=1, vertical=True)
        draw_dots(ax, xs, sub.rate_employees, colours, sub.status, np.where(is_focus, 30, 20))
        for xi, row in zip(xs[is_focus], sub[is_focus].itertuples()):
            ax.annotate(focus, (xi, row.high_employees), xytext=(0, 5), textcoords="offset points", ha="center",
                        color=fg.FOCUS, fontweight="bold", fontsize=9, bbox=fg.LABEL_BOX, zorder=4)
    wrapped = {g: g.replace(" ", "\n") if len(g) > 12 else g for g in present}  # "Requires\nimprovement" fits
    ax.set_xticks(range(len(present)),
                  [f"{wrapped[g]}\n({counts[g]} force{'s' if counts[g] != 1 else ''})" for g in present], fontsize=8)
    ax.grid(False, axis="x")
    row = table[table.force == focus]
    grade = row.iloc[0].grade if len(row) else None
    others = int(counts.drop("Good", errors="ignore").sum())
    title = (f"Only {others} of {len(table)} forces with a {SEED} complaint rate had a PEEL grade other than Good: "
             "too few to compare")
    if grade and pd.notna(row.iloc[0].rate_employees):
        focus_text = (f"{force_display_name(focus)} was graded {grade}; its {SEED} rate was "
                      f"{row.iloc[0].rate_employees:.0f} per 1,000 employees.")
    else:
        focus_text = f"{force_display_name(focus)} has no grade or rate here."
    alt = (f"Complaint cases per 1,000 employees in {SEED}, with 95% intervals, grouped by each force's HMICFRS "
           f"PEEL {PEEL} legitimacy grade. " + focus_text)
    return Chart("peel-grade-and-complaint-rate", fig, title,
                 f"Complaint cases per 1,000 employees, {SEED}, by PEEL {PEEL} legitimacy grade",
                 f"IOPC (via local press); HMICFRS PEEL {PEEL}; Home Office", alt,
                 table[["force", "grade", "rate_employees", "low_employees", "high_employees", "status"]],
                 "Different years and different things measured: an association, not a cause. " + UNCERTAIN_NOTE)


def outcome_proportions_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Every proportion the data support for one force, with Wilson intervals (a forest plot)."""
    focus = _focus(focus)
    table = cpl.proportions_summary(focus)
    height = max(3.2, 2.2 + 0.42 * len(table))
    fig, ax = fg.new_figure(height=height, grid_axis="x", left=0.45)
    for i, row in enumerate(table.itertuples()):
        colour = fg.FOCUS
        ax.plot([row.ci_low, row.ci_high], [i, i], color=colour, lw=2)
        ax.scatter(row.proportion, i, s=26, zorder=3, **marker_style(row.status, colour))
        ax.annotate(f"{row.k:,.0f} of {row.n:,.0f}" + (" (small)" if row.small_n else ""),
                    (row.ci_high, i), xytext=(5, -3), textcoords="offset points", fontsize=7, color="#555555")
    labels = [f"{r.finding}\n{r.publisher}, {r.period}" for r in table.itertuples()]
    ax.set_yticks(range(len(table)), labels, fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.15)
    ax.xaxis.set_major_formatter(mticker.PercentFormatter(1.0))
    title = (f"What the published outcomes say about {force_display_name(focus)}, with their uncertainty"
             if len(table) else f"No outcome proportions are published for {force_display_name(focus)}")
    found = "; ".join(f"{r.finding} ({r.publisher}, {r.period}): {r.proportion:.0%}, {r.k:,.0f} of {r.n:,.0f}"
                      for r in table.itertuples())
    alt = (f"Forest plot of {len(table)} proportions about {force_display_name(focus)} from the IOPC, Home Office, "
           f"PA FOI and HMICFRS data, each with a 95% Wilson interval: {found}." if len(table)
           else f"{force_display_name(focus)} has no published outcome proportions in the data.")
    data = table[["finding", "publisher", "period", "k", "n", "proportion", "ci_low", "ci_high", "small_n",
                  "status"]]
    return Chart("outcome-proportions", fig, title, "Proportions with 95% Wilson score intervals",
                 "IOPC; Home Office; PA Media FOI survey; HMICFRS (as published or reported)", alt, data,
                 "Different years, sources and definitions: compare within a row, not across. "
                 "'(small)' marks fewer than 30 cases or fewer than 5 in a group. " + UNCERTAIN_NOTE)


def allegation_category_mix_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Allegations by category, the newest year: the force's share against the pool of forces with complete rows."""
    focus = _focus(focus)
    result = cmp.category_mix(focus)
    newest = result["period"]
    table = cmp.category_table(newest)
    pool = result["reference_forces"]
    reference = table.loc[pool, list(cmp.IOPC_CATEGORIES)].sum()
    ref_share = reference / reference.sum()
    fig, ax = fg.new_figure(height=5.2, grid_axis="x", left=0.42)
    y = np.arange(len(cmp.IOPC_CATEGORIES))
    ax.scatter(ref_share.to_numpy(), y, marker="|", s=160, color=fg.NATIONAL, label=f"{len(pool)} other forces")
    rows = []
    if focus in table.index and "all" in table.columns and pd.notna(table.at[focus, "all"]):
        n = int(table.at[focus, "all"])
        for i, category in enumerate(cmp.IOPC_CATEGORIES):
            if category in table.columns and pd.notna(table.at[focus, category]):
                k = int(table.at[focus, category])
                from analysis.stats import wilson_interval
                low, high = wilson_interval(k, n)
                ax.plot([float(low), float(high)], [i, i], color=fg.FOCUS, lw=2)
                ax.scatter(k / n, i, color=fg.FOCUS, s=26, zorder=3, label=focus if not rows else None)
                rows.append({"category": category, "force_share": k / n, "force_low": float(low),
                             "force_high": float(high)})
    ax.set_yticks(y, cmp.IOPC_CATEGORIES, fontsize=7.5)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(mticker.PercentFormatter(1.0))
    top_legend(ax)
    data = pd.DataFrame({"category": list(cmp.IOPC_CATEGORIES), "reference_share": ref_share.to_numpy()})
    if rows:
        data = data.merge(pd.DataFrame(rows), on="category", how="left")
    known = len(rows)
    if result["kind"] == "chi-square":
        test = result["test"]
        title = (f"{possessive(focus)} mix of allegations differs from other forces'" if test.p_value < 0.05
                 else f"{possessive(focus)} mix of allegations is like other forces'")
        test_note = ("Against the pooled forces, the difference is more than chance would explain. "
                     if test.p_value < 0.05 else "Against the pooled forces, the difference could be chance. ")
    elif known:
        title = f"Only {known} of {possessive(focus)} {newest} allegation categories can be read with certainty"
        test_note = ""
    else:
        title = f"No {newest} allegation categories can be read for {force_display_name(focus)}"
        test_note = ""
    shares = "; ".join(f"{r['category']} {r['force_share']:.0%}" for r in rows)
    alt = (f"Share of allegations logged in {newest} by category against the pooled shares of {len(pool)} forces "
           "whose rows are complete. " + (f"{force_display_name(focus)}, with 95% Wilson intervals: {shares}." if rows
                                          else f"{force_display_name(focus)} has no category that can be read."))
    return Chart("allegation-category-mix", fig, title,
                 f"Share of allegations logged by category, {newest}", iopc_newest(), alt, data,
                 test_note + "Reference: forces whose 11 categories were uniquely reconstructed from run-together digits "
                 f"({', '.join(pool)}); England and Wales totals were not available.")
