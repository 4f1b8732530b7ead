"""Files that are not plain, small, UTF-8 CSV text stop the build with one DataError naming the file.

Non-regular files (a link to /dev/zero, a FIFO, a directory), oversized files
and cells, binary content, other encodings, NUL bytes, stray byte-order marks,
control characters, ragged rows, bad headers, CSV syntax errors and
permission errors.  Every test corrupts a copy of data/raw.
"""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.data.paths import ROOT
from analysis.data.rawfiles import MAX_CELL_CHARS, MAX_FILE_BYTES
from tests.conftest import read_rows, set_cell, write_rows
from tests.data.test_rawfiles_bad_input import LONG, STAFFS_CASES, WIDE, expect_error

#: Each test here takes seconds (whole builds, kills, subprocesses, charts): `make test` runs them.
pytestmark = pytest.mark.slow

SOURCES = "sources.csv"
FILES = [LONG, WIDE, SOURCES]


def _replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- not a regular file --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_symlink_to_dev_zero(raw_copy, tmp_path, name):
    (raw_copy / name).unlink()
    (raw_copy / name).symlink_to("/dev/zero")
    expect_error(raw_copy, tmp_path, name, None, None, "not a regular file")


@pytest.mark.parametrize("name", FILES)
def test_fifo_in_place_of_a_file(raw_copy, tmp_path, name):
    (raw_copy / name).unlink()
    os.mkfifo(raw_copy / name)
    expect_error(raw_copy, tmp_path, name, None, None, "not a regular file")


@pytest.mark.parametrize("name", FILES)
def test_directory_in_place_of_a_file(raw_copy, tmp_path, name):
    (raw_copy / name).unlink()
    (raw_copy / name).mkdir()
    expect_error(raw_copy, tmp_path, name, None, None, "is a directory")


def test_dangling_symlink(raw_copy, tmp_path):
    (raw_copy / LONG).unlink()
    (raw_copy / LONG).symlink_to(raw_copy / "no-such-file.csv")
    expect_error(raw_copy, tmp_path, LONG, None, None, "file not found .a symbolic link")


def test_missing_file(raw_copy, tmp_path):
    (raw_copy / WIDE).unlink()
    expect_error(raw_copy, tmp_path, WIDE, None, None, "file not found")


def test_symlink_loop(raw_copy, tmp_path):
    (raw_copy / LONG).unlink()
    (raw_copy / LONG).symlink_to(raw_copy / LONG)
    expect_error(raw_copy, tmp_path, LONG, None, None, "cannot read the file|not found")


# --- permissions -----------------------------------------------------------------------------------------------


def test_unreadable_file(raw_copy, tmp_path, monkeypatch):
    """chmod 000 does not stop root, so the refusal is simulated where the reader opens the file."""
    target = raw_copy / LONG
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if Path(file) == target:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    expect_error(raw_copy, tmp_path, LONG, None, None, "cannot read the file: Permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission(raw_copy, tmp_path):
    (raw_copy / LONG).chmod(0)
    expect_error(raw_copy, tmp_path, LONG, None, None, "Permission denied")


# --- size ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [LONG, SOURCES])
def test_oversized_file(raw_copy, tmp_path, name):
    path = raw_copy / name
    header, rows = read_rows(path)
    copies = 2 * (MAX_FILE_BYTES // len(path.read_bytes()) + 1)
    write_rows(path, header, rows * copies)
    expect_error(raw_copy, tmp_path, name, None, None, "the limit is 5,000,000")


@pytest.mark.parametrize("column", ["note", "force", "value", "measure"])
def test_oversized_cell(raw_copy, tmp_path, column):
    row = set_cell(raw_copy / LONG, column, "x" * (MAX_CELL_CHARS + 1), STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, column, "limit is 10,000")


def test_cell_over_the_csv_module_limit(raw_copy, tmp_path):
    set_cell(raw_copy / LONG, "note", "y" * 200_000, STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, None, None, "over the limit of 10,000 characters|limit is 10,000")


def test_fifty_megabyte_cell(raw_copy, tmp_path):
    set_cell(raw_copy / WIDE, "note", "z" * 50_000_000, {"force": "Staffordshire"})
    expect_error(raw_copy, tmp_path, WIDE, None, None, "the limit is 5,000,000")


# --- binary content and encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # a PNG
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",  # gzip
    b"PK\x03\x04\x14\x00\x06\x00",  # an xlsx (zip) renamed .csv
    bytes(range(256)),
], ids=["png", "gzip", "xlsx", "all-bytes"])
def test_binary_content(raw_copy, tmp_path, content):
    (raw_copy / LONG).write_bytes(content)
    expect_error(raw_copy, tmp_path, LONG, None, None, "NUL byte|not valid UTF-8|binary")


@pytest.mark.parametrize("encoding,pattern", [
    ("latin-1", "not valid UTF-8"), ("cp1252", "not valid UTF-8"), ("utf-16", "UTF-16"), ("utf-16-be", "NUL"),
])
def test_other_encodings(raw_copy, tmp_path, encoding, pattern):
    path = raw_copy / WIDE
    accent = "\u2019" if encoding == "cp1252" else "é"
    text = path.read_text(encoding="utf-8").replace("Staffordshire", "Staffordshire " + accent, 1)
    path.write_bytes(text.encode(encoding))
    expect_error(raw_copy, tmp_path, WIDE, None, None, pattern)


def test_latin1_byte_names_its_line(raw_copy, tmp_path):
    path = raw_copy / LONG
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"Staffordshire", b"Sta\xe9ffordshire")
    path.write_bytes(b"\n".join(lines))
    expect_error(raw_copy, tmp_path, LONG, 3, None, "byte 0xe9 on line 4")


