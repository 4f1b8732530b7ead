"""The headline accessor: the newest full year's figures of a force, read from one table, with ranks computed."""

from __future__ import annotations

import pytest

from analysis.data.forces import ENGLAND_AND_WALES
from analysis.report.site import figures
from analysis.tables.summary import RATE_MEASURES, force_summary


def test_the_newest_period_is_the_newest_in_the_table_with_rates_for_most_forces():
    table = force_summary()
    period = figures.newest_period()
    rated = table[table.measure.isin(RATE_MEASURES) & table.rate.notna() & (table.force != ENGLAND_AND_WALES)]
    per_period = rated.groupby("period").force.nunique()
    assert per_period[period] == per_period.max()
    assert all(p < period for p in per_period.index if p != period and per_period[p] >= per_period.max() / 2)


@pytest.mark.parametrize("force", ["Gwent", "Cumbria"])
def test_headline_figures_are_the_summary_table_rows(force):
    h = figures.headline_figures(force)
    table = force_summary()
    rows = table[(table.force == force) & (table.period == h["period"]) & (table.measure == h["measure"])
                 & (table.category == "all")].set_index("basis")
    for key, basis in (("per_officer", "officers"), ("per_population", "population")):
        f, row = h[key], rows.loc[basis]
        assert f["value"] == pytest.approx(row.rate) and f["low"] == pytest.approx(row.rate_low)
        assert f["high"] == pytest.approx(row.rate_high) and f["national"] == pytest.approx(row.england_and_wales_rate)
        assert f["verdict"] == row.verdict and f["verdict_words"].startswith(row.verdict)
        assert f["source_ids"] and f["national_source_ids"] and f["status"] in ("derived", "uncertain")
    assert h["count"]["value"] == rows.iloc[0].value


@pytest.mark.parametrize("force", ["Gwent", "Cumbria", "City of London"])
def test_ranks_count_the_forces_above(force):
    h = figures.headline_figures(force)
    table = force_summary()
    rated = table[(table.period == h["period"]) & (table.measure == h["measure"]) & (table.basis == "officers")
                  & (table.force != ENGLAND_AND_WALES) & table.rate.notna()]
    mine = rated.set_index("force").at[force, "rate"]
    f = h["per_officer"]
    assert f["of"] == len(rated) and f["rank"] == 1 + int((rated.rate > mine).sum())
    below = 1 + int((rated.rate < mine).sum())
    expected = (figures.rank_words(f["rank"], f["of"], "highest", below))
    assert f["rank_words"] == expected and str(f["of"]) in f["rank_words"]


def test_rank_words_count_from_the_nearer_end():
    assert figures.rank_words(1, 43, "highest") == "the highest of 43"
    assert figures.rank_words(12, 43, "highest", 32) == "12th highest of 43"
    assert figures.rank_words(37, 43, "highest", 7) == "7th lowest of 43"
    assert figures.rank_words(44, 44, "longest", 1) == "the shortest of 44"
    assert [figures.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]


def test_reviews_only_where_there_are_enough():
    table = force_summary()
    for force in ("Gwent", "Cumbria", "Metropolitan Police"):
        h = figures.headline_figures(force)
        rows = table[(table.force == force) & (table.period == h["period"])
                     & (table.measure == "reviews_outcome_not_reasonable") & (table.category == "Not investigated")]
        enough = len(rows) and rows.iloc[0].denominator >= figures.SMALL_BASE
        assert (h["reviews"] is not None) == bool(enough), force


def test_plain_verdicts_have_no_p_values():
    for verdict in ("within the range expected", "higher than expected", "much higher than expected",
                    "lower than expected", "much lower than expected"):
        words = figures.verdict_words(verdict)
        assert words.startswith(verdict) and "p =" not in words and "p <" not in words
    assert "far more than chance would explain" in figures.verdict_words("much higher than expected")
