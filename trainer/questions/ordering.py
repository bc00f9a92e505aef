"""Ordering questions: timelines and magnitudes chosen from the bank, and the teacher's sequences.

Groups are chosen deterministically: the candidate facts sorted (by time, or by amount), then each fact
not yet in a group starts one and takes the next facts it can be put in order with, every pair decided
by the source (`Timeline.compare`: no tie, no open order) and no two timeline items whose words give their
order away (`stages`: "Cyrus died" beside "Cyrus conquered Lydia"). A fact joins at most two groups, so one fact
does not turn up in dozens of questions. A group's id is made from its members' ids, so it stays the same
from run to run and seed to seed (and changes, with its progress, only when its members change).
"""

from __future__ import annotations

import hashlib
import math
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cmp_to_key, lru_cache
from typing import TYPE_CHECKING, Any, Literal, assert_never

from trainer.bank.amounts import amount_label, bounds
from trainer.bank.folding import fold
from trainer.bank.loaded import LoadedBank
from trainer.bank.timeline import Timeline, TimelineError, label
from trainer.questions.draws import Draws
from trainer.questions.explain import (
    cite,
    highlights,
    merge_citations,
    merge_quotes,
    order_explanation,
    source_title,
)
from trainer.questions.masking import (
    amounts_in,
    mask_amounts,
    placing_word,
    spelled_amount_left,
    timeline_item,
    times_in,
)
from trainer.questions.model import Form, ItemKey, Kind, OptionNote, Question
from trainer.questions.stages import Cues, bounds_subject, cues, shared

if TYPE_CHECKING:
    from trainer.bank.shapes import Bank, Fact, Quantity, When
    from trainer.bank.shapes import Sequence as TeacherSequence

_WINDOW = 40
"""How far past a group's first fact to look for members; bounds the work on a large, crowded bank."""
_MAX_USES = 2


GroupForm = Literal[Form.TIMELINE, Form.MAGNITUDE]


@dataclass(frozen=True)
class Group:
    id: str
    form: GroupForm
    members: tuple[str, ...]
    """Fact ids, in the right order."""


def group_id(form: str, members: Sequence[str]) -> str:
    digest = hashlib.blake2s("\n".join(sorted(members)).encode(), digest_size=5).hexdigest()
    return f"{form}-{digest}"


def _choose(
    candidates: Sequence[Fact],
    begins: Sequence[Any],
    ends: Sequence[Any],
    exempt: Sequence[bool],
    ends_before: Callable[[Any, Any], bool],
    size: int,
    decided: Callable[[Fact, Fact], bool],
    form: GroupForm,
    order: Callable[[Fact, Fact], int],
    clash: Callable[[Fact, Fact], bool] | None = None,
) -> list[Group]:
    """`candidates` sorted by where their extents (an interval, an amount's bounds) begin: `begins[i]`.
    Most pairs are settled by the extents alone, without asking `decided` (a crowded bank would ask it
    tens of thousands of times): a candidate that begins after every member ends (`ends_before`) is decided
    against each; one that begins before some member ends, against that one not, unless `exempt[i]` says
    the extents may not tell (an `after` link, bounds upside down); then `decided` is asked. A candidate
    that `clash`es with a member (their words give their order away) is not taken either."""
    uses = dict.fromkeys((f.id for f in candidates), 0)
    groups: list[Group] = []
    for i, first in enumerate(candidates):
        if uses[first.id]:
            continue
        members = [first]
        statements = {first.statement}
        reach = ends[i]  # the latest end among the members
        # Members all taken on their extents alone are in `order`'s order already.
        in_order = not exempt[i]
        for k in range(i + 1, min(len(candidates), i + 1 + _WINDOW)):
            other = candidates[k]
            if uses[other.id] >= _MAX_USES or other.statement in statements:
                continue
            if exempt[k]:
                if not all(decided(member, other) for member in members):
                    continue
                in_order = False
            elif not ends_before(reach, begins[k]):
                continue
            if clash is not None and any(clash(member, other) for member in members):
                continue
            members.append(other)
            statements.add(other.statement)
            reach = max(reach, ends[k])
            if len(members) == size:
                break
        if len(members) < size:
            continue
        if not in_order:
            members.sort(key=cmp_to_key(order))
        ids = tuple(m.id for m in members)
        for fact_id in ids:
            uses[fact_id] += 1
        groups.append(Group(group_id(form, ids), form, ids))
    return groups


