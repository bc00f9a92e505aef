"""The ordering groups against a plain reference: the greedy choice that asks the source about every pair
(`Timeline.compare`, or the amounts' bounds). `_choose` settles most pairs by where the extents begin and
end instead; whatever the bank (`after` chains, ties, equal statements, ids given twice, bounds upside
down, NaN and infinite amounts), it must find the very same groups, in the same order: progress is keyed
by group id."""

from __future__ import annotations

import math
from functools import cmp_to_key
from pathlib import Path

from factories import fact as factory_fact
from factories import loaded, synthetic_bank
from hypothesis import given
from hypothesis import strategies as st

from trainer.bank import amounts
from trainer.bank.loaded import LoadedBank
from trainer.bank.models import Bank
from trainer.bank.timeline import Timeline, TimelineError
from trainer.questions import ordering, stages
from trainer.questions.ordering import Group, group_id, magnitude_groups, timeline_groups


def _reference_choose(candidates, size, decided, form, order) -> list[Group]:
    """Every pair asked of `decided`, which includes whether the items' words give their order away."""
    uses = dict.fromkeys((f.id for f in candidates), 0)
    groups = []
    for i, first in enumerate(candidates):
        if uses[first.id]:
            continue
        members = [first]
        for other in candidates[i + 1 : i + 1 + ordering._WINDOW]:
            if uses[other.id] >= ordering._MAX_USES:
                continue
            if all(decided(member, other) for member in members):
                members.append(other)
                if len(members) == size:
                    break
        if len(members) < size:
            continue
        members.sort(key=cmp_to_key(order))
        for m in members:
            uses[m.id] += 1
        groups.append(Group(group_id(form, [m.id for m in members]), form, tuple(m.id for m in members)))
    return groups


def _reference_timeline(bank, timeline: Timeline) -> list[Group]:
    placed = []
    for fact in bank.facts:
        if fact.when is None or ordering.timeline_item(fact) is None:
            continue
        if stages.bounds_subject(stages.cues(ordering.timeline_item(fact)), bank.title):
            continue
        try:
            start, end = timeline.interval(fact)
        except TimelineError:
            continue
        placed.append(((start, end, fact.id), fact))
    placed.sort(key=lambda p: p[0])

    def decided(a, b):
        clash = stages.gives_away(ordering.timeline_item(a), ordering.timeline_item(b))
        return a.statement != b.statement and timeline.compare(a, b) is not None and clash is None

    return _reference_choose(
        [f for _, f in placed],
        bank.settings.ordering_items,
        decided,
        "timeline",
        lambda a, b: timeline.compare(a, b) or 0,
    )


def _reference_magnitude(bank) -> list[Group]:
    by_unit, bounds = {}, {}
    for fact in bank.facts:
        if fact.value is not None and ordering.magnitude_item(fact)[0] is not None:
            by_unit.setdefault(ordering.measure(fact), []).append(fact)
            bounds[fact.id] = amounts.bounds(fact.value)

    def decided(a, b):
        (a_low, a_high), (b_low, b_high) = bounds[a.id], bounds[b.id]
        return (a_high < b_low or b_high < a_low) and a.statement != b.statement

    def order(a, b):
        return -1 if bounds[a.id][1] < bounds[b.id][0] else 1

    groups = []
    for unit in sorted(by_unit):
        facts = sorted(by_unit[unit], key=lambda f: (*bounds[f.id], f.id))
        groups.extend(_reference_choose(facts, bank.settings.ordering_items, decided, "magnitude", order))
    return groups


DAYS = ["2018-02-07", "2018-02-08", "2018-02-09", "2018-02-12", "2018-03-01"]
AMOUNTS = [1.0, 2.0, 3.0, 5.0, 8.0, 100.0, 250.0, 400.0, 500.0, -4.0, 0.0, math.inf, math.nan]


@st.composite
def when(draw, earlier: list[str]):
    shapes = ["day", "day", "time", "month", "part", "year"] + (["after"] * 2 if earlier else [])
    shape = draw(st.sampled_from(shapes))
    day = draw(st.sampled_from(DAYS))
    if shape == "time":
        return {
            "date": day,
            "time": draw(st.sampled_from(["05:00", "21:30", "22:00", "22:30"])),
            "approximate": draw(st.booleans()),
        }
    if shape == "month":
        return {"date": day[:7]}
    if shape == "year":
        return {"date": draw(st.sampled_from(["2017", "2018"]))}
    if shape == "part":
        return {"date": day[:7], "part": draw(st.sampled_from(["early", "mid", "late"]))}
    if shape == "after":  # may name a later fact, a fact without `when`, or go round in a circle
        return {"date": day, "after": draw(st.sampled_from(earlier))}
    return {"date": day}


@st.composite
def banks(draw, nan: bool):
    n = draw(st.integers(3, 40))
    ids = [f"f{i}" for i in range(n)]
    facts = []
    for i in range(n):
        fid = draw(st.sampled_from(ids[:i])) if i and draw(st.integers(0, 9)) == 0 else ids[i]  # an id twice
        # Some statements name one person, and some of those place an event in that person's life.
        words = draw(
            st.sampled_from(["Statement", "Statement", "Cyrus took", "Cyrus died at", "Cyrus was born at"])
        )
        fact = factory_fact(fid, statement=f"{words} {draw(st.integers(0, n // 2))}.")
        if draw(st.booleans()):
            fact["when"] = draw(when(ids))
        if draw(st.booleans()):
            amounts = AMOUNTS if nan else AMOUNTS[:-1]
            value = {
                "amount": draw(st.sampled_from(amounts)),
                "unit": draw(st.sampled_from(["fighters", "Fighters", "tanks"])),
            }
            if draw(st.booleans()):
                value["upper"] = draw(st.sampled_from(amounts))
            value["approximate"] = draw(st.booleans())
            fact["value"] = value
        facts.append(fact)
    return loaded(facts, settings={"ordering_items": draw(st.integers(3, 6))})


@given(banks(nan=False))
def test_timeline_groups_are_the_pairwise_reference(bank):
    assert timeline_groups(bank.bank, Timeline(bank.facts_by_id)) == _reference_timeline(
        bank.bank, Timeline(bank.facts_by_id)
    )


@given(st.booleans().flatmap(lambda nan: banks(nan=nan)))
def test_magnitude_groups_are_the_pairwise_reference(bank):
    assert magnitude_groups(bank.bank) == _reference_magnitude(bank.bank)


def test_the_synthetic_bank_groups_are_the_reference():
    table, _ = synthetic_bank(1500, seed=3)
    bank = LoadedBank(Bank.model_validate(table), Path("synthetic.toml"))
    assert timeline_groups(bank.bank, Timeline(bank.facts_by_id)) == _reference_timeline(
        bank.bank, Timeline(bank.facts_by_id)
    )
    assert magnitude_groups(bank.bank) == _reference_magnitude(bank.bank)
