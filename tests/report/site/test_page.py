"""The reader's page: top lines with sources, escaping of every text from the data, tables for readers, the index."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser

import pytest

from analysis.data.forces import territorial_forces
from analysis.data.paths import using_raw_dir
from analysis.data.sources import load_sources
from analysis.report.force import KEY_FIGURE_COLUMNS, key_figures_table
from analysis.report.site import index as page_index
from analysis.report.site import page
from analysis.report.site import story as page_story
from analysis.report.site.names import citation
from analysis.tables.force import funnel_positions, rate_row

REPORTER_FORCES = ("South Wales", "Dyfed-Powys", "Surrey", "Metropolitan Police")


class _Links(HTMLParser):
    """Collects ``<a class="source">`` hrefs, scripts and event-handler attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []
        self.scripts = 0
        self.handlers: list[str] = []
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "source" in (attrs.get("class") or "").split():
            self.sources.append(attrs["href"])
        if tag == "script":
            self.scripts += 1
        if tag == "img":
            self.images.append(attrs)
        self.handlers += [k for k in attrs if k.startswith("on")]


def _cite_urls() -> set[str]:
    """Every URL a page may link a figure to: the citable document of each source."""
    return {citation(sid)["url"] for sid in load_sources().source_id}


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("force", REPORTER_FORCES)
def test_top_lines_every_number_links_to_its_source(force):
    lines = page_story.top_lines(force)
    assert 3 <= len(lines) <= 6
    urls = _cite_urls()
    for line in lines:
        text = "".join(p.get("text", "") for p in line)
        assert not re.search(r"\d", text.replace("2020/21", "").replace("2024/25", "").replace("COVID-19", "")
                             .replace("2020", "").replace("2002", "")), f"a number outside a figure piece: {text}"
        for piece in (p for p in line if "fig" in p):
            assert piece["period"] and piece["status"] and piece["sources"], piece
            assert all(s["url"] in urls for s in piece["sources"])


@pytest.mark.slow
def test_earlier_year_trends_never_set_a_quarter_against_a_whole_year():
    # Surrey once read "went from 2,117 (2022/23) to 673 (2024/25 Q1)": a fall that is only a shorter period.
    full_year = re.compile(r"^\d{4}/\d{2}$")
    seen = 0
    for force in territorial_forces():
        for line in page_story.earlier_years(force):
            if "complaint cases logged" not in "".join(p.get("text", "") for p in line):
                continue
            periods = [p["period"] for p in line if "fig" in p]
            assert len(periods) == 2 and all(full_year.match(p) for p in periods), (force, periods)
            assert periods[0] < periods[1], (force, periods)
            seen += 1
    assert seen >= 1


@pytest.mark.parametrize("force", REPORTER_FORCES)
def test_page_order_and_source_links(force):
    html = page.render_force_page(force)
    order = [html.index(f'id="{s}"') for s in ("top-lines", "say", "questions")]
    sections = [html.index(f'<section id="{key}"') for key, _title, _charts in page.SECTIONS]
    assert order == sorted(order) and order[-1] < min(sections) and max(sections) < html.index('id="missing"')
    links = _parse(html)
    assert links.sources and set(links.sources) <= _cite_urls()
    assert not [u for u in links.sources if "node?page=" in u], "a link to a listing page, not a document"
    assert links.scripts == 0 and not links.handlers
    assert "What you can say" in html and "What you can't say" in html and "Right of reply" in html
    assert "package version" not in html and "version " + page.page_footer()["version"] in html


def test_covid_caveat_said_once_in_earlier_years():
    assert rate_row("Staffordshire") is not None
    context = page.force_page_context("Staffordshire")
    earlier = [s for s in context["sections"] if s["id"] == "earlier"][0]
    assert any(p.get("period") == "2020/21" for line in earlier["paragraphs"] for p in line)
    assert earlier["caveats"] == [page.COVID_CAVEAT + "."]
    html = page.render_force_page("Staffordshire")
    assert html.count("COVID-19") == 1
    assert not any(p.get("period") == "2020/21" for line in context["top_lines"] for p in line)


def test_sections_ordered_by_news_value():
    """The newest year's charts lead; South Wales's formal-handling share is well above the range: the sections
    that show it come next; earlier years come last."""
    context = page.force_page_context("South Wales")
    assert page_story.stands_out(funnel_positions("South Wales").set_index("key").loc["sch3"])
    ids = [s["id"] for s in context["sections"]]
    assert ids[0] == "newest" and ids[1] in ("funnels", "timeliness") and ids[-1] == "earlier"


