"""The register of raw data files: what each holds and how to read it.

Each figure file in ``data/raw/`` is listed here once.  *Long* files have one
row per figure (``measure``, ``category``, ``value``, ``unit`` columns).  *Wide*
files reproduce a published table with one row per force (or per category);
their value columns are declared here with the measure and unit they hold, and
the build melts them into the same long shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DATASETS", "Dataset", "LONG_COLUMNS", "REFERENCE_FILES", "ValueColumn", "WORKER_TYPES", "dataset"]

LONG_COLUMNS = ("source_id", "period", "force", "measure", "category", "value", "unit", "status", "note")


@dataclass(frozen=True)
class ValueColumn:
    """A numeric column of a wide table: the measure, its unit and category."""

    measure: str
    unit: str
    category: str = "all"


@dataclass(frozen=True)
class Dataset:
    """One raw figure file.

    ``geography`` is ``force`` (names resolved through the force register) or
    ``region`` (Home Office regions, kept as published with no code).
    """

    name: str
    file: str
    title: str
    producer: str
    form: str = "long"
    columns: dict[str, ValueColumn] = field(default_factory=dict)
    has_category: bool = False
    has_geo_code: bool = False
    geography: str = "force"

    def required_columns(self) -> tuple[str, ...]:
        if self.form == "long":
            return LONG_COLUMNS
        ids = ["source_id", "period", "force"]
        if self.has_geo_code:
            ids.append("geo_code")
        if self.has_category:
            ids.append("category")
        return (*ids, *self.columns, "status", "note")


#: Column prefix in the workforce tables -> category label in the observations.
WORKER_TYPES = {
    "officers": "Police officers",
    "staff": "Police staff",
    "designated_officers": "Designated officers",
    "pcsos": "PCSOs",
    "total_workforce": "Total workforce",
    "special_constables": "Special constables",
}


def _count(measure: str, category: str = "all") -> ValueColumn:
    return ValueColumn(measure, "count", category)


def _days(measure: str, category: str = "all") -> ValueColumn:
    return ValueColumn(measure, "days", category)


def _pct(measure: str, category: str = "all") -> ValueColumn:
    return ValueColumn(measure, "percent", category)


DATASETS: tuple[Dataset, ...] = (
    Dataset("iopc_2020_21_national", "iopc_complaints_2020_21_national.csv",
            "Police complaints 2020/21, England and Wales totals", "IOPC"),
    Dataset("iopc_2020_21_forces", "iopc_complaints_2020_21_forces.csv",
            "Police complaints 2020/21, per force (as reported in the press)", "IOPC"),
    Dataset("iopc_national_later_years", "iopc_complaints_national_later_years.csv",
            "Police complaints 2021/22 to 2024/25, England and Wales headlines", "IOPC"),
    Dataset("iopc_forces_later_years", "iopc_complaints_forces_later_years.csv",
            "Police complaints after 2020/21, per force (partial)", "IOPC"),
    Dataset("iopc_2024_25_cases_finalised", "iopc_2024_25_cases_finalised_by_force.csv",
            "Complaint cases finalised and days taken, per force, 2024/25", "IOPC", form="wide",
            columns={
                "finalised_outside_sch3": _count("complaint_cases_finalised", "Outside Schedule 3"),
                "avg_days_outside_sch3": _days("days_to_finalise", "Outside Schedule 3"),
                "finalised_under_sch3": _count("complaint_cases_finalised", "Schedule 3"),
                "avg_days_under_sch3_inc_suspension": _days(
                    "days_to_finalise", "Schedule 3 (including suspension)"),
                "avg_days_under_sch3_exc_suspension": _days(
                    "days_to_finalise", "Schedule 3 (excluding suspension)"),
            }),
    Dataset("iopc_2024_25_reviews", "iopc_2024_25_reviews_by_force.csv",
            "Outcome of reviews completed by the IOPC, per force, 2024/25 (Table 27)", "IOPC", form="wide",
            columns={
                "reviews_not_investigated_valid_completed": _count("reviews_completed_valid", "Not investigated"),
                "reviews_not_investigated_not_reasonable": _count(
                    "reviews_outcome_not_reasonable", "Not investigated"),
                "reviews_not_investigated_not_reasonable_pct": _pct(
                    "reviews_outcome_not_reasonable_share", "Not investigated"),
                "reviews_investigation_valid_completed": _count("reviews_completed_valid", "Investigation"),
                "reviews_investigation_not_reasonable": _count("reviews_outcome_not_reasonable", "Investigation"),
                "reviews_investigation_not_reasonable_pct": _pct(
                    "reviews_outcome_not_reasonable_share", "Investigation"),
            }),
    Dataset("iopc_2024_25_allegations_by_category", "iopc_2024_25_allegations_by_category_by_force.csv",
            "Allegations logged by category, per force, 2024/25 (Table 6, uniquely determined cells)", "IOPC"),
    Dataset("iopc_2024_25_sch3_subcategory", "iopc_2024_25_sch3_allegations_by_subcategory.csv",
            "Schedule 3 allegations finalised by sub-category and handling, 2024/25 (Table 18)", "IOPC",
            form="wide", has_category=True,
            columns={
                "not_investigated": _count("sch3_allegations_finalised_not_investigated"),
                "not_investigated_pct": _pct("sch3_allegations_finalised_not_investigated_share"),
                "investigated": _count("sch3_allegations_finalised_investigated"),
                "investigated_pct": _pct("sch3_allegations_finalised_investigated_share"),
                "total": _count("sch3_allegations_finalised"),
            }),
    Dataset("iopc_2024_25_national", "iopc_2024_25_national_totals.csv",
            "Police complaints 2024/25, England and Wales totals", "IOPC"),
    Dataset("iopc_2024_25_forces_extra", "iopc_2024_25_forces_extra.csv",
            "Police complaints 2024/25, further per-force figures (press)", "IOPC"),
    Dataset("force_complaint_statements", "force_complaint_statements.csv",
            "Complaint counts stated by forces or PCCs (not the IOPC series)", "Police forces and PCCs"),
    Dataset("home_office_misconduct_2020_21", "home_office_misconduct_ye_2021.csv",
            "Police misconduct, year ending 31 March 2021", "Home Office"),
    Dataset("home_office_misconduct_2020_21_regions", "home_office_misconduct_ye_2021_regions.csv",
            "Police misconduct, year ending 31 March 2021, regional totals", "Home Office", geography="region"),
    Dataset("home_office_misconduct_later_years", "home_office_misconduct_later_years.csv",
            "Police misconduct, years ending March 2022 to 2024", "Home Office"),
    Dataset("pa_foi_sexual_assault", "pa_foi_sexual_assault_2016_2020.csv",
            "Sexual assault allegations against serving officers 2016-2020 (PA FOI survey)", "PA Media"),
    Dataset("avon_somerset_foi_sexual_misconduct", "avon_somerset_foi_sexual_misconduct_2017_2020.csv",
            "Sexual misconduct complaints and conduct matters 2017-2020 (FOI 337/21)",
            "Avon and Somerset Constabulary"),
    Dataset("met_casey_review", "met_casey_review_2022.csv",
            "Internal misconduct in the Met, 2013/14-2021/22 (Casey review, interim report)", "Baroness Casey"),
    Dataset("peel_2018_19_staffordshire", "peel_2018_19_staffordshire_findings.csv",
            "PEEL 2018/19 legitimacy: Staffordshire findings with numbers", "HMICFRS"),
    Dataset("workforce_2021", "workforce_2021_03_31.csv",
            "Police workforce at 31 March 2021, per force", "Home Office", form="wide", has_geo_code=True,
            columns={
                f"{prefix}_{basis}": ValueColumn("workforce", "fte" if basis == "fte" else "people", label)
                for prefix, label in WORKER_TYPES.items() for basis in ("fte", "headcount")
                if not (prefix == "special_constables" and basis == "fte")
            }),
    Dataset("officers_fte_other_dates", "officers_fte_other_dates.csv",
            "Police officers (FTE) at other dates, per force", "Home Office", form="wide", has_geo_code=True,
            columns={"officers_fte": ValueColumn("workforce", "fte", WORKER_TYPES["officers"])}),
    Dataset("workforce_headlines", "workforce_btp_and_headlines.csv",
            "Police workforce: published headlines and British Transport Police", "Home Office"),
    Dataset("population_mid2020", "population_mid2020.csv",
            "Population of police force areas, mid-2020", "ONS", form="wide", has_geo_code=True,
            columns={"population": ValueColumn("population", "people")}),
    Dataset("officers_fte_2025", "officers_fte_2025_03_31.csv",
            "Police officers (FTE) at 31 March 2025, per force", "Home Office", form="wide", has_geo_code=True,
            columns={"officers_fte": ValueColumn("workforce", "fte", WORKER_TYPES["officers"])}),
    Dataset("workforce_headlines_2025", "workforce_headlines_2025.csv",
            "Police workforce at 31 March 2025, England and Wales headlines", "Home Office"),
    Dataset("population_mid2024", "population_mid2024.csv",
            "Population of police force areas, mid-2024", "ONS", form="wide", has_geo_code=True,
            columns={"population": ValueColumn("population", "people")}),
    Dataset("population_mid2019", "population_mid2019.csv",
            "Population of police force areas, mid-2019", "ONS", form="wide", has_geo_code=True,
            columns={"population": ValueColumn("population", "people")}),
)

#: Reference tables (text, not figures), validated by their own readers.
REFERENCE_FILES = (
    "sources.csv",
    "forces.csv",
    "force_aliases.csv",
    "peel_2018_19_grades.csv",
    "peel_2017_legitimacy_grades.csv",
    "met_foi_023255_request.csv",
    "counting_units.csv",
    "places.csv",
)


def dataset(name: str) -> Dataset:
    """The registered dataset called ``name``."""
    for ds in DATASETS:
        if ds.name == name:
            return ds
    raise KeyError(f"no dataset {name!r}; known: {[d.name for d in DATASETS]}")
