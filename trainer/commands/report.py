"""`trainer report EXPORT.json... [--format csv|markdown] [-o FILE] [--now ISO]`: a class report.

A file that is not a trainer export is named on stderr and skipped; the report of the others is still
written, and the exit status is 1 so a script notices. With no valid export, nothing is written.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from trainer.bank.problems import BankError
from trainer.commands.export import write_output
from trainer.export import report
from trainer.export.inputs import wording_banks
from trainer.study.clock import study_day, utc_now
from trainer.study.stats import fact_texts
from trainer.wording import counted

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
        texts=fact_texts(banks, {(i.bank, i.fact) for _, e in good for i in e.items}),
        day_of=study_day,
    )
    data = report.render_csv(built) if args.format == "csv" else report.render_markdown(built)
    summary = f"{counted(len(built.learners), 'learner')}, {counted(len(built.facts), 'fact')}"
    status = write_output(NAME, data, args.output, summary)
    return status or (1 if skipped else 0)
