"""Tests for analysis.stats against independent reference values.

References used:
- Newcombe (1998a) Stat Med 17:857, Table I (Wilson "method 3" intervals).
- Newcombe (1998b) Stat Med 17:873, Table II (hybrid score "method 10").
- Exact Poisson limits (e.g. 0 events -> upper 3.689; 10 -> 4.795 to 18.39).
- Fisher's tea-tasting table [[3, 1], [1, 3]]: two-sided p = 34/70.
- scipy.stats (binomtest, chisquare, fisher_exact, poisson) as independent code.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis import stats


# --------------------------------------------------------------------------
# Wilson intervals
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "k, n, low, high",
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (0, 10, 0.0, 0.2775),
        (1, 10, 0.0179, 0.4042),
    ],
)
def test_wilson_matches_newcombe_table_i(k, n, low, high):
    lo, hi = stats.wilson_interval(k, n)
    assert float(lo) == pytest.approx(low, abs=6e-5)
    assert float(hi) == pytest.approx(high, abs=6e-5)


@pytest.mark.parametrize("level", [0.90, 0.95, 0.99])
def test_wilson_matches_scipy_binomtest_vectorised(level):
    k = np.array([0, 1, 7, 50, 99, 100])
    n = np.array([5, 12, 30, 100, 100, 100])
    lo, hi = stats.wilson_interval(k, n, level)
    assert lo.shape == hi.shape == k.shape
    for i in range(k.size):
        ci = sps.binomtest(int(k[i]), int(n[i])).proportion_ci(level, method="wilson")
        assert lo[i] == pytest.approx(ci.low, abs=1e-10)
        assert hi[i] == pytest.approx(ci.high, abs=1e-10)


def test_wilson_matches_hand_formula():
    k, n, z = 37, 120, 1.959963984540054
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    lo, hi = stats.wilson_interval(k, n)
    assert float(lo) == pytest.approx(centre - half, rel=1e-12)
    assert float(hi) == pytest.approx(centre + half, rel=1e-12)


@pytest.mark.parametrize(
    "k, n, level",
    [(11, 10, 0.95), (1, 0, 0.95), (-1, 10, 0.95), (1, 10, 1.0), ([1, 5], [10, 4], 0.95)],
)
def test_wilson_rejects_bad_input(k, n, level):
    with pytest.raises(ValueError):
        stats.wilson_interval(k, n, level)


def test_proportion_table_columns_flags_and_labels():
    k = pd.Series([3, 50, 97, 10], index=["A", "B", "C", "D"])
    n = [100, 100, 100, 20]
    tab = stats.proportion_table(k, n)
    assert list(tab.columns) == [
        "label", "k", "n", "proportion", "ci_low", "ci_high", "small_n",
    ]  # fmt: skip
    assert tab["label"].tolist() == ["A", "B", "C", "D"]
    # k < 5, ok, n - k < 5, n < 30
    assert tab["small_n"].tolist() == [True, False, True, True]
    assert tab["proportion"].tolist() == pytest.approx([0.03, 0.5, 0.97, 0.5])
    ci = sps.binomtest(50, 100).proportion_ci(method="wilson")
    assert tab.loc[1, "ci_low"] == pytest.approx(ci.low)
    assert tab.loc[1, "ci_high"] == pytest.approx(ci.high)
    assert stats.proportion_table([1], [2], labels=["x"])["label"].tolist() == ["x"]


def test_proportion_table_rejects_k_above_n():
    with pytest.raises(ValueError):
        stats.proportion_table([5, 12], [10, 10])


# --------------------------------------------------------------------------
# Poisson rates
# --------------------------------------------------------------------------
def test_poisson_interval_published_values():
    rate, lo, hi = stats.poisson_rate_interval([0, 10], [1, 1], per=1)
    assert rate.tolist() == [0.0, 10.0]
    assert lo[0] == 0.0
    assert hi[0] == pytest.approx(3.689, abs=5e-4)
    assert lo[1] == pytest.approx(4.795, abs=5e-4)
    assert hi[1] == pytest.approx(18.39, abs=5e-3)


@pytest.mark.parametrize("level", [0.95, 0.99])
def test_poisson_interval_has_exact_tail_probabilities(level):
    counts = np.array([1, 5, 10, 50])
    _, lo, hi = stats.poisson_rate_interval(counts, 1.0, per=1, level=level)
    a = 1 - level
    # Lower limit: P(X >= k | mu = low) = a/2; upper: P(X <= k | mu = high) = a/2.
    assert sps.poisson.sf(counts - 1, lo) == pytest.approx(np.full(4, a / 2), rel=1e-8)
    assert sps.poisson.cdf(counts, hi) == pytest.approx(np.full(4, a / 2), rel=1e-8)


def test_poisson_interval_scales_with_exposure_and_per():
    rate, lo, hi = stats.poisson_rate_interval(10, 2000, per=1000)
    assert float(rate) == pytest.approx(5.0)
    assert float(lo) == pytest.approx(4.7954 / 2, abs=1e-4)
    assert float(hi) == pytest.approx(18.3904 / 2, abs=1e-4)


def test_rate_table_columns_and_small_count():
    tab = stats.rate_table([3, 10, 40], [2000, 2000, 5000], per=1000, labels=["a", "b", "c"])
    assert list(tab.columns) == [
        "label", "count", "exposure", "rate", "ci_low", "ci_high", "small_count",
    ]  # fmt: skip
    assert tab["rate"].tolist() == pytest.approx([1.5, 5.0, 8.0])
    assert tab["small_count"].tolist() == [True, False, False]
    assert (tab["ci_low"] < tab["rate"]).all() and (tab["rate"] < tab["ci_high"]).all()


@pytest.mark.parametrize("count, exposure", [(-1, 10), (5, 0), (5, -3), (np.nan, 1)])
def test_rate_functions_reject_bad_input(count, exposure):
    with pytest.raises(ValueError):
        stats.rate_table([count], [exposure], per=1000)


# --------------------------------------------------------------------------
# Two proportions
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "k1, n1, k2, n2, diff, low, high",
    [
        (56, 70, 48, 80, 0.2000, 0.0524, 0.3339),  # Newcombe 1998b, Table II (a)
        (9, 10, 3, 10, 0.6000, 0.1705, 0.8090),  # Newcombe 1998b, Table II
    ],
)
def test_newcombe_difference_interval(k1, n1, k2, n2, diff, low, high):
    res = stats.two_proportion_test(k1, n1, k2, n2)
    assert res.difference == pytest.approx(diff)
    assert res.ci_low == pytest.approx(low, abs=6e-5)
    assert res.ci_high == pytest.approx(high, abs=6e-5)


def test_two_proportion_z_test_matches_pooled_formula():
    k1, n1, k2, n2 = 120, 400, 90, 420
    res = stats.two_proportion_test(k1, n1, k2, n2)
    pooled = (k1 + k2) / (n1 + n2)
    z = (k1 / n1 - k2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    assert res.test == "z-test"
    assert res.z_statistic == pytest.approx(z)
    assert res.p_value == pytest.approx(2 * sps.norm.sf(abs(z)))
    assert math.isnan(res.fisher_p_value)


def test_two_proportion_uses_fisher_for_small_expected_cells():
    res = stats.two_proportion_test(9, 10, 3, 10)
    assert res.min_expected == pytest.approx(4.0)  # 8 * 10 / 20 ... smallest is 4
    assert res.test == "fisher"
    assert res.p_value == pytest.approx(sps.fisher_exact([[9, 1], [3, 7]]).pvalue)
    assert res.p_value != pytest.approx(res.z_p_value)


def test_two_proportion_fisher_tea_tasting():
    res = stats.two_proportion_test(3, 4, 1, 4)
    assert res.test == "fisher"
    assert res.p_value == pytest.approx(34 / 70)


@pytest.mark.parametrize("args", [(11, 10, 3, 10), (1, 10, 3, 0), (1.5, 10, 3, 10)])
def test_two_proportion_rejects_bad_input(args):
    with pytest.raises(ValueError):
        stats.two_proportion_test(*args)


# --------------------------------------------------------------------------
# Category mix
# --------------------------------------------------------------------------
def test_category_mix_matches_scipy_chisquare():
    force = np.array([40, 25, 20, 15])
    ref = np.array([5000, 2000, 2000, 1000])
    res = stats.category_mix_test(force, ref)
    expected = force.sum() * ref / ref.sum()
    chk = sps.chisquare(force, expected)
    assert res.statistic == pytest.approx(chk.statistic)
    assert res.p_value == pytest.approx(chk.pvalue)
    assert res.dof == 3
    assert res.table["expected"].to_numpy() == pytest.approx(expected)


def test_category_mix_adjusted_residuals_by_hand():
    res = stats.category_mix_test([10, 20, 30], [100, 300, 600])
    # N = 60, shares .1/.3/.6 -> E = 6, 18, 36.
    adj = [(10 - 6) / math.sqrt(6 * 0.9), (20 - 18) / math.sqrt(18 * 0.7), (30 - 36) / math.sqrt(36 * 0.4)]
    assert res.table["adjusted_residual"].to_numpy() == pytest.approx(adj)
    assert res.table["pearson_residual"].to_numpy() == pytest.approx([4 / 6**0.5, 2 / 18**0.5, -1.0])
    assert res.statistic == pytest.approx(16 / 6 + 4 / 18 + 1)


def test_category_mix_subtracts_force_from_reference():
    force = np.array([30, 50, 20])
    ew = np.array([1030, 3050, 1020])
    incl = stats.category_mix_test(force, ew, reference_includes_force=True)
    rest = stats.category_mix_test(force, ew - force)
    assert incl.statistic == pytest.approx(rest.statistic)
    assert incl.table["reference_share"].to_numpy() == pytest.approx([0.2, 0.6, 0.2])
    not_sub = stats.category_mix_test(force, ew)
    assert not_sub.statistic != pytest.approx(incl.statistic)


def test_category_mix_aligns_series_and_flags_low_expected():
    force = pd.Series({"b": 12, "a": 3})  # category "c" absent -> count 0
    ref = pd.Series({"a": 100, "b": 800, "c": 100})
    res = stats.category_mix_test(force, ref)
    tab = res.table.set_index("category")
    assert tab.loc["a", "observed"] == 3 and tab.loc["c", "observed"] == 0
    assert tab.loc["b", "expected"] == pytest.approx(12.0)
    assert tab["low_expected"].to_dict() == {"b": False, "a": True, "c": True}
    assert res.any_low_expected
    assert res.statistic == pytest.approx(sps.chisquare([12, 3, 0], [12, 1.5, 1.5]).statistic)


@pytest.mark.parametrize(
    "force, ref, incl",
    [([5, 5], [3, 100], True), ([5, 5], [0, 100], False), ([1, 2, 3], [1, 2], False)],
)
def test_category_mix_rejects_bad_input(force, ref, incl):
    with pytest.raises(ValueError):
        stats.category_mix_test(force, ref, reference_includes_force=incl)


# --------------------------------------------------------------------------
# Funnel limits
# --------------------------------------------------------------------------
def _poisson_interpolated_limit(p: float, mu: float) -> float:
    """Spiegelhalter (2005) A.1.1 for a Poisson count, from first principles."""
    r, cdf = 0, math.exp(-mu)
    while cdf < p:
        r += 1
        cdf += math.exp(-mu) * mu**r / math.factorial(r)
    pmf = math.exp(-mu) * mu**r / math.factorial(r)
    return r - (cdf - p) / pmf


def test_funnel_proportion_hand_computed_binomial_10_half():
    # Bin(10, .5): F(1) = 11/1024, F(2) = 56/1024, F(7) = 968/1024, F(8) = 1013/1024,
    # P(2) = P(8) = 45/1024.  Upper: r = 8, alpha = (1013 - 998.4)/45.
    # Lower: r = 2, alpha = (56 - 25.6)/45.
    tab = stats.funnel_limits_proportion(0.5, [10], levels=[0.95])
    assert tab["upper"].iloc[0] == pytest.approx((8 - 14.6 / 45) / 10)
    assert tab["lower"].iloc[0] == pytest.approx((2 - 30.4 / 45) / 10)
    plain = stats.funnel_limits_proportion(0.5, [10], levels=[0.95], interpolate=False)
    assert plain[["lower", "upper"]].iloc[0].tolist() == pytest.approx([0.2, 0.8])


def test_funnel_proportion_tidy_shape_and_bracketing():
    grid = [20, 50, 50.2, 200, 1000]
    tab = stats.funnel_limits_proportion(0.15, grid)
    assert list(tab.columns) == ["n", "level", "lower", "upper"]
    assert len(tab) == 4 * 2  # 50.2 rounds to a duplicate of 50
    for _, row in tab.iterrows():
        a = 1 - row["level"]
        r_hi = sps.binom.ppf(1 - a / 2, row["n"], 0.15)
        assert (r_hi - 1) / row["n"] < row["upper"] <= r_hi / row["n"]
    wide = tab[tab.level == 0.998].set_index("n")
    narrow = tab[tab.level == 0.95].set_index("n")
    assert (wide["upper"] > narrow["upper"]).all() and (wide["lower"] <= narrow["lower"]).all()
    assert narrow.loc[20, "lower"] == 0.0  # clipped at 0 for small n
    assert narrow["upper"].is_monotonic_decreasing


def test_funnel_proportion_close_to_normal_for_large_n():
    n, t = 100_000, 0.2
    tab = stats.funnel_limits_proportion(t, [n], levels=[0.95])
    half = 1.959963984540054 * math.sqrt(t * (1 - t) / n)
    assert tab["upper"].iloc[0] == pytest.approx(t + half, abs=2 / n)
    assert tab["lower"].iloc[0] == pytest.approx(t - half, abs=2 / n)


def test_funnel_rate_matches_first_principles_poisson():
    tab = stats.funnel_limits_rate(2.0, [2000, 15000], levels=[0.95, 0.998], per=1000)
    assert list(tab.columns) == ["exposure", "level", "lower", "upper"]
    for _, row in tab.iterrows():
        mu = 2.0 / 1000 * row["exposure"]
        a = 1 - row["level"]
        hi = _poisson_interpolated_limit(1 - a / 2, mu) / row["exposure"] * 1000
        lo = max(0.0, _poisson_interpolated_limit(a / 2, mu) / row["exposure"] * 1000)
        assert row["upper"] == pytest.approx(hi, rel=1e-9)
        assert row["lower"] == pytest.approx(lo, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    "call",
    [
        lambda: stats.funnel_limits_proportion(0.0, [10]),
        lambda: stats.funnel_limits_proportion(0.5, [0]),
        lambda: stats.funnel_limits_rate(-1.0, [10]),
        lambda: stats.funnel_limits_rate(1.0, [0.0]),
        lambda: stats.funnel_limits_proportion(0.5, [10], levels=[1.5]),
    ],
)
def test_funnel_limits_reject_bad_input(call):
    with pytest.raises(ValueError):
        call()


# --------------------------------------------------------------------------
# Over-dispersion
# --------------------------------------------------------------------------
def test_winsorize_clips_to_percentiles():
    z = np.arange(11.0)  # 10th and 90th percentiles are 1 and 9
    assert stats.winsorize(z, 0.1).tolist() == [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9]
    assert stats.winsorize(z, 0.0).tolist() == z.tolist()
    with pytest.raises(ValueError):
        stats.winsorize(z, 0.5)


def test_overdispersion_hand_computed_proportions():
    k, n = np.array([10, 30, 20]), np.array([100, 200, 100])
    res = stats.overdispersion(k, n, target=0.2)
    se = np.sqrt(0.2 * 0.8 / n)
    z = (k / n - 0.2) / se  # -2.5, -1.7678, 0
    assert res.z == pytest.approx(z)
    assert res.phi == pytest.approx(np.mean(z**2))
    assert res.statistic == pytest.approx(6.25 + 3.125)
    assert res.dof == 2
    assert res.p_value == pytest.approx(math.exp(-(6.25 + 3.125) / 2))  # chi2(2) sf
    w = 1 / se**2
    tau2 = (3 * res.phi - 2) / (w.sum() - (w**2).sum() / w.sum())
    assert res.tau2 == pytest.approx(tau2)
    assert res.tau2 > 0


def test_overdispersion_binomial_data_has_phi_near_one():
    rng = np.random.default_rng(20240501)
    n = rng.integers(200, 3000, size=300)
    k = rng.binomial(n, 0.25)
    res = stats.overdispersion(k, n)
    assert 0.8 < res.phi < 1.2
    assert res.p_value > 0.01
    assert res.tau2 < 1e-4


def test_overdispersion_detects_extra_variation():
    rng = np.random.default_rng(7)
    n = rng.integers(500, 5000, size=150)
    p = 1 / (1 + np.exp(-(np.log(0.25 / 0.75) + rng.normal(0, 0.3, size=150))))
    k = rng.binomial(n, p)
    res = stats.overdispersion(k, n)
    assert res.phi > 3
    assert res.p_value < 1e-10
    assert 0.5 * p.var() < res.tau2 < 2 * p.var()


def test_overdispersion_rate_kind_and_quasi_poisson_agree():
    rng = np.random.default_rng(11)
    exposure = rng.uniform(20_000, 200_000, size=40)
    counts = rng.poisson(exposure * 4 / 1000 * rng.gamma(20, 1 / 20, size=40))
    res = stats.overdispersion(counts, exposure, kind="rate", per=1000)
    expected = exposure * counts.sum() / exposure.sum()
    pearson = np.sum((counts - expected) ** 2 / expected)
    assert res.statistic == pytest.approx(pearson)
    assert res.target == pytest.approx(1000 * counts.sum() / exposure.sum())
    assert stats.quasi_poisson_dispersion(counts, exposure) == pytest.approx(pearson / 39, rel=1e-6)
    assert res.phi > 2


def test_winsorised_phi_resists_a_single_outlier():
    rng = np.random.default_rng(3)
    n = np.full(50, 1000)
    k = rng.binomial(n, 0.3)
    k[0] = 450  # z about +10
    raw = stats.overdispersion(k, n, target=0.3)
    wins = stats.overdispersion(k, n, target=0.3, winsor_fraction=0.1)
    assert raw.phi > 2.5
    assert wins.phi < 1.2
    assert wins.statistic == pytest.approx(raw.statistic)  # test uses raw z


def test_overdispersion_rejects_bad_input():
    with pytest.raises(ValueError):
        stats.overdispersion([5, 20], [10, 10])
    with pytest.raises(ValueError):
        stats.overdispersion([5], [10])
    with pytest.raises(ValueError):
        stats.overdispersion([5, 6], [10, 10], kind="ratio")


def test_multiplicative_and_additive_limits():
    grid = [100, 400]
    base = stats.funnel_limits_multiplicative(0.2, grid, phi=1.0, levels=[0.95])
    half = 1.959963984540054 * np.sqrt(0.2 * 0.8 / np.array(grid))
    assert base["upper"].to_numpy() == pytest.approx(0.2 + half)
    assert base["lower"].to_numpy() == pytest.approx(0.2 - half)
    wide = stats.funnel_limits_multiplicative(0.2, grid, phi=4.0, levels=[0.95])
    assert (wide["upper"] - 0.2).to_numpy() == pytest.approx(2 * half)
    add0 = stats.funnel_limits_additive(0.2, grid, tau2=0.0, levels=[0.95])
    assert add0["upper"].to_numpy() == pytest.approx(base["upper"].to_numpy())
    add = stats.funnel_limits_additive(0.2, [1e9], tau2=0.01**2, levels=[0.95])
    assert add["upper"].iloc[0] == pytest.approx(0.2 + 1.96 * 0.01, abs=1e-4)
    rate = stats.funnel_limits_additive(5.0, [1000.0], tau2=0.5, kind="rate", per=1000, levels=[0.95])
    assert list(rate.columns) == ["exposure", "level", "lower", "upper"]
    assert rate["upper"].iloc[0] == pytest.approx(5 + 1.959963984540054 * math.sqrt(5 + 0.5))


# --------------------------------------------------------------------------
# Funnel position
# --------------------------------------------------------------------------
def test_funnel_position_bands_exact_limits():
    k, n = [200, 228, 155, 175], [1000, 1000, 1000, 1000]
    pos = stats.funnel_position(k, n, 0.2, labels=["w", "up", "down", "low95"])
    assert list(pos.columns) == ["label", "observed", "n", "value", "z", "tail_p", "band", "direction"]
    assert pos["band"].tolist() == [
        "within 95%", "between 95% and 99.8%", "beyond 99.8%", "between 95% and 99.8%",
    ]  # fmt: skip
    assert pos["direction"].tolist() == ["", "above", "below", "below"]
    assert pos["z"].iloc[1] == pytest.approx(0.028 / math.sqrt(0.16 / 1000))
    # Consistent with the plotted funnel at n = 1000.
    lim = stats.funnel_limits_proportion(0.2, [1000]).set_index("level")
    assert lim.loc[0.95, "upper"] < 0.228 < lim.loc[0.998, "upper"]


def test_funnel_position_with_overdispersion_widens_limits():
    k, n = [228, 140], [1000, 1000]
    assert stats.funnel_position(k, n, 0.2, phi=4.0)["band"].tolist() == [
        "within 95%", "between 95% and 99.8%",
    ]  # fmt: skip
    pos = stats.funnel_position(k, n, 0.2, tau2=0.02**2)
    assert pos["z"].iloc[0] == pytest.approx(0.028 / math.sqrt(0.16 / 1000 + 0.0004))
    assert pos["band"].iloc[0] == "within 95%"
    with pytest.raises(ValueError):
        stats.funnel_position(k, n, 0.2, phi=2.0, tau2=0.01)


def test_funnel_position_rates():
    pos = stats.funnel_position([40, 80], [10_000, 10_000], 4.0, kind="rate", per=1000)
    assert list(pos.columns)[2] == "exposure"
    assert pos["value"].tolist() == pytest.approx([4.0, 8.0])
    assert pos["band"].tolist() == ["within 95%", "beyond 99.8%"]
    assert pos["direction"].tolist() == ["", "above"]


def test_logit_scale_random_effects_limits_stay_inside_0_1_and_are_symmetric_on_the_logit_scale():
    target, tau2 = 0.3, 0.8
    lim = stats.funnel_limits_additive(target, [10, 100, 10_000], tau2, scale="logit")
    assert ((lim.lower > 0) & (lim.upper < 1)).all()
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    centre = logit(target)
    assert np.allclose(logit(lim.upper) - centre, centre - logit(lim.lower))
    row = lim[(lim.n == 10_000) & np.isclose(lim.level, 0.95)].iloc[0]
    expected = 1.959964 * np.sqrt(1 / (10_000 * target * (1 - target)) + tau2)
    assert logit(row.upper) - centre == pytest.approx(expected, rel=1e-5)


def test_logit_scale_dispersion_detects_overdispersed_proportions_and_positions_agree_with_limits():
    rng = np.random.default_rng(7)
    n = rng.integers(50, 2000, 40)
    p = 1 / (1 + np.exp(-(np.log(0.3 / 0.7) + rng.normal(0, 0.6, 40))))
    k = rng.binomial(n, p)
    target = k.sum() / n.sum()
    result = stats.overdispersion(k, n, scale="logit")
    assert result.p_value < 1e-6 and 0.2 < result.tau2 < 0.7  # true logit-scale variance 0.36
    pos = stats.funnel_position(k, n, target, tau2=result.tau2, scale="logit")
    lim = stats.funnel_limits_additive(target, n, result.tau2, scale="logit")
    inner = lim[np.isclose(lim.level, 0.95)].reset_index(drop=True)
    emp = (k + 0.5) / (n + 1)  # the empirical-logit proportion the position is judged on
    inside = (emp >= inner.lower) & (emp <= inner.upper)
    assert ((pos.band == "within 95%").to_numpy() == inside.to_numpy()).all()


def test_logit_scale_is_for_proportions_only():
    with pytest.raises(ValueError, match="proportions only"):
        stats.funnel_limits_additive(10.0, [100], 0.1, kind="rate", scale="logit")


# --------------------------------------------------------------------------
# Bands from exact tails: small denominators are never over-flagged
# --------------------------------------------------------------------------
def _expected_band(k: int, n: int, t: float) -> tuple[str, str]:
    """The band from first principles: the one-sided exact binomial tail on the unit's side."""
    from math import comb

    upper = sum(comb(n, j) * t**j * (1 - t) ** (n - j) for j in range(k, n + 1))
    lower = sum(comb(n, j) * t**j * (1 - t) ** (n - j) for j in range(0, k + 1))
    tail = min(upper, lower)
    band = "beyond 99.8%" if tail < 0.001 else "between 95% and 99.8%" if tail < 0.025 else "within 95%"
    return band, ("" if band == "within 95%" else "above" if upper <= lower else "below")


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 40])
@pytest.mark.parametrize("t", [0.05, 0.29, 0.5, 0.9])
def test_funnel_bands_agree_with_exact_binomial_tails_for_every_count(n, t):
    k = np.arange(n + 1)
    pos = stats.funnel_position(k, [n] * (n + 1), t)
    for row, kk in zip(pos.itertuples(), k):
        assert (row.band, row.direction) == _expected_band(int(kk), n, t), (kk, n, t)


