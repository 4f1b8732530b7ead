"""Write outputs so that a reader never sees a half-written file or a mix of old and new files.

Two tools:

- :func:`write_atomic` writes one file: the bytes go to a temporary file in the
  same folder, which is flushed to disk and then renamed over the target
  (``os.replace`` is atomic on POSIX), so the target is always either the old
  file or the complete new one.
- :func:`replace_outputs` is a context manager for a whole set of outputs: the
  caller writes every file into a *staging* folder next to the output folder
  (``.processed.tmp-<pid>`` beside ``processed``); only when all of them are
  written is a ``COMPLETE`` marker (the list of files) put in place, and then
  each file is moved over its target.  If the process is killed while the files
  are being moved, the next call (or :func:`recover`) finishes the move from the
  marker, so the folder ends with the complete new set.  A staging folder
  without its marker belongs to a run that did not finish: it is deleted and
  the previous outputs stay as they were.

Any ``OSError`` (a full disk, a read-only folder) becomes one
:class:`~analysis.data.errors.OutputError` saying that the previous outputs are
unchanged.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.data.errors import OutputError
from analysis.data.paths import relative

__all__ = ["COMPLETE", "recover", "replace_outputs", "staging_dirs", "write_atomic"]

#: Name of the marker listing the files of a staging folder that is ready to be moved into place.
COMPLETE = ".COMPLETE"
_TMP = ".tmp-"


def _write_file(path: Path, data: bytes) -> None:
    """Write and flush ``data`` to a new file ``path`` (the one place that writes bytes; tests patch it)."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_atomic(path: Path | str, data: bytes | str) -> None:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` atomically: old file or complete new one."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}{_TMP}{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_file(tmp, payload)
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        reason = exc.strerror or str(exc)
        raise OutputError(path, f"could not write the file ({reason}); the previous version, if any, is "
                          "unchanged", reason=reason) from None


def staging_dirs(out_dir: Path) -> list[Path]:
    """Staging folders left beside ``out_dir`` (by this or an interrupted run)."""
    out_dir = Path(out_dir)
    if not out_dir.parent.is_dir():
        return []
    return sorted(p for p in out_dir.parent.glob(f".{out_dir.name}{_TMP}*") if p.is_dir())


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out_dir: Path) -> None:
    """Finish a move interrupted by a kill; delete staging folders of runs that died before finishing."""
    for stage in staging_dirs(out_dir):
        marker = stage / COMPLETE
        if marker.is_file():
            _move_into_place(stage, Path(out_dir))
            continue
        pid = stage.name.rsplit(_TMP, 1)[-1]
        if not pid.isdigit() or not _alive(int(pid)):
            shutil.rmtree(stage, ignore_errors=True)


def _move_into_place(stage: Path, out_dir: Path) -> None:
    names = [n for n in (stage / COMPLETE).read_text(encoding="utf-8").splitlines() if n]
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = stage / name
        if source.exists():  # absent when an interrupted move already took it
            (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, out_dir / name)
    shutil.rmtree(stage)


@contextmanager
def replace_outputs(out_dir: Path | str) -> Iterator[Path]:
    """Yield a staging folder; when the block ends without error, move every file in it over ``out_dir``.

    Files of ``out_dir`` that the block did not write are left alone.  On an
    exception nothing in ``out_dir`` changes; an ``OSError`` is turned into one
    :class:`OutputError` that says so.
    """
    out_dir = Path(out_dir)
    stage = out_dir.parent / f".{out_dir.name}{_TMP}{os.getpid()}"
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        recover(out_dir)
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        yield stage
        names = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file())
        write_atomic(stage / COMPLETE, "".join(f"{n}\n" for n in names))
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        reason = exc.strerror or str(exc)
        raise OutputError(out_dir, f"could not write the outputs ({reason}); nothing was replaced: the "
                          f"previous outputs in {relative(out_dir)} are unchanged", reason=reason) from None
    except OutputError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        name = exc.path.name.split(_TMP)[0].lstrip(".") if exc.path.name.startswith(".") else exc.path.name
        raise OutputError(out_dir, f"could not write {name} ({exc.reason}); nothing was replaced: the "
                          f"previous outputs in {relative(out_dir)} are unchanged", reason=exc.reason) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    try:
        _move_into_place(stage, out_dir)
    except OSError as exc:  # pragma: no cover - a rename in one folder does not need space
        raise OutputError(out_dir, f"could not move the new outputs into place ({exc.strerror or exc}); "
                          f"rerun to finish (the complete new set waits in {relative(stage)})") from None


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
