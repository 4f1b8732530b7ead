"""Force profiles: the same analysis for any force, in one command.

``python -m analysis profile "West Yorkshire"`` (or ``make profile FORCE=...``)
executes ``notebooks/force-profile.ipynb`` with ``force`` set to that force
and writes, into ``reports/<slug>/`` (``slug`` as in ``west-yorkshire``):

- ``<slug>-profile.ipynb``: the executed notebook, code and outputs;
- ``index.html``: a standalone page for readers (images embedded, code cells
  hidden: the notebook next to it has the code);
- ``figures/``: the force's charts through the project's one export path
  (PNG, SVG, PDF, CSV, alt text, ``index.csv`` manifest, ``README.md``);
- ``key-figures.csv``: the numbers printed at the end of the profile.

``python -m analysis profiles`` (``make profiles``) does it for all 43
territorial forces in parallel.  Every byte is deterministic.

Speed.  Starting a kernel and importing the library costs more than one
profile's analysis, so each worker process starts **one** kernel and runs its
forces in it one after another, resetting the kernel's namespace
(``InteractiveShell.reset(new_session=True)``: variables, output history and
execution counter) before each force.  Imported modules stay loaded, which is
the point; the caches that survive (the library's validated raw data, and the
national tables memoised by :func:`analysis.memo.memoise`) are the same for every force.
The outputs are the same as a fresh kernel's (a test runs Staffordshire after
two other forces and compares it with the committed notebook).  The kernel
imports the library while it waits for its first force, and the charts the
notebook drew are exported from the same kernel, so they are not built twice.
Run ``benchmarks/run.py`` to see where the time goes: drawing and exporting
the charts is most of it.

The first half of this module holds what the notebook shows (tables and
values for one force, computed from the library, nothing typed in); the
second half runs the notebook.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import sys
import time
import traceback
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .datasets import DATASETS
from .errors import UnknownForceError
from .forces import ENGLAND_AND_WALES, Force, resolve, territorial_forces
from .memo import memoise
from .observations import load_observations
from .paths import NOTEBOOKS, REPORTS, relative
from .reference import load_peel_grades

PROFILE_NOTEBOOK: Path = NOTEBOOKS / "force-profile.ipynb"
FIGURES_DIR = "figures"
KEY_FIGURES_FILE = "key-figures.csv"
HTML_FILE = "index.html"
_STATUS_ORDER = {"published": 0, "derived": 1, "uncertain": 2}


def _cpl():
    """:mod:`analysis.complaints`, imported on first use (a worker process that only drives kernels never
    needs it, and it pulls in scipy and statsmodels)."""
    from . import complaints

    return complaints


def _cmp():
    """:mod:`analysis.comparisons`, imported on first use (see :func:`_cpl`)."""
    from . import comparisons

    return comparisons


class NotProfiledError(UnknownForceError):
    """A known name that is not a police force (England and Wales): no profile."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.suggestions = []
        KeyError.__init__(self, message)


class ProfileError(RuntimeError):
    """One or more profiles failed to run (the message names them)."""


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
    parts = [f"{counts[s]:,} {s}" for s in _STATUS_ORDER if counts.get(s)]
    return ", ".join(parts)


def data_coverage(force: str) -> pd.DataFrame:
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
                     **{s: int(counts.get(s, 0)) for s in _STATUS_ORDER},
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
                 **{s: int(has and grade["status"] == s) for s in _STATUS_ORDER},
                 "has_figures": has, "statuses": _status_text({grade["status"]: 1}) if has else "", "why": why})
    return pd.DataFrame(rows)


def coverage_table(force: str) -> pd.DataFrame:
    """:func:`data_coverage` for reading: ``Data, Producer, Period, Figures for this force`` (the reasons for
    missing data are in the ``why`` column of :func:`data_coverage`, printed in full by the notebook)."""
    table = data_coverage(force)
    shown = [f"{r.figures:,} ({r.statuses})" if r.has_figures else "none" for r in table.itertuples()]
    return pd.DataFrame({"Data": table.title, "Producer": table.producer, "Period": table.periods,
                         "Figures for this force": shown})


