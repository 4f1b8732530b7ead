"""Shared by the kill tests (build, site, class): run a write path in a child and SIGKILL it mid-way."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable

__all__ = ["fork_and_kill"]


def fork_and_kill(target: Callable[[], object], delay: float | None) -> None:
    """Run ``target`` in a forked child and SIGKILL it after ``delay`` seconds (``None``: let it finish)."""
    pid = os.fork()
    if pid == 0:  # the child: run the real write path, never return into pytest
        code = 1
        try:
            target()
            code = 0
        finally:
            os._exit(code)
    if delay is not None:
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
