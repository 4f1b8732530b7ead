"""One force's charts and key figures, for its profile.

:func:`force_charts` draws every per-force chart of the registry with the
force highlighted; :func:`key_figures` gives the profile's headline numbers.
"""

from __future__ import annotations

import pandas as pd

from analysis.charts.registry import CHARTS, FORCE_CHARTS
from analysis.data.forces import ENGLAND_AND_WALES
from analysis.data.formatting import join_ids
from analysis.data.observations import load_observations
from analysis.tables import comparisons as cmp
from analysis.tables import complaints as cpl
from analysis.tables.force import national_rate_row, profile_force, rate_row
from analysis.tables.force_coverage import force_data_coverage
from analysis.tables.force_findings import force_category_mix, force_outcome_proportions, peel_grade

__all__ = [
    "CHART_SECTIONS",
    "chart_names",
    "force_charts",
    "force_key_figures",
    "key_figures_table",
    "section_charts",
    "show_chart",
    "show_key_figures",
    "skipped_charts",
]

#: Where each per-force chart appears in the profile; charts not listed go to a last section.
CHART_SECTIONS: dict[str, tuple[str, ...]] = {
    "rates": ("complaint-rates-intervals",),
    "funnels": ("complaint-rate-funnel", "informal-share-funnel", "sch3-share-2024-25-funnel",
                "iopc-reviews-2024-25-funnel"),
    "outcomes": ("outcomes-by-handling", "outcome-proportions"),
    "categories": ("allegation-category-mix",),
    "timeliness": ("days-to-finalise-2024-25",),
    "peel": ("peel-grade-and-complaint-rate",),
}




def _chart_skipped(name: str, force: str) -> str:
    """Why a per-force chart is not drawn for this force ("" when it is): a chart is drawn only where the
    force has a value in it."""
    if name in ("complaint-rate-funnel", "complaint-rates-intervals", "peel-grade-and-complaint-rate"):
        if rate_row(force) is None:
            return ("no 2020/21 complaint count was found for this force: the IOPC's per-force table was not "
                    "readable and no press report of its figure was found")
        if name == "peel-grade-and-complaint-rate":
            grade = peel_grade(force)
            if grade is None or grade["grade"] == "Not found":
                return "no PEEL 2018/19 legitimacy grade is held for this force"
    if name in ("outcomes-by-handling", "informal-share-funnel"):
        hand = cpl.finalised_by_handling()
        if not (hand.force == force).any():
            return "the 2020/21 split of finalised allegations by handling was not reported for this force"
    if name in ("sch3-share-2024-25-funnel", "days-to-finalise-2024-25") and \
            force not in set(cmp.finalised_2024_25().force):
        return "the IOPC's 2024/25 table printed no figure for this force"
    if name == "iopc-reviews-2024-25-funnel" and force not in set(cmp.reviews_funnel().points.force):
        return "the IOPC's 2024/25 reviews table printed '-' (no completed review) for this force"
    if name == "outcome-proportions" and force_outcome_proportions(force).empty:
        return "no outcome proportion is published for this force, so the forest plot would be empty"
    if name == "allegation-category-mix":
        mix = force_category_mix(force)
        if mix["kind"] not in ("chi-square", "two-proportion") or (mix["kind"] == "two-proportion"
                                                                   and not len(mix["table"])):
            return "no 2024/25 allegation category could be read for this force"
    return ""


def force_charts(force: str) -> dict:
    """Every per-force chart (:data:`analysis.FORCE_CHARTS`) drawn with ``focus=force``.

    Returns ``{name: Chart}`` in registry order.  A chart with nothing to show
    for the force is left out (see :func:`skipped_charts`).
    """
    name = profile_force(force).name
    return {c: CHARTS[c](focus=name) for c in FORCE_CHARTS if not _chart_skipped(c, name)}


def chart_names(force: str) -> list[str]:
    """Names of the per-force charts drawn for this force, in registry order."""
    name = profile_force(force).name
    return [c for c in FORCE_CHARTS if not _chart_skipped(c, name)]


def show_chart(chart) -> None:
    """Display a chart with its alt text in the output's metadata (the HTML page uses it)."""
    from IPython.display import display

    display(chart, metadata={"image/png": {"alt": chart.alt}})


