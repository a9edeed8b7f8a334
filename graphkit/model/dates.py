"""Partial ISO dates as day ranges, and the time window of a view.

A date is active from its first to its last day: ``2024-12`` covers December. Days are
``YYYYMMDD`` integers, so that ranges compare as numbers — in Python here, and in the
SQL that reads imported datasets (:mod:`graphkit.model.imported`).

Examples
--------
>>> date_bounds("2024-12"), window("2019", None)
((20241201, 20241231), (20190101, 99991231))
"""

from __future__ import annotations

import calendar
import re

from graphkit.errors import GraphkitError

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

#: A range of days, first and last included, as ``YYYYMMDD`` integers.
Interval = tuple[int, int]


def date_bounds(value: object) -> Interval | None:
    """First and last day of a partial ISO date, as ``YYYYMMDD`` integers.

    Returns ``None`` for ``None`` and for dates without a year (``--07-11``).

    Examples
    --------
    >>> date_bounds("2024-12"), date_bounds(2019), date_bounds("--07-11")
    ((20241201, 20241231), (20190101, 20191231), None)
    """
    if value is None:
        return None
    match = _PARTIAL_DATE.match(str(value).strip())
    if not match:
        return None
    year, month, day = match.groups()
    base = int(year) * 10000
    if month is None:
        return base + 101, base + 1231
    base += int(month) * 100
    if day is None:
        return base + 1, base + 31
    return base + int(day), base + int(day)


def _real(text: str) -> bool:
    """Whether the partial ISO date *text* names a real month or day (not ``2024-13``)."""
    year, month, day = _PARTIAL_DATE.match(text).groups()
    if month is None:
        return True
    if not 1 <= int(month) <= 12:
        return False
    return day is None or 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]


def window(since: object, until: object) -> Interval | None:
    """The days from *since* to *until* (a year or a partial ISO date each, either may be
    None); None when both are.

    Raises
    ------
    GraphkitError
        For a value that is not a date (``2024-13`` neither), or a window that ends before
        it starts.

    Examples
    --------
    >>> window(None, "2020-06"), window(None, None)
    ((0, 20200631), None)
    """
    if since is None and until is None:
        return None
    lo = date_bounds(since) if since is not None else (0, 0)
    hi = date_bounds(until) if until is not None else (99991231, 99991231)
    for given, bounds in ((since, lo), (until, hi)):
        if bounds is None:
            raise GraphkitError(f"{given!r} is not a year or a date (use YYYY, YYYY-MM or "
                                "YYYY-MM-DD)")
        if given is not None and not _real(str(given).strip()):
            raise GraphkitError(f"{given!r} is not a real date")
    if lo[0] > hi[1]:
        raise GraphkitError(f"the window is empty: since {since} is after until {until}")
    return lo[0], hi[1]
