"""`trainer export --format csv|json|markdown|fsrs [--progress PATH] [-o FILE] [--bank ID] [--reviews] [--now ISO]`."""

from __future__ import annotations

import os
import sys
from argparse import Namespace
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, assert_never

from trainer.bank.problems import BankError
from trainer.export import export, fsrs_log
from trainer.export.formats import ExportFormat
from trainer.export.inputs import progress, wording_banks
from trainer.progress.errors import ProgressError
from trainer.progress.fileio import atomic_write_chunks
from trainer.sanitize import say, visible
from trainer.study.clock import utc_now
from trainer.study.stats import compute_stats, day_totals, store_day_totals, store_stats, study_days
from trainer.wording import counted

if TYPE_CHECKING:
    from trainer.bank.loaded import LoadedBank
    from trainer.progress.model import Review
    from trainer.progress.store import ProgressStore

LEARNER_ENV = "TRAINER_LEARNER"
NAME = "trainer export"


def run(args: Namespace) -> int:
    now = args.now or utc_now()
    try:
        banks = wording_banks(NAME, args.with_bank)
    except BankError as error:
        say(error, file=sys.stderr)  # one FILE:LINE:COLUMN line per problem
        return 1
    fmt = ExportFormat(args.format)
    try:
        with progress(args.progress) as store:
            return _export(store, args, fmt, now, banks)
    except ProgressError as e:
        say(f"{NAME}: {e}", file=sys.stderr)
        return 1


def _export(
    store: ProgressStore, args: Namespace, fmt: ExportFormat, now: datetime, banks: list[LoadedBank]
) -> int:
    """The export, reading the history (when it is asked for) a part at a time as it is written out; the
    per-day counts come from the history's tally, so without `--reviews` no answer is read."""
    items, flags = store.items, list(store.flags.values())
    reviews: Iterable[Review] = _History(store, args.bank)
    day_of = study_days()
    if args.bank is not None:
        flags = [f for f in flags if f.key.bank == args.bank]
        items = {k: p for k, p in items.items() if k.bank == args.bank}
        banks = [b for b in banks if b.id == args.bank]
        if not items and not banks:
            say(f"{NAME}: no bank {args.bank!r} in the progress file or the bundled banks", file=sys.stderr)
            return 1
        days = day_totals(reviews, day_of)
    else:
        days = store_day_totals(store, day_of)
    learner = store.learner if fmt in (ExportFormat.CSV, ExportFormat.FSRS) else _learner(store)
    doc = export.export_document(
        items,
        reviews,
        now,
        learner=learner,
        banks=banks,
        day_of=day_of,
        include_reviews=args.reviews,
        flags=flags,
        days=days,
    )
    data: bytes | Iterable[bytes]
    match fmt:
        case ExportFormat.JSON:
            data = (chunk.encode() for chunk in export.json_chunks(doc))
        case ExportFormat.CSV:
            data = export.render_csv(doc)
        case ExportFormat.MARKDOWN:
            stats = (
                store_stats(store, now, banks=banks)
                if args.bank is None
                else compute_stats(items, reviews, now, banks=banks)
            )
            data = export.render_markdown(doc, stats, banks)
        case ExportFormat.FSRS:
            data = fsrs_log.render(reviews)
        case _:
            assert_never(fmt)

    def summary() -> str:
        items_n, facts_n = len(doc["items"]), len({(i["bank"], i["fact"]) for i in doc["items"]})
        text = f"{counted(items_n, 'item')} of {counted(facts_n, 'fact')}"
        if "reviews" in doc:
            text += f", {counted(len(doc['reviews']), 'answer')}"
        return text

    return write_output(NAME, data, args.output, summary)


class _History:
    """The store's history (of one bank, if given), read afresh a part at a time on each pass."""

    def __init__(self, store: ProgressStore, bank: str | None) -> None:
        self.store, self.bank = store, bank

    def __iter__(self) -> Iterator[Review]:
        history = self.store.history()
        return history if self.bank is None else (r for r in history if r.key.bank == self.bank)


def _learner(store: ProgressStore) -> str | None:
    """The name kept in the progress file; asked for once on a terminal (and kept), else $TRAINER_LEARNER."""
    if store.learner:
        return store.learner
    if sys.stdin.isatty() and sys.stderr.isatty():
        print("Your name, for the export (kept in the progress file): ", end="", file=sys.stderr, flush=True)
        name = " ".join(sys.stdin.readline().split())
        if name:
            store.set_learner(name)
            return name
    return os.environ.get(LEARNER_ENV) or None


def write_output(
    command: str, data: bytes | Iterable[bytes], output: str | None, summary: str | Callable[[], str] = ""
) -> int:
    """To `output` atomically, saying on stderr what was written (`wrote class.md: 3 learners, 81 facts`),
    or to stdout. `data` may come in pieces made as they are written; `summary` then says what they held."""
    chunks = [data] if isinstance(data, bytes) else data
    if output is None:
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
        return 0
    if Path(output).is_dir():
        say(f"{command}: cannot write {output}: it is a folder; give a file name", file=sys.stderr)
        return 1
    try:
        atomic_write_chunks(Path(output), chunks)
    except OSError as e:
        say(f"{command}: cannot write {output}: {e.strerror or e}", file=sys.stderr)
        return 1
    said = summary() if callable(summary) else summary
    print(f"wrote {visible(output)}" + (f": {said}" if said else ""), file=sys.stderr)
    return 0
