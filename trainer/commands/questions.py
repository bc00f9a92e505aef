"""`trainer questions BANK... [--seed N] [--json]`: every question the generator makes.

`--json` prints a JSON array of `Question.to_json()` (exactly the documented keys), UTF-8, byte for byte
the same for the same seed. Without it, a preview for teachers: each question numbered, its options with
the right one marked, its explanation, quote, citations and source.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import assert_never

from trainer.bank.loading import load_banks
from trainer.bank.problems import BankError
from trainer.questions.generate import generate
from trainer.questions.model import Kind, Question

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _emit(text: str) -> None:
    """UTF-8 whatever the locale says: bank text is not ASCII ("80–100", "Liwa Fatemiyoun")."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _indent(text: str, prefix: str) -> str:
    return "\n".join((prefix + line).rstrip() for line in text.splitlines())


def preview(number: int, q: Question) -> str:
    lines = [f"{number}. {q.prompt}", f"   [{q.kind}] {q.id}"]
    match q.kind:
        case Kind.CHOICE:
            for i, option in enumerate(q.options):
                mark = "*" if i == q.answer else " "
                lines.append(f"  {mark} {_LETTERS[i]}) {option}")
        case Kind.ORDER:
            for i, option in enumerate(q.options):
                lines.append(f"    {_LETTERS[i]}) {option}")
            assert isinstance(q.answer, tuple)
            lines.append(f"   Right order: {', '.join(_LETTERS[i] for i in q.answer)} ({q.ordering_rule})")
        case _:
            assert_never(q.kind)
    lines.append("   Explanation:")
    lines.append(_indent(q.explanation, "     "))
    if q.quote:
        lines.append("   Quote:")
        lines.append(_indent(q.quote, "     > "))
    if q.highlight:
        lines.append(f"   Picked out in the quote: {' | '.join(q.highlight)}")
    lines.append(f"   Citations: {' '.join(q.citations) or '(none)'}")
    lines.append(f"   Source: {q.source or '(none)'}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        banks = load_banks(args.banks)
    except BankError as exc:
        print(exc, file=sys.stderr)  # one FILE:LINE:COLUMN line per problem
        return 1
    if args.json:
        as_json = [q.to_json() for loaded in banks for q in generate(loaded, args.seed)]
        _emit(json.dumps(as_json, ensure_ascii=False, indent=2) + "\n")
        return 0
    parts = []
    for loaded in banks:
        questions = generate(loaded, args.seed)
        parts.append(f"{loaded.bank.title} ({loaded.id}): {len(questions)} questions, seed {args.seed}\n")
        parts.extend(preview(n, q) + "\n" for n, q in enumerate(questions, start=1))
    _emit("\n".join(parts))
    return 0
