"""Small statistical helpers for comparing police forces.

The functions here are the building blocks used by the notebooks to put
uncertainty around proportions and rates of police complaints, to compare a
force with the rest of England and Wales, and to draw funnel plots.  All
functions accept scalars, lists, numpy arrays or pandas Series and are
vectorised where that is natural.  Functions that return tables return a
:class:`pandas.DataFrame` whose columns are listed in the docstring.

Methods
-------
Proportions
    Wilson score interval (Wilson 1927; method 3 of Newcombe 1998a), computed
    with ``statsmodels.stats.proportion.proportion_confint(method="wilson")``.
    It behaves well for small counts and for proportions near 0 or 1, unlike
    the Wald (normal) interval that is ``proportion_confint``'s default.
Rates
    Exact Poisson (Garwood 1936) interval for a count ``k``:
    ``[chi2.ppf(a/2, 2k)/2, chi2.ppf(1-a/2, 2k+2)/2]`` (lower limit 0 when
    ``k == 0``), divided by the exposure and scaled to ``per`` units.
Two proportions
    Difference ``p1 - p2`` with Newcombe's hybrid score interval (method 10 of
    Newcombe 1998b), which combines the two Wilson intervals.  The p-value is
    the pooled two-sample z-test (``statsmodels`` ``proportions_ztest``), or
    Fisher's exact test when any expected cell of the 2x2 table is below
    :data:`MIN_EXPECTED`.
Category mix
    Pearson chi-square goodness-of-fit of a force's category counts against the
    category shares of a reference (England and Wales, optionally with the
    force removed first).  The reference shares are treated as known, which is
    reasonable when the reference is much larger than the force.  Per category
    the adjusted residual ``(O - E) / sqrt(E * (1 - p))`` is approximately
    standard normal (Agresti 2013, section 2.4.5, adapted to goodness of fit).
Funnel plots (Spiegelhalter 2005)
    Exact control limits: with ``r_p`` the ``p``-quantile of the binomial
    (Poisson) distribution under the target and
    ``alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1))``, the limit is
    ``(r_p - alpha) / n`` (for rates ``(r_p - alpha) / exposure``, scaled).
    This is the interpolation of Spiegelhalter (2005, appendix A.1.1); it turns
    the step function of exact quantiles into a smooth funnel and always lies
    in ``((r_p - 1)/n, r_p/n]``.  ``interpolate=False`` gives the plain exact
    quantiles ``r_p / n``.  Because the interpolated limit sits below
    ``r_p / n``, a whole count equal to ``r_p`` counts as outside it, so the
    interpolated limits flag slightly more often than nominal; the plain
    quantiles are conservative.
Over-dispersion (Spiegelhalter 2005, section 6; Spiegelhalter et al. 2012)
    Per-unit z-scores ``z_i = (y_i - target) / s_i`` with ``s_i`` the null
    standard error at the target.  ``phi = mean(z_i**2)``, optionally after
    Winsorising the z-scores at the 10th/90th percentiles; the Pearson
    statistic ``sum(z_i**2)`` is compared with chi-square on ``I - 1`` degrees
    of freedom.  Multiplicative limits are ``target +- z * sqrt(phi) * s``;
    additive random-effects limits are ``target +- z * sqrt(s**2 + tau2)`` with
    the DerSimonian-Laird moment estimate
    ``tau2 = max(0, (I*phi - (I-1)) / (sum(w) - sum(w**2)/sum(w)))``,
    ``w_i = 1 / s_i**2``.  For proportions, ``scale="logit"`` does all of
    this on the empirical-logit scale (``log((k+1/2)/(n-k+1/2))`` with null
    standard error ``1/sqrt(n t (1-t))``) and transforms the limits back, so
    random-effects limits stay inside (0, 1) (Spiegelhalter et al. 2012).

References
----------
- Agresti A. (2013) *Categorical Data Analysis*, 3rd ed. Wiley.
- DerSimonian R., Laird N. (1986) Meta-analysis in clinical trials.
  *Controlled Clinical Trials* 7:177-188.
- Garwood F. (1936) Fiducial limits for the Poisson distribution.
  *Biometrika* 28:437-442.
- Newcombe R.G. (1998a) Two-sided confidence intervals for the single
  proportion: comparison of seven methods. *Statistics in Medicine*
  17:857-872.
- Newcombe R.G. (1998b) Interval estimation for the difference between
  independent proportions: comparison of eleven methods. *Statistics in
  Medicine* 17:873-890.
- Spiegelhalter D.J. (2005) Funnel plots for comparing institutional
  performance. *Statistics in Medicine* 24:1185-1202.
- Spiegelhalter D.J., Sherlaw-Johnson C., Bardsley M., Blunt I., Wood C.,
  Grigg O. (2012) Statistical methods for healthcare regulation: rating,
  screening and surveillance. *JRSS A* 175:1-47.
- Wilson E.B. (1927) Probable inference, the law of succession, and
  statistical inference. *JASA* 22:209-212.
"""

