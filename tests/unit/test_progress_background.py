"""Compaction in a forked child: nothing lost or doubled whatever is killed at whichever step, and what
happens while it runs (answers, another writer, an undo, a rewrite) is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from test_progress_processes import WRITER, answers
from test_progress_store import review

from trainer.progress import history, mainfile
from trainer.progress.store import ProgressStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork, POSIX signals and flock")

# The writer of test_progress_processes, compacting in a child from the first item, that stops for good
# (printing "paused PID") once it has done the step named in argv[6]: a file staged by the child, or one
# put in place by the store ("stage:part", "stage:main", "stage:bak", "place:part", "place:main", ...).
PAUSING_WRITER = (
    """
import os, sys, time
from pathlib import Path
from trainer.progress import store as store_module

step = sys.argv.pop(6)  # the writer's own arguments follow: it compacts in a child from 0 items

def pausing(verb, original, target_index):
    def wrapper(*args, **options):
        result = original(*args, **options)
        target = Path(args[target_index])
        name = "bak" if target.name.endswith(".bak") else "part" if target.parent.name.endswith(".history") else "main"
        if f"{verb}:{name}" == step:
            os.write(1, f"\\npaused {os.getpid()}\\n".encode())  # a line of its own, whatever the writer prints
            time.sleep(3600)
        return result
    return wrapper

store_module.stage = pausing("stage", store_module.stage, 0)
store_module.put_in_place = pausing("place", store_module.put_in_place, 1)
"""
    + WRITER
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "progress.toml"


STEPS = ["stage:part", "stage:main", "stage:bak", "place:part", "place:main", "place:bak"]


STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _no_writer_left_behind() -> Iterator[None]:
    """A failing test leaves no paused writer or child sleeping: each writer's process group is killed."""
    yield
    while STARTED:
        proc = STARTED.pop()
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def kept(reviews: list) -> list:
    """Reviews as a history part keeps them (`history.archived`): parts keep of each card its state and due."""
    return [history.archived(r) for r in reviews]


def start(path: Path, first: int, step: str, count: int = 10**9, limit: int = 5) -> subprocess.Popen:
    STARTED.append(_popen(path, first, step, count, limit))
    return STARTED[-1]


def _popen(path: Path, first: int, step: str, count: int, limit: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", PAUSING_WRITER, str(path), str(first), str(count), "0", str(limit), step, "0"],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the child goes down with it
    )


def run_until_paused(proc: subprocess.Popen) -> tuple[list[int], int]:
    """The answers acknowledged until the writer (or its child) paused, and the pid that paused."""
    assert proc.stdout is not None
    acknowledged = []
    for line in proc.stdout:
        if line.startswith("paused"):
            return acknowledged, int(line.split()[1])
        if line.strip() not in ("ready", ""):
            acknowledged.append(int(line))
    raise AssertionError(f"the writer ended without pausing (status {proc.wait()})")


def leftovers(path: Path) -> list[str]:
    folders = [path.parent, mainfile.history_dir(path)]
    return sorted(
        p.name for folder in folders if folder.is_dir() for p in folder.iterdir() if p.suffix == ".tmp"
    )


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_any_step_of_a_background_compaction_nothing_is_lost_or_doubled(tmp_path, step):
    path = tmp_path / "progress.toml"
    kept: list[int] = []
    for run in range(2):  # the second run starts from whatever the first kill left
        proc = start(path, run * 1000, step)
        acknowledged, _ = run_until_paused(proc)
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()  # what the writer printed while its child was paused
        acknowledged += [int(line) for line in out.split()]
        numbers = answers(path)  # loads, and its items agree with its history
        assert len(set(numbers)) == len(numbers), "an answer was doubled"
        assert numbers[: len(kept)] == kept, "an earlier answer was lost"
        new = numbers[len(kept) :]
        assert new[: len(acknowledged)] == acknowledged, "an acknowledged answer was lost"
        assert len(new) - len(acknowledged) in (0, 1), "more than the answer in flight changed"
        kept = numbers
    assert len(kept) >= 5
    # A writer that is not stopped then compacts over what the kills left, and removes their temp files.
    proc = start(path, 5000, "none", count=12)
    assert proc.wait(timeout=120) == 0
    numbers = answers(path)
    assert numbers == [*kept, *range(5000, 5012)]
    assert leftovers(path) == []
    assert mainfile.parse(path, path.read_bytes()).history_parts > 0


