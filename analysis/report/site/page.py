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

import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis.data.corrections import CORRECTIONS_FILE
from analysis.data.forces import Force
from analysis.data.glossary import load_glossary
from analysis.data.paths import DATA
from analysis.data.rawfiles import check_text, read_table
from analysis.data.reference import SEED as SEED_INSPECTION
from analysis.data.sources import load_sources
from analysis.data.vocabulary import STATUS_MEANINGS
from analysis.report.force import CHART_SECTIONS, PHONE_SUFFIX, chart_names, newest_chart_names, skipped_charts
from analysis.report.site.figures import RANK_CAVEAT, SMALL_BASE, headline_figures
from analysis.report.site.names import citation, display_name, possessive
from analysis.report.site.story import (
    COVID_CAVEAT,
    GLOSSARY_HREF,
    PEEL_PERIOD,
    RIGHT_OF_REPLY,
    SITE_CANNOT_SAY,
    can_and_cannot_say,
    earlier_years,
    newest_year,
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
from analysis.tables.measures import PERIOD, NotAvailableError
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
    "plain_words",
    "HOW_TO_READ_FILE",
    "render_force_page",
    "render_how_to_read_page",
    "template_environment",
]

TEMPLATES = Path(__file__).with_name("templates")
#: The site-wide caveats and terms, linked from every page (``reports/how-to-read.html``).
HOW_TO_READ_FILE = "how-to-read.html"
#: What each chart shows, in words, for the line that says a chart is not drawn.
CHART_LABELS_FILE = DATA / "registers" / "chart_labels.csv"
PACKAGE = "police-complaints-analysis"
#: The ``[project.urls]`` entry of ``pyproject.toml`` that names where a reader reports an error.
ISSUES_URL = "Issues"

#: The page's sections: id, title and the CHART_SECTIONS keys whose charts they show, in default order.
#: ``{force}`` is the force's display name; ``{period}`` (the newest full year of the headline figures),
#: ``{newest}`` (of the per-force cases-finalised table) and ``{categories}`` (of the allegation categories) are
#: years read from the data (:func:`_years`).
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("newest", "Where {force} sits among the forces, {period}", ("newest",)),
    ("funnels", "Every comparison with the other forces", ("funnels",)),
    ("trend", "Every figure we hold, newest first", ()),
    ("timeliness", "How long complaints took, {newest}", ("timeliness",)),
    ("outcomes", "How complaints were handled, and what came of them", ("outcomes",)),
    ("categories", "What the complaints were about, {categories}", ("categories",)),
    ("peel", "Inspection grade (HMICFRS PEEL legitimacy)", ("peel",)),
    ("home-office", "Home Office misconduct figures quoted for the force", ()),
    ("earlier", "Earlier years", ("rates",)),
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


def _years(force: Force) -> dict[str, str]:
    """The years the section titles name, from the data (and the force's display name)."""
    return {"force": display_name(force.name), "period": headline_figures(force)["period"], "newest": newest_year(),
            "categories": force_category_mix(force)["period"]}


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


_SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
#: "(was published; status_corrections.csv row 2)" in a corrected figure's note (:mod:`analysis.data.corrections`).
_CORRECTED = re.compile(rf"; {re.escape(CORRECTIONS_FILE)} row \d+\)")


def plain_words(text: str) -> str:
    """Text for readers: a snake_case token from the data (``formal_complaints`` in a transcription note) is
    written as words; file names (with a dot) are kept, except the status corrections' file and row, said in
    words."""
    text = _CORRECTED.sub(" before a correction recorded with the data)", text)
    return _SNAKE.sub(lambda m: m.group(0) if "." in text[m.end():m.end() + 1] else m.group(0).replace("_", " "),
                      text)


def frame_table(frame: pd.DataFrame, caption: str = "", numeric: tuple[str, ...] = ()) -> dict:
    """A DataFrame as the template's table: ``caption, columns, numeric`` (right-aligned columns), ``rows``.

    Cells are text; a cell may be a ``{"text", "url"}`` mapping for a link.
    """
    columns = [str(c) for c in frame.columns]
    rows = [[v if isinstance(v, dict) else ("" if pd.isna(v) else plain_words(str(v))) for v in row]
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
            "how_to_read": "../" * (depth - 1) + HOW_TO_READ_FILE,
            "cite": f"Police complaints analysis ({PACKAGE} {version}), data as published up to {vintage}"}


_UNITS = {"count": "", "per_1000_employees": " per 1,000 employees"}


