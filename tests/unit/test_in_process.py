"""The test infrastructure itself: `in_process.run` reports what a separate process would and leaves the test
process as it found it; the default run skips the tests marked `slow` and CI=true runs them."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import in_process
import pytest

from trainer.commands import schema


def test_an_escaped_exception_is_a_traceback_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(schema, "run", broken)
    ran = in_process.run("schema")
    assert ran.returncode == 1 and "Traceback" in ran.stderr and "RuntimeError: boom" in ran.stderr


def test_exit_codes_output_and_input_are_a_processs(tmp_path) -> None:
    assert in_process.run("--version").returncode == 0
    usage = in_process.run("stats", "--limit", "x")
    assert usage.returncode == 2 and "usage: trainer" in usage.stderr and usage.stdout == ""
    progress = tmp_path / "p.toml"
    answered = in_process.run("study", "--plain", "--progress", str(progress), input="1\nq\n")
    assert answered.returncode == 0 and "answer> " in answered.stdout and progress.is_file()


def test_the_test_process_is_left_as_it_was(tmp_path) -> None:
    before = (sys.stdin, sys.stdout, sys.stderr, dict(os.environ), os.getcwd(), time.timezone)
    handlers = [signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGALRM)]
    # `trainer study` installs its own SIGTERM and SIGHUP handlers; TZ moves the local zone.
    ran = in_process.run(
        "study", "--plain", "--progress", str(tmp_path / "p.toml"), input="q\n",
        env={"TZ": "Pacific/Kiritimati", "TRAINER_LEARNER": None}, cwd=tmp_path,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert (sys.stdin, sys.stdout, sys.stderr, dict(os.environ), os.getcwd(), time.timezone) == before
    assert [signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGALRM)] == handlers


def test_a_command_that_blocks_fails_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "run", lambda args: time.sleep(30) or 0)
    with pytest.raises(AssertionError, match=r"did not finish within 0\.2 s"):
        in_process.run("schema", timeout=0.2)


def _items() -> list[SimpleNamespace]:
    def item(slow: bool) -> SimpleNamespace:
        marks: list[pytest.MarkDecorator] = []
        return SimpleNamespace(
            get_closest_marker=lambda name: object() if slow and name == "slow" else None,
            add_marker=marks.append,
            marks=marks,
        )

    return [item(slow=True), item(slow=False)]


@pytest.mark.parametrize(
    ("ci", "markexpr", "skipped"), [(False, "", True), (True, "", False), (False, "slow", False)]
)
def test_slow_tests_are_skipped_by_default_only(
    pytestconfig: pytest.Config, monkeypatch: pytest.MonkeyPatch, ci: bool, markexpr: str, skipped: bool
) -> None:
    root = str(Path(__file__).parents[1] / "conftest.py")
    conftest = next(p for p in pytestconfig.pluginmanager.get_plugins() if getattr(p, "__file__", "") == root)
    monkeypatch.setattr(conftest, "_CI", ci)
    slow, quick = _items()
    conftest.pytest_collection_modifyitems(
        SimpleNamespace(option=SimpleNamespace(markexpr=markexpr)), [slow, quick]
    )
    assert [m.name for m in slow.marks] == (["skip"] if skipped else [])
    assert quick.marks == []
