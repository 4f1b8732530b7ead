"""The class workspace, the student lessons and the worksheet command."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib

import nbformat
import pytest

from analysis.data.paths import ROOT
from analysis.data.vocabulary import DEFAULT_FORCE
from analysis.pipeline import classroom as C
from analysis.pipeline import worksheet as WS
from analysis.pipeline.cli import cli
from analysis.report.teaching import load_exercises

SOLUTIONS = sorted(C.SOLUTIONS.glob("[0-9][0-9]-*.ipynb"))


def test_six_to_eight_lessons_each_with_objectives_level_duration_and_a_force_parameter():
    assert 6 <= len(SOLUTIONS) <= 8
    for path in SOLUTIONS:
        nb = nbformat.read(path, as_version=4)
        intro = nb.cells[0].source
        for word in ("**Level:**", "**Duration:**", "By the end you can"):
            assert word in intro, (path.name, word)
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1 and params[0].source == f"force = {DEFAULT_FORCE!r}", path.name
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert "from analysis." in code


def test_every_exercise_is_in_its_lesson_and_solved_there():
    solved = {}
    for path in SOLUTIONS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if "solution" in cell.metadata.get("tags", []):
                solved[cell.metadata["exercise"]] = path.stem
                assert "# NBVAL_CHECK_OUTPUT" in cell.source  # nbval compares the "right" message
                outputs = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
                assert f"{cell.metadata['exercise']}: right for {DEFAULT_FORCE}." in outputs, path.name
    table = load_exercises()
    assert solved == dict(zip(table.id, table.lesson))


def test_no_solution_notebook_skips_cells():
    for path in SOLUTIONS:
        assert "NBVAL_SKIP" not in path.read_text(encoding="utf-8"), path.name


def test_committed_lessons_are_the_solutions_without_answers():
    lessons = sorted(C.LESSONS.glob("*.ipynb"))
    assert [p.name for p in lessons] == [p.name for p in SOLUTIONS]
    for sol, lesson in zip(SOLUTIONS, lessons):
        expected = nbformat.writes(C.student_lesson(nbformat.read(sol, as_version=4))) + "\n"
        assert lesson.read_text(encoding="utf-8") == expected, f"{lesson.name}: run `make teaching`"
        nb = nbformat.read(lesson, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        assert not [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
        sol_nb = nbformat.read(sol, as_version=4)
        for s_cell, l_cell in zip(sol_nb.cells, nb.cells):
            if "solution" in s_cell.metadata.get("tags", []):
                assert l_cell.source.startswith("answer = None")
                assert f'check("{s_cell.metadata["exercise"]}", answer, force=force)' in l_cell.source
            else:
                assert l_cell.source == s_cell.source


def test_student_lesson_refuses_a_solution_cell_without_its_exercise():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("answer = 1", metadata={"tags": ["solution"]})]
    with pytest.raises(ValueError, match="no 'exercise'"):
        C.student_lesson(nb)


def test_make_classroom_copies_lessons_and_keeps_student_work(tmp_path):
    dest = tmp_path / "classroom"
    copied = C.make_classroom(dest)
    names = sorted(p.name for p in copied)
    assert names == sorted([p.name for p in SOLUTIONS] + ["glossary.html"])
    for path in dest.glob("*.ipynb"):
        assert '"solution"' not in path.read_text(encoding="utf-8")
    edited = dest / SOLUTIONS[0].name
    work = edited.read_text(encoding="utf-8").replace("replace None with your answer", "student's work")
    edited.write_text(work, encoding="utf-8")  # a notebook the student saved: valid JSON, so never replaced
    assert C.make_classroom(dest) == []
    assert edited.read_text(encoding="utf-8") == work and "student's work" in work


def test_classroom_and_worksheets_are_ignored_by_git_and_tests():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/classroom/" in ignored and "/worksheets/" in ignored
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "teaching" in options["testpaths"]
    assert {"classroom", "worksheets", "lessons"} <= set(options["norecursedirs"])


def test_write_worksheet_writes_four_files(tmp_path):
    folder = WS.write_worksheet("dyfed powys", out_root=tmp_path)
    assert folder == tmp_path / "dyfed-powys"
    assert sorted(p.name for p in folder.iterdir()) == ["answers.html", "answers.md", "worksheet.html",
                                                        "worksheet.md"]
    assert "Answer:**" in (folder / "answers.md").read_text(encoding="utf-8")


def test_worksheet_command_reads_the_force_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("FORCE", 'Dyfed-Powys"; touch /tmp/pwned; echo "')
    assert cli(["worksheet"]) == 2  # an unknown force is refused, never run by a shell
    assert "unknown police force" in capsys.readouterr().err
    seen = []
    monkeypatch.setattr(WS, "write_worksheet", lambda force: seen.append(force) or "done")
    monkeypatch.setenv("FORCE", "Dyfed-Powys")
    assert cli(["worksheet"]) == 0 and seen == ["Dyfed-Powys"]
    assert cli(["worksheet", "Gwent"]) == 0 and seen[-1] == "Gwent"
    monkeypatch.delenv("FORCE")
    assert cli(["worksheet"]) == 2
    assert "no force given" in capsys.readouterr().err


def _recipe(target: str) -> list[str]:
    plan = subprocess.run(["make", "-n", "--no-print-directory", target], cwd=ROOT, capture_output=True, text=True,
                          check=True, env={"PATH": "/usr/bin:/bin", "FORCE": "Dyfed-Powys"}).stdout
    return [line for line in plan.splitlines() if "pip install" not in line and "-m venv" not in line]


def test_make_lab_opens_the_repository_root_showing_notebooks_first():
    recipe = " ".join(_recipe("lab"))
    assert "jupyter lab" in recipe
    assert "--ServerApp.root_dir=." in recipe
    assert "--LabApp.default_url=/lab/tree/notebooks" in recipe
    assert "--notebook-dir=notebooks" not in recipe


def test_make_worksheet_passes_force_through_the_environment_only():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    block = makefile[makefile.index("\nworksheet:"):]
    block = block[: block.index("\n\n")]
    assert "worksheet: override export FORCE := $(value FORCE)" in block
    assert "$(FORCE)" not in block
    recipe = [line for line in _recipe("worksheet") if "analysis worksheet" in line]
    assert recipe and all("Dyfed" not in line for line in recipe)


def test_make_worksheet_hands_any_text_to_the_program_unchanged():
    # Run the real recipe with the program replaced by `printenv FORCE`: the text arrives exactly as typed,
    # and nothing in it is run by the shell or expanded by make.
    evil = 'Dyfed"; touch pwned-by-make; echo "$(shell echo X) `echo Y` $$HOME'
    out = subprocess.run(["make", "--no-print-directory", "-s", "worksheet", f"FORCE={evil}", "PY=printenv FORCE #"],
                         cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin"}).stdout
    assert out.splitlines()[-1] == evil
    assert not (ROOT / "pwned-by-make").exists()


def test_lessons_are_valid_notebooks():
    for path in sorted(C.LESSONS.glob("*.ipynb")):
        nbformat.validate(nbformat.read(path, as_version=4))
        json.loads(path.read_text(encoding="utf-8"))


def test_teachers_guide_lists_every_lesson_with_its_level_and_duration():
    guide = (ROOT / "docs" / "teachers-guide.md").read_text(encoding="utf-8")
    for path in SOLUTIONS:
        intro = nbformat.read(path, as_version=4).cells[0].source
        level = re.search(r"\*\*Level:\*\* ([^·]+?) ·", intro)[1]
        minutes = re.search(r"about (\d+) minutes", intro)[1]
        row = next(line for line in guide.splitlines() if f"lessons/{path.name})" in line)
        assert f"| {level} | {minutes} |" in row, path.name
    assert "OWNER/REPO" in guide and "placeholder" in guide