def timeline_groups(bank: Bank, timeline: Timeline) -> list[Group]:
    """Groups of `settings.ordering_items` facts whose every pair the source puts in order."""
    placed: list[tuple[tuple, Fact]] = []
    linked: set[str] = set()  # an `after` link orders facts whose intervals overlap
    staged: dict[int, Cues] = {}  # by the fact object: an id may be given twice
    for fact in bank.facts:
        if fact.when is None or (item := timeline_item(fact)) is None:
            continue
        staged[id(fact)] = found = cues(item)
        if bounds_subject(found, bank.title):
            continue
        if fact.when.after is not None:
            linked.update((fact.id, fact.when.after))
        try:
            start, end = timeline.interval(fact)
        except TimelineError:
            continue  # validation reports it; the fact still serves as a choice question
        placed.append(((start, end, fact.id), fact))
    placed.sort(key=operator.itemgetter(0))
    facts = [f for _, f in placed]

    def decided(a: Fact, b: Fact) -> bool:
        return a.statement != b.statement and timeline.compare(a, b) is not None

    def order(a: Fact, b: Fact) -> int:
        return timeline.compare(a, b) or 0

    def clash(a: Fact, b: Fact) -> bool:
        return shared(staged[id(a)], staged[id(b)]) is not None

    begins = [start for (start, _, _), _ in placed]
    ends = [end for (_, end, _), _ in placed]
    exempt = [f.id in linked for f in facts]
    return _choose(
        facts,
        begins,
        ends,
        exempt,
        operator.le,
        bank.settings.ordering_items,
        decided,
        Form.TIMELINE,
        order,
        # No item with a stage word or a regnal number: no pair to ask about.
        clash if any(c.stage is not None or c.ranked for c in staged.values()) else None,
    )


def _amounts(value: Quantity) -> tuple[float, ...]:
    return (value.amount,) if value.upper is None else (value.amount, value.upper)


def magnitude_item(fact: Fact) -> tuple[str | None, tuple[str, ...]]:
    """The item, and the amounts as the quote writes them (the quote is often the statement: searched once).
    The item is the fact's `item`, else the statement with its amounts masked; None if it still states an
    amount or says where it stands ("the most powerful", "only")."""
    assert fact.value is not None
    return _magnitude_item(fact.statement, fact.quote, fact.item, _amounts(fact.value))


def magnitude_item_problem(fact: Fact) -> str:
    """Why `magnitude_item` gives no item for a fact (it has a value and no `item` of its own), said to the
    teacher."""
    assert fact.value is not None
    item = mask_amounts(fact.statement, _amounts(fact.value))[0]
    if word := placing_word(item):
        return f"its statement says where it stands ({word!r})"
    return f"its amount is still written in words once masked ({item!r})"


@lru_cache(maxsize=65536)
def _magnitude_item(
    statement: str, quote: str, own: str | None, amounts: tuple[float, ...]
) -> tuple[str | None, tuple[str, ...]]:
    """`magnitude_item` by the fields that make it: grouping asks of every fact, each question again."""
    item, found = mask_amounts(statement, amounts)
    in_quote = tuple(found if quote == statement else amounts_in(quote, amounts))
    if own:  # the teacher's words, its amount masked all the same: one item may serve a timeline too
        return mask_amounts(own, amounts)[0], in_quote
    if placing_word(item) or spelled_amount_left(item, amounts):
        return None, in_quote
    return item, in_quote


def _highlights(facts: Sequence[Fact]) -> tuple[str, ...]:
    """What orders the items of a timeline or a sequence, picked out of their quotes: each one's date (or,
    without one, amount) as the source writes it."""
    found: dict[str, None] = {}
    for fact in facts:
        if fact.when is not None:
            label_in_quote = highlights(fact.quote, [fact.when.label]) if fact.when.label else ()
            found.update(dict.fromkeys(label_in_quote or times_in(fact.quote)))
        elif fact.value is not None:
            found.update(dict.fromkeys(amounts_in(fact.quote, _amounts(fact.value))))
    return tuple(found)