def _scope(dataset: str, obs: pd.DataFrame) -> str:
    """``national`` (England and Wales or regional totals only), ``one force`` (a document about a single
    force, with no national figure) or ``per force``."""
    from .datasets import dataset as lookup

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
    grouped = grouped.assign(_o=grouped.dataset.map(order), _s=grouped.status.map(_STATUS_ORDER)).sort_values(
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
    table = _cpl().complaint_rates().set_index("force")
    return table.loc[name] if name in table.index else None


def national_rate_row() -> pd.Series:
    """England and Wales' row of :func:`analysis.complaints.complaint_rates`."""
    return _cpl().complaint_rates().set_index("force").loc[ENGLAND_AND_WALES]


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
    for basis, (_per, label) in _cpl().BASES.items():
        rate, low, high, national = (row[f"rate_{basis}"], row[f"low_{basis}"], row[f"high_{basis}"],
                                     nat[f"rate_{basis}"])
        funnel = _cmp().rate_funnel("complaint_cases_logged", basis)
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
    from .stats import SMALL_COUNT, SMALL_N

    name = profile_force(force).name
    rows = []
    for spec in FUNNELS:
        f = getattr(_cmp(), spec.build)()
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
    in_table = set(obs.loc[obs.dataset == _cmp().DS_2024_REVIEWS, "force"]) - {ENGLAND_AND_WALES}
    reviews = _cmp().reviews_2024_25()
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
def outcome_proportions(force: str) -> pd.DataFrame:
    """:func:`analysis.complaints.proportions_summary` for the force (always with the interval columns)."""
    name = profile_force(force).name
    table = _cpl().proportions_summary(name)
    columns = ["finding", "publisher", "period", "k", "n", "status", "proportion", "ci_low", "ci_high", "small_n"]
    return table.reindex(columns=columns) if table.empty else table[columns]


def outcomes_for_reading(force: str) -> pd.DataFrame:
    """:func:`outcome_proportions` as text, with 95% Wilson intervals."""
    t = outcome_proportions(force)
    return pd.DataFrame({
        "Finding": t.finding, "Publisher": t.publisher, "Period": t.period,
        "Count": [f"{k:,.0f} of {n:,.0f}" for k, n in zip(t.k, t.n)],
        "Share (95% interval)": [f"{p:.1%} ({lo:.1%} to {hi:.1%})" for p, lo, hi in
                                 zip(t.proportion, t.ci_low, t.ci_high)],
        "Small numbers": ["yes" if s else "" for s in t.small_n],
        "Status": t.status,
    })


def category_mix(force: str) -> dict:
    """:func:`analysis.comparisons.category_mix` for the force (2024/25)."""
    return _cmp().category_mix(profile_force(force).name)


def category_mix_for_reading(result: dict) -> pd.DataFrame:
    """The known categories of a :func:`category_mix` result as text (empty when none)."""
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
    table = _cmp().finalised_2024_25()
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
    sel = obs[obs.dataset == _cmp().DS_2024_FINALISED]
    table = _cmp().finalised_2024_25().set_index("force")
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
    table = _cmp().peel_and_rates()
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


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------
#: Where each per-force chart appears in the profile; charts not listed go to a last section.
CHART_SECTIONS: dict[str, tuple[str, ...]] = {
    "rates": ("complaint-rates-intervals",),
    "funnels": ("complaint-rate-funnel", "informal-share-funnel", "sch3-share-2024-25-funnel",
                "iopc-reviews-2024-25-funnel"),
    "outcomes": ("outcomes-by-handling", "outcome-proportions"),
    "categories": ("allegation-category-mix",),
    "timeliness": ("days-to-finalise-2024-25",),
    "peel": ("peel-grade-and-complaint-rate",),
}


def _chart_skipped(name: str, force: str) -> str:
    """Why a per-force chart is not drawn for this force ("" when it is)."""
    if name == "outcome-proportions" and outcome_proportions(force).empty:
        return "no outcome proportion is published for this force, so the forest plot would be empty"
    return ""


def force_charts(force: str) -> dict:
    """Every per-force chart (:data:`analysis.charts.FORCE_CHARTS`) drawn with ``focus=force``.

    Returns ``{name: Chart}`` in registry order.  A chart with nothing to show
    for the force is left out (see :func:`skipped_charts`).
    """
    from . import charts

    charts._load_all()
    name = profile_force(force).name
    return {c: charts.REGISTRY[c](focus=name) for c in charts.FORCE_CHARTS if not _chart_skipped(c, name)}


def chart_names(force: str) -> list[str]:
    """Names of the per-force charts drawn for this force, in registry order."""
    from . import charts

    charts._load_all()
    name = profile_force(force).name
    return [c for c in charts.FORCE_CHARTS if not _chart_skipped(c, name)]


def show(chart) -> None:
    """Display a chart with its alt text in the output's metadata (the HTML page uses it)."""
    from IPython.display import display

    display(chart, metadata={"image/png": {"alt": chart.alt}})


def skipped_charts(force: str) -> dict[str, str]:
    """Per-force charts not drawn for this force, with the reason."""
    from . import charts

    charts._load_all()
    name = profile_force(force).name
    reasons = {c: _chart_skipped(c, name) for c in charts.FORCE_CHARTS}
    return {c: r for c, r in reasons.items() if r}


def section_charts(drawn: dict, section: str) -> list:
    """The drawn charts of one :data:`CHART_SECTIONS` section (``"other"``: every chart not in a section)."""
    if section == "other":
        placed = {n for names in CHART_SECTIONS.values() for n in names}
        return [c for n, c in drawn.items() if n not in placed]
    return [drawn[n] for n in CHART_SECTIONS[section] if n in drawn]


# --------------------------------------------------------------------------
# Key figures
# --------------------------------------------------------------------------
def _ids(*ids: Iterable[str]) -> str:
    return ";".join(sorted({i for group in ids for i in group if i}))


def key_figures(force: str) -> list[dict]:
    """The profile's headline numbers (``key, value, unit, source_ids``), only those the data hold."""
    name = profile_force(force).name
    obs = load_observations(with_sources=False)
    out: list[dict] = []
    coverage = data_coverage(name)
    out.append({"key": "datasets_with_figures", "value": int(coverage.has_figures.sum()), "unit": "datasets",
                "source_ids": ""})
    out.append({"key": "datasets_without_figures", "value": int((~coverage.has_figures).sum()), "unit": "datasets",
                "source_ids": ""})
    row = rate_row(name)
    if row is not None:
        den = obs[obs.dataset.isin(["workforce_2021", "population_mid2020"]) & (obs.force == name)].source_id
        src = _ids([row["source_id"]], den)
        out += [
            {"key": "cases_logged_2020_21", "value": int(row["value"]), "unit": "complaint cases",
             "source_ids": row["source_id"]},
            {"key": "cases_per_1000_employees", "value": round(float(row["rate_employees"]), 1),
             "unit": "per 1,000 employees", "source_ids": src},
            {"key": "cases_per_1000_officers", "value": round(float(row["rate_officers"]), 1),
             "unit": "per 1,000 officers", "source_ids": src},
            {"key": "cases_per_100k_population", "value": round(float(row["rate_population"]), 1),
             "unit": "per 100,000 people", "source_ids": src},
        ]
    nat = national_rate_row()
    nat_den = obs[(obs.dataset == "workforce_2021") & (obs.force == ENGLAND_AND_WALES)].source_id
    out.append({"key": "england_wales_cases_per_1000_employees", "value": round(float(nat["rate_employees"]), 1),
                "unit": "per 1,000 employees", "source_ids": _ids([nat["source_id"]], nat_den)})
    hand = _cpl().finalised_by_handling()
    informal = hand[(hand.force == name) & (hand.handling == "Outside Schedule 3")]
    if len(informal):
        picks = [_cpl().pick("allegations_finalised", h) for h in hand.handling.unique()]
        src = _ids(*[p.loc[p.force == name, "source_id"] for p in picks])
        out.append({"key": "informal_share_2020_21_pct", "value": round(100 * float(informal.iloc[0].proportion), 1),
                    "unit": "percent", "source_ids": src})
    fin = _cmp().finalised_2024_25().set_index("force")
    src_2024 = _ids(obs[obs.dataset == _cmp().DS_2024_FINALISED].source_id)
    if name in fin.index:
        f = fin.loc[name]
        out += [
            {"key": "cases_finalised_2024_25", "value": int(f.total), "unit": "complaint cases",
             "source_ids": src_2024},
            {"key": "sch3_share_2024_25_pct", "value": round(100 * float(f.sch3_share), 1), "unit": "percent",
             "source_ids": src_2024},
        ]
        if pd.notna(f.days_sch3_inc):
            out.append({"key": "days_sch3_2024_25", "value": float(f.days_sch3_inc), "unit": "days",
                        "source_ids": src_2024})
    out.append({"key": "england_wales_days_sch3_2024_25", "value": float(fin.at[ENGLAND_AND_WALES, "days_sch3_inc"]),
                "unit": "days", "source_ids": src_2024})
    reviews = _cmp().reviews_2024_25()
    rv = reviews[(reviews.force == name) & (reviews.route == "Not investigated")]
    if len(rv):
        out.append({"key": "reviews_not_reasonable_2024_25_pct", "value": round(100 * float(rv.iloc[0].proportion), 1),
                    "unit": "percent", "source_ids": _ids(obs[obs.dataset == _cmp().DS_2024_REVIEWS].source_id)})
    return out


def key_figures_table(force: str) -> pd.DataFrame:
    """:func:`key_figures` as a DataFrame: ``key, value, unit, source_ids``."""
    return pd.DataFrame(key_figures(force), columns=["key", "value", "unit", "source_ids"])


def show_key_figures(force: str) -> None:
    """Print the key figures as plain text (the profile's last cell; stable for nbval)."""
    frame = key_figures_table(force)
    frame["value"] = [f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}" for v in frame["value"]]
    print(f"Key figures: {profile_force(force).name}")
    print(frame[["key", "value", "unit"]].to_string(index=False))


# --------------------------------------------------------------------------
# Files written next to the executed notebook (called inside the kernel)
# --------------------------------------------------------------------------
#: Image formats of a profile's charts: PNG and SVG (the PDF would double the export time of 43 profiles).
PROFILE_FORMATS = ("png", "svg")


def export_outputs(force: str, out_dir: Path | str, drawn: dict | None = None) -> None:
    """Write ``figures/`` (through :meth:`analysis.charts.Chart.export`) and ``key-figures.csv``.

    ``drawn`` are the charts the notebook displayed (built again if None).
    The figures folder is emptied first so no chart from an earlier run stays.
    """
    from .build import write_csv

    out_dir = Path(out_dir)
    figures_dir = out_dir / FIGURES_DIR
    if figures_dir.exists():
        shutil.rmtree(figures_dir)
    for chart in (drawn if drawn is not None else force_charts(force)).values():
        chart.export(out_dir=figures_dir, formats=PROFILE_FORMATS)
    write_csv(key_figures_table(force), out_dir / KEY_FIGURES_FILE)


# --------------------------------------------------------------------------
# Running the notebook
# --------------------------------------------------------------------------
_WARM_UP = "import analysis.profiles, analysis.charts\nanalysis.charts._load_all()"


def _kernel_code_reset() -> str:
    return "get_ipython().reset(new_session=True)"


def _kernel_code_export(force: str, out_dir: Path) -> str:
    return ("from analysis.profiles import export_outputs as _export_outputs\n"
            f"_export_outputs({force!r}, {str(out_dir)!r}, globals().get('profile_charts'))")


class KernelSession:
    """One kernel that runs profile after profile (see the module doc).

    Use as a context manager; :meth:`run` executes the notebook for one force
    and writes its folder.  A kernel that dies is replaced for the next force.
    """

    def __init__(self, notebook: Path | str | None = None) -> None:
        self.notebook = Path(notebook) if notebook is not None else PROFILE_NOTEBOOK
        self.client = None
        self.language_info: dict | None = None
        self._exporter = None

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        import nbformat
        from nbclient import NotebookClient

        from .notebooks import KERNEL, TIMEOUT

        cwd = str(self.notebook.parent)
        client = NotebookClient(nbformat.v4.new_notebook(), timeout=TIMEOUT, kernel_name=KERNEL,
                                record_timing=False, resources={"metadata": {"path": cwd}})
        client.km = client.create_kernel_manager()
        client.start_new_kernel(cwd=cwd)
        client.start_new_kernel_client()
        reply = client.wait_for_reply(client.kc.kernel_info())
        self.language_info = reply["content"]["language_info"]
        self.client = client
        # Let the kernel import the library while this process loads nbconvert; the reply and
        # messages of this silent request are ignored (nbclient matches replies to its own requests).
        client.kc.execute(_WARM_UP, silent=True, store_history=False)
        self._html_exporter()

    def close(self) -> None:
        """Shut the kernel down."""
        if self.client is not None and self.client.km is not None:
            self.client._cleanup_kernel()
        self.client = None

    def _silent(self, code: str) -> None:
        import nbformat

        cell = nbformat.v4.new_code_cell(code)
        saved, self.client.nb = self.client.nb, nbformat.v4.new_notebook(cells=[cell])
        try:
            self.client.execute_cell(cell, 0, store_history=False)
        finally:
            self.client.nb = saved

    def execute(self, nb, after: str = "") -> None:
        """Execute ``nb`` in place in a freshly reset namespace, then run ``after`` (not recorded)."""
        from jupyter_core.utils import run_sync

        if self.client is None or not run_sync(self.client.km.is_alive)():
            self.close()
            self._start()
        client = self.client
        client.nb = nb
        client.reset_execution_trackers()
        self._silent(_kernel_code_reset())
        nb.metadata["language_info"] = dict(self.language_info)
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        client.set_widgets_metadata()
        if after:
            self._silent(after)

    def run(self, force: str, out_root: Path = REPORTS) -> Path:
        """Profile one force into ``out_root/<slug>/``; returns the path of ``index.html``."""
        import nbformat

        from .notebooks import inject_parameters, scrub

        name = profile_force(force).name
        out_dir = Path(out_root) / slug(name)
        out_dir.mkdir(parents=True, exist_ok=True)
        nb = nbformat.read(self.notebook, as_version=4)
        inject_parameters(nb, {"force": name})
        for cell in nb.cells:  # a stable id, so the notebook validates and its bytes do not change
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell["id"] = "injected-parameters"
        self.execute(nb, after=_kernel_code_export(name, out_dir.resolve()))
        scrub(nb)
        nbformat.write(nb, out_dir / f"{slug(name)}-profile.ipynb")
        html = out_dir / HTML_FILE
        html.write_text(self.html(nb, name), encoding="utf-8")
        return html

    def _html_exporter(self):
        if self._exporter is None:
            import logging

            from nbconvert import HTMLExporter

            self._exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                                          exclude_output_prompt=True)
            # nbconvert warns about, and fills in, images without alt text; add_alt_text puts the charts' own.
            self._exporter.log = logging.getLogger("analysis.profiles.html")
            self._exporter.log.setLevel(logging.ERROR)
        return self._exporter

    def html(self, nb, name: str) -> str:
        """The standalone page: prose and outputs only (no code), images embedded with their alt text."""
        body, _ = self._html_exporter().from_notebook_node(
            nb, resources={"metadata": {"name": f"{name}: police complaints and misconduct profile"}})
        return add_alt_text(body, nb)


