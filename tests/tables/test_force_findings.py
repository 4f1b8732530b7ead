"""Per-force findings (analysis/tables/force_findings.py): the days-to-finalise comparison."""

from __future__ import annotations

import pytest

from analysis.tables.force_findings import DAYS_TOLERANCE, days_comparison


@pytest.mark.parametrize("days,word", [(140, "about the same as"), (146, "about the same as"),
                                       (160, "about the same as"), (161, "longer than"), (131, "shorter than")])
def test_days_within_the_tolerance_are_about_the_same(days, word):
    assert DAYS_TOLERANCE == 0.10
    assert days_comparison(days, 146) == word