_ESTIMATE = re.compile(r"\bestimat|\bprojected\b|\bforecast", re.IGNORECASE)


def measure(fact: Fact) -> tuple[str, ...]:
    """What a magnitude question compares: the teacher's `property` and unit, else the unit, whether the
    statement gives an estimate, and the fact's tags (two amounts in km are a width and an orbit's height
    unless the teacher says they measure one thing)."""
    value = fact.value
    assert value is not None
    if value.property:
        return ("property", fold(value.property), fold(value.unit))
    # An estimate is not ranked against values measured: like with like.
    estimate = "estimate" if _ESTIMATE.search(fact.statement) else ""
    return ("unit", fold(value.unit), estimate, *sorted(fact.tags))


def magnitude_groups(bank: Bank) -> list[Group]:
    """Per measure, groups of facts whose amounts (ranges, approximate ones widened, bounds open on one
    side) never overlap."""
    by_measure: dict[tuple[str, ...], list[Fact]] = {}
    extents: dict[str, tuple[float, float]] = {}
    for fact in bank.facts:
        if fact.value is not None and magnitude_item(fact)[0] is not None:
            by_measure.setdefault(measure(fact), []).append(fact)
            extents[fact.id] = bounds(fact.value)

    def decided(a: Fact, b: Fact) -> bool:
        (a_low, a_high), (b_low, b_high) = extents[a.id], extents[b.id]
        return (a_high < b_low or b_high < a_low) and a.statement != b.statement

    def order(a: Fact, b: Fact) -> int:
        return -1 if extents[a.id][1] < extents[b.id][0] else 1

    groups: list[Group] = []
    for key in sorted(by_measure):
        facts = sorted(by_measure[key], key=lambda f: (*extents[f.id], f.id))
        lows, highs = zip(*[extents[f.id] for f in facts], strict=True)
        # Bounds upside down say nothing by their ends; a NaN, which compares false to all, leaves even
        # the sort order meaningless.
        exempt = (
            [True] * len(facts) if any(map(math.isnan, lows + highs)) else list(map(operator.gt, lows, highs))
        )
        size = bank.settings.ordering_items
        groups.extend(_choose(facts, lows, highs, exempt, operator.lt, size, decided, Form.MAGNITUDE, order))
    return groups


def magnitude_prompt(facts: Sequence[Fact]) -> str:
    """ "Order by height (m), lowest first"; for a count without a property, "Order from the fewest
    fighters to the most". Never "smallest" where an amount may be below zero."""
    values = [f.value for f in facts]
    units = [v.unit for v in values]  # type: ignore[union-attr]
    # The spelling most members use; lower case where they disagree only in case.
    unit = min(units, key=lambda u: (-units.count(u), u != u.lower(), u))
    named = [v.property for v in values if v.property]  # type: ignore[union-attr]
    if named:
        return f"Order by {min(named, key=lambda p: (-named.count(p), p))} ({unit}), lowest first."
    signed = any(bounds(v)[0] < 0 for v in values)  # type: ignore[arg-type]
    if unit.endswith("s") and not signed:
        return f"Order from the fewest {unit} to the most."
    return f"Order by {unit}, {'lowest' if signed else 'smallest'} first."


def _shuffled(n: int, rng: Draws) -> list[int]:
    """A permutation of range(n) that is not the right order already (so the answer is never free)."""
    perm = list(range(n))
    while perm == sorted(perm):
        rng.shuffle(perm)
    return perm


def _order_question(
    key: ItemKey,
    prompt: str,
    items: Sequence[str],
    notes: Sequence[OptionNote | None],
    lead: str,
    facts: Sequence[Fact],
    quote: str,
    citations: tuple[str, ...],
    source: str,
    rule: str,
    highlight: tuple[str, ...],
    rng: Draws,
) -> Question:
    perm = _shuffled(len(items), rng)
    options = tuple(items[k] for k in perm)
    answer = tuple(perm.index(k) for k in range(len(items)))
    return Question(
        id=str(key),
        key=key,
        kind=Kind.ORDER,
        prompt=prompt,
        options=options,
        answer=answer,
        facts=tuple(f.id for f in facts),
        explanation=order_explanation(lead, items, notes),
        citations=citations,
        quote=quote,
        source=source,
        highlight=highlight,
        notes=tuple(notes[k] for k in perm),
        ordering_rule=rule,
    )