@pytest.mark.slow
def test_text_from_the_data_is_escaped(raw_copy):
    """A note and a source title holding HTML reach the page as text, never as markup."""
    evil_note = '<script>alert("note")</script><img src=x onerror="alert(1)">'
    path = raw_copy / "iopc_complaints_2020_21_forces.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    header = rows[0]
    hit = next(i for i, r in enumerate(rows) if r[header.index("force")] == "Staffordshire"
               and r[header.index("measure")] == "complaint_cases_logged")
    rows[hit][header.index("status")] = "uncertain"
    rows[hit][header.index("note")] = evil_note
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    sources = raw_copy / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace(",Stoke Sentinel", ',<img src=x onerror="alert(2)">Stoke Sentinel', 1),
                       encoding="utf-8")
    with using_raw_dir(raw_copy):
        assert "<img" in load_sources().publisher.str.cat()
        html = page.render_force_page("Staffordshire")
    parsed = _parse(html)
    assert parsed.scripts == 0 and not parsed.handlers and not parsed.images
    assert "&lt;script&gt;alert(&#34;note&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html


def test_tables_are_formatted_for_readers():
    context = page.force_page_context("Staffordshire")
    cells = [c for s in context["sections"] for t in s["tables"] for row in t["rows"] for c in row
             if isinstance(c, str)]
    assert cells
    assert not [c for c in cells if re.fullmatch(r"-?\d+\.\d{3,}", c)], "unrounded numbers in a table"
    assert not [c for s in context["sections"] for t in s["tables"] for c in t["columns"] if "_" in c]
    assert any(re.search(r"\d,\d{3}", c) for c in cells)  # thousands separators


def test_key_figures_for_copy_carry_period_status_interval_and_url():
    table = key_figures_table("Dyfed-Powys")
    assert list(table.columns) == KEY_FIGURE_COLUMNS
    assert (table.period != "").all() and table.status.isin(["published", "derived", "uncertain"]).all()
    reviews = table.set_index("key").loc["reviews_not_reasonable_2024_25_pct"]
    assert reviews.n == 9 and reviews.low < reviews.value < reviews.high
    urls = set(load_sources().url)
    assert all(u in urls for cell in table.source_url for u in cell.split())


def test_index_lists_every_force_and_searches_aliases():
    rows = page_index.index_rows()
    assert len(rows) == len(territorial_forces()) == 43
    names = page_index.search_names()
    assert names["avon & somerset"] == "avon-and-somerset" and names["metropolitan police"] == "metropolitan-police"
    html = page_index.render_index_page()
    assert html.count('<tr data-slug="') == 43
    assert "http://" not in html.replace('href="http', "") and "cdn" not in html.lower()


def test_a_doubtful_figure_of_one_force_is_never_a_finding():
    # Cambridgeshire's 2020/21 figures come from a student paper and are marked uncertain (its informal share is
    # an assumed 0): the other forces' figures in those funnels are not, so nothing is claimed from them.
    positions = funnel_positions("Cambridgeshire").set_index("key")
    assert positions.at["informal", "own_doubt"] and positions.at["rate", "own_doubt"]
    assert not positions.at["sch3", "own_doubt"]  # the 2024/25 table is uncertain for every force alike
    lines = ["".join(p.get("text", "") + p.get("fig", "") for p in line)
             for line in page_story.top_lines("Cambridgeshire") + page_story.earlier_years("Cambridgeshire")]
    assert not any("informally" in line for line in lines)
    assert any("marked uncertain: confirm it with the force" in line for line in lines)
    can, cannot = page_story.can_and_cannot_say("Cambridgeshire")
    said = ["".join(p.get("text", "") for p in line) for line in can]
    unsaid = ["".join(p.get("text", "") for p in line) for line in cannot]
    assert not any("complaint rate" in line or "logged" in line for line in said)
    assert any("complaint rate per employee was lower than expected" in line for line in unsaid)


def test_questions_ask_only_about_what_stands_out_on_enough_numbers():
    for force in territorial_forces():
        positions = funnel_positions(force).set_index("key")
        text = " ".join("".join(p.get("text", "") for p in q) for q in page_story.questions_for_force(force))
        reviews = positions.loc["reviews"]
        asked = "reviews of complaints" in text
        assert asked == bool(page_story.claimable(reviews) and reviews.direction_used == "above"), force
        if asked:
            assert not reviews.small and "across England and Wales" in text
        assert "handled more complaints formally" not in text and "handled fewer complaints formally" not in text


def test_a_force_page_resolves_its_force_once_whatever_the_alias(monkeypatch):
    """Issue 17: the page turns the name into a Force at the door and passes the Force down."""
    import analysis.data.forces as forces
    from analysis.report.site.page import force_page_context

    force_page_context("Staffordshire")  # the tables are memoised: warm them so only look-ups are counted
    looked_up = []
    real = forces._lookup
    monkeypatch.setattr(forces, "_lookup", lambda name, places: looked_up.append(name) or real(name, places))
    context = force_page_context("Staffs")
    assert context["force"] == "Staffordshire"
    assert looked_up == ["Staffs"], f"the name was looked up {len(looked_up)} times"
