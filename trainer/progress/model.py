"""The records a progress file holds. Plain data: all times are timezone-aware UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from trainer.questions.model import ItemKey


@dataclass(frozen=True)
class CardState:
    """FSRS memory state of one item, as `fsrs.Card` holds it (converted at the scheduler boundary)."""

    state: int
    """fsrs.State: 1 Learning, 2 Review, 3 Relearning."""
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


@dataclass(frozen=True)
class Review:
    """One answer, as the history keeps it."""

    time: datetime
    key: ItemKey
    rating: int
    """fsrs.Rating: 1 Again, 2 Hard, 3 Good, 4 Easy."""
    correct: bool
    score: float
    """1.0 or 0.0 for a choice; the partial-credit score for an ordering."""
    response: str
    """What the learner chose: the option text for a choice, the items in the learner's order joined by
    " | " for an ordering."""
    duration_ms: int
    after: CardState
    """The item's state after this review, so start-up never replays the scheduler."""


@dataclass
class ItemProgress:
    """Everything known of one item: its current state and counts derived from its history."""

    key: ItemKey
    card: CardState
    reviews: int = 0
    lapses: int = 0
    """Reviews rated Again after the item had been learned (state Review)."""
    correct: int = 0
    last_review: datetime | None = None


@dataclass(frozen=True)
class PersonalParameters:
    """FSRS parameters fitted to this learner's history by `trainer optimize`, with the figures that showed
    them better than the defaults (log loss and RMSE(bins); the fitted ones scored with time-series splits)."""

    parameters: tuple[float, ...]
    fitted_at: datetime
    answers: int
    """Answers in the history the fit read."""
    training_items: int
    default_log_loss: float
    fitted_log_loss: float
    default_rmse_bins: float
    fitted_rmse_bins: float
