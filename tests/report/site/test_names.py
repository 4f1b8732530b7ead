"""Citable links and force names: the registers the site reads, checked against the sources."""

from __future__ import annotations

import shutil

import pytest

from analysis.data import display_names
from analysis.data.errors import DataError
from analysis.data.forces import load_forces
from analysis.data.sources import load_sources
from analysis.report.site import names


def test_no_figure_links_to_a_listing_page_or_an_unlabelled_copy():
    for sid in load_sources().source_id:
        cite = names.citation(sid)
        assert "node?page=" not in cite["url"], sid
        if "github.com" in cite["url"]:
            assert "copy on GitHub" in cite["label"], sid  # says so, and names the official table
            assert "Official table" in names.load_citations()[sid]["note"], sid


def test_every_force_has_a_display_name_and_notes_cite_a_source():
    forces = set(load_forces().force) - {"England and Wales"}
    assert forces <= set(display_names.load_display_names())
    assert names.force_notes("City of London", short=True) == ["figures include Action Fraud"]
    assert names.force_notes("Gwent") == []


def test_a_bad_citation_row_names_file_row_and_column(tmp_path, monkeypatch):
    bad = tmp_path / "citations.csv"
    shutil.copy(names.CITATIONS_FILE, bad)
    text = bad.read_text(encoding="utf-8").replace("iopc25-listing-page1,", "iopc25-listing-page9,", 1)
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setattr(names, "CITATIONS_FILE", bad)
    names.load_citations.cache_clear()
    try:
        with pytest.raises(DataError, match="iopc25-listing-page9") as info:
            names.load_citations()
        assert "citations.csv" in str(info.value) and "row" in str(info.value) and "source_id" in str(info.value)
    finally:
        names.load_citations.cache_clear()
