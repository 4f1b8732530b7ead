"""Which force a profile is about, and where it stands: its 2020/21 complaint rates and its funnel positions.

Every function takes a force name (any alias) and returns a DataFrame, a
Series, a dict or a value, computed from the library, nothing typed in.  What
data exist for the force is in :mod:`analysis.tables.force_coverage`; its
outcomes, categories, timeliness, PEEL grade and Home Office figures are in
:mod:`analysis.tables.force_findings`.  The reader's page and the profile
notebook show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.errors import UnknownForceError
from analysis.data.forces import ENGLAND_AND_WALES, Force, resolve
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.paths import REPORTS
from analysis.tables import bands
from analysis.tables import comparisons as cmp
from analysis.tables import complaints as cpl
from analysis.tables.measures import PERIOD

__all__ = [
    "FUNNELS",
    "FunnelSpec",
    "NOTE_WIDTH",
    "NotProfiledError",
    "RATE_RULE",
    "compare_with_national",
    "funnel_positions",
    "funnels_for_reading",
    "national_rate_row",
    "profile_dir",
    "profile_force",
    "rate_row",
    "rate_verdict",
    "rates_for_reading",
    "rates_table",
    "reviews_without",
    "short",
    "slug",
]


class NotProfiledError(UnknownForceError):
    """A known name that is not a police force (England and Wales): no profile."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.suggestions = []
        KeyError.__init__(self, message)


# --------------------------------------------------------------------------
# Which force
# --------------------------------------------------------------------------
def profile_force(name: str | Force) -> Force:
    """The force a profile is about, from any alias, resolved once at the door.

    A :class:`Force` is returned as it is, so a function that has resolved its
    force passes the ``Force`` to the functions it calls and none of them looks
    the name up again.

    Raises :class:`~analysis.errors.UnknownForceError` (with suggestions) for
    an unknown name and :class:`NotProfiledError` for England and Wales.
    British Transport Police is accepted: it has 2024/25 figures but no
    2020/21 IOPC figures, population or PEEL grade here, and its profile says so.
    """
    force = resolve(name)
    if force.kind == "national":
        raise NotProfiledError(str(name), f"{force.name!r} is the national total, not a police force: the national "
                               "picture is in notebooks 01-03. Pick one of the 43 forces, e.g. 'Staffordshire'.")
    return force


def slug(name: str | Force) -> str:
    """Folder name of a force's profile: ``"West Yorkshire"`` -> ``"west-yorkshire"`` (aliases accepted)."""
    canonical = profile_force(name).name
    return re.sub(r"[^a-z0-9]+", "-", canonical.lower()).strip("-")


def profile_dir(name: str | Force, out_root: Path = REPORTS) -> Path:
    """``reports/<slug>/`` for a force."""
    return Path(out_root) / slug(name)




#: Notes in the profile's tables are cut to this many characters; the full text is in
#: ``data/processed/observations.csv`` (column ``note``).
NOTE_WIDTH = 80


def short(text: str, width: int = NOTE_WIDTH) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with "..." when cut."""
    text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    if len(text) <= width:
        return text
    cut = text[: width - 3].rsplit(" ", 1)[0].rstrip(" ,;:(")
    return cut + "..."


# --------------------------------------------------------------------------
# Complaint rates, 2020/21
# --------------------------------------------------------------------------
def rate_row(force: str | Force) -> pd.Series | None:
    """The force's row of :func:`analysis.complaints.complaint_rates` (None when no 2020/21 count)."""
    force = profile_force(force)
    table = cpl.complaint_rates().set_index("force")
    return table.loc[force.name] if force.name in table.index else None


def national_rate_row() -> pd.Series:
    """England and Wales' row of :func:`analysis.complaints.complaint_rates`."""
    return cpl.complaint_rates().set_index("force").loc[ENGLAND_AND_WALES]


def compare_with_national(low: float, high: float, national: float) -> str:
    """``above`` / ``below`` / ``not clearly different from``: does the force's own 95% interval exclude the
    England and Wales value?

    The national figure is a complete count (every case logged in England and Wales), not a sample, so it has
    no interval of its own; only the force's chance-only (Poisson) interval is used.
    """
    if low > national:
        return "above"
    if high < national:
        return "below"
    return "not clearly different from"


#: The headline rule, said once: the verdict on a force's rate comes from the funnel plot.
RATE_RULE = ("The verdict on a rate comes from the funnel plot: the force against the England and Wales rate, with "
             "limits widened for the normal variation between forces when forces vary more than chance alone "
             "allows. The force's own 95% interval covers chance variation only, a lower bound on the "
             "uncertainty, so it is reported alongside but never decides the verdict.")


