"""Damaged or odd progress files: a missing main file beside its backup and history, files that are not
regular files, symbolic links. Nothing is lost, nothing hangs, and the learner is told what to do."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import in_process
import pytest
from test_progress_store import answers, review

from trainer.progress import history, mainfile, restore
from trainer.progress.errors import ProgressError, backup_path
from trainer.progress.model import Flag, PersonalParameters, Review
from trainer.progress.store import ProgressStore
from trainer.questions.model import ItemKey


def files_beside(path: Path) -> dict[str, bytes]:
    """Every file in the progress file's folder and its history folder, by name, with its bytes."""
    out = {}
    for folder in (path.parent, mainfile.history_dir(path)):
        if folder.is_dir():
            out.update({p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()})
    return out


def studied(path: Path, answers: int = 7, compact_every: int = 3) -> None:
    """A progress file with history parts, a backup and a journal."""
    with ProgressStore.open(path, journal_limit=compact_every, close_compact=10**6) as store:
        for i in range(answers):
            store.record(review(i, fact=f"f{i % 3}"))


def trainer(*args: str, timeout: float = 60) -> in_process.Ran[str]:
    return in_process.run(*args, timeout=timeout)


@pytest.fixture
def orphaned(tmp_path: Path) -> Path:
    """The issue's attack: the main file gone, its `.bak` and two history parts still there."""
    path = tmp_path / "progress.toml"
    studied(path)
    assert restore.part_numbers(path) == [1, 2]
    path.unlink()
    return path


def test_a_missing_file_beside_its_backup_and_history_is_refused(orphaned: Path) -> None:
    before = files_beside(orphaned)
    with pytest.raises(ProgressError) as caught:
        ProgressStore.open(orphaned)
    text = str(caught.value)
    assert "the progress file is missing" in text
    assert f"{backup_path(orphaned)} (3 items, 6 answers, counting 2 history parts)" in text
    assert "2 history parts" in text and "(6 answers)" in text
    assert f"python -m trainer.progress.restore {orphaned}" in text
    assert f"cp -p {backup_path(orphaned)} {orphaned}" in text
    assert files_beside(orphaned) == before


@pytest.mark.parametrize("keep", ["backup", "history"])
def test_either_the_backup_or_the_history_alone_is_enough_to_refuse(orphaned: Path, keep: str) -> None:
    if keep == "backup":
        for part in mainfile.history_dir(orphaned).iterdir():
            part.unlink()
    else:
        backup_path(orphaned).unlink()
    with pytest.raises(ProgressError, match="the progress file is missing"):
        ProgressStore.open(orphaned)


def test_a_dangling_link_beside_a_backup_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "data" / "progress.toml"
    studied(real)
    real.unlink()
    link = tmp_path / "progress.toml"
    link.symlink_to(real)
    with pytest.raises(ProgressError, match="the progress file is missing"):
        ProgressStore.open(link)
    assert link.is_symlink() and not real.exists()


@pytest.mark.parametrize(
    "command",
    [
        ["study", "--plain", "khasham"],
        ["stats"],
        ["export", "--format", "json"],
        ["export", "--format", "csv", "--reviews"],
    ],
)
def test_every_command_refuses_an_orphaned_backup_and_writes_nothing(
    orphaned: Path, command: list[str]
) -> None:
    before = files_beside(orphaned)
    run = trainer(*command, "--progress", str(orphaned))
    assert run.returncode == 1, run.stderr
    assert "the progress file is missing" in run.stderr and "trainer.progress.restore" in run.stderr
    assert "Traceback" not in run.stderr
    assert files_beside(orphaned) == before