def test_a_child_killed_mid_compaction_costs_nothing_and_close_still_tidies_up(tmp_path):
    path = tmp_path / "progress.toml"
    proc = start(path, 0, "stage:main", count=30)
    assert proc.stdout is not None
    children = []
    for line in proc.stdout:  # each compaction's child, killed while it stages; the writer goes on
        if line.startswith("paused"):
            children.append(int(line.split()[1]))
            os.kill(children[-1], signal.SIGKILL)
    assert proc.wait(timeout=120) == 0
    assert children and proc.pid not in children  # one at least: close waits for the last
    assert answers(path) == list(range(30))
    assert mainfile.parse(path, path.read_bytes()).history_parts == 1  # compacted in place at close
    assert leftovers(path) == []


def test_answers_given_during_a_background_compaction_stay_in_the_journal(path):
    store = ProgressStore.open(path, journal_limit=3, close_compact=10**6, background_from=0)
    for i in range(3):
        store.record(review(i, fact=f"f{i}"))  # the third forks a compaction
    assert store._compaction is not None
    store.record(review(3, fact="f0"))
    store.record(review(4, fact="f1"))
    store.close()  # waits for the child, installs it
    again = ProgressStore.open(path)
    assert again._contents.history_parts == 1
    assert again._contents.journal == [review(3, fact="f0"), review(4, fact="f1")]
    assert kept(again.reviews()) == kept([review(i, fact=f"f{i % 3}") for i in range(5)])
    assert again.items == store.items
    assert path.with_name("progress.toml.bak").read_bytes().startswith(path.read_bytes()[:100])


def wait_for_child(store: ProgressStore) -> None:
    """Let the running compaction's child finish, without installing its work."""
    job = store._compaction
    assert job is not None
    os.waitid(os.P_PID, job.child.pid, os.WEXITED | os.WNOWAIT)


def test_undo_of_an_answer_the_child_was_given_drops_its_work(path):
    store = ProgressStore.open(path, journal_limit=3, close_compact=10**6, background_from=0)
    for i in range(3):
        store.record(review(i, fact=f"f{i}"))
    wait_for_child(store)
    assert store.undo_last() == review(2, fact="f2")  # cut out of the file the child copied
    store.record(review(5, fact="f5"))  # finds the child done, and its snapshot stale: dropped
    assert store._contents.history_parts == 0
    assert leftovers(path) == []
    store.close()
    again = ProgressStore.open(path)
    assert kept(again.reviews()) == kept([review(0, fact="f0"), review(1, fact="f1"), review(5, fact="f5")])
    assert again.items == store.items


def test_undo_after_the_install_takes_back_an_answer_given_meanwhile(path):
    store = ProgressStore.open(path, journal_limit=3, close_compact=10**6, background_from=0)
    for i in range(3):
        store.record(review(i, fact=f"f{i}"))
    wait_for_child(store)
    store.record(review(3, fact="f3"))  # installs the compaction: this answer is now the new file's journal
    assert store._compaction is None and store._contents.history_parts == 1
    before = path.read_bytes()
    assert store.undo_last() == review(3, fact="f3")
    assert path.read_bytes() == before[: before.index(mainfile.JOURNAL_MARKER) + len(mainfile.JOURNAL_MARKER)]
    assert kept(ProgressStore.open(path).reviews()) == kept([review(i, fact=f"f{i}") for i in range(3)])


def test_another_writer_appending_during_a_background_compaction_is_merged(path):
    mine = ProgressStore.open(path, journal_limit=3, close_compact=10**6, background_from=0)
    other = ProgressStore.open(path, journal_limit=10**6)
    mine.record(review(0, fact="a"))
    other.record(review(1, fact="b"))
    mine.record(review(2, fact="a"))  # the journal reaches 3: a child compacts 0, 1, 2
    wait_for_child(mine)
    other.record(review(3, fact="b"))  # appended to the file the child copied
    mine.record(review(4, fact="a"))  # installs: the new file keeps 3 (and 4) in its journal
    assert mine._contents.history_parts == 1
    other.record(review(5, fact="b"))  # reloads the new file, appends to it
    mine.close()
    other.close()
    final = ProgressStore.open(path)
    assert kept(final.reviews()) == kept([review(i, fact="ab"[i % 2]) for i in range(6)])
    assert final._contents.history_parts == 1
    assert final.items == other.items


def test_a_rewrite_while_a_child_compacts_supersedes_it(path):
    store = ProgressStore.open(path, journal_limit=3, close_compact=10**6, background_from=0)
    for i in range(3):
        store.record(review(i, fact=f"f{i}"))
    assert store._compaction is not None
    store.set_learner("Ann")  # compacts in place, and stops the child
    assert store._compaction is None and store._contents.history_parts == 1
    store.record(review(3))
    store.close()
    again = ProgressStore.open(path)
    assert again.learner == "Ann" and again._contents.history_parts == 1
    assert kept(again.reviews()) == kept([*(review(i, fact=f"f{i}") for i in range(3)), review(3)])
    assert leftovers(path) == []
