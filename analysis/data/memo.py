"""Memoisation for the national tables that every chart and profile reuses.

Results are keyed on the raw data folder in use (tests read corrupted copies)
and on the arguments, and each caller gets a deep copy, so a caller that
modifies its table cannot change anyone else's.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import TypeVar

from analysis.data.paths import raw_dir

__all__ = ["memoise"]

T = TypeVar("T")


def memoise(fn: Callable[..., T]) -> Callable[..., T]:
    """Cache ``fn``'s result per raw-data folder and arguments; return copies."""
    cache: dict[tuple, T] = {}

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = (raw_dir(), args, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = fn(*args, **kwargs)
        return copy.deepcopy(cache[key])

    wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
    return wrapper
