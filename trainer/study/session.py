"""The study engine both front ends drive: what to ask, in what order, and what each answer does.

A session is planned once, when it starts: due reviews first (least likely to be recalled first), then new
items, round-robin over the banks, up to each bank's daily new-item limit (counted per local study day), until
the session length is reached. Only the picked questions are built, so planning stays fast on large banks.

A missed question comes back `REQUEUE_GAP` questions later with its options shuffled afresh, at most
`MAX_RETRIES` times per session; the re-ask is a review like any other (FSRS sees the item in its learning
or relearning step).
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from trainer.bank.loaded import LoadedBank
from trainer.progress.model import Review
from trainer.questions.generate import build_question, candidate_keys
from trainer.questions.grading import grade
from trainer.questions.model import Grade, ItemKey, Question
from trainer.study.clock import DAY_START_HOUR, day_bounds, study_day, utc_now
from trainer.study.scheduling import DEFAULT_RETENTION, Scheduling, rating_for

if TYPE_CHECKING:
    from trainer.progress.store import ProgressStore

DEFAULT_LIMIT = 20
REQUEUE_GAP = 3
"""A missed question is asked again after this many other questions (sooner if the session ends first)."""
MAX_RETRIES = 2
"""How often one question is re-asked in a session after being missed, so a session always ends."""


@dataclass(frozen=True)
class Feedback:
    question: Question
    grade: Grade
    rating: int
    """fsrs.Rating: 1 Again, 2 Hard, 3 Good."""
    due: datetime
    """When the item is next due (UTC)."""


@dataclass(frozen=True)
class Missed:
    question: Question
    grade: Grade
    """The first wrong answer to it in this session."""


@dataclass(frozen=True)
class NextDue:
    question: Question
    due: datetime


@dataclass(frozen=True)
class Summary:
    answered: int
    """Answers given, re-asks included."""
    correct: int
    score: float
    """Sum of the answers' scores (partial credit for orderings)."""
    missed: tuple[Missed, ...]
    """Each question answered wrong at least once, in the order first missed."""
    next_due: tuple[NextDue, ...]
    """Every item answered, soonest due first."""

    @property
    def earliest_due(self) -> datetime | None:
        return self.next_due[0].due if self.next_due else None


@dataclass(frozen=True)
class _Entry:
    bank: LoadedBank
    question: Question
    retries: int = 0


@dataclass(frozen=True)
class _Result:
    question: Question
    grade: Grade


@dataclass(frozen=True)
class _Snapshot:
    """Everything `answer()` changes, so `undo()` restores it exactly."""

    queue: tuple[_Entry, ...]
    results: tuple[_Result, ...]
    elapsed_ms: int


