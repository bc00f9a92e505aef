"""FSRS through `Scheduling`: ratings from grades, state conversion, intervals over simulated days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Rating, State

from trainer.progress.model import CardState
from trainer.questions.model import Grade
from trainer.study.scheduling import HARD_THRESHOLD, Scheduling, from_card, rating_for, to_card

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("grade", "rating"),
    [
        (Grade(correct=True, score=1.0, response=2), Rating.Good),
        (Grade(correct=False, score=0.0, response=1), Rating.Again),
        (Grade(correct=True, score=1.0, response=(0, 1, 2, 3)), Rating.Good),
        (Grade(correct=False, score=0.75, response=(0, 1, 3, 2)), Rating.Hard),
        (Grade(correct=False, score=HARD_THRESHOLD, response=(0, 2, 1)), Rating.Hard),
        (Grade(correct=False, score=0.5, response=(1, 0, 3, 2)), Rating.Again),
        (Grade(correct=False, score=0.0, response=(3, 2, 1, 0)), Rating.Again),
    ],
)
def test_rating_for(grade, rating):
    assert rating_for(grade) == rating


def test_rating_threshold_is_settable():
    grade = Grade(correct=False, score=0.5, response=(1, 0, 3, 2))
    assert rating_for(grade, hard_threshold=0.5) == Rating.Hard


def learn(s: Scheduling, when: datetime) -> CardState:
    """A new item answered right twice, ten minutes apart: it graduates to Review."""
    state = s.review(None, Rating.Good, when)
    assert state.state == State.Learning
    state = s.review(state, Rating.Good, state.due)
    assert state.state == State.Review
    return state


def test_new_item_right_then_due_in_days():
    s = Scheduling()
    state = s.review(None, Rating.Good, T0)
    assert state.last_review == T0 and state.due == T0 + timedelta(minutes=10)
    state = s.review(state, Rating.Good, state.due)
    assert state.due - state.last_review >= timedelta(days=1)


def test_right_answers_grow_the_interval_and_wrong_shrinks_it():
    s = Scheduling()
    state = learn(s, T0)
    intervals = []
    for _ in range(5):  # answered right each time it falls due
        when = state.due
        state = s.review(state, Rating.Good, when)
        intervals.append(state.due - when)
    assert intervals == sorted(intervals) and intervals[-1] > intervals[0] * 4

    when = state.due
    lapsed = s.review(state, Rating.Again, when)
    assert lapsed.state == State.Relearning
    assert lapsed.due - when <= timedelta(minutes=10)
    assert lapsed.stability < state.stability
    # Relearnt, the next interval is far shorter than before the lapse.
    relearnt = s.review(lapsed, Rating.Good, lapsed.due)
    assert relearnt.due - lapsed.due < intervals[-1] / 2


def test_hard_sits_between_again_and_good():
    s = Scheduling()
    state = learn(s, T0)
    when = state.due + timedelta(days=1)
    due = {r: s.review(state, r, when).due for r in (Rating.Again, Rating.Hard, Rating.Good)}
    assert due[Rating.Again] < due[Rating.Hard] < due[Rating.Good]


def test_retention_is_settable():
    state_low = learn(Scheduling(0.8), T0)
    state_high = learn(Scheduling(0.95), T0)
    assert state_low.due > state_high.due


@pytest.mark.parametrize("retention", [0, 1, 1.5, -0.1])
def test_bad_retention(retention):
    with pytest.raises(ValueError, match="retention"):
        Scheduling(retention)


def test_deterministic_replay():
    # Fuzzing is off, so long intervals (where fsrs would fuzz) repeat exactly.
    def run() -> list[datetime]:
        s, state, dues = Scheduling(), None, []
        when = T0
        for rating in [Rating.Good] * 8 + [Rating.Again, Rating.Good, Rating.Hard, Rating.Good]:
            state = s.review(state, rating, when)
            dues.append(state.due)
            when = state.due
        return dues

    first = run()
    assert first == run()
    assert first[-1] - first[-2] > timedelta(days=3)


def test_retrievability_falls_with_time():
    s = Scheduling()
    state = learn(s, T0)
    assert s.retrievability(None, T0) == 0.0
    r = [s.retrievability(state, state.last_review + timedelta(days=d)) for d in (0, 1, 5, 30)]
    assert r[0] == pytest.approx(1.0)
    assert r == sorted(r, reverse=True) and r[-1] < 0.9


@pytest.mark.parametrize("hours", [24, 72, 24 * 30])
def test_retrievability_is_fsrs_own_at_whole_days(hours):
    s = Scheduling()
    state = learn(s, T0)
    when = state.last_review + timedelta(hours=hours)
    assert s.retrievability(state, when) == pytest.approx(
        s.fsrs.get_card_retrievability(to_card(state, when), when)
    )


def test_an_item_missed_an_hour_ago_is_not_certain():
    s = Scheduling()
    missed = s.review(learn(s, T0), Rating.Again, T0 + timedelta(days=3))
    an_hour_later = missed.last_review + timedelta(hours=1)
    assert s.fsrs.get_card_retrievability(to_card(missed, an_hour_later), an_hour_later) == 1.0  # whole days
    assert 0.5 < s.retrievability(missed, an_hour_later) < 1
    assert s.retrievability(missed, an_hour_later) > s.retrievability(
        missed, an_hour_later + timedelta(hours=3)
    )


def test_card_round_trip_and_zones():
    state = CardState(
        state=2,
        step=None,
        stability=12.5,
        difficulty=4.25,
        due=datetime(2026, 4, 1, 12, tzinfo=ZoneInfo("UTC")),
        last_review=datetime(2026, 3, 20, 13, 0, tzinfo=ZoneInfo("Europe/Berlin")),
    )
    card = to_card(state, T0)
    assert card.state == State.Review and card.due.tzinfo is UTC
    back = from_card(card)
    assert back == CardState(
        2,
        None,
        12.5,
        4.25,
        datetime(2026, 4, 1, 12, tzinfo=UTC),
        datetime(2026, 3, 20, 12, 0, tzinfo=UTC),
    )
    # A stored state in any UTC-equivalent zone schedules without fsrs' "must be UTC" error.
    assert Scheduling().review(state, Rating.Good, datetime(2026, 4, 1, 14, tzinfo=ZoneInfo("Europe/Berlin")))


def test_new_card_is_due_now():
    card = to_card(None, T0)
    assert card.state == State.Learning and card.step == 0 and card.due == T0 and card.last_review is None


def test_naive_time_rejected():
    with pytest.raises(ValueError, match="aware"):
        Scheduling().review(None, Rating.Good, datetime(2026, 1, 1))
