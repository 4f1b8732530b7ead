"""The facts table (issue 17): scope, ranks, previous periods, notes from the data, one home per derived figure."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data.facts import FACTS_COLUMNS, FACTS_KEY
from analysis.data.forces import ENGLAND_AND_WALES, ENGLAND_AND_WALES_CODE, territorial_forces
from analysis.tables import comparisons as cmp
from analysis.tables import facts
from analysis.tables.measures import counts


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return facts.facts_table()


def test_columns_and_unique_key(table):
    assert list(table.columns) == FACTS_COLUMNS
    assert not table.duplicated(FACTS_KEY).any()
    assert (table.source_ids != "").all() and (table.source_urls.str.startswith("http")).all()


def test_no_row_named_england_and_wales_is_a_partial_sum(table):
    ew = table[(table.force == ENGLAND_AND_WALES) | (table.geo_code == ENGLAND_AND_WALES_CODE)]
    assert (ew.scope == "national").all() and (ew.force == ENGLAND_AND_WALES).all()
    partial = table[table.scope.str.startswith("sum of")]
    assert len(partial), "the data hold years summed from some forces only (e.g. cases finalised in the seed year)"
    assert (partial.geo_code == "").all() and not partial.force.str.contains("England").any()
    # the forces compared with a partial sum carry no England and Wales rate, and say what they were compared with
    for (period, measure, basis), _ in partial.groupby(["period", "measure", "basis"]):
        rows = table[(table.period == period) & (table.measure == measure) & (table.basis == basis)
                     & (table.scope == "force")]
        assert rows.england_and_wales_rate.isna().all()
        assert rows.notes.str.contains("not with England and Wales").all()


def test_the_seed_year_two_force_sum_is_labelled_as_such(table):
    rows = table[(table.measure == "complaint_cases_finalised") & (table.period == "2020/21")
                 & (table.scope != "force")]
    assert set(rows.scope) == {"sum of 2 forces"} and (rows.value == 2947).all()


def test_ranks_count_forces_with_a_figure(table):
    rows = table[(table.measure == "complaint_cases_finalised") & (table.period == "2024/25")
                 & (table.basis == "officers") & (table.scope == "force")]
    assert (rows.ranked_of == len(territorial_forces())).all()
    assert sorted(rows["rank"].astype(int)) == list(range(1, len(rows) + 1))
    top = rows.loc[rows.rate.idxmax()]
    assert top["rank"] == 1 and top.rank_direction == "1 = highest rate"
    days = table[(table.measure == "days_to_finalise") & (table.scope == "force") & table["rank"].eq(1)]
    assert (days.rank_direction == "1 = longest average days").all()
    assert table.loc[table.scope != "force", "rank"].isna().all()


def test_previous_period_only_where_the_definition_is_the_same(table):
    with_previous = table[table.previous_period != ""]
    assert len(with_previous)
    for row in with_previous.itertuples():
        prev = table[(table.force == row.force) & (table.period == row.previous_period)
                     & (table.measure == row.measure) & (table.category == row.category) & (table.basis == row.basis)]
        assert len(prev) == 1 and prev.denominator_kind.iloc[0] == row.denominator_kind
        assert prev.value.iloc[0] == row.previous_value and row.change == row.value - row.previous_value
        assert row.previous_period < row.period
    logged = table[(table.force == ENGLAND_AND_WALES) & (table.measure == "complaint_cases_logged")
                   & (table.basis == "population") & (table.period == "2021/22")]
    assert logged.previous_period.iloc[0] == "2020/21" and logged.change.iloc[0] == 75020 - 67732
    # officers: headcount in the seed year, FTE later, so the rates are not set against each other
    officers = table[(table.force == ENGLAND_AND_WALES) & (table.measure == "complaint_cases_logged")
                     & (table.basis == "officers")].set_index("period")
    kinds = officers.denominator_kind
    for period, row in officers.iterrows():
        if row.previous_period:
            assert kinds[row.previous_period] == kinds[period]


def test_city_of_london_action_fraud_note_comes_from_the_published_name(table):
    city = table[(table.force == "City of London") & (table.measure == "complaint_cases_finalised_sch3")]
    assert city.notes.str.contains("City of London (with Action Fraud)", regex=False).all()
    assert city.notes.str.contains("include Action Fraud").all()
    assert not table[table.force == "Kent"].notes.str.contains("Action Fraud").any()
    assert city.notes.str.contains("period inferred").all()


def test_shares_have_wilson_intervals_and_a_verdict_method(table):
    sch3 = table[(table.measure == "complaint_cases_finalised_sch3") & (table.scope == "force")]
    assert ((sch3.rate_low <= sch3.rate) & (sch3.rate <= sch3.rate_high)).all()
    assert (sch3.verdict_method.str.startswith("funnel plot")).all()
    assert (sch3.n == sch3.denominator).all()


def test_cases_finalised_has_one_home_and_the_products_agree(table):
    """Gwent's cases finalised: 500 outside Schedule 3 + 147 under it = 647, the same in every product."""
    fin = cmp.finalised("2024/25").set_index("force")
    assert (fin.at["Gwent", "outside"], fin.at["Gwent", "sch3"], fin.at["Gwent", "total"]) == (500, 147, 647)
    assert (fin.total == fin.outside + fin.sch3).all()
    home = counts("complaint_cases_finalised", "2024/25").set_index("force")["value"]
    assert (fin.total == home.reindex(fin.index)).all()
    gwent = table[(table.force == "Gwent") & (table.period == "2024/25")]
    rate = gwent[(gwent.measure == "complaint_cases_finalised") & (gwent.basis == "officers")].iloc[0]
    share = gwent[gwent.measure == "complaint_cases_finalised_sch3"].iloc[0]
    assert (rate.value, share.n, share.value) == (647, 647, 147)
    assert cmp.finalised_2024_25().equals(cmp.finalised())


def test_rank_direction_words():
    assert facts.rank_direction("days_to_finalise", "") == "1 = longest average days"
    assert facts.rank_direction("complaint_cases_finalised_sch3", "percent") == "1 = highest share"
    assert facts.rank_direction("complaint_cases_logged", "") == "1 = largest count"
