"""What the app's start-up leaves unimported until it is needed: the fuzzy matcher (a typed miss), and the
standard library's TOML parser (a text the nesting scan cannot vouch for; every file trainer wrote is one it
can)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
import trainer.tui.app, trainer.tui.screens.question
from trainer.bank.loading import load_banks
from trainer.paths import bank_cache
from trainer.progress.store import ProgressStore
from trainer.study.session import StudySession
banks = load_banks(["khasham"], bank_cache())
with ProgressStore.open(sys.argv[1]) as store:
    session = StudySession(banks, store, seed=1)
    assert session.current is not None
    if sys.argv[2] == "answer":
        session.answer(session.current.answer, 1000)
print(*(name in sys.modules for name in ("rapidfuzz", "tomllib")))
"""


def test_the_first_question_needs_neither_the_fuzzy_matcher_nor_tomllib(tmp_path):
    env = {**os.environ, "TRAINER_CACHE_DIR": str(tmp_path / "cache")}
    progress = str(tmp_path / "progress.toml")
    for step in ("answer", "start"):  # the second start opens the file the first wrote
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT, progress, step],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "False"]
