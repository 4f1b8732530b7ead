"""The headline accessor: the newest full year's figures of a force, read from the facts table (ranks and previous
periods are the table's, never worked out again on the page)."""

from __future__ import annotations

import pytest

from analysis.data.facts import newest_period, read_facts
from analysis.report.site import figures
from analysis.tables.summary import RATE_MEASURES


def test_the_headline_period_is_the_newest_year_of_the_measure_rated_for_most_forces():
    table = read_facts()
    measure = figures.headline_measure()
    period = figures.headline_period()
    assert measure in RATE_MEASURES and period == newest_period(measure, table=table)
    rated = table[(table.scope == "force") & table.rate.notna() & table.measure.isin(RATE_MEASURES)]
    mine = rated[(rated.measure == measure) & (rated.period == period)].force.nunique()
    for other in RATE_MEASURES:
        held = rated[(rated.measure == other) & (rated.period == newest_period(other, table=table))]
        assert held.force.nunique() <= mine, other


@pytest.mark.parametrize("force", ["Gwent", "Cumbria"])
def test_headline_figures_are_the_facts_table_rows(force):
    h = figures.headline_figures(force)
    table = read_facts()
    rows = table[(table.force == force) & (table.period == h["period"]) & (table.measure == h["measure"])
                 & (table.category == "all")].set_index("basis")
    for key, basis in (("per_officer", "officers"), ("per_population", "population")):
        f, row = h[key], rows.loc[basis]
        assert f["value"] == pytest.approx(row.rate) and f["low"] == pytest.approx(row.rate_low)
        assert f["high"] == pytest.approx(row.rate_high) and f["national"] == pytest.approx(row.england_and_wales_rate)
        assert f["verdict"] == row.verdict and f["verdict_words"].startswith(row.verdict)
        assert f["rank"] == row["rank"] and f["of"] == row.ranked_of and f["rank_direction"] == row.rank_direction
        assert f["source_ids"] and f["national_source_ids"] and f["status"] in ("derived", "uncertain")
    assert h["count"]["value"] == rows.iloc[0].value


@pytest.mark.parametrize("force", ["Gwent", "Cumbria", "City of London"])
def test_ranks_are_the_facts_tables(force):
    h = figures.headline_figures(force)
    table = read_facts()
    rated = table[(table.period == h["period"]) & (table.measure == h["measure"]) & (table.basis == "officers")
                  & table["rank"].notna()]
    row = rated.set_index("force").loc[force]
    f = h["per_officer"]
    assert f["of"] == row.ranked_of == len(rated) and f["rank"] == row["rank"]
    below = int(row.ranked_of) - int(row["rank"]) + 1  # no tie at this end in the data
    assert f["rank_words"] == figures.rank_words(f["rank"], f["of"], "highest", below)
    assert str(f["of"]) in f["rank_words"]


def test_the_change_from_the_previous_comparable_year_is_the_facts_tables():
    table = read_facts()
    h = figures.headline_figures("Surrey")
    row = table[(table.force == "Surrey") & (table.period == h["period"]) & (table.measure == h["measure"])
                & (table.basis == "officers")].iloc[0]
    assert row.previous_period  # the data hold Surrey's 2022/23 cases finalised per officer (FTE)
    p = h["per_officer"]["previous"]
    assert p["period"] == row.previous_period and p["figure"] == pytest.approx(row.previous_rate)
    assert h["previous"]["value"] == row.previous_value and h["previous"]["change_pct"] == pytest.approx(row.change_pct)
    held = table[(table.force == "Gwent") & (table.period == h["period"]) & (table.measure == h["measure"])]
    assert (held.previous_period == "").all() and figures.headline_figures("Gwent")["previous"] is None


def test_rank_words_count_from_the_nearer_end():
    assert figures.rank_words(1, 43, "highest") == "the highest of 43"
    assert figures.rank_words(12, 43, "highest", 32) == "12th highest of 43"
    assert figures.rank_words(37, 43, "highest", 7) == "7th lowest of 43"
    assert figures.rank_words(44, 44, "longest", 1) == "the shortest of 44"
    assert [figures.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]


def test_reviews_only_where_there_are_enough():
    table = read_facts()
    for force in ("Gwent", "Cumbria", "Metropolitan Police"):
        h = figures.headline_figures(force)
        period = newest_period("reviews_outcome_not_reasonable", table=table)
        rows = table[(table.force == force) & (table.period == period)
                     & (table.measure == "reviews_outcome_not_reasonable") & (table.category == "Not investigated")]
        enough = len(rows) and rows.iloc[0].denominator >= figures.SMALL_BASE
        assert (h["reviews"] is not None) == bool(enough), force


def test_plain_verdicts_have_no_p_values():
    for verdict in ("within the range expected", "higher than expected", "much higher than expected",
                    "lower than expected", "much lower than expected"):
        words = figures.verdict_words(verdict)
        assert words.startswith(verdict) and "p =" not in words and "p <" not in words
    assert "far more than chance would explain" in figures.verdict_words("much higher than expected")
