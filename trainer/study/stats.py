"""Where a learner stands: due counts, daily history, retention, streak, per-bank figures, weakest facts.

Pure functions over the progress data (items and the review history), a time and the banks for the
facts' wording. `trainer stats`, the app's statistics screen and the exports all read one `Stats`.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import cache, partial

from trainer.bank.loaded import LoadedBank
from trainer.progress.model import CardState, ItemProgress, Review
from trainer.progress.store import ProgressStore
from trainer.progress.tally import REVIEW_STATE, Counts
from trainer.questions.model import ItemKey
from trainer.study.clock import day_bounds, study_day
from trainer.study.scheduling import Scheduling
from trainer.study.weakness import weakness as item_weakness

SCHEMA = "trainer-stats/1"
DUE_DAYS = 30
HISTORY_DAYS = 28
RETENTION_DAYS = 30
WEAKEST = 10


@dataclass(frozen=True)
class FactText:
    """What a learner reads about one fact (or sequence, or hand-written question)."""

    statement: str
    quote: str = ""
    citations: tuple[str, ...] = ()
    source: str = ""
    """The source's title."""


def _source_title(loaded: LoadedBank, source_id: str | None) -> str:
    source = loaded.source(source_id) if source_id else None
    return source.title if source else ""


def fact_texts(
    banks: Iterable[LoadedBank], orderings: Collection[tuple[str, str]] | None = None
) -> dict[tuple[str, str], FactText]:
    """(bank id, fact id) -> its wording, for everything an item key's `fact` can name. A generated
    ordering is worded only where `orderings` holds its (bank id, group id), or for all with None: wording
    one builds its question, and a large bank has thousands."""
    texts: dict[tuple[str, str], FactText] = {}
    for loaded in banks:
        bank = loaded.bank
        title = partial(_source_title, loaded)
        for f in bank.facts:
            texts[bank.id, f.id] = FactText(f.statement, f.quote, tuple(f.citations), title(f.source))
        for s in bank.sequences:
            texts[bank.id, s.id] = FactText(s.prompt, s.quote or "", tuple(s.citations), title(s.source))
        for q in bank.questions:
            asked = loaded.fact(q.fact) if q.fact else None
            texts[bank.id, q.id] = FactText(
                q.prompt,
                asked.quote if asked else "",
                tuple(asked.citations) if asked else (),
                title(asked.source) if asked else "",
            )
        texts.update(_ordering_texts(loaded, orderings))
    return texts


def _ordering_texts(
    loaded: LoadedBank, wanted: Collection[tuple[str, str]] | None
) -> dict[tuple[str, str], FactText]:
    """A generated ordering (timeline, magnitude) has no statement of its own and an id made of a digest
    (`magnitude-893ebb56d0`): it is named by its prompt and its items in their right order."""
    from trainer.questions.generate import build_question
    from trainer.questions.index import index_of

    texts = {}
    for group in index_of(loaded).groups.values():
        if wanted is not None and (loaded.id, group.id) not in wanted:
            continue
        q = build_question(loaded, ItemKey(loaded.id, group.id, group.form))
        if q is not None and isinstance(q.answer, tuple):
            items = " · ".join(q.options[i] for i in q.answer)
            texts[loaded.id, group.id] = FactText(f"{q.prompt} {items}", q.quote, q.citations, q.source)
    return texts


@cache
def _scheduling() -> Scheduling:
    return Scheduling()


def recall_probability(card: CardState, now: datetime) -> float | None:
    """FSRS's predicted chance of recalling the item at `now`; None for an item never reviewed."""
    if card.last_review is None or card.stability is None:
        return None
    return float(_scheduling().retrievability(card, now))


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class DayReviews:
    day: date
    reviews: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.reviews if self.reviews else None


