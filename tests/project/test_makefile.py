"""The Makefile documents itself and does not reinstall when nothing changed."""

from __future__ import annotations

import subprocess

from analysis.data.paths import ROOT


def make(*args: str) -> str:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def test_help_is_the_default_and_lists_the_two_commands():
    out = make()
    for target in ("all", "test", "lab", "data", "clean", "profile", "profiles", "figures", "benchmark"):
        assert f" {target} " in out.replace("\x1b[1m", " ").replace("\x1b[0m", " "), target


def test_an_installed_environment_is_not_reinstalled():
    # The test suite runs inside the installed .venv, so its stamp is newer than pyproject.toml.
    plan = make("-n", "test").splitlines()
    assert not [line for line in plan if "pip install" in line or "-m venv" in line], plan
    assert any("-m pytest" in line for line in plan)
