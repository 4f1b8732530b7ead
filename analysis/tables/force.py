"""One force's tables: what the force profile shows, computed from the library, nothing typed in.

Every function takes a force name (any alias) and returns a DataFrame, a
Series, a dict or a value; the profile notebook and the reader's page show
them.  The runner that executes the profile for each force is
:mod:`analysis.pipeline.profiles`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.errors import UnknownForceError
from analysis.data.forces import ENGLAND_AND_WALES, Force, resolve, territorial_forces
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.paths import REPORTS
from analysis.data.reference import load_peel_grades
from analysis.data.registers import DATASETS
from analysis.data.vocabulary import STATUS_RANK
from analysis.tables import comparisons as cmp
from analysis.tables import complaints as cpl

__all__ = [
    "FUNNELS",
    "FunnelSpec",
    "HOME_OFFICE_DATASETS",
    "NOTE_WIDTH",
    "NotProfiledError",
    "PEEL_ROW",
    "RATE_RULE",
    "WHY_MISSING",
    "WHY_MISSING_BTP",
    "category_mix_for_reading",
    "compare_with_national",
    "coverage_table",
    "flagged_figures",
    "force_category_mix",
    "force_data_coverage",
    "force_outcome_proportions",
    "funnel_positions",
    "funnels_for_reading",
    "home_office_figures",
    "national_only_datasets",
    "national_rate_row",
    "other_force_documents",
    "outcomes_for_reading",
    "peel_grade",
    "peel_grade_counts",
    "peel_rate_grade_counts",
    "position_phrase",
    "profile_dir",
    "profile_force",
    "rate_row",
    "rate_verdict",
    "rates_for_reading",
    "rates_table",
    "reviews_without",
    "short",
    "slug",
    "timeliness",
    "timeliness_caveats",
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
def profile_force(name: str) -> Force:
    """The force a profile is about, from any alias.

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


def slug(name: str) -> str:
    """Folder name of a force's profile: ``"West Yorkshire"`` -> ``"west-yorkshire"`` (aliases accepted)."""
    canonical = profile_force(name).name
    return re.sub(r"[^a-z0-9]+", "-", canonical.lower()).strip("-")


def profile_dir(name: str, out_root: Path = REPORTS) -> Path:
    """``reports/<slug>/`` for a force."""
    return Path(out_root) / slug(name)


# --------------------------------------------------------------------------
# What is missing for this force and why
# --------------------------------------------------------------------------
#: Why a per-force dataset may have no figure for a force ({covered}: e.g. "27 of 43 forces").
WHY_MISSING: dict[str, str] = {
    "iopc_2020_21_forces": "The IOPC's own per-force tables for 2020/21 were not available in readable form. The "
                           "per-force figures used here are local press reports of them, found for {covered}; none "
                           "was found for this force.",
    "iopc_forces_later_years": "Per-force figures after 2020/21 were found only where press or force reports quoted "
                               "them ({covered}).",
    "iopc_2024_25_cases_finalised": "The IOPC table printed no figure for this force.",
    "iopc_2024_25_reviews": "The IOPC table printed '-' (no completed reviews) for this force.",
    "iopc_2024_25_allegations_by_category": "In the published web text of Table 6 the digits of each row ran "
                                            "together and the text stops part-way through the forces; only cells "
                                            "with a single valid reading are used ({covered}), and none could be "
                                            "read for this force.",
    "force_complaint_statements": "Statements by forces or police and crime commissioners were collected only for "
                                  "{covered}.",
    "home_office_misconduct_2020_21": "The Home Office's per-force table was not available; its figures are used "
                                      "only where the press quoted them ({covered}).",
    "home_office_misconduct_later_years": "The Home Office's per-force tables were not available; figures are used "
                                          "only where the press quoted them ({covered}).",
    "pa_foi_sexual_assault": "PA's survey of forces was reported per force only for {covered}.",
    "workforce_2021": "The Home Office workforce table covers the 43 territorial forces; British Transport Police "
                      "is published separately.",
    "officers_fte_other_dates": "The Home Office workforce table covers the 43 territorial forces only.",
    "workforce_headlines": "Headline workforce figures quoted in publications, found only for British Transport "
                           "Police and {covered}.",
    "population_mid2020": "British Transport Police polices the railways and has no police force area, so no "
                          "population.",
    "population_mid2019": "British Transport Police polices the railways and has no police force area, so no "
                          "population.",
}
#: British Transport Police differs from the territorial forces in these datasets.
WHY_MISSING_BTP: dict[str, str] = {
    "iopc_2020_21_forces": "British Transport Police came under the reformed complaints system later than the "
                           "territorial forces, during 2020/21, and no 2020/21 figure for it was found.",
}
PEEL_ROW = "HMICFRS PEEL 2018/19 legitimacy grade"


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


