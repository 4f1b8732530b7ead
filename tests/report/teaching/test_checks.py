"""Self-checks: right with the data's answer, wrong otherwise, the common mistakes named, answers read as written."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pytest

from analysis.data.errors import DataError
from analysis.data.observations import load_observations
from analysis.report import teaching as T
from analysis.report.teaching import checks as C
from analysis.report.teaching import mistakes as M

FORCES = ("Staffordshire", "Dyfed-Powys", "Cumbria", "Gwent", "Avon and Somerset")
EXERCISE_IDS = list(T.load_exercises()["id"])
MISTAKE_ROWS = [tuple(r) for r in M.load_mistakes()[["exercise", "mistake"]].itertuples(index=False)]


def _wrong(value, ex):
    if ex["kind"] == "text":
        others = ["within 95%", "between 95% and 99.8%", "beyond 99.8%", "published", "derived", "uncertain"]
        return next(o for o in others if o != value)
    return value + 10 * ex["tolerance"] + 7.3


@pytest.mark.parametrize("force", FORCES)
@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_each_self_check_accepts_the_data_and_rejects_a_wrong_answer(exercise_id, force):
    ex = T.exercise(exercise_id)
    try:
        value = T.expected(exercise_id, force)
    except T.NoAnswer:
        result = T.check(exercise_id, 1, force=force)
        assert result.correct is None and "no figure for" in result.message
        return
    right = T.check(exercise_id, value, force=force)
    assert right.correct is True and bool(right), right
    wrong = T.check(exercise_id, _wrong(value, ex), force=force)
    assert wrong.correct is False and not wrong, wrong
    assert wrong.message.startswith(f"{exercise_id}: not quite.")
    if ex["kind"] == "number":
        decimals = 1 if 0 < ex["tolerance"] < 0.5 else 0
        assert T.check(exercise_id, round(value, decimals), force=force), exercise_id  # rounded as asked
        shown = f"{round(value, decimals):,.{decimals}f}"
        if len(shown) >= 3:  # a one- or two-digit answer may appear in the text by chance ("hint(id, 2)")
            assert not re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d])", wrong.message), wrong.message


@pytest.mark.parametrize("exercise_id,mistake", MISTAKE_ROWS)
def test_each_listed_mistake_is_named_for_some_force(exercise_id, mistake):
    ex = T.exercise(exercise_id)
    named = []
    for force in FORCES:
        try:
            value = T.expected(exercise_id, force)
        except T.NoAnswer:
            continue
        for wrong in M.wrong_values(mistake, force, value, ex["tolerance"]):
            result = T.check(exercise_id, wrong, force=force)
            assert result.correct is False, (force, wrong, result)
            if result.mistake == mistake:
                named.append(force)
                feedback = M.load_mistakes().set_index(["exercise", "mistake"]).loc[(exercise_id, mistake),
                                                                                    "feedback"]
                assert result.message.startswith(f"{exercise_id}: not quite. {T.fill(feedback, force)[:20]}")
    assert named, f"{exercise_id}/{mistake} is never recognised for {FORCES}"


def test_the_mistakes_in_the_issue_are_named_for_cumbria():
    cases = {("rates.2", 955): "old_officers", ("rates.2", 89): "per_100_not_1000", ("props.2", 17.6): "wald_low",
             ("props.1", 19.9): "rounded_up", ("props.1", 0.198): "as_fraction", ("writing.1", "114 days"):
             "days_excluding_suspension", ("release.2", 912): "earlier_year"}
    for (exercise_id, answer), mistake in cases.items():
        result = T.check(exercise_id, answer, force="Cumbria")
        assert result.correct is False and result.mistake == mistake, (exercise_id, answer, result)
    assert T.check("rates.2", 890, force="Cumbria")  # current denominator, 31 March 2025 officers
    assert T.check("props.2", 17.7, force="Cumbria") and T.check("props.1", 19.8, force="Cumbria")


def test_answers_are_read_as_people_write_them():
    assert T.check("writing.1", "125 days", force="Cumbria")
    assert T.check("release.4", "uncertain.", force="Cumbria")
    assert T.check("release.4", " 'Uncertain' ", force="Cumbria")
    assert T.check("compare.1", "within 95 %", force="Cumbria")
    assert T.check("release.2", "1,215", force="Cumbria")
    assert T.check("props.1", "19.8 %", force="Cumbria")
    assert T.check("rates.2", "890 per 1,000 officers", force="Cumbria")
    comma = T.check("props.1", "19,8", force="Cumbria")
    assert comma.correct is False and comma.mistake == "format"
    assert "decimal comma" in comma.message and "19.8" in comma.message
    two = T.check("props.1", "19.8 or 20", force="Cumbria")
    assert two.correct is False and "one number" in two.message


def test_blank_answers_say_not_answered_and_never_raise():
    for blank in (None, ..., "", "   "):
        result = T.check("rates.1", blank, force="Gwent")
        assert result.correct is False and "not answered yet" in result.message
    assert T.check("rates.1", "lots").correct is False
    assert T.check("rates.1", True).correct is False
    assert T.check("rates.1", float("nan")).correct is False


def test_hints_come_in_two_steps_and_never_give_the_answer():
    for exercise_id in EXERCISE_IDS:
        ex = T.exercise(exercise_id)
        for force in ("Cumbria", "Staffordshire"):
            nudge, method = T.hint(exercise_id, force=force), T.hint(exercise_id, 2, force=force)
            assert "(nudge)" in nudge and "(method)" in method and nudge != method
            value = T.expected(exercise_id, force)
            if ex["kind"] == "number":
                decimals = 1 if 0 < ex["tolerance"] < 0.5 else 0
                shown = f"{round(value, decimals):,.{decimals}f}"
                for text in (nudge, method) if len(shown) >= 3 else ():
                    assert not re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d])", text), (exercise_id, text)
            else:
                assert value not in method and value not in nudge


def test_hints_work_for_a_force_without_the_figure():
    text = T.hint("writing.2", 2, force="Gwent")
    assert "no figure for Gwent" in text
    result = T.check("writing.2", 3, force="Gwent")
    assert result.correct is None and "no figure for Gwent" in result.message


def test_expected_answers_equal_an_independent_recomputation_from_observations():
    obs = load_observations(with_sources=False)
    for force in ("Staffordshire", "Cumbria", "Gwent"):
        mine = obs[obs.force == force]
        newest = T.teaching_period()
        sel = mine[(mine.period == newest) & (mine.measure == "complaint_cases_finalised")
                   & (mine.dataset.str.contains("finalised"))]
        sch3 = sel[sel.category == "Schedule 3"].value.item()
        total = sel.value.sum()
        assert T.expected("release.2", force) == total
        assert T.expected("release.3", force) == sch3
        assert T.expected("props.1", force) == pytest.approx(sch3 / total * 100)
        p, n, z = sch3 / total, total, 1.959963984540054
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        assert T.expected("props.2", force) == pytest.approx((centre - half) * 100, abs=1e-9)
        assert T.expected("props.3", force) == pytest.approx((centre + half) * 100, abs=1e-9)
        officers = mine[(mine.measure == "workforce") & (mine.category == "Police officers") & (mine.unit == "fte")]
        latest = officers[officers.period == officers.period.max()].value.item()
        assert T.expected("rates.1", force) == latest
        assert T.expected("rates.2", force) == pytest.approx(total / latest * 1000)
        assert T.expected("sources.1", force) == (mine.status == "uncertain").sum()


def test_the_case_study_share_is_the_one_the_story_misprinted():
    parts = T.answers.referred_parts() if hasattr(T, "answers") else None
    from analysis.report.teaching.answers import referred_parts

    parts = referred_parts()
    recomputed = T.expected("factcheck.3")
    assert recomputed == pytest.approx(parts["referred"] / parts["base"] * 100)
    assert round(recomputed, 1) != parts["printed"]
    assert T.check("factcheck.3", parts["printed"]).mistake == "printed_share"


def test_aliases_and_unknown_forces():
    assert T.check("rates.1", T.expected("rates.1", "Dyfed-Powys"), force="dyfed powys")
    with pytest.raises(KeyError, match="unknown police force"):
        T.check("rates.1", 1, force="Atlantis")
    with pytest.raises(KeyError, match="no exercise"):
        T.check("rates.99", 1)


def test_questions_name_the_force_and_the_newest_period_from_the_data():
    text = T.question("rates.2", "Dyfed-Powys")
    assert "Dyfed-Powys" in text and T.teaching_period() in text and "{" not in text
    assert "31 March 2021" not in text


def test_the_reviews_question_names_the_reviews_tables_own_newest_year():
    from analysis.data.facts import newest_period as newest_period_of
    from analysis.report.teaching.facts import REVIEWS, reviews_period, teaching_period

    assert reviews_period() == newest_period_of(REVIEWS, table=T.all_facts())
    assert reviews_period() <= teaching_period()
    assert reviews_period() in T.question("writing.2", "Dyfed-Powys")


def test_the_build_checks_exactly_the_placeholders_the_teaching_code_fills():
    from analysis.pipeline import build as B

    assert B.EXERCISE_PLACEHOLDERS is T.EXERCISE_PLACEHOLDERS
    filled = set(T.placeholders("Dyfed-Powys")) | {"answer"}
    assert filled == set(T.EXERCISE_PLACEHOLDERS)


def test_every_lesson_has_exercises_and_every_function_is_used():
    table = T.load_exercises()
    assert set(table["answer"]) == set(T.ANSWERS)
    assert table.groupby("lesson").size().min() >= 2
    assert 8 <= table["worksheet"].sum() <= 10
    assert set(M.load_mistakes().mistake) == set(M.RULES)
    M.load_mistakes(known_exercises=set(table.id))


@pytest.fixture()
def exercises_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "exercises.csv"
    shutil.copyfile(C.EXERCISES, dest)
    return dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old,new,column", [
    (",cases_finalised,", ",no_such_function,", "answer"),
    (",number,0.5,", ",number,half,", "tolerance"),
    (",number,0,complaint cases,", ",numeric,0,complaint cases,", "kind"),
    ("rates.2,", "rates.1,", "id"),
    ("rates.2,", "Rates two,", "id"),
    ("in {period} (outside", "in {year} (outside", "question"),
])
def test_bad_exercise_register_names_row_and_column(exercises_copy, old, new, column):
    _edit(exercises_copy, old, new)
    with pytest.raises(DataError) as err:
        T.load_exercises(exercises_copy)
    assert err.value.column == column and err.value.row is not None
    assert "exercises.csv" in str(err.value)


@pytest.mark.parametrize("old,new,column", [
    ("props.2,wald_low,", "props.2,wilson_by_hand,", "mistake"),
    ("props.2,wald_low,", "props.9,wald_low,", "exercise"),
    ("props.2,as_fraction,", "props.2,wald_low,", "mistake"),
])
def test_bad_mistake_register_names_row_and_column(tmp_path, old, new, column):
    dest = tmp_path / "exercise_mistakes.csv"
    shutil.copyfile(M.MISTAKES, dest)
    _edit(dest, old, new)
    with pytest.raises(DataError) as err:
        M.load_mistakes(dest, known_exercises=set(EXERCISE_IDS))
    assert err.value.column == column and err.value.row is not None


def test_no_period_is_typed_in_the_teaching_registers():
    for path in (C.EXERCISES, M.MISTAKES):
        assert not re.search(r"\b20\d\d/\d\d\b", path.read_text(encoding="utf-8")), path.name
