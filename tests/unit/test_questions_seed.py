"""The bundled Khasham bank's traps: the six aircraft, the 400/500/250 figures, the 12 February events,
"later that same day". Facts are found by what they say, not by their ids."""

from __future__ import annotations

import pytest
from factories import check_question

from trainer.bank import forms
from trainer.bank.folding import contains, fold
from trainer.bank.loaded import LoadedBank
from trainer.bank.loading import load_banks
from trainer.bank.models import Fact
from trainer.bank.timeline import compare
from trainer.questions.generate import build_question, generate
from trainer.questions.model import ItemKey

SEEDS = range(12)
AIRCRAFT = ["AC-130", "F-22 Raptor", "F-15E Strike Eagle", "MQ-9 Reaper", "AH-64 Apache", "B-52"]


@pytest.fixture(scope="module")
def khasham():
    (bank,) = load_banks(["khasham"])
    return bank


@pytest.fixture(scope="module")
def questions(khasham):
    return {seed: generate(khasham, seed) for seed in SEEDS}


def facts_where(bank, predicate):
    found = [f for f in bank.bank.facts if predicate(f)]
    assert found, "the bundled bank no longer has the fact this test is about"
    return found


def test_every_question_is_well_formed(khasham, questions):
    for seed in SEEDS:
        assert len({q.id for q in questions[seed]}) == len(questions[seed])
        for q in questions[seed]:
            check_question(q, khasham)
    forms = {q.key.form for q in questions[0]}
    # No magnitude: the bank's amounts measure different things (a force, an agreed cap, a crossing; the
    # killed and the wounded), and a magnitude question compares one property.
    assert {"choice", "reverse", "timeline", "sequence"} <= forms and "magnitude" not in forms


def test_the_six_aircraft_are_never_wrong_options_for_the_aircraft_fact(khasham, questions):
    aircraft_facts = facts_where(
        khasham, lambda f: all(contains(f.quote, a) for a in AIRCRAFT) and f.answer_kind and f.question
    )
    ids = {f.id for f in aircraft_facts}
    asked = 0
    for seed in SEEDS:
        for q in questions[seed]:
            if q.kind != "choice" or q.key.fact not in ids:
                continue
            asked += 1
            wrong = [o for i, o in enumerate(q.options) if i != q.answer]
            for option in wrong:
                assert not any(contains(option, a) or contains(a, option) for a in AIRCRAFT), (q.id, option)
    assert asked >= len(SEEDS)


@pytest.mark.parametrize("keep_also_right", [True, False])
def test_the_aircraft_trap_holds_without_the_teachers_help(khasham, keep_also_right):
    """Without the teacher's distractors (and even without `also_right`), the wrong options come from the
    bank's other aircraft answers, and the ones the passage lists (the MQ-9 Reaper of 10 February) are
    still refused."""
    (aircraft,) = facts_where(khasham, lambda f: all(contains(f.quote, a) for a in AIRCRAFT) and f.question)
    bare = aircraft.model_copy(update={"distractors": [], **({} if keep_also_right else {"also_right": []})})
    extra = [  # two more aircraft, so the bank has enough valid wrong answers once the listed ones are refused
        aircraft.model_copy(
            update={
                "id": f"extra-{n}",
                "answer": answer,
                "quote": answer,
                "distractors": [],
                "also_right": [],
            }
        )
        for n, answer in enumerate(["Tu-160 bombers", "Ka-52 helicopters"])
    ]
    facts = [bare if f.id == aircraft.id else f for f in khasham.bank.facts] + extra
    pool = [f.answer for f in facts if f.answer_kind == aircraft.answer_kind and f.id != aircraft.id]
    assert any(contains(aircraft.quote, a) for a in pool), (
        "the trap is live: another fact's answer is in the quote"
    )
    bank = LoadedBank(khasham.bank.model_copy(update={"facts": facts}), khasham.path)
    for seed in SEEDS:
        q = build_question(bank, ItemKey(bank.id, aircraft.id, "choice"), seed)
        check_question(q, bank)
        assert sorted(q.options) == sorted(
            ["AC-130 gunships", "Su-57 fighters", "Tu-160 bombers", "Ka-52 helicopters"]
        )


def figure(bank, amount):
    (f,) = facts_where(
        bank, lambda f: f.value is not None and f.value.amount == amount and fold(f.value.unit) == "fighters"
    )
    return f


@pytest.mark.parametrize(("amount", "near"), [(500, (400, 250)), (400, (500, 250)), (250, (400, 500))])
def test_near_figures_are_each_others_distractors(khasham, questions, amount, near):
    fact = figure(khasham, amount)
    others = [figure(khasham, n) for n in near]
    for seed in SEEDS:
        (q,) = [q for q in questions[seed] if q.key.fact == fact.id and q.key.form == "choice"]
        for other in others:
            # The same figure, written in the key's form ("around 250" as "250" beside "500").
            def alike(option: str, other: Fact = other) -> bool:
                return forms.amount(option) == forms.amount(other.answer)

            assert any(map(alike, q.options)), (q.options, other.answer)
            note = q.notes[next(i for i, o in enumerate(q.options) if alike(o))]
            assert note.fact == other.id and note.citations == tuple(other.citations)
        assert not any(o.strip() in {"3", "4"} for o in q.options)


def test_the_cap_explains_itself_when_offered_for_the_force(khasham, questions):
    force, cap = figure(khasham, 500), figure(khasham, 400)
    (q,) = [q for q in questions[0] if q.key.fact == force.id and q.key.form == "choice"]
    reason = cap.why_wrong or cap.statement
    assert f"{cap.answer}: {reason} {''.join(cap.citations)}" in q.explanation
    assert q.prompt.startswith("According to the U.S. military")


def test_the_twelfth_of_february_events_are_never_ordered_against_each_other(khasham, questions):
    twelfth = {
        f.id for f in facts_where(khasham, lambda f: f.when is not None and f.when.date == "2018-02-12")
    }
    assert len(twelfth) >= 2
    for seed in SEEDS:
        for q in questions[seed]:
            if q.key.form == "timeline":
                assert len(twelfth & set(q.facts)) <= 1, q.facts


def test_later_that_same_day_is_never_ordered_against_the_evening_assault(khasham, questions):
    by_id = {f.id: f for f in khasham.bank.facts}
    (later,) = facts_where(khasham, lambda f: f.when is not None and f.when.after is not None)
    evening = facts_where(khasham, lambda f: f.when is not None and f.when.time == "22:00")
    for e in evening:
        assert compare(later, e, by_id) is None
    for seed in SEEDS:
        for q in questions[seed]:
            if q.key.form == "timeline" and later.id in q.facts:
                assert not {e.id for e in evening} & set(q.facts)


def test_attributed_facts_are_asked_with_their_attribution(khasham, questions):
    for q in questions[0]:
        if q.key.form not in ("choice", "reverse"):
            continue
        fact = khasham.fact(q.key.fact)
        if fact.attribution:
            who = fold(fact.attribution).removeprefix("according to ")
            assert contains(q.prompt, who), (q.prompt, fact.attribution)


def test_explanations_carry_quote_markers_and_source(khasham, questions):
    for q in questions[0]:
        assert q.explanation and q.source == "Battle of Khasham (Wikipedia)"
        if q.key.form in ("choice", "reverse"):
            assert q.quote and q.highlight, q.id
            assert all(h in q.quote for h in q.highlight)
