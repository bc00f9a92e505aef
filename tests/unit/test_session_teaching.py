"""The engine teaches: siblings kept apart within a study day, new items interleaved, re-asks reshuffled,
practice that leaves schedules alone, study by tag, more new items on request."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from factories import synthetic_bank
from hypothesis import given
from hypothesis import strategies as st
from test_session import BERLIN, T0, make_bank, right, run_through, session, wrong

from trainer.bank.loaded import LoadedBank
from trainer.bank.loading import load_bank
from trainer.bank.models import Bank
from trainer.paths import bundled_banks
from trainer.progress.errors import ProgressError
from trainer.progress.store import ProgressStore
from trainer.questions.generate import build_question
from trainer.questions.model import ItemKey, OptionNote, Question
from trainer.study.reshuffle import reshuffled
from trainer.study.siblings import DayRecord
from trainer.study.weakness import weakness

ORDER_FORMS = ("timeline", "magnitude", "sequence")


def q(fact: str, prompt: str, answer: str, quote: str = "", notes: tuple[str, ...] = (), form="choice"):
    options = (answer, "other one", "other two")
    return Question(
        id=f"b/{fact}/{form}",
        key=ItemKey("b", fact, form),
        kind="choice",
        prompt=prompt,
        options=options,
        answer=0,
        facts=(fact,),
        explanation="",
        citations=(),
        quote=quote or f"quote of {fact}",
        source="",
        notes=(None, *(OptionNote(n) for n in notes), None, None)[:3],
    )


@pytest.fixture
def store(tmp_path: Path):
    s = ProgressStore.open(tmp_path / "progress.toml")
    yield s
    s.close()


@pytest.fixture(scope="module")
def khasham():
    return load_bank(bundled_banks()["khasham"])


# ---- the day's record ----


def test_same_fact_shared_quote_and_shown_answer_clash():
    day = DayRecord()
    day.add(q("a", "When did the attack on Khasham start?", "7 February 2018", notes=("1,400 fighters",)))
    assert day.clash(q("a", "Another form?", "x", form="reverse")) == "same fact"
    assert day.clash(q("c", "?", "y", quote="QUOTE of  A.")) is None  # folded, but a full stop differs
    assert day.clash(q("c", "?", "y", quote="Quote of a")) == "same quote"
    assert day.clash(q("d", "Where was the attack?", "khasham")) == "answer shown"  # folded, in the stem
    assert day.clash(q("e", "How many?", "1,400")) == "answer shown"  # in a wrong option's note
    assert day.clash(q("f", "How many?", "400")) is None  # not a word of "1,400"
    assert day.clash(q("g", "Which?", "Kha")) is None  # not a whole word
    # A question never clashes with itself: a missed item asked again today is not a sibling.
    assert day.clash(q("a", "When did the attack on Khasham start?", "7 February 2018")) is None


def test_answer_shown_in_the_feedback_of_an_ordering():
    day = DayRecord()
    ordering = replace(
        q("t", "Put in order", "x"),
        kind="order",
        options=("The strike began", "The convoy left"),
        answer=(1, 0),
        facts=("t1", "t2"),
    )
    day.add(ordering)
    assert day.clash(q("h", "What left?", "the convoy left")) == "answer shown"


def days_asked(banks, store, days: int, answer=right, **kw):
    return [
        run_through(session(banks, store, at=T0 + timedelta(days=d), **kw), answer=answer)
        for d in range(days)
    ]


def no_siblings(asked: list[Question]) -> bool:
    """Every question of a day, checked against all asked earlier that day; a re-ask is exempt."""
    day = DayRecord()
    for question in asked:
        if question.key not in {key for key, _ in day.shown} and day.clash(question) is not None:
            return False
        day.add(question)
    return True


def test_no_siblings_on_any_day_of_a_simulated_month(khasham, store):
    bank2 = make_bank(120, bank_id="other")
    answers = iter(range(10**6))

    def mostly_right(question):
        return wrong(question) if next(answers) % 4 == 0 else right(question)

    days = days_asked([khasham, bank2], store, 30, answer=mostly_right, limit=40)
    assert all(no_siblings(asked) for asked in days)
    assert sum(map(len, days)) > 300


def test_a_second_session_the_same_day_keeps_apart_from_the_first(khasham, store):
    first = run_through(session(khasham, store, limit=10))
    second = run_through(session(khasham, store, at=T0 + timedelta(hours=3), limit=10, seed=8))
    assert second and no_siblings(first + [x for x in second if x.key not in {y.key for y in first}])
    # The next study day starts afresh: it asks questions that today's would have held back.
    today = DayRecord()
    for x in first + second:
        today.add(x)
    tomorrow = run_through(session(khasham, store, at=T0 + timedelta(days=1), limit=30))
    assert any(today.clash(x) for x in tomorrow)


def test_practice_answers_today_do_not_hold_back_the_days_questions(khasham, store):
    first = run_through(session(khasham, store, limit=5))
    run_through(session(khasham, store, at=T0 + timedelta(hours=1), practice=True, limit=5))
    later = run_through(session(khasham, store, at=T0 + timedelta(hours=2), limit=5, extra_new=5))
    assert no_siblings(first + later)


# ---- interleaving ----


def test_a_new_learners_first_session_on_the_bundled_bank_has_orderings(khasham, tmp_path):
    for seed in range(12):
        with ProgressStore.open(tmp_path / f"p{seed}.toml") as store:
            asked = run_through(session(khasham, store, seed=seed, limit=20))
        assert len(asked) == 20
        assert sum(x.kind == "order" for x in asked) >= 2, seed


def test_interleaving_is_deterministic_for_a_seed(khasham, tmp_path):
    def first(seed: int, name: str) -> list[ItemKey]:
        with ProgressStore.open(tmp_path / name) as store:
            return [e.question.key for e in session(khasham, store, seed=seed)._queue]

    assert first(3, "a.toml") == first(3, "b.toml") != first(4, "c.toml")


# ---- re-asks ----


def test_a_missed_question_comes_back_in_another_order(khasham, store):
    s = session(khasham, store, limit=40)
    checked = {"choice": 0, "order": 0}
    while (current := s.current) is not None:
        s.answer(wrong(current), 1000)
        again = [e.question for e in s._queue if e.question.key == current.key and e.retries]
        if again:
            assert again[0].options != current.options and sorted(again[0].options) == sorted(current.options)
            if current.kind == "choice":
                assert again[0].answer != current.answer
                assert again[0].options[again[0].answer] == current.options[current.answer]
            checked[current.kind] += 1
    assert checked["choice"] and checked["order"]


@given(st.integers(2, 6), st.data())
def test_reshuffled_keeps_the_question_and_moves_it(n, data):
    options = tuple(f"item {i}" for i in range(n))
    right_order = tuple(data.draw(st.permutations(range(n))))
    ordering = replace(
        q("o", "order", "x"),
        kind="order",
        options=options,
        answer=right_order,
        notes=tuple(OptionNote(o) for o in options),
    )
    name = data.draw(st.text(max_size=5))
    again = reshuffled(ordering, name)
    assert again == reshuffled(ordering, name)  # deterministic
    assert again.options != options
    assert [again.options[i] for i in again.answer] == [options[i] for i in right_order]
    assert [n.text for n in again.notes] == list(again.options)
    if n > 2:
        assert again.answer != tuple(range(n))  # not shown already solved
    choice = q("c", "?", "answer")
    moved = reshuffled(choice, name)
    assert moved.answer != 0 and moved.options[moved.answer] == "answer"


# ---- practice ----


def test_practice_asks_weakest_first_and_moves_no_schedule(khasham, store, tmp_path):
    run_through(
        session(khasham, store, limit=12), answer=lambda x: wrong(x) if x.key.form == "choice" else right(x)
    )
    later = T0 + timedelta(hours=1)
    before = dict(store.items)
    s = session(khasham, store, at=later, practice=True, limit=100)
    asked = run_through(s)
    assert {x.key for x in asked} == set(before)
    ranks = [
        weakness(p.lapses, p.card.stability, p.correct, p.reviews) for p in (before[x.key] for x in asked)
    ]
    assert ranks == sorted(ranks)
    assert store.items == before  # schedules and counts unchanged
    practised = [r for r in store.reviews() if r.time >= later.astimezone(r.time.tzinfo)]
    assert practised and all(r.practice for r in practised)
    # Written to the file, read back the same; an old file's reviews are not practice.
    with ProgressStore.open(tmp_path / "progress.toml") as again:
        assert again.items == before and [r.practice for r in again.reviews()] == [
            r.practice for r in store.reviews()
        ]
    text = (tmp_path / "progress.toml").read_text()
    assert text.count("practice = true") == len(practised)
    # Practice does not use up the day's new items.
    assert session(khasham, store, at=later, limit=100, new_per_day=15).position[1] >= 3


def test_undoing_a_practice_answer(khasham, store):
    run_through(session(khasham, store, limit=3))
    before = dict(store.items)
    s = session(khasham, store, at=T0 + timedelta(hours=1), practice=True)
    first = s.current
    s.answer(wrong(first), 1000)
    assert s.undo() and s.current == first and store.items == before


def test_practice_of_nothing_studied_is_empty(khasham, store):
    assert session(khasham, store, practice=True).current is None


# ---- tags, more new items, what comes next ----


def test_study_by_tag(khasham, store):
    tags = {"places"}
    asked = run_through(session(khasham, store, tags=tags, limit=100, new_per_day=100))
    facts = khasham.facts_by_id
    assert asked and all(any(tags & set(facts[f].tags) for f in x.facts) for x in asked)
    assert len(asked) < len(run_through(session(khasham, store, at=T0 + timedelta(days=1), limit=100)))


def test_more_new_items_today(khasham, store):
    run_through(session(khasham, store, new_per_day=5))
    assert session(khasham, store, new_per_day=5).current is None
    more = run_through(session(khasham, store, new_per_day=5, extra_new=4))
    assert len(more) == 4 and all(store.items[x.key].reviews == 1 for x in more)
    with pytest.raises(ValueError, match="extra"):
        session(khasham, store, extra_new=-1)


def test_next_due(khasham, store):
    s = session(khasham, store, limit=3)
    assert s.next_due() is None
    run_through(s)
    assert s.next_due() == min(p.card.due for p in store.items.values())
    assert session(khasham, store, new_per_day=0, tz=BERLIN).next_due() == s.next_due()


# ---- flags ----


def test_a_flagged_question_is_not_asked_again_until_the_bank_changes_it(store, tmp_path):
    bank = make_bank(120)
    s = session(bank, store, limit=5)
    first = s.current
    flag = s.flag(first, "  the date is wrong ")
    assert flag.note == "the date is wrong" and flag.prompt == first.prompt
    assert s.current != first and all(e.question.key != first.key for e in s._queue)
    run_through(s)
    with ProgressStore.open(tmp_path / "progress.toml") as again:
        assert again.flags == {first.key: flag}
    assert "[[flag]]" in (tmp_path / "progress.toml").read_text()
    later = [x.key for d in range(1, 4) for x in run_through(session(bank, store, at=T0 + timedelta(days=d)))]
    assert later and first.key not in later
    # The bank rewords that fact: the flag no longer holds, the question comes back.
    table, _ = synthetic_bank(120)
    for f in table["facts"]:
        if f["id"] == first.key.fact:
            f["question"] = "Reworded, " + f["question"]
    changed = LoadedBank(Bank.model_validate(table), Path("x.toml"))
    assert not session(changed, store).flagged(build_question(changed, first.key, 7))
    assert session(bank, store).flagged(first)


def test_undo_lifts_a_flag(store):
    bank = make_bank(120)
    s = session(bank, store, limit=5)
    s.answer(right(s.current), 1000)
    second = s.current
    s.flag(second)
    assert s.undo() and s.current == second and not store.flags
    assert s.undo() and s.position == (0, 5) and not store.reviews()  # then the answer before it
    assert not s.undo()


def test_a_bad_flag_in_the_file_names_its_line(tmp_path):
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        session(make_bank(120), store).flag(make_question())
    text = path.read_text().replace("digest = ", "digest = 1 #")
    path.write_text(text)
    line = text.splitlines().index("[[flag]]") + 1
    with pytest.raises(ProgressError) as error:
        ProgressStore.open(path)
    assert f":{line}:" in str(error.value) and "digest" in str(error.value)


def make_question() -> Question:
    return q("f1", "When?", "then")
