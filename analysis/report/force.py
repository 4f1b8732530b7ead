"""One force's charts and key figures, for its profile.

:func:`force_charts` draws every per-force chart of the registry with the
force highlighted; :func:`key_figures` gives the profile's headline numbers.
"""

from __future__ import annotations

import pandas as pd

from analysis.charts.export import phone_size, smallest_text_px
from analysis.charts.force_page import force_chart_names, force_funnel_chart, force_strip_chart
from analysis.charts.registry import CHARTS, FORCE_CHARTS
from analysis.data.forces import ENGLAND_AND_WALES, Force
from analysis.data.formatting import join_ids
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.reference import SEED as SEED_INSPECTION
from analysis.data.sources import load_sources
from analysis.data.vocabulary import least_reliable
from analysis.tables import comparisons as cmp
from analysis.tables import complaints as cpl
from analysis.tables.force import national_rate_row, profile_force, rate_row
from analysis.tables.force_findings import force_category_mix, force_outcome_proportions, peel_grade
from analysis.tables.measures import PERIOD

__all__ = [
    "CHART_SECTIONS",
    "KEY_FIGURE_COLUMNS",
    "chart_names",
    "force_charts",
    "NEWEST_KEYS",
    "PHONE_SUFFIX",
    "newest_chart_names",
    "phone_charts",
    "force_key_figures",
    "key_figures_table",
    "section_charts",
    "show_chart",
    "show_key_figures",
    "skipped_charts",
]

#: The phone variant of a chart: ``<name>-phone.png`` beside ``<name>.png`` (drawn by :func:`phone_charts`).
PHONE_SUFFIX = "-phone.png"
#: The national funnels of the latest complete year (:data:`analysis.tables.latest.NATIONAL_FUNNELS` keys) drawn
#: on every force page: the per-officer funnel, and a strip of the force against England and Wales for each.
NEWEST_KEYS: tuple[str, ...] = ("finalised-per-officer", "finalised-per-population")


def newest_chart_names() -> tuple[str, ...]:
    """The newest year's charts of every force page: the per-officer funnel, then one strip per key."""
    funnel, strip = force_chart_names(NEWEST_KEYS[0])
    return (funnel, strip, *(force_chart_names(k)[1] for k in NEWEST_KEYS[1:]))


def _newest_builders() -> dict:
    funnel, _ = force_chart_names(NEWEST_KEYS[0])
    out = {funnel: lambda focus: force_funnel_chart(NEWEST_KEYS[0], focus)}
    for key in NEWEST_KEYS:
        out[force_chart_names(key)[1]] = (lambda k: lambda focus: force_strip_chart(k, focus))(key)
    return out


#: Where each per-force chart appears in the profile; charts not listed go to a last section.
#: (The newest year's charts, :func:`newest_chart_names`, lead the page's "newest" section.)
CHART_SECTIONS: dict[str, tuple[str, ...]] = {
    "rates": ("complaint-rates-intervals",),
    "funnels": ("complaint-rate-funnel", "informal-share-funnel", "sch3-share-newest-funnel",
                "iopc-reviews-newest-funnel"),
    "outcomes": ("outcomes-by-handling", "outcome-proportions"),
    "categories": ("allegation-category-mix",),
    "timeliness": ("days-to-finalise-newest",),
    "peel": ("peel-grade-and-complaint-rate",),
}


#: The seed year's tag in key names (the year itself is data: data/registers/case_study.csv).
SEED_TAG = PERIOD.replace("/", "_")

def _chart_skipped(name: str, force: str) -> str:
    """Why a per-force chart is not drawn for this force ("" when it is): a chart is drawn only where the
    force has a value in it."""
    return _skip_reasons(force)[name]


@memoise
def _skip_reasons(force: str) -> dict[str, str]:
    """:func:`_why_skipped` for every per-force chart, worked out once per force (the page asks often)."""
    return {c: _why_skipped(c, force) for c in FORCE_CHARTS}


def _why_skipped(name: str, force: str) -> str:
    newest = cmp.per_force_periods(cmp.DS_FINALISED)[-1]
    if name in ("complaint-rate-funnel", "complaint-rates-intervals", "peel-grade-and-complaint-rate"):
        if rate_row(force) is None:
            return (f"no {PERIOD} complaint count was found for this force: the IOPC's per-force table was not "
                    "readable and no press report of its figure was found")
        if name == "peel-grade-and-complaint-rate":
            grade = peel_grade(force)
            if grade is None or grade["grade"] == "Not found":
                return f"no {SEED_INSPECTION} legitimacy grade is held for this force"
    if name in ("outcomes-by-handling", "informal-share-funnel"):
        hand = cpl.finalised_by_handling()
        if not (hand.force == force).any():
            return f"the {PERIOD} split of finalised allegations by handling was not reported for this force"
    if name in ("sch3-share-newest-funnel", "days-to-finalise-newest") and\
            force not in set(cmp.finalised_2024_25().force):
        return f"the IOPC's {newest} table printed no figure for this force"
    if name == "iopc-reviews-newest-funnel" and force not in set(cmp.reviews_funnel().points.force):
        return (f"the IOPC's {cmp.per_force_periods(cmp.DS_REVIEWS)[-1]} reviews table printed '-' (no completed "
                "review) for this force")
    if name == "outcome-proportions" and force_outcome_proportions(force).empty:
        return "no outcome proportion is published for this force, so the forest plot would be empty"
    if name == "allegation-category-mix":
        mix = force_category_mix(force)
        if mix["kind"] not in ("chi-square", "two-proportion") or (mix["kind"] == "two-proportion"
                                                                   and not len(mix["table"])):
            return f"no {mix.get('period', newest)} allegation category could be read for this force"
    return ""


