"""`trainer draft ARTICLE.txt -o FOLDER [--markers numbered|lettered|both] [--reference TEXT] [--update]`:
a bank that validates, drafted from a cited plain-text article, with a summary of what it holds and what is
left for the teacher. Exit 0 when the draft validates with no error, 1 when it could not be drafted."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.draft.drafting import DraftError, draft
from trainer.draft.markers import parse_style
from trainer.sanitize import visible


def run(args: argparse.Namespace) -> int:
    try:
        style = parse_style(args.markers) if args.markers else None
        report = draft(
            Path(args.article), Path(args.output), style=style, reference=args.reference, update=args.update
        )
    except (DraftError, ValueError) as error:
        print(visible(f"trainer draft: {error}", multiline=True), file=sys.stderr)
        return 1
    for problem in report.problems:
        print(visible(str(problem)))
    errors = sum(p.severity == "error" for p in report.problems)
    kept = f", {report.kept} kept from the existing bank" if report.kept else ""
    print(
        visible(
            f"{report.bank_file}: {report.passages} passages, {report.facts} facts proposed{kept}, "
            f"{report.yielding} of them yield questions ({report.questions} questions now), "
            f"{report.todos} TODOs, {report.format_notes} FORMAT notes; "
            f"{errors} errors, {len(report.problems) - errors} warnings"
        )
    )
    if report.dropped:
        print(visible("dropped (their quote is no longer in the article): " + ", ".join(report.dropped)))
    return 1 if errors else 0
