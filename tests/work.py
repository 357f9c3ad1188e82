"""Counting the work a call does, so that tests bound work instead of timing it.

A time limit fails on a loaded machine and passes on a fast one whatever the code does;
the number of function calls a piece of code makes is the same on every machine and
grows with the work it does (a pass over every node, a loop inside a loop). It does not
see inside one C call, such as a regular expression's backtracking: a test of that
bounds what such a call is given, or checks the property that keeps it linear.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class _OverBudget(BaseException):
    """Raised inside the measured code; a BaseException, so no `except Exception` in the
    code under test swallows it."""


def calls_made(function: Callable[[], object], limit: int | None = None) -> int:
    """How many Python and C functions `function()` calls, itself included. Past `limit`
    calls it is stopped and AssertionError raised: an endless loop fails, not hangs."""
    return measured(function, limit)[1]


def measured(function: Callable[[], T], limit: int | None = None) -> tuple[T, int]:
    """What `function()` returns, and the calls it made (see `calls_made`)."""
    count = 0

    def profile(frame, event, arg) -> None:  # noqa: ANN001 - sys.setprofile's signature
        nonlocal count
        if event in ("call", "c_call"):
            count += 1
            if limit is not None and count > limit:
                raise _OverBudget

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        result = function()
    except _OverBudget:
        raise AssertionError(f"more than {limit} calls: the work is not bounded") from None
    finally:
        sys.setprofile(previous)
    return result, count
