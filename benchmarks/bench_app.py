"""The study app's figures, each measured in a pseudo-terminal against the real `trainer` process:

1. start-up: spawn to the first question on screen, against a minimal Textual app (Header, Static, Footer)
   spawned and timed the same way in the same run (target: at most 1.5x); with the bank in the cache of
   validated banks, as at every start but the first after a bank is installed or edited, and, reported
   apart, with an empty cache (that first start, which validates the bank with pydantic);
2. answer to feedback: pressing an answer to the verdict on screen, with a 100,000-review history in the
   progress file (target: under 50 ms); each process answers several questions, the first answer (which
   also loads the feedback screen's code and styles) reported apart;
3. peak memory (RSS high-water mark of the app process) with that history (target: under 150 MB).

Run: python benchmarks/bench_app.py [--runs N] [--bank NAME]
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

NOW = "2026-03-01T09:00:00+00:00"
SEED = 1
SIZE = (24, 80)
ANSWERS = 8
"""Answers timed per app process (each answered right, so the session's order is known in advance)."""
ANSI = re.compile(
    rb"\x1b(\[[0-9;?<>=$ ]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[()][0-9A-Za-z]|[=>78cDEHM])"
)
VERDICTS = ("✔ Right", "✘ Wrong", "✘ Partly right")
TERMINAL_KEYS = {"up": "\x1b[A", "down": "\x1b[B", "enter": "\r"}
MINIMAL_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Static("Minimal app ready")
            yield Footer()

    Minimal().run()
    """
)


class Terminal:
    """A child process on a pseudo-terminal of SIZE, whose screen text we watch (escape codes stripped)."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            os.execvpe(argv[0], argv, {**os.environ, "TERM": "xterm-256color", **(env or {})})
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
        self.seen = b""

    def wait_for(self, *texts: str, timeout: float = 30.0) -> float:
        """Seconds from now until one of `texts` shows; reads everything the child writes meanwhile."""
        start = time.perf_counter()
        wanted = [t.encode() for t in texts]
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                self.seen += chunk
                plain = ANSI.sub(b"", self.seen)
                if any(w in plain for w in wanted):
                    self.seen = b""
                    return time.perf_counter() - start
        raise TimeoutError(f"none of {texts} appeared; last output: {ANSI.sub(b'', self.seen)[-500:]!r}")

    def settle(self, seconds: float) -> None:
        """Read and drop what the child draws for `seconds`: a pause before the next key, as a person makes."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            if select.select([self.fd], [], [], left)[0]:
                try:
                    os.read(self.fd, 65536)
                except OSError:
                    return
        self.seen = b""

    def press(self, key: str) -> None:
        os.write(self.fd, key.encode())

    def finish(self) -> int:
        """End the child the way closing the terminal does (SIGHUP) and return its peak RSS in bytes."""
        os.kill(self.pid, signal.SIGHUP)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            try:  # drain, so the child never blocks writing its last frames
                if select.select([self.fd], [], [], 0.05)[0]:
                    os.read(self.fd, 65536)
            except OSError:
                pass
            pid, _status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return usage.ru_maxrss * 1024
        os.kill(self.pid, signal.SIGKILL)
        _pid, _status, usage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return usage.ru_maxrss * 1024


def plan(banks: list[str], progress: Path, count: int) -> list[tuple[str, str, str]]:
    """(prompt, moves, key) for the first `count` questions the app will ask when each is answered right:
    the engine's own plan, on a copy of the file (closing a store may compact it). `key` is the one timed:
    a choice's number, or Enter after the moves that put an ordering's items in order."""
    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    from uikit import right_keys  # the keys the app's tests answer with

    from trainer.bank.loading import load_banks
    from trainer.progress.store import ProgressStore
    from trainer.study.clock import parse_now
    from trainer.study.session import StudySession

    scratch = progress.with_name(f"scratch-{progress.name}")
    if progress.exists():
        copy_progress(progress, scratch)
    store = ProgressStore.open(scratch)
    try:
        session = StudySession(load_banks(banks), store, now=parse_now(NOW), seed=SEED)
        asked = []
        while (q := session.current) is not None and len(asked) < count:
            *moves, key = right_keys(q)
            asked.append(
                (q.prompt, "".join(TERMINAL_KEYS.get(m, m) for m in moves), TERMINAL_KEYS.get(key, key))
            )
            session.answer(q.answer, 0)
        assert asked, "nothing to study"
        return asked
    finally:
        store.close()


def trainer_argv(banks: list[str], progress: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "trainer",
        "app",
        *banks,
        "--progress",
        str(progress),
        "--now",
        NOW,
        "--seed",
        str(SEED),
    ]


def visible_start(prompt: str) -> str:
    # The prompt's opening words: a line may wrap further on, but its start is drawn in one piece.
    return prompt[:24]


def bench_startup(banks: list[str], runs: int, workdir: Path) -> dict:
    minimal = workdir / "minimal_app.py"
    minimal.write_text(MINIMAL_APP)
    progress = workdir / "startup-progress.toml"
    marker = visible_start(plan(banks, progress, 1)[0][0])
    base, cold, warm, rss = [], [], [], []
    for _ in range(runs):  # interleaved, so drift in machine load hits all alike
        t = Terminal([sys.executable, str(minimal)])
        t.wait_for("Minimal app ready")
        base.append(time.perf_counter() - t.started)
        rss.append(t.finish())
        shutil.rmtree(os.environ["TRAINER_CACHE_DIR"], ignore_errors=True)
        for times in (cold, warm):  # the cold start fills the cache for the warm one
            t = Terminal(trainer_argv(banks, progress))
            t.wait_for(marker)
            times.append(time.perf_counter() - t.started)
            t.finish()
    assert not progress.exists(), "start-up runs must not write the progress file"
    b, c, w = statistics.median(base), statistics.median(cold), statistics.median(warm)
    return {
        "minimal_ms": b * 1000,
        "trainer_ms": w * 1000,
        "ratio": w / b,
        "cold_ms": c * 1000,
        "cold_ratio": c / b,
        "minimal_rss_mb": max(rss) / 2**20,
    }


def build_histories(workdir: Path) -> dict[str, Path]:
    """The progress benchmark's heavy learner (100,000 real reviews, scaled up, of 10,000 items of another
    bank), laid out as the store leaves it: with its journal half full (a typical answer) and one entry
    short of compaction (the answer that compacts, and the slowest start-up)."""
    from bench_progress import build_reviews, lay_out, real_log, scaled_history

    from trainer.progress.store import JOURNAL_LIMIT

    reviews = build_reviews(scaled_history(real_log()))
    assert len(reviews) == 100_000
    layouts = {"typical": JOURNAL_LIMIT // 2, "compacting": JOURNAL_LIMIT - 1}
    for name, journal in layouts.items():
        lay_out(workdir / f"{name}.toml", reviews, journal)
    return {name: workdir / f"{name}.toml" for name in layouts}


def copy_progress(source: Path, target: Path) -> None:
    """A progress file with its archived history parts."""
    from trainer.progress.mainfile import history_dir

    shutil.copyfile(source, target)
    shutil.rmtree(history_dir(target), ignore_errors=True)
    if history_dir(source).is_dir():
        shutil.copytree(history_dir(source), history_dir(target))
    # Flush the copy now, or the first answer's fsync pays for writing the whole file out.
    os.sync()


def study(
    banks: list[str], pristine: Path, questions: list[tuple[str, str, str]], scratch: Path
) -> tuple[float, list[float], int]:
    """One app process on a fresh copy of `pristine`, answering `questions` right: (start-up s, seconds
    from each answer's key to its feedback, peak RSS bytes)."""
    copy_progress(pristine, scratch)
    t = Terminal(trainer_argv(banks, scratch))
    latencies = []
    for n, (prompt, moves, key) in enumerate(questions):
        if n:
            t.settle(0.3)
            t.press("\r")  # on to the next question
        t.wait_for(visible_start(prompt))
        if not n:
            startup = time.perf_counter() - t.started
        if moves:
            t.press(moves)  # an ordering's items put in order; only its Enter is timed
        t.settle(0.3)  # time the answer alone
        t.press(key)
        latencies.append(t.wait_for(*VERDICTS))
    return startup, latencies, t.finish()


def bench_history(banks: list[str], runs: int, workdir: Path) -> dict:
    files = build_histories(workdir)
    typical_plan = plan(banks, files["typical"], ANSWERS)
    typical = [study(banks, files["typical"], typical_plan, workdir / "t.toml") for _ in range(runs)]
    compacting_plan = plan(banks, files["compacting"], 1)
    compacting = [
        study(banks, files["compacting"], compacting_plan, workdir / "c.toml")
        for _ in range(max(1, runs // 2))
    ]
    later = [seconds for _, latencies, _ in typical for seconds in latencies[1:]]
    return {
        "startup_ms": statistics.median(s for s, _, _ in typical) * 1000,
        "answers": len(typical_plan),
        "first_answer_ms": statistics.median(latencies[0] for _, latencies, _ in typical) * 1000,
        "answer_ms": statistics.median(later) * 1000,
        "answer_p90_ms": statistics.quantiles(later, n=10)[-1] * 1000,
        "compacting_startup_ms": statistics.median(s for s, _, _ in compacting) * 1000,
        "compacting_answer_ms": statistics.median(latencies[0] for _, latencies, _ in compacting) * 1000,
        "peak_rss_mb": max(m for *_, m in typical) / 2**20,
        "compacting_peak_rss_mb": max(m for *_, m in compacting) / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bank", action="append", help="bank to study (default: khasham)")
    args = parser.parse_args()
    banks = args.bank or ["khasham"]
    # Both apps start from compiled bytecode, as an installed package does (pip compiles on install);
    # a checkout under PYTHONDONTWRITEBYTECODE would otherwise compile trainer from source every run.
    import trainer

    compileall.compile_dir(Path(trainer.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        os.environ["TRAINER_CACHE_DIR"] = str(workdir / "bank-cache")  # never the user's own
        s = bench_startup(banks, args.runs, workdir)
        print(
            f"start-up to first question: trainer {s['trainer_ms']:.0f} ms, minimal Textual app "
            f"{s['minimal_ms']:.0f} ms, ratio {s['ratio']:.2f}x (target <= 1.5x)  [median of {args.runs}, pty {SIZE[1]}x{SIZE[0]}];"
            f" the minimal app's peak RSS {s['minimal_rss_mb']:.0f} MB;\n"
            f"  with no cache of validated banks (the first start after a bank is installed or edited):"
            f" trainer {s['cold_ms']:.0f} ms, ratio {s['cold_ratio']:.2f}x"
        )
        h = bench_history(banks, args.runs, workdir)
        print(
            f"with 100,000 reviews: answer to feedback {h['answer_ms']:.1f} ms median, {h['answer_p90_ms']:.1f} ms 90th"
            f" percentile (target < 50 ms), over answers 2-{h['answers']} of each session; the session's first"
            f" answer {h['first_answer_ms']:.1f} ms; start-up {h['startup_ms']:.0f} ms;\n"
            f"  peak RSS {h['peak_rss_mb']:.0f} MB (target < 150 MB);\n"
            f"  the answer that compacts the journal (1 in 1,000): {h['compacting_answer_ms']:.0f} ms to feedback"
            f" (saved in a thread, the screen stays live), start-up at a full journal {h['compacting_startup_ms']:.0f} ms,"
            f" peak RSS {h['compacting_peak_rss_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
