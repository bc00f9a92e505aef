"""Short human wording for times and shares."""

from __future__ import annotations

from datetime import datetime


def until(moment: datetime, now: datetime) -> str:
    """`in 10 minutes`, `in 3 days`."""
    seconds = (moment - now).total_seconds()
    if seconds < 60:
        return "in under a minute"
    for size, unit in ((86400 * 30, "month"), (86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = round(seconds / size)
            return f"in {count} {unit}{'' if count == 1 else 's'}"
    raise AssertionError("unreachable")


def ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    raise AssertionError("unreachable")


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"
