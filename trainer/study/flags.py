"""What a flag holds on to: a digest of a question's content as the bank gives it.

A flagged question is not asked again while its digest is the same; once the bank changes the fact (its
question, answer, quote or statement), the question reads differently and comes back. Options' order and
the wrong answers drawn for it are left out: they change with the seed, not with the bank."""

from __future__ import annotations

import json
from hashlib import blake2b

from trainer.questions.model import Question


def digest(question: Question) -> str:
    if isinstance(question.answer, int):
        answer: list[str] = [question.options[question.answer]]
    else:
        answer = [question.options[i] for i in question.answer]
    content = [question.prompt, question.quote, question.explanation, answer, list(question.citations)]
    return blake2b(json.dumps(content, ensure_ascii=False).encode(), digest_size=12).hexdigest()