def test_the_restore_command_brings_back_every_compacted_answer(orphaned: Path, tmp_path: Path) -> None:
    # The journal's last answer went with the main file; the six compacted ones are in the backup and parts.
    twin = tmp_path / "twin" / "progress.toml"
    studied(twin, answers=6)
    run = subprocess.run(
        [sys.executable, "-m", "trainer.progress.restore", str(orphaned)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "restored 3 items and 6 answers (2 history parts)" in run.stdout
    again, expected = ProgressStore.open(orphaned), ProgressStore.open(twin)
    assert answers(again.reviews()) == answers(expected.reviews())
    assert again.items == expected.items


def test_restore_replays_the_parts_the_backup_does_not_count(orphaned: Path) -> None:
    """Without a backup, or with one older than the last parts, the parts' answers rebuild the items."""
    backup_path(orphaned).unlink()
    fresh = restore.restore(orphaned)
    assert fresh.history_parts == 2
    store = ProgressStore.open(orphaned)
    assert len(store.reviews()) == 6
    assert sum(item.reviews for item in store.items.values()) == 6
    assert {key.fact for key in store.items} == {"f0", "f1", "f2"}
    with pytest.raises(ProgressError, match="exists: nothing to restore"):
        restore.restore(orphaned)


def test_a_snapshot_with_less_never_replaces_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    studied(path)
    backup = backup_path(path).read_bytes()
    # The main file recreated by hand with nothing in it, parts and backup still there.
    path.write_bytes(mainfile.render(mainfile.Contents(), path))
    store = ProgressStore.open(path, close_compact=1)
    store.set_learner("Ann")  # rewrites the snapshot, which knows nothing: the backup stays
    assert backup_path(path).read_bytes() == backup
    store.record(review(20))
    with pytest.raises(ProgressError, match="history part 1 already exists"):
        store.close()  # a compaction: it would write part 1
    assert backup_path(path).read_bytes() == backup
    assert answers(ProgressStore.open(path).reviews()) == answers([review(20)])  # kept in the journal
    assert history.read_part(path, 1) == answers([review(i, fact=f"f{i % 3}") for i in range(3)])


def test_an_undo_does_not_shrink_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        store.record(review(0))
        store.set_learner("Ann")  # compacts: the answer is in part 1 and in the backup's counts
        backup = backup_path(path).read_bytes()
        assert store.undo_last() == review(0)  # taken out of part 1, and the snapshot rewritten
    assert backup_path(path).read_bytes() == backup
    assert answers(ProgressStore.open(path).reviews()) == answers([])


def test_a_part_is_replaced_only_by_one_holding_all_its_answers(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    history.write_part(path, 1, [review(0), review(1)])
    history.write_part(path, 1, [review(0), review(1), review(2)])  # a leftover: superseded
    kept = history.part_path(path, 1).read_bytes()
    with pytest.raises(ProgressError, match="history part 1 already exists"):
        history.write_part(path, 1, [review(0), review(5)])
    assert history.part_path(path, 1).read_bytes() == kept


# ---- files that are not regular files ----


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_progress_file_that_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "progress.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    for command in (["stats"], ["study", "--plain", "khasham"], ["export", "--format", "json"]):
        run = trainer(*command, "--progress", str(path), timeout=30)
        assert run.returncode == 1, run.stderr
        expected = "is a folder, not a file" if kind == "folder" else "not a regular file"
        assert f"cannot read the progress file: {expected}" in run.stderr
        assert "Traceback" not in run.stderr


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_history_part_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "progress.toml"
    studied(path)
    part = history.part_path(path, 1)
    part.unlink()
    if kind == "fifo":
        os.mkfifo(part)
    else:
        part.symlink_to("/dev/zero")
    run = trainer("stats", "--progress", str(path), timeout=30)
    assert run.returncode == 1
    assert f"{part}: this part of the review history: not a regular file" in run.stderr
    assert "Traceback" not in run.stderr


def test_an_oversized_progress_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    with path.open("wb") as f:
        f.truncate(mainfile.MAX_BYTES + 1)  # sparse: no disk used
    with pytest.raises(ProgressError, match="file too large"):
        ProgressStore.open(path)


# ---- symbolic links ----


def test_a_linked_progress_file_keeps_everything_beside_its_target_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "data" / "real.toml"
    real.parent.mkdir()
    link_dir = tmp_path / "home"
    link_dir.mkdir()
    link = link_dir / "progress.toml"
    link.symlink_to(real)
    studied(link)  # creates the target through the link, compacts twice
    with ProgressStore.open(link, close_compact=1) as store:
        store.record(review(50))  # compacts at close
    assert link.is_symlink() and link.resolve() == real
    assert sorted(p.name for p in link_dir.iterdir()) == ["progress.toml"]
    assert {p.name for p in real.parent.iterdir()} >= {
        "real.toml",
        "real.toml.bak",
        "real.toml.lock",
        "real.history",
    }
    assert restore.part_numbers(real) == [1, 2, 3]
    assert len(ProgressStore.open(link).reviews()) == 8
    assert answers(ProgressStore.open(link).reviews()) == answers(ProgressStore.open(real).reviews())


# ---- values out of range: corruption, refused at load with the line, the file left as it is ----

DAMAGE = [
    ("stability = 1.5", "stability = 0.0", "`stability` should be a number from 0.001"),
    ("stability = 1.5", "stability = -1.0", "`stability` should be a number from 0.001"),
    ("stability = 1.5", "stability = nan", "not nan"),
    ("stability = 1.5", "stability = inf", "not inf"),
    ("difficulty = 5.0", "difficulty = 11.0", "`difficulty` should be a number from 1 to 10"),
    ("due = 2024-05-03T09:30:00Z", "due = 9999-12-31T23:59:59Z", "`due` should be a time from 1900 to 3999"),
    ("due = 2024-05-03T09:30:00Z", 'due = "soon"', "`due` should be a UTC time"),
    ("reviews = 1", "reviews = -1", "`reviews` should be from 0"),
    ("correct = 1", "correct = 5", "`correct` should be from 0 to 1"),
]
JOURNAL_DAMAGE = [
    ("duration_ms = 1000", "duration_ms = -5", "`duration_ms` should be from 0"),
    ("rating = 3", "rating = 7", "`rating` should be from 1 to 4"),
    ("score = 1.0", "score = nan", "`score` should be a number from 0 to 1"),
    ("time = 2024-05-01T09:30:00Z", "time = 9999-01-01T00:00:00Z", "`time` should be a time from 1900"),
]


def damaged(tmp_path: Path, old: str, new: str, in_journal: bool) -> tuple[Path, int]:
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        store.record(review(0))
        if not in_journal:
            store.set_learner("Ann")  # the answer's state moves into the [[item]] snapshot
    text = path.read_text()
    start = text.index("\n[[review]]\n" if in_journal else "\n[[item]]\n") + 1
    assert old in text[start:], text
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old) :])
    return path, text.count("\n", 0, start) + 1


