"""Planning one 20-question study session on a 10,000-fact bank with 10,000 items in the progress file.

The bank is the synthetic one of tests/unit/factories.py; the progress file holds an item for each of the
first 10,000 question keys, reviewed over the past year (about a tenth due now), written by the store's own
code. Measured (median of several runs):

- warm: `StudySession(...)` on a bank already used once (its question index is cached per loaded bank):
  the target is under 50 ms;
- cold: the first session on a freshly loaded bank, which also builds the bank's question index;
- studied today: warm, nothing due, but answers already given today and a 100,000-review history in
  archived parts, so that counting today's new items has to read the history;
- all due: warm, with nearly every item overdue (a learner back after a long break), all ranked by recall;

and, in the same run, as baselines: validating the bank's table into the model (`Bank.model_validate`),
building one question, and generating every question (what a session would cost without the index).

    python benchmarks/bench_session.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from factories import synthetic_bank  # noqa: E402

from trainer.bank.loaded import LoadedBank  # noqa: E402
from trainer.bank.models import Bank  # noqa: E402
from trainer.progress import history, mainfile  # noqa: E402
from trainer.progress.model import CardState, ItemProgress, Review  # noqa: E402
from trainer.progress.store import ProgressStore  # noqa: E402
from trainer.questions.generate import build_question, candidate_keys, generate  # noqa: E402
from trainer.study.session import StudySession  # noqa: E402

FACTS = ITEMS = 10_000
HISTORY = 100_000
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def progress_items(bank: LoadedBank, overdue: float = 1.1) -> dict:
    """Items last reviewed up to `overdue` times their interval ago: 1.1 leaves about a tenth due."""
    rng = random.Random(1)
    items = {}
    for key in candidate_keys(bank)[:ITEMS]:
        stability = rng.lognormvariate(2.5, 1.2)
        last = NOW - timedelta(days=stability * rng.uniform(0.01, overdue))
        card = CardState(2, None, stability, rng.uniform(1, 10), last + timedelta(days=stability), last)
        items[key] = ItemProgress(key, card, reviews=rng.randint(1, 20), correct=1, last_review=last)
    return items


def write_store(path: Path, items: dict, history_reviews: int = 0) -> None:
    """The file as the store leaves it after compactions: archived parts, a snapshot, an empty journal."""
    parts = 0
    if history_reviews:
        pool = list(items.values())
        reviews = sorted(
            (
                Review(NOW - timedelta(days=400, minutes=i), p.key, 3, True, 1.0, "x", 5000, p.card)
                for i, p in enumerate(random.Random(2).choices(pool, k=history_reviews))
            ),
            key=lambda r: r.time,
        )
        for parts, start in enumerate(range(0, len(reviews), 1000), start=1):
            history.write_part(path, parts, reviews[start : start + 1000])
    path.write_bytes(mainfile.render(mainfile.Contents(history_parts=parts, items=items), path))


def cold(fresh, session, store, runs: int) -> float:
    """Each run on a new LoadedBank, so the question index is built again."""
    times = []
    for _ in range(runs):
        bank = fresh()
        start = time.perf_counter()
        session(bank, store)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def first_after_open(path: Path, session, runs: int) -> float:
    """A session on a store just opened, so nothing it reads lazily is cached yet."""
    times = []
    for _ in range(runs):
        with ProgressStore.open(path) as store:
            start = time.perf_counter()
            session(store)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs

    table, _text = synthetic_bank(FACTS)
    validate_ms = median_ms(lambda: Bank.model_validate(table), 3)
    model = Bank.model_validate(table)

    def fresh() -> LoadedBank:
        return LoadedBank(model, Path("synthetic.toml"))

    bank = fresh()
    items = progress_items(bank)
    due = sum(p.card.due <= NOW for p in items.values())
    with tempfile.TemporaryDirectory() as tmp:
        plain_path, today_path, late_path = (
            Path(tmp) / name for name in ("p.toml", "today.toml", "late.toml")
        )
        write_store(plain_path, items)
        write_store(today_path, progress_items(bank, overdue=0.95), HISTORY)  # none due: new items needed
        write_store(late_path, progress_items(bank, overdue=50))
        store = ProgressStore.open(plain_path)
        today = ProgressStore.open(today_path)
        late = ProgressStore.open(late_path)
        all_due = sum(p.card.due <= NOW for p in late.items.values())
        # Three answers already given today, so the day's new-item count must read the history.
        for key in list(today.items)[:3]:
            after = today.items[key].card
            today.record(Review(NOW - timedelta(hours=1), key, 3, True, 1.0, "x", 4000, after))

        def session(on: LoadedBank, s: ProgressStore) -> StudySession:
            return StudySession([on], s, now=NOW, limit=20, seed=1)

        cold_ms = cold(fresh, session, store, max(3, runs // 3))
        planned = session(bank, store).position[1]
        warm_ms = median_ms(lambda: session(bank, store), runs)
        today_ms = median_ms(lambda: session(bank, today), max(3, runs // 3))
        late_ms = median_ms(lambda: session(bank, late), max(3, runs // 3))
        today_first_ms = first_after_open(today_path, lambda s: session(bank, s), 3)
        one_ms = median_ms(lambda: build_question(bank, candidate_keys(bank)[0], 1), runs)
        all_ms = median_ms(lambda: generate(bank, 1), 1)
        for s in (store, today, late):
            s.close()

    print(
        f"bank: {FACTS:,} facts, {len(candidate_keys(bank)):,} question keys; progress: {len(items):,} items, "
        f"{due:,} due now; session planned {planned} questions"
    )
    print(f"  session, warm        {warm_ms:8.1f} ms   (target < 50 ms)")
    print(
        f"  session, cold        {cold_ms:8.1f} ms   (first session on a freshly loaded bank: builds its index)"
    )
    print(
        f"  session, studied today {today_ms:8.1f} ms   (today's new items counted from {HISTORY:,} archived reviews)"
    )
    print(
        f"  the same, first session after start-up {today_first_ms:8.1f} ms   (the history parts read from disk)"
    )
    print(f"  session, {all_due:,} due   {late_ms:8.1f} ms   (back after a long break: every item ranked)")
    print("baselines, same run:")
    print(f"  Bank.model_validate  {validate_ms:8.1f} ms   warm session / it = {warm_ms / validate_ms:.3f}")
    print(f"  build one question   {one_ms:8.3f} ms   warm session / it = {warm_ms / one_ms:.0f}x")
    print(f"  generate every one   {all_ms:8.1f} ms   warm session / it = {warm_ms / all_ms:.4f}")


if __name__ == "__main__":
    main()
