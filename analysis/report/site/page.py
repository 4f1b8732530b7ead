"""A reader's page for one force, rendered from the profile's tables through the project's Jinja2 template.

:func:`force_page_context` gathers what the page shows, in order: the top
lines, what you can and can't say, questions to put to the force, the
sections with their tables and charts (in order of news value: sections where
the force stands out from the other forces first), and the missing data last.
:func:`render_force_page` renders ``templates/force.html.j2`` with autoescape
on, so every text that comes from the data is escaped.  The charts are not
drawn here: the caller passes the manifest rows of the charts it exported
(:func:`analysis.charts.export.export`), and the page links to their files.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis.data.glossary import load_glossary
from analysis.data.sources import load_sources
from analysis.report.force import CHART_SECTIONS, chart_names, skipped_charts
from analysis.report.site.story import (
    COVID_CAVEAT,
    GLOSSARY_HREF,
    RIGHT_OF_REPLY,
    can_and_cannot_say,
    questions_for_force,
    stands_out,
    top_lines,
)
from analysis.report.teaching_glossary import glossary_term_link
from analysis.tables.force import funnel_positions, funnels_for_reading, profile_force, rates_for_reading
from analysis.tables.force_coverage import coverage_table, flagged_figures, force_data_coverage
from analysis.tables.force_findings import (
    category_mix_for_reading,
    force_category_mix,
    home_office_figures,
    outcomes_for_reading,
    peel_grade,
    timeliness,
)
from analysis.tables.measures import NotAvailableError
from analysis.tables.trend import force_trend

__all__ = [
    "ISSUES_URL",
    "PACKAGE",
    "SECTIONS",
    "GLOSSARY_TERMS",
    "TERMS",
    "frame_table",
    "force_page_context",
    "page_footer",
    "page_terms",
    "render_force_page",
    "template_environment",
]

TEMPLATES = Path(__file__).with_name("templates")
PACKAGE = "police-complaints-analysis"
#: The ``[project.urls]`` entry of ``pyproject.toml`` that names where a reader reports an error.
ISSUES_URL = "Issues"

#: The page's sections: id, title and the CHART_SECTIONS keys whose charts they show, in default order.
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("rates", "Complaint rates, 2020/21", ("rates",)),
    ("funnels", "Where the force sits among forces", ("funnels",)),
    ("trend", "Every figure we hold, newest first", ()),
    ("timeliness", "How long complaints took, 2024/25", ("timeliness",)),
    ("outcomes", "How complaints were handled, and what came of them", ("outcomes",)),
    ("categories", "What the complaints were about, 2024/25", ("categories",)),
    ("peel", "Inspection grade (HMICFRS PEEL legitimacy, 2018/19)", ("peel",)),
    ("home-office", "Home Office misconduct figures quoted for the force", ()),
)

#: Jargon on the page, by glossary slug (``data/registers/glossary.csv``): the page shows the term and the first
#: sentence of its definition, linked to the full entry in the glossary.
GLOSSARY_TERMS: tuple[str, ...] = (
    "complaint-case", "allegation", "schedule-3", "outside-schedule-3", "finalised", "iopc-review", "funnel-plot",
    "confidence-interval", "poisson-exact-interval", "over-dispersion", "peel", "published-figure",
    "derived-figure",
)
#: Jargon of this page only (not in the glossary): slug, term, meaning.
TERMS: tuple[tuple[str, str, str], ...] = (
    ("status", "Published, derived, uncertain", "Published: copied as printed. Derived: computed from published "
                                                "figures. Uncertain: ambiguous wording, conflicting sources, or an "
                                                "unclear year or unit."),
    ("small-numbers", "Small numbers", "A share out of fewer than 30 cases, or a count below 10: too few for a "
                                       "comparison to mean much."),
)


def _first_sentence(text: str) -> str:
    head, dot, _rest = text.partition(". ")
    return head + "." if dot else text


def page_terms() -> list[dict]:
    """The page's "Terms used" list: ``slug, term, meaning, href`` (``href`` into the glossary, or ``None``)."""
    glossary = load_glossary().set_index("slug")
    out = [{"slug": slug, "term": glossary.at[slug, "term"],
            "meaning": _first_sentence(glossary.at[slug, "definition"]),
            "href": glossary_term_link(slug, GLOSSARY_HREF)} for slug in GLOSSARY_TERMS]
    return out + [{"slug": s, "term": t, "meaning": m, "href": None} for s, t, m in TERMS]