def _builders(name: str) -> dict:
    """name -> function of the focus force, for every chart drawn for this force (newest year's first)."""
    newest = {c: b for c, b in _newest_builders().items() if not _newest_skipped(name)}
    return {**newest, **{c: (lambda c: lambda focus: CHARTS[c](focus=focus))(c) for c in FORCE_CHARTS
                         if not _chart_skipped(c, name)}}


def _newest_skipped(force: str) -> str:
    from analysis.tables import latest

    if force not in set(latest.national_funnel(NEWEST_KEYS[0]).points.force):
        return "the force has no figure in the newest year's funnel (British Transport Police polices no area)"
    return ""


def force_charts(force: str | Force) -> dict:
    """Every chart of the force's page drawn with ``focus=force``: the newest year's funnel and strips, then
    every per-force chart of the registry (:data:`analysis.FORCE_CHARTS`).

    Returns ``{name: Chart}``.  A chart with nothing to show for the force is left out (see
    :func:`skipped_charts`).
    """
    name = profile_force(force).name
    return {c: build(name) for c, build in _builders(name).items()}


def phone_charts(force: str | Force) -> dict[str, tuple[bytes, float]]:
    """The phone variant of every chart of :func:`force_charts`: name -> (PNG at 1x, smallest text in px at 1x)."""
    name = profile_force(force).name
    out = {}
    with phone_size():
        for c, build in _builders(name).items():
            chart = build(name)
            out[c] = (chart.png(), smallest_text_px(chart.fig))
    return out


def chart_names(force: str | Force) -> list[str]:
    """Names of the charts drawn for this force, in page order (the newest year's first)."""
    name = profile_force(force).name
    return list(_builders(name))


def show_chart(chart) -> None:
    """Display a chart with its alt text in the output's metadata (the HTML page uses it)."""
    from IPython.display import display

    display(chart, metadata={"image/png": {"alt": chart.alt}})


def skipped_charts(force: str | Force) -> dict[str, str]:
    """Per-force charts not drawn for this force, with the reason."""
    name = profile_force(force).name
    reasons = {c: _chart_skipped(c, name) for c in FORCE_CHARTS}
    reasons.update({c: _newest_skipped(name) for c in newest_chart_names()})
    return {c: r for c, r in reasons.items() if r}


def section_charts(drawn: dict, section: str) -> list:
    """The drawn charts of one :data:`CHART_SECTIONS` section (``"other"``: every chart not in a section)."""
    if section == "other":
        placed = {n for names in CHART_SECTIONS.values() for n in names}
        return [c for n, c in drawn.items() if n not in placed]
    return [drawn[n] for n in CHART_SECTIONS[section] if n in drawn]


# --------------------------------------------------------------------------
# Key figures
# --------------------------------------------------------------------------
#: Columns of a force's ``key-figures.csv``.
KEY_FIGURE_COLUMNS = ["key", "value", "unit", "period", "status", "n", "low", "high", "source_ids", "source_url"]


def _figure(key: str, value: float, unit: str, period: str, status: str, source_ids, n=None, low=None,
            high=None) -> dict:
    ids = join_ids(source_ids)
    urls = load_sources().set_index("source_id")["url"]
    return {"key": key, "value": value, "unit": unit, "period": period, "status": status,
            "n": "" if n is None else int(n), "low": "" if low is None else low,
            "high": "" if high is None else high, "source_ids": ids,
            "source_url": " ".join(urls[i] for i in ids.split(";") if i)}