def _covered(n: int) -> str:
    return f"{n} of {len(territorial_forces())} forces" if n != 1 else "one force"


def _status_text(counts: dict[str, int]) -> str:
    parts = [f"{counts[s]:,} {s}" for s in STATUS_RANK if counts.get(s)]
    return ", ".join(parts)


def force_data_coverage(force: str) -> pd.DataFrame:
    """Per dataset: does the force have figures, with what statuses, and if not, why.

    One row per per-force dataset, plus the PEEL grade table.  Left out:
    datasets holding only national or regional totals (see
    :func:`national_only_datasets`) and documents about one other force only
    (see :func:`other_force_documents`).  Columns: ``dataset, title, producer, periods, forces_covered``
    (territorial forces with a figure), ``figures`` (this force's figures),
    ``published, derived, uncertain, has_figures, statuses`` (text) and ``why``
    (empty when the force has figures).
    """
    return _data_coverage(profile_force(force).name)


@memoise
def _data_coverage(name: str) -> pd.DataFrame:
    obs = load_observations(with_sources=False)
    territorial = set(territorial_forces())
    rows = []
    for ds in DATASETS:
        sel = obs[obs.dataset == ds.name]
        scope = _scope(ds.name, obs)
        if scope == "national" or (scope == "one force" and name not in set(sel.force)):
            continue
        mine = sel[sel.force == name]
        counts = mine.status.value_counts().to_dict()
        covered = len(set(sel.force) & territorial)
        reasons = WHY_MISSING_BTP if name == "British Transport Police" else {}
        why = "" if len(mine) else reasons.get(ds.name, WHY_MISSING.get(
            ds.name, "No figure for this force in this dataset.")).format(covered=_covered(covered))
        rows.append({"dataset": ds.name, "title": ds.title, "producer": ds.producer,
                     "periods": "; ".join(sorted(mine.period.unique() if len(mine) else sel.period.unique())),
                     "forces_covered": covered, "figures": len(mine),
                     **{s: int(counts.get(s, 0)) for s in STATUS_RANK},
                     "has_figures": bool(len(mine)), "statuses": _status_text(counts), "why": why})
    grade = peel_grade(name)
    grades = load_peel_grades()
    n_graded = int(((grades.question == "Legitimacy") & (grades.grade != "Not found")).sum())
    has = grade is not None and grade["grade"] != "Not found"
    if grade is None:
        why = "HMICFRS inspects British Transport Police separately; no PEEL grade is held here."
    elif not has:
        why = f"The grade could not be read from the published report ({grade['note']})."
    else:
        why = ""
    rows.append({"dataset": "peel_2018_19_grades", "title": PEEL_ROW, "producer": "HMICFRS",
                 "periods": "2018/19", "forces_covered": n_graded, "figures": int(has),
                 **{s: int(has and grade["status"] == s) for s in STATUS_RANK},
                 "has_figures": has, "statuses": _status_text({grade["status"]: 1}) if has else "", "why": why})
    return pd.DataFrame(rows)


def coverage_table(force: str) -> pd.DataFrame:
    """:func:`force_data_coverage` for reading: ``Data, Producer, Period, Figures for this force`` (the reasons for
    missing data are in the ``why`` column of :func:`force_data_coverage`, printed in full by the notebook)."""
    table = force_data_coverage(force)
    shown = [f"{r.figures:,} ({r.statuses})" if r.has_figures else "none" for r in table.itertuples()]
    return pd.DataFrame({"Data": table.title, "Producer": table.producer, "Period": table.periods,
                         "Figures for this force": shown})


def _scope(dataset: str, obs: pd.DataFrame) -> str:
    """``national`` (England and Wales or regional totals only), ``one force`` (a document about a single
    force, with no national figure) or ``per force``."""
    from analysis.data.registers import dataset as lookup

    areas = set(obs.loc[obs.dataset == dataset, "force"])
    forces_in = areas - {ENGLAND_AND_WALES}
    if not forces_in or lookup(dataset).geography != "force":
        return "national"
    if len(forces_in) == 1 and ENGLAND_AND_WALES not in areas:
        return "one force"
    return "per force"


