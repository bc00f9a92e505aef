"""Progress store at a heavy learner's scale: 10,000 items, 100,000 reviews.

The history is the real review log in ../shared/data/review-logs/ (relative to the repository root),
replicated with time offsets until it covers 10,000 cards, cut to 100,000 reviews, each card's states
computed with `fsrs`. It is laid out as the store leaves it after a year: compacted history parts, a
snapshot of every item, and a journal just short of the compaction limit (the worst case for start-up).

Measured: `ProgressStore.open` (start-up), `record` per answer (fsync included), compaction, sizes; and, in
the same run, the naive design's costs on the same data as one TOML file (`tomllib.loads` of it and
`tomli_w.dumps` of it), and the disk's own floor for a durable answer (a bare append + fdatasync).

    python benchmarks/bench_progress.py [--dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import fsrs
import toml_rs
import tomli_w

from trainer.progress import history, mainfile, toml_tables
from trainer.progress.fileio import sync_data
from trainer.progress.model import CardState, ItemProgress, Review
from trainer.progress.store import CLOSE_COMPACT, JOURNAL_LIMIT, ProgressStore
from trainer.progress.tally import replayed
from trainer.questions.model import ItemKey

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT.parent / "shared" / "data" / "review-logs" / "fsrs-josh-2024.csv"
ITEMS, REVIEWS = 10_000, 100_000
RECORDS = 200
OPENS = 7


def real_log() -> list[tuple[int, int, datetime, int]]:
    if not LOG.is_file():
        sys.exit(f"bench_progress: the real review log is missing: expected {LOG} (the shared data checkout)")
    with LOG.open(newline="") as f:
        return [
            (
                int(r["card_id"]),
                int(r["review_rating"]),
                datetime.fromisoformat(r["review_time"]),
                int(r["review_duration"]),
            )
            for r in csv.DictReader(f)
        ]


def scaled_history(log, items: int = ITEMS, reviews: int = REVIEWS) -> list[tuple[int, int, datetime, int]]:
    """Copies of the log, each shifted by some hours and with its own card ids, cut to `items` cards; then
    `reviews` reviews, by leaving out later reviews (never a card's first) at random."""
    cards = sorted({row[0] for row in log})
    rows, copy = [], 0
    while copy * len(cards) < items:
        keep = set(cards[: items - copy * len(cards)])
        shift = timedelta(hours=5 * copy)
        rows += [(copy * 10**14 + c, r, t + shift, d) for c, r, t, d in log if c in keep]
        copy += 1
    rows.sort(key=lambda row: row[2])
    seen, firsts, later = set(), [], []
    for row in rows:
        (later if row[0] in seen else firsts).append(row)
        seen.add(row[0])
    if not len(firsts) <= reviews <= len(rows):
        sys.exit(
            f"{items:,} items can hold {len(firsts):,} to {len(rows):,} reviews of the real log, not {reviews:,}"
        )
    later = random.Random(0).sample(later, reviews - len(firsts))
    return sorted(firsts + later, key=lambda row: row[2])


def to_state(card: fsrs.Card) -> CardState:
    return CardState(int(card.state), card.step, card.stability, card.difficulty, card.due, card.last_review)


def build_reviews(rows, key_of=None) -> list[Review]:
    """Each row as a Review with its card's state after it, computed with fsrs; `key_of(card_id)` names the
    item (default: a card of the `josh-2024` bank)."""
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    cards: dict[int, fsrs.Card] = {}
    reviews = []
    for card_id, rating, when, duration in rows:
        card = cards.get(card_id) or fsrs.Card(card_id=card_id, due=when)
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), when)
        cards[card_id] = card
        key = key_of(card_id) if key_of else ItemKey("josh-2024", f"card-{card_id}", "choice")
        reviews.append(
            Review(
                when,
                key,
                rating,
                rating > 1,
                float(rating > 1),
                f"answer to card {card_id}",
                duration,
                to_state(card),
            )
        )
    return reviews


def lay_out(path: Path, reviews: list[Review], journal: int) -> None:
    """The file as the store leaves it: parts of CLOSE_COMPACT.. reviews, snapshot, `journal` entries."""
    archived, recent = reviews[:-journal], reviews[-journal:]
    items: dict[ItemKey, ItemProgress] = {}
    for review in archived:
        toml_tables.apply(items, review)
    parts, states = 0, {}
    for start in range(0, len(archived), 4 * CLOSE_COMPACT):
        parts += 1
        chunk = archived[start : start + 4 * CLOSE_COMPACT]
        history.write_part(path, parts, chunk, replayed(chunk, states))
    data = mainfile.render(mainfile.Contents(learner="Josh", history_parts=parts, items=items), path)
    path.write_bytes(data + "".join(map(toml_tables.format_review, recent)).encode())


