"""The glossary: enough terms, the issue's terms, and bad rows named by file, row and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.data.errors import DataError
from analysis.data.glossary import GLOSSARY, glossary_slugs, load_glossary
from analysis.data.sources import load_sources, source_ids

REQUIRED = ("complaint-case", "allegation", "officer-allegation", "schedule-3", "outside-schedule-3",
            "reflective-practice-review-process", "conduct-matter", "recordable-conduct-matter",
            "professional-standards-department", "local-policing-body", "iopc-review", "peel",
            "most-similar-force-group", "funnel-plot", "confidence-interval", "wilson-interval",
            "poisson-exact-interval", "over-dispersion", "complaints-reforms-2020", "right-of-reply")


def test_the_glossary_loads_with_at_least_30_terms_and_the_issue_terms():
    table = load_glossary()
    assert len(table) >= 30
    assert table.slug.is_unique
    assert set(REQUIRED) <= set(table.slug)
    assert (table.source_id != "").all()  # every term cites its source
    registers = table.source_id.str.startswith("data/")
    assert set(table.source_id[~registers]) <= source_ids()
    assert glossary_slugs() == list(table.slug)


def test_the_three_corrected_terms_cite_the_law_or_the_statutory_guidance():
    table = load_glossary().set_index("slug")
    kinds = load_sources().set_index("source_id").kind
    for slug in ("recordable-conduct-matter", "iopc-review", "case-to-answer"):
        assert kinds[table.at[slug, "source_id"]] in ("legislation", "statutory guidance"), slug
    assert "Schedule 3, Part 2" in table.at["recordable-conduct-matter", "definition"]
    assert "reasonable and proportionate" in table.at["iopc-review", "definition"]
    assert "properly directed" in table.at["case-to-answer", "definition"]
    assert "not a finding" in table.at["case-to-answer", "definition"]


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    dest = tmp_path / "glossary.csv"
    shutil.copyfile(GLOSSARY, dest)
    return dest


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old,new,column", [
    (",allegation-category,", ",allegation,", "slug"),  # duplicate slug
    (",allegation-category,", ",Allegation Category,", "slug"),  # not kebab-case
    ("complaint-case;allegation-category;officer-allegation", "complaint-case;no-such-term", "see_also"),
    ("complaint-case;allegation-category;officer-allegation", "allegation", "see_also"),  # points to itself
    (",def-iopc-counting-rules\n", ",no-such-source\n", "source_id"),
    (",def-iopc-counting-rules\n", ",\n", "source_id"),  # every term cites a source
    (",data/raw/FORMAT.md\n", ",data/raw/NO-SUCH-FILE.md\n", "source_id"),
    (",data/raw/FORMAT.md\n", ",data/../../etc/passwd\n", "source_id"),
])
def test_bad_rows_are_named(copy, old, new, column):
    _replace(copy, old, new)
    with pytest.raises(DataError) as err:
        load_glossary(copy)
    assert err.value.column == column
    assert err.value.row is not None
    assert "glossary.csv" in str(err.value)


def test_missing_column_and_empty_definition(copy):
    header = copy.read_text(encoding="utf-8").splitlines()[0]
    copy.write_text("term,slug,definition,plain_example,see_also\nAllegation,allegation,One thing.,,\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match="missing column") as err:
        load_glossary(copy)
    assert err.value.column == "source_id"
    copy.write_text(header + "\nAllegation,allegation,,An example.,,\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_glossary(copy)
    assert err.value.column == "definition" and err.value.row == 1
