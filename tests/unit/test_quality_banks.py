"""The question-quality test banks (`tests/banks/quality/*/`, issue 18): banks on subjects unlike the
bundled one, written from their own source texts. Each must validate strictly, yield a question for every
fact that asks one, and keep its `# FORMAT:` notes (what the format cannot yet express) in one readable form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.bank.loading import load_bank
from trainer.bank.validation import validate
from trainer.questions.generate import generate

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
def test_every_fact_that_asks_a_question_is_asked(path: Path) -> None:
    loaded = load_bank(path)
    questions = generate(loaded)
    asked = {q.key.fact for q in questions if q.key.form == "choice"}
    askers = {f.id for f in loaded.bank.facts if f.question is not None}
    assert askers - asked == set()
    reversed_ = {q.key.fact for q in questions if q.key.form == "reverse"}
    assert {f.id for f in loaded.bank.facts if f.reverse is not None} - reversed_ == set()
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
