"""Chart text: national headlines with a capital, no p-values in titles, the force's own name, alt text with its value."""

from __future__ import annotations

import re

import pytest

from analysis.charts import latest as latest_charts
from analysis.charts import national as national_charts
from analysis.charts.funnel import force_display_name, possessive
from analysis.charts.registry import CHARTS

NATIONAL_CHART_NAMES = sorted(n for n, fn in CHARTS.items()
                              if fn.__module__ in (national_charts.__name__, latest_charts.__name__))


@pytest.mark.parametrize("name", NATIONAL_CHART_NAMES)
def test_titles_start_with_a_capital_and_carry_no_p_value(name):
    chart = CHARTS[name](focus="South Wales")
    assert chart.title[0].isupper(), chart.title
    assert not re.search(r"\bp\s*[=<]", chart.title), chart.title
    assert "significant" not in chart.title.lower()
    assert "South Wales's" not in chart.title + chart.alt


@pytest.mark.parametrize("name", [n for n in NATIONAL_CHART_NAMES if "-newest-" in n])
def test_latest_year_headlines_describe_the_nation_not_the_focus_force(name):
    chart = CHARTS[name](focus="Staffordshire")
    assert "Staffordshire" not in chart.title
    assert "Staffordshire Police" in chart.alt


@pytest.mark.parametrize("name", ["finalised-per-officer-newest-funnel", "sch3-share-newest-intervals"])
def test_alt_text_states_the_focus_forces_value(name):
    chart = CHARTS[name](focus="South Wales")
    row = chart.data.set_index("force").loc["South Wales"]
    value = row["value"]
    shown = f"{value:,.0f}" + ("%" if "share" in name else "")
    assert f"South Wales Police: {shown}" in chart.alt, chart.alt


def test_display_names_as_forces_write_them():
    assert force_display_name("South Wales") == "South Wales Police"
    assert force_display_name("Durham") == "Durham Constabulary"
    assert force_display_name("Metropolitan Police") == "Metropolitan Police Service"
    assert force_display_name("Cumbria") == "Cumbria Constabulary"  # the register, not a guess from aliases
    assert possessive("South Wales") == "South Wales Police's"


def test_funnel_headline_counts_match_the_verdicts():
    chart = latest_charts.finalised_per_officer_funnel_chart()
    higher = int(chart.data.verdict.str.contains("higher").sum())
    assert f"{higher} of {len(chart.data)} forces higher than expected" in chart.title