def naive_document(store: ProgressStore, reviews: list[Review]) -> dict:
    def card(c: CardState) -> dict:
        return {k: v for k, v in vars(c).items() if v is not None}

    return {
        "schema": 1,
        "learner": "Josh",
        "item": [
            {
                "bank": i.key.bank,
                "fact": i.key.fact,
                "form": i.key.form,
                "reviews": i.reviews,
                "correct": i.correct,
                "lapses": i.lapses,
                "last_review": i.last_review,
                "card": card(i.card),
            }
            for i in store.items.values()
        ],
        "review": [
            {
                "time": r.time,
                "bank": r.key.bank,
                "fact": r.key.fact,
                "form": r.key.form,
                "rating": r.rating,
                "correct": r.correct,
                "score": r.score,
                "response": r.response,
                "duration_ms": r.duration_ms,
                "after": card(r.after),
            }
            for r in reviews
        ],
    }


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


OPEN_IN_A_FRESH_PROCESS = """
import sys, time
from trainer.progress.store import ProgressStore
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    ProgressStore.open(sys.argv[1]).close()
    print(time.perf_counter() - start)
"""


def open_times(path: Path) -> list[float]:
    """Start-up as a learner meets it: in a new process, not in this one with its 10^6 objects to collect."""
    out = subprocess.run(
        [sys.executable, "-c", OPEN_IN_A_FRESH_PROCESS, str(path), str(OPENS)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [float(line) for line in out.split()]


def bare_appends(folder: Path) -> list[float]:
    """The floor for a durable answer on this disk: append 400 bytes and fdatasync, nothing else."""
    fd = os.open(folder / "bare", os.O_RDWR | os.O_CREAT)
    out = []
    for i in range(RECORDS):
        start = time.perf_counter()
        os.pwrite(fd, b"x" * 400, 400 * i)
        sync_data(fd)
        out.append(time.perf_counter() - start)
    os.close(fd)
    return out


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dir", type=Path, help="folder for the temporary files, removed afterwards (default: the system's)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-progress-", dir=args.dir) as folder:
        run(Path(folder))


def run(folder: Path) -> None:
    path = folder / "progress.toml"

    start = time.perf_counter()
    reviews = build_reviews(scaled_history(real_log()))
    extra = reviews[-RECORDS:]  # the answers recorded during the benchmark
    history_reviews = reviews[:-RECORDS]
    print(
        f"history: {len(reviews):,} reviews of {len({r.key for r in reviews}):,} items "
        f"(built with fsrs in {time.perf_counter() - start:.1f} s) in {folder}"
    )

    lay_out(path, history_reviews, JOURNAL_LIMIT - 1)
    opens = open_times(path)
    store = ProgressStore.open(path)
    full = timed(store.reviews, 1)[0]
    store.close()

    # Recording: from a journal half full, so no compaction falls inside the measured answers.
    lay_out(path, history_reviews, JOURNAL_LIMIT // 2)
    store = ProgressStore.open(path)
    saves = []
    for review in extra:
        begin = time.perf_counter()
        store.record(review)
        saves.append(time.perf_counter() - begin)
    bare = statistics.median(bare_appends(folder))
    compaction = timed(store._compact, 1)[0]
    everything = store.reviews()
    assert len(everything) == len(reviews), (len(everything), len(reviews))
    store.close()

    naive = naive_document(store, everything)
    dumps = timed(lambda: tomli_w.dumps(naive), 1)[0]
    naive_text = tomli_w.dumps(naive)
    parse = timed(lambda: tomllib.loads(naive_text), 1)[0]
    parse_rs = timed(lambda: toml_rs.loads(naive_text), 1)[0]

    open_ms, save_ms = statistics.median(opens), statistics.median(saves)
    p95 = statistics.quantiles(saves, n=20)[-1]
    size = path.stat().st_size
    parts = sum(p.stat().st_size for p in mainfile.history_dir(path).iterdir())
    mb = 1 / 2**20
    print(
        f"main file {size * mb:.2f} MB ({len(store.items):,} items + journal); "
        f"history parts {parts * mb:.2f} MB; the same as one TOML file {len(naive_text.encode()) * mb:.2f} MB"
    )
    print("baselines on the one-file layout, same data, same run:")
    print(f"  tomllib.loads (whole file)      {ms(parse)}")
    print(f"  toml_rs.loads (whole file)      {ms(parse_rs)}")
    print(f"  tomli_w.dumps (whole file)      {ms(dumps)}")
    print("progress store:")
    print(
        f"  open, journal at {JOURNAL_LIMIT - 1} (new process, median of {OPENS}) {ms(open_ms)}   "
        f"= {open_ms / parse:.2g}x tomllib full parse   target < 300 ms: {'ok' if open_ms < 0.3 else 'MISSED'}"
    )
    print(
        f"  record one answer, median        {ms(save_ms)}   = {save_ms / dumps:.2g}x tomli_w full dump   "
        f"target < 5 ms: {'ok' if save_ms < 0.005 else 'MISSED'}"
    )
    print(
        f"  (a bare 400-byte append + fdatasync on this disk, median: {ms(bare).strip()}: "
        f"record = {save_ms / bare:.2g}x that floor)"
    )
    print(f"  record one answer, p95 / max     {ms(p95)} / {ms(max(saves))}  (over {RECORDS} answers)")
    print(f"  compaction (every {JOURNAL_LIMIT} answers, and at close from {CLOSE_COMPACT}) {ms(compaction)}")
    print(f"  reviews(): whole history, lazily {ms(full)}")


if __name__ == "__main__":
    main()
