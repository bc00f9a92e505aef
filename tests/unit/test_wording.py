"""The wording of times and shares that every front end and export uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trainer.wording import ago, percent, until, until_at

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=-600), "now"),
        (timedelta(0), "now"),
        (timedelta(seconds=29), "in under a minute"),
        (timedelta(seconds=60), "in 1 minute"),
        (timedelta(minutes=1, seconds=29), "in 1 minute"),
        (timedelta(minutes=10), "in 10 minutes"),
        (timedelta(hours=5), "in 5 hours"),
        (timedelta(days=1), "in 1 day"),
        (timedelta(days=12, hours=3), "in 12 days"),
        (timedelta(days=75), "in 2 months"),
    ],
)
def test_until(delta, words):
    assert until(NOW + delta, NOW) == words


def test_until_at_adds_the_local_date_and_time(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    import time

    time.tzset()
    try:
        assert until_at(NOW + timedelta(days=3), NOW) == "in 3 days (2026-03-04 10:00)"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (None, "never"),
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(hours=2, minutes=59), "2 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=40), "40 days ago"),
    ],
)
def test_ago(delta, words):
    assert ago(None if delta is None else NOW - delta, NOW) == words


@pytest.mark.parametrize(
    ("share", "shown"), [(None, "—"), (0.0, "0%"), (2 / 3, "67%"), (0.995, "100%"), (1, "100%")]
)
def test_percent(share, shown):
    assert percent(share) == shown
