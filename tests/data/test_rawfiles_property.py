"""Property-based: whatever is done to a raw file, the result is a clean build or one DataError naming the file.

Hypothesis mutates a copy of data/raw at random (a cell, a row, the header,
the encoding) and runs the validation the build runs first (every file read
and checked, every reconciliation); the only acceptable outcomes are success
or a :class:`DataError` whose message names the mutated file (or, for the
registers every file depends on, a file at all).  Rewrites that do not change
the table (a BOM, Windows line ends, quoting, spaces around cells) must build
outputs byte-identical to a fresh build.  Examples are derandomised so CI
sees the same cases every run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from analysis.data.errors import DataError
from analysis.data.observations import read_all
from analysis.data.paths import PROCESSED, RAW, using_raw_dir
from analysis.data.reconciliation import reconciliation_table
from analysis.pipeline.build import build, check_no_stray_files

#: Each test here takes seconds (whole builds, kills, subprocesses, charts): `make test` runs them.
pytestmark = pytest.mark.slow

FILES = sorted(p.name for p in RAW.glob("*.csv"))
#: Files every other file is checked against: damage there may be reported in the file that cites them.
REGISTERS = {"sources.csv", "forces.csv", "force_aliases.csv"}
TRICKY = ["", " ", "All", "-", "1,322", "-5", "2031/32", "2021-02-30", "nan", "NULL", "\x00", "\ufeff", "é",
          "\x1b", "x" * 20_000, '"', "complaint_cases_loged", "Staffordshire", "England and Wales", "0", "1e9",
          "published", "uncertain", "count", "percent", "2020/21", "\u0661"]
NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]  # a failing example is reported as found
SETTINGS = settings(max_examples=10, derandomize=True, deadline=None, database=None, phases=NO_SHRINK,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _csv(rows: list[list[str]], **kwargs) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", **kwargs).writerows(rows)
    return buf.getvalue()


@st.composite
def mutations(draw):
    """(file name, function that damages that file in a raw folder, description)."""
    name = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["cell", "cell", "cell", "delete-row", "duplicate-row", "header", "encoding",
                                 "truncate"]))
    value = draw(st.one_of(st.sampled_from(TRICKY), st.text(max_size=12)))
    i, j = draw(st.integers(0, 10_000)), draw(st.integers(0, 100))
    encoding = draw(st.sampled_from(["latin-1", "utf-16", "cp1252-bytes", "garbage"]))

    def damage(raw: Path) -> None:
        path = raw / name
        rows = _rows(path)
        row, col = 1 + i % max(len(rows) - 1, 1), j % len(rows[0])
        if kind == "cell" and len(rows) > 1:
            rows[row][col] = value
        elif kind == "delete-row" and len(rows) > 1:
            del rows[row]
        elif kind == "duplicate-row" and len(rows) > 1:
            rows.insert(row, list(rows[row]))
        elif kind == "header":
            rows[0][col] = value
        elif kind == "truncate":
            data = path.read_bytes()
            path.write_bytes(data[: i % len(data)])
            return
        elif kind == "encoding":
            text = _csv(rows)
            data = {"latin-1": text.encode("latin-1", "replace") + "é\n".encode("latin-1"),
                    "utf-16": text.encode("utf-16"), "cp1252-bytes": text.encode() + b"\x93quoted\x94\n",
                    "garbage": text.encode() + bytes(range(0, 256, 7))}[encoding]
            path.write_bytes(data)
            return
        path.write_text(_csv(rows), encoding="utf-8")

    return name, damage, f"{kind} {name} row {i} col {j} value {value!r:.40} encoding {encoding}"


def _validate(raw: Path) -> None:
    """What the build runs before it computes anything: every file read and checked, every reconciliation."""
    with using_raw_dir(raw):
        check_no_stray_files(raw)
        reconciliation_table(read_all())


@SETTINGS
@given(mutation=mutations())
def test_any_damage_gives_a_clean_result_or_one_data_error_naming_the_file(tmp_path_factory, mutation):
    name, damage, description = mutation
    raw = tmp_path_factory.mktemp("raw")
    shutil.rmtree(raw)
    shutil.copytree(RAW, raw)
    damage(raw)
    try:
        _validate(raw)
    except DataError as exc:
        message = str(exc)
        assert name in message or (name in REGISTERS and ".csv" in message), (description, message)
        assert "\n" not in message.strip(), message


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))}


@settings(max_examples=1, derandomize=True, deadline=None, database=None, phases=NO_SHRINK,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.sampled_from(FILES), style=st.sampled_from(["bom", "crlf", "quote-all", "spaces"]))
def test_rewrites_that_keep_the_table_build_identical_outputs(tmp_path_factory, name, style):
    raw = tmp_path_factory.mktemp("raw")
    shutil.rmtree(raw)
    shutil.copytree(RAW, raw)
    path = raw / name
    rows = _rows(path)
    if style == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    elif style == "crlf":
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    elif style == "quote-all":
        path.write_text(_csv(rows, quoting=csv.QUOTE_ALL), encoding="utf-8")
    else:
        path.write_text(_csv([[f" {cell} " if cell else cell for cell in row] for row in rows]), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    build(out_dir=out, raw=raw)
    assert _digest(out) == _digest(PROCESSED), f"{style} rewrite of {name} changed the outputs"