def _sources(loaded: LoadedBank, facts: Sequence[Fact]) -> str:
    return "; ".join(dict.fromkeys(source_title(loaded, f.source) for f in facts))


def _when(fact: Fact) -> When:
    assert fact.when is not None, "a timeline group is made of facts with a `when`"
    return fact.when


def _value(fact: Fact) -> Quantity:
    assert fact.value is not None, "a magnitude group is made of facts with a `value`"
    return fact.value


def group_question(loaded: LoadedBank, group: Group, rng: Draws) -> Question | None:
    """None if two items read the same once their times or amounts are taken out (statements that
    differ only there): the learner could not tell them apart."""
    facts = [loaded.facts_by_id[fid] for fid in group.members]  # groups are made from the bank's own facts
    items: Sequence[str]
    match group.form:
        case Form.TIMELINE:
            prompt = "Put these events in the order they happened, earliest first."
            items = [timeline_item(f) or f.statement for f in facts]
            highlight = _highlights(facts)
            notes = [
                OptionNote(f"{label(_when(f))}: {cite(f.statement, f.citations)}", f.id, tuple(f.citations))
                for f in facts
            ]
        case Form.MAGNITUDE:
            prompt = magnitude_prompt(facts)
            masked = [magnitude_item(f) for f in facts]
            items = [item or f.statement for (item, _), f in zip(masked, facts, strict=True)]
            highlight = tuple(dict.fromkeys(amount for _, amounts in masked for amount in amounts))
            notes = [
                OptionNote(f"{_amount_label(f)}: {cite(f.statement, f.citations)}", f.id, tuple(f.citations))
                for f in facts
            ]
        case _:
            assert_never(group.form)
    if len({fold(item) for item in items}) < len(items):
        return None
    return _order_question(
        ItemKey(loaded.id, group.id, group.form),
        prompt,
        items,
        notes,
        "The right order:",
        facts,
        merge_quotes(f.quote for f in facts),
        merge_citations(facts),
        _sources(loaded, facts),
        loaded.bank.settings.ordering_rule,
        highlight,
        rng,
    )


def _amount_label(fact: Fact) -> str:
    """The amount as the source writes it: the teacher's label, else the quote's own numeral where it has a
    scale word or a power of ten ("4.1 billion", not "4,100,000,000")."""
    value = fact.value
    assert value is not None
    if value.label is None and not -1e6 < value.amount < 1e6:
        written = amounts_in(fact.quote, _amounts(value))
        if written and not written[0].replace(",", "").replace(".", "").lstrip("-\u2212").isdigit():
            return amount_label(value, written[0])
    return amount_label(value)


def _item_note(fact: Fact | None) -> OptionNote | None:
    if fact is None:
        return None
    text = cite(fact.statement, fact.citations)
    if fact.when is not None:
        text = f"{label(fact.when)}: {text}"
    elif fact.value is not None:
        text = f"{_amount_label(fact)}: {text}"
    return OptionNote(text, fact.id, tuple(fact.citations))


def sequence_question(loaded: LoadedBank, seq: TeacherSequence, rng: Draws) -> Question | None:
    """The teacher's sequence, shuffled. None if two items read the same (validation reports it)."""
    items = [item if isinstance(item, str) else item.text for item in seq.items]
    if len({fold(i) for i in items}) < len(items):
        return None
    item_facts = [
        None if isinstance(item, str) or item.fact is None else loaded.fact(item.fact) for item in seq.items
    ]
    facts = [f for f in item_facts if f is not None]
    quote = seq.quote or merge_quotes(f.quote for f in facts)
    citations = tuple(seq.citations) or merge_citations(facts)
    source = source_title(loaded, seq.source) if seq.source else _sources(loaded, facts)
    return _order_question(
        ItemKey(loaded.id, seq.id, Form.SEQUENCE),
        seq.prompt,
        items,
        [_item_note(f) for f in item_facts],
        cite(seq.explanation, seq.citations) if seq.explanation else "The right order:",
        facts,
        quote,
        citations,
        source,
        loaded.bank.settings.ordering_rule,
        _highlights(facts),
        rng,
    )
