"""Where a point sits in a funnel plot, decided in one place and worded in one place.

:func:`band_used` decides which band counts (the random-effects band when the
funnel is over-dispersed, the exact-tail band otherwise; see
:func:`analysis.stats.funnel_position`, which never flags a point beyond what
its exact binomial or Poisson tail supports).  :func:`verdict` turns a band and
a direction into plain words ("higher than expected", "within the range
expected"), and :func:`verdict_sentence` adds what the range allows for.
Charts, tables, notebooks and force pages all word a band through these, never
with "significant".
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["BAND_ORDER", "VERDICTS", "band_used", "points_with_verdicts", "verdict", "verdict_sentence"]

BAND_ORDER: tuple[str, ...] = ("within 95%", "between 95% and 99.8%", "beyond 99.8%")

#: (band, direction) -> plain words.
VERDICTS: dict[tuple[str, str], str] = {
    ("within 95%", ""): "within the range expected",
    ("between 95% and 99.8%", "above"): "higher than expected",
    ("between 95% and 99.8%", "below"): "lower than expected",
    ("beyond 99.8%", "above"): "much higher than expected",
    ("beyond 99.8%", "below"): "much lower than expected",
}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def band_used(point: pd.Series | dict | None, overdispersed: bool) -> tuple[str | None, str]:
    """The band and direction that count for one funnel point (``None`` when there is no point).

    With over-dispersion the adjusted columns (``band_adjusted``, ``direction_adjusted``) decide, because the
    chart draws the adjusted limits; otherwise ``band``/``direction`` (exact tails).
    """
    if point is None:
        return None, ""
    suffix = "_adjusted" if overdispersed else ""
    band = point.get(f"band{suffix}")
    direction = point.get(f"direction{suffix}")
    if _missing(band):
        return None, ""
    return str(band), "" if _missing(direction) else str(direction)


def verdict(band: str | None, direction: str | None = "") -> str:
    """A band in plain words: ``within the range expected``, ``higher than expected``, ``much lower than expected``.

    ``no figure`` when there is no band.  Raises ``ValueError`` on an unknown band or direction.
    """
    if _missing(band):
        return "no figure"
    key = (str(band), "" if band == "within 95%" or _missing(direction) else str(direction))
    if key not in VERDICTS:
        raise ValueError(f"unknown funnel band {band!r} with direction {direction!r}; bands: {list(BAND_ORDER)}")
    return VERDICTS[key]


def verdict_sentence(band: str | None, direction: str | None, overdispersed: bool) -> str:
    """:func:`verdict` with what the expected range means: chance alone, or chance plus normal variation."""
    words = verdict(band, direction)
    if words == "no figure":
        return "has no figure"
    if overdispersed:
        return f"{words}, allowing for normal variation between forces"
    return f"{words} from chance alone"


def points_with_verdicts(points: pd.DataFrame, overdispersed: bool) -> pd.DataFrame:
    """A funnel's points with ``band_used, direction_used, verdict`` columns added."""
    out = points.copy()
    decided = [band_used(row, overdispersed) for _, row in out.iterrows()]
    out["band_used"] = [b for b, _ in decided]
    out["direction_used"] = [d for _, d in decided]
    out["verdict"] = [verdict(b, d) for b, d in decided]
    return out
