"""Every chart of the project by its file name: an explicit mapping, no import side effects.

``CHARTS`` maps the name a chart is exported under (``figures/<name>.png``) to
the function that draws it; each function takes ``focus`` (the force to
highlight).  ``FORCE_CHARTS`` lists the charts that describe one force and are
redrawn in every force profile.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.charts import coverage, factcheck, national
from analysis.charts.chart import Chart

__all__ = ["CHARTS", "FORCE_CHARTS"]

CHARTS: dict[str, Callable[..., Chart]] = {
    "allegation-category-mix": national.allegation_category_mix,
    "complaint-rate-funnel": national.complaint_rate_funnel,
    "complaint-rates-intervals": national.complaint_rates_intervals,
    "data-coverage": coverage.data_coverage,
    "data-status": coverage.data_status,
    "days-to-finalise-2024-25": national.days_to_finalise,
    "fact-check-verdicts": factcheck.chart_verdicts,
    "informal-share-funnel": national.informal_share_funnel,
    "iopc-reviews-2024-25-funnel": national.reviews_funnel,
    "national-trend": national.national_trend,
    "outcome-proportions": national.outcome_proportions,
    "outcomes-by-handling": national.outcomes_by_handling,
    "peel-grade-and-complaint-rate": national.peel_vs_rates,
    "published-rate-check": national.published_rate_check,
    "sch3-share-2024-25-funnel": national.sch3_share_funnel,
}

#: Charts that describe one force (redrawn in each force profile), in the order the profile shows them.
FORCE_CHARTS: tuple[str, ...] = (
    "complaint-rate-funnel",
    "complaint-rates-intervals",
    "outcomes-by-handling",
    "informal-share-funnel",
    "sch3-share-2024-25-funnel",
    "iopc-reviews-2024-25-funnel",
    "days-to-finalise-2024-25",
    "peel-grade-and-complaint-rate",
    "outcome-proportions",
    "allegation-category-mix",
)