_NO_ALT = 'alt="No description has been provided for this image"'


def add_alt_text(body: str, nb) -> str:
    """Put each chart's alt text (output metadata, see :func:`show`) on its ``<img>`` in the HTML page."""
    import html

    alts = [o.get("metadata", {}).get("image/png", {}).get("alt", "") for cell in nb.cells
            for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    if body.count(_NO_ALT) != len(alts):
        raise ValueError(f"expected {len(alts)} images without alt text in the HTML page, found "
                         f"{body.count(_NO_ALT)}")
    texts = iter(alts)
    return re.sub(re.escape(_NO_ALT), lambda _: f'alt="{html.escape(next(texts), quote=True)}"', body)


def run_many(forces: Sequence[str], out_root: Path = REPORTS, notebook: Path | None = None) -> list[Path]:
    """Profile several forces one after another in one kernel (tests use this)."""
    with KernelSession(notebook) as session:
        return [session.run(f, out_root) for f in forces]


def run_profile(force: str, out_root: Path = REPORTS) -> Path:
    """Profile one force (any alias) into ``out_root/<slug>/``; returns the path of its ``index.html``.

    Raises :class:`~analysis.errors.UnknownForceError` with suggestions for an
    unknown name, before any kernel starts.
    """
    profile_force(force)
    return run_many([force], out_root)[0]


# --- parallel run ----------------------------------------------------------
_SESSION: KernelSession | None = None


def _worker_init(notebook: str) -> None:
    global _SESSION
    from multiprocessing import util

    _SESSION = KernelSession(notebook)
    util.Finalize(_SESSION, _SESSION.close, exitpriority=10)


def _worker_run(force: str, out_root: str) -> tuple[str, str, float, str]:
    start = time.perf_counter()
    try:
        path = _SESSION.run(force, Path(out_root))
        return force, str(path), time.perf_counter() - start, ""
    except Exception as exc:  # reported by the parent, which fails the run
        return force, "", time.perf_counter() - start, _describe(exc)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or "".join(traceback.format_exception_only(type(exc), exc)).strip()
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # the kernel's traceback is coloured
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines[-12:])


