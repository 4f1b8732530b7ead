"""The words on the force pages, as a sub-editor would check them: force names as the forces write them, no
p-values, no snake_case or lower-cased acronyms, each caveat once, few long sentences repeated on every page, and
City of London's Action Fraud note wherever its figures appear."""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

import pytest

from analysis.report.site import index as page_index
from analysis.report.site import page
from analysis.report.site.names import display_name, possessive

#: Forces unlike each other: big, small, data-thin, Welsh, with and without a 2020/21 figure, City of London.
FORCES = ("Gwent", "Cumbria", "City of London", "West Midlands", "Dyfed-Powys", "Staffordshire", "Surrey",
          "Metropolitan Police")
#: Acronyms a page must write in capitals.
ACRONYMS = ("iopc", "peel", "ons", "hmicfrs", "pcc", "foi", "btp", "fte", "covid")
#: At most this many long sentences (20 words or more) may be identical on every page.
MAX_SHARED_LONG = 20


class _Text(HTMLParser):
    """The text a reader sees: no script, style or code."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


@lru_cache(maxsize=None)
def _page_text(force: str) -> str:
    return visible_text(page.render_force_page(force))


@pytest.mark.parametrize("force", FORCES)
def test_no_p_values_snake_case_or_lower_cased_acronyms(force):
    text = _page_text(force)
    assert not re.search(r"\bp\s*[=<]", text), "a p-value on the page"
    snake = re.findall(r"\b[a-z0-9]+_[a-z0-9_]+\b", text)
    assert not snake, f"snake_case in the page text: {sorted(set(snake))[:5]}"
    lower = [a for a in ACRONYMS if re.search(rf"\b{a}\b", text)]
    assert not lower, f"lower-cased acronyms: {lower}"


@pytest.mark.parametrize("force", FORCES)
def test_force_named_as_it_writes_its_name(force):
    text = _page_text(force)
    name = display_name(force)
    assert f"{name}: complaints and misconduct" in text
    assert f"{name} had" in text  # the first top line
    assert "West Midlands's" not in text and "Cumbria finalised" not in text


def test_display_names_register():
    assert display_name("Cumbria") == "Cumbria Constabulary"
    assert display_name("West Midlands") == "West Midlands Police"
    assert display_name("Metropolitan Police") == "Metropolitan Police Service"
    assert possessive("West Midlands") == "West Midlands Police's"
    assert page.plain_words("unit as formal_complaints (unclear)") == "unit as formal complaints (unclear)"


def test_city_of_london_names_action_fraud_wherever_its_figures_appear():
    assert "Action Fraud" in _page_text("City of London")
    row = [r for r in page_index.index_rows() if r["slug"] == "city-of-london"][0]
    assert "Action Fraud" in row["force"]["note"]
    standing = [s for s in page_index.standing_out() if s["slug"] == "city-of-london"]
    assert all("Action Fraud" in s["note"] for s in standing)
    assert "Action Fraud" not in _page_text("Gwent")


@pytest.mark.parametrize("force", FORCES)
def test_each_caveat_once_per_page(force):
    text = _page_text(force)
    for caveat in ("COVID-19", "Cases logged are not cases finalised", "a rank alone is not a verdict",
                   "Right of reply"):
        assert text.count(caveat) <= 1, (force, caveat)


def _long_sentences(text: str) -> set[str]:
    return {s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 20}


def test_few_long_sentences_are_shared_by_every_page():
    shared = set.intersection(*(_long_sentences(_page_text(f)) for f in FORCES))
    assert len(shared) <= MAX_SHARED_LONG, sorted(shared)


def test_home_office_section_says_what_it_counts():
    html = page.render_force_page("Staffordshire")
    assert "complaint allegations and conduct matters handled under the formal process" in html
    assert "cases that required investigation" not in html


def test_how_to_read_page_holds_the_site_wide_caveats():
    html = page.render_how_to_read_page()
    text = visible_text(html)
    assert "That complaints prove misconduct" in text and "A league table of forces" in text
    assert "a rank alone is not a verdict" in text
    assert "That complaints prove misconduct" not in _page_text("Gwent")
    assert 'href="../how-to-read.html"' in page.render_force_page("Gwent")
