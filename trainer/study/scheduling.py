"""FSRS scheduling: a thin layer over `fsrs.Scheduler` (FSRS-6), converting to and from `CardState`.

No scheduling logic lives here beyond choosing the rating an auto-graded answer earns:
- right -> Good, wrong -> Again;
- a partly right ordering -> Hard when its score is at least `HARD_THRESHOLD`, else Again;
- a typed answer that is a slip of the right one ("close") -> Hard.

Fuzzing is off: `fsrs` draws its fuzz from the process-wide `random` module, so with it on a replay with
`--now` would not give the same due times twice. The cost is that items learned together fall due together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler, State

from trainer.progress.model import CardState
from trainer.questions.model import Grade

HARD_THRESHOLD = 0.6
"""Share of an ordering's score at which a partly right answer still counts as recalled (Hard). With four
items, one item out of place (3/4) is Hard and two (2/4) is Again; guessing mostly stays below it."""

DEFAULT_RETENTION = 0.9

# fsrs.Card() without an id sleeps 1 ms to make its default id unique; we never use the id.
_CARD_ID = 0


def rating_for(grade: Grade, hard_threshold: float = HARD_THRESHOLD) -> Rating:
    if grade.correct:
        return Rating.Good
    if grade.close or grade.score >= hard_threshold:
        return Rating.Hard
    return Rating.Again


def _utc(moment: datetime) -> datetime:
    # fsrs compares tzinfo with `timezone.utc` by equality, which ZoneInfo("UTC") fails.
    if moment.tzinfo is None:
        raise ValueError("scheduling needs aware datetimes")
    return moment.astimezone(UTC)


def to_card(state: CardState | None, now: datetime) -> Card:
    """The fsrs card for a stored state; a new card (due now) for an item never reviewed."""
    if state is None:
        return Card(card_id=_CARD_ID, due=_utc(now))
    return Card(
        card_id=_CARD_ID,
        state=State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=_utc(state.due),
        last_review=_utc(state.last_review) if state.last_review else None,
    )


def from_card(card: Card) -> CardState:
    return CardState(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


class Scheduling:
    """One FSRS scheduler with the learner's desired retention and parameters (None: FSRS-6's defaults;
    `trainer optimize` fits the learner's own)."""

    def __init__(
        self, retention: float = DEFAULT_RETENTION, parameters: Sequence[float] | None = None
    ) -> None:
        if not 0 < retention < 1:
            raise ValueError(f"desired retention must be between 0 and 1, not {retention}")
        if parameters is None:
            self.fsrs = Scheduler(desired_retention=retention, enable_fuzzing=False)
        else:
            self.fsrs = Scheduler(parameters=parameters, desired_retention=retention, enable_fuzzing=False)
        # The curve R(t) = (1 + factor * t / S) ** decay, with factor chosen so that R(S) = 0.9.
        self._decay = -self.fsrs.parameters[20]
        self._factor = 0.9 ** (1 / self._decay) - 1

    def review(self, state: CardState | None, rating: Rating, when: datetime) -> CardState:
        """The item's state after a review with `rating` at `when`."""
        card, _log = self.fsrs.review_card(to_card(state, when), rating, _utc(when))
        return from_card(card)

    def retrievability(self, state: CardState | None, when: datetime) -> float:
        """Predicted probability of recall at `when`; 0 for an item never reviewed.

        FSRS-6's forgetting curve, as `fsrs.Scheduler.get_card_retrievability` computes it, but over the
        time elapsed in fractional days where fsrs counts whole ones: with whole days an item missed an
        hour ago shows as certain to be recalled, and items reviewed today cannot be told apart."""
        if state is None or state.stability is None or state.last_review is None:
            return 0.0
        days = max(0.0, (when - state.last_review).total_seconds() / 86400)
        recall: float = (1 + self._factor * days / state.stability) ** self._decay
        return recall
