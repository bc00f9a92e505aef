"""`trainer report EXPORT.json... [--format csv|markdown] [-o FILE] [--now ISO]`: a class report.

A file that is not a usable trainer export (unreadable, not JSON, nested too deep, a value out of range:
see `trainer.export.report.load_export`) is named on stderr with the reason and skipped; the report of the
others is still written, exit 0. With no usable export, nothing is written and the exit status is 1.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path
from typing import assert_never

from trainer.bank.problems import BankError
from trainer.commands.export import write_output
from trainer.export import report
from trainer.export.formats import ReportFormat
from trainer.export.inputs import wording_banks
from trainer.sanitize import say
from trainer.study.clock import study_day, utc_now
from trainer.study.stats import fact_texts
from trainer.wording import counted

NAME = "trainer report"


def run(args: Namespace) -> int:
    now = args.now or utc_now()
    good = []
    for name in args.exports:
        path = Path(name)
        try:
            good.append((path, report.load_export(path)))
        except report.ExportError as e:
            say(f"{NAME}: skipped {e}", file=sys.stderr)
    if not good:
        say(f"{NAME}: no usable export to report on; nothing written", file=sys.stderr)
        return 1
    try:
        banks = wording_banks(NAME, args.with_bank)
    except BankError as error:
        say(error, file=sys.stderr)  # one FILE:LINE:COLUMN line per problem
        return 1
    built = report.build_report(
        good,
        now,
        bank_facts={b.id: [f.id for f in b.bank.facts] for b in banks},
        texts=fact_texts(banks, {(i.bank, i.fact) for _, e in good for i in e.items}),
        day_of=study_day,
    )
    match fmt := ReportFormat(args.format):
        case ReportFormat.CSV:
            data = report.render_csv(built)
        case ReportFormat.MARKDOWN:
            data = report.render_markdown(built)
        case _:
            assert_never(fmt)
    summary = f"{counted(len(built.learners), 'learner')}, {counted(len(built.facts), 'fact')}"
    return write_output(NAME, data, args.output, summary)
