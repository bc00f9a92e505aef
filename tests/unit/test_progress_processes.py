"""ProgressStore across processes: SIGKILL at random points, and two writers at once."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trainer.progress.store import ProgressStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and flock")

# A writer: records answers numbered from argv[2] on (undoing every `undo_every`-th just after saving it,
# if set), printing each number once `record` has returned, until killed or `count` are kept; it compacts
# every `limit` answers, in a forked child from `background_from` items (argv[6]) on. It says
# "ready" first, once started: on a busy machine starting Python can take longer than the test waits.
WRITER = """
import sys
from datetime import datetime, timedelta, timezone
from trainer.progress.model import CardState, Review
from trainer.progress.store import ProgressStore
from trainer.questions.model import ItemKey

path, first, count, undo_every, limit, background_from = sys.argv[1], *map(int, sys.argv[2:7])
store = ProgressStore.open(path, journal_limit=limit, close_compact=limit, background_from=background_from)
print("ready", flush=True)
t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
kept = 0
n = first
while kept < count:
    when = t0 + timedelta(seconds=n)
    after = CardState(2, None, 1.0 + n / 1000, 5.0, when + timedelta(days=1), when)
    key = ItemKey("bank", f"fact{n % 7}", "choice")
    store.record(Review(when, key, 3 if n % 3 else 1, n % 3 > 0, float(n % 3 > 0), f"r{n}", n, after))
    if undo_every and n % undo_every == 0:
        assert store.undo_last().response == f"r{n}"
    else:
        kept += 1
        print(n, flush=True)
    n += 1
store.close()
"""


def writer(
    path: Path,
    first: int,
    count: int = 10**9,
    undo_every: int = 0,
    limit: int = 9,
    background_from: int = 10**9,
) -> subprocess.Popen:
    args = [str(path), str(first), str(count), str(undo_every), str(limit), str(background_from)]
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, *args],
        stdout=subprocess.PIPE,
        text=True,
    )


def answers(path: Path) -> list[int]:
    store = ProgressStore.open(path)
    numbers = [int(r.response[1:]) for r in store.reviews()]
    # The items agree with the history: nothing double-counted, nothing missing.
    assert sum(item.reviews for item in store.items.values()) == len(numbers)
    return numbers


@pytest.mark.slow  # thirty processes, each killed after up to 0.4 s
@pytest.mark.parametrize("background_from", [10**9, 0], ids=["compacting-in-place", "compacting-in-a-child"])
def test_sigkill_at_random_points_loses_at_most_the_answer_in_flight(tmp_path, background_from):
    path = tmp_path / "progress.toml"
    rng = random.Random(4)
    kept: list[int] = []
    for run in range(30):
        first = run * 100_000
        proc = writer(path, first, background_from=background_from)
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.05, 0.4))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        acknowledged = [int(line) for line in out.split()]
        numbers = answers(path)  # must load, whatever instant the kill hit
        assert numbers[: len(kept)] == kept, "an earlier answer was lost or duplicated"
        new = numbers[len(kept) :]
        assert new[: len(acknowledged)] == acknowledged, "an acknowledged answer was lost"
        assert len(new) - len(acknowledged) in (0, 1), "more than the answer in flight changed"
        assert all(n >= first for n in new)
        kept = numbers
    assert len(kept) > 30


def test_two_writers_at_once_keep_every_answer(tmp_path):
    path = tmp_path / "progress.toml"
    n = 60
    procs = [
        writer(path, 0, n, undo_every=5, limit=7, background_from=0),
        writer(path, 10_000, n, undo_every=4, limit=11),
    ]
    outs = [proc.communicate(timeout=120)[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0]
    acknowledged = sorted(int(line) for out in outs for line in out.split() if line != "ready")
    numbers = answers(path)
    assert len(numbers) == 2 * n
    assert sorted(numbers) == acknowledged
