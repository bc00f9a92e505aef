"""The study engine both front ends drive: what to ask, in what order, and what each answer does.

A session is planned once, when it starts: due reviews first (least likely to be recalled first), then new
items, round-robin over the banks, each bank's new items interleaved across forms (`interleave`), up to each
bank's daily new-item limit (counted per local study day), until the session length is reached. Only the
picked questions are built, so planning stays fast on large banks. Within a study day no question repeats or
reveals another (`siblings`): one that would waits for a later day.

A missed question comes back `REQUEUE_GAP` questions later with its options in a new order (`reshuffle`), at
most `MAX_RETRIES` times per session; the re-ask is a review like any other (FSRS sees the item in its
learning or relearning step).

Practice (`practice=True`) asks items already studied, weakest first (`weakness`), whether due or not. Its
answers are kept in the history, marked as practice, but leave every schedule as it was: FSRS models memory
from reviews at the intervals it chose, and extra answers a few minutes apart would tell it the item is
better known than it is, pushing its next review too far out. Its siblings are kept apart within the
practice session only, so that the day's misses can be practised.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from trainer.bank.loaded import LoadedBank
from trainer.progress.model import Flag, Review
from trainer.questions.generate import build_question, candidate_keys
from trainer.questions.grading import grade
from trainer.questions.model import Form, Grade, ItemKey, Question
from trainer.questions.typed import can_type, grade_typed
from trainer.study.clock import DAY_START_HOUR, day_bounds, study_day, utc_now
from trainer.study.flags import digest
from trainer.study.interleave import ORDER_EVERY, ORDER_FORMS, interleaved
from trainer.study.reshuffle import reshuffled
from trainer.study.scheduling import DEFAULT_RETENTION, Scheduling, rating_for
from trainer.study.siblings import DayRecord
from trainer.study.weakness import weakness

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
    typed: str | None = None
    """What the learner typed, for a typed answer (`answer_typed`); `grade.close` says if it was a slip."""


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
    flagged: Flag | None = None
    """Set when the step undone is a flag, not an answer."""


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
        tags: Collection[str] = (),
        practice: bool = False,
        extra_new: int = 0,
    ) -> None:
        """`now`: a fixed time (the clock then advances by each answer's duration, so a replay with `--now`
        is realistic and deterministic), a callable, or None for the real clock. `tz`: the zone study days
        are counted in (default: the system's). `tags`: only questions on facts with one of these tags.
        `practice`: studied items, weakest first, without moving their schedules. `extra_new`: new items
        per bank beyond what is left of today's limit."""
        if limit < 0:
            raise ValueError(f"session length must be 0 or more, not {limit}")
        if new_per_day is not None and new_per_day < 0:
            raise ValueError(f"new items per day must be 0 or more, not {new_per_day}")
        if extra_new < 0:
            raise ValueError(f"extra new items must be 0 or more, not {extra_new}")
        self.store = store
        self.tags = frozenset(tags)
        self.practice = practice
        self._extra_new = extra_new
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
        self._bank_ids = frozenset(unique)
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
        day = DayRecord() if self.practice else self._today(now, by_id)
        taken: set[ItemKey] = set()

        def take(key: ItemKey, bank: LoadedBank) -> bool:
            question = build_question(bank, key, self.seed)
            if (
                question is None
                or self.flagged(question)
                or not self._tagged(bank, question.facts)
                or day.clash(question)
            ):
                return False
            plan.append(_Entry(bank, question))
            day.add(question)
            taken.add(key)
            return True

        if self.practice:
            weakest = sorted(
                (weakness(p.lapses, p.card.stability, p.correct, p.reviews), i, key)
                for i, (key, p) in enumerate(items.items())
                if key.bank in by_id and self._may_be_tagged(by_id[key.bank], key)
            )
            for *_, key in weakest:
                if len(plan) >= limit:
                    break
                take(key, by_id[key.bank])
            return plan

        # Due reviews, least likely recalled first (ties in file order). A stored key the bank no longer
        # yields builds to None and is skipped; its history stays in the file.
        due = [
            (self.scheduling.retrievability(p.card, now), i, key)
            for i, (key, p) in enumerate(items.items())
            if p.card.due <= now and key.bank in by_id and self._may_be_tagged(by_id[key.bank], key)
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
            + self._extra_new
            for bank in banks
        }
        turns = [bank for bank in banks if quota[bank.id] > 0]
        ranks: dict[ItemKey, int] = {}
        # Each bank's share of the session's new items: one ordering in `ORDER_EVERY` of it is offered first.
        share = max(1, (limit - len(plan)) // max(1, len(turns)))
        fresh = {bank.id: self._new_keys(bank, min(share, quota[bank.id]), ranks, taken) for bank in banks}
        first_new = len(plan)
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
        # Each bank's new items in its interleaved order, whatever order they were taken in; the banks' turns
        # stay as they were.
        for bank in banks:
            places = [i for i in range(first_new, len(plan)) if plan[i].bank is bank]
            ordered = sorted((plan[i] for i in places), key=lambda entry: ranks[entry.question.key])
            for i, entry in zip(places, ordered, strict=True):
                plan[i] = entry
        if len(plan) > 1 and plan[0].question.kind == "order" and plan[1].question.kind == "choice":
            # Open with the quicker kind. Still apart: the fact and quote rules are symmetric, and an
            # ordering has no answer for the choice question to give away.
            plan[0], plan[1] = plan[1], plan[0]
        return plan

    def _tagged(self, bank: LoadedBank, fact_ids: Collection[str]) -> bool:
        """Is a question on these facts in the session's tags (always, with no tags given)?"""
        if not self.tags:
            return True
        facts = bank.facts_by_id
        return any(not self.tags.isdisjoint(facts[f].tags) for f in fact_ids if f in facts)

    def _may_be_tagged(self, bank: LoadedBank, key: ItemKey) -> bool:
        """A cheap first look before building: a fact's own question is known by its fact's tags; for the
        others (orderings, hand-written ones) the built question's facts decide."""
        return key.form not in ("choice", "reverse") or self._tagged(bank, (key.fact,))

    def _new_keys(
        self, bank: LoadedBank, room: int, ranks: dict[ItemKey, int], taken: Collection[ItemKey]
    ) -> Iterator[ItemKey]:
        """The bank's keys never studied, interleaved across forms (each one's place kept in `ranks`).
        Orderings are offered first, until one in `ORDER_EVERY` of the session's `room` is `taken`: an
        ordering and a choice question on one of its facts cannot share a day, and it is the choice
        question, of which a bank has many, that should wait."""
        items = self.store.items
        unseen = [key for key in candidate_keys(bank) if key not in items]
        order = [key for key in interleaved(unseen, self.seed) if self._may_be_tagged(bank, key)]
        ranks.update((key, i) for i, key in enumerate(order))
        wanted = max(1, room // ORDER_EVERY)
        offered: set[ItemKey] = set()
        got = 0
        for key in order:
            if key.form in ORDER_FORMS:
                if got >= wanted:
                    break
                offered.add(key)
                yield key
                got += key in taken  # the caller has tried it by the time it asks for the next
        yield from (key for key in order if key not in offered)

    def _today(self, now: datetime, by_id: dict[str, LoadedBank]) -> DayRecord:
        """What the learner met earlier in the current study day (practice aside), rebuilt from the history
        with the seed each was shown with (this session's, for reviews from before seeds were kept)."""
        day = DayRecord()
        start, end = self._day(now)
        if not any(p.last_review and p.last_review >= start for p in self.store.items.values()):
            return day
        met: dict[ItemKey, int] = {}
        for review in self.store.reviews(since=start):
            if start <= review.time < end and not review.practice and review.key.bank in by_id:
                met.setdefault(review.key, self.seed if review.seed is None else review.seed)
        for key, seed in met.items():
            if (question := build_question(by_id[key.bank], key, seed)) is not None:
                day.add(question)
        return day

    def _day(self, now: datetime) -> tuple[datetime, datetime]:
        return day_bounds(study_day(now, self._day_start_hour, self._tz), self._day_start_hour, self._tz)

    def _introduced_today(self, now: datetime) -> Counter[str]:
        """Per bank, the items first reviewed in the current study day."""
        start, end = self._day(now)
        items = self.store.items
        # The history may live in archived parts: read it only when something was reviewed today.
        if not any(p.last_review and p.last_review >= start for p in items.values()):
            return Counter()
        today: Counter[ItemKey] = Counter()
        for review in self.store.reviews(since=start):
            # A replay with an earlier --now may find "future" reviews.
            if review.time < end and not review.practice:
                today[review.key] += 1
        # First reviewed today = every review of it was today.
        return Counter(key.bank for key, n in today.items() if key in items and items[key].reviews == n)

    # Answering

    def answer(self, response: int | Sequence[int], duration_ms: int) -> Feedback:
        """Grade the current question, schedule it, record it durably, and move on.

        Raises ValueError for a response that does not fit the question (front ends check first)."""
        entry = self._entry()
        result = grade(entry.question, response)
        return self._finish(entry, result, _response_text(entry.question, result), duration_ms)

    def typable(self) -> bool:
        """Is the current question one to answer by typing, where the learner asks for typed answers? A
        short multiple-choice answer (`can_type`) of an item the learner has picked right at least once:
        recall is asked of what recognition has begun to hold, so a new item is first met with its options."""
        question = self.current
        if question is None or not can_type(question):
            return False
        item = self.store.items.get(question.key)
        return item is not None and item.correct > 0

    def answer_typed(self, text: str, duration_ms: int) -> Feedback:
        """Grade `text` typed as the answer to the current (multiple-choice) question, as `answer` does a
        pick; a slip of the right answer is wrong but rated Hard. ValueError if it has options only."""
        entry = self._entry()
        question = entry.question
        fact = entry.bank.fact(question.facts[0]) if question.key.form == Form.CHOICE else None
        typed = grade_typed(question, text, tuple(fact.also_right) if fact is not None else ())
        return self._finish(entry, typed.grade, f"typed: {text}", duration_ms, typed=text)

    def _entry(self) -> _Entry:
        if not self._queue:
            raise RuntimeError("the session is over")
        return self._queue[0]

    def _finish(
        self, entry: _Entry, result: Grade, response: str, duration_ms: int, typed: str | None = None
    ) -> Feedback:
        question = entry.question
        rating = rating_for(result)
        when = self.now()
        item = self.store.items.get(question.key)
        practice = self.practice and item is not None
        before = item.card if item is not None else None
        after = before if practice and before is not None else self.scheduling.review(before, rating, when)
        self.store.record(
            Review(
                time=when,
                key=question.key,
                rating=int(rating),
                correct=result.correct,
                score=result.score,
                response=response,
                duration_ms=max(0, int(duration_ms)),
                after=after,
                practice=practice,
                seed=self.seed,
            )
        )
        # On disk: only now does the session move on, so a failed write leaves it where it was.
        self._undo.append(_Snapshot(tuple(self._queue), tuple(self._results), self._elapsed_ms))
        self._elapsed_ms += max(0, int(duration_ms))
        self._queue.pop(0)
        self._results.append(_Result(question, result))
        if not result.correct and entry.retries < MAX_RETRIES:
            again = reshuffled(question, f"{self.seed}:again:{entry.retries + 1}:{question.key}")
            self._queue.insert(
                min(REQUEUE_GAP, len(self._queue)), _Entry(entry.bank, again, entry.retries + 1)
            )
        return Feedback(question, result, int(rating), after.due, typed)

    def flagged(self, question: Question) -> bool:
        """Has the learner flagged this question as wrong, as the bank now words it?"""
        flag = self.store.flags.get(question.key)
        return flag is not None and flag.digest == digest(question)

    def flag(self, question: Question, note: str = "") -> Flag:
        """Flag `question` as wrong (durably): it leaves this session and is not asked again until the bank
        changes it. `undo()` lifts it."""
        flag = Flag(question.key, digest(question), self.now(), note.strip(), question.prompt)
        self.store.flag(flag)
        self._undo.append(_Snapshot(tuple(self._queue), tuple(self._results), self._elapsed_ms, flag))
        self._queue = [e for e in self._queue if e.question.key != question.key]
        return flag

    @property
    def undo_lifts_flag(self) -> bool:
        """Is the step `undo()` would take back a flag (rather than an answer)?"""
        return bool(self._undo) and self._undo[-1].flagged is not None

    def undo(self) -> bool:
        """Take the last step back: an answer (its review leaves the file and its question is current
        again) or a flag (lifted, and its question back where it was)."""
        if not self._undo:
            return False
        flagged = self._undo[-1].flagged
        if flagged is not None:
            self.store.unflag(flagged.key)
        elif self.store.undo_last() is None:
            return False
        snapshot = self._undo.pop()
        self._queue = list(snapshot.queue)
        self._results = list(snapshot.results)
        self._elapsed_ms = snapshot.elapsed_ms
        return True

    def next_due(self) -> datetime | None:
        """When the soonest item of this session's banks falls due after now; None when none will."""
        now, banks = self.now(), self._bank_ids
        return min(
            (p.card.due for key, p in self.store.items.items() if key.bank in banks and p.card.due > now),
            default=None,
        )

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