def default_jobs() -> int:
    """Cores available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_all(jobs: int | None = None, out_root: Path = REPORTS, forces: Sequence[str] | None = None,
            notebook: Path | None = None) -> list[Path]:
    """Profile every territorial force (or ``forces``) in parallel; returns the ``index.html`` paths.

    ``jobs`` worker processes (default: the cores available), each with its own
    kernel running its forces one after another.  One line per finished force
    goes to stderr.  Raises :class:`ProfileError` naming every force that
    failed (after running the rest), so the command exits non-zero.
    ``notebook`` replaces the profile notebook (tests use a broken one).
    """
    names = [profile_force(f).name for f in (forces if forces is not None else territorial_forces())]
    jobs = max(1, min(jobs or default_jobs(), len(names)))
    start = time.perf_counter()
    results: dict[str, str] = {}
    failures: dict[str, str] = {}
    print(f"profiling {len(names)} forces with {jobs} worker{'s' if jobs > 1 else ''} into "
          f"{relative(Path(out_root))}/", file=sys.stderr, flush=True)
    width = max(len(n) for n in names)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init,
                             initargs=(str(notebook or PROFILE_NOTEBOOK),)) as pool:
        futures = [pool.submit(_worker_run, name, str(out_root)) for name in names]
        for done, future in enumerate(as_completed(futures), start=1):
            force, path, seconds, error = future.result()
            mark = "ok  " if not error else "FAIL"
            print(f"[{done:>{len(str(len(names)))}}/{len(names)}] {mark} {force:<{width}} {seconds:5.1f} s"
                  f"   elapsed {time.perf_counter() - start:6.1f} s", file=sys.stderr, flush=True)
            if error:
                failures[force] = error
            else:
                results[force] = path
    elapsed = time.perf_counter() - start
    if failures:
        for force, error in failures.items():
            print(f"\n--- {force} failed:\n{error}", file=sys.stderr)
        raise ProfileError(f"{len(failures)} of {len(names)} profiles failed: {', '.join(sorted(failures))}")
    print(f"done: {len(names)} profiles in {elapsed:.1f} s", file=sys.stderr, flush=True)
    return [Path(results[n]) for n in names]
