"""The site's front page: the 43 forces in a sortable table of headline measures, and a search box.

:func:`index_rows` computes the headline measures of every territorial force
from the same tables as the force pages; :func:`search_names` lists the names
a reader may type (the forces, every alias a publisher uses, the regions and,
when ``data/raw/places.csv`` exists, the places each force polices), embedded
in the page as JSON so the search works offline.  :func:`render_index_page`
renders ``templates/index.html.j2`` (autoescape on).
"""

from __future__ import annotations

import pandas as pd

from analysis.data.forces import ENGLAND_AND_WALES, load_force_aliases, load_forces, territorial_forces
from analysis.data.paths import raw_dir
from analysis.report.site.figures import headline_figures, headline_period
from analysis.report.site.names import display_name, force_notes
from analysis.report.site.page import page_footer, template_environment
from analysis.tables import comparisons as cmp
from analysis.tables.force import funnel_positions, slug

__all__ = ["INDEX_COLUMNS", "STAND_OUT_MEASURES", "index_columns", "index_rows", "render_index_page",
           "search_names", "standing_out"]

#: The index table's columns: (key, label, numeric); ``{period}`` is the newest full year (from the data).
INDEX_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("force", "Force", False),
    ("region", "Region", False),
    ("count", "Complaint cases finalised, {period}", True),
    ("per_officer", "Per 1,000 officers, {period}", True),
    ("per_population", "Per 100,000 people, {period}", True),
    ("sch3_share", "Handled formally (Schedule 3), {period}", True),
    ("sch3_position", "Formal share against other forces", False),
    ("days_sch3", "Average days to finalise a formal complaint, {period}", True),
)
#: The headline measures "What stands out" looks at, with how the index says them.
STAND_OUT_MEASURES: tuple[tuple[str, str], ...] = (
    ("per_officer", "per 1,000 officers"), ("per_population", "per 100,000 people"),
    ("sch3", "share handled formally, under Schedule 3"), ("reviews", "IOPC reviews finding the outcome not reasonable"),
)


def index_columns() -> list[dict]:
    """The table's columns with the newest full year filled in."""
    period = headline_period()
    return [{"key": k, "label": label.format(period=period), "numeric": n} for k, label, n in INDEX_COLUMNS]


def _value(figure: dict | None, fmt: str) -> dict:
    return _num(None if figure is None else figure["value"], fmt)


def index_rows() -> list[dict]:
    """One row per territorial force: each cell ``{"text", "sort"}`` (display text and sort key)."""
    regions = load_forces().set_index("force")
    rows = []
    for name in territorial_forces():
        h = headline_figures(name)
        position = funnel_positions(name).set_index("key").at["sch3", "position"]
        notes = force_notes(name, short=True)
        row = {
            "slug": slug(name),
            "force": {"text": display_name(name), "sort": name, "note": "; ".join(notes)},
            "region": {"text": regions.at[name, "region"] or regions.at[name, "country"],
                       "sort": regions.at[name, "region"] or regions.at[name, "country"]},
            "count": _value(h["count"], "{:,.0f}"),
            "per_officer": _value(h["per_officer"], "{:,.0f}"),
            "per_population": _value(h["per_population"], "{:,.0f}"),
            "sch3_share": _value(h["sch3"], "{:.0f}%"),
            "sch3_position": {"text": position, "sort": position},
            "days_sch3": _value(h["days"], "{:,.0f}"),
        }
        rows.append(row)
    return rows


def standing_out() -> list[dict]:
    """The forces outside the funnel limits on any headline measure of the newest full year: ``slug, force,
    what`` (one line per measure, e.g. "per 100,000 people: 238 against 147, higher than expected") and
    ``note`` (the force's own note, e.g. Action Fraud)."""
    out = []
    for name in territorial_forces():
        h = headline_figures(name)
        what = []
        for key, words in STAND_OUT_MEASURES:
            f = h[key]
            if f is None or not f["verdict"] or f["verdict"] == "within the range expected":
                continue
            fmt = "{:.0f}%" if f["unit"] == "percent" else "{:,.0f}"
            what.append(f"{words}: {fmt.format(f['value'])} against {fmt.format(f['national'])} for England and "
                        f"Wales, {f['verdict']}")
        if what:
            out.append({"slug": slug(name), "force": display_name(name), "what": what,
                        "note": " ".join(force_notes(name))})
    return out


def _num(value, fmt: str) -> dict:
    if value is None or pd.isna(value):
        return {"text": "no figure", "sort": ""}
    return {"text": fmt.format(value), "sort": f"{float(value):.6f}"}


def search_names() -> dict[str, str]:
    """Every name a reader may search for, lower-cased, mapped to the force's folder (slug)."""
    forces = set(territorial_forces())
    names: dict[str, str] = {}
    for name in sorted(forces):
        names[name.lower()] = slug(name)
        names.setdefault(display_name(name).lower(), slug(name))
    aliases = load_force_aliases()
    for alias, force in zip(aliases.alias, aliases.force):
        if force in forces:
            names.setdefault(alias.lower(), slug(force))
    places = raw_dir() / "places.csv"
    if places.exists():  # data-registers: place names and the force that polices them
        table = pd.read_csv(places, dtype=str, keep_default_na=False)
        place_col = "place" if "place" in table.columns else table.columns[0]
        for place, force in zip(table[place_col], table["force"]):
            if force in forces:
                names.setdefault(place.lower(), slug(force))
    return dict(sorted(names.items()))


def render_index_page() -> str:
    """The site's ``index.html`` (autoescaped; the search names embedded as JSON through Jinja's ``tojson``)."""
    period = headline_period()
    fin = cmp.finalised(period).set_index("force")
    national = fin.loc[ENGLAND_AND_WALES]
    return template_environment().get_template("index.html.j2").render(
        columns=index_columns(), period=period, stand_out=standing_out(),
        rows=index_rows(), n_forces=len(territorial_forces()),
        national={"finalised": f"{national.total:,.0f}", "sch3_share": f"{national.sch3_share:.0%}",
                  "days_sch3": f"{national.days_sch3_inc:,.0f}"},
        names=search_names(), has_places=(raw_dir() / "places.csv").exists(), footer=page_footer(depth=1))
