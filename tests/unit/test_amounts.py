"""Amounts as the source allows them (bounds, approximations, ranges), written as the source writes them,
and magnitude questions that compare one property with a prompt that names it."""

from __future__ import annotations

import math

import pytest
from factories import fact, loaded
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.bank.amounts import amount_label, bounds, format_amount, satisfies_bound, written_value
from trainer.bank.models import Quantity
from trainer.questions.generate import generate
from trainer.questions.masking import mask_amounts
from trainer.questions.ordering import magnitude_groups, magnitude_item, magnitude_prompt


def q(**fields) -> Quantity:
    return Quantity(**{"unit": "km", **fields})


@pytest.mark.parametrize(
    ("value", "inside", "outside"),
    [
        (q(amount=4000, bound="more than"), [4000.5, 6779, 1e9], [4000, 3999, -1]),
        (q(amount=4000, bound="at least"), [4000, 6779], [3999]),
        (q(amount=250, bound="up to"), [250, 10, 0], [251]),
        (q(amount=250, bound="less than"), [249], [250, 300]),
        (q(amount=250, approximate=True), [225, 275, 250], [224, 276]),
        (q(amount=80, upper=100), [80, 90, 100], [79, 101]),
        (q(amount=500), [500], [499, 501]),
    ],
)
def test_satisfies_bound(value, inside, outside):
    assert all(satisfies_bound(value, x) for x in inside)
    assert not any(satisfies_bound(value, x) for x in outside)


def test_bounds_are_open_on_the_bounded_side():
    assert bounds(q(amount=4000, bound="more than")) == (4000, math.inf)
    assert bounds(q(amount=-160, bound="at most", approximate=True)) == (-math.inf, -144)


@pytest.mark.parametrize(
    ("value", "quote_form", "label"),
    [
        (q(amount=6.42e23, unit="kg"), None, "6.42 × 10²³ kg"),
        (q(amount=6.42e23, unit="kg", approximate=True), None, "about 6.42 × 10²³ kg"),
        (q(amount=4.1e9, unit="years"), "4.1 billion", "4.1 billion years"),
        (q(amount=4000, bound="more than"), None, "more than 4,000 km"),
        (q(amount=250, unit="fighters", bound="up to"), None, "up to 250 fighters"),
        (q(amount=80, upper=100, unit="PMCs"), None, "80\u2013100 PMCs"),
        (q(amount=1, unit="g", label="one gram"), None, "one gram"),
    ],
)
def test_amounts_are_labelled_as_the_source_writes_them(value, quote_form, label):
    assert amount_label(value, quote_form) == label


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_a_formatted_amount_never_shows_a_float_expansion(x):
    """At most the digits the float was written with: no "642,000,000,000,000,046,137,344"."""
    shown = format_amount(x)
    significant = "".join(c for c in shown.split("×")[0] if c.isdigit()).lstrip("0")
    assert len(significant) <= 17
    if "×" not in shown:
        assert float(shown.replace(",", "")) == x


def test_written_values():
    assert written_value("6.42", "²³") == pytest.approx(6.42e23)
    assert written_value("6.42", "^23") == pytest.approx(6.42e23)
    assert written_value("4.1", None, "billion") == pytest.approx(4.1e9)
    assert written_value("4,000") == 4000


@pytest.mark.parametrize(
    ("statement", "amounts", "masked"),
    [
        ("The mass of Mars is 6.42 × 10²³ kg.", (6.42e23,), "The mass of Mars is \u2026 kg."),
        ("Earth is 4.54 billion years old.", (4.54e9,), "Earth is \u2026 years old."),
        ("Its surface averages \u2212143 °C.", (-143,), "Its surface averages \u2026 °C."),
        ("Its surface averages -143 °C.", (-143,), "Its surface averages \u2026 °C."),
        ("The siege lasted six days.", (6,), "The siege lasted \u2026 days."),
        ("a force of 500 fighters", (500,), "a force of \u2026 fighters"),
        ("80\u2013100 PMCs were killed", (80, 100), "\u2026 PMCs were killed"),
    ],
)
def test_every_form_of_an_amount_is_masked(statement, amounts, masked):
    assert mask_amounts(statement, amounts)[0] == masked


def mag(fid: str, amount: float, unit: str = "km", tags=(), statement: str | None = None, **value):
    text = statement or f"Feature {fid} measures {amount:g} {unit}."
    return fact(fid, statement=text, tags=list(tags), value={"amount": amount, "unit": unit, **value})


def test_magnitudes_compare_one_property():
    """Widths, lengths and orbit heights in km are never one question; a teacher's `property` groups them."""
    facts = [mag(f"w{i}", 10.0 * 3**i, tags=["width"]) for i in range(3)]
    facts += [mag(f"o{i}", 7.0 * 3**i, tags=["orbit"]) for i in range(3)]
    bank = loaded(facts, settings={"ordering_items": 3})
    groups = magnitude_groups(bank.bank)
    assert sorted(sorted(g.members) for g in groups) == [["o0", "o1", "o2"], ["w0", "w1", "w2"]]
    named = [mag(f"h{i}", 10.0 * 3**i, unit="m", tags=[f"t{i}"], property="height") for i in range(3)]
    bank = loaded(named, settings={"ordering_items": 3})
    (group,) = magnitude_groups(bank.bank)
    assert magnitude_prompt([bank.fact(m) for m in group.members]) == "Order by height (m), lowest first."


def test_a_prompt_never_says_smallest_for_signed_amounts():
    facts = [mag(f"t{i}", t, unit="°C") for i, t in enumerate((-143.0, -20.0, 15.0))]
    bank = loaded(facts, settings={"ordering_items": 3})
    (q,) = [q for q in generate(bank) if q.kind == "order"]
    assert q.prompt == "Order by °C, lowest first."
    assert all("\u2026" in option and "143" not in option for option in q.options)


def test_bounded_amounts_are_ordered_only_across_their_bound():
    facts = [
        mag("a", 100.0, statement="Feature a spans 100 km."),
        mag("b", 4000.0, bound="more than", statement="Feature b spans more than 4,000 km."),
        mag("c", 6779.0, statement="Feature c spans 6,779 km."),
        mag("d", 9000.0, statement="Feature d spans 9,000 km."),
    ]
    bank = loaded(facts, settings={"ordering_items": 3})
    for group in magnitude_groups(bank.bank):
        assert not {"b", "c"} <= set(group.members)
        assert not {"b", "d"} <= set(group.members)


def test_an_item_that_places_itself_is_left_out_unless_the_teacher_writes_one():
    facts = [
        mag("a", 100.0, statement="The smallest crater is 100 km across."),
        mag("b", 200.0),
        mag("c", 300.0),
    ]
    assert magnitude_groups(loaded(facts, settings={"ordering_items": 3}).bank) == []
    facts[0]["item"] = "Crater A is 100 km across."
    bank = loaded(facts, settings={"ordering_items": 3})
    assert len(magnitude_groups(bank.bank)) == 1
    assert magnitude_item(bank.fact("a"))[0] == "Crater A is \u2026 km across."


def test_an_estimate_is_not_ranked_against_measured_values():
    facts = [mag(f"m{i}", 10.0 * 3**i, unit="m") for i in range(2)]
    facts.append(mag("e", 1000.0, unit="m", statement="Surveyors estimated it at 1,000 m."))
    assert magnitude_groups(loaded(facts, settings={"ordering_items": 3}).bank) == []
    facts[2] = mag("e", 1000.0, unit="m", statement="Surveyors measured it at 1,000 m.")
    assert len(magnitude_groups(loaded(facts, settings={"ordering_items": 3}).bank)) == 1
