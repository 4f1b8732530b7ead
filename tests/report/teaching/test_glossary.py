"""Glossary pages: every term anchored, links resolve, text escaped, docs/glossary.md up to date."""

from __future__ import annotations

import re

import pytest

from analysis.data.glossary import load_glossary
from analysis.data.paths import ROOT
from analysis.report.teaching import glossary as G


def test_markdown_anchors_every_term_and_is_committed():
    text = G.glossary_markdown()
    table = load_glossary()
    for slug in table.slug:
        assert f'<a id="{slug}"></a>' in text
    for target in re.findall(r"\]\(#([a-z0-9-]+)\)", text):
        assert target in set(table.slug)
    assert (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8") == text, "run `make teaching`"


def test_html_is_standalone_with_an_id_per_slug():
    page = G.glossary_html()
    table = load_glossary()
    assert page.startswith("<!DOCTYPE html>") and "</html>" in page
    ids = re.findall(r'<dt id="([^"]+)"', page)
    assert ids == sorted(ids, key=lambda s: table.set_index("slug").loc[s, "term"].lower())
    assert set(ids) == set(table.slug)
    assert G.glossary_term_link("schedule-3") == "glossary.html#schedule-3"
    with pytest.raises(KeyError):
        G.glossary_term_link("no-such-term")


def test_html_escapes_data_text(monkeypatch):
    table = load_glossary()
    table.loc[0, "definition"] = 'Bad <b>bold</b> & "quotes"'
    monkeypatch.setattr("analysis.report.teaching.glossary.load_glossary", lambda: table)
    page = G.glossary_html()
    assert "<b>bold</b>" not in page
    assert "Bad &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;" in page


def test_define_gives_a_terms_definition_for_lessons():
    row = load_glossary().set_index("slug").loc["schedule-3"]
    text = G.define("schedule-3")
    assert text.startswith(f"**{row.term}.** {row.definition}")
    with pytest.raises(KeyError):
        G.define("no-such-term")