def national_only_datasets() -> list[str]:
    """Titles of the datasets that hold only England and Wales or regional totals."""
    obs = load_observations(with_sources=False)
    return [ds.title for ds in DATASETS if _scope(ds.name, obs) == "national"]


def other_force_documents(force: str) -> list[str]:
    """Datasets about one other force only, as ``"title (force)"``."""
    name = profile_force(force).name
    obs = load_observations(with_sources=False)
    out = []
    for ds in DATASETS:
        forces_in = set(obs.loc[obs.dataset == ds.name, "force"])
        if _scope(ds.name, obs) == "one force" and name not in forces_in:
            out.append(f"{ds.title} ({', '.join(sorted(forces_in))})")
    return out


def flagged_figures(force: str, note_width: int | None = NOTE_WIDTH) -> pd.DataFrame:
    """The force's figures that are not simply published: ``status`` derived or uncertain, with the reason.

    Grouped: one row per dataset, status and note.  Columns: ``Data, Period,
    Status, Figures, Note`` (cut to ``note_width`` characters; None: in full).
    """
    name = profile_force(force).name
    obs = load_observations(with_sources=False)
    sel = obs[(obs.force == name) & (obs.status != "published")]
    titles = {d.name: d.title for d in DATASETS}
    grouped = (sel.groupby(["dataset", "status", "note"], sort=False)
               .agg(periods=("period", lambda s: "; ".join(sorted(set(s)))), figures=("value", "size"))
               .reset_index())
    order = {d.name: i for i, d in enumerate(DATASETS)}
    grouped = grouped.assign(_o=grouped.dataset.map(order), _s=grouped.status.map(STATUS_RANK)).sort_values(
        ["_o", "_s", "note"], kind="stable")
    table = pd.DataFrame({"Data": grouped.dataset.map(titles), "Period": grouped.periods,
                          "Status": grouped.status, "Figures": grouped.figures.astype(int), "Note": grouped.note})
    grade = peel_grade(name)
    if grade is not None and grade["status"] != "published":
        table = pd.concat([table, pd.DataFrame([{"Data": PEEL_ROW, "Period": "2018/19", "Status": grade["status"],
                                                 "Figures": 1, "Note": grade["note"]}])], ignore_index=True)
    if note_width is not None:
        table["Note"] = [short(n, note_width) for n in table.Note]
    return table.reset_index(drop=True)


# --------------------------------------------------------------------------
# Complaint rates, 2020/21
# --------------------------------------------------------------------------
def rate_row(force: str) -> pd.Series | None:
    """The force's row of :func:`analysis.complaints.complaint_rates` (None when no 2020/21 count)."""
    name = profile_force(force).name
    table = cpl.complaint_rates().set_index("force")
    return table.loc[name] if name in table.index else None


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
    """One sentence on a rate, the headline from the funnel band (:func:`position_phrase`).

    ``chance``: :func:`compare_with_national`; ``band``/``direction``: the force's band in the funnel (adjusted
    for over-dispersion when ``overdispersed``); ``basis``: e.g. ``"per employee"``.
    """
    basis = f" {basis}" if basis else ""
    if band is None or (isinstance(band, float) and np.isnan(band)):
        return f"{chance} England and Wales{basis} on its chance-only interval (no funnel position)"
    where = position_phrase(band, direction)
    allowing = " once normal variation between forces is allowed for" if overdispersed else ""
    if where == "within the expected range":
        across = f"within the range seen across forces{allowing}"
        if chance == "not clearly different from":
            return f"not clearly different from England and Wales{basis}, and {across}"
        return f"{chance} England and Wales{basis}, but {across}"
    even = ", even allowing for normal variation between forces" if overdispersed else ""
    return f"{where.replace('the expected range', 'the range seen across forces')}{even}"


_PER_ONE = {"employees": "per employee", "officers": "per officer", "population": "per head of population"}


