"""`trainer report EXPORT.json... [--format csv|markdown] [-o FILE] [--now ISO]`: a class report.

A file that is not a trainer export is named on stderr and skipped; the report of the others is still
written, and the exit status is 1 so a script notices. With no valid export, nothing is written.
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
from trainer.study.clock import study_day, utc_now
from trainer.study.stats import fact_texts

NAME = "trainer report"


def run(args: Namespace) -> int:
    now = args.now or utc_now()
    good, skipped = [], 0
    for name in args.exports:
        path = Path(name)
        try:
            good.append((path, report.load_export(path)))
        except report.ExportError as e:
            print(f"{NAME}: skipped {e}", file=sys.stderr)
            skipped += 1
    if not good:
        print(f"{NAME}: no valid export to report on", file=sys.stderr)
        return 1
    try:
        banks = wording_banks(NAME, args.with_bank)
    except BankError as error:
        print(error, file=sys.stderr)  # one FILE:LINE:COLUMN line per problem
        return 1
    built = report.build_report(
        good,
        now,
        bank_facts={b.id: [f.id for f in b.bank.facts] for b in banks},
        texts=fact_texts(banks),
        day_of=study_day,
    )
    match fmt := ReportFormat(args.format):
        case ReportFormat.CSV:
            data = report.render_csv(built)
        case ReportFormat.MARKDOWN:
            data = report.render_markdown(built)
        case _:
            assert_never(fmt)
    status = write_output(NAME, data, args.output)
    return status or (1 if skipped else 0)
