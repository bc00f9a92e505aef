"""Progress records <-> TOML: the `[[item]]` snapshot tables and the `[[review]]` journal entries.

Reading checks every field, so a hand-edited file with a wrong value gets a clear message rather than a
traceback later on. `BadRecord` carries only the message; the caller knows which table, hence which line.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product
from typing import Any, TypeVar

from trainer.progress import tomlfmt
from trainer.progress.model import CardState, Flag, ItemProgress, Review
from trainer.questions.model import ItemKey
from trainer.study.clock import EARLIEST, LATEST

ENTRY_END = "# end\n"
"""The last line of every journal entry: an entry without it at the very end of the file is a torn write."""

REVIEW_HEADER = "[[review]]\n"


_T = TypeVar("_T")


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
                "practice": True if review.practice else None,  # absent for the usual review
                "seed": review.seed,
            },
        )
        + ENTRY_END
    )


def format_flag(flag: Flag) -> str:
    return tomlfmt.table(
        "flag",
        {
            "bank": flag.key.bank,
            "fact": flag.key.fact,
            "form": flag.key.form,
            "digest": flag.digest,
            "time": flag.time,
            "note": flag.note,
            "prompt": flag.prompt,
        },
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


_FLAG = _Spec(
    ("bank", str, False),
    ("fact", str, False),
    ("form", str, False),
    ("digest", str, False),
    ("time", datetime, False),
    ("note", str, True),
    ("prompt", str, True),
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
    raise BadRecord(f"`{name}` should be {_KIND_NAMES[kind]}, not {_shown(value)}")


def _shown(value: object) -> str:
    """A wrong value as a message quotes it: short, and without walking a table nested thousands deep."""
    if isinstance(value, (dict, list)):
        return _KIND_NAMES[dict] if isinstance(value, dict) else "an array"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# Ranges a value written by trainer keeps to; one outside them is damage, refused before it can reach the
# scheduler or the statistics (a stability of 0 divides by zero, a due date in 9999 overflows a date).
STABILITY = (0.001, 1e9)
"""From fsrs's STABILITY_MIN (not imported: loading fsrs takes longer than reading a progress file)."""
DIFFICULTY = (1.0, 10.0)
"""fsrs's MIN_DIFFICULTY and MAX_DIFFICULTY."""
MAX_DURATION_MS = 10**12
MAX_COUNT = 10**9


def _in_range(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise BadRecord(f"`{name}` should be from {low} to {high}, not {value}")
    return value


def _between(name: str, value: float | None, low: float, high: float) -> None:
    # Written so that NaN, which no comparison holds for, is out of range too.
    if value is not None and not low <= value <= high:
        raise BadRecord(f"`{name}` should be a number from {low:g} to {high:g}, not {value!r}")


def _moment(name: str, value: datetime | None) -> None:
    if value is not None and not EARLIEST <= value < LATEST:
        raise BadRecord(
            f"`{name}` should be a time from {EARLIEST.year} to {LATEST.year - 1}, not {value.isoformat()}"
        )


def _card(table: object, name: str) -> CardState:
    try:
        if not isinstance(table, dict):
            raise BadRecord(f"should be a table, not {_shown(table)}")
        state, step, stability, difficulty, due, last_review = values = _CARD.values(table)
        # One test for the usual case (start-up reads some 10^4 cards), field by field only when it fails.
        if not (
            1 <= state <= 3
            and (step is None or 0 <= step <= 1000)
            and (stability is None or STABILITY[0] <= stability <= STABILITY[1])
            and (difficulty is None or DIFFICULTY[0] <= difficulty <= DIFFICULTY[1])
            and EARLIEST <= due < LATEST
            and (last_review is None or EARLIEST <= last_review < LATEST)
        ):
            _card_out_of_range(*values)
        return CardState(state, step, stability, difficulty, due, last_review)
    except BadRecord as error:
        raise BadRecord(f"in `{name}`: {error}") from None


def _card_out_of_range(
    state: int,
    step: int | None,
    stability: float | None,
    difficulty: float | None,
    due: datetime,
    last_review: datetime | None,
) -> None:
    _in_range("state", state, 1, 3)
    if step is not None:
        _in_range("step", step, 0, 1000)
    _between("stability", stability, *STABILITY)
    _between("difficulty", difficulty, *DIFFICULTY)
    _moment("due", due)
    _moment("last_review", last_review)


def parse_item(table: object) -> ItemProgress:
    if not isinstance(table, dict):
        raise BadRecord(f"should be a table, not {_shown(table)}")
    bank, fact, form, reviews, lapses, correct, last_review, card = _ITEM.values(table)
    if not (
        0 <= reviews <= MAX_COUNT
        and 0 <= correct <= reviews
        and 0 <= lapses <= reviews
        and (last_review is None or EARLIEST <= last_review < LATEST)
    ):
        _in_range("reviews", reviews, 0, MAX_COUNT)
        _in_range("correct", correct, 0, reviews)
        _in_range("lapses", lapses, 0, reviews)
        _moment("last_review", last_review)
    return ItemProgress(ItemKey(bank, fact, form), _card(card, "card"), reviews, lapses, correct, last_review)


def parse_flag(table: dict) -> Flag:
    bank, fact, form, digest, time, note, prompt = _FLAG.values(table)
    return Flag(ItemKey(bank, fact, form), digest, time, note or "", prompt or "")


def parse_review(table: object) -> Review:
    if not isinstance(table, dict):
        raise BadRecord(f"should be a table, not {_shown(table)}")
    time, bank, fact, form, rating, correct, score, response, duration_ms, after = _REVIEW.values(table)
    if not (
        EARLIEST <= time < LATEST
        and 0.0 <= score <= 1.0
        and 1 <= rating <= 4
        and 0 <= duration_ms <= MAX_DURATION_MS
    ):
        _moment("time", time)
        _between("score", score, 0.0, 1.0)
        _in_range("rating", rating, 1, 4)
        _in_range("duration_ms", duration_ms, 0, MAX_DURATION_MS)
    return Review(
        time,
        ItemKey(bank, fact, form),
        rating,
        correct,
        score,
        response,
        duration_ms,
        _card(after, "after"),
        bool(_optional("practice", bool, table.get("practice"))),
        _optional("seed", int, table.get("seed")),
    )


def _optional(name: str, kind: type[_T], value: object) -> _T | None:
    """A key that files from before it existed lack (the caller passes the default)."""
    if value is None or type(value) is kind:
        return value
    raise BadRecord(f"`{name}` should be {_KIND_NAMES[kind]}, not {value!r}")


# ---- the one rule that turns a review into item progress, shared by `record` and loading ----


def apply(items: dict[ItemKey, ItemProgress], review: Review) -> ItemProgress | None:
    """Put the item's progress after `review` into `items` (a new object); return the previous one.
    A practice answer changes nothing: it is history only."""
    before = items.get(review.key)
    if review.practice and before is not None:
        return before
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