def skipped_charts(force: str) -> dict[str, str]:
    """Per-force charts not drawn for this force, with the reason."""
    name = profile_force(force).name
    reasons = {c: _chart_skipped(c, name) for c in FORCE_CHARTS}
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
def force_key_figures(force: str) -> list[dict]:
    """The profile's headline numbers (``key, value, unit, source_ids``), only those the data hold."""
    name = profile_force(force).name
    obs = load_observations(with_sources=False)
    out: list[dict] = []
    coverage = force_data_coverage(name)
    out.append({"key": "datasets_with_figures", "value": int(coverage.has_figures.sum()), "unit": "datasets",
                "source_ids": ""})
    out.append({"key": "datasets_without_figures", "value": int((~coverage.has_figures).sum()), "unit": "datasets",
                "source_ids": ""})
    row = rate_row(name)
    if row is not None:
        den = obs[obs.dataset.isin(["workforce_2021", "population_mid2020"]) & (obs.force == name)].source_id
        src = join_ids([row["source_id"]], den)
        out += [
            {"key": "cases_logged_2020_21", "value": int(row["value"]), "unit": "complaint cases",
             "source_ids": row["source_id"]},
            {"key": "cases_per_1000_employees", "value": round(float(row["rate_employees"]), 1),
             "unit": "per 1,000 employees", "source_ids": src},
            {"key": "cases_per_1000_officers", "value": round(float(row["rate_officers"]), 1),
             "unit": "per 1,000 officers", "source_ids": src},
            {"key": "cases_per_100k_population", "value": round(float(row["rate_population"]), 1),
             "unit": "per 100,000 people", "source_ids": src},
        ]
    nat = national_rate_row()
    nat_den = obs[(obs.dataset == "workforce_2021") & (obs.force == ENGLAND_AND_WALES)].source_id
    out.append({"key": "england_wales_cases_per_1000_employees", "value": round(float(nat["rate_employees"]), 1),
                "unit": "per 1,000 employees", "source_ids": join_ids([nat["source_id"]], nat_den)})
    hand = cpl.finalised_by_handling()
    informal = hand[(hand.force == name) & (hand.handling == "Outside Schedule 3")]
    if len(informal):
        picks = [cpl.pick("allegations_finalised", h) for h in hand.handling.unique()]
        src = join_ids(*[p.loc[p.force == name, "source_id"] for p in picks])
        out.append({"key": "informal_share_2020_21_pct", "value": round(100 * float(informal.iloc[0].proportion), 1),
                    "unit": "percent", "source_ids": src})
    fin = cmp.finalised_2024_25().set_index("force")
    src_2024 = join_ids(obs[obs.dataset == cmp.DS_2024_FINALISED].source_id)
    if name in fin.index:
        f = fin.loc[name]
        out += [
            {"key": "cases_finalised_2024_25", "value": int(f.total), "unit": "complaint cases",
             "source_ids": src_2024},
            {"key": "sch3_share_2024_25_pct", "value": round(100 * float(f.sch3_share), 1), "unit": "percent",
             "source_ids": src_2024},
        ]
        if pd.notna(f.days_sch3_inc):
            out.append({"key": "days_sch3_2024_25", "value": float(f.days_sch3_inc), "unit": "days",
                        "source_ids": src_2024})
    out.append({"key": "england_wales_days_sch3_2024_25", "value": float(fin.at[ENGLAND_AND_WALES, "days_sch3_inc"]),
                "unit": "days", "source_ids": src_2024})
    reviews = cmp.reviews_2024_25()
    rv = reviews[(reviews.force == name) & (reviews.route == "Not investigated")]
    if len(rv):
        out.append({"key": "reviews_not_reasonable_2024_25_pct", "value": round(100 * float(rv.iloc[0].proportion), 1),
                    "unit": "percent", "source_ids": join_ids(obs[obs.dataset == cmp.DS_2024_REVIEWS].source_id)})
    return out


def key_figures_table(force: str) -> pd.DataFrame:
    """:func:`key_figures` as a DataFrame: ``key, value, unit, source_ids``."""
    return pd.DataFrame(force_key_figures(force), columns=["key", "value", "unit", "source_ids"])


def show_key_figures(force: str) -> None:
    """Print the key figures as plain text (the profile's last cell; stable for nbval)."""
    frame = key_figures_table(force)
    frame["value"] = [f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}" for v in frame["value"]]
    print(f"Key figures: {profile_force(force).name}")
    print(frame[["key", "value", "unit"]].to_string(index=False))