from __future__ import annotations

import warnings
from typing import Callable, Literal, NamedTuple, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

__all__ = [
    "CategoryMixResult",
    "FUNNEL_LEVELS",
    "MIN_EXPECTED",
    "OverdispersionResult",
    "RateInterval",
    "SMALL_CELL",
    "SMALL_COUNT",
    "SMALL_N",
    "TwoProportionResult",
    "WINSOR_FRACTION",
    "category_mix_test",
    "funnel_limits_additive",
    "funnel_limits_multiplicative",
    "funnel_limits_proportion",
    "funnel_limits_rate",
    "exact_tails",
    "funnel_position",
    "overdispersion",
    "poisson_rate_interval",
    "proportion_table",
    "quasi_poisson_dispersion",
    "rate_table",
    "two_proportion_test",
    "wilson_interval",
    "winsorize",
]

#: ``proportion_table`` flags a row when ``n < SMALL_N`` ...
SMALL_N: int = 30
#: ... or when ``k < SMALL_CELL`` or ``n - k < SMALL_CELL``.
SMALL_CELL: int = 5
#: ``rate_table`` flags a row when ``count < SMALL_COUNT``.
SMALL_COUNT: int = 10
#: Expected cells below this trigger Fisher's test / a low-expected flag.
MIN_EXPECTED: float = 5.0
#: Default funnel-plot levels (approximately 2 and 3 standard deviations).
FUNNEL_LEVELS: tuple[float, float] = (0.95, 0.998)
#: Winsorisation fraction recommended by Spiegelhalter (2005).
WINSOR_FRACTION: float = 0.1

Kind = Literal["proportion", "rate"]


# --------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------
def _alpha(level: float) -> float:
    """Return ``1 - level`` after checking ``0 < level < 1``."""
    if not 0 < level < 1:
        raise ValueError(f"level must be strictly between 0 and 1, got {level}")
    return 1.0 - level


def _z(level: float) -> float:
    """Two-sided standard normal quantile for ``level`` (1.96 for 0.95)."""
    return float(sps.norm.ppf(1 - _alpha(level) / 2))


