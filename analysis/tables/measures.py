"""What the data hold (measures, periods, denominators), one figure per force, and rates on a stated basis.

Every function here takes the ``period`` and ``measure`` it works on, and rates
take a denominator ``basis`` (``employees``, ``officers`` or ``population``).
Rates use the denominator nearest in time to the period: workforce at 31 March
of the year's end, population at the middle of the year's first calendar year
(``2024/25`` -> 31 March 2025 and mid-2024), within :data:`MAX_GAP_DAYS`; each
rate says which it used (``denominator_period``, ``denominator_kind``,
``denominator_source_ids``).  Asking for something the data do not hold raises
:class:`NotAvailableError`, whose message lists what exists and suggests the
closest spelling; nothing returns an empty table silently.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from analysis import stats
from analysis.data.case_study import seed_datasets, seed_period
from analysis.data.forces import ENGLAND_AND_WALES, ENGLAND_AND_WALES_CODE, territorial_forces
from analysis.data.formatting import join_ids
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.sources import OFFICIAL_KINDS, load_sources
from analysis.data.vocabulary import STATUS_RANK, least_reliable

__all__ = [
    "BASES",
    "BASIS_LABELS",
    "DERIVED_MEASURES",
    "MAX_GAP_DAYS",
    "NotAvailableError",
    "PERIOD",
    "available_bases",
    "available_measures",
    "available_periods",
    "check_available",
    "counts",
    "denominator",
    "denominator_dates",
    "denominator_note",
    "periods_with_force_counts",
    "pick",
    "basis_rates",
]

#: The seed year (the case study, from data/registers/case_study.csv), the default where a function had always
#: assumed it.
PERIOD = seed_period()
#: Denominators: basis -> (per, label used in tables and charts).
BASES: dict[str, tuple[int, str]] = {
    "employees": (1000, "per 1,000 employees"),
    "officers": (1000, "per 1,000 officers"),
    "population": (100_000, "per 100,000 people"),
}
BASIS_LABELS = {b: label for b, (_per, label) in BASES.items()}
#: A denominator further than this from the period's reference date is not used.
MAX_GAP_DAYS = 400
#: Measures the package derives from published parts: measure -> the categories summed.
DERIVED_MEASURES: dict[str, tuple[str, ...]] = {
    "complaint_cases_finalised": ("Outside Schedule 3", "Schedule 3"),
}
#: basis -> (observation measure, category) of the denominator.
_DENOMINATOR_SOURCES = {
    "employees": ("workforce", "Total workforce"),
    "officers": ("workforce", "Police officers"),
    "population": ("population", "all"),
}


_BASIS_HELP = ("Bases are employees (total workforce headcount: officers, staff, designated officers and PCSOs), "
               "officers and population; per-force police staff figures are held only for the seed year's workforce "
               "date.")


class NotAvailableError(ValueError):
    """A period, measure, basis or force the data do not hold; the message lists what they do hold."""

    def __init__(self, what: str, asked: object, available: Iterable[str], context: str = "",
                 why: str = "", listing: str = "") -> None:
        self.what, self.asked = what, asked
        self.available = sorted({str(a) for a in available})
        close = difflib.get_close_matches(str(asked), self.available, n=3, cutoff=0.5)
        where = f" {context}" if context else ""
        listed = ", ".join(self.available) if self.available else "none"
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        reason = f" {why}" if why else ""
        listing = listing or f"Available{where}"
        super().__init__(f"no {what} {asked!r}{where}.{reason} {listing}: {listed}.{hint}")


def check_available(what: str, asked: object, available: Iterable[str], context: str = "", why: str = "",
                    listing: str = "") -> None:
    """Raise :class:`NotAvailableError` unless ``asked`` is in ``available``."""
    available = list(available)
    if asked not in available:
        raise NotAvailableError(what, asked, available, context, why, listing)


def _obs() -> pd.DataFrame:
    return load_observations(with_sources=False)


def _not_official(source_ids: pd.Series) -> pd.Series:
    """0 for a figure whose source is official statistics (the publisher's own release), else 1.

    Among figures of equal status :func:`pick` takes the official one, so a reader who clicks through reaches
    the publisher's release rather than a newspaper's copy of the same number.
    """
    kinds = load_sources().set_index("source_id").kind
    return (~source_ids.map(kinds).isin(OFFICIAL_KINDS)).astype(int)


def available_measures(period: str | None = None, force: str | None = None, unit: str = "count") -> list[str]:
    """Measures with at least one figure (optionally for a period and a force), derived measures included."""
    obs = _obs()
    sel = obs[obs.unit == unit]
    if period is not None:
        sel = sel[sel.period == period]
    if force is not None:
        sel = sel[sel.force == force]
    found = set(sel.measure)
    for measure, parts in DERIVED_MEASURES.items():
        if set(parts) <= set(sel.loc[sel.measure == measure, "category"]):
            found.add(measure)
    return sorted(found)


def available_periods(measure: str, force: str | None = None, unit: str = "count") -> list[str]:
    """Periods with a figure for ``measure`` (for ``force`` when given); raises if the measure is unknown."""
    check_available("measure", measure, available_measures(unit=unit))
    obs = _obs()
    sel = obs[(obs.measure == measure) & (obs.unit == unit)]
    if force is not None:
        sel = sel[sel.force == force]
    return sorted(set(sel.period))


def pick(measure: str, category: str = "all", period: str = PERIOD, unit: str = "count",
         datasets: tuple[str, ...] | None = None, allow_uncertain: bool = True) -> pd.DataFrame:
    """One value per force for a measure: the most reliable figure available.

    Columns: ``force, geo_code, value, status, source_id, note, alternatives``
    (how many other figures for the same force were not used).  The most reliable: published before
    derived before uncertain; then official statistics before other sources; then file order.  Raises
    :class:`NotAvailableError` (listing what exists) when nothing matches.
    """
    obs = _obs()
    check_available("measure", measure, set(obs.loc[obs.unit == unit, "measure"]), f"in unit {unit!r}")
    sel = obs[(obs.measure == measure) & (obs.unit == unit)]
    check_available("period", period, set(sel.period), f"for {measure}")
    sel = sel[sel.period == period]
    check_available("category", category, set(sel.category), f"for {measure} in {period}")
    sel = sel[sel.category == category]
    if datasets:
        sel = sel[sel.dataset.isin(datasets)]
    if not allow_uncertain:
        sel = sel[sel.status != "uncertain"]
    if sel.empty:
        raise NotAvailableError("figure", measure, [], f"for {period} in datasets {datasets}",
                                "every figure is from another dataset or uncertain")
    sel = sel.assign(_rank=sel.status.map(STATUS_RANK), _secondary=_not_official(sel.source_id)).sort_values(
        ["force", "_rank", "_secondary", "raw_file", "raw_row"], kind="stable")
    tally = sel.groupby("force").size()
    best = sel.drop_duplicates("force").set_index("force")
    best["alternatives"] = tally.reindex(best.index) - 1
    return best[["geo_code", "value", "status", "source_id", "note", "alternatives"]].reset_index()


#: Datasets used for the seed year, so the case study's numbers do not change as later sources arrive.
_SEED_DATASETS = seed_datasets()


@memoise
def counts(measure: str, period: str) -> pd.DataFrame:
    """The count of ``measure`` in ``period`` per force (``pick`` columns), derived measures summed from parts.

    For the seed year, measures the seed datasets hold are taken from them only.  A derived measure
    (:data:`DERIVED_MEASURES`) is the sum of its published parts, with status
    ``derived`` unless a part is uncertain, and a note saying so.
    """
    check_available("measure", measure, available_measures(), "in any period")
    obs = _obs()
    held = set(obs.loc[(obs.measure == measure) & (obs.period == period), "category"])
    if measure in DERIVED_MEASURES and "all" not in held and set(DERIVED_MEASURES[measure]) <= held:
        parts = [pick(measure, part, period) for part in DERIVED_MEASURES[measure]]
        common = set.intersection(*(set(p.force) for p in parts))
        frames = [p[p.force.isin(common)].set_index("force").sort_index() for p in parts]
        table = frames[0][["geo_code"]].copy()
        table["value"] = sum(f["value"] for f in frames)
        table["status"] = [least_reliable(["derived", *(f.at[i, "status"] for f in frames)]) for i in table.index]
        table["source_id"] = [join_ids(*([f.at[i, "source_id"]] for f in frames)) for i in table.index]
        table["note"] = f"derived: sum of {' and '.join(DERIVED_MEASURES[measure])}"
        table["alternatives"] = 0
        return table.reset_index()
    seed = obs[obs.dataset.isin(_SEED_DATASETS) & (obs.measure == measure) & (obs.category == "all")]
    datasets = _SEED_DATASETS if period == PERIOD and len(seed) else None
    return pick(measure, period=period, datasets=datasets)


def _reference_date(basis: str, period: str) -> date:
    """31 March at the end of a financial year (workforce), 30 June of its first year (population)."""
    if not (len(period) == 7 and period[:4].isdigit() and period[4] == "/" and period[5:].isdigit()):
        raise NotAvailableError("period for a rate", period, _rate_periods(),
                                why="Rates need a financial year (YYYY/YY).")
    start = int(period[:4])
    return date(start, 6, 30) if basis == "population" else date(start + 1, 3, 31)


def denominator_dates(basis: str) -> pd.DataFrame:
    """Snapshots holding the ``basis`` for every territorial force: ``period, kind, forces``."""
    check_available("basis", basis, BASES)
    measure, category = _DENOMINATOR_SOURCES[basis]
    obs = _obs()
    sel = obs[(obs.measure == measure) & (obs.category == category) & obs.unit.isin(["people", "fte"])]
    table = sel.groupby(["period", "unit"]).force.nunique().rename("forces").reset_index()
    table = table[table.forces >= len(territorial_forces())]
    return table.rename(columns={"unit": "kind"}).sort_values(["period", "kind"], ignore_index=True)


@memoise
def denominator(basis: str, period: str) -> pd.DataFrame:
    """The ``basis`` denominator per force for a period, from the snapshot nearest in time.

    Columns: ``force, denominator, denominator_period`` (the snapshot date),
    ``denominator_kind`` (``headcount``, ``FTE`` or ``residents``),
    ``denominator_status, denominator_source_ids``.  Headcount is preferred to
    FTE at the same date.  Raises :class:`NotAvailableError` when no snapshot
    lies within :data:`MAX_GAP_DAYS` of the reference date.
    """
    check_available("basis", basis, BASES, why=_BASIS_HELP)
    ref = _reference_date(basis, period)
    dates = denominator_dates(basis)
    dates["gap"] = [abs((date.fromisoformat(p) - ref).days) for p in dates.period]
    dates["rank"] = dates.kind.map({"people": 0, "fte": 1})
    near = dates[dates.gap <= MAX_GAP_DAYS].sort_values(["gap", "rank"])
    if near.empty:
        usable = [p for p in _rate_periods() if _has_denominator(basis, p)]
        raise NotAvailableError(
            "denominator for basis", basis, available_bases(period), f"for {period}",
            f"No {basis} figures for every force lie within {MAX_GAP_DAYS} days of {ref.isoformat()} (snapshots held: "
            f"{', '.join(sorted(set(dates.period))) or 'none'}; periods with {basis} rates: "
            f"{', '.join(usable) or 'none'}).")
    chosen = near.iloc[0]
    measure, category = _DENOMINATOR_SOURCES[basis]
    obs = _obs()
    sel = obs[(obs.measure == measure) & (obs.category == category) & (obs.period == chosen.period)
              & (obs.unit == chosen.kind)]
    sel = sel.assign(_rank=sel.status.map(STATUS_RANK)).sort_values(["force", "_rank", "raw_file", "raw_row"])
    sel = sel.drop_duplicates("force")
    kind = {"people": "residents" if basis == "population" else "headcount", "fte": "FTE"}[chosen.kind]
    return pd.DataFrame({"force": sel.force.to_numpy(), "denominator": sel.value.to_numpy(),
                         "denominator_period": chosen.period, "denominator_kind": kind,
                         "denominator_status": sel.status.to_numpy(),
                         "denominator_source_ids": sel.source_id.to_numpy(),
                         "denominator_note": denominator_note(basis, period, kind, chosen.period)})


def denominator_note(basis: str, period: str, kind: str, snapshot: str) -> str:
    """Which denominator a rate for ``period`` uses, in words, saying so when it is not at the period's own date.

    >>> denominator_note("officers", "2023/24", "FTE", "2025-03-31")
    'officers (FTE) at 2025-03-31, the nearest count in the data to 2023/24 (whose reference date is 2024-03-31; 366 days later)'
    """
    ref = _reference_date(basis, period)
    gap = (date.fromisoformat(snapshot) - ref).days
    what = "residents" if basis == "population" else f"{basis} ({kind})"
    if gap == 0:
        return f"{what} at {snapshot}, the reference date of {period}"
    side = "later" if gap > 0 else "earlier"
    return (f"{what} at {snapshot}, the nearest count in the data to {period} (whose reference date is "
            f"{ref.isoformat()}; {abs(gap)} days {side})")


def periods_with_force_counts(measure: str) -> list[str]:
    """Financial years in which at least one territorial force has a count of ``measure``."""
    check_available("measure", measure, available_measures(), "in any period")
    forces = set(territorial_forces())
    found = []
    for period in _rate_periods():
        try:
            table = counts(measure, period)
        except NotAvailableError:
            continue
        if forces & set(table.force):
            found.append(period)
    return found


def _rate_periods() -> list[str]:
    obs = _obs()
    return sorted({p for p in obs.period if len(p) == 7 and p[4] == "/"})


def _has_denominator(basis: str, period: str) -> bool:
    ref = _reference_date(basis, period)
    dates = denominator_dates(basis)
    return any(abs((date.fromisoformat(p) - ref).days) <= MAX_GAP_DAYS for p in dates.period)


def available_bases(period: str) -> list[str]:
    """Bases with a denominator near enough in time for ``period``."""
    return [b for b in BASES if _has_denominator(b, period)]


@memoise
def basis_rates(measure: str, period: str, basis: str, level: float = 0.95) -> pd.DataFrame:
    """Rates of ``measure`` in ``period`` on one ``basis``, one row per force with a count and a denominator.

    Columns: ``force, geo_code, value, status, source_id, note, basis, denominator, denominator_period,
    denominator_kind, denominator_status, denominator_source_ids, denominator_note`` (which count, and how far
    from the period's reference date when it is not at it), ``rate, rate_low, rate_high`` (exact Garwood
    interval), ``rate_unit, small_count, is_national, national_scope``.  Forces with a count but no
    denominator (British Transport Police) are left out.  The England and Wales row is the published total when
    the forces are incomplete, and the derived sum of the territorial forces when all are present (the published
    total can include British Transport Police, which has no area denominator); ``national_scope`` says which.
    """
    check_available("basis", basis, BASES, why=_BASIS_HELP)
    table = counts(measure, period)
    den = denominator(basis, period)
    per, label = BASES[basis]
    merged = table.merge(den, on="force", how="inner", validate="one_to_one")
    territorial = territorial_forces()
    forces = merged[merged.force.isin(territorial)]
    if forces.empty:
        with_count = sorted(set(table.force) - {ENGLAND_AND_WALES})
        if not with_count:
            raise NotAvailableError(
                "per-force figures of", measure, periods_with_force_counts(measure), f"for {period}",
                f"The data hold only the England and Wales total of {measure} for {period}, so there is no rate "
                "per force.", listing=f"Periods with per-force figures of {measure}")
        raise NotAvailableError("force with a rate", measure, with_count, f"for {period} per {basis}",
                                f"No force with a count has a {basis} denominator.",
                                listing="Forces with a count but no denominator")
    published = merged[merged.force == ENGLAND_AND_WALES]
    complete = set(territorial) <= set(forces.force)
    if complete or published.empty:
        scope = (f"the {len(forces)} territorial forces" if complete else
                 f"the {len(forces)} forces with a figure (no England and Wales total in the data)")
        ew = pd.DataFrame([{
            "force": ENGLAND_AND_WALES, "geo_code": ENGLAND_AND_WALES_CODE,
            "value": forces.value.sum(), "status": least_reliable(["derived", *forces.status]),
            "source_id": join_ids(forces.source_id), "note": f"derived: sum of {scope}",
            "alternatives": 0, "denominator": forces.denominator.sum(),
            "denominator_period": forces.denominator_period.iloc[0], "denominator_kind": forces.denominator_kind.iloc[0],
            "denominator_status": least_reliable(forces.denominator_status),
            "denominator_source_ids": join_ids(forces.denominator_source_ids),
            "denominator_note": forces.denominator_note.iloc[0]}])
    else:
        ew, scope = published, "published England and Wales total"
    out = pd.concat([ew, forces], ignore_index=True)
    interval = stats.poisson_rate_interval(out["value"], out["denominator"], per=per, level=level)
    out["basis"] = basis
    out["rate"], out["rate_low"], out["rate_high"] = (np.asarray(interval.rate, float), np.asarray(interval.low, float),
                                                      np.asarray(interval.high, float))
    out["rate_unit"] = label
    out["small_count"] = out["value"] < stats.SMALL_COUNT
    out["is_national"] = out.force == ENGLAND_AND_WALES
    out["national_scope"] = np.where(out.is_national, scope, "")
    out["measure"], out["period"] = measure, period
    return out.sort_values(["is_national", "force"], ascending=[False, True], ignore_index=True)
