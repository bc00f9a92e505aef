"""Banks written by a teacher from `docs/authoring.md` alone, kept as written (`tests/banks/unseen/*/`): the
generator was never tuned on them (issue 18), so they show what any teacher's bank gets. Each loads with no
error, yields questions of every form its facts allow, and every question it cannot ask is told why."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.bank.loading import load_bank
from trainer.bank.validation import validate
from trainer.questions.generate import generate
from trainer.questions.unasked import unasked

UNSEEN = sorted((Path(__file__).parents[1] / "banks" / "unseen").glob("*/bank.toml"))


def test_there_are_unseen_banks() -> None:
    assert len(UNSEEN) >= 2, UNSEEN


@pytest.mark.parametrize("path", UNSEEN, ids=lambda p: p.parent.name)
def test_an_unseen_bank_validates_and_every_unasked_question_is_told_why(path: Path) -> None:
    loaded = load_bank(path)
    assert [p for p in validate(loaded) if p.severity == "error"] == []
    questions = generate(loaded)
    kinds = {q.key.form for q in questions}
    assert {"choice", "reverse", "timeline"} <= kinds, kinds
    told = {p.key_path for p in unasked(loaded)}
    asked = {(q.key.fact, q.key.form) for q in questions}
    for i, fact in enumerate(loaded.bank.facts):
        if fact.question is not None and f"facts[{i}].answer" not in told:
            assert (fact.id, "choice") in asked, fact.id
    assert len(told) < len(questions) / 2
