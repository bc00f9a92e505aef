"""The study day: local, turning over at 4 a.m., across time zones and DST changes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from trainer.study.clock import day_bounds, parse_now, study_day, utc_now

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
UTC = UTC


def local(tz, *args, fold=0) -> datetime:
    return datetime(*args, tzinfo=tz, fold=fold)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01T09:00:00+01:00", datetime(2026, 3, 1, 8, 0, tzinfo=UTC)),
        ("2026-03-01T09:00:00Z", datetime(2026, 3, 1, 9, 0, tzinfo=UTC)),
        ("2026-03-01 09:00-05:00", datetime(2026, 3, 1, 14, 0, tzinfo=UTC)),
        (" 2026-03-01T09:00:00.250+00:00 ", datetime(2026, 3, 1, 9, 0, 0, 250_000, tzinfo=UTC)),
    ],
)
def test_parse_now_aware(text, expected):
    parsed = parse_now(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    ("tz", "text", "expected"),
    [
        (BERLIN, "2026-01-15T09:00", datetime(2026, 1, 15, 8, 0, tzinfo=UTC)),
        (BERLIN, "2026-07-15T09:00", datetime(2026, 7, 15, 7, 0, tzinfo=UTC)),
        (NEW_YORK, "2026-01-15", datetime(2026, 1, 15, 5, 0, tzinfo=UTC)),
    ],
)
def test_parse_now_naive_is_local(tz, text, expected):
    assert parse_now(text, tz=tz) == expected


def test_parse_now_naive_uses_system_zone():
    code = "from trainer.study.clock import parse_now; print(parse_now('2026-01-15T09:00').isoformat())"
    env = {**os.environ, "TZ": "America/New_York"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "2026-01-15T14:00:00+00:00"


@pytest.mark.parametrize(
    "text", ["", "yesterday", "2026-13-01", "2026-02-30T10:00", "10:00", "2026-03-01T25:00"]
)
def test_parse_now_rejects_with_clear_message(text):
    with pytest.raises(ValueError, match="ISO 8601") as info:
        parse_now(text)
    assert repr(text) in str(info.value)


def test_utc_now_is_aware_utc():
    assert utc_now().tzinfo is UTC


@pytest.mark.parametrize(
    ("moment", "tz", "day"),
    [
        # 03:30 local belongs to the day before; 04:00 starts the new one.
        (local(BERLIN, 2026, 5, 10, 3, 30), BERLIN, date(2026, 5, 9)),
        (local(BERLIN, 2026, 5, 10, 3, 59, 59), BERLIN, date(2026, 5, 9)),
        (local(BERLIN, 2026, 5, 10, 4, 0), BERLIN, date(2026, 5, 10)),
        (local(BERLIN, 2026, 5, 10, 23, 59), BERLIN, date(2026, 5, 10)),
        # The same instant is a different study day in another zone.
        (datetime(2026, 5, 10, 1, 0, tzinfo=UTC), BERLIN, date(2026, 5, 9)),  # 03:00 CEST
        (datetime(2026, 5, 10, 1, 0, tzinfo=UTC), TOKYO, date(2026, 5, 10)),  # 10:00 JST
        (datetime(2026, 5, 10, 1, 0, tzinfo=UTC), NEW_YORK, date(2026, 5, 9)),  # 21:00 EDT
        # DST days: spring forward (02:00 -> 03:00) and fall back (03:00 -> 02:00 in Berlin).
        (local(BERLIN, 2026, 3, 29, 3, 30), BERLIN, date(2026, 3, 28)),
        (local(BERLIN, 2026, 3, 29, 4, 0), BERLIN, date(2026, 3, 29)),
        (local(BERLIN, 2026, 10, 25, 3, 30), BERLIN, date(2026, 10, 24)),
        (local(NEW_YORK, 2026, 3, 8, 3, 30), NEW_YORK, date(2026, 3, 7)),
        (local(NEW_YORK, 2026, 11, 1, 1, 30), NEW_YORK, date(2026, 10, 31)),
        (local(NEW_YORK, 2026, 11, 1, 1, 30, fold=1), NEW_YORK, date(2026, 10, 31)),
        (local(NEW_YORK, 2026, 11, 1, 4, 0), NEW_YORK, date(2026, 11, 1)),
    ],
)
def test_study_day(moment, tz, day):
    assert study_day(moment, 4, tz) == day
    assert study_day(moment.astimezone(UTC), 4, tz) == day


@pytest.mark.parametrize("hour", [0, 4, 12, 23])
def test_study_day_start_hour(hour):
    start = local(BERLIN, 2026, 5, 10, hour, 0)
    assert study_day(start, hour, BERLIN) == date(2026, 5, 10)
    assert study_day(start - timedelta(seconds=1), hour, BERLIN) == date(2026, 5, 9)


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        (BERLIN, date(2026, 3, 28), 23),  # ends 4 a.m. on 29 March, after the clocks went forward
        (BERLIN, date(2026, 3, 29), 24),
        (BERLIN, date(2026, 10, 24), 25),
        (NEW_YORK, date(2026, 3, 7), 23),
        (NEW_YORK, date(2026, 10, 31), 25),
        (NEW_YORK, date(2026, 7, 1), 24),
        (TOKYO, date(2026, 3, 28), 24),
    ],
)
def test_day_bounds_length_and_consistency(tz, day, hours):
    start, end = day_bounds(day, 4, tz)
    assert start.tzinfo is UTC and end.tzinfo is UTC
    assert end - start == timedelta(hours=hours)
    assert start.astimezone(tz).hour == 4 and end.astimezone(tz).hour == 4
    assert study_day(start, 4, tz) == day
    assert study_day(end - timedelta(microseconds=1), 4, tz) == day
    assert study_day(end, 4, tz) == day + timedelta(days=1)


def test_study_day_walk_over_a_year_matches_bounds():
    # Every hour of a year in New York: each instant lies within the bounds of its own study day.
    t = datetime(2026, 1, 1, tzinfo=UTC)
    while t.year == 2026:
        day = study_day(t, 4, NEW_YORK)
        start, end = day_bounds(day, 4, NEW_YORK)
        assert start <= t < end
        t += timedelta(hours=1)


def test_system_local_zone_honours_tz():
    code = (
        "from datetime import datetime, timezone, date;"
        "from trainer.study.clock import study_day, day_bounds;"
        "print(study_day(datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)));"  # 03:30 CEST
        "s, e = day_bounds(date(2026, 3, 28)); print((e - s).total_seconds() / 3600)"
    )
    env = {**os.environ, "TZ": "Europe/Berlin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2026-03-28", "23.0"]


@pytest.mark.parametrize("hour", [-1, 24])
def test_bad_day_start_hour(hour):
    with pytest.raises(ValueError, match="0 to 23"):
        study_day(utc_now(), hour)
    with pytest.raises(ValueError, match="0 to 23"):
        day_bounds(date(2026, 1, 1), hour)


def test_study_day_rejects_naive():
    with pytest.raises(ValueError, match="aware"):
        study_day(datetime(2026, 1, 1), 4)
