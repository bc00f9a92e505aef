"""The study engine on real banks and a real progress file: planning, answering, re-asking, undo, limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from factories import synthetic_bank
from fsrs import Rating, State

from trainer.bank.loaded import LoadedBank
from trainer.bank.models import Bank
from trainer.progress.store import ProgressStore
from trainer.questions.generate import candidate_keys
from trainer.questions.model import ItemKey, Question
from trainer.study.session import MAX_RETRIES, REQUEUE_GAP, StudySession

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN)


def make_bank(n: int = 30, seed: int = 0, bank_id: str | None = None, **settings) -> LoadedBank:
    table, _text = synthetic_bank(n, seed, **settings)
    if bank_id:
        table["id"] = bank_id
    return LoadedBank(Bank.model_validate(table), Path(f"{table['id']}.toml"))


def right(q: Question) -> int | tuple[int, ...]:
    return q.answer


def wrong(q: Question) -> int | tuple[int, ...]:
    if isinstance(q.answer, int):
        return (q.answer + 1) % len(q.options)
    return tuple(reversed(q.answer))


@pytest.fixture
def bank() -> LoadedBank:
    return make_bank()


@pytest.fixture
def store(tmp_path: Path):
    s = ProgressStore.open(tmp_path / "progress.toml")
    yield s
    s.close()


def session(banks, store, at=T0, **kw) -> StudySession:
    kw.setdefault("seed", 7)
    kw.setdefault("tz", BERLIN)
    return StudySession(banks if isinstance(banks, list) else [banks], store, now=at, **kw)


def run_through(s: StudySession, answer=right) -> list[Question]:
    asked = []
    while (q := s.current) is not None:
        asked.append(q)
        s.answer(answer(q), 2000)
    return asked


def test_new_session_plans_new_items_in_bank_order(bank, store):
    s = session(bank, store, limit=10)
    assert s.position == (0, 10)
    asked = run_through(s)
    keys = [q.key for q in asked]
    assert len(set(keys)) == 10
    # Bank order, except that a fact's second form waits while other facts are left.
    firsts = [k for k in candidate_keys(bank) if k.form != "reverse"][:10]
    assert keys == firsts
    assert s.position == (10, 10) and s.current is None
    assert len(store.reviews()) == 10


def test_answer_records_durably_and_schedules(bank, store, tmp_path):
    s = session(bank, store)
    q = s.current
    feedback = s.answer(right(q), 4321)
    assert feedback.question == q and feedback.grade.correct and feedback.rating == Rating.Good
    assert feedback.due == T0.astimezone(UTC) + timedelta(minutes=10)  # the first learning step
    # On disk, as another process sees it.
    other = ProgressStore.open(tmp_path / "progress.toml")
    (review,) = other.reviews()
    assert review.key == q.key and review.correct and review.duration_ms == 4321 and review.rating == 3
    assert review.response == q.options[q.answer]
    assert other.items[q.key].card.due == feedback.due
    other.close()


def test_fixed_clock_advances_by_answer_durations(bank, store):
    s = session(bank, store)
    s.answer(right(s.current), 5000)
    s.answer(right(s.current), 7000)
    times = [r.time for r in store.reviews()]
    start = T0.astimezone(UTC)
    assert times == [start, start + timedelta(seconds=5)]
    assert s.now() == start + timedelta(seconds=12)


def test_callable_clock(bank, store):
    moments = iter([T0 + timedelta(hours=h) for h in range(10)])
    s = StudySession([bank], store, now=lambda: next(moments), seed=1, tz=BERLIN)
    s.answer(right(s.current), 1)
    assert store.reviews()[0].time == (T0 + timedelta(hours=1)).astimezone(UTC)  # the 0th planned


def test_missed_question_comes_back_later(bank, store):
    s = session(bank, store, limit=8)
    first = s.current
    feedback = s.answer(wrong(first), 1000)
    assert not feedback.grade.correct and feedback.rating == Rating.Again
    assert s.position == (1, 9)  # one more planned, not a new item
    asked = [s.current]
    for _ in range(REQUEUE_GAP):
        s.answer(right(s.current), 1000)
        asked.append(s.current)
    again = asked[-1]
    assert again.key == first.key and first.key not in [q.key for q in asked[:-1]]
    assert again.options != first.options or len(first.options) < 3  # reshuffled
    assert store.items[first.key].card.state == State.Learning
    s.answer(right(again), 1000)
    assert store.items[first.key].reviews == 2


def test_missed_question_is_asked_again_a_bounded_number_of_times(bank, store):
    s = session(bank, store, limit=1)
    asked = run_through(s, wrong)
    assert len(asked) == 1 + MAX_RETRIES
    assert len({q.key for q in asked}) == 1
    summary = s.summary()
    assert summary.answered == 1 + MAX_RETRIES and summary.correct == 0
    assert [m.question.key for m in summary.missed] == [asked[0].key]


def test_missed_at_the_end_comes_back_at_once(bank, store):
    s = session(bank, store, limit=2)
    s.answer(right(s.current), 1000)
    last = s.current
    s.answer(wrong(last), 1000)
    assert s.current.key == last.key and s.position == (2, 3)


def test_due_reviews_first_least_recalled_first(bank, store):
    # Day 1: learn 12 items.
    run_through(session(bank, store, limit=12))
    run_through(session(bank, store, at=T0 + timedelta(minutes=15), limit=12))  # graduate them
    learned = list(store.items)
    assert all(store.items[k].card.state == State.Review for k in learned)
    # Days later, some answered again and so fresher: the others (lower recall) must come first.
    later = T0 + timedelta(days=3)
    s = session(bank, store, at=later, limit=30, new_per_day=5)
    asked = run_through(s)
    due_part = [q.key for q in asked[:12]]
    assert set(due_part) == set(learned)
    assert all(k not in learned for k in [q.key for q in asked[12:]])
    assert len(asked) == 12 + 5
    scheduling = s.scheduling
    # Reconstruct the order from the states they had: non-decreasing retrievability.
    before = {r.key: r for r in store.reviews() if r.time < later.astimezone(UTC)}
    recall = [scheduling.retrievability(before[k].after, later) for k in due_part]
    assert recall == sorted(recall)


def test_due_order_by_retrievability(bank, store):
    keys = [k for k in candidate_keys(bank) if k.form == "choice"][:6]
    s = session(bank, store, limit=6)
    for _ in keys:
        s.answer(right(s.current), 1000)
    # Graduate at different times so stabilities and elapsed times differ.
    for i in range(len(keys)):
        at = T0 + timedelta(minutes=15, days=i)
        g = session(bank, store, at=at, limit=1, new_per_day=0)
        if g.current is not None:
            run_through(g)
    when = T0 + timedelta(days=30)
    s = session(bank, store, at=when, limit=6, new_per_day=0)
    order = []
    while s.current is not None:
        order.append(s.scheduling.retrievability(store.items[s.current.key].card, when))
        s.answer(right(s.current), 1000)
    assert len(order) == 6 and order == sorted(order)


def test_undo_restores_state_and_file_exactly(bank, store, tmp_path):
    path = tmp_path / "progress.toml"
    s = session(bank, store, limit=5)
    first = s.current
    s.answer(right(first), 1500)  # the file now exists
    before_bytes = path.read_bytes()
    before_items = dict(store.items)
    before = (s.current, s.position, s.now(), len(store.reviews()))
    s.answer(wrong(s.current), 2500)
    assert path.read_bytes() != before_bytes and s.position == (2, 6)
    assert s.undo() is True
    assert path.read_bytes() == before_bytes
    assert store.items == before_items
    assert (s.current, s.position, s.now(), len(store.reviews())) == before
    # Undo again takes back the first answer too; then there is nothing left to undo.
    assert s.undo() is True
    assert s.position == (0, 5) and s.current == first and not store.items
    assert s.undo() is False


def test_undo_with_nothing_answered(bank, store):
    assert session(bank, store).undo() is False


def test_undo_of_a_new_item_gives_back_its_new_slot(bank, store):
    s = session(bank, store, limit=3, new_per_day=1)
    q = s.current
    s.answer(right(q), 1000)
    s.undo()
    assert s.current == q
    # Nothing reviewed today any more: a new session would offer a new item again.
    assert session(bank, store, new_per_day=1).position == (0, 1)


def test_new_per_day_limit_counts_across_the_4am_boundary(bank, store):
    evening = datetime(2026, 3, 2, 22, 0, tzinfo=BERLIN)
    run_through(session(bank, store, at=evening, new_per_day=3, limit=20))
    assert len(store.items) == 3
    # 03:30 is still the same study day: the three are due (learning step), no new ones.
    night = datetime(2026, 3, 3, 3, 30, tzinfo=BERLIN)
    asked = run_through(session(bank, store, at=night, new_per_day=3, limit=20))
    assert len(asked) == 3 and len(store.items) == 3
    # 04:30: a new study day, three new items.
    morning = datetime(2026, 3, 3, 4, 30, tzinfo=BERLIN)
    asked = run_through(session(bank, store, at=morning, new_per_day=3, limit=20))
    assert len(asked) == 3 and len(store.items) == 6


def test_new_per_day_counts_earlier_sessions_of_the_day(bank, store):
    run_through(session(bank, store, new_per_day=4, limit=2))
    s = session(bank, store, at=T0 + timedelta(hours=1), new_per_day=4, limit=20)
    new = [q for q in run_through(s) if q.key not in {r.key for r in store.reviews()[:2]}]
    assert len(new) == 2


def test_bank_setting_gives_the_default_new_limit(store):
    bank = make_bank(new_per_day=4)
    assert session(bank, store, limit=20).position == (0, 4)
    assert session(bank, store, limit=20, new_per_day=6).position == (0, 6)
    assert session(bank, store, limit=20, new_per_day=0).position == (0, 0)


def test_new_items_round_robin_over_banks(store):
    a, b = make_bank(20, seed=1, bank_id="alpha"), make_bank(20, seed=2, bank_id="beta")
    s = session([a, b], store, limit=6)
    asked = run_through(s)
    assert [q.key.bank for q in asked] == ["alpha", "beta"] * 3


def test_a_fact_asked_both_ways_is_spread(store):
    bank = make_bank(30)
    keys = candidate_keys(bank)
    fact = next(k.fact for k in keys if k.form == "reverse")
    s = session(bank, store, limit=len(keys), new_per_day=len(keys))
    asked = [q.key for q in run_through(s)]
    forms = [i for i, k in enumerate(asked) if k.fact == fact]
    first_forms = len([k for k in keys if k.form != "reverse"])
    assert len(forms) == 2 and forms[1] >= first_forms


def test_stored_item_missing_from_the_bank_is_skipped_and_kept(store, tmp_path):
    bank = make_bank(30)
    run_through(session(bank, store, limit=4))
    gone = next(iter(store.items))
    table, _ = synthetic_bank(30)
    table["facts"] = [f for f in table["facts"] if f["id"] != gone.fact]
    smaller = LoadedBank(Bank.model_validate(table), Path("x.toml"))
    later = T0 + timedelta(days=30)
    asked = run_through(session(smaller, store, at=later, limit=20, new_per_day=0))
    assert gone not in [q.key for q in asked] and len(asked) == 3
    assert store.items[gone].reviews == 1
    assert sum(r.key == gone for r in ProgressStore.open(tmp_path / "progress.toml").reviews()) == 1


def test_progress_kept_across_a_reworded_fact(store):
    bank = make_bank(30)
    first = run_through(session(bank, store, limit=1))[0]
    table, _ = synthetic_bank(30)
    for f in table["facts"]:
        if f["id"] == first.key.fact:
            f["statement"] = "Reworded: " + f["statement"]
            f["question"] = "Reworded, " + f["question"]
    reworded = LoadedBank(Bank.model_validate(table), Path("x.toml"))
    s = session(reworded, store, at=T0 + timedelta(minutes=20), limit=1, new_per_day=0)
    q = s.current
    assert q.key == first.key and q.prompt.startswith("Reworded") and q.prompt != first.prompt
    s.answer(right(q), 1000)
    assert store.items[q.key].reviews == 2 and store.items[q.key].card.state == State.Review


def test_summary(bank, store):
    s = session(bank, store, limit=4)
    qs = []
    for answer in (right, wrong, right, right, right):
        qs.append(s.current)
        s.answer(answer(s.current), 1000)
    summary = s.summary()
    assert summary.answered == 5 and summary.correct == 4 and summary.score == 4.0
    (missed,) = summary.missed
    assert missed.question == qs[1] and not missed.grade.correct
    assert {n.question.key for n in summary.next_due} == {q.key for q in qs}
    assert [n.due for n in summary.next_due] == sorted(n.due for n in summary.next_due)
    assert summary.earliest_due == summary.next_due[0].due == min(p.card.due for p in store.items.values())


def test_ordering_partial_credit_rates_hard_or_again(store):
    bank = make_bank(60)
    order_keys = [k for k in candidate_keys(bank) if k.form in ("timeline", "magnitude")]
    assert order_keys
    s = session(bank, store, limit=len(candidate_keys(bank)), new_per_day=1000)
    while s.current is not None and s.current.kind != "order":
        s.answer(right(s.current), 1000)
    q = s.current
    a = list(q.answer)
    a[0], a[1] = a[1], a[0]  # one swap: most items still in order
    feedback = s.answer(tuple(a), 1000)
    assert not feedback.grade.correct and 0 < feedback.grade.score < 1
    assert feedback.rating == (Rating.Hard if feedback.grade.score >= 0.6 else Rating.Again)
    assert store.reviews()[-1].response == " | ".join(q.options[i] for i in a)


def test_bad_response_changes_nothing(bank, store):
    s = session(bank, store)
    q = s.current
    with pytest.raises(ValueError):
        s.answer(len(q.options), 1000)
    assert s.current == q and s.position == (0, 20) and not store.items


@pytest.mark.parametrize(
    ("kw", "message"),
    [({"limit": -1}, "length"), ({"new_per_day": -2}, "per day"), ({"retention": 1.2}, "retention")],
)
def test_bad_settings(bank, store, kw, message):
    with pytest.raises(ValueError, match=message):
        session(bank, store, **kw)


def test_empty_session(bank, store):
    s = session(bank, store, new_per_day=0)
    assert s.current is None and s.position == (0, 0)
    assert s.summary().answered == 0 and s.summary().earliest_due is None
    with pytest.raises(RuntimeError):
        s.answer(0, 1)


def test_item_key_str_is_stable():
    assert str(ItemKey("b", "f", "choice")) == "b/f/choice"


def test_a_bank_named_twice_is_studied_once(bank, store):
    asked = run_through(session([bank, bank], store, limit=8))
    assert len({q.key for q in asked}) == len(asked) == 8


def test_each_bank_keeps_its_own_daily_limit(store):
    strict = make_bank(30, seed=1, bank_id="strict", new_per_day=3)
    generous = make_bank(30, seed=2, bank_id="generous")
    asked = [q.key.bank for q in run_through(session([strict, generous], store, limit=20))]
    assert asked[:6] == ["strict", "generous"] * 3
    assert asked.count("strict") == 3 and asked.count("generous") == 17
