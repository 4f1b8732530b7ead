"""``analysis.facts()``: the researcher's entry point to data/processed/facts.csv (issue 17)."""

from __future__ import annotations

import pytest

import analysis
from analysis.data.facts import FACTS_COLUMNS, FactsError, facts, newest_period, read_facts


def test_the_built_table_has_every_column():
    assert list(read_facts().columns) == FACTS_COLUMNS


@pytest.mark.parametrize("alias, name", [("the Met", "Metropolitan Police"), ("BTP", "British Transport Police"),
                                         ("Avon & Somerset", "Avon and Somerset"), ("Leeds", "West Yorkshire")])
def test_any_alias_names_a_force(alias, name):
    rows = analysis.facts(force=alias)
    assert len(rows) and set(rows.force) == {name}


def test_filters_combine():
    rows = facts(force="Gwent", period="2024/25", measure="complaint_cases_finalised", basis="officers")
    assert len(rows) == 1 and rows.value.iloc[0] == 647 and rows.rank_direction.iloc[0] == "1 = highest rate"


@pytest.mark.parametrize("kwargs, listed", [
    ({"force": "Atlantis"}, "Avon and Somerset"),
    ({"period": "1999/00"}, "2024/25"),
    ({"measure": "complaints"}, "complaint_cases_logged"),
    ({"force": "BTP", "basis": "officers"}, "valid IOPC reviews"),
])
def test_a_bad_value_is_one_line_listing_what_exists(kwargs, listed):
    with pytest.raises(FactsError) as err:
        facts(**kwargs)
    message = str(err.value)
    assert "\n" not in message and "Available:" in message and listed in message


def test_newest_period_is_computed_per_measure_from_the_table():
    table = read_facts()
    for measure in set(table.measure):
        years = table[(table.measure == measure) & (table.force == "England and Wales")].period
        if len(years):
            assert newest_period(measure) == max(years)
    newest = facts(period="newest", measure="complaint_cases_finalised_sch3")
    assert set(newest.period) == {newest_period("complaint_cases_finalised_sch3")}


def test_a_missing_table_says_how_to_build_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m analysis build"):
        read_facts(tmp_path / "facts.csv")
