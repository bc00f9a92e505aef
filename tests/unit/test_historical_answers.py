"""Answers written as historians write them: a day or month with its era ("24 August AD 79", "15 March 44
BC") is a date, compared with dates, and a key stated as a bound or an estimate refuses the amounts it
allows."""

from __future__ import annotations

from typing import Any

import pytest
from factories import fact, loaded

from trainer.bank import forms
from trainer.bank.folding import parse_date
from trainer.questions.generate import generate
from trainer.questions.model import Question


def ask(facts: list[dict[str, Any]], fid: str) -> Question | None:
    return {q.id: q for q in generate(loaded(facts))}.get(f"test/{fid}/choice")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24 august ad 79", (79, 8, 24)),
        ("15 march 44 bc", (-43, 3, 15)),
        ("march 44 bce", (-43, 3, None)),
        ("august 1492", (1492, 8, None)),
        ("3 august 1492", (1492, 8, 3)),
        ("24 october 79 ad", (79, 10, 24)),
        ("24 august 79", None),  # a year of fewer than four digits says its era
    ],
)
def test_a_date_with_its_era_is_a_date(text: str, expected: tuple | None) -> None:
    assert parse_date(text) == expected


def test_a_day_date_with_its_era_gets_date_distractors_of_its_form() -> None:
    facts = [
        fact(
            "vesuvius",
            quote="The eruption began on 24 August AD 79.",
            question="On what day did the eruption begin?",
            answer="24 August AD 79",
            answer_kind="date",
            distractors=["24 October AD 79", "24 August AD 69", "5 February AD 62"],
        )
    ]
    q = ask(facts, "vesuvius")
    assert q is not None
    assert sorted(q.options) == sorted(
        ["24 August AD 79", "24 October AD 79", "24 August AD 69", "5 February AD 62"]
    )
    assert forms.agree(forms.form_of("24 August AD 79", True), forms.form_of("15 March 44 BC", True))


def _bounded(*distractors: str) -> dict[str, Any]:
    return fact(
        "key",
        quote="The tunnel is more than 4,000 km long.",
        question="How long is the tunnel?",
        answer="more than 4,000 km",
        answer_kind="length",
        value={"unit": "km", "amount": 4000, "bound": "more than"},
        distractors=[*distractors, "fewer than 2,000 km", "more than 40,000 km", "more than 9,000 km"],
    )


def test_a_distractor_the_keys_bound_allows_is_never_offered() -> None:
    # 6,779 km may be the true length; "more than 1,000 km" is true of it, and so is "900 km" once written
    # in the key's form ("more than 900 km"). The others are wrong.
    for allowed in (["6,779 km", "more than 1,000 km"], ["900 km"]):
        q = ask([_bounded(*allowed)], "key")
        assert q is not None
        wrong = {o for i, o in enumerate(q.options) if i != q.answer}
        assert wrong == {"fewer than 2,000 km", "more than 40,000 km", "more than 9,000 km"}


def test_an_estimate_refuses_the_amounts_it_allows() -> None:
    facts = [
        fact(
            "crowd",
            quote="About 250 people came.",
            question="About how many people came?",
            answer="about 250",
            answer_kind="number",
            value={"amount": 250, "approximate": True, "unit": "people"},
            distractors=["about 260", "about 100", "about 500", "about 800"],
        )
    ]
    q = ask(facts, "crowd")
    assert q is not None
    assert "about 260" not in q.options and sorted(q.options) == [
        "about 100",
        "about 250",
        "about 500",
        "about 800",
    ]
