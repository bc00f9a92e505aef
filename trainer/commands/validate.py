"""`trainer validate BANK... [--strict] [--json]`: one line per problem, `FILE:LINE:COLUMN: error|warning:
message (key path)`, sorted by file and line, then a summary line per bank.

Exit 0 when clean (warnings allowed unless --strict), 1 when problems were found; bad usage is argparse's 2.
`--json` prints one object instead: `{"problems": [Problem...], "errors": N, "warnings": N, "banks":
[{"file", "id", "facts", "errors", "warnings"}...]}`, each problem with the keys `file`, `line`, `column`,
`severity`, `message` and `key_path` (`id` and `facts` are null for a bank that did not load).
"""

from __future__ import annotations

import argparse

from trainer.bank.loaded import LoadedBank
from trainer.bank.loading import load_bank, locate, shared_ids
from trainer.bank.problems import BankError, Problem, display_path
from trainer.bank.validation import validate
from trainer.paths import resolve_bank
from trainer.sanitize import json_text, say


def check(name: str) -> tuple[dict, list[Problem], LoadedBank | None]:
    """Load and validate one bank: its summary, its problems, and the bank if it loaded."""
    summary: dict = {"file": display_path(resolve_bank(name)), "id": None, "facts": None}
    loaded = None
    try:
        loaded = load_bank(locate(name))
    except BankError as exc:
        problems = exc.problems
    else:
        summary.update(id=loaded.id, facts=len(loaded.bank.facts))
        problems = validate(loaded)
    summary["errors"] = sum(p.severity == "error" for p in problems)
    summary["warnings"] = len(problems) - summary["errors"]
    return summary, problems, loaded


def _summary_line(summary: dict) -> str:
    errors, warnings = summary["errors"], summary["warnings"]
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if summary["id"] is None:
        return f"{summary['file']}: not loaded, {counts}"
    return f"{summary['id']} ({summary['file']}): {summary['facts']} facts, {counts}"


def run(args: argparse.Namespace) -> int:
    summaries, problems, banks = [], [], []
    for name in args.banks:
        summary, found, loaded = check(name)
        summaries.append(summary)
        problems.extend(found)
        if loaded is not None:
            banks.append(loaded)
    problems.extend(shared_ids(banks))
    problems.sort(key=lambda p: p.sort_key)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if args.json:
        out = {
            "problems": [p.to_json() for p in problems],
            "errors": errors,
            "warnings": warnings,
            "banks": summaries,
        }
        print(json_text(out))
    else:
        for problem in problems:
            say(problem)
        for summary in summaries:
            say(_summary_line(summary))
    return 1 if errors or (args.strict and warnings) else 0