def _trend_table(force: Force) -> pd.DataFrame:
    """:func:`analysis.tables.trend.force_trend` for readers: year, what was counted, the figure, status, source."""
    try:
        trend = force_trend(force)
    except NotAvailableError:
        return pd.DataFrame()
    return pd.DataFrame({
        "Year": trend.period,
        "What was counted": [d.partition(": ")[0] if ": " in d else d for d in trend.definition],
        "Figure": [f"{v:,.0f}{_UNITS.get(u, ' ' + u.replace('_', ' '))}" for v, u in zip(trend.value, trend.unit)],
        "Status": trend.status,
        "Source": [_cite_cell(sid) for sid in (str(i).split(";")[0] for i in trend.source_id)],
        "Note": [n.strip() for n in trend.note],
    })


def _cite_cell(source_id: str) -> dict:
    """A table cell linking to the citable document of a source (``{"text", "url"}``)."""
    if source_id not in set(load_sources().source_id):
        return {"text": "", "url": ""}
    c = citation(source_id)
    return {"text": c["label"], "url": c["url"]}


def _timeliness_table(force: Force) -> pd.DataFrame:
    t = timeliness(force)
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
        reading["Clearly different?"] = ["yes: more than chance would explain" if p < 0.05 else "no"
                                         for p in mix["table"].p_value]
    if "Adjusted residual" in reading.columns:
        res = mix["test"].table.adjusted_residual
        reading = reading.drop(columns="Adjusted residual")
        reading["Against other forces"] = ["clearly more" if r > 2 else "clearly fewer" if r < -2 else
                                           "not clearly different" for r in res]
    return reading


def _home_office_table(force: Force) -> pd.DataFrame:
    table = home_office_figures(force)
    table["Source"] = [_cite_cell(s) for s in table.Source]
    return table


def _chart_rows(manifest: pd.DataFrame | None, names: list[str], text_px: dict | None = None) -> list[dict]:
    """The template's charts: files, title, alt text, and (``text_px``: name -> ``{"desktop", "phone"}``, the
    smallest text in px at 1x) the phone variant drawn for a 390 px screen."""
    if manifest is None or manifest.empty:
        return []
    rows = manifest.set_index("name")
    text_px = text_px or {}
    out = []
    for n in names:
        if n in rows.index:
            r = rows.loc[n]
            px = text_px.get(n, {})
            out.append({"name": n, "title": r.title, "alt": r.alt, "notes": r.notes, "height": int(r.get(
                "height", 480) or 480), **{k: f"figures/{r[k]}" if r[k] else "" for k in ("png", "svg", "pdf",
                                                                                         "csv")},
                        "phone": f"figures/{n}{PHONE_SUFFIX}" if "phone" in px else "",
                        "text_px": px.get("desktop", ""), "phone_text_px": px.get("phone", "")})
    return out


@lru_cache(maxsize=1)
def _chart_labels() -> dict[str, str]:
    """chart name -> what it shows, in words (``data/registers/chart_labels.csv``)."""
    path = CHART_LABELS_FILE
    return {check_text(path, row, "chart"): check_text(path, row, "label")
            for row in read_table(path, ("chart", "label"))}


def _no_chart(name: str, chart: str, why: str) -> str:
    """"No funnel of ... for Cumbria Constabulary: <why>." (what the chart shows from ``chart_labels.csv``)."""
    label = _chart_labels().get(chart, "this chart")
    return f"No {label} for {display_name(name)}: {why}."