def _counts(k: ArrayLike, n: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Validate binomial counts: finite, ``n > 0`` and ``0 <= k <= n``."""
    k_arr, n_arr = np.broadcast_arrays(np.asarray(k, float), np.asarray(n, float))
    if not (np.all(np.isfinite(k_arr)) and np.all(np.isfinite(n_arr))):
        raise ValueError("k and n must be finite")
    if np.any(n_arr <= 0):
        raise ValueError("n must be > 0")
    if np.any(k_arr < 0) or np.any(k_arr > n_arr):
        raise ValueError("counts must satisfy 0 <= k <= n")
    return k_arr, n_arr


def _rates(count: ArrayLike, exposure: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Validate Poisson counts and exposures: ``count >= 0``, ``exposure > 0``."""
    c, e = np.broadcast_arrays(np.asarray(count, float), np.asarray(exposure, float))
    if not (np.all(np.isfinite(c)) and np.all(np.isfinite(e))):
        raise ValueError("count and exposure must be finite")
    if np.any(c < 0):
        raise ValueError("count must be >= 0")
    if np.any(e <= 0):
        raise ValueError("exposure must be > 0")
    return c, e


def _check_kind(kind: str) -> None:
    if kind not in ("proportion", "rate"):
        raise ValueError(f"kind must be 'proportion' or 'rate', got {kind!r}")


def _labels(labels: Sequence | None, like: object, size: int) -> list:
    """Row labels: explicit ``labels``, else a Series' index, else 0..size-1."""
    if labels is not None:
        out = list(labels)
    elif isinstance(like, pd.Series):
        out = list(like.index)
    else:
        out = list(range(size))
    if len(out) != size:
        raise ValueError(f"got {len(out)} labels for {size} rows")
    return out


def _size_column(kind: str) -> str:
    """Name of the denominator column: ``n`` (proportions) or ``exposure``."""
    return "n" if kind == "proportion" else "exposure"


# --------------------------------------------------------------------------
# Single proportions and rates
# --------------------------------------------------------------------------
def wilson_interval(
    k: ArrayLike, n: ArrayLike, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for ``k`` successes out of ``n``.

    Returns ``(low, high)`` arrays with the broadcast shape of ``k`` and ``n``.
    Raises ``ValueError`` unless ``n > 0`` and ``0 <= k <= n``.
    """
    k_arr, n_arr = _counts(k, n)
    low, high = proportion_confint(k_arr, n_arr, alpha=_alpha(level), method="wilson")
    p = k_arr / n_arr
    # Floating-point rounding can put a limit a hair on the wrong side of p (e.g. 98/98): clamp it.
    low = np.minimum(np.clip(np.asarray(low, float), 0, 1), p)
    high = np.maximum(np.clip(np.asarray(high, float), 0, 1), p)
    return low, high


def proportion_table(
    k: ArrayLike, n: ArrayLike, labels: Sequence | None = None, level: float = 0.95
) -> pd.DataFrame:
    """Proportions with Wilson intervals, one row per unit.

    Columns: ``label, k, n, proportion, ci_low, ci_high, small_n``.
    ``small_n`` is True when ``n < SMALL_N`` or ``k < SMALL_CELL`` or
    ``n - k < SMALL_CELL``: the interval is then wide and the proportion
    unstable, so it should be reported with caution.  Labels default to the
    index of ``k`` when it is a Series.
    """
    k_arr, n_arr = (np.atleast_1d(a) for a in _counts(k, n))
    low, high = wilson_interval(k_arr, n_arr, level)
    small = (n_arr < SMALL_N) | (k_arr < SMALL_CELL) | (n_arr - k_arr < SMALL_CELL)
    return pd.DataFrame(
        {
            "label": _labels(labels, k, k_arr.size),
            "k": k_arr,
            "n": n_arr,
            "proportion": k_arr / n_arr,
            "ci_low": low,
            "ci_high": high,
            "small_n": small,
        }
    )


class RateInterval(NamedTuple):
    """Rate per ``per`` units of exposure with its exact interval."""

    rate: np.ndarray
    low: np.ndarray
    high: np.ndarray


def poisson_rate_interval(
    count: ArrayLike, exposure: ArrayLike, per: float = 1000, level: float = 0.95
) -> RateInterval:
    """Exact (Garwood, chi-square based) interval for a Poisson rate.

    For a count ``k`` the interval for the mean is
    ``chi2.ppf(a/2, 2k)/2`` to ``chi2.ppf(1 - a/2, 2k + 2)/2`` (lower 0 when
    ``k == 0``); rate and limits are then multiplied by ``per / exposure``.
    Returns a :class:`RateInterval` ``(rate, low, high)`` of arrays.
    """
    c, e = _rates(count, exposure)
    a = _alpha(level)
    with np.errstate(invalid="ignore"):
        low = np.where(c > 0, sps.chi2.ppf(a / 2, 2 * c) / 2, 0.0)
    high = sps.chi2.ppf(1 - a / 2, 2 * c + 2) / 2
    scale = per / e
    return RateInterval(c * scale, low * scale, high * scale)


def rate_table(
    count: ArrayLike,
    exposure: ArrayLike,
    per: float = 1000,
    labels: Sequence | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Rates per ``per`` units of exposure with exact Poisson intervals.

    Columns: ``label, count, exposure, rate, ci_low, ci_high, small_count``;
    ``small_count`` is True when ``count < SMALL_COUNT``.
    """
    c, e = (np.atleast_1d(a) for a in _rates(count, exposure))
    rate, low, high = poisson_rate_interval(c, e, per, level)
    return pd.DataFrame(
        {
            "label": _labels(labels, count, c.size),
            "count": c,
            "exposure": e,
            "rate": rate,
            "ci_low": low,
            "ci_high": high,
            "small_count": c < SMALL_COUNT,
        }
    )


# --------------------------------------------------------------------------
# Two proportions
# --------------------------------------------------------------------------
class TwoProportionResult(NamedTuple):
    """Result of :func:`two_proportion_test` (difference is ``p1 - p2``)."""

    p1: float
    p2: float
    difference: float
    ci_low: float
    ci_high: float
    z_statistic: float
    z_p_value: float
    fisher_p_value: float  # NaN when Fisher's test was not needed
    min_expected: float
    test: str  # "z-test" or "fisher"
    p_value: float  # p-value of the test that was used


def two_proportion_test(
    k1: int, n1: int, k2: int, n2: int, level: float = 0.95
) -> TwoProportionResult:
    """Compare two independent proportions ``k1/n1`` and ``k2/n2``.

    The interval for ``p1 - p2`` is Newcombe's hybrid score interval
    (method 10): ``d - sqrt((p1-l1)**2 + (u2-p2)**2)`` to
    ``d + sqrt((u1-p1)**2 + (p2-l2)**2)`` from the Wilson limits ``l, u``.
    The pooled z-test p-value is always reported; when any expected cell of
    the 2x2 table is below :data:`MIN_EXPECTED`, Fisher's exact test is run
    and its p-value becomes ``p_value`` (``test == "fisher"``).
    """
    k_arr, n_arr = _counts([k1, k2], [n1, n2])
    if np.any(k_arr != np.round(k_arr)) or np.any(n_arr != np.round(n_arr)):
        raise ValueError("counts must be whole numbers")
    (l1, l2), (u1, u2) = wilson_interval(k_arr, n_arr, level)
    p1, p2 = k_arr / n_arr
    d = p1 - p2
    lo = d - np.hypot(p1 - l1, u2 - p2)
    hi = d + np.hypot(u1 - p1, p2 - l2)

    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        z_stat, z_p = proportions_ztest(k_arr, n_arr)

    table = np.array([[k_arr[0], n_arr[0] - k_arr[0]], [k_arr[1], n_arr[1] - k_arr[1]]])
    expected = np.outer(table.sum(1), table.sum(0)) / table.sum()
    min_expected = float(expected.min())
    fisher_p = np.nan
    if min_expected < MIN_EXPECTED:
        fisher_p = float(sps.fisher_exact(table.astype(int)).pvalue)
    test = "fisher" if min_expected < MIN_EXPECTED else "z-test"
    return TwoProportionResult(
        p1=float(p1),
        p2=float(p2),
        difference=float(d),
        ci_low=float(lo),
        ci_high=float(hi),
        z_statistic=float(z_stat),
        z_p_value=float(z_p),
        fisher_p_value=fisher_p,
        min_expected=min_expected,
        test=test,
        p_value=fisher_p if test == "fisher" else float(z_p),
    )


# --------------------------------------------------------------------------
# Category mix against a reference
# --------------------------------------------------------------------------
class CategoryMixResult(NamedTuple):
    """Result of :func:`category_mix_test`."""

    statistic: float
    dof: int
    p_value: float
    table: pd.DataFrame
    any_low_expected: bool


def _align_categories(
    force: ArrayLike, reference: ArrayLike, labels: Sequence | None
) -> tuple[np.ndarray, np.ndarray, list]:
    """Align force and reference counts; Series are matched by index.

    With Series, categories only in the reference get a force count of 0;
    categories only in the force raise ``ValueError``.
    """
    if isinstance(force, pd.Series) and isinstance(reference, pd.Series):
        missing = force.index.difference(reference.index)
        if len(missing):
            raise ValueError(f"categories missing from reference: {list(missing)}")
        cats = list(force.index) + [c for c in reference.index if c not in force.index]
        obs = force.reindex(cats, fill_value=0).to_numpy(float)
        return obs, reference.reindex(cats).to_numpy(float), cats
    obs, ref = np.asarray(force, float), np.asarray(reference, float)
    if obs.shape != ref.shape or obs.ndim != 1:
        raise ValueError("force and reference counts must be 1-d and the same length")
    return obs, ref, _labels(labels, force, obs.size)


def category_mix_test(
    force_counts: ArrayLike,
    reference_counts: ArrayLike,
    reference_includes_force: bool = False,
    labels: Sequence | None = None,
) -> CategoryMixResult:
    """Chi-square goodness-of-fit of a force's category mix to a reference.

    Expected counts are ``E = N * p`` with ``N`` the force total and ``p``
    the reference shares.  With ``reference_includes_force=True`` the force's
    counts are subtracted from the reference first, so the force is compared
    with the rest of England and Wales.  Categories with zero count in both
    are dropped; a category with zero reference share but observed counts
    raises ``ValueError``.

    ``table`` columns: ``category, observed, expected, observed_share,
    reference_share, pearson_residual, adjusted_residual, low_expected``
    where ``pearson_residual = (O-E)/sqrt(E)``,
    ``adjusted_residual = (O-E)/sqrt(E*(1-p))`` (approximately N(0, 1)) and
    ``low_expected`` flags ``E < MIN_EXPECTED`` (chi-square approximation
    doubtful).  ``dof`` is the number of categories kept minus one.
    """
    obs, ref, cats = _align_categories(force_counts, reference_counts, labels)
    if np.any(obs < 0) or np.any(ref < 0) or not np.all(np.isfinite(obs + ref)):
        raise ValueError("counts must be finite and non-negative")
    if reference_includes_force:
        ref = ref - obs
        if np.any(ref < 0):
            raise ValueError("force counts exceed reference counts; cannot subtract")
    if obs.sum() <= 0 or ref.sum() <= 0:
        raise ValueError("force and reference totals must be positive")
    share = ref / ref.sum()
    if np.any((share == 0) & (obs > 0)):
        raise ValueError("a category has observed counts but zero reference share")
    keep = share > 0
    obs, share, cats = obs[keep], share[keep], [c for c, k in zip(cats, keep) if k]
    if obs.size < 2:
        raise ValueError("need at least two categories with non-zero reference share")
    expected = obs.sum() * share
    resid = (obs - expected) / np.sqrt(expected)
    statistic = float(np.sum(resid**2))
    dof = obs.size - 1
    table = pd.DataFrame(
        {
            "category": cats,
            "observed": obs,
            "expected": expected,
            "observed_share": obs / obs.sum(),
            "reference_share": share,
            "pearson_residual": resid,
            "adjusted_residual": (obs - expected) / np.sqrt(expected * (1 - share)),
            "low_expected": expected < MIN_EXPECTED,
        }
    )
    p_value = float(sps.chi2.sf(statistic, dof))
    return CategoryMixResult(statistic, dof, p_value, table, bool(table["low_expected"].any()))


# --------------------------------------------------------------------------
# Funnel plots: exact limits
# --------------------------------------------------------------------------
def _exact_limit(
    p: float, target: float, size: np.ndarray, kind: str, per: float, interpolate: bool
) -> np.ndarray:
    """Exact ``p``-quantile limit, interpolated as in Spiegelhalter (2005)."""
    if kind == "proportion":
        dist, denom = sps.binom(size, target), size
    else:
        dist, denom = sps.poisson(target / per * size), size / per
    r = dist.ppf(p)
    if not interpolate:
        return r / denom
    alpha = (dist.cdf(r) - p) / dist.pmf(r)
    return (r - alpha) / denom


def _exact_limits_table(
    target: float,
    size: np.ndarray,
    kind: str,
    levels: Sequence[float],
    per: float,
    interpolate: bool,
) -> pd.DataFrame:
    """Tidy table of exact lower/upper limits for each level."""
    hi_clip = 1.0 if kind == "proportion" else np.inf
    frames = []
    for level in levels:
        a = _alpha(level)
        lower = _exact_limit(a / 2, target, size, kind, per, interpolate)
        upper = _exact_limit(1 - a / 2, target, size, kind, per, interpolate)
        frames.append(
            pd.DataFrame(
                {
                    _size_column(kind): size,
                    "level": level,
                    "lower": np.clip(lower, 0, hi_clip),
                    "upper": np.clip(upper, 0, hi_clip),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def funnel_limits_proportion(
    target: float,
    n_grid: ArrayLike,
    levels: Sequence[float] = FUNNEL_LEVELS,
    interpolate: bool = True,
) -> pd.DataFrame:
    """Exact binomial funnel limits around ``target`` over ``n_grid``.

    Uses the exact binomial quantiles with Spiegelhalter's (2005, A.1.1)
    interpolation (``interpolate=False`` gives plain quantiles ``r_p / n``).
    ``n_grid`` is rounded to whole numbers and de-duplicated.  Returns a tidy
    DataFrame with columns ``n, level, lower, upper`` (limits clipped to
    [0, 1]).
    """
    if not 0 < target < 1:
        raise ValueError("target must be strictly between 0 and 1")
    n = np.unique(np.rint(np.asarray(n_grid, float)))
    if n.size == 0 or n[0] < 1:
        raise ValueError("n_grid must contain values >= 1")
    return _exact_limits_table(target, n.astype(int), "proportion", levels, 1.0, interpolate)


def funnel_limits_rate(
    target_rate: float,
    exposure_grid: ArrayLike,
    levels: Sequence[float] = FUNNEL_LEVELS,
    per: float = 1000,
    interpolate: bool = True,
) -> pd.DataFrame:
    """Exact Poisson funnel limits for a rate per ``per`` units of exposure.

    ``target_rate`` is expressed per ``per`` units.  Counts are taken as
    Poisson with mean ``target_rate / per * exposure``; limits use the exact
    Poisson quantiles with Spiegelhalter's interpolation.  Returns columns
    ``exposure, level, lower, upper`` (rates per ``per``, lower clipped at 0).
    """
    if not target_rate > 0:
        raise ValueError("target_rate must be > 0")
    exposure = np.asarray(exposure_grid, float).ravel()
    if exposure.size == 0 or np.any(exposure <= 0):
        raise ValueError("exposure_grid must contain positive values")
    return _exact_limits_table(target_rate, exposure, "rate", levels, per, interpolate)


# --------------------------------------------------------------------------
# Over-dispersion
# --------------------------------------------------------------------------
def winsorize(z: ArrayLike, fraction: float = WINSOR_FRACTION) -> np.ndarray:
    """Pull values below/above the ``fraction``/``1 - fraction`` quantiles in.

    Spiegelhalter (2005) shrinks the 10% most extreme z-scores at each end to
    the 10th and 90th percentiles (here ``numpy.quantile`` with linear
    interpolation) so that a few outlying units do not inflate ``phi``.
    """
    if not 0 <= fraction < 0.5:
        raise ValueError("fraction must be in [0, 0.5)")
    z_arr = np.asarray(z, float)
    lo, hi = np.quantile(z_arr, [fraction, 1 - fraction])
    return np.clip(z_arr, lo, hi)


def _values_and_se(
    observed: ArrayLike, size: ArrayLike, kind: str, target: float | None, per: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Observed values, sizes, null standard errors and the target.

    Proportions: ``y = k/n``, ``se = sqrt(t(1-t)/n)``, default target
    ``sum(k)/sum(n)``.  Rates: ``y = per*count/exposure``,
    ``se = sqrt(t*per/exposure)``, default target ``per*sum(count)/sum(exposure)``.
    """
    _check_kind(kind)
    if kind == "proportion":
        k, n = (np.atleast_1d(a) for a in _counts(observed, size))
        t = k.sum() / n.sum() if target is None else float(target)
        if not 0 < t < 1:
            raise ValueError("target proportion must be strictly between 0 and 1")
        return k / n, n, np.sqrt(t * (1 - t) / n), t
    c, e = (np.atleast_1d(a) for a in _rates(observed, size))
    t = per * c.sum() / e.sum() if target is None else float(target)
    if not t > 0:
        raise ValueError("target rate must be > 0")
    return per * c / e, e, np.sqrt(t * per / e), t


Scale = Literal["identity", "logit"]


def _logit(p: ArrayLike) -> np.ndarray:
    p = np.asarray(p, float)
    return np.log(p / (1 - p))


def _expit(x: ArrayLike) -> np.ndarray:
    return 1 / (1 + np.exp(-np.asarray(x, float)))


def _logit_values(k: np.ndarray, n: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Empirical logits ``log((k+1/2)/(n-k+1/2))``, their null SE ``1/sqrt(n t (1-t))``, and ``logit(t)``.

    On the logit scale random-effects limits can never leave (0, 1); the half
    added to each cell keeps 0 and n finite (Spiegelhalter et al. 2012).
    """
    y = np.log((k + 0.5) / (n - k + 0.5))
    return y, 1 / np.sqrt(n * t * (1 - t)), float(_logit(t))


def _check_scale(scale: str, kind: str) -> None:
    if scale not in ("identity", "logit"):
        raise ValueError("scale must be 'identity' or 'logit'")
    if scale == "logit" and kind != "proportion":
        raise ValueError("the logit scale is for proportions only")


class OverdispersionResult(NamedTuple):
    """Result of :func:`overdispersion`."""

    z: np.ndarray  # raw (not Winsorised) z-scores, one per unit
    phi: float  # dispersion estimate (Winsorised if requested)
    statistic: float  # Pearson X2 = sum(z**2) of the raw z-scores
    dof: int  # number of units - 1
    p_value: float  # P(chi2_dof >= statistic): evidence of over-dispersion
    tau2: float  # additive random-effects variance (on the y scale)
    target: float


def overdispersion(
    observed: ArrayLike,
    expected_or_n: ArrayLike,
    kind: Kind = "proportion",
    target: float | None = None,
    winsor_fraction: float | None = None,
    per: float = 1000,
    scale: Scale = "identity",
) -> OverdispersionResult:
    """Estimate over-dispersion of units around a target (Spiegelhalter 2005).

    ``kind="proportion"``: ``observed`` are counts ``k``, ``expected_or_n``
    the denominators ``n``; ``y = k/n``.  ``kind="rate"``: ``observed`` are
    counts, ``expected_or_n`` the exposures; ``y`` is the rate per ``per``.
    For indirectly standardised ratios (O/E) pass the expected counts as the
    exposure with ``per=1, target=1``.  ``target`` defaults to the pooled
    value (hence ``I - 1`` degrees of freedom).

    ``phi`` is ``mean(z**2)``, computed from ``winsorize(z, winsor_fraction)``
    when ``winsor_fraction`` is given (0.1 is Spiegelhalter's choice; note it
    pulls ``phi`` below 1, to about 0.68 for normal z, when there is no
    over-dispersion).  The chi-square test always uses the raw z-scores.
    ``tau2 = max(0, (I*phi - (I-1)) / (sum(w) - sum(w**2)/sum(w)))`` with
    ``w = 1/se**2``; it is on the scale of ``y`` (rates per ``per``), or of
    the empirical logit with ``scale="logit"`` (proportions only), where the
    z-scores, ``phi`` and ``tau2`` are all computed on the logit scale.
    """
    _check_scale(scale, kind)
    y, size, se, t = _values_and_se(observed, expected_or_n, kind, target, per)
    if y.size < 2:
        raise ValueError("need at least two units")
    centre = t
    if scale == "logit":
        y, se, centre = _logit_values(y * size, size, t)
    z = (y - centre) / se
    zw = z if winsor_fraction is None else winsorize(z, winsor_fraction)
    i = z.size
    phi = float(np.mean(zw**2))
    statistic = float(np.sum(z**2))
    w = 1 / se**2
    tau2 = max(0.0, (i * phi - (i - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    p_value = float(sps.chi2.sf(statistic, i - 1))
    return OverdispersionResult(z, phi, statistic, i - 1, p_value, float(tau2), t)


def _null_se(target: float, size: np.ndarray, kind: str, per: float) -> np.ndarray:
    """Standard error of ``y`` under the target at denominator ``size``."""
    if kind == "proportion":
        return np.sqrt(target * (1 - target) / size)
    return np.sqrt(target * per / size)


def _normal_limits(
    target: float,
    grid: ArrayLike,
    kind: str,
    levels: Sequence[float],
    per: float,
    adjust: Callable[[np.ndarray], np.ndarray],
) -> pd.DataFrame:
    """Tidy ``target +- z * adjust(se)`` limits over ``grid``."""
    _check_kind(kind)
    size = np.asarray(grid, float).ravel()
    if size.size == 0 or np.any(size <= 0):
        raise ValueError("grid must contain positive values")
    se = adjust(_null_se(target, size, kind, per))
    hi_clip = 1.0 if kind == "proportion" else np.inf
    frames = [
        pd.DataFrame(
            {
                _size_column(kind): size,
                "level": level,
                "lower": np.clip(target - _z(level) * se, 0, hi_clip),
                "upper": np.clip(target + _z(level) * se, 0, hi_clip),
            }
        )
        for level in levels
    ]
    return pd.concat(frames, ignore_index=True)


def funnel_limits_multiplicative(
    target: float,
    grid: ArrayLike,
    phi: float,
    kind: Kind = "proportion",
    levels: Sequence[float] = FUNNEL_LEVELS,
    per: float = 1000,
) -> pd.DataFrame:
    """Over-dispersed funnel limits ``target +- z * sqrt(phi) * se(n)``.

    ``phi`` is used as given (Spiegelhalter inflates only when ``phi > 1``;
    pass ``max(phi, 1)`` to follow that).  Returns columns
    ``n|exposure, level, lower, upper``.
    """
    if not phi > 0:
        raise ValueError("phi must be > 0")
    return _normal_limits(target, grid, kind, levels, per, lambda se: np.sqrt(phi) * se)


def funnel_limits_additive(
    target: float,
    grid: ArrayLike,
    tau2: float,
    kind: Kind = "proportion",
    levels: Sequence[float] = FUNNEL_LEVELS,
    per: float = 1000,
    scale: Scale = "identity",
) -> pd.DataFrame:
    """Random-effects funnel limits ``target +- z * sqrt(se(n)**2 + tau2)``.

    ``tau2`` is on the scale of the plotted value (see :func:`overdispersion`),
    or, with ``scale="logit"``, on the logit scale: the limits are then
    ``expit(logit(target) +- z * sqrt(1/(n t (1-t)) + tau2))`` and stay inside
    (0, 1).  Returns columns ``n|exposure, level, lower, upper``.
    """
    if not tau2 >= 0:
        raise ValueError("tau2 must be >= 0")
    _check_scale(scale, kind)
    if scale == "identity":
        return _normal_limits(target, grid, kind, levels, per, lambda se: np.sqrt(se**2 + tau2))
    size = np.asarray(grid, float).ravel()
    if size.size == 0 or np.any(size <= 0):
        raise ValueError("grid must contain positive values")
    centre, se = float(_logit(target)), np.sqrt(1 / (size * target * (1 - target)) + tau2)
    frames = [pd.DataFrame({"n": size, "level": level, "lower": _expit(centre - _z(level) * se),
                            "upper": _expit(centre + _z(level) * se)}) for level in levels]
    return pd.concat(frames, ignore_index=True)


def quasi_poisson_dispersion(counts: ArrayLike, exposure: ArrayLike) -> float:
    """Pearson dispersion of an intercept-only Poisson GLM with log-exposure offset.

    Fitted with ``statsmodels`` GLM and ``scale="X2"``: equals
    ``sum((O - E)**2 / E) / (I - 1)`` with ``E`` the pooled-rate expectation,
    i.e. ``overdispersion(..., kind="rate").statistic / dof``.
    """
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    c, e = (np.atleast_1d(a) for a in _rates(counts, exposure))
    if c.size < 2:
        raise ValueError("need at least two units")
    model = GLM(c, np.ones((c.size, 1)), family=families.Poisson(), offset=np.log(e))
    return float(model.fit(scale="X2").scale)


# --------------------------------------------------------------------------
# Where does each unit sit on the funnel?
# --------------------------------------------------------------------------
def _pct(level: float) -> str:
    return f"{100 * level:g}%"


def exact_tails(
    observed: ArrayLike, n_or_exposure: ArrayLike, target: float, kind: Kind = "proportion", per: float = 1000
) -> tuple[np.ndarray, np.ndarray]:
    """Exact one-sided tail probabilities of each count under the target: ``P(X >= k)`` and ``P(X <= k)``.

    Proportions: ``X ~ Binomial(n, target)``; rates: ``X ~ Poisson(target / per * exposure)``.  A unit is
    flagged beyond a two-sided ``level`` only when the tail on its side is below ``(1 - level) / 2``, so a
    denominator too small to reach a limit (one review out of one, say) can never be flagged beyond it.
    """
    _check_kind(kind)
    k = np.atleast_1d(np.asarray(observed, float))
    size = np.atleast_1d(np.asarray(n_or_exposure, float))
    if kind == "proportion":
        if not 0 < target < 1:
            raise ValueError("target proportion must be strictly between 0 and 1")
        dist = sps.binom(np.rint(size).astype(int), target)
    else:
        if not target > 0:
            raise ValueError("target rate must be > 0")
        dist = sps.poisson(target / per * size)
    return dist.sf(k - 1), dist.cdf(k)


def _tail_band(upper: np.ndarray, lower: np.ndarray, levels: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Band index (0 within inner, 1 between, 2 beyond outer) and direction from exact tails."""
    inner, outer = sorted(levels)
    tail = np.minimum(upper, lower)
    index = np.select([tail < _alpha(outer) / 2, tail < _alpha(inner) / 2], [2, 1], 0)
    direction = np.where(index == 0, "", np.where(upper <= lower, "above", "below"))
    return index, direction


def funnel_position(
    observed: ArrayLike,
    n_or_exposure: ArrayLike,
    target: float,
    kind: Kind = "proportion",
    phi: float | None = None,
    tau2: float | None = None,
    levels: Sequence[float] = FUNNEL_LEVELS,
    per: float = 1000,
    labels: Sequence | None = None,
    scale: Scale = "identity",
) -> pd.DataFrame:
    """Classify each unit against funnel limits at its own ``n``/exposure.

    Without ``phi``/``tau2`` each unit is classified by its **exact tail
    probability** under the target (:func:`exact_tails`): beyond the 95%
    limit when the one-sided binomial (Poisson) tail on its side is below
    2.5%, beyond 99.8% when below 0.1%.  This is the plain exact-quantile
    rule; it never flags a unit whose denominator cannot reach a limit
    (the interpolated limits drawn by :func:`funnel_limits_proportion` sit a
    fraction of a count inside it).  With ``phi`` the multiplicative limits,
    with ``tau2`` the additive ones (not both) decide, but a unit is never
    placed in a more extreme band than its exact tail supports.  ``z`` is
    ``(value - target) / se`` with ``se`` adjusted in the same way.

    Columns: ``label, observed, n|exposure, value, z, tail_p, band,
    direction`` where ``tail_p`` is the smaller exact one-sided tail, ``band``
    is "within 95%", "between 95% and 99.8%" or "beyond 99.8%" (for the given
    ``levels``) and ``direction`` is "above"/"below" outside the inner limits
    and "" inside.  With ``tau2`` and ``scale="logit"`` (proportions), the
    comparison and ``z`` are on the logit scale, matching
    :func:`funnel_limits_additive` with the same scale.
    """
    if phi is not None and tau2 is not None:
        raise ValueError("give phi or tau2, not both")
    _check_scale(scale, kind)
    inner, outer = sorted(levels)
    y, size, se, t = _values_and_se(observed, n_or_exposure, kind, target, per)
    value = y
    if kind == "proportion" and np.any(size != np.round(size)):
        raise ValueError("n must be whole numbers for binomial funnel limits")
    upper_tail, lower_tail = exact_tails(np.atleast_1d(np.asarray(observed, float)), size, t, kind, per)
    exact_index, exact_direction = _tail_band(upper_tail, lower_tail, levels)
    if phi is not None:
        se = np.sqrt(phi) * se
    elif tau2 is not None:
        if scale == "logit":
            y, se, t = _logit_values(y * size, size, t)
        se = np.sqrt(se**2 + tau2)
    names = [
        f"within {_pct(inner)}",
        f"between {_pct(inner)} and {_pct(outer)}",
        f"beyond {_pct(outer)}",
    ]
    if phi is None and tau2 is None:
        index, direction = exact_index, exact_direction
    else:
        outside = [np.abs(y - t) > _z(level) * se for level in (outer, inner)]
        index = np.minimum(np.select(outside, [2, 1], 0), exact_index)
        direction = np.where(index == 0, "", np.where(y > t, "above", "below"))
    return pd.DataFrame(
        {
            "label": _labels(labels, observed, y.size),
            "observed": np.atleast_1d(np.asarray(observed, float)),
            _size_column(kind): size,
            "value": value,
            "z": (y - t) / se,
            "tail_p": np.minimum(upper_tail, lower_tail),
            "band": pd.Categorical(np.asarray(names, dtype=object)[index], categories=names, ordered=True),
            "direction": direction,
        }
    )
