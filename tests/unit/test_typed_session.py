"""Typed answers through the engine, line mode (`--typed`) and the app (`t`)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.bank.loading import load_bank
from trainer.plain import PlainStudy
from trainer.progress.store import ProgressStore
from trainer.questions.model import Kind
from trainer.study.session import StudySession

APOLLO = Path(__file__).parents[1] / "ui" / "banks" / "apollo.toml"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def learned_once(store: ProgressStore) -> StudySession:
    """A learner who answered a first session right, back two months later: the session is on the first
    due multiple-choice question (due orderings before it answered right)."""
    bank = load_bank(APOLLO)
    first = StudySession([bank], store, now=T0, limit=5, seed=3)
    while (question := first.current) is not None:
        assert not (question.kind is Kind.CHOICE and first.typable())  # new items are met with options
        first.answer(question.answer, 1000)
    again = StudySession([bank], store, now=T0 + timedelta(days=60), limit=5, new_per_day=0, seed=3)
    while (question := again.current) is not None and question.kind is not Kind.CHOICE:
        again.answer(question.answer, 1000)
    assert question is not None, "the first session answered a multiple-choice question"
    return again


def test_a_recognised_item_can_be_typed_and_the_typing_is_recorded(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.toml") as store:
        session = learned_once(store)
        question = session.current
        assert question is not None and isinstance(question.answer, int) and session.typable()
        key = question.options[question.answer]
        feedback = session.answer_typed(key.upper() + ".", 2000)
        assert feedback.grade.correct and feedback.typed == key.upper() + "."
        assert feedback.rating == 3
        assert store.reviews()[-1].response == f"typed: {key.upper()}."


def test_a_wrong_typed_answer_is_again_and_comes_back(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.toml") as store:
        session = learned_once(store)
        question = session.current
        assert question is not None
        planned = session.position[1]
        feedback = session.answer_typed("something else entirely", 2000)
        assert not feedback.grade.correct and not feedback.grade.close and feedback.rating == 1
        assert store.reviews()[-1].response == "typed: something else entirely"
        assert session.position[1] == planned + 1  # re-asked later in the session


def test_line_mode_asks_for_the_answer_typed(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.toml") as store:
        session = learned_once(store)
        question = session.current
        assert question is not None and isinstance(question.answer, int)
        key = question.options[question.answer]
        out = io.StringIO()
        PlainStudy(session, io.StringIO(f"{key}\n"), out, typed=True).run()
    text = out.getvalue()
    assert "Type the answer (? shows the options)." in text
    assert f"1. {question.options[0]}" not in text
    assert f"Right: {key} (you typed {key})" in text


def test_a_question_mark_shows_the_options_to_pick_from(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.toml") as store:
        session = learned_once(store)
        question = session.current
        assert question is not None and isinstance(question.answer, int)
        out = io.StringIO()
        PlainStudy(session, io.StringIO(f"?\n{question.answer + 1}\n"), out, typed=True).run()
    text = out.getvalue()
    assert f"1. {question.options[0]}" in text and f"Right: {question.options[question.answer]}" in text


def test_line_mode_without_typed_shows_options(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.toml") as store:
        session = learned_once(store)
        question = session.current
        assert question is not None and isinstance(question.answer, int)
        out = io.StringIO()
        PlainStudy(session, io.StringIO(f"{question.answer + 1}\n"), out).run()
    assert "Type the answer" not in out.getvalue() and "Right:" in out.getvalue()
