"""Time: `--now` parsing and the study day.

Everything is stored in UTC; only the study day (for the daily new-item limit and statistics) is local. Like
Anki, a study day turns over at a local hour (4 a.m. by default), so a review at 1 a.m. still counts for the
evening before. `tz=None` means the system's local zone (which honours `TZ`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

DAY_START_HOUR = 4
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(4000, 1, 1, tzinfo=UTC)
"""Stored times (a progress file's) lie in [EARLIEST, LATEST). `--now` stays a millennium short of LATEST,
which leaves room for any due date FSRS gives (its longest interval is a century) and for the date
arithmetic of schedules and statistics, which would overflow at the end of the calendar."""
LATEST_NOW = datetime(3000, 1, 1, tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_now(text: str, tz: tzinfo | None = None) -> datetime:
    """An ISO 8601 date-time as aware UTC; a value without an offset is local time (in `tz` if given)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not an ISO 8601 date-time; give e.g. 2026-03-01T09:00 or 2026-03-01T09:00:00+01:00"
        ) from None
    if moment.tzinfo is None and tz is not None:
        moment = moment.replace(tzinfo=tz)
    outside = ValueError(
        f"{text!r} is outside the years trainer schedules in ({EARLIEST.year} to {LATEST_NOW.year - 1})"
    )
    try:
        # A naive datetime's astimezone() reads it as system local time.
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):  # 0001-01-01T00:00 east of UTC, 9999-12-31T23:59 west of it
        raise outside from None
    if not EARLIEST <= moment < LATEST_NOW:
        raise outside
    return moment


def _check_hour(day_start_hour: int) -> None:
    if not 0 <= day_start_hour <= 23:
        raise ValueError(f"day start hour must be 0 to 23, not {day_start_hour}")


def study_day(moment: datetime, day_start_hour: int = DAY_START_HOUR, tz: tzinfo | None = None) -> date:
    """The local study day `moment` belongs to: the local date, with the day turning over at `day_start_hour`."""
    _check_hour(day_start_hour)
    if moment.tzinfo is None:
        raise ValueError("study_day needs an aware datetime")
    local = moment.astimezone(tz)
    # Wall-clock arithmetic on purpose: 03:30 local is "yesterday" whatever the DST offset.
    return (local.replace(tzinfo=None) - timedelta(hours=day_start_hour)).date()


def day_bounds(
    day: date, day_start_hour: int = DAY_START_HOUR, tz: tzinfo | None = None
) -> tuple[datetime, datetime]:
    """The UTC instants [start, end) of study day `day`; 23 or 25 hours long on a DST change."""
    _check_hour(day_start_hour)

    def start_of(d: date) -> datetime:
        # With tz=None the naive value is read as system local time by astimezone().
        return datetime.combine(d, time(day_start_hour), tzinfo=tz).astimezone(UTC)

    return start_of(day), start_of(day + timedelta(days=1))