@lru_cache(maxsize=1)
def template_environment():
    """The Jinja2 environment of the project's templates, autoescape on for every template."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False,
                              keep_trailing_newline=True)


def frame_table(frame: pd.DataFrame, caption: str = "", numeric: tuple[str, ...] = ()) -> dict:
    """A DataFrame as the template's table: ``caption, columns, numeric`` (right-aligned columns), ``rows``.

    Cells are text; a cell may be a ``{"text", "url"}`` mapping for a link.
    """
    columns = [str(c) for c in frame.columns]
    rows = [[v if isinstance(v, dict) else ("" if pd.isna(v) else str(v)) for v in row]
            for row in frame.itertuples(index=False)]
    return {"caption": caption, "columns": columns, "numeric": [c in numeric for c in columns], "rows": rows}


def page_footer(depth: int = 2) -> dict:
    """Data vintage (newest publication date in the source register), package version, how to cite, where to
    report an error (the ``Issues`` URL of the package metadata, if any).  ``depth``: folders between the page
    and the repository root (``reports/<force>/``: 2)."""
    meta = metadata.metadata(PACKAGE)
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    version = meta["Version"]
    vintage = str(load_sources().published.max())
    return {"vintage": vintage, "package": PACKAGE, "version": version, "issues_url": urls.get(ISSUES_URL, ""),
            "citation_url": "../" * depth + "CITATION.cff",
            "cite": f"Police complaints analysis ({PACKAGE} {version}), data as published up to {vintage}"}


_UNITS = {"count": "", "per_1000_employees": " per 1,000 employees"}


def _trend_table(name: str) -> pd.DataFrame:
    """:func:`analysis.tables.trend.force_trend` for readers: year, what was counted, the figure, status, source."""
    try:
        trend = force_trend(name)
    except NotAvailableError:
        return pd.DataFrame()
    sources = load_sources().set_index("source_id")
    return pd.DataFrame({
        "Year": trend.period,
        "What was counted": [d.partition(": ")[0] if ": " in d else d for d in trend.definition],
        "Figure": [f"{v:,.0f}{_UNITS.get(u, ' ' + u.replace('_', ' '))}" for v, u in zip(trend.value, trend.unit)],
        "Status": trend.status,
        "Source": [{"text": f"{sources.at[sid, 'publisher']}: {sources.at[sid, 'title']}",
                    "url": sources.at[sid, "url"]} if sid in sources.index else {"text": "", "url": ""}
                   for sid in (str(i).split(";")[0] for i in trend.source_id)],
        "Note": [n.strip() + (f" {COVID_CAVEAT}." if p == "2020/21" else "") for n, p in zip(trend.note,
                                                                                        trend.period)],
    })


def _timeliness_table(name: str) -> pd.DataFrame:
    t = timeliness(name)
    return pd.DataFrame({
        "Area": t.force,
        "Cases finalised": [f"{v:,.0f}" for v in t.total],
        "Informal (outside Schedule 3)": [f"{v:,.0f}" for v in t.outside],
        "Average days, informal": [f"{v:,.0f}" for v in t.days_outside],
        "Formal (Schedule 3)": [f"{v:,.0f} ({s:.0%})" for v, s in zip(t.sch3, t.sch3_share)],
        "Average days, formal": [f"{v:,.0f}" for v in t.days_sch3_inc],
        "Status": t.status,
    })


def _plain_category_table(mix: dict, reading: pd.DataFrame) -> pd.DataFrame:
    """The category table without test statistics: whether each difference is clear, in words."""
    if "p-value" in reading.columns:
        reading = reading.drop(columns="p-value")
        reading["Clearly different?"] = ["yes (p < 0.05)" if p < 0.05 else "no" for p in mix["table"].p_value]
    if "Adjusted residual" in reading.columns:
        res = mix["test"].table.adjusted_residual
        reading = reading.drop(columns="Adjusted residual")
        reading["Against other forces"] = ["clearly more" if r > 2 else "clearly fewer" if r < -2 else
                                           "not clearly different" for r in res]
    return reading


def _home_office_table(name: str) -> pd.DataFrame:
    table = home_office_figures(name)
    urls = load_sources().set_index("source_id")
    table["Source"] = [{"text": urls.at[s, "publisher"], "url": urls.at[s, "url"]} for s in table.Source]
    return table


def _chart_rows(manifest: pd.DataFrame | None, names: list[str]) -> list[dict]:
    if manifest is None or manifest.empty:
        return []
    rows = manifest.set_index("name")
    out = []
    for n in names:
        if n in rows.index:
            r = rows.loc[n]
            out.append({"name": n, "title": r.title, "alt": r.alt, "notes": r.notes, "height": int(r.get(
                "height", 480) or 480), **{k: f"figures/{r[k]}" if r[k] else "" for k in ("png", "svg", "pdf",
                                                                                         "csv")}})
    return out


def _section(name: str, key: str, title: str, chart_keys: tuple[str, ...], manifest, skipped: dict) -> dict:
    drawn = set(chart_names(name))
    in_section = [c for k in chart_keys for c in CHART_SECTIONS.get(k, ())]
    section = {"id": key, "title": title, "paragraphs": [], "caveats": [], "tables": [],
               "charts": _chart_rows(manifest, [c for c in in_section if c in drawn]),
               "no_charts": [f"No chart of {c.replace('-', ' ')} for {name}: {skipped[c]}." for c in in_section
                             if c in skipped]}
    if key == "rates":
        section["caveats"].append(COVID_CAVEAT + ".")
        rates = rates_for_reading(name)
        if len(rates):
            section["tables"].append(frame_table(rates, "Complaint cases logged per 1,000 employees, per 1,000 "
                                                        "officers and per 100,000 people, 2020/21"))
    elif key == "funnels":
        section["tables"].append(frame_table(funnels_for_reading(name), "Position in each funnel plot",
                                             numeric=("Forces in the plot",)))
    elif key == "timeliness":
        section["caveats"].append("Every figure in this table is uncertain: the table's year is inferred from where "
                                  "it is printed, and it does not say whether days are calendar or working days. "
                                  "Averages only: a few very long cases can raise them.")
        section["tables"].append(frame_table(_timeliness_table(name), "Complaint cases finalised, 2024/25",
                                             numeric=("Cases finalised", "Informal (outside Schedule 3)",
                                                      "Average days, informal", "Formal (Schedule 3)",
                                                      "Average days, formal")))
    elif key == "outcomes":
        outcomes = outcomes_for_reading(name)
        if len(outcomes):
            if (outcomes.Period == "2020/21").any():
                section["caveats"].append(COVID_CAVEAT + ".")
            section["tables"].append(frame_table(outcomes, "Shares with 95% intervals (compare within a row, not "
                                                           "across rows: different years, publishers and units)"))
        else:
            section["paragraphs"].append([{"text": f"No outcome proportion is published for {name}."}])
    elif key == "categories":
        mix = force_category_mix(name)
        reading = _plain_category_table(mix, category_mix_for_reading(mix))
        if len(reading):
            section["tables"].append(frame_table(reading, "Allegations by category, 2024/25, against the pooled "
                                                          "forces whose categories are all known"))
        else:
            why = force_data_coverage(name).set_index("dataset").at["iopc_2024_25_allegations_by_category", "why"]
            section["paragraphs"].append([{"text": f"No 2024/25 allegation category can be read for {name}. "
                                                   + (why or "Only the row total could be read.")}])
    elif key == "peel":
        grade = peel_grade(name)
        text = (f"No PEEL 2018/19 legitimacy grade for {name} is held here." if grade is None else
                f"{name}'s grade could not be read from the published report." if grade["grade"] == "Not found"
                else f"{name} was graded {grade['grade']} for legitimacy in 2018/19 (status: {grade['status']}). "
                     "A grade describes the force at inspection, in a different year from the complaint figures.")
        section["paragraphs"].append([{"text": text}])
    elif key == "trend":
        table = _trend_table(name)
        if len(table):
            section["paragraphs"].append([{"text": "Every headline figure the data hold for the force from 2020/21 "
                                                   "on, newest year first. Definitions differ between rows (cases "
                                                   "logged are not cases finalised), so compare a row with the same "
                                                   "row in another year, not with the row above it."}])
            section["tables"].append(frame_table(table, f"Headline figures for {name}, newest first",
                                                 numeric=("Figure",)))
        else:
            section["paragraphs"].append([{"text": f"No yearly headline figure for {name} is held here."}])
    elif key == "home-office":
        table = _home_office_table(name)
        if len(table):
            section["caveats"].append("The Home Office counts cases that required investigation, when they were "
                                      "finalised: not the IOPC's complaint cases. Do not compare the two series.")
            section["tables"].append(frame_table(table, "As quoted in the press, with their statuses",
                                                 numeric=("Value",)))
        else:
            why = force_data_coverage(name).set_index("dataset").at["home_office_misconduct_2020_21", "why"]
            section["paragraphs"].append([{"text": f"No Home Office misconduct figure for {name}. {why}"}])
    return section


def _news_value(name: str, section: dict) -> int:
    """2: the force stands out (a funnel position outside the range, not on small numbers) in the section;
    1: it has figures or a chart there; 0: nothing for the force."""
    keys = {"funnels": ("rate", "informal", "sch3", "reviews"), "rates": ("rate",), "timeliness": ("sch3",),
            "outcomes": ("informal",)}.get(section["id"], ())
    funnels = funnel_positions(name).set_index("key")
    if any(stands_out(funnels.loc[k]) and not funnels.at[k, "small"] for k in keys):
        return 2
    return int(bool(section["charts"] or section["tables"]))


def force_page_context(force: str, manifest: pd.DataFrame | None = None) -> dict:
    """Everything the force page shows (see the module doc); ``manifest``: the exported charts' manifest."""
    name = profile_force(force).name
    this = profile_force(force)
    skipped = skipped_charts(name)
    sections = [_section(name, key, title, charts, manifest, skipped) for key, title, charts in SECTIONS]
    sections.sort(key=lambda s: -_news_value(name, s))  # stable: the default order within a level
    can, cannot = can_and_cannot_say(name)
    coverage = force_data_coverage(name)
    have = coverage[coverage.has_figures]
    flagged = flagged_figures(name, note_width=None)
    where = (f"ONS police force area {this.geo_code}, {this.country}" + (f", {this.region} region" if this.region
                                                                          and this.region != this.country else "")
             if this.geo_code else f"{name} polices the railways; it has no police force area")
    return {
        "force": name, "where": where + ".",
        "top_lines": top_lines(name), "can_say": can, "cannot_say": cannot,
        "questions": questions_for_force(name), "right_of_reply": RIGHT_OF_REPLY,
        "sections": sections,
        "missing": {"summary": f"{name} has figures in {len(have)} of the {len(coverage)} datasets that hold "
                               f"figures for individual forces ({int(have.figures.sum()):,} figures). Where a "
                               "dataset has none, the last column says why.",
                    "table": frame_table(coverage_table(name).assign(**{
                        "Why none": list(coverage.why)}), "Data held for this force"),
                    "flagged": frame_table(flagged, "Notes as recorded when the figures were transcribed",
                                           numeric=("Figures",)) if len(flagged) else None},
        "terms": page_terms(),
        "footer": page_footer(),
    }


def render_force_page(force: str, manifest: pd.DataFrame | None = None) -> str:
    """The force's page as HTML (autoescaped)."""
    return template_environment().get_template("force.html.j2").render(**force_page_context(force, manifest))
