"""`trainer questions BANK... [--seed N] [--json | --format anki|moodle|gift [-o FILE]]`: every question the
generator makes.

`--json` prints a JSON array of `Question.to_json()` (exactly the documented keys), UTF-8, byte for byte
the same for the same seed. Without it, a preview for teachers: each question numbered, its options with
the right one marked, its explanation, quote, citations and source. `--format` writes them for Anki,
Moodle XML or GIFT instead (see `trainer.export.formats` and docs/export.md).
"""

from __future__ import annotations

import argparse
import sys
from typing import assert_never

from trainer.bank.loaded import LoadedBank
from trainer.bank.loading import load_banks
from trainer.bank.problems import BankError
from trainer.questions.generate import generate
from trainer.questions.model import Kind, Question
from trainer.sanitize import json_text, say, visible
from trainer.wording import counted

NAME = "trainer questions"
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
        say(exc, file=sys.stderr)  # one FILE:LINE:COLUMN line per problem
        return 1
    generated = [(loaded, generate(loaded, args.seed)) for loaded in banks]
    if args.format is not None:
        return export_questions(args, generated)
    if args.json:
        text = json_text([q.to_json() for _, qs in generated for q in qs]) + "\n"
    else:
        parts = []
        for loaded, questions in generated:
            parts.append(f"{loaded.bank.title} ({loaded.id}): {len(questions)} questions, seed {args.seed}\n")
            parts.extend(preview(n, q) + "\n" for n, q in enumerate(questions, start=1))
        text = visible("\n".join(parts), multiline=True)  # the preview quotes the bank
    if args.output is None:
        _emit(text)
        return 0
    from trainer.commands.export import write_output

    total = sum(len(qs) for _, qs in generated)
    return write_output(NAME, text.encode(), args.output, counted(total, "question"))


def export_questions(args: argparse.Namespace, generated: list[tuple[LoadedBank, list[Question]]]) -> int:
    from trainer.commands.export import write_output
    from trainer.export.formats import QuestionFormat, render
    from trainer.export.questiontext import BankQuestions

    fmt = QuestionFormat(args.format)
    if fmt.binary and args.output is None:
        print(f"{NAME}: --format {fmt} writes a binary file: give -o FILE", file=sys.stderr)
        return 2
    exported = render(fmt, [BankQuestions(b, qs) for b, qs in generated])
    if exported.skipped:
        print(
            f"{NAME}: skipped {counted(exported.skipped, 'question')}: {exported.skipped_why}",
            file=sys.stderr,
        )
    titles = ", ".join(visible(b.bank.title) for b, _ in generated)
    summary = f"{counted(exported.questions, 'question')} from {titles}"
    return write_output(NAME, exported.data, args.output, summary)
