"""``make profile FORCE=...`` never pastes the force name into a shell command line.

The Makefile exports FORCE (its raw text, taken literally) and the program
reads it from the environment; a name with quotes, ``;`` or ``$(...)`` is just
an unknown force.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from analysis.data.paths import ROOT

#: Each test here takes seconds (whole builds, kills, subprocesses, charts): `make test` runs them.
pytestmark = pytest.mark.slow


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
@pytest.mark.parametrize("template", ['x"; touch {f}; echo "', "x'; touch {f}; echo '", "$(shell touch {f})",
                                      "`touch {f}`"])
def test_force_name_with_shell_syntax_runs_nothing(tmp_path, template):
    flag = tmp_path / "F"
    force = template.format(f=flag)
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE", "MAKEFLAGS", "MFLAGS")}
    result = subprocess.run(["make", "--no-print-directory", "profile", f"FORCE={force}"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert not flag.exists(), f"the force name ran a command: {force!r}"
    assert result.returncode != 0
    assert "unknown police force" in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_profile_reads_the_force_from_the_environment(monkeypatch, capsys):
    from analysis.pipeline.cli import cli

    monkeypatch.setenv("FORCE", 'x"; touch F; echo "')
    assert cli(["profile"]) == 2
    assert "unknown police force 'x\"; touch F; echo \"'" in capsys.readouterr().err
