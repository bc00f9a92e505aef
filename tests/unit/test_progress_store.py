"""ProgressStore in one process: round trips, undo, compaction, torn tails, and files it must refuse."""

from __future__ import annotations

import os
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.progress import history, mainfile
from trainer.progress.errors import ProgressError
from trainer.progress.model import CardState, ItemProgress, Review
from trainer.progress.store import ProgressStore
from trainer.questions.model import ItemKey

T0 = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
HOSTILE = [
    '"quoted" \\ back',
    "two\nlines",
    "[/]",
    "[bold]x",
    "[@click=app.quit]x",
    "\n# end\n[[review]]\n",
    "☃ 日本 🙂",
    "\x00\x07\x1b[31m",
    "tab\there",
]


def review(i: int, fact: str = "f1", rating: int = 3, response: str | None = None) -> Review:
    when = T0 + timedelta(minutes=i, microseconds=i)
    state = 2 if rating > 1 else 3
    after = CardState(
        state, None if state == 2 else 0, 1.5 + i / 7, 5.0 + (i % 60) / 13, when + timedelta(days=2), when
    )
    return Review(
        when,
        ItemKey("bank", fact, "choice"),
        rating,
        rating > 1,
        float(rating > 1),
        response if response is not None else f"r{i}",
        1000 + i,
        after,
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "deep" / "er" / "progress.toml"


def snapshot(store: ProgressStore) -> dict[ItemKey, ItemProgress]:
    return dict(store.items)


def test_opening_a_missing_file_creates_nothing_until_the_first_write(path):
    store = ProgressStore.open(path)
    assert store.items == {} and store.reviews() == [] and store.learner is None
    store.close()
    assert not path.parent.parent.exists()
    with ProgressStore.open(path) as store:
        store.record(review(1))
    assert path.is_file()
    assert tomllib.loads(path.read_text())["schema"] == 1


def test_record_then_reopen_gives_the_same_items_and_history(path):
    with ProgressStore.open(path) as store:
        store.set_learner("Ann [/] Smith")
        written = [review(i, fact=f"f{i % 3}", rating=1 if i % 4 == 0 else 3) for i in range(10)]
        for r in written:
            store.record(r)
        items = snapshot(store)
    again = ProgressStore.open(path)
    assert again.items == items
    assert answers(again.reviews()) == answers(written)
    assert again.learner == "Ann [/] Smith"
    assert tomllib.loads(path.read_text())["learner"] == "Ann [/] Smith"


def test_record_updates_counts_as_documented(path):
    store = ProgressStore.open(path)
    store.record(review(1, rating=3))
    store.record(review(2, rating=1))  # after a Review-state card: a lapse
    store.record(review(3, rating=1))  # after a Relearning card: not one
    item = store.items[ItemKey("bank", "f1", "choice")]
    assert (item.reviews, item.correct, item.lapses) == (3, 1, 1)
    assert item.card == review(3, rating=1).after and item.last_review == review(3).time


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_survive_the_file(path, text):
    store = ProgressStore.open(path)
    r = Review(T0, ItemKey(text, text, text), 2, False, 0.5, text, 1, review(1).after)
    store.record(r)
    store.set_learner(text)  # compacts: the review moves to a history part
    store.record(review(2, response=text))
    again = ProgressStore.open(path)
    assert answers(again.reviews()) == answers([r, review(2, response=text)])
    assert again.learner == text
    assert ItemKey(text, text, text) in again.items


def test_undo_restores_the_exact_state_and_removes_the_review(path):
    store = ProgressStore.open(path)
    store.record(review(1))
    store.record(review(2, fact="f2"))
    before_bytes = path.read_bytes()
    before = snapshot(store)
    store.record(review(3, rating=1))
    assert store.undo_last() == review(3, rating=1)
    assert (
        store.items == before
        and store.items[ItemKey("bank", "f1", "choice")] is before[ItemKey("bank", "f1", "choice")]
    )
    assert path.read_bytes() == before_bytes
    assert store.undo_last() == review(2, fact="f2")
    assert ItemKey("bank", "f2", "choice") not in store.items
    again = ProgressStore.open(path)
    assert answers(again.reviews()) == answers([review(1)])
    assert (
        again.items
        == store.items
        == {ItemKey("bank", "f1", "choice"): before[ItemKey("bank", "f1", "choice")]}
    )


def test_undo_is_repeatable_and_stops_at_this_process(path):
    with ProgressStore.open(path) as first:
        first.record(review(1))
    store = ProgressStore.open(path)
    store.record(review(2))
    assert store.undo_last() == review(2)
    assert store.undo_last() is None
    assert answers(ProgressStore.open(path).reviews()) == answers([review(1)])


def test_undo_after_a_compaction_rewrites_the_history_part(path):
    store = ProgressStore.open(path, journal_limit=3)
    for i in range(1, 5):
        store.record(review(i, fact=f"f{i}"))
    expected = snapshot(store)
    store.record(review(5, fact="f1", rating=1))
    store.record(review(6, fact="f4", rating=1))  # the journal reaches 3: compacted into a part
    assert store._contents.journal == []
    store.undo_last()
    store.undo_last()
    assert store.items == expected
    again = ProgressStore.open(path)
    assert again.items == expected
    assert answers(again.reviews()) == answers([review(i, fact=f"f{i}") for i in range(1, 5)])


def test_two_stores_on_one_file_merge_and_undo_around_each_other(path):
    a, b = ProgressStore.open(path), ProgressStore.open(path)
    a.record(review(1, fact="a"))
    b.record(review(2, fact="b"))  # b catches up with a's answer first
    a.record(review(3, fact="a"))
    assert set(b.items) == {ItemKey("bank", "b", "choice"), ItemKey("bank", "a", "choice")}
    assert b.undo_last() == review(2, fact="b")  # not the last entry: rewritten without it
    assert a.undo_last() == review(3, fact="a")
    a.record(review(4, fact="a"))
    b.record(review(5, fact="c"))
    final = ProgressStore.open(path)
    assert answers(final.reviews()) == answers(
        [review(1, fact="a"), review(4, fact="a"), review(5, fact="c")]
    )
    assert final.items[ItemKey("bank", "a", "choice")].reviews == 2
    assert ItemKey("bank", "b", "choice") not in final.items


def test_compaction_moves_history_into_parts_and_refreshes_the_backup(path):
    store = ProgressStore.open(path, journal_limit=4, close_compact=2)
    written = [review(i, fact=f"f{i % 2}") for i in range(11)]
    for r in written:
        store.record(r)
    store.close()  # 3 left in the journal, at least close_compact: compacted
    assert sorted(p.name for p in mainfile.history_dir(path).iterdir()) == [
        "00001.toml",
        "00002.toml",
        "00003.toml",
    ]
    assert path.with_name("progress.toml.bak").read_bytes() == path.read_bytes()
    again = ProgressStore.open(path)
    assert answers(again.reviews()) == answers(written)
    assert again._contents.journal == []
    assert sum(item.reviews for item in again.items.values()) == 11


def test_a_part_left_by_an_interrupted_compaction_is_ignored_then_replaced(path):
    store = ProgressStore.open(path, journal_limit=100)
    for i in range(3):
        store.record(review(i))
    # A compaction that wrote part 1 but died before replacing the main file.
    history.write_part(path, 1, [review(0), review(1), review(2)])
    assert answers(ProgressStore.open(path).reviews()) == answers([review(i) for i in range(3)])
    store.close()
    store = ProgressStore.open(path, close_compact=1)
    store.record(review(3))
    store.close()
    assert answers(ProgressStore.open(path).reviews()) == answers([review(i) for i in range(4)])


def test_a_removed_fact_keeps_its_history_and_state(path):
    with ProgressStore.open(path) as store:
        store.record(review(1, fact="gone"))
        store.record(review(2, fact="kept"))
        store.set_learner("x")
    # Loading knows nothing of banks: every item and review stays, whatever the banks now hold.
    again = ProgressStore.open(path)
    again.record(review(3, fact="kept"))
    again.set_learner("y")
    final = ProgressStore.open(path)
    assert ItemKey("bank", "gone", "choice") in final.items
    assert history.archived(review(1, fact="gone")) in answers(final.reviews())


# ---- torn writes ----


def good_file(path: Path, entries: int = 3) -> bytes:
    with ProgressStore.open(path, journal_limit=100) as store:
        store.record(review(0, fact="old"))
        store.set_learner("Ann")  # a snapshot with one item
        for i in range(1, entries + 1):
            store.record(review(i))
    return path.read_bytes()


@pytest.mark.parametrize("cut", [1, 11, 60, -7, -1])
def test_a_torn_last_entry_is_left_out_then_cut_off_with_a_copy(path, cut):
    data = good_file(path)
    last = data.rindex(b"[[review]]")
    torn = data[: last + cut] if cut > 0 else data[: len(data) + cut]
    path.write_bytes(torn)
    store = ProgressStore.open(path)
    assert answers(store.reviews()) == answers([review(0, fact="old"), review(1), review(2)])
    assert path.read_bytes() == torn  # opening writes nothing
    store.record(review(9))
    assert path.with_name("progress.toml.torn").read_bytes() == torn
    assert answers(ProgressStore.open(path).reviews()) == answers(
        [review(0, fact="old"), review(1), review(2), review(9)]
    )


def test_zeros_left_by_a_crash_after_the_last_entry_count_as_torn(path):
    data = good_file(path)
    path.write_bytes(data + b"\0" * 512)
    assert len(ProgressStore.open(path).reviews()) == 4


def test_an_entry_appended_by_another_writer_while_opening_is_read_later(path):
    data = good_file(path)
    entry_start = data.rindex(b"[[review]]")
    path.write_bytes(data[: entry_start + 20])  # the other writer is half-way through its write
    store = ProgressStore.open(path)
    path.write_bytes(data)  # ...and has finished it
    store.record(review(7))
    assert not path.with_name("progress.toml.torn").exists()
    assert answers(ProgressStore.open(path).reviews()[-2:]) == answers([review(3), review(7)])


# ---- files that must be refused and left untouched ----


def corrupt(data: bytes) -> dict[str, tuple[bytes, int | None, str]]:
    """name -> (bytes, line expected in the error or None, text expected in the message)."""
    text = data.decode()
    marker = data.index(mainfile.JOURNAL_MARKER)
    first_review = text.index("\n[[review]]") + 1
    line_of = lambda offset: text.count("\n", 0, offset) + 1  # noqa: E731
    return {
        "truncated in the snapshot": (data[: marker // 2], None, ""),
        "truncated before the journal": (data[:marker], None, "truncated"),
        "garbage bytes": (b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary", 1, "UTF-8"),
        "garbage text": (b"hello, this is not TOML at all\n", 1, "TOML"),
        "another TOML file": (b'title = "my notes"\n', 1, "schema"),
        "future version": (data.replace(b"schema = 1", b"schema = 2"), 3, "newer"),
        "future version, unreadable": (b"schema = 7\n\n[[item]\nwhatever", 1, "newer"),
        "bad rating": (text.replace("rating = 3", "rating = 9", 1).encode(), line_of(first_review), "rating"),
        "local time": (text.replace("Z\n", "\n", 1).encode(), None, "UTC time"),
        "garbage in the journal": (data + b"rm -rf /\n[[review]]\n# end\n", line_of(len(text)), "[[review]]"),
        "foreign table in the journal": (
            data + b"[[undo]]\nx = 1\n# end\n",
            line_of(len(text)),
            "[[review]]",
        ),
        "two tables in one entry": (data.replace(b"\n# end\n[[review]]", b"\n[[review]]", 1), None, "one"),
        "empty": (b"", 1, "schema"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "truncated in the snapshot",
        "truncated before the journal",
        "garbage bytes",
        "garbage text",
        "another TOML file",
        "future version",
        "future version, unreadable",
        "bad rating",
        "local time",
        "garbage in the journal",
        "foreign table in the journal",
        "two tables in one entry",
        "empty",
    ],
)
def test_a_bad_file_is_refused_with_file_and_line_and_never_touched(path, case):
    bad, line, words = corrupt(good_file(path))[case]
    path.write_bytes(bad)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    listing = sorted(os.listdir(path.parent))
    for _ in range(2):
        with pytest.raises(ProgressError) as caught:
            ProgressStore.open(path)
    error = caught.value
    assert error.path == path and words in error.message
    if line is not None:
        assert error.line == line
    assert str(error).startswith(f"{path}:{error.line}: " if error.line else f"{path}: ")
    assert "untouched" in str(error)
    assert path.read_bytes() == bad and path.stat().st_mtime_ns == 1_000_000_000
    assert sorted(os.listdir(path.parent)) == listing


@pytest.mark.parametrize(
    "case",
    ["truncated in the snapshot", "garbage text", "future version", "bad rating", "garbage in the journal"],
)
def test_a_file_spoiled_while_open_is_not_written_to(path, tmp_path, case):
    bad, _, _ = corrupt(good_file(tmp_path / "other" / "progress.toml"))[case]
    good_file(path)
    store = ProgressStore.open(path)
    store.record(review(5))
    path.write_bytes(bad)  # in place, as an editor or a bad copy would
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    for attempt in (lambda: store.record(review(6)), store.undo_last, lambda: store.set_learner("x")):
        with pytest.raises(ProgressError):
            attempt()
    assert path.read_bytes() == bad and path.stat().st_mtime_ns == 1_000_000_000


def test_the_hint_points_at_the_backup_when_there_is_one(path):
    good_file(path)
    path.write_bytes(b"garbage = \n")
    with pytest.raises(ProgressError) as caught:
        ProgressStore.open(path)
    assert f"{path}.bak" in str(caught.value) and "copy it over" in str(caught.value)


def test_a_future_version_says_to_upgrade(path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b"schema = 2\n")
    with pytest.raises(ProgressError, match="newer trainer"):
        ProgressStore.open(path)


def test_a_path_that_cannot_be_read_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ProgressError, match="cannot read the progress file: Not a directory"):
        ProgressStore.open(blocker / "progress.toml")


def test_a_failed_save_gives_a_clear_error_and_keeps_earlier_answers(path):
    store = ProgressStore.open(path)
    store.record(review(1))
    Path(f"{path}.lock").unlink()
    Path(f"{path}.lock").mkdir()  # a writer that cannot take the lock cannot save
    fresh = ProgressStore.open(path)
    with pytest.raises(ProgressError, match="could not save progress") as caught:
        fresh.record(review(2))
    assert "Answers saved before this one are safe" in str(caught.value)
    assert answers(ProgressStore.open(path).reviews()) == answers([review(1)])


def test_undo_keeps_another_process_later_answer_to_the_same_item(path):
    a, b = ProgressStore.open(path), ProgressStore.open(path)
    a.record(review(1, fact="x"))
    b.record(review(2, fact="x", rating=1))  # b answers the same item after a
    a.undo_last()
    for store in (a, ProgressStore.open(path)):
        item = store.items[ItemKey("bank", "x", "choice")]
        assert (item.reviews, item.correct, item.lapses) == (1, 0, 1)
        assert item.card == review(2, fact="x", rating=1).after
    assert answers(ProgressStore.open(path).reviews()) == answers([review(2, fact="x", rating=1)])


def test_a_store_only_read_from_never_writes(path):
    with ProgressStore.open(path) as store:
        for i in range(5):
            store.record(review(i))
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    listing = sorted(os.listdir(path.parent))
    with ProgressStore.open(path, close_compact=1) as reader:
        assert len(reader.reviews()) == 5
    assert path.stat().st_mtime_ns == 1_000_000_000 and sorted(os.listdir(path.parent)) == listing


def test_undoing_the_only_answer_of_a_history_part(path):
    store = ProgressStore.open(path, journal_limit=1)
    store.record(review(1))  # compacted at once into part 1
    assert store.undo_last() == review(1)
    assert store.items == {}
    again = ProgressStore.open(path)
    assert again.reviews() == [] and again.items == {}


def test_a_file_deleted_while_studying_is_written_again_from_memory(path):
    store = ProgressStore.open(path, journal_limit=3)
    for i in range(4):
        store.record(review(i, fact=f"f{i}"))  # three in a history part, one in the journal
    path.unlink()
    store.record(review(4))
    again = ProgressStore.open(path)
    assert answers(again.reviews()) == answers([review(i, fact=f"f{i}") for i in range(4)] + [review(4)])
    assert again.items == store.items


def test_reviews_since_reads_only_the_history_parts_that_reach_that_far(path):
    store = ProgressStore.open(path, journal_limit=3)
    written = [review(i * 60) for i in range(8)]  # an hour apart: parts 1 and 2, then a journal of 2
    for r in written:
        store.record(r)
    first_part = history.part_path(path, 1)
    first_part.write_text(first_part.read_text().replace("\n2024", "\nbroken", 1))
    # Part 1 ends before the cut-off, so its damage goes unnoticed; part 2 is read.
    assert answers(store.reviews(since=written[4].time)) == answers(written[4:])
    assert answers(store.reviews(since=written[3].time - timedelta(seconds=1))) == answers(written[3:])
    with pytest.raises(ProgressError, match=r"00001\.toml"):
        store.reviews()


def test_opening_runs_without_the_cycle_collector_and_leaves_it_as_it_was(path):
    """A large snapshot is a few records per item and no cycles: the collector's passes over them while
    they pile up cost as much as the parse (issue 13). Paused for the read, and on again after it."""
    import gc

    store = ProgressStore.open(path)
    for i in range(800):
        store.record(review(i, fact=f"f{i}"))
    store.close()
    passes: list[str] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            passes.append(phase)

    gc.callbacks.append(seen)
    try:
        assert gc.isenabled()
        opened = ProgressStore.open(path)
        during = len(passes)
        assert gc.isenabled()
    finally:
        gc.callbacks.remove(seen)
    assert len(opened.items) == 800
    assert during == 0


def answers(reviews: list[Review]) -> list[Review]:
    """Reviews as the history keeps them: a part keeps only the state and due date of the card after each."""
    return [history.archived(r) for r in reviews]
