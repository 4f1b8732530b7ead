"""Self-checks: every exercise is right with the data's answer and wrong with another, for two forces."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from analysis.data.errors import DataError
from analysis.data.observations import load_observations
from analysis.report import teaching as T

FORCES = ("Staffordshire", "Dyfed-Powys")  # rich in data, and thin
EXERCISE_IDS = list(T.load_exercises()["id"])


def _wrong(value, ex):
    if ex["kind"] == "text":
        others = ["within 95%", "between 95% and 99.8%", "beyond 99.8%", "published", "derived", "uncertain"]
        return next(o for o in others if o != value)
    return value + 10 * ex["tolerance"] + 1


@pytest.mark.parametrize("force", FORCES)
@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_each_self_check_accepts_the_data_and_rejects_a_wrong_answer(exercise_id, force):
    ex = T.exercise(exercise_id)
    value = T.expected(exercise_id, force)
    right = T.check(exercise_id, value, force=force)
    assert right.correct is True and bool(right), right
    wrong = T.check(exercise_id, _wrong(value, ex), force=force)
    assert wrong.correct is False and not wrong, wrong
    assert wrong.message == f"{exercise_id}: not quite. Hint: {ex['hint']}"  # the hint, never the answer
    if ex["kind"] == "number":
        # a student's rounding is accepted, as the question asks for it
        decimals = 1 if 0 < ex["tolerance"] < 0.5 else 0
        if ex["tolerance"] > 0:
            assert T.check(exercise_id, round(value, decimals), force=force), exercise_id


def test_unanswered_and_non_numbers_are_not_right():
    assert T.check("rates.1", None).correct is False
    assert "not answered" in T.check("rates.1", None).message
    assert T.check("rates.1", "lots").correct is False
    assert T.check("rates.1", True).correct is False


def test_answers_given_as_text_with_separators_are_read():
    value = T.expected("rates.1", "Staffordshire")
    assert T.check("rates.1", f"{value:,.0f}", force="Staffordshire")
    assert T.check("props.1", f"{T.expected('props.1', 'Staffordshire'):.1f}%", force="Staffordshire")


def test_expected_answers_equal_an_independent_recomputation_from_observations():
    obs = load_observations(with_sources=False)
    for force in FORCES:
        sel = obs[(obs.force == force) & (obs.dataset == "iopc_2024_25_cases_finalised")
                  & (obs.measure == "complaint_cases_finalised")]
        sch3 = sel[sel.category == "Schedule 3"].value.item()
        total = sel.value.sum()
        assert T.expected("release.2", force) == total
        assert T.expected("release.3", force) == sch3
        assert T.expected("props.1", force) == pytest.approx(sch3 / total * 100)
        # Wilson interval by its formula
        p, n, z = sch3 / total, total, 1.959963984540054
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        assert T.expected("props.2", force) == pytest.approx((centre - half) * 100, abs=1e-9)
        assert T.expected("props.3", force) == pytest.approx((centre + half) * 100, abs=1e-9)
        wf = obs[(obs.force == force) & (obs.dataset == "workforce_2021") & (obs.unit == "people")]
        officers = wf[wf.category == "Police officers"].value.item()
        assert T.expected("rates.1", force) == wf[wf.category == "Total workforce"].value.item()
        assert T.expected("rates.2", force) == pytest.approx(total / officers * 1000)
        assert T.expected("sources.1", force) == (obs[obs.force == force].status == "uncertain").sum()


def test_dyfed_powys_share_is_the_one_the_story_misprinted():
    # 5 of 417 is 1.2%, not the printed 1.7%: the fact-check exercise reproduces it from the data.
    assert round(T.expected("factcheck.3"), 1) == round(5 / 417 * 100, 1)
    printed = load_observations(with_sources=False).query(
        "force == 'Dyfed-Powys' and measure == 'formal_complaints_referred_share'").value.item()
    assert round(T.expected("factcheck.3"), 1) != printed


def test_a_force_without_the_figure_is_told_so_not_marked_wrong():
    result = T.check("writing.2", 3, force="Gwent")
    assert result.correct is None
    assert "no figure for Gwent" in result.message
    with pytest.raises(T.NoAnswer):
        T.expected("writing.2", "Gwent")


def test_aliases_and_unknown_forces():
    assert T.check("rates.1", T.expected("rates.1", "Dyfed-Powys"), force="dyfed powys")
    with pytest.raises(KeyError, match="unknown police force"):
        T.check("rates.1", 1, force="Atlantis")
    with pytest.raises(KeyError, match="no exercise"):
        T.check("rates.99", 1)


def test_question_names_the_force():
    assert "Dyfed-Powys" in T.question("rates.2", "Dyfed-Powys")
    assert "{force}" not in T.question("rates.2", "Dyfed-Powys")


def test_every_lesson_has_exercises_and_every_answer_function_is_used():
    table = T.load_exercises()
    assert set(table["answer"]) == set(T.ANSWERS)
    assert table.groupby("lesson").size().min() >= 2
    assert 8 <= table["worksheet"].sum() <= 10


@pytest.fixture()
def exercises_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "exercises.csv"
    shutil.copyfile(T.EXERCISES, dest)
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
])
def test_bad_exercise_register_names_row_and_column(exercises_copy, old, new, column):
    _edit(exercises_copy, old, new)
    with pytest.raises(DataError) as err:
        T.load_exercises(exercises_copy)
    assert err.value.column == column and err.value.row is not None
    assert "exercises.csv" in str(err.value)
