"""Full disks and kills in the teaching room: class, worksheet, teaching and notebooks keep the old outputs.

``class`` writes each copy atomically and replaces a copy that cannot be a student's work (empty, not valid
JSON, a glossary cut short), saying so; a student's saved notebook is never replaced.  A full disk ends every
command with one line and no traceback.  Nothing here writes outside temporary folders.
"""

from __future__ import annotations

import errno
import json
import os
import random
import time
from pathlib import Path

import pytest

from analysis.data import atomic
from analysis.data.errors import OutputError
from analysis.pipeline import classroom as C
from analysis.pipeline import notebooks as N
from analysis.pipeline import worksheet as WS
from analysis.pipeline.cli import cli
from tests.pipeline.killing import fork_and_kill

LESSONS = sorted(C.LESSONS.glob("[0-9][0-9]-*.ipynb"))


def _full_disk(monkeypatch, after: int = 0) -> None:
    """Every write through analysis.data.atomic fails with ENOSPC after ``after`` successful ones."""
    real = atomic._write_file
    count = {"n": 0}

    def write(path, data):
        count["n"] += 1
        if count["n"] > after:
            Path(path).write_bytes(data[: len(data) // 2])  # a partial temporary file, as a full disk leaves
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    monkeypatch.setattr(atomic, "_write_file", write)


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


# --- class: damaged copies replaced, student work kept -----------------------------------------------------------


@pytest.mark.parametrize("content,why", [
    (b"", "it was empty"),
    (b"   \n", "it was empty"),
    (b'{"cells": [', "not valid JSON"),
    (b"\x00\x00\x00", "not valid JSON"),
])
def test_a_damaged_lesson_copy_is_replaced_and_reported(tmp_path, content, why):
    dest = tmp_path / "classroom"
    C.make_classroom(dest)
    damaged = dest / LESSONS[0].name
    damaged.write_bytes(content)
    written = C.make_classroom(dest)
    assert written == [damaged] and written.replaced[0][0] == damaged and why in written.replaced[0][1]
    assert damaged.read_bytes() == LESSONS[0].read_bytes()
    assert any(why in line for line in written.messages()) and "1 damaged copy(ies) replaced" in written.summary()


def test_a_glossary_cut_short_is_replaced(tmp_path):
    dest = tmp_path / "classroom"
    C.make_classroom(dest)
    glossary = dest / "glossary.html"
    whole = glossary.read_bytes()
    glossary.write_bytes(whole[: len(whole) // 3])
    written = C.make_classroom(dest)
    assert written == [glossary] and glossary.read_bytes() == whole and "cut short" in written.replaced[0][1]


def test_a_students_saved_notebook_is_never_replaced(tmp_path):
    dest = tmp_path / "classroom"
    C.make_classroom(dest)
    work = dest / LESSONS[1].name
    nb = json.loads(work.read_text(encoding="utf-8"))
    nb["cells"] = nb["cells"][:1]  # a student deleted most of it: still their work
    work.write_text(json.dumps(nb), encoding="utf-8")
    saved = work.read_bytes()
    written = C.make_classroom(dest)
    assert written == [] and work.read_bytes() == saved and written.kept == len(LESSONS) + 1


def test_the_command_says_what_was_replaced(tmp_path, monkeypatch, capsys):
    dest = tmp_path / "classroom"
    C.make_classroom(dest)
    (dest / LESSONS[0].name).write_bytes(b"")
    monkeypatch.setattr(C.make_classroom, "__defaults__", (dest,))
    assert cli(["class"]) == 0
    out = capsys.readouterr()
    assert f"replaced classroom/{LESSONS[0].name}: it was empty" in out.err or "it was empty" in out.err
    assert "1 damaged copy(ies) replaced" in out.out


@pytest.mark.parametrize("after", [0, 1, 3])
def test_class_on_a_full_disk_leaves_no_empty_or_partial_lesson(tmp_path, monkeypatch, capsys, after):
    dest = tmp_path / "classroom"
    monkeypatch.setattr(C.make_classroom, "__defaults__", (dest,))
    _full_disk(monkeypatch, after)
    assert cli(["class"]) == 2
    assert "No space left on device" in _one_line_error(capsys)
    present = sorted(p.name for p in dest.iterdir())
    assert len(present) == after and not [n for n in present if n.startswith(".")]
    for path in dest.iterdir():
        assert path.read_bytes() == (C.LESSONS / path.name).read_bytes()
    monkeypatch.undo()
    assert len(C.make_classroom(dest)) == len(LESSONS) + 1 - after  # the next run completes the set



@pytest.mark.slow
def test_killing_class_never_leaves_a_partial_copy(tmp_path, monkeypatch):
    """SIGKILL at many moments: every lesson in classroom/ is complete; the next run completes the set and
    removes the temporary files of the killed one."""
    dest = tmp_path / "classroom"
    real = atomic._write_file

    def slow(path, data):  # a slow disk, so kills land while files are written
        with open(path, "wb") as fh:
            for start in range(0, len(data), 4096):
                fh.write(data[start:start + 4096])
                time.sleep(0.0005)
        real(path, data)

    monkeypatch.setattr(atomic, "_write_file", slow)
    rng = random.Random(20)
    for delay in [0.0] + sorted(rng.uniform(0, 0.3) for _ in range(10)) + [None]:
        fork_and_kill(lambda: C.make_classroom(dest), delay)
        if dest.exists():
            for path in dest.iterdir():
                if not path.name.startswith("."):
                    expected = (C.LESSONS / path.name).read_bytes() if path.suffix == ".ipynb" else None
                    assert expected is None or path.read_bytes() == expected, f"{path.name} partial at {delay}"
                    assert C.damaged(path) is None
        C.make_classroom(dest)
        assert sorted(p.name for p in dest.iterdir()) == sorted([p.name for p in LESSONS] + ["glossary.html"])
        for path in list(dest.iterdir()):
            path.unlink()


# --- worksheet, teaching, notebooks: one line, old outputs kept ---------------------------------------------------


def test_worksheet_on_a_full_disk_keeps_the_previous_worksheet(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(WS.write_worksheet, "__defaults__", (tmp_path,))
    folder = WS.write_worksheet("Dyfed-Powys", tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for path in folder.iterdir():
        path.write_bytes(b"previous " + path.name.encode())
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    _full_disk(monkeypatch, after=2)
    assert cli(["worksheet", "Dyfed-Powys"]) == 2
    assert "No space left on device" in _one_line_error(capsys)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert not [p for p in tmp_path.rglob(".*")]


def test_teaching_on_a_full_disk_ends_in_one_line(monkeypatch, capsys):
    lessons = {p: p.read_bytes() for p in C.LESSONS.glob("*.ipynb")}
    monkeypatch.setattr(C, "execute", lambda path: path)  # no kernel: the writing is what is tested
    _full_disk(monkeypatch, after=0)
    assert cli(["teaching"]) == 2
    err = capsys.readouterr().err
    last = err.splitlines()[-1]  # progress lines ("executed ..."), then one error line, no traceback
    assert last.startswith("error: ") and "No space left on device" in last and "Traceback" not in err
    assert [line for line in err.splitlines() if not line.startswith("executed ")] == [last]
    assert {p: p.read_bytes() for p in C.LESSONS.glob("*.ipynb")} == lessons
    assert not list(C.LESSONS.glob(".*")) and not list(C.DOCS.glob(".*tmp*"))


def test_a_notebook_is_written_atomically(tmp_path, monkeypatch):
    import nbformat

    path = tmp_path / "01-x.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nbformat.write(nb, path)
    before = path.read_bytes()

    class Client:  # no kernel: execute() only has to write what it was given
        def __init__(self, nb, **kwargs):
            self.nb = nb

        def execute(self):
            self.nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]

    monkeypatch.setattr(N, "NotebookClient", Client)
    monkeypatch.setattr(N, "ipc_kernel_manager", lambda client: None)
    _full_disk(monkeypatch, after=0)
    with pytest.raises(OutputError, match="No space left on device"):
        N.execute(path)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["01-x.ipynb"]
    monkeypatch.setattr(atomic, "_write_file", lambda p, d: Path(p).write_bytes(d))
    N.execute(path)
    assert json.loads(path.read_text())["cells"][0]["outputs"][0]["data"]["text/plain"] in ("2", ["2"])
    assert path.read_text().endswith("}\n")
