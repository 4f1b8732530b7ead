"""Period, measure and basis are parameters; asking for what the data do not hold gives one clear error (issue 9)."""

from __future__ import annotations

import pytest

from analysis.data.forces import ENGLAND_AND_WALES
from analysis.tables import comparisons, complaints, measures, trend
from analysis.tables.measures import NotAvailableError


@pytest.mark.parametrize("call, must_list, suggestion", [
    (lambda: comparisons.rate_funnel(period="2019/20"), ["2020/21", "2024/25"], "Did you mean"),
    (lambda: comparisons.rate_funnel(basis="staff"), ["employees", "officers", "population"], None),
    (lambda: comparisons.rate_funnel(basis="officer"), ["officers"], "'officers'"),
    (lambda: comparisons.rate_funnel(measure="complaint_cases_loged"), ["complaint_cases_logged"],
     "'complaint_cases_logged'"),
    (lambda: comparisons.rate_funnel(period="2020/21", basis="populaton"), ["population"], "'population'"),
    (lambda: complaints.complaint_rates(period="2018/19"), ["2020/21"], "Did you mean"),
    (lambda: complaints.complaint_rates(measure="complaint_cases_logged", period="2024/25", basis="employees"),
     ["2021-03-31"], None),
    (lambda: complaints.complaint_rates(measure="allegations", period="2020/21"), ["allegations_logged"],
     "'allegations_logged'"),
    (lambda: complaints.pick("complaint_cases_logged", category="Schedule 3", period="2020/21"), ["all"], None),
    (lambda: complaints.pick("complaint_cases_logged", period="2020-21"), ["2020/21"], "'2020/21'"),
    (lambda: complaints.pick("allegations_logged", unit="percentt"), [], None),
    (lambda: measures.denominator("employees", "2024/25"), ["2020/21", "2021/22"], None),
    (lambda: measures.denominator("population", "2016-2020"), ["2024/25"], None),
    (lambda: measures.available_periods("complaints_logged"), ["complaint_cases_logged"], "Did you mean"),
    (lambda: measures.counts("complaint_cases_finalised", "2019/20"), ["2022/23", "2024/25"], None),
])
def test_asking_for_what_is_not_there_lists_what_is(call, must_list, suggestion):
    with pytest.raises(NotAvailableError) as info:
        call()
    message = str(info.value)
    assert "Available" in message or "rates need" in message
    for item in must_list:
        assert item in message, f"{item!r} missing from: {message}"
    if suggestion:
        assert suggestion in message, message


def test_an_error_is_a_value_error_with_the_available_items():
    with pytest.raises(ValueError) as info:
        measures.pick("complaint_cases_logged", period="1999/00")
    assert "2020/21" in info.value.available


def test_rate_funnel_with_too_few_forces_says_so_and_names_them():
    with pytest.raises(NotAvailableError, match="fewer than the 10 a funnel needs") as info:
        comparisons.rate_funnel(period="2022/23", basis="officers")
    assert "Surrey" in str(info.value)


def test_rates_use_the_denominator_nearest_in_time_and_say_which():
    seed = measures.basis_rates("complaint_cases_logged", "2020/21", "employees")
    assert set(seed.denominator_period) == {"2021-03-31"} and set(seed.denominator_kind) == {"headcount"}
    later = measures.basis_rates("complaint_cases_logged", "2022/23", "officers").set_index("force")
    assert later.at["Surrey", "value"] == 2117
    assert later.at["Surrey", "denominator_period"] == "2022-03-31" and later.at["Surrey", "denominator_kind"] == "FTE"
    assert later.at["Surrey", "rate"] == pytest.approx(2117 / later.at["Surrey", "denominator"] * 1000)
    assert (later.denominator_source_ids != "").all()


def test_a_rate_on_a_denominator_from_another_date_says_so():
    table = measures.basis_rates("complaint_cases_logged", "2023/24", "officers")
    ref, snapshot = "2024-03-31", table.denominator_period.iloc[0]
    assert snapshot != ref and (table.denominator_note.str.contains(snapshot)
                                & table.denominator_note.str.contains(ref)
                                & table.denominator_note.str.contains("nearest")).all()
    same = measures.basis_rates("complaint_cases_finalised", "2024/25", "population")
    assert same.denominator_note.str.contains("reference date of 2024/25").all()


def test_seed_year_rates_are_unchanged_by_the_new_parameters():
    wide = complaints.complaint_rates().set_index("force")
    long = complaints.complaint_rates(basis="employees").set_index("force")
    assert wide.loc[long.index, "rate_employees"].to_numpy() == pytest.approx(long.rate.to_numpy())


def test_derived_measure_sums_its_published_parts():
    finalised = measures.counts("complaint_cases_finalised", "2024/25").set_index("force")
    parts = [measures.pick("complaint_cases_finalised", c, "2024/25").set_index("force").value
             for c in ("Outside Schedule 3", "Schedule 3")]
    assert finalised.value.to_numpy() == pytest.approx((parts[0] + parts[1]).loc[finalised.index].to_numpy())
    assert finalised.note.str.startswith("derived").all()


def test_force_trend_is_newest_first_with_status_and_definition():
    table = trend.force_trend("Surrey")
    assert list(table.period) == sorted(table.period, reverse=True)
    assert {"status", "definition", "source_id"} <= set(table.columns) and (table.definition != "").all()
    row = table[(table.period == "2022/23") & (table.measure == "complaint_cases_logged")].iloc[0]
    assert row.value == 2117 and row.status == "uncertain"  # corrected in status_corrections.csv
    assert "'recorded', not 'logged'" in row.note
    national = trend.force_trend(ENGLAND_AND_WALES)
    assert {"2020/21", "2024/25"} <= set(national.period)


def test_force_trend_unknown_force_suggests_one():
    with pytest.raises(KeyError, match="Did you mean"):
        trend.force_trend("Surey Police Force")


def test_pick_prefers_the_official_release_to_a_press_copy_of_the_same_figure():
    from analysis.data.sources import OFFICIAL_KINDS, load_sources

    kinds = load_sources().set_index("source_id").kind
    national = measures.pick("complaint_cases_logged", period="2020/21").set_index("force").loc[ENGLAND_AND_WALES]
    assert national.value == 67_732 and national.alternatives >= 1  # the Stoke Sentinel printed it too
    assert kinds[national.source_id] in OFFICIAL_KINDS


def test_pick_keeps_file_order_between_two_secondary_sources():
    # Two press/force sources disagree (417 and 776); neither is official, so the first-registered figure
    # (the one the transcriber's note says to use) stays.
    dyfed = measures.pick("formal_complaints", period="2020/21").set_index("force").loc["Dyfed-Powys"]
    assert dyfed.value == 417 and dyfed.alternatives == 1
