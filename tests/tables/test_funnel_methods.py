"""The funnel verdicts' sensitivity to the method: counts per method, the package's method reproduced."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from analysis.tables import comparisons, funnel_methods, latest
from analysis.tables.measures import NotAvailableError


@pytest.fixture(scope="module")
def national():
    return funnel_methods.national_funnel_methods()


def test_the_method_used_gives_the_verdicts_the_charts_draw(national):
    overview = latest.funnel_overview().set_index("key")
    used = national[national.used].set_index("key")
    assert sorted(used.index) == sorted(overview.index)
    for key, row in overview.iterrows():
        assert (used.at[key, "higher"], used.at[key, "lower"]) == (row.higher, row.lower), key
        assert used.at[key, "method"] == (funnel_methods.METHOD_USED if row.overdispersed else "exact")


def test_every_method_is_counted_for_every_funnel(national):
    assert (national.groupby("key").method.apply(list) == [list(funnel_methods.METHODS)] * national.key.nunique()).all()
    assert (national.outside == national.higher + national.lower).all()
    assert (national.outside <= national.forces).all()


def test_exact_limits_flag_at_least_as_many_as_any_method_allowing_for_over_dispersion(national):
    """Every method caps a force at the band its exact tail supports, so widening can only remove flags."""
    for _, group in national.groupby("key"):
        exact = group[group.method == "exact"].outside.iloc[0]
        assert (group.outside <= exact).all()


def test_raw_dispersion_is_at_least_the_winsorised_one(national):
    for _, group in national.groupby("key"):
        d = group.set_index("method").dispersion
        assert d["multiplicative-raw"] >= d["multiplicative-winsorised"] >= 1
        assert d["additive-raw"] >= d["additive-winsorised"] >= 0


def test_multiplicative_raw_count_recomputed_by_hand():
    period = latest.latest_complete_period()
    f = comparisons.rate_funnel("complaint_cases_finalised", "officers", period)
    table = funnel_methods.rate_funnel_methods("complaint_cases_finalised", "officers", period).set_index("method")
    count, exposure = f.points.observed.to_numpy(float), f.points["size"].to_numpy(float)
    rate, se = 1000 * count / exposure, np.sqrt(f.target * 1000 / exposure)
    phi = max(np.mean(((rate - f.target) / se) ** 2), 1.0)
    beyond = np.abs(rate - f.target) > sps.norm.ppf(0.975) * np.sqrt(phi) * se
    expected = sps.poisson(f.target / 1000 * exposure)
    tail = np.minimum(expected.sf(count - 1), expected.cdf(count)) < 0.025
    outside = beyond & tail
    assert table.at["multiplicative-raw", "dispersion"] == pytest.approx(phi)
    assert table.at["multiplicative-raw", "higher"] == int((outside & (rate > f.target)).sum())
    assert table.at["multiplicative-raw", "lower"] == int((outside & (rate < f.target)).sum())


def test_the_readme_finding_names_its_method_and_the_alternatives():
    from analysis.report import keyfigures

    sentence = next(s for s in keyfigures.headline_findings() if "than expected" in s)
    used = funnel_methods.METHODS[funnel_methods.METHOD_USED]
    assert used in sentence and "notebook 03" in sentence
    others = funnel_methods.rate_funnel_methods()
    others = others[~others.used & (others.method != "exact")]
    assert f"{others.higher.min()} to {others.higher.max()} higher" in sentence


def test_a_basis_the_data_do_not_hold_lists_the_bases():
    with pytest.raises(NotAvailableError, match="officers"):
        funnel_methods.rate_funnel_methods(basis="staff")


def test_method_spread_gives_the_used_method_and_the_range_of_the_others(national):
    spread = funnel_methods.method_spread(national[national.key == "finalised-per-officer"])
    # golden values for the committed data (issue 17: 5/3 used; 3/2, 1/1 and 4/0 under the other methods)
    assert (spread.used.method, spread.used.higher, spread.used.lower) == (funnel_methods.METHOD_USED, 5, 3)
    assert spread.higher == (1, 4) and spread.lower == (0, 2)
    assert spread.exact.name == "exact" and spread.exact.outside >= spread.used.higher + spread.used.lower
    with pytest.raises(ValueError, match="one funnel"):
        funnel_methods.method_spread(national)


def test_methods_table_has_a_row_per_funnel_and_marks_the_method_used(national):
    table = funnel_methods.methods_table(national)
    assert list(table.columns) == list(funnel_methods.METHODS.values())
    assert list(table.index) == list(dict.fromkeys(national.label))
    assert (table.apply(lambda row: row.str.endswith("(used)").sum(), axis=1) == 1).all()
