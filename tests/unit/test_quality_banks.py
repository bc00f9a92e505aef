"""The question-quality test banks (`tests/banks/quality/*/`, issue 18): banks on subjects unlike the
bundled one, written from their own source texts. Each must validate strictly, yield a question for every
fact that asks one (or say in `trainer validate` why not), and keep its `# FORMAT:` notes (what the format cannot yet express) in one readable form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.bank.loading import load_bank
from trainer.bank.validation import validate
from trainer.questions.generate import generate
from trainer.questions.unasked import unasked

QUALITY = Path(__file__).parents[1] / "banks" / "quality"
BANKS = sorted(QUALITY.glob("*/bank.toml"))
# `# FORMAT: when = "<what a teacher would write>" (<why the format cannot hold it>)`, or `value = {...}`.
FORMAT_NOTE = re.compile(r"^# FORMAT: (when|value) = (\"[^\"]+\"|\{[^}]+\}) \(.+\)$")


def test_there_are_at_least_three_quality_banks() -> None:
    assert len(BANKS) >= 3, BANKS


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.parent.name)
def test_bank_validates_strictly(path: Path) -> None:
    problems = validate(load_bank(path))
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.parent.name)
def test_bank_is_full_size_and_cites_a_text_of_its_own(path: Path) -> None:
    loaded = load_bank(path)
    assert len(loaded.bank.facts) >= 25
    for source in loaded.bank.sources:
        assert source.text_file is not None
        words = len((path.parent / source.text_file).read_text(encoding="utf-8").split())
        assert 800 <= words <= 1500, (source.text_file, words)


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.parent.name)
def test_every_fact_that_asks_a_question_is_asked_or_told_why_not(path: Path) -> None:
    """A question whose options cannot be made alike is left out (issue 18), and `trainer validate` says so
    at its answer: every other one is asked."""
    loaded = load_bank(path)
    questions = generate(loaded)
    told = {p.key_path for p in unasked(loaded)}
    facts = loaded.bank.facts
    asked = {q.key.fact for q in questions if q.key.form == "choice"}
    askers = {
        f.id for i, f in enumerate(facts) if f.question is not None and f"facts[{i}].answer" not in told
    }
    assert askers - asked == set()
    reversed_ = {q.key.fact for q in questions if q.key.form == "reverse"}
    reversers = {
        f.id
        for i, f in enumerate(facts)
        if f.reverse is not None and f"facts[{i}].reverse.answer" not in told
    }
    assert reversers - reversed_ == set()
    assert len(told) < len(askers) + len(reversers)
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        assert len(q.options) >= 3, q.id
        if q.kind == "choice":
            assert isinstance(q.answer, int) and 0 <= q.answer < len(q.options), q.id


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.parent.name)
def test_format_notes_have_one_form(path: Path) -> None:
    notes = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# FORMAT:")]
    malformed = [line for line in notes if not FORMAT_NOTE.match(line)]
    assert malformed == []
