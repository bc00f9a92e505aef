"""`trainer export --format csv|json|markdown|fsrs [--progress PATH] [-o FILE] [--bank ID] [--reviews] [--now ISO]`."""

from __future__ import annotations

import os
import sys
from argparse import Namespace
from pathlib import Path
from typing import TYPE_CHECKING, assert_never

from trainer.bank.problems import BankError
from trainer.export import export, fsrs_log
from trainer.export.formats import ExportFormat
from trainer.export.inputs import progress, wording_banks
from trainer.progress.errors import ProgressError
from trainer.progress.fileio import atomic_write
from trainer.sanitize import say, visible
from trainer.study.clock import utc_now
from trainer.study.stats import compute_stats, study_days
from trainer.wording import counted

if TYPE_CHECKING:
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
            items, reviews = store.items, store.reviews()
            if args.bank is not None:
                items = {k: p for k, p in items.items() if k.bank == args.bank}
                reviews = [r for r in reviews if r.key.bank == args.bank]
                banks = [b for b in banks if b.id == args.bank]
                if not items and not banks:
                    say(
                        f"{NAME}: no bank {args.bank!r} in the progress file or the bundled banks",
                        file=sys.stderr,
                    )
                    return 1
            learner = store.learner if fmt in (ExportFormat.CSV, ExportFormat.FSRS) else _learner(store)
    except ProgressError as e:
        say(f"{NAME}: {e}", file=sys.stderr)
        return 1

    doc = export.export_document(
        items, reviews, now, learner=learner, banks=banks, day_of=study_days(), include_reviews=args.reviews
    )
    match fmt:
        case ExportFormat.JSON:
            data = export.render_json(doc)
        case ExportFormat.CSV:
            data = export.render_csv(doc)
        case ExportFormat.MARKDOWN:
            data = export.render_markdown(doc, compute_stats(items, reviews, now, banks=banks), banks)
        case ExportFormat.FSRS:
            data = fsrs_log.render(reviews)
        case _:
            assert_never(fmt)
    items_n, facts_n = len(doc["items"]), len({(i["bank"], i["fact"]) for i in doc["items"]})
    summary = f"{counted(items_n, 'item')} of {counted(facts_n, 'fact')}"
    if "reviews" in doc:
        summary += f", {counted(len(doc['reviews']), 'answer')}"
    return write_output(NAME, data, args.output, summary)


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


def write_output(command: str, data: bytes, output: str | None, summary: str = "") -> int:
    """To `output` atomically, saying on stderr what was written (`wrote class.md: 3 learners, 81 facts`),
    or to stdout."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    if Path(output).is_dir():
        say(f"{command}: cannot write {output}: it is a folder; give a file name", file=sys.stderr)
        return 1
    try:
        atomic_write(Path(output), data)
    except OSError as e:
        say(f"{command}: cannot write {output}: {e.strerror or e}", file=sys.stderr)
        return 1
    print(f"wrote {visible(output)}" + (f": {summary}" if summary else ""), file=sys.stderr)
    return 0
