"""Per-force findings (analysis/tables/force_findings.py): the days-to-finalise comparison."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.tables.force_findings import DAYS_TOLERANCE, days_comparison


@pytest.mark.parametrize("days,word", [(140, "about the same as"), (146, "about the same as"),
                                       (160, "about the same as"), (161, "longer than"), (131, "shorter than")])
def test_days_within_the_tolerance_are_about_the_same(days, word):
    assert DAYS_TOLERANCE == 0.10
    assert days_comparison(days, 146) == word


# --------------------------------------------------------------------------
# Every per-force function takes any alias, or the Force itself (issue 17)
# --------------------------------------------------------------------------
def _per_force_calls():
    from analysis.tables import comparisons, force, force_coverage, force_findings, trend

    return {
        "rate_row": force.rate_row, "rates_table": force.rates_table, "funnel_positions": force.funnel_positions,
        "funnels_for_reading": force.funnels_for_reading, "force_data_coverage": force_coverage.force_data_coverage,
        "flagged_figures": force_coverage.flagged_figures, "timeliness": force_findings.timeliness,
        "peel_grade": force_findings.peel_grade, "home_office_figures": force_findings.home_office_figures,
        "force_outcome_proportions": force_findings.force_outcome_proportions, "force_trend": trend.force_trend,
        "category_mix": lambda f: comparisons.category_mix(f)["kind"],
    }


@pytest.mark.parametrize("name", sorted(_per_force_calls()))
@pytest.mark.parametrize("alias, canonical", [("Staffs", "Staffordshire"), ("the Met", "Metropolitan Police")])
def test_per_force_functions_take_an_alias_or_a_force(name, alias, canonical):
    import analysis

    call = _per_force_calls()[name]
    expected = call(canonical)
    for other in (call(alias), call(analysis.resolve(alias))):
        if isinstance(expected, pd.DataFrame | pd.Series):
            assert other.equals(expected), name
        else:
            assert other == expected, name
