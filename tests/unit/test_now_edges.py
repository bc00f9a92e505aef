"""`--now` at the ends of the calendar is a usage error (exit 2) in every command, never an OverflowError."""

from __future__ import annotations

import in_process
import pytest

from trainer.cli import main
from trainer.study.clock import parse_now

EDGES = [
    "9999-12-31T23:59",
    "9999-12-31T23:59:59-05:00",
    "0001-01-01T00:00+01:00",
    "0001-01-01",
    "3000-01-01T00:00Z",
]
MESSAGE = "outside the years trainer schedules in (1900 to 2999)"


@pytest.mark.parametrize("now", EDGES)
@pytest.mark.parametrize(
    "command", [["stats"], ["export", "--format", "json"], ["report", "x.json"]], ids=str
)
def test_a_calendar_edge_now_is_a_usage_error(capsys, command: list[str], now: str) -> None:
    assert main([*command, "--now", now]) == 2
    err = capsys.readouterr().err
    assert MESSAGE in err and "Traceback" not in err


@pytest.mark.parametrize("command", [["study", "--plain"], []], ids=["study --plain", "the app"])
def test_a_calendar_edge_now_is_a_usage_error_in_study_and_the_app(command: list[str]) -> None:
    for now in EDGES:
        run = in_process.run(*command, "--now", now, env={"TZ": "America/New_York"}, timeout=30)
        assert run.returncode == 2, (now, run.stderr)
        assert MESSAGE in run.stderr and "Traceback" not in run.stderr


def test_ordinary_times_still_parse() -> None:
    assert parse_now("2999-12-31T23:59Z").year == 2999
    assert parse_now("1900-01-01T00:00Z").year == 1900