class StudySession:
    def __init__(
        self,
        banks: Sequence[LoadedBank],
        store: ProgressStore,
        *,
        now: datetime | Callable[[], datetime] | None = None,
        limit: int = DEFAULT_LIMIT,
        new_per_day: int | None = None,
        seed: int | None = None,
        retention: float = DEFAULT_RETENTION,
        day_start_hour: int = DAY_START_HOUR,
        tz: tzinfo | None = None,
    ) -> None:
        """`now`: a fixed time (the clock then advances by each answer's duration, so a replay with `--now`
        is realistic and deterministic), a callable, or None for the real clock. `tz`: the zone study days
        are counted in (default: the system's)."""
        if limit < 0:
            raise ValueError(f"session length must be 0 or more, not {limit}")
        if new_per_day is not None and new_per_day < 0:
            raise ValueError(f"new items per day must be 0 or more, not {new_per_day}")
        self.store = store
        self.scheduling = Scheduling(retention, store.fsrs.parameters if store.fsrs else None)
        self.seed = random.randrange(2**31) if seed is None else seed
        self._elapsed_ms = 0
        if now is None:
            self._clock: Callable[[], datetime] = utc_now
        elif callable(now):
            self._clock = now
        else:
            start = now.astimezone(UTC)
            self._clock = lambda: start + timedelta(milliseconds=self._elapsed_ms)
        self._day_start_hour = day_start_hour
        self._tz = tz
        unique: dict[str, LoadedBank] = {}
        for bank in banks:
            unique.setdefault(bank.id, bank)  # a bank named twice is studied once
        self._queue: list[_Entry] = self._plan(list(unique.values()), limit, new_per_day)
        self._results: list[_Result] = []
        self._undo: list[_Snapshot] = []

    # Reading the state

    def now(self) -> datetime:
        """The session's clock (UTC)."""
        return self._clock().astimezone(UTC)

    @property
    def current(self) -> Question | None:
        return self._queue[0].question if self._queue else None

    @property
    def position(self) -> tuple[int, int]:
        """(answered, planned): planned grows when a missed question is queued again."""
        return len(self._results), len(self._results) + len(self._queue)

    # Planning

    def _plan(self, banks: list[LoadedBank], limit: int, new_per_day: int | None) -> list[_Entry]:
        now = self.now()
        by_id = {bank.id: bank for bank in banks}
        items = self.store.items
        plan: list[_Entry] = []
        facts: set[tuple[str, str]] = set()

        def take(key: ItemKey, bank: LoadedBank) -> bool:
            question = build_question(bank, key, self.seed)
            if question is None:
                return False
            plan.append(_Entry(bank, question))
            facts.add((key.bank, key.fact))
            return True

        # Due reviews, least likely recalled first (ties in file order). A stored key the bank no longer
        # yields builds to None and is skipped; its history stays in the file.
        due = [
            (self.scheduling.retrievability(p.card, now), i, key)
            for i, (key, p) in enumerate(items.items())
            if p.card.due <= now and key.bank in by_id
        ]
        heapq.heapify(due)  # only the few taken are sorted out
        while due and len(plan) < limit:
            *_, key = heapq.heappop(due)
            take(key, by_id[key.bank])

        # New items, one bank at a time in turn, each up to what is left of its daily limit.
        introduced = self._introduced_today(now) if len(plan) < limit else Counter()
        quota = {
            bank.id: (bank.bank.settings.new_per_day if new_per_day is None else new_per_day)
            - introduced[bank.id]
            for bank in banks
        }
        fresh = {bank.id: self._new_keys(bank, facts) for bank in banks}
        turns = [bank for bank in banks if quota[bank.id] > 0]
        while turns and len(plan) < limit:
            for bank in list(turns):
                if len(plan) >= limit:
                    break
                if not any(take(key, bank) for key in fresh[bank.id]):
                    turns.remove(bank)  # no new question left in it
                    continue
                quota[bank.id] -= 1
                if quota[bank.id] == 0:
                    turns.remove(bank)
        return plan

    def _new_keys(self, bank: LoadedBank, facts: set[tuple[str, str]]) -> Iterator[ItemKey]:
        """The bank's keys never studied, in bank order, but a fact's other forms (its reverse question, ...)
        only after every fact not yet in the session, so one question does not give away the next one's
        answer. Lazy: a session reads only as far as it needs."""
        items = self.store.items
        later = []
        for key in candidate_keys(bank):
            if key in items:
                continue
            if (key.bank, key.fact) in facts:
                later.append(key)
            else:
                yield key
        yield from later

    def _introduced_today(self, now: datetime) -> Counter[str]:
        """Per bank, the items first reviewed in the current study day."""
        start, end = day_bounds(
            study_day(now, self._day_start_hour, self._tz), self._day_start_hour, self._tz
        )
        items = self.store.items
        # The history may live in archived parts: read it only when something was reviewed today.
        if not any(p.last_review and p.last_review >= start for p in items.values()):
            return Counter()
        today: Counter[ItemKey] = Counter()
        for review in self.store.reviews(since=start):
            if review.time < end:  # a replay with an earlier --now may find "future" reviews
                today[review.key] += 1
        # First reviewed today = every review of it was today.
        return Counter(key.bank for key, n in today.items() if key in items and items[key].reviews == n)

    # Answering

    def answer(self, response: int | Sequence[int], duration_ms: int) -> Feedback:
        """Grade the current question, schedule it, record it durably, and move on.

        Raises ValueError for a response that does not fit the question (front ends check first)."""
        if not self._queue:
            raise RuntimeError("the session is over")
        entry = self._queue[0]
        question = entry.question
        result = grade(question, response)
        rating = rating_for(result)
        when = self.now()
        item = self.store.items.get(question.key)
        after = self.scheduling.review(item.card if item else None, rating, when)
        self.store.record(
            Review(
                time=when,
                key=question.key,
                rating=int(rating),
                correct=result.correct,
                score=result.score,
                response=_response_text(question, result),
                duration_ms=max(0, int(duration_ms)),
                after=after,
            )
        )
        # On disk: only now does the session move on, so a failed write leaves it where it was.
        self._undo.append(_Snapshot(tuple(self._queue), tuple(self._results), self._elapsed_ms))
        self._elapsed_ms += max(0, int(duration_ms))
        self._queue.pop(0)
        self._results.append(_Result(question, result))
        if not result.correct and entry.retries < MAX_RETRIES:
            again = build_question(entry.bank, question.key, self.seed + entry.retries + 1) or question
            self._queue.insert(
                min(REQUEUE_GAP, len(self._queue)), _Entry(entry.bank, again, entry.retries + 1)
            )
        return Feedback(question, result, int(rating), after.due)

    def undo(self) -> bool:
        """Take the last answer back: its review leaves the file and its question is current again."""
        if not self._undo or self.store.undo_last() is None:
            return False
        snapshot = self._undo.pop()
        self._queue = list(snapshot.queue)
        self._results = list(snapshot.results)
        self._elapsed_ms = snapshot.elapsed_ms
        return True

    # The end

    def summary(self) -> Summary:
        missed: dict[ItemKey, Missed] = {}
        answered: dict[ItemKey, Question] = {}
        for r in self._results:
            answered.setdefault(r.question.key, r.question)
            if not r.grade.correct:
                missed.setdefault(r.question.key, Missed(r.question, r.grade))
        items = self.store.items
        next_due = sorted(
            (NextDue(q, items[key].card.due) for key, q in answered.items() if key in items),
            key=lambda n: n.due,
        )
        return Summary(
            answered=len(self._results),
            correct=sum(r.grade.correct for r in self._results),
            score=sum(r.grade.score for r in self._results),
            missed=tuple(missed.values()),
            next_due=tuple(next_due),
        )


def _response_text(question: Question, result: Grade) -> str:
    if isinstance(result.response, int):
        return question.options[result.response]
    return " | ".join(question.options[i] for i in result.response)
