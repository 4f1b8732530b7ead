"""The force tables behind each profile, without a kernel: names and slugs, coverage, funnel positions and verdicts,
reviews, timeliness, PEEL counts and note widths (``analysis.tables.force``, ``force_coverage``, ``force_findings``).

The profiles themselves, which run a kernel, are tested in ``tests/pipeline/test_profiles.py``.
"""

from __future__ import annotations

import re

import pytest

from analysis.data.forces import territorial_forces
from analysis.report import force as profile_report
from analysis.stats import SMALL_N
from analysis.tables import bands, force_coverage, force_findings
from analysis.tables import comparisons as cmp
from analysis.tables import force as profiles


def test_alias_resolves_to_canonical_name_and_slug():
    assert profiles.profile_force("Avon & Somerset").name == "Avon and Somerset"
    assert profiles.slug("Avon & Somerset") == "avon-and-somerset"
    assert profiles.slug("west yorkshire police") == "west-yorkshire"


def test_slugs_are_unique_and_clean():
    slugs = [profiles.slug(f) for f in territorial_forces()]
    assert len(set(slugs)) == 43
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)
def test_england_and_wales_is_not_a_force():
    with pytest.raises(profiles.NotProfiledError, match="national total"):
        profiles.profile_force("England and Wales")


# --------------------------------------------------------------------------
# What the notebook shows, without a kernel
# --------------------------------------------------------------------------
def test_coverage_explains_missing_2020_21_figures():
    lancs = force_coverage.force_data_coverage("Lancashire").set_index("dataset")
    assert not lancs.at["iopc_2020_21_forces", "has_figures"]
    assert "press" in lancs.at["iopc_2020_21_forces", "why"]
    staffs = force_coverage.force_data_coverage("Staffordshire").set_index("dataset")
    assert staffs.at["iopc_2020_21_forces", "has_figures"] and staffs.at["iopc_2020_21_forces", "why"] == ""
    assert (staffs.figures == staffs.published + staffs.derived + staffs.uncertain).all()


def test_british_transport_police_profile_data_do_not_crash():
    keys = {k["key"] for k in profile_report.force_key_figures("British Transport Police")}
    assert "cases_per_1000_employees" not in keys  # no 2020/21 figure
    assert "sch3_share_2024_25_pct" in keys
    peel = force_coverage.force_data_coverage("British Transport Police").set_index("dataset")
    assert not peel.at["peel_2018_19_grades", "has_figures"]


def test_funnel_position_words_come_from_the_bands_module():
    positions = profiles.funnel_positions("Staffordshire")
    assert list(positions.position) == [bands.verdict(b, d) for b, d in zip(positions.band_used,
                                                                           positions.direction_used)]
    assert not hasattr(profiles, "position_phrase")  # one wording: analysis.tables.bands


def test_chance_comparison_uses_the_national_value_not_an_interval():
    assert profiles.compare_with_national(10, 12, 9) == "above"
    assert profiles.compare_with_national(10, 12, 12.5) == "below"
    assert profiles.compare_with_national(10, 12, 11) == "not clearly different from"
    # the old rule (non-overlapping intervals) would have said "not clearly different" here
    assert profiles.compare_with_national(9.5, 12, 9.4) == "above"


def test_rate_verdict_comes_from_the_funnel():
    above_but_within = profiles.rate_verdict("above", "within 95%", "", True, "per employee")
    assert above_but_within == ("above England and Wales per employee on its chance-only interval, but "
                                + bands.verdict_sentence("within 95%", "", True))
    assert profiles.rate_verdict("not clearly different from", "beyond 99.8%", "above", True) == (
        "much higher than expected, allowing for normal variation between forces")
    assert "normal variation" not in profiles.rate_verdict("below", "within 95%", "", False)


def test_staffordshire_rate_verdict_is_consistent_with_the_funnel():
    """The review finding: the rate section and the funnel section must not give opposite verdicts."""
    rates = profiles.rates_table("Staffordshire").set_index("basis")
    employees = rates.loc["per 1,000 employees"]
    assert employees.chance == "above"  # its chance-only interval excludes the national rate
    funnel = cmp.rate_funnel()
    assert funnel.overdispersed and funnel.dispersion.phi > 10
    point = funnel.points.set_index("force").loc["Staffordshire"]
    assert employees.band == point["band_adjusted"] == "within 95%"
    assert bands.verdict_sentence("within 95%", "", True) in employees.verdict
    assert "national_low" not in rates.columns  # the national figure is a complete count: no interval


@pytest.mark.parametrize("force", ["Staffordshire", "Cumbria", "Metropolitan Police", "West Yorkshire"])
def test_rate_verdict_matches_funnel_position_for_every_basis(force):
    rates = profiles.rates_table(force).set_index("basis")
    employees = rates.loc["per 1,000 employees"]
    position = profiles.funnel_positions(force).set_index("key").loc["rate"]
    assert (employees.band, employees.direction) == (position.band_used, position.direction_used)
    for basis, per in (("per 1,000 officers", "officers"), ("per 100,000 people", "population")):
        f = cmp.rate_funnel(basis=per)
        p = f.points.set_index("force").loc[force]
        assert rates.at[basis, "band"] == (p["band_adjusted"] if f.overdispersed else p["band"])


def test_reviews_funnel_flags_small_numbers_and_names_forces_without_reviews():
    reviews = profiles.funnel_positions("Staffordshire").set_index("key").loc["reviews"]
    assert reviews.size < SMALL_N and reviews.small
    assert "small numbers" in profiles.funnels_for_reading("Staffordshire").iloc[3]["Staffordshire"]
    missing = profiles.reviews_without()
    in_funnel = set(cmp.reviews_funnel().points.force)
    assert missing and not set(missing) & in_funnel
    assert len(in_funnel) + len(missing) == 44  # the 43 territorial forces and British Transport Police


def test_timeliness_caveats_are_computed():
    c = force_findings.timeliness_caveats()
    assert c["all_uncertain"] and c["statuses"] == ["uncertain"]
    assert c["forces"] == 44 and c["includes_btp"] and c["total_is_sum"]
    assert "period" in c["note"]


def test_peel_grade_counts_behind_the_chart():
    counts = force_findings.peel_rate_grade_counts()
    table = cmp.peel_and_rates()
    assert counts.sum() == (table.grade.notna() & (table.grade != "Not found")).sum()
    assert counts.max() > counts.drop(index=counts.idxmax()).sum()  # most forces share one grade


def test_long_notes_are_cut_for_the_tables():
    assert profiles.short("a b c", 80) == "a b c"
    cut = profiles.short("word " * 40, 80)
    assert len(cut) <= 80 and cut.endswith("...")
    flagged = force_coverage.flagged_figures("Staffordshire")
    assert (flagged.Note.str.len() <= profiles.NOTE_WIDTH).all()
    assert (force_coverage.flagged_figures("Staffordshire", note_width=None).Note.str.len() > profiles.NOTE_WIDTH).any()
    assert "Why missing" not in force_coverage.coverage_table("Staffordshire").columns


# --------------------------------------------------------------------------