def rates_table(force: str) -> pd.DataFrame:
    """The force's 2020/21 complaint rates beside England and Wales, on each basis, with the verdict.

    Columns: ``basis`` (e.g. "per 1,000 employees"), ``force_rate, force_low, force_high`` (exact Poisson 95%
    interval: chance only), ``national_rate`` (a complete count, so no interval), ``chance`` (does the force's
    interval exclude the national rate: :func:`compare_with_national`), ``band, direction, overdispersed``
    (the force in that basis's funnel, :func:`analysis.comparisons.rate_funnel`, against the limits adjusted
    for over-dispersion when it is significant), ``forces`` (in the funnel) and ``verdict``
    (:func:`rate_verdict`, the headline).  Empty when the force has no 2020/21 count.
    """
    row, nat = rate_row(force), national_rate_row()
    columns = ["basis", "force_rate", "force_low", "force_high", "national_rate", "chance", "band", "direction",
               "overdispersed", "forces", "verdict"]
    if row is None:
        return pd.DataFrame(columns=columns)
    name = profile_force(force).name
    rows = []
    for basis, (_per, label) in cpl.BASES.items():
        rate, low, high, national = (row[f"rate_{basis}"], row[f"low_{basis}"], row[f"high_{basis}"],
                                     nat[f"rate_{basis}"])
        funnel = cmp.rate_funnel("complaint_cases_logged", basis)
        points = funnel.points.set_index("force")
        band = direction = None
        if name in points.index:
            p = points.loc[name]
            band = p["band_adjusted"] if funnel.overdispersed else p["band"]
            direction = p["direction_adjusted"] if funnel.overdispersed else p["direction"]
        chance = compare_with_national(low, high, national)
        rows.append({"basis": label, "force_rate": rate, "force_low": low, "force_high": high,
                     "national_rate": national, "chance": chance, "band": band, "direction": direction,
                     "overdispersed": bool(funnel.overdispersed), "forces": len(points),
                     "verdict": rate_verdict(chance, band, direction, bool(funnel.overdispersed), _PER_ONE[basis])})
    return pd.DataFrame(rows, columns=columns)


def rates_for_reading(force: str) -> pd.DataFrame:
    """:func:`rates_table` with rounded values and intervals as text: ``Rate``, the force (rate and chance-only
    interval), England and Wales, ``Chance-only interval`` and ``Verdict (funnel plot)``."""
    table = rates_table(force)
    name = profile_force(force).name
    return pd.DataFrame({
        "Rate": table.basis,
        f"{name} (95% chance-only interval)": [f"{r:,.1f} ({lo:,.1f} to {hi:,.1f})" for r, lo, hi in
                                               zip(table.force_rate, table.force_low, table.force_high)],
        ENGLAND_AND_WALES: [f"{r:,.1f}" for r in table.national_rate],
        "Interval vs England and Wales": [{"above": "excludes it (above)", "below": "excludes it (below)"}.get(
            c, "includes it") for c in table.chance],
        "Verdict (funnel plot)": [position_phrase(b, d).replace("the expected range", "the range across forces")
                                  for b, d in zip(table.band, table.direction)],
    })


# --------------------------------------------------------------------------
# Funnel plots
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class FunnelSpec:
    """One funnel plot of the national notebooks, as the profile describes it."""

    key: str
    label: str
    period: str
    kind: str  # "rate" (per 1,000) or "share"
    build: str  # function name in analysis.comparisons


FUNNELS: tuple[FunnelSpec, ...] = (
    FunnelSpec("rate", "Complaint cases per 1,000 employees", "2020/21", "rate", "rate_funnel"),
    FunnelSpec("informal", "Share of allegations finalised informally (outside Schedule 3)", "2020/21", "share",
               "informal_share_funnel"),
    FunnelSpec("sch3", "Share of complaint cases finalised under Schedule 3", "2024/25", "share",
               "sch3_share_funnel"),
    FunnelSpec("reviews", "Share of IOPC reviews (not investigated) finding the outcome not reasonable", "2024/25",
               "share", "reviews_funnel"),
)


def position_phrase(band: str | None, direction: str | None) -> str:
    """A funnel band in words: ``within the expected range``, ``above the expected range (95%)``, ..."""
    if band is None or (isinstance(band, float) and np.isnan(band)):
        return "no figure"
    if band == "within 95%":
        return "within the expected range"
    strength = "well " if band == "beyond 99.8%" else ""
    return f"{strength}{'above' if direction == 'above' else 'below'} the expected range"