def rate_verdict(chance: str, band: str | None, direction: str | None, overdispersed: bool,
                 basis: str = "") -> str:
    """One sentence on a rate: the headline from the funnel band, worded by :func:`analysis.tables.bands.verdict`.

    ``chance``: :func:`compare_with_national`; ``band``/``direction``: the force's band in the funnel (adjusted
    for over-dispersion when ``overdispersed``: :func:`analysis.tables.bands.band_used`); ``basis``: e.g.
    ``"per employee"``.  The chance-only comparison is said beside the verdict only when it seems to disagree.
    """
    basis = f" {basis}" if basis else ""
    sentence = bands.verdict_sentence(band, direction, overdispersed)
    if sentence == bands.verdict_sentence(None, None, overdispersed):
        return f"{chance} England and Wales{basis} on its chance-only interval (no funnel position)"
    if band == bands.BAND_ORDER[0] and chance != "not clearly different from":
        return f"{chance} England and Wales{basis} on its chance-only interval, but {sentence}"
    return sentence


_PER_ONE = {"employees": "per employee", "officers": "per officer", "population": "per head of population"}


def rates_table(force: str | Force) -> pd.DataFrame:
    """The force's 2020/21 complaint rates beside England and Wales, on each basis, with the verdict.

    Columns: ``basis`` (e.g. "per 1,000 employees"), ``force_rate, force_low, force_high`` (exact Poisson 95%
    interval: chance only), ``national_rate`` (a complete count, so no interval), ``chance`` (does the force's
    interval exclude the national rate: :func:`compare_with_national`), ``band, direction, overdispersed``
    (the force in that basis's funnel, :func:`analysis.comparisons.rate_funnel`, against the limits adjusted
    for over-dispersion when it is significant), ``forces`` (in the funnel) and ``verdict``
    (:func:`rate_verdict`, the headline).  Empty when the force has no 2020/21 count.
    """
    force = profile_force(force)
    row, nat = rate_row(force), national_rate_row()
    columns = ["basis", "force_rate", "force_low", "force_high", "national_rate", "chance", "band", "direction",
               "overdispersed", "forces", "verdict"]
    if row is None:
        return pd.DataFrame(columns=columns)
    name = force.name
    rows = []
    for basis, (_per, label) in cpl.BASES.items():
        rate, low, high, national = (row[f"rate_{basis}"], row[f"low_{basis}"], row[f"high_{basis}"],
                                     nat[f"rate_{basis}"])
        funnel = cmp.rate_funnel("complaint_cases_logged", basis)
        points = funnel.points.set_index("force")
        band, direction = bands.band_used(points.loc[name] if name in points.index else None,
                                          bool(funnel.overdispersed))
        chance = compare_with_national(low, high, national)
        rows.append({"basis": label, "force_rate": rate, "force_low": low, "force_high": high,
                     "national_rate": national, "chance": chance, "band": band, "direction": direction,
                     "overdispersed": bool(funnel.overdispersed), "forces": len(points),
                     "verdict": rate_verdict(chance, band, direction, bool(funnel.overdispersed), _PER_ONE[basis])})
    return pd.DataFrame(rows, columns=columns)


def rates_for_reading(force: str | Force) -> pd.DataFrame:
    """:func:`rates_table` with rounded values and intervals as text: ``Rate``, the force (rate and chance-only
    interval), England and Wales, ``Chance-only interval`` and ``Verdict (funnel plot)``."""
    force = profile_force(force)
    table, name = rates_table(force), force.name
    return pd.DataFrame({
        "Rate": table.basis,
        f"{name} (95% chance-only interval)": [f"{r:,.1f} ({lo:,.1f} to {hi:,.1f})" for r, lo, hi in
                                               zip(table.force_rate, table.force_low, table.force_high)],
        ENGLAND_AND_WALES: [f"{r:,.1f}" for r in table.national_rate],
        "Interval vs England and Wales": [{"above": "excludes it (above)", "below": "excludes it (below)"}.get(
            c, "includes it") for c in table.chance],
        "Verdict (funnel plot)": [bands.verdict(b, d) for b, d in zip(table.band, table.direction)],
    })


# --------------------------------------------------------------------------
# Funnel plots
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class FunnelSpec:
    """One funnel plot of the national notebooks, as the profile describes it."""

    key: str
    label: str
    dataset: str  # "seed": the case study's year; else the per-force dataset whose newest year is shown
    kind: str  # "rate" (per 1,000) or "share"
    build: str  # function name in analysis.comparisons

    @property
    def period(self) -> str:
        """The year shown, read from the data: the seed year, or the dataset's newest year."""
        return PERIOD if self.dataset == "seed" else cmp.per_force_periods(self.dataset)[-1]


FUNNELS: tuple[FunnelSpec, ...] = (
    FunnelSpec("rate", "Complaint cases per 1,000 employees", "seed", "rate", "rate_funnel"),
    FunnelSpec("informal", "Share of allegations finalised informally (outside Schedule 3)", "seed", "share",
               "informal_share_funnel"),
    FunnelSpec("sch3", "Share of complaint cases finalised under Schedule 3", cmp.DS_FINALISED, "share",
               "sch3_share_funnel"),
    FunnelSpec("reviews", "Share of IOPC reviews of complaints handled without an investigation finding the "
               "outcome not reasonable", cmp.DS_REVIEWS, "share", "reviews_funnel"),
)


