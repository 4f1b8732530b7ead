"""The force page links its jargon to the glossary, and every link lands on a term that exists."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from analysis.data.glossary import load_glossary
from analysis.pipeline import site
from analysis.report.site import page
from analysis.report.site import story as page_story
from analysis.report.teaching_glossary import glossary_html


class _Ids(HTMLParser):
    """Collects every ``id`` attribute and every ``href`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def _parse(text: str) -> _Ids:
    parser = _Ids()
    parser.feed(text)
    return parser


def test_every_glossary_link_on_the_staffordshire_page_lands_on_a_term():
    html = page.render_force_page("Staffordshire")
    links = [h for h in _parse(html).hrefs if h.startswith(page_story.GLOSSARY_HREF + "#")]
    anchors = {h.partition("#")[2] for h in links}
    # the terms list and the jargon in the top lines (Schedule 3) both link to the glossary
    assert {"schedule-3", "complaint-case", "allegation", "iopc-review", "funnel-plot", "confidence-interval",
            "over-dispersion", "peel"} <= anchors
    assert re.search(r'<a class="term" href="\.\./glossary\.html#schedule-3">Schedule 3</a>', html)
    missing = anchors - _parse(glossary_html()).ids
    assert not missing, f"glossary links with no term in glossary.html: {sorted(missing)}"
    assert all(h.count("#") == 1 and h.partition("#")[2] for h in links), links


def test_page_terms_take_their_words_from_the_glossary():
    glossary = load_glossary().set_index("slug")
    terms = {t["slug"]: t for t in page.page_terms()}
    assert terms["schedule-3"]["term"] == glossary.at["schedule-3", "term"]
    assert glossary.at["schedule-3", "definition"].startswith(terms["schedule-3"]["meaning"].rstrip("."))
    assert terms["small-numbers"]["href"] is None  # a term of this page only: explained in place


def test_site_writes_the_glossary_beside_the_index_deterministically(tmp_path):
    first = site.write_glossary(tmp_path).read_bytes()
    again = site.write_glossary(tmp_path).read_bytes()
    assert first == again
    assert (tmp_path / site.GLOSSARY_FILE).exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind
    ids = _parse(first.decode()).ids
    assert set(load_glossary().slug) <= ids
