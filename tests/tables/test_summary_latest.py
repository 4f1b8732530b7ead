"""The facts table's rows (tables/summary.py) and the latest year's national comparisons (issue 9, items 3 and 6)."""

from __future__ import annotations

import pytest
from scipy import stats as sps

from analysis.data.forces import ENGLAND_AND_WALES, territorial_forces
from analysis.tables import latest, summary
from analysis.tables.bands import VERDICTS


@pytest.fixture(scope="module")
def table():
    return summary.force_summary()


def test_summary_has_the_promised_columns_and_a_unique_key(table):
    required = ["force", "geo_code", "period", "measure", "value", "status", "basis", "denominator", "rate",
                "rate_low", "rate_high", "rate_unit", "england_and_wales_rate", "verdict", "source_ids"]
    assert set(required) <= set(table.columns)
    assert not table.duplicated(summary.SUMMARY_KEY).any()
    assert (table.source_ids != "").all()


@pytest.mark.parametrize("basis, unit", [("officers", "per 1,000 officers"), ("population", "per 100,000 people")])
def test_latest_year_has_every_force_with_a_rate_interval_and_verdict(table, basis, unit):
    period = latest.latest_complete_period()
    rows = table[(table.period == period) & (table.measure == "complaint_cases_finalised") & (table.basis == basis)]
    forces = rows[rows.force != ENGLAND_AND_WALES]
    assert set(forces.force) == set(territorial_forces())
    assert (forces.rate_unit == unit).all()
    assert ((forces.rate_low <= forces.rate) & (forces.rate <= forces.rate_high)).all()
    assert forces.verdict.isin(set(VERDICTS.values())).all()
    national = rows[rows.force == ENGLAND_AND_WALES].iloc[0]
    assert national.value == forces.value.sum() and national.denominator == pytest.approx(forces.denominator.sum())
    assert forces.england_and_wales_rate.to_numpy() == pytest.approx([national.rate] * len(forces))


def test_rate_intervals_are_exact_garwood(table):
    row = table[(table.measure == "complaint_cases_finalised") & (table.basis == "officers")].iloc[3]
    per = 1000
    low = sps.chi2.ppf(0.025, 2 * row.value) / 2 / row.denominator * per
    high = sps.chi2.ppf(0.975, 2 * row.value + 2) / 2 / row.denominator * per
    assert (row.rate_low, row.rate_high) == pytest.approx((low, high))


def test_btp_has_counts_but_no_rate(table):
    btp = table[(table.force == "British Transport Police") & (table.measure == "complaint_cases_finalised")]
    assert len(btp) == 1 and btp.basis.iloc[0] == "none" and btp.rate.isna().all()


def test_surrey_2022_23_figures_are_in_the_summary(table):
    surrey = table[(table.force == "Surrey") & (table.period == "2022/23")]
    logged = surrey[surrey.measure == "complaint_cases_logged"]
    assert (logged.value == 2117).all() and len(logged)
    published = surrey[surrey.measure == "complaint_cases_per_1000_employees"].iloc[0]
    assert published.value == 492 and published.status == "published"


def test_national_funnels_cover_all_forces_and_keep_btp_out_of_rates():
    for spec in latest.NATIONAL_FUNNELS:
        f = latest.national_funnel(spec.key)
        if spec.kind == "rate":
            assert "British Transport Police" not in set(f.points.force)
        if spec.key.startswith("finalised"):
            assert set(f.points.force) == set(territorial_forces())
    overview = latest.funnel_overview()
    assert (overview.higher + overview.lower + overview.within == overview.forces).all()


def test_published_employee_rates_are_shown_beside_ours():
    table = latest.published_employee_rates()
    assert len(table) == 5 and table.published_per_1000_employees.notna().all()
    assert table.finalised_per_1000_officers.notna().all()


def test_a_rate_on_a_denominator_from_another_year_says_so_in_its_note():
    from analysis.tables.summary import force_summary

    table = force_summary()
    rates = table[(table.rate_unit.str.startswith("per ")) & (table.denominator_period != "")]
    for row in rates.itertuples():
        year_end = f"{int(row.period[:4]) + 1}-03-31"
        mid_year = f"{row.period[:4]}-06-30"
        at_its_date = row.denominator_period in (year_end, mid_year)
        assert at_its_date != ("denominator: " in row.note), (row.force, row.period, row.basis, row.note)
