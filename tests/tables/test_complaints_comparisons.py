"""The shared analysis (rates, proportions, funnels, category mix) computes what it says, from the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import stats
from analysis.data.forces import ENGLAND_AND_WALES
from analysis.tables import comparisons, complaints
from analysis.tables.measures import NotAvailableError


def test_pick_prefers_a_published_figure_over_an_uncertain_one():
    picked = complaints.pick("complaint_cases_logged").set_index("force")
    row = picked.loc["Avon and Somerset"]
    assert row.status == "published" and row.source_id == "iopc-2021-argus-sussex"
    assert row.alternatives == 1


def test_denominators_are_the_workforce_and_population_sums():
    den = complaints.denominators().set_index("force")
    staffs = den.loc["Staffordshire"]
    obs = analysis.load_observations(with_sources=False)
    wf = obs[(obs.dataset == "workforce_2021") & (obs.force == "Staffordshire")]
    parts = wf[(wf.unit == "people") & wf.category.isin(["Police officers", "Police staff", "Designated officers",
                                                          "PCSOs"])].value.sum()
    assert staffs.employees == parts
    assert den.geo_code.notna().all() and len(den) == 44


def test_complaint_rates_are_count_over_denominator_with_exact_intervals():
    rates = complaints.complaint_rates().set_index("force")
    s = rates.loc["Staffordshire"]
    assert s.rate_employees == pytest.approx(s.value / s.employees * 1000)
    assert s.rate_population == pytest.approx(s.value / s.population * 100_000)
    low, high = stats.poisson_rate_interval(s.value, s.employees, per=1000)[1:]
    assert (s.low_employees, s.high_employees) == pytest.approx((float(np.ravel(low)[0]), float(np.ravel(high)[0])))
    assert (rates.low_employees <= rates.rate_employees).all() and (rates.rate_employees <= rates.high_employees).all()
    assert rates.is_national.sum() == 1 and rates.index[0] == ENGLAND_AND_WALES


def test_finalised_shares_sum_to_one_and_skip_inconsistent_or_partial_areas():
    hand = complaints.finalised_by_handling()
    sums = hand.groupby("force").proportion.sum()
    assert np.allclose(sums, 1)
    assert "Metropolitan Police" not in set(hand.force)  # its published parts do not add up
    assert {"Staffordshire", ENGLAND_AND_WALES} <= set(hand.force)


def test_home_office_shares_use_the_publications_base():
    ho = complaints.home_office_outcomes("Staffordshire").set_index("outcome")
    allegations = analysis.figure("Staffordshire", "2020/21", "complaint_allegations")
    unknown = analysis.figure("Staffordshire", "2020/21", "allegations_by_outcome", "Outcome not known")
    assert (ho.n == allegations - unknown).all()
    assert round(100 * ho.at["No action", "proportion"]) == 96  # "96 per cent ... where the result is known"


def test_force_without_seed_year_data_gets_its_later_proportions_and_a_clear_error_for_the_seed_year():
    summary = complaints.proportions_summary("Lancashire")
    assert len(summary) and {"proportion", "ci_low", "ci_high", "small_n"} <= set(summary.columns)
    assert "2020/21" not in set(summary.period)
    with pytest.raises(NotAvailableError) as info:
        complaints.proportions_summary("Lancashire", period="2020/21")
    assert all(p in str(info.value) for p in set(summary.period))


# --------------------------------------------------------------------------
# The calls of issue 17 ("Why"): a result, or a one-line error listing what exists
# --------------------------------------------------------------------------
@pytest.mark.parametrize("alias, force", [("the Met", "Metropolitan Police"), ("BTP", "British Transport Police"),
                                          ("Staffs", "Staffordshire"), ("Heddlu Gogledd Cymru", "North Wales"),
                                          ("Avon & Somerset", "Avon and Somerset")])
def test_proportions_summary_takes_any_alias_and_returns_the_forces_table(alias, force):
    summary = complaints.proportions_summary(alias)
    assert len(summary) > 0
    assert summary.equals(complaints.proportions_summary(force))
    assert summary.equals(complaints.proportions_summary(analysis.resolve(force)))
    fin = complaints.counts("complaint_cases_finalised", "2024/25").set_index("force")
    sch3 = complaints.pick("complaint_cases_finalised", "Schedule 3", "2024/25").set_index("force")
    row = summary[summary.finding == "Cases finalised under Schedule 3"].set_index("period").loc["2024/25"]
    assert (row.k, row.n) == (sch3.at[force, "value"], fin.at[force, "value"])


def test_proportions_summary_of_one_period_and_of_an_unknown_force():
    staffs = complaints.proportions_summary("Staffordshire", period="2020/21")
    assert set(staffs.period) == {"2020/21"} and len(staffs) >= 4
    with pytest.raises(analysis.UnknownForceError, match="Staffordshire"):
        complaints.proportions_summary("Staffordshre")


def test_seed_year_rows_of_the_proportions_summary_keep_their_order():
    summary = complaints.proportions_summary("Staffordshire")
    seed = summary[summary.publisher == "IOPC"].period.tolist()
    assert seed[:4] == ["2020/21"] * 4
    assert summary.iloc[-1].publisher == "HMICFRS"


@pytest.mark.parametrize("alias", ["BTP", "the Met", "Lancashire"])
def test_informal_vs_national_on_a_force_without_data_says_which_forces_have_it(alias):
    with pytest.raises(NotAvailableError) as info:
        complaints.informal_vs_national(alias)
    message = str(info.value)
    assert "\n" not in message and "Staffordshire" in message and analysis.resolve(alias).name in message


def test_informal_vs_national_takes_an_alias_and_a_period():
    assert complaints.informal_vs_national("Staffs") == complaints.informal_vs_national("Staffordshire", "2020/21")
    with pytest.raises(NotAvailableError, match="2020/21"):
        complaints.informal_vs_national("Staffordshire", "2024/25")


@pytest.mark.parametrize("route", ["not investigated", "NOT INVESTIGATED", " Not investigated"])
def test_reviews_funnel_takes_the_kind_in_any_case(route):
    f = comparisons.reviews_funnel(route)
    assert f.points.equals(comparisons.reviews_funnel("Not investigated").points)


def test_reviews_funnel_with_an_unknown_kind_lists_the_kinds():
    with pytest.raises(NotAvailableError) as info:
        comparisons.reviews_funnel("appeals")
    assert "Investigation" in str(info.value) and "Not investigated" in str(info.value)


def test_complaint_rates_of_cases_finalised_2024_25_on_every_basis_held():
    table = complaints.complaint_rates("complaint_cases_finalised", "2024/25").set_index("force")
    officers = complaints.complaint_rates("complaint_cases_finalised", "2024/25", "officers").set_index("force")
    assert set(analysis.territorial_forces()) <= set(table.index) and ENGLAND_AND_WALES in table.index
    assert table.loc[officers.index, "rate_officers"].to_numpy() == pytest.approx(officers.rate.to_numpy())
    assert table[["rate_officers", "rate_population"]].notna().all().all()
    assert table.denominator_note_officers.str.contains("2025-03-31").all()


def test_per_officer_rates_for_a_year_with_only_a_national_total_say_so_without_contradiction():
    with pytest.raises(NotAvailableError) as info:
        complaints.complaint_rates("complaint_cases_finalised", "2023/24", "officers")
    message = str(info.value)
    assert "only the England and Wales total" in message and "2024/25" in message
    assert "Available for 2023/24 per officers: England and Wales" not in message
    assert "\n" not in message


def test_rate_funnel_targets_england_and_wales_and_flags_overdispersion():
    f = comparisons.rate_funnel()
    e = complaints.complaint_rates().set_index("force").loc[ENGLAND_AND_WALES]
    assert f.target == pytest.approx(e.rate_employees)
    assert f.overdispersed and f.dispersion.phi > 10
    assert {"band_adjusted", "z_adjusted"} <= set(f.points.columns)
    assert ENGLAND_AND_WALES not in set(f.points.force)


@pytest.mark.parametrize("route", ["Investigation", "Not investigated"])
def test_funnel_bands_agree_with_the_plain_exact_quantiles_at_each_forces_size(route):
    """No point is flagged beyond a limit its exact binomial tail does not support (issue 9, item 7)."""
    from scipy import stats as sps

    f = comparisons.reviews_funnel(route)
    limits = stats.funnel_limits_proportion(f.target, f.points["size"].to_numpy(), interpolate=False)
    limits = limits[np.isclose(limits.level, 0.95)].set_index("n")
    for row in f.points.itertuples():
        lim = limits.loc[row.size]
        inside = lim.lower <= row.value <= lim.upper
        assert (row.band == "within 95%") == inside, row.force
        upper = sps.binom.sf(row.observed - 1, int(row.size), f.target)
        lower = sps.binom.cdf(row.observed, int(row.size), f.target)
        assert (row.band != "within 95%") == (min(upper, lower) < 0.025), row.force
        if f.overdispersed and row.band_adjusted != "within 95%":
            assert row.band != "within 95%", f"{row.force}: adjusted band beyond what its exact tail supports"
    assert len(f.points) > 30
    city = f.points.set_index("force").loc["City of London"] if "City of London" in set(f.points.force) else None
    if city is not None and city["size"] <= 2:
        assert city.band == "within 95%"


def test_2024_25_tables_cover_every_force_and_add_up():
    fin = comparisons.finalised_2024_25().set_index("force")
    assert len(fin) == 45 and set(analysis.territorial_forces()) <= set(fin.index)
    forces = fin.drop(index=ENGLAND_AND_WALES)
    assert forces.outside.sum() == fin.at[ENGLAND_AND_WALES, "outside"]
    sch3 = comparisons.sch3_share_funnel()
    assert len(sch3.points) == 44
    assert sch3.target == pytest.approx(fin.at[ENGLAND_AND_WALES, "sch3"] / fin.at[ENGLAND_AND_WALES, "total"])


def test_category_mix_uses_chi_square_for_complete_rows_and_two_proportion_tests_otherwise():
    pool = comparisons.complete_category_forces()
    assert len(pool) >= 5
    full = comparisons.category_mix(pool[0])
    assert full["kind"] == "chi-square" and full["test"].dof == 10 and pool[0] not in full["reference_forces"]
    partial = comparisons.category_mix("Staffordshire")
    assert partial["kind"] == "two-proportion"
    row = partial["table"].iloc[0]
    assert row.category == "Delivery of duties and service" and row.n == analysis.figure(
        "Staffordshire", "2024/25", "allegations_logged")
    assert comparisons.category_mix("Surrey")["kind"] in ("two-proportion", "none")


def test_national_trend_is_one_value_per_year_and_measure():
    trend = comparisons.national_trend()
    assert not trend.duplicated(["period", "measure"]).any()
    cases = trend[trend.measure == "complaint_cases_logged"].set_index("period").value
    assert list(cases.index) == ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
    assert cases["2020/21"] == analysis.figure("England and Wales", "2020/21", "complaint_cases_logged",
                                               source_id="iopc-2021-release-wiredgov")


def test_memoised_tables_are_copies():
    first = complaints.complaint_rates()
    first.loc[:, "value"] = -1
    assert (complaints.complaint_rates().value > 0).all()


def test_key_figures_are_unique_numeric_and_cited():
    from analysis.report import keyfigures

    table = keyfigures.key_figures()
    assert not table.duplicated(["notebook", "key"]).any()
    assert pd.to_numeric(table.value).notna().all()
    assert set(table.notebook) == set(keyfigures.PROVIDERS)
    sources = set(analysis.load_sources().source_id)
    for ids in table.source_ids:
        assert all(i in sources for i in filter(None, str(ids).split(";")))


def test_published_rate_check_covers_every_published_rate():
    check = complaints.published_rate_check()
    published = complaints.pick("complaint_cases_per_1000_employees", unit="per_1000_employees")
    assert set(check.force) == set(published.force) & set(complaints.pick("complaint_cases_logged").force)
    assert (check.computed_headcount > 0).all()


@pytest.mark.parametrize("call", [complaints.home_office_outcomes, complaints.pa_foi_outcomes,
                                  complaints.category_counts])
def test_per_force_tables_take_an_alias_and_name_the_forces_that_have_data(call):
    assert call("Staffs").equals(call("Staffordshire"))
    with pytest.raises(NotAvailableError) as info:
        call("BTP")
    message = str(info.value)
    assert "British Transport Police" in message and "Staffordshire" in message and "\n" not in message


def test_category_mix_takes_an_alias():
    assert comparisons.category_mix("Staffs")["kind"] == comparisons.category_mix("Staffordshire")["kind"]
    assert comparisons.category_mix("Staffs")["force"] == "Staffordshire"