def test_one_of_one_is_never_beyond_a_limit():
    # City of London 2024/25: 1 of 1 review found the outcome not reasonable, against a national 29%.
    pos = stats.funnel_position([1], [1], 0.29)
    assert pos.band.iloc[0] == "within 95%" and pos.tail_p.iloc[0] == pytest.approx(0.29)
    # Normal limits narrow enough to "flag" 1 of 1 (z about 5) are overruled by the exact tail.
    narrow = stats.funnel_position([1], [1], 0.29, phi=0.1)
    assert narrow.z.iloc[0] > 3.09 and narrow.band.iloc[0] == "within 95%"
    assert stats.funnel_position([2], [2], 0.05).tail_p.iloc[0] == pytest.approx(0.0025)


def test_small_denominators_cannot_reach_a_limit_and_are_never_flagged():
    # With n = 2 and t = 0.29, the most extreme outcomes have tails 0.0841 (2 of 2) and 0.5041 (0 of 2).
    pos = stats.funnel_position([0, 1, 2], [2, 2, 2], 0.29, tau2=0.0, scale="logit")
    assert (pos.band == "within 95%").all()


def test_rate_bands_agree_with_exact_poisson_tails():
    from scipy import stats as sps

    exposure = np.array([500.0, 500.0, 500.0, 20.0])
    counts = np.array([2, 9, 15, 1])
    pos = stats.funnel_position(counts, exposure, 10.0, kind="rate", per=1000)  # expected count 5 (0.2 for the last)
    upper = sps.poisson.sf(counts - 1, exposure / 100)
    lower = sps.poisson.cdf(counts, exposure / 100)
    assert pos.tail_p.to_numpy() == pytest.approx(np.minimum(upper, lower))
    assert pos.band.tolist() == ["within 95%", "within 95%", "beyond 99.8%", "within 95%"]
