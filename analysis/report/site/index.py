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
from analysis.report.site.page import page_footer, template_environment
from analysis.tables import comparisons as cmp
from analysis.tables import complaints as cpl
from analysis.tables.force import funnel_positions, slug

__all__ = ["INDEX_COLUMNS", "index_rows", "render_index_page", "search_names"]

#: The index table's columns: (key, label, numeric).
INDEX_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("force", "Force", False),
    ("region", "Region", False),
    ("finalised", "Complaint cases finalised, 2024/25", True),
    ("sch3_share", "Handled formally (Schedule 3), 2024/25", True),
    ("sch3_position", "Formal share against other forces", False),
    ("days_sch3", "Average days to finalise a formal complaint, 2024/25", True),
    ("rate_2020_21", "Complaint cases per 1,000 employees, 2020/21", True),
)


def index_rows() -> list[dict]:
    """One row per territorial force: each cell ``{"text", "sort"}`` (display text and sort key)."""
    fin = cmp.finalised_2024_25().set_index("force")
    rates = cpl.complaint_rates().set_index("force")
    regions = load_forces().set_index("force")
    rows = []
    for name in territorial_forces():
        f = fin.loc[name] if name in fin.index else None
        position = funnel_positions(name).set_index("key").at["sch3", "position"]
        rate = rates.at[name, "rate_employees"] if name in rates.index else None
        row = {
            "slug": slug(name),
            "force": {"text": name, "sort": name},
            "region": {"text": regions.at[name, "region"] or regions.at[name, "country"],
                       "sort": regions.at[name, "region"] or regions.at[name, "country"]},
            "finalised": _num(None if f is None else f.total, "{:,.0f}"),
            "sch3_share": _num(None if f is None else f.sch3_share, "{:.0%}"),
            "sch3_position": {"text": position, "sort": position},
            "days_sch3": _num(None if f is None else f.days_sch3_inc, "{:,.0f}"),
            "rate_2020_21": _num(rate, "{:,.0f}"),
        }
        rows.append(row)
    return rows


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
    fin = cmp.finalised_2024_25().set_index("force")
    national = fin.loc[ENGLAND_AND_WALES]
    return template_environment().get_template("index.html.j2").render(
        columns=[{"key": k, "label": label, "numeric": n} for k, label, n in INDEX_COLUMNS],
        rows=index_rows(), n_forces=len(territorial_forces()),
        national={"finalised": f"{national.total:,.0f}", "sch3_share": f"{national.sch3_share:.0%}",
                  "days_sch3": f"{national.days_sch3_inc:,.0f}"},
        names=search_names(), has_places=(raw_dir() / "places.csv").exists(), footer=page_footer(depth=1))
