"""Marked assignments: rubrics as data, model answers computed from the data for each force, marking sheets."""

from __future__ import annotations

import re
import shutil

import pytest

from analysis.data.errors import DataError
from analysis.data.observations import load_observations
from analysis.report import teaching as T
from analysis.report.teaching import assignments as A
from analysis.report.teaching import model_answers as MA
from analysis.report.teaching.edition import edition_line

FORCES = ("Cumbria", "Gwent", "Avon and Somerset", "Dyfed-Powys")


def test_at_least_two_assignments_each_with_a_rubric_of_criteria_and_marks():
    assignments = A.load_assignments()
    assert {"news-story", "fact-check"} <= set(assignments.id)
    rubrics = A.load_rubrics()
    for assignment_id in assignments.id:
        mine = rubrics[rubrics.assignment == assignment_id]
        assert len(mine) >= 4 and mine.marks.sum() == 100, assignment_id
        assert (mine.first_class.str.len() > 40).all()


@pytest.mark.parametrize("force", FORCES)
def test_news_story_model_answer_uses_the_forces_figures_and_fits_400_words(force):
    story = MA.news_story(force)
    assert story["words"] <= 400
    text = " ".join(story["paragraphs"])
    cases = T.expected("release.2", force)
    assert f"{cases:,.0f} complaint cases" in text
    assert f"{T.expected('rates.2', force):,.0f} for every 1,000 officers" in text
    assert f"{T.expected('props.1', force):.1f}%" in text
    assert T.teaching_period() in story["headline"]
    assert not re.search(r"\b(worst|best|highest|lowest|soared)\b", text, re.IGNORECASE)  # no ranks, no hype
    box = story["fact_box"]
    assert list(box.columns) == MA.FACT_BOX_COLUMNS
    assert (box.period == T.teaching_period()).all() and (box.status != "").all() and (box.source != "").all()
    reviews_line = box.figure.str.contains("reviews").any()
    try:
        T.expected("writing.2", force)
        assert reviews_line
    except T.NoAnswer:  # Gwent: no reviews printed, and the story says so
        assert not reviews_line and "printed no figure for completed reviews" in text


def test_model_answer_numbers_come_from_the_observations():
    obs = load_observations(with_sources=False)
    sel = obs[(obs.force == "Cumbria") & (obs.period == T.teaching_period())
              & (obs.measure == "complaint_cases_finalised")]
    total = sel.value.sum()
    assert f"{total:,.0f} complaint cases" in A.model_answer("news-story", "Cumbria")


@pytest.mark.parametrize("force", FORCES)
def test_fact_check_sets_claims_with_verdicts(force):
    claims = MA.fact_check(force)
    assert len(claims) >= 2
    for claim in claims:
        assert claim["claim"] and claim["verdict"] and claim["working"]
        assert claim["verdict"].split(":")[0] in {"Correct", "Wrong", "Misleading", "Cannot check independently",
                                                  "Conflicting", "Not supported", "Supported, but badly worded"}
    rate = next(c for c in claims if "for every 1,000 officers" in c["claim"])
    assert rate["verdict"].startswith("Wrong") and f"{T.expected('rates.2', force):,.0f} cases" in rate["verdict"]


def test_a_published_claim_is_used_where_the_data_hold_one():
    claims = MA.fact_check("Cumbria")
    assert claims[0]["published"] and "News and Star" in claims[0]["claim"]
    assert claims[1]["verdict"].startswith("Misleading")  # logged vs finalised
    assert not any(c["published"] for c in MA.fact_check("Dyfed-Powys"))


@pytest.mark.parametrize("assignment_id", ["news-story", "fact-check"])
def test_brief_model_answer_and_marking_sheet_for_a_force(assignment_id):
    brief = A.assignment_brief(assignment_id, "Gwent")
    answer = A.model_answer(assignment_id, "Gwent")
    sheet = A.marking_sheet(assignment_id, "Gwent")
    for text in (brief, answer, sheet):
        assert edition_line() in text and "Gwent" in text and "{" not in text
    rubric = A.load_rubrics()
    for row in rubric[rubric.assignment == assignment_id].itertuples():
        assert f"| {row.criterion} | {row.marks} |" in brief
        assert f"| {row.criterion} | {row.marks} |  |  |" in sheet
    assert "Verdict:" not in brief  # the student's brief never gives the answer
    if assignment_id == "fact-check":
        assert "Verdict:" in answer and "Verdict:" in sheet


def test_assignments_guide_is_committed_and_up_to_date():
    from analysis.data.paths import ROOT

    assert (ROOT / "docs" / "assignments.md").read_text(encoding="utf-8") == A.assignments_guide(), \
        "run `make teaching`"


@pytest.mark.parametrize("old,new,column", [
    ("news-story,Accuracy of the figures,20,", "news-story,Accuracy of the figures,twenty,", "marks"),
    ("news-story,Accuracy of the figures,20,", "news-story,Accuracy of the figures,-5,", "marks"),
    ("fact-check,Verdicts,", "fact-checking,Verdicts,", "assignment"),
])
def test_bad_rubric_names_row_and_column(tmp_path, old, new, column):
    dest = tmp_path / "rubrics.csv"
    shutil.copyfile(A.RUBRICS, dest)
    text = dest.read_text(encoding="utf-8")
    assert old in text
    dest.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        A.load_rubrics(dest)
    assert err.value.column == column and err.value.row is not None
