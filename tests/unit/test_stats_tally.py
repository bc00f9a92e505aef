"""The statistics counted from the history's tally (part heads and the journal) equal those counted from
every answer, whatever the history: parts and journal, practice, undo, time zones, a store reopened."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from trainer.progress import history, mainfile, toml_tables, tomlfmt
from trainer.progress.model import CardState, ItemProgress, Review
from trainer.progress.store import ProgressStore
from trainer.progress.tally import Tally, quarter
from trainer.questions.model import ItemKey
from trainer.study.stats import WEAKEST, compute_stats, fact_stats, store_stats, weakness

T0 = datetime(2024, 3, 30, 20, 7, tzinfo=UTC)
ZONES = [UTC, ZoneInfo("Asia/Kolkata"), ZoneInfo("America/St_Johns")]
ODD = timezone(timedelta(minutes=7))
"""No zone in use today: its days turn over inside a quarter hour, so the tally cannot say."""

answer = st.tuples(
    st.integers(0, 5),  # item
    st.integers(0, 26 * 60),  # minutes after the previous answer
    st.integers(1, 4),  # rating
    st.booleans(),  # practice
    st.integers(0, 10),  # undo this one when 0
)


def _review(
    when: datetime, item: int, rating: int, practice: bool, store: ProgressStore | None = None
) -> Review:
    """An answer; in practice, the card after it is the one it had (as `StudySession` records it)."""
    state = 2 if rating > 1 else (3 if item % 2 else 1)
    after = CardState(state, None, 2.5, 5.0, when + timedelta(days=rating), when)
    key = ItemKey("bank", f"f{item}", "choice")
    if practice and store is not None and key in store.items:
        after = store.items[key].card
    return Review(when, key, rating, rating > 1, float(rating > 1), f"r{item}", 1000, after, practice, 7)


def _same(store: ProgressStore, now: datetime) -> None:
    for tz in [*ZONES, ODD]:
        for hour in (0, 4) if tz is UTC else (4,):
            full = compute_stats(store.items, store.reviews(), now, tz=tz, day_start_hour=hour)
            assert store_stats(store, now, tz=tz, day_start_hour=hour) == full


@given(st.lists(answer, max_size=40), st.integers(2, 6), st.sampled_from([10**9, 0]))
def test_stats_from_the_tally_equal_stats_from_every_answer(answers, limit, background_from):
    """Compacting in place or in a child (`background_from` 0): a part installed later adds its answers to
    the tally kept of the parts."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.toml"
        store = ProgressStore.open(path, journal_limit=limit, background_from=background_from)
        when = T0
        for item, minutes, rating, practice, undo in answers:
            when += timedelta(minutes=minutes, seconds=13)
            store.record(_review(when, item, rating, practice, store))
            if undo == 0:
                store.undo_last()
            store.tally()  # kept from here on: each compaction (or install) must add to it
        now = when + timedelta(hours=5)
        _same(store, now)
        store.close()
        _same(ProgressStore.open(path), now)


def test_an_answer_older_than_the_archived_ones_is_counted_in_time_order(tmp_path):
    path = tmp_path / "progress.toml"
    store = ProgressStore.open(path, journal_limit=2)
    for minutes, rating in [(0, 3), (60, 3), (120, 1)]:
        store.record(_review(T0 + timedelta(days=minutes), 1, rating, False))
    store.record(_review(T0 + timedelta(days=30), 1, 1, False))  # before the archived 60 and 120 days
    assert store.tally() is None
    _same(store, T0 + timedelta(days=200))


def test_a_part_keeps_its_tally_in_its_head(tmp_path):
    path = tmp_path / "progress.toml"
    store = ProgressStore.open(path, journal_limit=3)
    reviews = [_review(T0 + timedelta(minutes=m), m % 2, 3, False) for m in (0, 1, 20)]
    for r in reviews:
        store.record(r)
    tally = history.read_tally(path, 1)
    assert tally is not None and tally.quarters == {
        quarter(T0): [2, 2, 0, 0],
        quarter(T0 + timedelta(minutes=20)): [1, 1, 1, 1],  # item 0 again, learned by then
    }


def test_a_part_from_before_tallies_is_counted_from_its_answers(tmp_path):
    path = tmp_path / "progress.toml"
    reviews = [_review(T0 + timedelta(hours=h), 1, 3, False) for h in range(4)]
    old = (
        "# trainer progress history, part 1: 4 answers moved here from progress.toml.\n"
        f"schema = 1\npart = 1\nfirst = {tomlfmt.instant(reviews[0].time)}\n"
        f"last = {tomlfmt.instant(reviews[-1].time)}\n\n"
    ) + "".join(map(toml_tables.format_review, reviews))
    history.part_path(path, 1).parent.mkdir()
    history.part_path(path, 1).write_text(old)
    path.write_bytes(b"schema = 1\nhistory_parts = 1\n\n" + mainfile.JOURNAL_MARKER)
    store = ProgressStore.open(path)
    assert history.read_tally(path, 1) is None
    expected = Tally()
    for r, before in zip(reviews, [0, 2, 2, 2], strict=True):
        expected.add(r, before)
    tally = store.tally()
    assert tally is not None and tally.quarters == expected.quarters
    assert store.reviews() == reviews


@given(
    st.lists(
        st.tuples(
            st.integers(0, 14),  # fact
            st.sampled_from(["choice", "reverse"]),
            st.integers(0, 3),  # lapses
            st.none() | st.sampled_from([0.5, 1.0, 3.0]),  # stability
            st.integers(1, 5),  # reviews
        ),
        max_size=40,
        unique_by=lambda row: row[:2],
    )
)
def test_the_weakest_facts_are_the_first_of_every_fact_in_weakness_order(rows):
    items = {}
    for fact, form, lapses, stability, reviews in rows:
        key = ItemKey("bank", f"f{fact}", form)
        card = CardState(2, None, stability, 5.0, T0, T0 if stability else None)
        items[key] = ItemProgress(key, card, reviews, min(lapses, reviews), reviews // 2, T0)
    expected = sorted(fact_stats(items.values(), T0, {}), key=weakness)[:WEAKEST]
    assert compute_stats(items, [], T0, tz=UTC).weakest == tuple(expected)