def _section(force: Force, key: str, title: str, chart_keys: tuple[str, ...], manifest, skipped: dict,
             text_px: dict | None = None) -> dict:
    name = force.name
    drawn = set(chart_names(force))
    in_section = list(newest_chart_names()) if key == "newest" else [c for k in chart_keys
                                                                       for c in CHART_SECTIONS.get(k, ())]
    section = {"id": key, "title": title, "paragraphs": [], "caveats": [], "tables": [],
               "charts": _chart_rows(manifest, [c for c in in_section if c in drawn], text_px),
               "no_charts": []}  # a chart not drawn is said once, in What is missing
    if key == "earlier":
        section["caveats"].append(COVID_CAVEAT + ".")
        section["paragraphs"].extend(earlier_years(force))
        rates = rates_for_reading(force)
        if len(rates):
            section["tables"].append(frame_table(rates, "Complaint cases logged per 1,000 employees, per 1,000 "
                                                        f"officers and per 100,000 people, {PERIOD}"))
    elif key == "funnels":
        section["tables"].append(frame_table(funnels_for_reading(force), "Position in each funnel plot",
                                             numeric=("Forces in the plot",)))
    elif key == "timeliness":
        section["caveats"].append("Every figure in this table is uncertain: the table's year is inferred from where "
                                  "it is printed, and it does not say whether days are calendar or working days. "
                                  "Averages only: a few very long cases can raise them.")
        section["tables"].append(frame_table(_timeliness_table(force), f"Complaint cases finalised, {newest_year()}",
                                             numeric=("Cases finalised", "Informal (outside Schedule 3)",
                                                      "Average days, informal", "Formal (Schedule 3)",
                                                      "Average days, formal")))
    elif key == "outcomes":
        outcomes = outcomes_for_reading(force)
        if len(outcomes):
            section["tables"].append(frame_table(outcomes, "Shares with 95% intervals (compare within a row, not "
                                                           "across rows: different years, publishers and units)"))
        else:
            section["paragraphs"].append([{"text": f"No outcome proportion is published for {display_name(name)}."}])
    elif key == "categories":
        mix = force_category_mix(force)
        reading = _plain_category_table(mix, category_mix_for_reading(mix))
        if len(reading):
            section["tables"].append(frame_table(reading, f"Allegations by category, {mix['period']}, against the "
                                                          "pooled forces whose categories are all known"))
        else:
            why = force_data_coverage(force).set_index("dataset").at["iopc_2024_25_allegations_by_category", "why"]
            section["paragraphs"].append([{"text": f"No {mix['period']} allegation category can be read for "
                                                   f"{display_name(name)}. "
                                                   + (why or "Only the row total could be read.")}])
    elif key == "peel":
        grade = peel_grade(force)
        text = (f"No {SEED_INSPECTION} legitimacy grade for {display_name(name)} is held here." if grade is None else
                f"{possessive(name)} grade could not be read from the published report."
                if grade["grade"] == "Not found"
                else f"{display_name(name)} was graded {grade['grade']} for legitimacy in {PEEL_PERIOD} (status: "
                     f"{grade['status']}). A grade describes the force at inspection, in a different year from the "
                     "complaint figures.")
        section["paragraphs"].append([{"text": text}])
    elif key == "trend":
        table = _trend_table(force)
        if len(table):
            section["paragraphs"].append([{"text": f"Every headline figure the data hold for the force from {PERIOD} "
                                                   "on, newest year first. Definitions differ between rows (cases "
                                                   "logged are not cases finalised), so compare a row with the same "
                                                   "row in another year, not with the row above it."}])
            section["tables"].append(frame_table(table, f"Headline figures for {display_name(name)}, newest first",
                                                 numeric=("Figure",)))
        else:
            section["paragraphs"].append([{"text": f"No yearly headline figure for {display_name(name)} is held here."}])
    elif key == "home-office":
        table = _home_office_table(force)
        if len(table):
            section["caveats"].append("The Home Office misconduct statistics count complaint allegations and conduct "
                                      f"matters handled under the formal process (Schedule 3 of the {_act()}) and "
                                      "finalised in the year, with their outcomes; the IOPC counts every complaint "
                                      "case and allegation logged or finalised, formal or not. Do not compare the "
                                      "two series.")
            section["tables"].append(frame_table(table, "As quoted in the press, with their statuses",
                                                 numeric=("Value",)))
        else:
            why = force_data_coverage(force).set_index("dataset").at["home_office_misconduct_2020_21", "why"]
            section["paragraphs"].append([{"text": f"No Home Office misconduct figure for {display_name(name)}. {why}"}])
    return section


def _act() -> str:
    """The law behind Schedule 3, named (with its year) as the glossary names it."""
    glossary = load_glossary()
    return next(t for s, t in zip(glossary.slug, glossary.term) if s.startswith("police-reform-act"))


def _news_value(force: Force, section: dict) -> int:
    """3: the newest year's charts (always first); 2: the force stands out (a funnel position outside the range,
    not on small numbers) in the section; 1: it has figures or a chart there; 0: nothing for the force.
    Earlier years come after every newer section that has figures."""
    if section["id"] == "newest":
        return 3
    if section["id"] == "earlier":
        return 0
    keys = {"funnels": ("rate", "informal", "sch3", "reviews"), "timeliness": ("sch3",),
            "outcomes": ("informal",)}.get(section["id"], ())
    funnels = funnel_positions(force).set_index("key")
    if any(stands_out(funnels.loc[k]) and not funnels.at[k, "small"] for k in keys):
        return 2
    return int(bool(section["charts"] or section["tables"]))


