"""The synthetic bank and progress file the benchmarks measure, so anyone can rebuild a case and time it.

    python benchmarks/fixtures.py bank OUT_DIR --facts N
    python benchmarks/fixtures.py progress OUT_FILE --bank BANK_FILE --items N --reviews M

`bank` writes `tests/unit/factories.synthetic_bank(N)` as OUT_DIR/bank.toml beside its source text.
`progress` spreads the shared real review log (../shared/data/review-logs/, copies shifted in time, see
`bench_progress.scaled_history`) over the first N items the bank yields (its `candidate_keys`), each card's
states computed with fsrs, and lays the file out as the store leaves it: compacted history parts, a snapshot
of every item, a journal of `--journal` entries (default: just short of compaction).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests" / "unit")]

from bench_progress import build_reviews, lay_out, real_log, scaled_history  # noqa: E402
from factories import write_bank  # noqa: E402

from trainer.bank.loading import load_bank  # noqa: E402
from trainer.progress.store import JOURNAL_LIMIT  # noqa: E402
from trainer.questions.generate import candidate_keys  # noqa: E402
from trainer.questions.model import ItemKey  # noqa: E402


def bank(folder: Path, facts: int) -> Path:
    return write_bank(folder, facts)


def progress(path: Path, bank_file: Path, items: int, reviews: int, journal: int = JOURNAL_LIMIT - 1) -> None:
    keys = candidate_keys(load_bank(bank_file))
    if items > len(keys):
        sys.exit(f"fixtures: {bank_file} yields {len(keys):,} items, fewer than --items {items:,}")
    rows = scaled_history(real_log(), items, reviews)
    key_of: dict[int, ItemKey] = {}
    for card_id, *_ in rows:
        key_of.setdefault(card_id, keys[len(key_of)])
    if path.exists():
        sys.exit(f"fixtures: {path} exists; give a new file")
    path.parent.mkdir(parents=True, exist_ok=True)
    lay_out(path, build_reviews(rows, key_of.__getitem__), min(journal, reviews))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    b = sub.add_parser("bank", help="a synthetic bank of N facts: OUT_DIR/bank.toml and its source text")
    b.add_argument("out", type=Path, metavar="OUT_DIR")
    b.add_argument("--facts", type=int, required=True)
    p = sub.add_parser("progress", help="a progress file of M real reviews over N of a bank's items")
    p.add_argument("out", type=Path, metavar="OUT_FILE")
    p.add_argument("--bank", type=Path, required=True, metavar="BANK_FILE")
    p.add_argument("--items", type=int, required=True)
    p.add_argument("--reviews", type=int, required=True)
    p.add_argument("--journal", type=int, default=JOURNAL_LIMIT - 1, help="answers left in the journal")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.what == "bank":
        written = bank(args.out, args.facts)
        print(f"{written}: {args.facts:,} facts, {written.stat().st_size / 2**20:.1f} MB", end="")
    else:
        progress(args.out, args.bank, args.items, args.reviews, args.journal)
        print(f"{args.out}: {args.reviews:,} reviews of {args.items:,} items", end="")
    print(f" ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