@pytest.mark.parametrize(
    ("old", "new", "words"), DAMAGE + JOURNAL_DAMAGE, ids=[d[1] for d in DAMAGE + JOURNAL_DAMAGE]
)
def test_a_value_out_of_range_is_refused_in_every_command(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    path, line = damaged(tmp_path, old, new, in_journal=(old, new, words) in JOURNAL_DAMAGE)
    before = files_beside(path)
    for command in (["stats"], ["export", "--format", "json"], ["study", "--plain", "khasham"]):
        run = trainer(*command, "--progress", str(path))
        assert run.returncode == 1, (command, run.stdout, run.stderr)
        assert f"{path}:{line}: " in run.stderr and words in run.stderr, run.stderr
        assert "left untouched" in run.stderr and "Traceback" not in run.stderr
    assert files_beside(path) == before


# ---- a full disk at close ----

FULL_DISK = """
import errno, sys
from trainer.progress import history, store
def full(*args):
    raise OSError(errno.ENOSPC, "No space left on device")
history.atomic_write = full  # compaction's first write: the history part
store.ProgressStore.open.__func__.__kwdefaults__["close_compact"] = 1
from trainer.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_full_disk_at_close_keeps_every_answer_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        store.record(review(0))  # the file exists: the answers below are appended, only close compacts
    run = subprocess.run(
        [sys.executable, "-c", FULL_DISK, "study", "--plain", "khasham", "--progress", str(path), "--seed", "1",
         "--now", "2026-03-01T09:00Z"],
        input="1\n1 2 3\n1 2 3 4\n1 2 3 4 5\n",
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert (
        f"{path}: every answer is saved in it, but tidying it up at close could not be written: "
        in run.stderr
    )
    assert "No space left on device" in run.stderr and "Nothing is lost" in run.stderr
    assert len(ProgressStore.open(path).reviews()) >= 2, run.stdout  # the answers given, all kept


# ---- banks, source texts and exports that are not regular files ----


def special(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_bank_or_source_text_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    from test_loading import GOOD

    folder = tmp_path / "bank"
    folder.mkdir()
    special(folder / "bank.toml", kind)
    run = trainer("validate", str(folder / "bank.toml"), timeout=30)
    assert run.returncode == 1 and "not a regular file" in run.stdout, run.stdout
    (folder / "bank.toml").unlink()
    (folder / "bank.toml").write_text(GOOD)
    special(folder / "source.txt", kind)
    run = trainer("validate", str(folder / "bank.toml"), timeout=30)
    # A link to /dev/zero is refused before that: it leads out of the bank's folder.
    words = "not a regular file" if kind == "fifo" else "leads out of the bank's folder"
    assert run.returncode == 1 and f"text_file 'source.txt' {words}".replace("' not", "': not") in run.stdout
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_an_export_that_is_not_a_regular_file_is_skipped_by_name(tmp_path: Path, kind: str) -> None:
    export = tmp_path / "bob.json"
    special(export, kind)
    run = trainer("report", str(export), timeout=30)
    assert run.returncode == 1
    assert f"skipped {export}: not a regular file" in run.stderr and "Traceback" not in run.stderr


def _fsrs_answers(path: Path, ratings: list[int]) -> ProgressStore:
    from fsrs import Rating

    from trainer.study.scheduling import Scheduling

    store, scheduling = ProgressStore.open(path, journal_limit=3), Scheduling()
    when = review(0).time
    for i, rating in enumerate(ratings):
        key = ItemKey("b", f"f{i % 2}", "choice")
        before = store.items.get(key)
        after = scheduling.review(before.card if before else None, Rating(rating), when)
        store.record(Review(when, key, rating, rating > 1, float(rating > 1), "x", 1000, after))
        when += timedelta(hours=20)
    return store


def test_restore_works_each_card_out_again_with_fsrs(tmp_path: Path) -> None:
    """A part keeps only the state and due date of the card after an answer; restoring from parts alone
    gives every item the whole card it had."""
    path = tmp_path / "progress.toml"
    store = _fsrs_answers(path, [3, 3, 1, 3, 4, 2])  # two parts, an empty journal
    expected = dict(store.items)
    path.unlink()
    backup_path(path).unlink()
    restore.restore(path)
    assert ProgressStore.open(path).items == expected


def test_restore_keeps_the_backups_fsrs_parameters_and_flags(tmp_path: Path) -> None:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    path = tmp_path / "progress.toml"
    store = _fsrs_answers(path, [3, 3, 1])
    fit = PersonalParameters(tuple(DEFAULT_PARAMETERS), review(0).time, 3, 2, 0.5, 0.4, 0.1, 0.09)
    store.set_fsrs(fit)
    store.flag(Flag(ItemKey("b", "f0", "choice"), "d1", review(0).time, "wrong date"))
    path.unlink()
    fresh = restore.restore(path)
    assert fresh.fsrs == fit and list(fresh.flags) == [ItemKey("b", "f0", "choice")]
