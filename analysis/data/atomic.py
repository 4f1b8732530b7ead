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

For whole folders (the site, a force's page):

- :func:`swap_folder` puts a complete staging folder in place of a folder in one step: Linux
  ``renameat2(RENAME_EXCHANGE)`` exchanges the two names atomically, so the target is at every moment the
  complete old folder or the complete new one, never missing; the old one, now under the staging name, is
  then deleted.  (Where the exchange is not available, two renames, and :func:`remove_debris` of the next run
  puts back a folder left missing by a kill between them.)
- :func:`folder_lock` (``fcntl.flock`` on ``.<name>.lock`` beside the folder) stops two runs writing the
  same folder at once; :func:`remove_debris` then deletes what killed runs left beside and inside it
  (``.<name>.staging-<pid>``, ``.<name>.old-<pid>``, temporary files).

Any ``OSError`` (a full disk, a read-only folder) becomes one
:class:`~analysis.data.errors.OutputError` saying that the previous outputs are
unchanged.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.data.errors import OutputError
from analysis.data.paths import relative

__all__ = [
    "COMPLETE",
    "FolderBusyError",
    "folder_lock",
    "recover",
    "remove_debris",
    "replace_outputs",
    "staging_dir",
    "staging_dirs",
    "swap_folder",
    "write_atomic",
]

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


# --- whole folders ------------------------------------------------------------------------------------------
_RENAME_EXCHANGE = 2
_DEBRIS = re.compile(r"^\..+\.(staging|old|tmp)-\d+$|^\..+\.tmp-\d+$|^\..+\.tmp$")


class FolderBusyError(OutputError):
    """Another run holds the lock of the folder."""


def staging_dir(target: Path | str) -> Path:
    """The staging folder of this process for ``target``: ``.<name>.staging-<pid>`` beside it."""
    target = Path(target)
    return target.with_name(f".{target.name}.staging-{os.getpid()}")


def _exchange(a: Path, b: Path) -> bool:
    """Exchange the names ``a`` and ``b`` atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_folder(staging: Path | str, target: Path | str) -> None:
    """Put the complete folder ``staging`` in place of ``target`` in one step; the old folder is deleted."""
    staging, target = Path(staging), Path(target)
    if target.exists() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now the old folder
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def remove_debris(target: Path | str) -> list[Path]:
    """Delete the leftovers of killed runs beside ``target`` and one level inside it; return what was removed.

    Call it holding :func:`folder_lock`, so no live run owns them.  A ``target`` left missing by a kill between
    the two renames of the fallback swap is first put back from the old folder (a staging folder is never
    published by recovery: it may be one a kill cut short).
    """
    target = Path(target)
    if not target.parent.is_dir():
        return []
    if not target.exists():  # only the old folder is known to be complete and consistent
        found = [p for p in sorted(target.parent.glob(f".{target.name}.old-*")) if p.is_dir()]
        if found:
            found[0].rename(target)
    removed = []
    places = [target.parent.glob(f".{target.name}.*")]
    if target.is_dir():
        places.append(target.iterdir())
    for candidates in places:
        for path in list(candidates):
            if path.name == f".{target.name}.lock" or not _DEBRIS.match(path.name):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                _remove(path)
            removed.append(path)
    return removed


@contextmanager
def folder_lock(target: Path | str) -> Iterator[None]:
    """Hold an exclusive lock on ``target`` (the file ``.<name>.lock`` beside it) or raise FolderBusyError."""
    target = Path(target)
    lock_path = target.with_name(f".{target.name}.lock")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(lock_path, f"cannot create the lock file ({exc.strerror or exc})",
                          reason=exc.strerror or str(exc)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusyError(target, "another run is writing this folder; wait for it to finish (nothing "
                                  "was changed)", reason="locked") from None
        yield
    finally:
        os.close(fd)
