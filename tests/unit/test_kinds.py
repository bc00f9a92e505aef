"""Every question kind and form is wired through: keyed and built (`trainer.questions.index`), graded, read
and shown in line mode, and previewed by `trainer questions`. A kind or form added to the enums without
its part in each of these fails here (the dispatches end in `assert_never`); tests/ui/test_kind_screens.py does
the same for the app's screens."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from trainer.bank.loading import load_banks
from trainer.commands.questions import preview
from trainer.plain import PlainStudy, _missed_answer, parse_response
from trainer.questions.generate import build_question, candidate_keys, generate
from trainer.questions.grading import grade
from trainer.questions.model import Form, Kind, Question
from trainer.study.session import Feedback

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def khasham():
    (loaded,) = load_banks(["khasham"])
    return loaded


def example(loaded, kind: Kind) -> Question:
    found = next((q for q in generate(loaded) if q.kind is kind), None)
    assert found is not None, f"the bundled bank asks no {kind} question: add one, so this test covers it"
    return found


def right_line(q: Question) -> str:
    """What a learner types for the right answer."""
    answer = q.answer if isinstance(q.answer, tuple) else (q.answer,)
    return " ".join(str(i + 1) for i in answer)


@pytest.mark.parametrize("form", list(Form))
def test_every_form_is_keyed_and_built(khasham, form):
    keys = [k for k in candidate_keys(khasham) if k.form == form]
    assert keys, f"no {form} key: `BankIndex.keys` does not list the form"
    question = build_question(khasham, keys[0], 0)
    assert question is not None and question.key.form == form


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_is_graded_read_shown_and_previewed(khasham, kind):
    q = example(khasham, kind)
    response = parse_response(q, right_line(q))
    assert response == q.answer
    graded = grade(q, response)
    assert graded.correct and graded.score == 1.0

    out = io.StringIO()
    session = SimpleNamespace(position=(0, 1), now=lambda: NOW)
    plain = PlainStudy(session, io.StringIO(), out)  # type: ignore[arg-type]
    plain.show(q)
    plain.show_feedback(Feedback(q, graded, 3, NOW))
    assert q.prompt in out.getvalue() and "Explanation:" in out.getvalue()
    first = q.answer if isinstance(q.answer, int) else q.answer[0]
    assert q.options[first] in _missed_answer(q, graded)

    assert q.prompt in preview(1, q)
    assert q.to_json()["kind"] == kind.value
