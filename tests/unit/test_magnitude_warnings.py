"""`trainer validate` says why amounts a teacher means to compare never make a magnitude question."""

from __future__ import annotations

from typing import Any

from factories import fact, loaded

from trainer.bank.validation import validate


def toll(fid: str, statement: str, amount: float, **value: Any) -> dict[str, Any]:
    return fact(
        fid,
        statement=statement,
        value={"amount": amount, "unit": "deaths", "property": "death toll", **value},
    )


def warnings(facts: list[dict[str, Any]]) -> list[str]:
    return [f"{p.key_path}: {p.message}" for p in validate(loaded(facts)) if p.severity == "warning"]


def test_too_few_usable_items_are_reported_with_the_reason_at_each_statement() -> None:
    said = warnings(
        [
            toll("a", "About 28,000 people were killed at Pelée.", 28000, approximate=True),
            toll("b", "Krakatoa killed 36,417 people.", 36417),
            toll("c", "The eruption killed 57 people.", 57),
            toll("d", "Tambora was the deadliest eruption, killing 71,000 people.", 71000),
        ]
    )
    assert any("facts[3].statement" in w and "says where it stands ('deadliest')" in w for w in said)
    assert any(
        "facts[0].value" in w and "'death toll' never form a magnitude question: 3 of 4 can be items" in w
        for w in said
    )


def test_overlapping_amounts_are_reported() -> None:
    said = warnings(
        [
            toll("a", "About 28,000 died at Pelée.", 28000, approximate=True),
            toll("b", "About 29,000 died at Krakatoa.", 29000, approximate=True),
            toll("c", "Some 57 died at St Helens.", 57),
            toll("d", "At least 71,000 died at Tambora.", 71000, bound="at least"),
        ]
    )
    assert any("only 3 of them have amounts that do not overlap" in w for w in said)


def test_a_bank_whose_amounts_make_a_question_has_no_such_warning() -> None:
    said = warnings(
        [
            toll("a", "About 28,000 died at Pelée.", 28000, approximate=True),
            toll("b", "Some 36,417 died at Krakatoa.", 36417),
            toll("c", "Some 57 died at St Helens.", 57),
            toll("d", "At least 71,000 died at Tambora.", 71000, bound="at least"),
        ]
    )
    assert not any("magnitude" in w for w in said)
