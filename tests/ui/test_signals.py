"""SIGTERM and SIGHUP (a closed terminal) end `trainer` promptly and cleanly: the progress file closed, every
answer kept, the process gone."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from uikit import NOW, SEED

from trainer.progress.store import ProgressStore


def read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def start(progress: Path, *extra: str) -> tuple[subprocess.Popen, int]:
    leader, follower = os.openpty()
    os.set_blocking(leader, False)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainer", "study", "khasham", "--progress", str(progress), "--now", NOW,
         "--seed", str(SEED), *extra],
        stdin=follower, stdout=follower, stderr=follower, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(follower)
    return proc, leader


def wait_until_saved(progress: Path, leader: int, timeout: float) -> None:
    """Until the answer's journal entry is whole on disk (reading what trainer writes meanwhile)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = progress.read_text(encoding="utf-8", errors="replace") if progress.is_file() else ""
        if "\n# end\n" in text[text.find("[[review]]") :]:  # the journal's first entry, whole
            return
        read_until(leader, b"\0never", 0.05)
    pytest.fail(f"no answer saved within {timeout} s")


def drain_until_exit(proc: subprocess.Popen, leader: int | None, timeout: float) -> bool:
    """Read what trainer writes (as a terminal does, so that its writes never block) until it exits."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if leader is None:
            time.sleep(0.1)
        else:
            read_until(leader, b"\0never", 0.2)
    return proc.poll() is not None


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("mode", ["app", "plain"])
def test_a_signal_ends_trainer_promptly_with_the_file_intact(tmp_path: Path, signum: int, mode: str) -> None:
    progress = tmp_path / "progress.toml"
    proc, leader = start(progress, *(["--plain"] if mode == "plain" else []))
    terminal: int | None = leader
    try:
        shown = read_until(leader, b"1" if mode == "app" else b"answer> ", timeout=60)
        assert shown, "trainer showed nothing"
        if mode == "app":  # line mode reads the answer once it has asked; the app takes keys once drawn
            read_until(leader, b"\0never", 1.0)
        os.write(leader, b"1" if mode == "app" else b"1\n")  # one answer, saved before the signal
        wait_until_saved(progress, leader, timeout=30)
        if signum == signal.SIGHUP:  # the terminal closed: its end of the pty goes, then the hangup
            os.close(leader)
            terminal = None
        proc.send_signal(signum)
        if not drain_until_exit(proc, terminal, timeout=15):
            pytest.fail(f"trainer was still running 15 s after {signal.Signals(signum).name}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if terminal is not None:
            os.close(terminal)
    # In line mode a closed terminal may end the input (then trainer exits on its own) before the hangup.
    assert proc.returncode in ((0,) if mode == "app" else (128 + signum, -signum, 0))
    store = ProgressStore.open(progress)  # loads: nothing torn, nothing corrupt
    assert len(store.reviews()) == 1  # the answer given before the signal
    assert not progress.with_name(progress.name + ".torn").exists()
