"""The site is replaced as a whole: a kill leaves the old site or the new one, never a mix or a missing force.

The force pages are the profiles' business (tests/pipeline/test_profiles.py); here ``run_all`` and the index are
replaced by fast stand-ins that write a folder per force, so the staging, the one-step swap, the lock and the
removal of debris are tested on their own, including SIGKILL at many moments.  One slow test runs the real
profile of one force.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import signal
import time
from pathlib import Path

import pytest

from analysis.data import atomic
from analysis.data.atomic import FolderBusyError, folder_lock, remove_debris, swap_folder
from analysis.data.errors import OutputError
from analysis.pipeline import profiles
from analysis.pipeline import site as S
from analysis.pipeline.cli import cli
from tests.pipeline.killing import fork_and_kill

FORCES = [f"force-{i:02d}" for i in range(43)]


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _fake_site(root: Path, version: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text("committed readme\n", encoding="utf-8")
    for force in FORCES:
        (root / force).mkdir(exist_ok=True)
        (root / force / "index.html").write_text(f"{version} page of {force}\n", encoding="utf-8")
    (root / "staffordshire").mkdir(exist_ok=True)
    (root / "staffordshire" / "staffordshire-profile.ipynb").write_text("{\"committed\": 1}\n", encoding="utf-8")
    (root / "index.html").write_text(f"{version} index\n", encoding="utf-8")


@pytest.fixture()
def fake_pages(monkeypatch):
    """run_all and write_index stand-ins that write the 'new' version of every page (slowly when asked)."""
    pause = {"seconds": 0.0}

    def run_all(jobs=None, out_root=None, forces=None):
        for force in FORCES:
            folder = Path(out_root) / force
            staging = folder.with_name(f".{force}.staging-{os.getpid()}")
            staging.mkdir()
            (staging / "index.html").write_text(f"new page of {force}\n", encoding="utf-8")
            profiles._replace_folder(staging, folder)
            time.sleep(pause["seconds"])
        return []

    def write_index(out_root):
        atomic.write_atomic(Path(out_root) / "index.html", "new index\n")
        return Path(out_root) / "index.html"

    monkeypatch.setattr(profiles, "run_all", run_all)
    monkeypatch.setattr(S, "write_index", write_index)
    return pause


def _expected(tmp_path: Path, version: str) -> dict[str, str]:
    model = tmp_path / f"model-{version}"
    _fake_site(model, version)
    return _tree(model)


# --- the helpers ----------------------------------------------------------------------------------------------


def test_swap_folder_replaces_the_whole_folder(tmp_path):
    old, new = tmp_path / "site", tmp_path / ".site.staging-1"
    _fake_site(old, "old")
    _fake_site(new, "new")
    swap_folder(new, old)
    assert _tree(old) == _expected(tmp_path, "new") and not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_swap_folder_into_a_missing_target(tmp_path):
    new = tmp_path / ".site.staging-1"
    _fake_site(new, "new")
    swap_folder(new, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "new index\n" and not new.exists()


def test_swap_folder_without_the_atomic_exchange(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    old, new = tmp_path / "site", tmp_path / ".site.staging-1"
    _fake_site(old, "old")
    _fake_site(new, "new")
    swap_folder(new, old)
    assert _tree(old) == _expected(tmp_path, "new")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]


def test_killing_a_force_folder_swap_never_leaves_it_missing(tmp_path):
    """A force's folder swapped again and again (as `make profile` does) and SIGKILLed at random moments: the
    folder is always there and always one complete version."""
    folder = tmp_path / "force-01"
    versions = {}
    for version in ("a", "b"):
        model = tmp_path / f"model-{version}"
        model.mkdir()
        for i in range(20):
            (model / f"chart-{i}.svg").write_text(f"{version} {i}\n")
        versions[version] = _tree(model)
    (tmp_path / "model-a").rename(folder)

    def swap_forever():
        import shutil

        for n in range(10_000):
            staging = folder.with_name(f".force-01.staging-{os.getpid()}")
            shutil.copytree(tmp_path / "model-b" if n % 2 == 0 else folder, staging)
            if n % 2:
                for path in staging.iterdir():
                    path.write_text(path.read_text().replace("b ", "a ", 1))
            swap_folder(staging, folder)

    rng = random.Random(7)
    for delay in sorted(rng.uniform(0.01, 0.3) for _ in range(12)):
        fork_and_kill(swap_forever, delay)
        assert folder.is_dir(), f"the force's folder is missing after a kill at {delay:.3f}s"
        assert _tree(folder) in versions.values(), f"a mixed folder after a kill at {delay:.3f}s"
        with folder_lock(folder):
            remove_debris(folder)
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] in ([], [".force-01.lock"])


def test_debris_of_killed_runs_is_removed(tmp_path):
    site = tmp_path / "reports"
    _fake_site(site, "old")
    debris = [tmp_path / ".reports.staging-123", tmp_path / ".reports.old-456", site / ".force-01.staging-789",
              site / ".force-02.old-789"]
    for folder in debris:
        folder.mkdir()
        (folder / "index.html").write_text("half\n")
    files = [site / ".index.html.tmp-321", site / ".glossary.html.tmp-5"]
    for path in files:
        path.write_text("half")
    before = _tree(site)
    removed = remove_debris(site)
    assert sorted(removed) == sorted(debris + files)
    assert not any(p.exists() for p in debris + files)
    assert _tree(site) == {k: v for k, v in before.items() if not k.startswith(".")}


def test_a_site_left_missing_between_two_renames_is_put_back(tmp_path):
    site = tmp_path / "reports"
    old = tmp_path / ".reports.old-999"
    _fake_site(old, "old")
    remove_debris(site)
    assert _tree(site) == _expected(tmp_path, "old") and not old.exists()


def test_an_unfinished_staging_folder_is_never_published_by_recovery(tmp_path):
    site = tmp_path / "reports"
    staging = tmp_path / ".reports.staging-999"
    staging.mkdir()
    (staging / "index.html").write_text("half a site\n")
    remove_debris(site)
    assert not site.exists() and not staging.exists()


def test_the_lock_stops_a_second_run(tmp_path):
    site = tmp_path / "reports"
    with folder_lock(site):
        with pytest.raises(FolderBusyError, match="another run is writing this folder"):
            with folder_lock(site):
                pass
    with folder_lock(site):  # released: the next run may start
        pass


def test_the_lock_is_held_across_processes(tmp_path, fake_pages):
    site = tmp_path / "reports"
    _fake_site(site, "old")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            with folder_lock(site):
                os.write(write, b"x")
                time.sleep(5)
        finally:
            os._exit(0)
    os.read(read, 1)
    try:
        with pytest.raises(OutputError, match="another run is writing"):
            S.build_site(out_root=site)
        assert _tree(site) == _expected(tmp_path, "old")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


# --- build_site -------------------------------------------------------------------------------------------------


def test_build_site_replaces_every_page_and_keeps_what_it_does_not_build(tmp_path, fake_pages):
    site = tmp_path / "reports"
    _fake_site(site, "old")
    (tmp_path / ".reports.staging-4242").mkdir()  # a killed run's leftovers
    (site / ".force-03.old-4242").mkdir()
    S.build_site(out_root=site)
    assert _tree(site) == _expected(tmp_path, "new")  # README and the executed notebook carried over
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".reports.") and p.name != ".reports.lock"]
    assert not [p for p in site.rglob(".*")]


def test_profiles_replace_every_page_as_one_set_and_keep_the_index(tmp_path, fake_pages, monkeypatch):
    site = tmp_path / "reports"
    _fake_site(site, "old")
    monkeypatch.setattr(S.build_site, "__defaults__", (None, site, None, True))
    assert cli(["profiles"]) == 0
    expected = _expected(tmp_path, "new")
    expected["index.html"] = _expected(tmp_path, "old")["index.html"]
    assert _tree(site) == expected


def test_a_failed_force_leaves_the_old_site(tmp_path, fake_pages, monkeypatch):
    site = tmp_path / "reports"
    _fake_site(site, "old")

    def failing(jobs=None, out_root=None, forces=None):
        (Path(out_root) / FORCES[0] / "index.html").write_text("new\n")
        raise profiles.ProfileError("1 of 43 profiles failed: force-07")

    monkeypatch.setattr(profiles, "run_all", failing)
    with pytest.raises(profiles.ProfileError):
        S.build_site(out_root=site)
    assert _tree(site) == _expected(tmp_path, "old")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".reports.staging")]


@pytest.mark.parametrize("stage", ["pages", "index"])
def test_a_full_disk_leaves_the_old_site(tmp_path, fake_pages, monkeypatch, stage):
    site = tmp_path / "reports"
    _fake_site(site, "old")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "somewhere")

    if stage == "pages":
        monkeypatch.setattr(profiles, "run_all", full)
    else:
        monkeypatch.setattr(atomic, "_write_file", full)
    with pytest.raises(OutputError) as info:
        S.build_site(out_root=site)
    assert "No space left on device" in str(info.value) and "previous site" in str(info.value)
    assert "\n" not in str(info.value)
    assert _tree(site) == _expected(tmp_path, "old")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".reports.staging")]



@pytest.mark.slow
def test_killing_the_site_leaves_the_old_site_or_the_new_one(tmp_path, fake_pages):
    """SIGKILL at many moments of a run: after each, reports/ is the complete old site or the complete new one
    (never a mix of forces, never a missing force); the next run leaves no debris."""
    fake_pages["seconds"] = 0.002
    site = tmp_path / "reports"
    old, new = _expected(tmp_path, "old"), _expected(tmp_path, "new")
    rng = random.Random(19)
    delays = [0.0, 0.0] + sorted(rng.uniform(0, 0.4) for _ in range(14)) + [None, None]
    outcomes = {"old": 0, "new": 0}
    for delay in delays:
        _fake_site(site, "old")
        for path in list(site.rglob("*")):  # back to exactly the old site
            if path.is_file() and path.relative_to(site).as_posix() not in old:
                path.unlink()
        fork_and_kill(lambda: S.build_site(out_root=site), delay)
        now = _tree(site)
        assert now in (old, new), f"a mix of old and new pages after a kill at {delay}"
        outcomes["old" if now == old else "new"] += 1
        with folder_lock(site):
            remove_debris(site)
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".reports.") and p.name != ".reports.lock"]
        assert not [p for p in site.rglob(".*")]
    assert outcomes["new"] >= 2 and outcomes["old"] >= 2, outcomes


# --- the command line: one line, old outputs kept ---------------------------------------------------------------


def test_index_only_on_a_full_disk_ends_in_one_line(tmp_path, monkeypatch, capsys):
    site = tmp_path / "reports"
    _fake_site(site, "old")
    monkeypatch.setattr(S, "write_index", lambda out_root: atomic.write_atomic(Path(out_root) / "index.html", "x"))
    monkeypatch.setattr(S.write_index_only, "__defaults__", (site,))

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(atomic, "_write_file", full)
    assert cli(["site", "--index-only"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    assert "No space left on device" in err
    assert _tree(site) == _expected(tmp_path, "old") and not list(site.glob(".*"))


def test_the_site_on_a_full_disk_ends_in_one_line(tmp_path, monkeypatch, capsys, fake_pages):
    site = tmp_path / "reports"
    _fake_site(site, "old")
    monkeypatch.setattr(S.build_site, "__defaults__", (None, site, None, True))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "x")

    monkeypatch.setattr(profiles, "run_all", full)
    assert cli(["site"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "previous site" in err and "Traceback" not in err
    assert _tree(site) == _expected(tmp_path, "old")


def test_a_bad_register_stops_the_site_before_any_page(tmp_path, fake_pages, monkeypatch, capsys):
    from analysis.data.errors import DataError
    from analysis.pipeline import build as B

    site = tmp_path / "reports"
    _fake_site(site, "old")

    def bad(registers=None):
        raise DataError(Path("data/registers/why_missing.csv"), "unknown placeholder {covred}", row=3,
                        column="reason")

    monkeypatch.setattr(B, "check_registers", bad)
    monkeypatch.setattr(S.build_site, "__defaults__", (None, site, None, True))
    assert cli(["site"]) == 2
    err = _one_line(capsys)
    assert "why_missing.csv, row 3 (line 4), column 'reason'" in err and "{covred}" in err
    assert _tree(site) == _expected(tmp_path, "old")


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


# --- profile keeps the committed notebook -----------------------------------------------------------------------


@pytest.mark.slow
def test_profile_without_notebook_keeps_the_executed_notebook(tmp_path):
    folder = tmp_path / "staffordshire"
    folder.mkdir()
    notebook = folder / "staffordshire-profile.ipynb"
    notebook.write_text("{\"cells\": [], \"executed\": true}\n", encoding="utf-8")
    page = profiles.run_profile("Staffordshire", out_root=tmp_path)
    assert page == folder / "index.html" and page.is_file()
    assert notebook.read_text(encoding="utf-8") == "{\"cells\": [], \"executed\": true}\n"
    assert not list(tmp_path.rglob(".*"))  # no staging or old folder, no temporary file