def funnel_positions(force: str) -> pd.DataFrame:
    """Where the force sits in each funnel plot of the national notebooks.

    One row per :data:`FUNNELS` entry.  Columns: ``key, measure, period,
    forces`` (points in the funnel), ``target`` (England and Wales), ``value``
    (the force; NaN if absent), ``observed, size, z, band, direction,
    overdispersed, band_used, direction_used`` (the band against the limits
    the chart draws: adjusted for over-dispersion when it is significant),
    ``position`` (in words), ``status`` and ``small`` (a share out of fewer
    than :data:`analysis.stats.SMALL_N`, or a count below
    :data:`analysis.stats.SMALL_COUNT`: too few for the position to mean much).
    """
    from analysis.stats import SMALL_COUNT, SMALL_N

    name = profile_force(force).name
    rows = []
    for spec in FUNNELS:
        f = getattr(cmp, spec.build)()
        points = f.points.set_index("force")
        row = {"key": spec.key, "measure": spec.label, "period": spec.period, "kind": spec.kind,
               "forces": len(points), "target": f.target, "overdispersed": f.overdispersed}
        if name in points.index:
            p = points.loc[name]
            band_used = p["band_adjusted"] if f.overdispersed else p["band"]
            direction_used = p["direction_adjusted"] if f.overdispersed else p["direction"]
            row.update(value=p["value"], observed=p["observed"], size=p["size"], z=p["z"], band=p["band"],
                       direction=p["direction"], band_used=band_used, direction_used=direction_used,
                       position=position_phrase(band_used, direction_used), status=p["status"],
                       small=bool(p["size"] < SMALL_N) if spec.kind == "share" else bool(p["observed"] < SMALL_COUNT))
        else:
            row.update(value=np.nan, observed=np.nan, size=np.nan, z=np.nan, band=None, direction=None,
                       band_used=None, direction_used=None, position="no figure", status="", small=False)
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


def funnels_for_reading(force: str) -> pd.DataFrame:
    """:func:`funnel_positions` as text: ``Measure, Period, Force, England and Wales, Position, Limits``."""
    table = funnel_positions(force)
    name = profile_force(force).name
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


# --------------------------------------------------------------------------
# Outcomes, categories, timeliness, PEEL, Home Office
# --------------------------------------------------------------------------
def force_outcome_proportions(force: str) -> pd.DataFrame:
    """:func:`analysis.complaints.proportions_summary` for the force (always with the interval columns)."""
    name = profile_force(force).name
    table = cpl.proportions_summary(name)
    columns = ["finding", "publisher", "period", "k", "n", "status", "proportion", "ci_low", "ci_high", "small_n"]
    return table.reindex(columns=columns) if table.empty else table[columns]


def outcomes_for_reading(force: str) -> pd.DataFrame:
    """:func:`force_outcome_proportions` as text, with 95% Wilson intervals."""
    t = force_outcome_proportions(force)
    return pd.DataFrame({
        "Finding": t.finding, "Publisher": t.publisher, "Period": t.period,
        "Count": [f"{k:,.0f} of {n:,.0f}" for k, n in zip(t.k, t.n)],
        "Share (95% interval)": [f"{p:.1%} ({lo:.1%} to {hi:.1%})" for p, lo, hi in
                                 zip(t.proportion, t.ci_low, t.ci_high)],
        "Small numbers": ["yes" if s else "" for s in t.small_n],
        "Status": t.status,
    })


def force_category_mix(force: str) -> dict:
    """:func:`analysis.comparisons.category_mix` for the force (2024/25)."""
    return cmp.category_mix(profile_force(force).name)


def category_mix_for_reading(result: dict) -> pd.DataFrame:
    """The known categories of a :func:`force_category_mix` result as text (empty when none)."""
    if result["kind"] == "chi-square":
        t = result["test"].table
        return pd.DataFrame({
            "Category": t.category, "Allegations": [f"{v:,.0f}" for v in t.observed],
            "Share": [f"{v:.1%}" for v in t.observed_share],
            "Other forces' share": [f"{v:.1%}" for v in t.reference_share],
            "Adjusted residual": [f"{v:+.1f}" for v in t.adjusted_residual],
        })
    if result["kind"] == "two-proportion" and len(result["table"]):
        t = result["table"]
        return pd.DataFrame({
            "Category": t.category, "Allegations": [f"{k:,.0f} of {n:,.0f}" for k, n in zip(t.k, t.n)],
            "Share": [f"{v:.1%}" for v in t.share],
            "Other forces' share": [f"{v:.1%}" for v in t.reference_share],
            "Difference (95% interval)": [f"{d:+.1%} ({lo:+.1%} to {hi:+.1%})" for d, lo, hi in
                                          zip(t.difference, t.ci_low, t.ci_high)],
            "p-value": [f"{p:.2g}" for p in t.p_value],
        })
    return pd.DataFrame(columns=["Category"])


