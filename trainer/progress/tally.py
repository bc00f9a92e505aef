"""Answers counted per UTC quarter hour: what the statistics need of the history, without the history.

Each history part carries the tally of its own answers in its head, and the store adds the journal's, so
`trainer stats` and the statistics screen read some heads and the journal, never every answer. A quarter hour
is the unit because every time zone in use is offset from UTC by a whole number of quarter hours, so the
answers of one quarter all fall in one study day wherever the learner lives; where one does not (a zone's
historical local mean time), `per_day` says so and the caller counts from the answers themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from trainer.progress.model import ItemProgress, Review

QUARTER = timedelta(minutes=15)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
REVIEW_STATE = 2
"""fsrs.State.Review: an answer to an item in this state counts towards true retention."""
_LAST_MOMENT = QUARTER - timedelta(microseconds=1)

Counts = list[int]
"""[answers, right, reviews of learned items, recalled among those]"""


def quarter(moment: datetime) -> int:
    """The quarter hour `moment` falls in, counted from the Unix epoch (negative before it)."""
    return (moment - EPOCH) // QUARTER


def quarter_start(number: int) -> datetime:
    return EPOCH + number * QUARTER


class Tally:
    """Counts per quarter hour; a quarter no answer falls in is absent."""

    __slots__ = ("quarters",)

    def __init__(self, quarters: dict[int, Counts] | None = None) -> None:
        self.quarters: dict[int, Counts] = quarters if quarters is not None else {}

    def add(self, review: Review, before: int) -> None:
        """Count `review`, given the item's FSRS state `before` it (0: never answered)."""
        number = quarter(review.time)
        counts = self.quarters.get(number)
        if counts is None:
            counts = self.quarters[number] = [0, 0, 0, 0]
        counts[0] += 1
        counts[1] += review.correct
        if before == REVIEW_STATE:
            counts[2] += 1
            counts[3] += review.rating > 1

    def merge(self, other: Tally) -> None:
        for number, theirs in other.quarters.items():
            mine = self.quarters.get(number)
            if mine is None:
                self.quarters[number] = list(theirs)
            else:
                for i, n in enumerate(theirs):
                    mine[i] += n

    @property
    def answers(self) -> int:
        return sum(counts[0] for counts in self.quarters.values())

    def per_day(self, day_of: Callable[[datetime], date]) -> dict[date, Counts] | None:
        """The counts per study day (`day_of` a moment's day); None if a quarter hour straddles two days."""
        days: dict[date, Counts] = {}
        for number in sorted(self.quarters):
            start = quarter_start(number)
            day = day_of(start)
            if day_of(start + _LAST_MOMENT) != day:
                return None
            counts = self.quarters[number]
            total = days.get(day)
            if total is None:
                days[day] = list(counts)
            else:
                for i, n in enumerate(counts):
                    total[i] += n
        return days


def state_before(item: ItemProgress | None) -> int:
    """The state an answer found its item in (0: never answered), from the item's progress before it."""
    return 0 if item is None else item.card.state


def replayed(reviews: list[Review], states: dict | None = None) -> list[int]:
    """Each review's item state before it, from the reviews before it (oldest first) and `states` (item key ->
    state after its last earlier answer; updated)."""
    states = {} if states is None else states
    before = []
    for review in reviews:
        before.append(states.get(review.key, 0))
        states[review.key] = review.after.state
    return before