def force_page_context(force: str | Force, manifest: pd.DataFrame | None = None,
                       text_px: dict | None = None) -> dict:
    """Everything the force page shows (see the module doc); ``manifest``: the exported charts' manifest;
    ``text_px``: chart name -> smallest text in px (``desktop``, ``phone``) where a phone variant was drawn."""
    this = profile_force(force)  # resolved once: everything below takes the Force
    name = this.name
    skipped = skipped_charts(this)
    years = _years(this)
    sections = [_section(this, key, title.format(**years), charts, manifest, skipped, text_px)
                for key, title, charts in SECTIONS]
    sections.sort(key=lambda s: -_news_value(this, s))  # stable: the default order within a level
    can, cannot = can_and_cannot_say(this)
    coverage = force_data_coverage(this)
    have = coverage[coverage.has_figures]
    flagged = flagged_figures(this, note_width=None)
    where = (f"ONS police force area {this.geo_code}, {this.country}" + (f", {this.region} region" if this.region
                                                                          and this.region != this.country else "")
             if this.geo_code else f"{display_name(name)} polices the railways; it has no police force area")
    return {
        "force": name, "display_name": display_name(name), "where": where + ".", "period": years["period"],
        "top_lines": top_lines(this), "rank_caveat": RANK_CAVEAT, "can_say": can, "cannot_say": cannot,
        "questions": questions_for_force(this), "right_of_reply": RIGHT_OF_REPLY,
        "sections": sections,
        "missing": {"summary": f"{display_name(name)} has figures in {len(have)} of the {len(coverage)} datasets that hold "
                               f"figures for individual forces ({int(have.figures.sum()):,} figures). Where a "
                               "dataset has none, the last column says why.",
                    "table": frame_table(coverage_table(this).assign(**{
                        "Why none": list(coverage.why)}), "Data held for this force"),
                    "charts": [_no_chart(name, c, why) for c, why in skipped.items()],
                    "flagged": frame_table(flagged, "Notes as recorded when the figures were transcribed",
                                           numeric=("Figures",)) if len(flagged) else None},
        "terms": page_terms(),
        "footer": page_footer(),
    }


def render_force_page(force: str | Force, manifest: pd.DataFrame | None = None, text_px: dict | None = None) -> str:
    """The force's page as HTML (autoescaped)."""
    return template_environment().get_template("force.html.j2").render(
        **force_page_context(force, manifest, text_px))


def _about_figures() -> list[str]:
    """What every force page's figures mean: said once for the site, on the "How to read these pages" page."""
    return [
        "The top lines lead with the newest full year the data hold for the forces: the count, the rates per "
        "1,000 officers and per 100,000 people with their 95% intervals, England and Wales's rate, the funnel "
        "verdict and the rank.",
        "Complaint cases finalised are not cases logged: the per-force tables of the newest year count cases "
        "closed in the year, whenever they were logged, and are never set against counts of cases logged.",
        "Rates per officer use full-time equivalent officers at the end of the year; rates per head use the "
        "mid-year population. British Transport Police polices no area, so it has counts but no rates.",
        "A force is higher or lower than expected only when it lies outside the funnel's limits, widened for the "
        "normal variation between forces where the data show it, and only when an exact test supports it; much "
        "higher or much lower means beyond the outer limit: far more (or less) than chance would explain.",
        RANK_CAVEAT,
        "Intervals are 95% intervals: exact (Poisson) intervals for rates and Wilson intervals for shares.",
        f"A share out of fewer than {SMALL_BASE} cases is too few to rank or compare, and is not in the top lines.",
        "Every figure links to the document that prints it; where the figure was read from a copy of an official "
        "table (on GitHub, for example), the link says so and names the official table.",
    ]


def render_how_to_read_page() -> str:
    """``how-to-read.html``: the site-wide caveats, statuses and terms, once for every page."""
    return template_environment().get_template("how-to-read.html.j2").render(
        about_figures=_about_figures(), cannot_say=list(SITE_CANNOT_SAY), right_of_reply=RIGHT_OF_REPLY,
        statuses=[{"status": s.capitalize(), "meaning": m[0].upper() + m[1:] + "."}
                  for s, m in STATUS_MEANINGS.items()],
        terms=[dict(t, href=t["href"].replace("../", "", 1) if t["href"] else None) for t in page_terms()],
        footer=page_footer(depth=1))