@dataclass(frozen=True)
class Retention:
    """True retention: the share recalled (rated Hard or better) among reviews of items already learned."""

    recalled: int
    reviews: int

    @property
    def rate(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None


@dataclass(frozen=True)
class BankStats:
    bank: str
    title: str | None
    """None when the bank is not loaded (e.g. removed since)."""
    seen: int
    due: int
    new: int | None
    """Items the bank yields that were never answered; None when the bank's items are not known."""
    learned: int
    """Items in FSRS's Review state."""
    last_studied: datetime | None


@dataclass(frozen=True)
class FactStats:
    """One fact's figures, its question forms taken together."""

    bank: str
    fact: str
    text: FactText
    recall: float
    """The mean, over the fact's forms the learner has answered, of FSRS's recall probability now."""
    reviews: int
    correct: int
    lapses: int
    last_review: datetime | None
    stability: float | None = None
    """The lowest FSRS stability (days) among the fact's forms: how long its weakest memory lasts."""


@dataclass(frozen=True)
class Stats:
    now: datetime
    today: date
    """The study day `now` falls in (days turn over at `day_start_hour`, local time)."""
    due_now: int
    due_per_day: tuple[DayCount, ...]
    """The next 30 study days from today; items already overdue count on today."""
    history: tuple[DayReviews, ...]
    """The last 28 study days, oldest first, today last."""
    today_reviews: int
    today_correct: int
    total_reviews: int
    total_correct: int
    retention: Retention
    retention_month: Retention
    """True retention over the last 30 study days."""
    streak: int
    studied_today: bool
    items_seen: int
    banks: tuple[BankStats, ...]
    weakest: tuple[FactStats, ...] = ()

    @property
    def due_next_7(self) -> int:
        return sum(d.count for d in self.due_per_day[:7])

    @property
    def due_next_30(self) -> int:
        return sum(d.count for d in self.due_per_day)

    def to_json(self) -> dict:
        """The documented `trainer stats --json` document (docs/export.md)."""
        return {
            "schema": SCHEMA,
            "now": iso(self.now),
            "due_now": self.due_now,
            "due_next_7_days": self.due_next_7,
            "due_next_30_days": self.due_next_30,
            "due_per_day": [{"date": d.day.isoformat(), "due": d.count} for d in self.due_per_day],
            "history": [
                {
                    "date": d.day.isoformat(),
                    "reviews": d.reviews,
                    "correct": d.correct,
                    "accuracy": d.accuracy,
                }
                for d in self.history
            ],
            "today": {
                "date": self.today.isoformat(),
                "reviews": self.today_reviews,
                "correct": self.today_correct,
            },
            "total": {
                "reviews": self.total_reviews,
                "correct": self.total_correct,
                "items_seen": self.items_seen,
            },
            "retention": _retention_json(self.retention),
            "retention_last_30_days": _retention_json(self.retention_month),
            "streak": {"days": self.streak, "studied_today": self.studied_today},
            "banks": [
                {
                    "id": b.bank,
                    "title": b.title,
                    "seen": b.seen,
                    "due": b.due,
                    "new": b.new,
                    "learned": b.learned,
                    "last_studied": iso(b.last_studied),
                }
                for b in self.banks
            ],
            "weakest": [
                {
                    "bank": f.bank,
                    "fact": f.fact,
                    "statement": f.text.statement,
                    "citations": list(f.text.citations),
                    "recall": round(f.recall, 4),
                    "reviews": f.reviews,
                    "correct": f.correct,
                    "lapses": f.lapses,
                    "last_review": iso(f.last_review),
                }
                for f in self.weakest
            ],
        }


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _retention_json(r: Retention) -> dict:
    return {"rate": r.rate, "recalled": r.recalled, "reviews": r.reviews}


def study_days(day_start_hour: int = 4, tz: tzinfo | None = None) -> Callable[[datetime], date]:
    """`study_day` for many moments, fast when they come in time order (as a history does): the bounds of
    the last day found are kept, and a moment inside them needs two comparisons instead of a conversion."""
    bounds: tuple[datetime, datetime] | None = None
    day = date.min

    def day_of(moment: datetime) -> date:
        nonlocal bounds, day
        if bounds is None or not bounds[0] <= moment < bounds[1]:
            day = study_day(moment, day_start_hour, tz)
            bounds = day_bounds(day, day_start_hour, tz)
        return day

    return day_of


def compute_stats(
    items: Mapping[ItemKey, ItemProgress],
    reviews: Iterable[Review],
    now: datetime,
    *,
    banks: Sequence[LoadedBank] = (),
    candidates: Mapping[str, Collection[ItemKey]] | None = None,
    day_start_hour: int = 4,
    tz: tzinfo | None = None,
) -> Stats:
    """Everything `Stats` holds. `reviews` is the whole history, oldest first; `candidates` maps a bank id
    to the item keys that bank yields (for its count of new items): by default, what each of `banks` yields."""
    day_of = study_days(day_start_hour, tz)
    return _stats(items, day_totals(reviews, day_of), now, day_of, banks, candidates)


def store_stats(
    store: ProgressStore,
    now: datetime,
    *,
    banks: Sequence[LoadedBank] = (),
    candidates: Mapping[str, Collection[ItemKey]] | None = None,
    day_start_hour: int = 4,
    tz: tzinfo | None = None,
) -> Stats:
    """`compute_stats` of a store's items and history, the same figures, but counted from the history's
    tally (`ProgressStore.tally`) rather than from every answer, wherever the tally can say."""
    day_of = study_days(day_start_hour, tz)
    return _stats(store.items, store_day_totals(store, day_of), now, day_of, banks, candidates)


def store_day_totals(store: ProgressStore, day_of: Callable[[datetime], date]) -> dict[date, Counts]:
    """`day_totals` of the store's history, from its tally where that can say."""
    tally = store.tally()
    days = tally.per_day(day_of) if tally is not None else None
    return days if days is not None else day_totals(store.history(), day_of)


def day_totals(reviews: Iterable[Review], day_of: Callable[[datetime], date]) -> dict[date, Counts]:
    """Per study day: answers, right, reviews of items already learned (true retention's), recalled among
    those. `reviews` oldest first: whether an item was learned is read from its previous answer."""
    per_day: dict[date, Counts] = {}
    last_state: dict[ItemKey, int] = {}
    for r in reviews:
        day = day_of(r.time)
        counts = per_day.get(day)
        if counts is None:
            counts = per_day[day] = [0, 0, 0, 0]
        counts[0] += 1
        counts[1] += r.correct
        if last_state.get(r.key) == REVIEW_STATE:
            counts[2] += 1
            counts[3] += r.rating > 1
        last_state[r.key] = r.after.state
    return per_day


def _stats(
    items: Mapping[ItemKey, ItemProgress],
    per_day: Mapping[date, Counts],
    now: datetime,
    day_of: Callable[[datetime], date],
    banks: Sequence[LoadedBank],
    candidates: Mapping[str, Collection[ItemKey]] | None,
) -> Stats:
    if candidates is None:
        from trainer.questions.generate import candidate_keys

        candidates = {b.id: frozenset(candidate_keys(b)) for b in banks}
    today = day_of(now)
    seen = {k: p for k, p in items.items() if p.reviews > 0}

    due_by_day: dict[date, int] = defaultdict(int)
    # In time order, so that `day_of` mostly finds the day it found last (see `study_days`).
    for due in sorted(p.card.due for p in seen.values()):
        due_by_day[max(day_of(due), today)] += 1
    due_per_day = tuple(
        DayCount(d, due_by_day.get(d, 0)) for d in (today + timedelta(n) for n in range(DUE_DAYS))
    )

    month_start = today - timedelta(RETENTION_DAYS - 1)
    retention, retention_month = [0, 0], [0, 0]
    for day, (_, _, learned, recalled) in per_day.items():
        retention[0] += recalled
        retention[1] += learned
        if day >= month_start:
            retention_month[0] += recalled
            retention_month[1] += learned

    history = tuple(
        DayReviews(d, *per_day[d][:2]) if d in per_day else DayReviews(d, 0, 0)
        for d in (today - timedelta(n) for n in range(HISTORY_DAYS - 1, -1, -1))
    )
    studied_today = today in per_day
    streak = 0
    day = today if studied_today else today - timedelta(1)
    while day in per_day:
        streak += 1
        day -= timedelta(1)

    return Stats(
        now=now,
        today=today,
        due_now=sum(p.card.due <= now for p in seen.values()),
        due_per_day=due_per_day,
        history=history,
        today_reviews=per_day[today][0] if studied_today else 0,
        today_correct=per_day[today][1] if studied_today else 0,
        total_reviews=sum(c[0] for c in per_day.values()),
        total_correct=sum(c[1] for c in per_day.values()),
        retention=Retention(*retention),
        retention_month=Retention(*retention_month),
        streak=streak,
        studied_today=studied_today,
        items_seen=len(seen),
        banks=_bank_stats(seen, now, banks, candidates),
        weakest=_weakest(seen, now, banks),
    )


def _weakest(
    seen: Mapping[ItemKey, ItemProgress], now: datetime, banks: Sequence[LoadedBank]
) -> tuple[FactStats, ...]:
    """The WEAKEST facts by `weakness`, whose order needs only the items' counts: recall (FSRS, slow) and
    wording are worked out for those few facts alone."""
    groups: dict[tuple[str, str], list[ItemProgress]] = defaultdict(list)
    totals: dict[tuple[str, str], list] = {}  # lapses, lowest stability, correct, reviews: one pass
    for p in seen.values():
        fact = p.key.bank, p.key.fact
        groups[fact].append(p)
        stability = p.card.stability
        total = totals.get(fact)
        if total is None:
            totals[fact] = [p.lapses, stability, p.correct, p.reviews]
            continue
        total[0] += p.lapses
        if stability is not None and (total[1] is None or stability < total[1]):
            total[1] = stability
        total[2] += p.correct
        total[3] += p.reviews
    orders = [(*item_weakness(*total), *fact) for fact, total in totals.items()]
    chosen = [(bank, fact) for *_, bank, fact in heapq.nsmallest(WEAKEST, orders)]
    items = [p for fact in chosen for p in groups[fact]]
    return tuple(sorted(fact_stats(items, now, fact_texts(banks, set(chosen))), key=weakness))


def _bank_stats(
    seen: Mapping[ItemKey, ItemProgress],
    now: datetime,
    banks: Sequence[LoadedBank],
    candidates: Mapping[str, Collection[ItemKey]],
) -> tuple[BankStats, ...]:
    titles = {b.id: b.bank.title for b in banks}
    by_bank: dict[str, list[ItemProgress]] = defaultdict(list)
    for key, p in seen.items():
        by_bank[key.bank].append(p)
    result = []
    for bank_id in sorted(set(by_bank) | set(titles) | set(candidates)):
        ps = by_bank.get(bank_id, [])
        keys = candidates.get(bank_id)
        result.append(
            BankStats(
                bank=bank_id,
                title=titles.get(bank_id),
                seen=len(ps),
                due=sum(p.card.due <= now for p in ps),
                new=None if keys is None else sum(k not in seen for k in keys),
                learned=sum(p.card.state == REVIEW_STATE for p in ps),
                last_studied=max((p.last_review for p in ps if p.last_review), default=None),
            )
        )
    return tuple(result)


def fact_stats(
    seen: Iterable[ItemProgress], now: datetime, texts: Mapping[tuple[str, str], FactText]
) -> list[FactStats]:
    """Answered items grouped by fact, forms combined: counts add up, recall is the mean over forms."""
    groups: dict[tuple[str, str], list[ItemProgress]] = defaultdict(list)
    for p in seen:
        groups[p.key.bank, p.key.fact].append(p)
    result = []
    for (bank_id, fact_id), ps in groups.items():
        recalls = [r for p in ps if (r := recall_probability(p.card, now)) is not None]
        result.append(
            FactStats(
                bank=bank_id,
                fact=fact_id,
                text=texts.get((bank_id, fact_id)) or FactText(fact_id),
                recall=sum(recalls) / len(recalls) if recalls else 0.0,
                reviews=sum(p.reviews for p in ps),
                correct=sum(p.correct for p in ps),
                lapses=sum(p.lapses for p in ps),
                last_review=max((p.last_review for p in ps if p.last_review), default=None),
                stability=min((p.card.stability for p in ps if p.card.stability is not None), default=None),
            )
        )
    return result


def weakness(f: FactStats) -> tuple:
    """Sort key, weakest first: by what the learner got wrong (`trainer.study.weakness`); then by id, so the
    order is stable."""
    return (*item_weakness(f.lapses, f.stability, f.correct, f.reviews), f.bank, f.fact)
