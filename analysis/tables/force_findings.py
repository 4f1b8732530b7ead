"""What one force's figures say beyond its rate: outcomes, allegation categories, timeliness, PEEL grade and the
Home Office misconduct figures quoted for it.

Every function takes a force name (any alias); the ``*_for_reading`` ones
return the same table as text for readers.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.forces import ENGLAND_AND_WALES, Force
from analysis.data.observations import load_observations
from analysis.data.reference import SEED as SEED_INSPECTION
from analysis.data.reference import load_peel_grades
from analysis.tables import comparisons as cmp
from analysis.tables import complaints as cpl
from analysis.tables.force import NOTE_WIDTH, profile_force, short
from analysis.tables.measures import NotAvailableError

__all__ = [
    "DAYS_TOLERANCE",
    "HOME_OFFICE_DATASETS",
    "PEEL_ROW",
    "days_comparison",
    "category_mix_for_reading",
    "force_category_mix",
    "force_outcome_proportions",
    "home_office_figures",
    "outcomes_for_reading",
    "peel_grade",
    "peel_grade_counts",
    "peel_rate_grade_counts",
    "timeliness",
    "timeliness_caveats",
]

#: The PEEL grade's row in the force's data-coverage table.
PEEL_ROW = f"HMICFRS {SEED_INSPECTION} legitimacy grade"


# --------------------------------------------------------------------------
# Outcomes, categories, timeliness, PEEL, Home Office
# --------------------------------------------------------------------------
def force_outcome_proportions(force: str | Force) -> pd.DataFrame:
    """:func:`analysis.complaints.proportions_summary` for the force (always with the interval columns; empty,
    for the page to say so, when the force has no proportion)."""
    columns = ["finding", "publisher", "period", "k", "n", "status", "proportion", "ci_low", "ci_high", "small_n"]
    try:
        table = cpl.proportions_summary(profile_force(force))
    except NotAvailableError:
        return pd.DataFrame(columns=columns)
    return table[columns]


def outcomes_for_reading(force: str | Force) -> pd.DataFrame:
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


def force_category_mix(force: str | Force) -> dict:
    """:func:`analysis.comparisons.category_mix` for the force (2024/25)."""
    return cmp.category_mix(profile_force(force))


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


def timeliness(force: str | Force) -> pd.DataFrame:
    """2024/25 cases finalised and average days, the force beside England and Wales.

    Rows: the force (if published) and England and Wales, from
    :func:`analysis.comparisons.finalised_2024_25`.
    """
    name = profile_force(force).name
    table = cmp.finalised_2024_25()
    return table[table.force.isin([name, ENGLAND_AND_WALES])].sort_values(
        "force", key=lambda s: s == ENGLAND_AND_WALES, kind="stable").reset_index(drop=True)


#: Average days to finalise within this fraction of England and Wales are "about the same": the table gives
#: averages only (no spread, unit unconfirmed), so a small gap cannot be told from noise or from counting rules.
DAYS_TOLERANCE = 0.10


def days_comparison(force_days: float, national_days: float) -> str:
    """``"longer than"``, ``"shorter than"`` or ``"about the same as"`` the national average (see
    :data:`DAYS_TOLERANCE`)."""
    if abs(force_days - national_days) <= DAYS_TOLERANCE * national_days:
        return "about the same as"
    return "longer than" if force_days > national_days else "shorter than"


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


def peel_grade(force: str | Force) -> dict | None:
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


def home_office_figures(force: str | Force, note_width: int | None = NOTE_WIDTH) -> pd.DataFrame:
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
