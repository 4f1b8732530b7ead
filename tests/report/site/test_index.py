"""The front page: newest-year rate columns, What stands out, and the names the search matches."""

from __future__ import annotations

from analysis.report.site import index
from analysis.report.site.figures import headline_figures, headline_period


def test_columns_carry_the_headline_period_from_the_data():
    labels = [c["label"] for c in index.index_columns()]
    period = headline_period()
    assert f"Per 1,000 officers, {period}" in labels and f"Per 100,000 people, {period}" in labels


def test_what_stands_out_lists_exactly_the_forces_outside_the_limits():
    listed = {s["slug"] for s in index.standing_out()}
    assert listed
    for row in index.index_rows():
        h = headline_figures(row["force"]["sort"])
        outside = any(h[k] is not None and h[k]["verdict"] not in ("", "within the range expected")
                      for k, _ in index.STAND_OUT_MEASURES)
        assert (row["slug"] in listed) == outside, row["slug"]


def test_search_names_hold_places_people_type():
    names = index.search_names()
    assert names["bangor"] == "north-wales" and names["carlisle"] == "cumbria"
    assert names["heathrow"] == "metropolitan-police" and names["gatwick"] == "sussex"
    assert names["hull"] == "humberside" and names["solihull"] == "west-midlands"
    assert names["cumbria constabulary"] == "cumbria"
