"""The installed `trainer` in a real terminal (tmux): a question appears, an answer is explained with its
citation, and the progress file (TOML) records the review."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from uikit import NOW, SEED, right_keys

from trainer.bank.loading import load_banks
from trainer.progress.store import ProgressStore
from trainer.study.clock import parse_now
from trainer.study.session import StudySession

pytestmark = [pytest.mark.terminal, pytest.mark.slow]

TRAINER = shutil.which("trainer")
TMUX = shutil.which("tmux")
TMUX_KEYS = {"up": "Up", "down": "Down", "enter": "Enter"}


def questions_until_cited(shadow: Path) -> list:
    """What the app will ask, answering each right, up to the first choice question with citation markers:
    the engine's own plan for the same bank, clock and seed, run on a file of its own."""
    asked = []
    with ProgressStore.open(shadow) as store:
        session = StudySession(load_banks(["khasham"]), store, now=parse_now(NOW), seed=SEED)
        while (question := session.current) is not None:
            asked.append(question)
            if question.citations and question.kind == "choice":
                return asked
            session.answer(question.answer, 0)
    pytest.fail("the bundled bank's session has no cited choice question")


# What a terminal or tmux around the test run tells programs about itself: the test's own tmux server, and
# the app in it, must not see it (inside tmux, the app took the outer terminal's word and drew only its footer).
OUTER_TERMINAL = ("TMUX", "TMUX_PANE", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "COLORTERM", "STY")


class Tmux:
    """A tmux server of the test's own (its own socket), in an environment of its own."""

    def __init__(self, socket: str) -> None:
        self.socket = socket
        self.env = {k: v for k, v in os.environ.items() if k not in OUTER_TERMINAL} | {
            "TERM": "xterm-256color"
        }

    def __call__(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=10, env=self.env
        )

    def close(self) -> None:
        """Stop the server and remove its socket: where tmux puts a `-L` socket, as the server is gone to
        ask once the app has ended (asking it left every run's socket behind)."""
        self("kill-server")
        self.socket_path.unlink(missing_ok=True)

    @property
    def socket_path(self) -> Path:
        return Path(self.env.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}" / self.socket

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "study").stdout

    def wait_for(self, found: Callable[[str], bool], what: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if found(text):
                return text
            time.sleep(0.1)
        pytest.fail(f"{what} did not appear; the screen:\n{self.screen()}")


@pytest.mark.skipif(TRAINER is None, reason="the `trainer` command is not installed (pip install .)")
@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_study_in_a_real_terminal(tmp_path: Path) -> None:
    progress = tmp_path / "progress.toml"
    asked = questions_until_cited(tmp_path / "shadow.toml")
    command = shlex.join(
        [TRAINER, "study", "khasham", "--progress", str(progress), "--now", NOW, "--seed", str(SEED)]
    )
    tmux = Tmux(f"trainer-test-{os.getpid()}-{time.monotonic_ns()}")
    try:
        started = tmux("new-session", "-d", "-s", "study", "-x", "100", "-y", "30", command)
        assert started.returncode == 0, started.stderr
        for n, question in enumerate(asked):
            if n:
                tmux("send-keys", "-t", "study", "Enter")
            shown = "1. " if question.kind == "choice" else "First at the top"
            tmux.wait_for(
                lambda s, q=question, shown=shown: q.prompt[:40] in s and shown in s, f"question {n + 1}"
            )
            for key in right_keys(question):
                tmux("send-keys", "-t", "study", TMUX_KEYS.get(key, key))
            screen = tmux.wait_for(lambda s: "✔ Right" in s, f"the feedback on question {n + 1}")
        assert question.citations[0] in screen  # explained with its citation
        tmux("send-keys", "-t", "study", "End")  # the source closes a long explanation
        tmux.wait_for(lambda s: question.source[:30] in s, "the source")

        tmux("send-keys", "-t", "study", "q")
        deadline = time.monotonic() + 10
        while tmux("has-session", "-t", "study").returncode == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        tmux.close()
    assert not tmux.socket_path.exists()

    document = tomllib.loads(progress.read_text(encoding="utf-8"))
    recorded = [(r["bank"], r["fact"], r["form"], r["correct"]) for r in document.get("review", [])]
    assert recorded == [(q.key.bank, q.key.fact, q.key.form, True) for q in asked]
