"""Every chart of the project by its file name: an explicit mapping, no import side effects.

``CHARTS`` maps the name a chart is exported under (``figures/<name>.png``) to
the function that draws it; each function takes ``focus`` (the force to
highlight).  ``FORCE_CHARTS`` lists the charts that describe one force and are
redrawn in every force profile.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.charts import coverage, factcheck, latest, national
from analysis.charts.chart import Chart

__all__ = ["CHARTS", "FORCE_CHARTS"]

CHARTS: dict[str, Callable[..., Chart]] = {
    "allegation-category-mix": national.allegation_category_mix_chart,
    "allegations-per-population-newest-funnel": latest.allegations_per_population_funnel_chart,
    "allegations-per-population-newest-intervals": latest.allegations_per_population_intervals_chart,
    "finalised-per-officer-newest-funnel": latest.finalised_per_officer_funnel_chart,
    "finalised-per-officer-newest-intervals": latest.finalised_per_officer_intervals_chart,
    "finalised-per-population-newest-funnel": latest.finalised_per_population_funnel_chart,
    "finalised-per-population-newest-intervals": latest.finalised_per_population_intervals_chart,
    "reviews-investigation-newest-intervals": latest.reviews_investigation_intervals_chart,
    "reviews-not-investigated-newest-intervals": latest.reviews_not_investigated_intervals_chart,
    "sch3-share-newest-intervals": latest.sch3_share_intervals_chart,
    "complaint-rate-funnel": national.complaint_rate_funnel_chart,
    "complaint-rates-intervals": national.complaint_rates_intervals_chart,
    "data-coverage": coverage.data_coverage_chart,
    "data-status": coverage.data_status_chart,
    "days-to-finalise-newest": national.days_to_finalise_chart,
    "fact-check-verdicts": factcheck.verdicts_chart,
    "informal-share-funnel": national.informal_share_funnel_chart,
    "iopc-reviews-newest-funnel": national.reviews_funnel_chart,
    "national-trend": national.national_trend_chart,
    "outcome-proportions": national.outcome_proportions_chart,
    "outcomes-by-handling": national.outcomes_by_handling_chart,
    "peel-grade-and-complaint-rate": national.peel_vs_rates_chart,
    "published-rate-check": national.published_rate_check_chart,
    "sch3-share-newest-funnel": national.sch3_share_funnel_chart,
}

#: Charts that describe one force (redrawn in each force profile), in the order the profile shows them.
FORCE_CHARTS: tuple[str, ...] = (
    "complaint-rate-funnel",
    "complaint-rates-intervals",
    "outcomes-by-handling",
    "informal-share-funnel",
    "sch3-share-newest-funnel",
    "iopc-reviews-newest-funnel",
    "days-to-finalise-newest",
    "peel-grade-and-complaint-rate",
    "outcome-proportions",
    "allegation-category-mix",
)