def timeliness(force: str) -> pd.DataFrame:
    """2024/25 cases finalised and average days, the force beside England and Wales.

    Rows: the force (if published) and England and Wales, from
    :func:`analysis.comparisons.finalised_2024_25`.
    """
    name = profile_force(force).name
    table = cmp.finalised_2024_25()
    return table[table.force.isin([name, ENGLAND_AND_WALES])].sort_values(
        "force", key=lambda s: s == ENGLAND_AND_WALES, kind="stable").reset_index(drop=True)


def timeliness_caveats() -> dict:
    """What a reader must know before quoting the 2024/25 days-to-finalise table, computed from it.

    ``statuses`` (the statuses of the table's figures), ``all_uncertain``, ``note`` (the most common
    transcription note: why they are uncertain), ``forces`` (force rows), ``includes_btp`` and
    ``total_is_sum`` (the England and Wales row equals the sum of the force rows, British Transport Police
    included).  The unit (calendar or working days) is not stated in the published text, so it is unconfirmed.
    """
    obs = load_observations(with_sources=False)
    sel = obs[obs.dataset == cmp.DS_2024_FINALISED]
    table = cmp.finalised_2024_25().set_index("force")
    forces = table.drop(index=ENGLAND_AND_WALES)
    national = table.loc[ENGLAND_AND_WALES]
    return {"statuses": sorted(set(sel.status)), "all_uncertain": bool((sel.status == "uncertain").all()),
            "note": str(sel.note.value_counts().index[0]), "forces": len(forces),
            "includes_btp": "British Transport Police" in forces.index,
            "total_is_sum": bool(forces.outside.sum() == national.outside and forces.sch3.sum() == national.sch3)}


def peel_grade(force: str) -> dict | None:
    """The force's HMICFRS PEEL 2018/19 legitimacy grade (``grade, status, note, source_id``), or None."""
    name = profile_force(force).name
    grades = load_peel_grades()
    sel = grades[(grades.force == name) & (grades.question == "Legitimacy")]
    if sel.empty:
        return None
    return sel.iloc[0][["grade", "status", "note", "source_id"]].to_dict()


def peel_grade_counts() -> pd.Series:
    """How many forces received each PEEL 2018/19 legitimacy grade."""
    grades = load_peel_grades()
    return grades[grades.question == "Legitimacy"].grade.value_counts()


def peel_rate_grade_counts() -> pd.Series:
    """Forces with both a 2020/21 complaint rate and a PEEL 2018/19 legitimacy grade, by grade (the PEEL chart)."""
    table = cmp.peel_and_rates()
    return table[table.grade.notna() & (table.grade != "Not found")].grade.value_counts()


HOME_OFFICE_DATASETS = ("home_office_misconduct_2020_21", "home_office_misconduct_later_years")


def home_office_figures(force: str, note_width: int | None = NOTE_WIDTH) -> pd.DataFrame:
    """The force's Home Office misconduct figures (any year), as transcribed.

    Columns: ``Period, Measure, Category, Value, Unit, Status, Note`` (cut to
    ``note_width`` characters; None: in full) and ``Source``.
    """
    name = profile_force(force).name
    obs = load_observations(with_sources=False)
    sel = obs[obs.dataset.isin(HOME_OFFICE_DATASETS) & (obs.force == name)].sort_values(
        ["period", "raw_file", "raw_row"], kind="stable")
    return pd.DataFrame({
        "Period": sel.period, "Measure": sel.measure.str.replace("_", " ").str.capitalize(),
        "Category": sel.category.replace("all", ""), "Value": [f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"
                                                                 for v in sel.value],
        "Unit": sel.unit, "Status": sel.status,
        "Note": [short(n, note_width) if note_width is not None else n for n in sel.note], "Source": sel.source_id,
    }).reset_index(drop=True)


