"""Progress records <-> TOML: the `[[item]]` snapshot tables and the `[[review]]` journal entries.

Reading checks every field, so a hand-edited file with a wrong value gets a clear message rather than a
traceback later on. `BadRecord` carries only the message; the caller knows which table, hence which line.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product
from typing import Any

from trainer.progress import tomlfmt
from trainer.progress.model import CardState, ItemProgress, Review
from trainer.questions.model import ItemKey

ENTRY_END = "# end\n"
"""The last line of every journal entry: an entry without it at the very end of the file is a torn write."""

REVIEW_HEADER = "[[review]]\n"


class BadRecord(ValueError):
    pass


# ---- writing ----


def _card_pairs(card: CardState) -> dict[str, object]:
    return {
        "state": card.state,
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due,
        "last_review": card.last_review,
    }


def format_item(item: ItemProgress) -> str:
    return tomlfmt.table(
        "item",
        {
            "bank": item.key.bank,
            "fact": item.key.fact,
            "form": item.key.form,
            "reviews": item.reviews,
            "correct": item.correct,
            "lapses": item.lapses,
            "last_review": item.last_review,
            "card": _card_pairs(item.card),
        },
    )


def format_review(review: Review) -> str:
    """One journal entry, terminator line included."""
    return (
        tomlfmt.table(
            "review",
            {
                "time": review.time,
                "bank": review.key.bank,
                "fact": review.key.fact,
                "form": review.key.form,
                "rating": review.rating,
                "correct": review.correct,
                "score": float(review.score),
                "response": review.response,
                "duration_ms": review.duration_ms,
                "after": _card_pairs(review.after),
            },
        )
        + ENTRY_END
    )


# ---- reading ----

_DATETIME = "a UTC time like 2024-05-01T10:00:00Z"
_KIND_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    datetime: _DATETIME,
    dict: "a table",
}


class _Spec:
    """The fields of one kind of table. Start-up checks some 10^5 fields, so `values` first tests the
    types of all of them at once in C (map, tuple, set lookup), and goes field by field only on a mismatch."""

    def __init__(self, *fields: tuple[str, type, bool]) -> None:
        self.fields = fields
        self.names = tuple(name for name, _, _ in fields)
        options = [(kind, type(None)) if optional else (kind,) for _, kind, optional in fields]
        self.accepted = frozenset(product(*options))
        self.times = tuple(i for i, (_, kind, _) in enumerate(fields) if kind is datetime)

    def values(self, table: dict) -> list:
        values: list[Any] = list(map(table.get, self.names))
        if tuple(map(type, values)) in self.accepted and all(
            values[i] is None or values[i].tzinfo is UTC for i in self.times
        ):
            return values
        return [self._value(table.get(name), name, kind, optional) for name, kind, optional in self.fields]

    @staticmethod
    def _value(value: object, name: str, kind: type, optional: bool) -> object:
        if type(value) is kind and (not isinstance(value, datetime) or value.tzinfo is UTC):
            return value
        return _convert(name, kind, value, optional)


_CARD = _Spec(
    ("state", int, False),
    ("step", int, True),
    ("stability", float, True),
    ("difficulty", float, True),
    ("due", datetime, False),
    ("last_review", datetime, True),
)
_ITEM = _Spec(
    ("bank", str, False),
    ("fact", str, False),
    ("form", str, False),
    ("reviews", int, False),
    ("lapses", int, False),
    ("correct", int, False),
    ("last_review", datetime, True),
    ("card", dict, False),
)
_REVIEW = _Spec(
    ("time", datetime, False),
    ("bank", str, False),
    ("fact", str, False),
    ("form", str, False),
    ("rating", int, False),
    ("correct", bool, False),
    ("score", float, False),
    ("response", str, False),
    ("duration_ms", int, False),
    ("after", dict, False),
)


def _convert(name: str, kind: type, value: object, optional: bool) -> object:
    """The slow path: a value that is absent, of a near type (an int for a float, another UTC offset), or wrong."""
    if value is None:
        if optional:
            return None
        raise BadRecord(f"`{name}` is missing")
    if kind is float and type(value) is int:
        return float(value)
    if kind is datetime and type(value) is datetime:
        if value.tzinfo is None:
            raise BadRecord(f"`{name}` should be {_DATETIME}, not {value.isoformat()}")
        return value.astimezone(UTC)
    raise BadRecord(f"`{name}` should be {_KIND_NAMES[kind]}, not {value!r}")


def _in_range(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise BadRecord(f"`{name}` should be from {low} to {high}, not {value}")
    return value


def _card(table: dict, name: str) -> CardState:
    try:
        state, step, stability, difficulty, due, last_review = _CARD.values(table)
        return CardState(_in_range("state", state, 1, 3), step, stability, difficulty, due, last_review)
    except BadRecord as error:
        raise BadRecord(f"in `{name}`: {error}") from None


def parse_item(table: dict) -> ItemProgress:
    bank, fact, form, reviews, lapses, correct, last_review, card = _ITEM.values(table)
    return ItemProgress(ItemKey(bank, fact, form), _card(card, "card"), reviews, lapses, correct, last_review)


def parse_review(table: dict) -> Review:
    time, bank, fact, form, rating, correct, score, response, duration_ms, after = _REVIEW.values(table)
    return Review(
        time,
        ItemKey(bank, fact, form),
        _in_range("rating", rating, 1, 4),
        correct,
        score,
        response,
        duration_ms,
        _card(after, "after"),
    )


# ---- the one rule that turns a review into item progress, shared by `record` and loading ----


def apply(items: dict[ItemKey, ItemProgress], review: Review) -> ItemProgress | None:
    """Put the item's progress after `review` into `items` (a new object); return the previous one."""
    before = items.get(review.key)
    relapse = review.rating == 1 and before is not None and before.card.state == 2
    items[review.key] = ItemProgress(
        key=review.key,
        card=review.after,
        reviews=(before.reviews if before else 0) + 1,
        lapses=(before.lapses if before else 0) + relapse,
        correct=(before.correct if before else 0) + review.correct,
        last_review=review.time,
    )
    return before
