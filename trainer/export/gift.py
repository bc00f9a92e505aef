"""GIFT, Moodle's text format for questions, of a bank's multiple-choice questions.

Text is written `[html]` (escaped, so bank text shows literally), then GIFT's special characters
`~ = # { } :` and the backslash are escaped with a backslash, and line breaks are `<br>`, so no bank text
can end a question, start an answer or a feedback. GIFT has no ordering question: qtype_ordering's own
extension of it reads its items without undoing GIFT's escapes, so items holding a special character would
arrive mangled. Orderings are left out (and counted); Moodle XML carries them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from trainer.export.formats import Exported
from trainer.export.questiontext import BankQuestions, as_html, lead, name, note, sourced_html
from trainer.questions.model import Question

_SPECIAL = re.compile(r"([\\~=#{}:])")


def escape(value: str) -> str:
    """`value` with every GIFT special character taken literally; line breaks as GIFT's `\\n`."""
    return _SPECIAL.sub(r"\\\1", value).replace("\n", "\\n")


def question(q: Question) -> str:
    lines = [f"::{escape(as_html(name(q)))}::[html]{escape(as_html(q.prompt))}{{"]
    for i, option in enumerate(q.options):
        right = i == q.answer
        why = escape(as_html(lead(q) if right else note(q, i)))
        lines.append(f"\t{'=' if right else '~'}{escape(as_html(option))}" + (f"#{why}" if why else ""))
    lines.append(f"\t####{escape(sourced_html(q))}")
    lines.append("}")
    return "\n".join(lines)


def render(banks: Sequence[BankQuestions]) -> Exported:
    parts, skipped = [], 0
    for bank in banks:
        # Moodle takes the category line as it stands once it has swapped escaped characters for placeholders
        # it never swaps back there: so nothing is escaped, and a backslash (which would start an escape)
        # is written as its HTML character reference. Names are HTML, as in Moodle XML; the title is one line.
        title = as_html(bank.title).replace("\\", "&#92;").replace("/", "//")
        parts.append(f"$CATEGORY: $course$/top/{title}")
        for q in bank.questions:
            if q.kind == "choice":
                parts.append(question(q))
            else:
                skipped += 1
    exported = sum(len(b.questions) for b in banks) - skipped
    why = "GIFT has no ordering question; --format moodle carries them" if skipped else ""
    return Exported(("\n\n".join(parts) + "\n").encode(), exported, skipped, why)
