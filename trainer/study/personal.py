"""Personal FSRS parameters: fitting the memory model to one learner's history, and simulating workloads.

Fitting and scoring come from `fsrs-rs-python` (the optimizer Anki uses). A learner's answers become FSRS
training items the way fsrs-rs builds them from an Anki review log: per item, every answer after the first
is one training item holding the answers up to it, with the gaps between them in whole study days (the day
turning over at the learner's day-start hour); only items whose last answer came on a later day than the one
before count, since same-day repeats say nothing about long-term memory.

Fitted parameters are kept only where they beat the defaults: the fitted model is scored with time-series
splits (fit on the past, scored on the future, so it is never scored on what it was fitted to), the defaults
on every item, and the fit must lower both log loss and RMSE(bins).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

import fsrs_rs_python as fsrs_rs

from trainer.progress.model import PersonalParameters
from trainer.study.clock import DAY_START_HOUR, study_day

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs_rs.DEFAULT_PARAMETERS)

MIN_TRAINING_ITEMS = 400
"""Training items (answers on a later day than the item's previous answer) needed before fitting. Anki's
manual asks for a few hundred reviews; below that the time-series splits leave folds of a few dozen items,
and the fitted parameters follow their noise rather than the learner's memory."""

SUGGEST_AFTER = 1000
"""Answers (since the last fit, or in all) after which the app offers to fit: about the 400 training items
fitting needs, since roughly half of a learner's answers come on a later day than the item's previous one
(6,276 of 12,580 in the shared real log)."""

RETENTIONS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.93, 0.95, 0.97)
"""Desired retentions the simulator compares, the range the settings accept."""


@dataclass(frozen=True)
class Answer:
    """What fitting needs of one answer: which item, when (aware), and its FSRS rating (1-4)."""

    item: Hashable
    time: datetime
    rating: int


@dataclass(frozen=True)
class Scores:
    log_loss: float
    rmse_bins: float

    def beats(self, other: Scores) -> bool:
        return self.log_loss < other.log_loss and self.rmse_bins <= other.rmse_bins


@dataclass(frozen=True)
class Fit:
    """The outcome of fitting: the figures of both models and whether the fitted one is better."""

    parameters: tuple[float, ...]
    default: Scores
    fitted: Scores
    training_items: int
    answers: int

    @property
    def better(self) -> bool:
        return self.fitted.beats(self.default)


class NotEnoughHistory(ValueError):
    def __init__(self, items: int) -> None:
        super().__init__(
            f"{items} answers so far come on a later day than the item's previous one; fitting needs "
            f"{MIN_TRAINING_ITEMS}, so the default parameters stay (keep studying and try again)"
        )
        self.items = items


def training_items(
    answers: Iterable[Answer], *, day_start_hour: int = DAY_START_HOUR, tz: tzinfo | None = None
) -> tuple[list[fsrs_rs.FSRSItem], list[int]]:
    """FSRS training items and, for each, a number identifying its item (for the optimizer's splits)."""
    by_item: dict[Hashable, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_item[answer.item].append(answer)
    items: list[fsrs_rs.FSRSItem] = []
    ids: list[int] = []
    for number, history in enumerate(by_item.values()):
        history.sort(key=lambda a: a.time)
        days = [study_day(a.time, day_start_hour, tz).toordinal() for a in history]
        reviews = [fsrs_rs.FSRSReview(history[0].rating, 0)]
        for index in range(1, len(history)):
            gap = days[index] - days[index - 1]
            reviews.append(fsrs_rs.FSRSReview(history[index].rating, gap))
            if gap > 0:
                items.append(fsrs_rs.FSRSItem(list(reviews)))
                ids.append(number)
    return items, ids


def fit(answers: Sequence[Answer], *, day_start_hour: int = DAY_START_HOUR, tz: tzinfo | None = None) -> Fit:
    """Fit parameters to `answers`; `NotEnoughHistory` below `MIN_TRAINING_ITEMS`."""
    items, ids = training_items(answers, day_start_hour=day_start_hour, tz=tz)
    if len(items) < MIN_TRAINING_ITEMS:
        raise NotEnoughHistory(len(items))
    default = fsrs_rs.FSRS(list(DEFAULT_PARAMETERS)).evaluate(items)
    fitted = fsrs_rs.evaluate_with_time_series_splits(items, ids)
    parameters = fsrs_rs.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items, ids)
    return Fit(
        parameters=tuple(parameters),
        default=Scores(default.log_loss, default.rmse_bins),
        fitted=Scores(fitted.log_loss, fitted.rmse_bins),
        training_items=len(items),
        answers=len(answers),
    )


@dataclass(frozen=True)
class Outlook:
    """One desired retention's simulated workload and knowledge."""

    retention: float
    reviews_per_day: float
    """Average answers a day (new items included) over the simulated span."""
    minutes_per_day: float
    remembered: float
    """Items expected to be recalled at the end of the span."""


def simulate(
    parameters: Sequence[float],
    *,
    items: int,
    days: int = 365,
    new_per_day: int = 20,
    retentions: Sequence[float] = RETENTIONS,
    runs: int = 8,
) -> list[Outlook]:
    """Anki's "help me decide": for each retention, the workload and what is remembered after `days`,
    averaged over `runs` simulated learners (one is noisy on a deck of a hundred items)."""
    config = _config(items=items, days=days, new_per_day=new_per_day)
    out = []
    for retention in retentions:
        results = [fsrs_rs.simulate(list(parameters), retention, config, seed) for seed in range(runs)]
        answers = sum(sum(r.review_cnt_per_day) + sum(r.learn_cnt_per_day) for r in results)
        seconds = sum(sum(r.cost_per_day) for r in results)
        remembered = sum(r.memorized_cnt_per_day[-1] for r in results)
        out.append(
            Outlook(
                retention=retention,
                reviews_per_day=answers / runs / days,
                minutes_per_day=seconds / runs / days / 60,
                remembered=remembered / runs,
            )
        )
    return out


def suggest(outlooks: Sequence[Outlook]) -> Outlook:
    """The retention that remembers the most per minute of study, the usual "optimal retention" target."""
    return max(outlooks, key=lambda o: o.remembered / o.minutes_per_day if o.minutes_per_day else 0.0)


def _config(*, items: int, days: int, new_per_day: int) -> fsrs_rs.SimulatorConfig:
    config = fsrs_rs.default_simulator_config()
    config.deck_size = items
    config.learn_span = days
    config.learn_limit = new_per_day
    config.review_limit = 10_000
    config.max_cost_perday = math.inf
    return config


def refit_hint(answers: int, fitted: PersonalParameters | None) -> str | None:
    """What the app says to offer a fit, given the learner's answers in all; None while it is not worth it."""
    new = answers - (fitted.answers if fitted else 0)
    if new < SUGGEST_AFTER:
        return None
    if fitted is None:
        return f"{answers:,} answers so far: FSRS can now be fitted to your own memory."
    return f"{new:,} answers since your memory model was fitted: it can be fitted again."