def funnel_positions(force: str | Force) -> pd.DataFrame:
    """Where the force sits in each funnel plot of the national notebooks.

    One row per :data:`FUNNELS` entry.  Columns: ``key, measure, period,
    forces`` (points in the funnel), ``target`` (England and Wales), ``value``
    (the force; NaN if absent), ``observed, size, z, band, direction,
    overdispersed, band_used, direction_used`` (the band against the limits
    the chart draws: adjusted for over-dispersion when it is significant),
    ``position`` (:func:`analysis.tables.bands.verdict`), ``sentence``
    (:func:`analysis.tables.bands.verdict_sentence`), ``status``, ``small`` (a share out of fewer
    than :data:`analysis.stats.SMALL_N`, or a count below
    :data:`analysis.stats.SMALL_COUNT`: too few for the position to mean much) and ``own_doubt``: the
    force's figure is marked uncertain while others in the funnel are not (a doubt about this force's figure,
    not about the whole table, e.g. a period inferred for every force).
    """
    return _funnel_positions(profile_force(force).name)


@memoise
def _funnel_positions(name: str) -> pd.DataFrame:
    from analysis.stats import SMALL_COUNT, SMALL_N

    rows = []
    for spec in FUNNELS:
        f = getattr(cmp, spec.build)()
        points = f.points.set_index("force")
        row = {"key": spec.key, "measure": spec.label, "period": spec.period, "kind": spec.kind,
               "forces": len(points), "target": f.target, "overdispersed": f.overdispersed}
        if name in points.index:
            p = points.loc[name]
            band_used, direction_used = bands.band_used(p, bool(f.overdispersed))
            row.update(value=p["value"], observed=p["observed"], size=p["size"], z=p["z"], band=p["band"],
                       direction=p["direction"], band_used=band_used, direction_used=direction_used,
                       position=bands.verdict(band_used, direction_used), status=p["status"],
                       sentence=bands.verdict_sentence(band_used, direction_used, bool(f.overdispersed)),
                       small=bool(p["size"] < SMALL_N) if spec.kind == "share" else bool(p["observed"] < SMALL_COUNT),
                       own_doubt=bool(p["status"] == "uncertain" and (f.points.status != "uncertain").any()))
        else:
            row.update(value=np.nan, observed=np.nan, size=np.nan, z=np.nan, band=None, direction=None,
                       band_used=None, direction_used=None, position=bands.verdict(None), status="", small=False,
                       own_doubt=False,
                       sentence=bands.verdict_sentence(None, None, bool(f.overdispersed)))
        rows.append(row)
    return pd.DataFrame(rows)


def reviews_without(route: str = "Not investigated") -> list[str]:
    """Forces in the IOPC's 2024/25 reviews table (Table 27) with no completed review on ``route``.

    The table printed ``-`` for them, so they are not in the reviews funnel.
    """
    obs = load_observations(with_sources=False)
    in_table = set(obs.loc[obs.dataset == cmp.DS_2024_REVIEWS, "force"]) - {ENGLAND_AND_WALES}
    reviews = cmp.reviews_2024_25()
    with_reviews = set(reviews.loc[reviews.route == route, "force"])
    return sorted(in_table - with_reviews)


def _fmt(value: float, kind: str) -> str:
    if pd.isna(value):
        return "no figure"
    return f"{value:,.1f}" if kind == "rate" else f"{value:.1%}"


def funnels_for_reading(force: str | Force) -> pd.DataFrame:
    """:func:`funnel_positions` as text: ``Measure, Period, Force, England and Wales, Position, Limits``."""
    force = profile_force(force)
    table, name = funnel_positions(force), force.name
    return pd.DataFrame({
        "Measure": table.measure, "Period": table.period,
        name: [_fmt(r.value, r.kind) + _count_note(r) for r in table.itertuples()],
        ENGLAND_AND_WALES: [_fmt(v, k) for v, k in zip(table.target, table.kind)],
        "Position": table.position,
        "Limits": ["widened for between-force variation" if o else "chance only" for o in table.overdispersed],
        "Forces in the plot": table.forces,
    })


def _count_note(r) -> str:
    """``" (1 of 8; small numbers; uncertain)"``: the count behind a share, and its flags."""
    if pd.isna(r.value):
        return ""
    parts = [f"{r.observed:,.0f} of {r.size:,.0f}"] if r.kind == "share" else []
    parts += ["small numbers"] if r.small else []
    parts += [r.status] if r.status in ("derived", "uncertain") else []
    return f" ({'; '.join(parts)})" if parts else ""
