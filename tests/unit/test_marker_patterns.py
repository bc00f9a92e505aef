"""A bank's `marker_pattern` cannot hang `trainer validate` with catastrophic backtracking."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_loading import GOOD

from trainer.bank.markers import marker_pattern_problem

EVIL = [r"(a+)+$", r"(a|a)*$", r"(a*)*b", r"(.*a){20}", r"(a|aa)+$", r"(a)\1*$"]


@pytest.mark.parametrize("pattern", EVIL)
def test_an_evil_marker_pattern_is_a_clear_error_in_bounded_time(tmp_path: Path, pattern: str) -> None:
    folder = tmp_path / "bank"
    folder.mkdir()
    # Text the evil patterns backtrack on exponentially: a long run of a's that does not end as they want.
    (folder / "source.txt").write_text("[1] One is a number.\n\n" + "a" * 40 + "!\n")
    bank = folder / "bank.toml"
    bank.write_text(
        GOOD.replace('text_file = "source.txt"', f"text_file = \"source.txt\"\nmarker_pattern = '{pattern}'")
    )
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "trainer", "validate", str(bank)], capture_output=True, text=True, timeout=60
    )
    assert time.monotonic() - started < 30
    assert run.returncode == 1, run.stdout
    assert f"{bank}:9:18: error: marker_pattern " in run.stdout
    # `(a|a)*$` also matches empty text, the rule checked first.
    assert "exponential time" in run.stdout or "matches empty text" in run.stdout


@pytest.mark.parametrize(
    "pattern", [r"\[\d+\]", r"\[(?:\d+|gd)\]", r"\[\d+(?:–\d+)?\]", r"\^[a-z]{1,3}", r"\[[^\]]+\]"]
)
def test_ordinary_marker_patterns_are_accepted(pattern: str) -> None:
    assert marker_pattern_problem(pattern) is None