def force_key_figures(force: str | Force) -> list[dict]:
    """The profile's headline numbers for copy, only those the data hold for the force.

    Each: ``key, value, unit, period, status`` (published, derived or uncertain: the least reliable of the
    figures it rests on), ``n`` (the count or sample behind a rate or share), ``low, high`` (95% interval:
    exact Poisson for rates, Wilson for shares; blank where none applies), ``source_ids`` and ``source_url``
    (the documents, space-separated).
    """
    name = profile_force(force).name
    obs = load_observations(with_sources=False)
    out: list[dict] = []
    row = rate_row(name)
    if row is not None:
        den = list(obs[obs.dataset.isin(["workforce_2021", "population_mid2020"]) & (obs.force == name)].source_id)
        src = [row["source_id"], *den]
        derived = least_reliable([row["status"], "derived"])
        out.append(_figure(f"cases_logged_{SEED_TAG}", int(row["value"]), "complaint cases", PERIOD, row["status"],
                           [row["source_id"]]))
        for key, basis, unit in (("cases_per_1000_employees", "employees", "per 1,000 employees"),
                                 ("cases_per_1000_officers", "officers", "per 1,000 officers"),
                                 ("cases_per_100k_population", "population", "per 100,000 people")):
            out.append(_figure(key, round(float(row[f"rate_{basis}"]), 1), unit, PERIOD, derived, src,
                               n=row["value"], low=round(float(row[f"low_{basis}"]), 1),
                               high=round(float(row[f"high_{basis}"]), 1)))
    nat = national_rate_row()
    nat_den = list(obs[(obs.dataset == "workforce_2021") & (obs.force == ENGLAND_AND_WALES)].source_id)
    out.append(_figure("england_wales_cases_per_1000_employees", round(float(nat["rate_employees"]), 1),
                       "per 1,000 employees", PERIOD, least_reliable([nat["status"], "derived"]),
                       [nat["source_id"], *nat_den], n=nat["value"]))
    hand = cpl.finalised_by_handling()
    informal = hand[(hand.force == name) & (hand.handling == "Outside Schedule 3")]
    if len(informal):
        i = informal.iloc[0]
        picks = [cpl.pick("allegations_finalised", h) for h in hand.handling.unique()]
        src = [s for p in picks for s in p.loc[p.force == name, "source_id"]]
        out.append(_figure(f"informal_share_{SEED_TAG}_pct", round(100 * float(i.proportion), 1), "percent", PERIOD,
                           least_reliable([i.status, "derived"]), src, n=i.n, low=round(100 * float(i.ci_low), 1),
                           high=round(100 * float(i.ci_high), 1)))
    fin = cmp.finalised().set_index("force")
    newest = fin.period.iloc[0]  # the year of the newest per-force table, from the data
    tag = newest.replace("/", "_")
    sel = obs[(obs.dataset == cmp.DS_FINALISED) & (obs.period == newest)]
    if name in fin.index:
        f = fin.loc[name]
        src = list(sel.loc[sel.force == name, "source_id"])
        out.append(_figure(f"cases_finalised_{tag}", int(f.total), "complaint cases", newest, f.status, src))
        point = cmp.sch3_share_funnel().points.set_index("force").loc[name]
        out.append(_figure(f"sch3_share_{tag}_pct", round(100 * float(f.sch3_share), 1), "percent", newest,
                           least_reliable([f.status, "derived"]), src, n=f.total,
                           low=round(100 * float(point.ci_low), 1), high=round(100 * float(point.ci_high), 1)))
        if pd.notna(f.days_sch3_inc):
            out.append(_figure(f"days_sch3_{tag}", float(f.days_sch3_inc), "days (average)", newest, f.status,
                               src, n=f.sch3))
    e = fin.loc[ENGLAND_AND_WALES]
    out.append(_figure(f"england_wales_days_sch3_{tag}", float(e.days_sch3_inc), "days (average)", newest,
                       e.status, list(sel.loc[sel.force == ENGLAND_AND_WALES, "source_id"]), n=e.sch3))
    reviews = cmp.reviews()
    rv = reviews[(reviews.force == name) & (reviews.route == "Not investigated")]
    if len(rv):
        r = rv.iloc[0]
        newest, tag = r.period, r.period.replace("/", "_")
        src = list(obs.loc[(obs.dataset == cmp.DS_2024_REVIEWS) & (obs.force == name), "source_id"])
        out.append(_figure(f"reviews_not_reasonable_{tag}_pct", round(100 * float(r.proportion), 1), "percent",
                           newest, r.status, src, n=r.valid, low=round(100 * float(r.ci_low), 1),
                           high=round(100 * float(r.ci_high), 1)))
    return out


def key_figures_table(force: str | Force) -> pd.DataFrame:
    """:func:`force_key_figures` as a DataFrame (:data:`KEY_FIGURE_COLUMNS`)."""
    return pd.DataFrame(force_key_figures(force), columns=KEY_FIGURE_COLUMNS)


def show_key_figures(force: str) -> None:
    """Print the key figures as plain text (the profile's last cell; stable for nbval)."""
    frame = key_figures_table(force)
    frame["value"] = [f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}" for v in frame["value"]]
    print(f"Key figures: {profile_force(force).name}")
    print(frame[["key", "value", "unit", "period", "status"]].to_string(index=False))
