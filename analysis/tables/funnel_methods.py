"""How many forces fall outside a funnel's limits under each common method: the verdicts' sensitivity.

A funnel plot says a force is "higher (or lower) than expected" when it lies
outside limits around the England and Wales value.  How wide the limits are is a
choice of method (Spiegelhalter 2005; Spiegelhalter et al. 2012):

- **exact limits, no allowance for over-dispersion**: chance alone (binomial or
  Poisson); with many forces that differ for ordinary reasons, most fall outside;
- **multiplicative**: limits widened by ``sqrt(phi)``, with ``phi`` the mean squared
  z-score (raw, or after Winsorising the z-scores at 10% at each end), and never
  narrowed (``phi`` below 1 is taken as 1);
- **additive random effects**: limits widened by a between-force variance
  ``tau2`` (DerSimonian-Laird), from a raw or Winsorised ``phi``; on the logit
  scale for shares.

The package's verdicts use additive random effects with the Winsorised
dispersion when forces vary more than chance allows (p < 0.05), and exact limits
otherwise (:func:`analysis.tables.comparisons.funnel`); :data:`METHOD_USED` names
it.  Under every method a force is never put beyond a limit its own exact tail
does not reach (:func:`analysis.stats.funnel_position`).  :func:`funnel_methods`
counts the forces outside the 95% limits under each method, so a reader sees
how much a finding rests on the choice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import stats
from analysis.data.memo import memoise
from analysis.tables import comparisons as cmp
from analysis.tables import latest

__all__ = ["METHODS", "METHOD_USED", "MethodSpread", "funnel_methods", "method_spread", "methods_table",
           "national_funnel_methods", "rate_funnel_methods"]

#: method key -> (how the limits are widened, Winsorised dispersion?) and its words.
METHODS: dict[str, str] = {
    "exact": "exact limits, no allowance for over-dispersion",
    "multiplicative-winsorised": "multiplicative, dispersion Winsorised at 10%",
    "multiplicative-raw": "multiplicative, raw dispersion",
    "additive-winsorised": "additive random effects, dispersion Winsorised at 10%",
    "additive-raw": "additive random effects, raw dispersion",
}
#: The method the package's verdicts use when forces vary more than chance allows.
METHOD_USED = "additive-winsorised"


def _estimation_mask(f: cmp.Funnel) -> np.ndarray:
    """The forces the funnel's own dispersion estimate used (all, or those not marked uncertain)."""
    points = f.points
    if f.dispersion.dof + 1 == len(points):
        return np.ones(len(points), bool)
    return (points.status != "uncertain").to_numpy()


def funnel_methods(f: cmp.Funnel) -> pd.DataFrame:
    """Forces higher and lower than expected in one funnel under each method of :data:`METHODS`.

    Columns: ``method`` (key), ``description``, ``dispersion`` (``phi`` for the multiplicative methods,
    ``tau2`` for the additive ones, on the scale the method uses; NaN for exact limits), ``forces``,
    ``higher``, ``lower`` (outside the 95% limits, above or below), ``outside`` (both), ``used`` (the method the
    package's verdicts use for this funnel: :data:`METHOD_USED` when the funnel is over-dispersed, else
    ``exact``).
    """
    points = f.points
    observed, size = points.observed.to_numpy(float), points["size"].to_numpy(float)
    mask = _estimation_mask(f)
    scale = "logit" if f.kind == "proportion" else "identity"
    rows = []
    for key, description in METHODS.items():
        winsor = stats.WINSOR_FRACTION if key.endswith("winsorised") else None
        kwargs: dict = {}
        dispersion = np.nan
        if key.startswith("multiplicative"):
            d = stats.overdispersion(observed[mask], size[mask], kind=f.kind, target=f.target,
                                     winsor_fraction=winsor, per=f.per)
            dispersion = max(d.phi, 1.0)
            kwargs = {"phi": dispersion}
        elif key.startswith("additive"):
            d = stats.overdispersion(observed[mask], size[mask], kind=f.kind, target=f.target,
                                     winsor_fraction=winsor, per=f.per, scale=scale)
            dispersion = d.tau2
            kwargs = {"tau2": dispersion, "scale": scale}
        position = stats.funnel_position(observed, size, f.target, kind=f.kind, per=f.per, **kwargs)
        outside = position.band != "within 95%"
        higher = int((outside & (position.direction == "above")).sum())
        lower = int((outside & (position.direction == "below")).sum())
        rows.append({"method": key, "description": description, "dispersion": dispersion, "forces": len(points),
                     "higher": higher, "lower": lower, "outside": higher + lower,
                     "used": key == (METHOD_USED if f.overdispersed else "exact")})
    return pd.DataFrame(rows)


@memoise
def rate_funnel_methods(measure: str = "complaint_cases_finalised", basis: str = "officers",
                        period: str | None = None) -> pd.DataFrame:
    """:func:`funnel_methods` for the rate funnel of ``measure`` per ``basis`` in ``period`` (default: the
    newest year with a figure for every force).  A measure, basis or period the data do not hold raises
    :class:`~analysis.tables.measures.NotAvailableError` listing what they hold."""
    period = period or latest.latest_complete_period(measure)
    return funnel_methods(cmp.rate_funnel(measure, basis, period)).assign(measure=measure, basis=basis,
                                                                          period=period)


def national_funnel_methods(period: str | None = None) -> pd.DataFrame:
    """:func:`funnel_methods` for every national funnel of :data:`analysis.tables.latest.NATIONAL_FUNNELS`.

    Columns: ``key, label, period`` and those of :func:`funnel_methods`.
    """
    period = period or latest.latest_complete_period()
    frames = []
    for spec in latest.NATIONAL_FUNNELS:
        table = funnel_methods(latest.national_funnel(spec.key, period))
        table.insert(0, "key", spec.key)
        table.insert(1, "label", spec.label)
        table.insert(2, "period", period)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class MethodSpread:
    """One funnel's verdict counts: the method used, exact limits, and the range of the other methods that allow
    for over-dispersion (``higher`` and ``lower`` as ``(least, most)``; ``None`` when there is no other)."""

    used: pd.Series
    exact: pd.Series
    higher: tuple[int, int] | None
    lower: tuple[int, int] | None


def method_spread(methods: pd.DataFrame) -> MethodSpread:
    """:class:`MethodSpread` of one funnel's :func:`funnel_methods` table (the one home of this summary: the
    README finding and notebook 03 both read it)."""
    if methods.method.duplicated().any():
        raise ValueError("method_spread takes one funnel's methods: select one key of national_funnel_methods()")
    used = methods[methods.used].iloc[0]
    exact = methods.set_index("method").loc["exact"]
    others = methods[~methods.used & (methods.method != "exact")]
    if others.empty:
        return MethodSpread(used, exact, None, None)
    return MethodSpread(used, exact, (int(others.higher.min()), int(others.higher.max())),
                        (int(others.lower.min()), int(others.lower.max())))


def methods_table(methods: pd.DataFrame) -> pd.DataFrame:
    """:func:`national_funnel_methods` for reading: one row per funnel, one column per method, each cell
    "H higher, L lower" with "(used)" on the method the verdicts use."""
    result = [f"{h} higher, {lo} lower" + (" (used)" if u else "")
              for h, lo, u in zip(methods.higher, methods.lower, methods.used)]
    labels = list(dict.fromkeys(methods.label))
    return (methods.assign(result=result).pivot(index="label", columns="description", values="result")
            .reindex(index=labels, columns=list(METHODS.values())))
