"""Short human wording for times and shares, the same in every front end and export."""

from __future__ import annotations

from datetime import datetime


def counted(count: int, unit: str) -> str:
    """ "3 learners", "1 fact"."""
    return f"{count} {unit}{'' if count == 1 else 's'}"


def until(moment: datetime, now: datetime) -> str:
    """`in under a minute`, `in 10 minutes`, `in 3 days`, `in 2 months`; a moment already past is due now."""
    seconds = (moment - now).total_seconds()
    if seconds < 60:
        return "in under a minute" if seconds > 0 else "now"
    for size, unit in ((86400 * 30, "month"), (86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            return f"in {counted(round(seconds / size), unit)}"
    raise AssertionError("unreachable")


def until_at(moment: datetime, now: datetime) -> str:
    """`until`, with the local date and time: `in 3 days (2026-03-04 09:00)`."""
    return f"{until(moment, now)} ({moment.astimezone().strftime('%Y-%m-%d %H:%M')})"


def ago(moment: datetime | None, now: datetime) -> str:
    """`just now`, `5 minutes ago`, `3 days ago`; `never` for no moment."""
    if moment is None:
        return "never"
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            return f"{counted(int(seconds // size), unit)} ago"
    raise AssertionError("unreachable")


def percent(share: float | None) -> str:
    """`67%`; `—` where there is nothing to divide."""
    return "—" if share is None else f"{share:.0%}"