@pytest.mark.parametrize("where", ["cell", "start", "end"])
def test_nul_byte(raw_copy, tmp_path, where):
    path = raw_copy / LONG
    raw = path.read_bytes()
    raw = {"cell": raw.replace(b"Staffordshire", b"Staff\x00ordshire", 1), "start": b"\x00" + raw,
           "end": raw + b"\x00"}[where]
    path.write_bytes(raw)
    expect_error(raw_copy, tmp_path, LONG, None, None, "NUL byte")


def test_one_leading_bom_is_accepted(raw_copy, tmp_path):
    """Excel's UTF-8 export starts with a BOM: that is still the same table, and builds identically."""
    from tests.data.test_rawfiles_bad_input import run_build

    path = raw_copy / LONG
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    run_build(raw_copy, tmp_path)
    assert b"Staffordshire" in (tmp_path / "out" / "observations.csv").read_bytes()


@pytest.mark.parametrize("how", ["double", "in-cell", "in-header"])
def test_stray_byte_order_mark(raw_copy, tmp_path, how):
    path = raw_copy / LONG
    bom = "\ufeff"
    if how == "double":
        path.write_text(bom + path.read_text(encoding="utf-8"), encoding="utf-8-sig")
    elif how == "in-cell":
        _replace_text(path, "Staffordshire", "Staff" + bom + "ordshire")
    else:
        _replace_text(path, ",unit,", "," + bom + "unit,")
    expect_error(raw_copy, tmp_path, LONG, None, None, "byte-order mark")


@pytest.mark.parametrize("char", ["\x1b", "\x0b", "\x7f", "\u2028", "\x0c"])
def test_control_characters(raw_copy, tmp_path, char):
    _replace_text(raw_copy / LONG, "Staffordshire", "Staff" + char + "ordshire")
    expect_error(raw_copy, tmp_path, LONG, None, None, f"U\\+{ord(char):04X}")


# --- CSV shape -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,change", [(LONG, "fewer"), (LONG, "more"), (WIDE, "fewer"), (WIDE, "more")])
def test_ragged_rows(raw_copy, tmp_path, name, change):
    path = raw_copy / name
    header, rows = read_rows(path)
    rows[4] = rows[4][:-2] if change == "fewer" else rows[4] + ["extra"]
    write_rows(path, header, rows)
    expect_error(raw_copy, tmp_path, name, 5, None, f"expected {len(header)} fields")


@pytest.mark.parametrize("name", FILES)
def test_duplicate_header(raw_copy, tmp_path, name):
    path = raw_copy / name
    header, rows = read_rows(path)
    header[-1] = header[0]
    write_rows(path, header, rows)
    expect_error(raw_copy, tmp_path, name, None, header[0], "appears twice")


def test_duplicate_header_after_stripping_spaces(raw_copy, tmp_path):
    header, rows = read_rows(raw_copy / LONG)
    header[-1] = " source_id "
    write_rows(raw_copy / LONG, header, rows)
    expect_error(raw_copy, tmp_path, LONG, None, "source_id", "appears twice")


@pytest.mark.parametrize("bad", ["", "Value", "valeu"])
def test_misnamed_header(raw_copy, tmp_path, bad):
    header, rows = read_rows(raw_copy / LONG)
    header[header.index("value")] = bad
    write_rows(raw_copy / LONG, header, rows)
    expect_error(raw_copy, tmp_path, LONG, None, None, "missing column|header is empty")


@pytest.mark.parametrize("bad_line,pattern", [
    ('x,"unterminated', "well-formed CSV|expected 9 fields"),
    ('iopc-seed000-stoke-sentinel,2020/21,Staff"ordshire",a,b,1,count,published,',
     "well-formed CSV|unknown police force 'Staff\"ordshire\"'"),
    ('iopc-seed000-stoke-sentinel,2020/21,"Staffordshire"x,a,all,1,count,published,', "well-formed CSV"),
])
def test_csv_syntax_errors(raw_copy, tmp_path, bad_line, pattern):
    path = raw_copy / LONG
    path.write_text(path.read_text(encoding="utf-8") + bad_line + "\n", encoding="utf-8")
    expect_error(raw_copy, tmp_path, LONG, None, None, pattern)


def test_line_break_inside_a_cell(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "note", "first line\nsecond line", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "note", "line break inside a cell")


@pytest.mark.parametrize("content", ["\n\n\n", "   \n", ",,,,\n"])
def test_blank_files(raw_copy, tmp_path, content):
    (raw_copy / LONG).write_text(content, encoding="utf-8")
    expect_error(raw_copy, tmp_path, LONG, None, None, "empty")


def test_blank_row_in_the_middle(raw_copy, tmp_path):
    header, rows = read_rows(raw_copy / LONG)
    write_rows(raw_copy / LONG, header, rows[:3] + [[""] * len(header)] + rows[3:])
    expect_error(raw_copy, tmp_path, LONG, 4, None, "blank row")


# --- the command line: one message, exit 2, never a traceback ------------------------------------------------------


@pytest.mark.parametrize("damage", ["dev-zero", "directory"])
def test_cli_reports_one_line_and_exit_code_2(raw_copy, tmp_path, damage):
    path = raw_copy / LONG
    path.unlink()
    if damage == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    code = ("import sys; from analysis.data.paths import using_raw_dir; from analysis.pipeline.cli import cli\n"
            f"with using_raw_dir({str(raw_copy)!r}):\n    sys.exit(cli(['build', '--out-dir', {str(tmp_path / 'o')!r}]))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and LONG in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()
