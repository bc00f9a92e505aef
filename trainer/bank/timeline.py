"""When a fact happened, as an interval the source allows, and whether the source decides an order.

Times are naive `datetime`s in the source's own local time (the sources give local times, "10 p.m. local
time"; no zone is ever converted). An interval is half-open, `[start, end)`:

- `YYYY`: the year; `YYYY-MM`: the month; with `part` early/mid/late: days 1-10 / 11-20 / 21-end;
- `YYYY-MM-DD`: the day, `[00:00, 24:00)`;
- with `time`: that minute, `[t, t + 1 min)`; if `approximate`, `[t - 1 h, t + 1 h + 1 min)`;
- with `after = X`: the fact's own interval, from X's *start* on. The fact follows X, but X's exact moment
  is unknown within X's interval, so the later fact may still fall inside it: "later that same day" after
  "around 10 p.m." may be 22:30. `compare` knows such a fact follows X (and whatever X follows) directly.

`compare` answers only what the source decides: -1 or 1 when the intervals do not overlap (or one fact is
declared `after` the other), None otherwise ("12 February" twice; a day against a time on that day).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from trainer.bank.vocabulary import month_name

if TYPE_CHECKING:
    from trainer.bank.shapes import Fact, When

_PART_DAYS = {"early": (1, 11), "mid": (11, 21)}
_MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)
_SLACK = timedelta(hours=1)
_NO_CHAIN: frozenset[str] = frozenset()


class TimelineError(ValueError):
    """A fact's time cannot be placed: fields that contradict, or an `after` that leads nowhere."""


def _next_month(year: int, month: int) -> datetime:
    return datetime(year + month // 12, month % 12 + 1, 1)


def own_interval(when: When) -> tuple[datetime, datetime]:
    """The interval `when` gives on its own, without its `after`."""
    return _own_interval(when.date, when.part, when.time, when.approximate)


@lru_cache(maxsize=65536)
def _own_interval(
    date: str, part: str | None, time: str | None, approximate: bool
) -> tuple[datetime, datetime]:
    """`own_interval` by the fields that make it: validation and generation each place every fact of a
    bank, and a fact's `after` chain places the facts before it again."""
    fields = date.count("-")  # 0 year, 1 month, 2 day
    try:
        if fields == 0:
            if part or time:
                raise TimelineError("`part` and `time` need a month or a day, not a year")
            year = int(date)
            return datetime(year, 1, 1), datetime(year + 1, 1, 1)
        if fields == 1:
            year, month = map(int, date.split("-"))
            if time:
                raise TimelineError("`time` needs a day (YYYY-MM-DD), not a month")
            if part == "late":
                return datetime(year, month, 21), _next_month(year, month)
            if part:
                first, stop = _PART_DAYS[part]
                return datetime(year, month, first), datetime(year, month, stop)
            return datetime(year, month, 1), _next_month(year, month)
        t = _moment(date, time)
    except ValueError as exc:
        if isinstance(exc, TimelineError):
            raise
        raise TimelineError(f"no such date: {date}") from None
    if part:
        raise TimelineError("`part` (early/mid/late) is for a month (YYYY-MM), not a day")
    if not time:
        return t, t + _DAY
    if approximate:
        return t - _SLACK, t + _SLACK + _MINUTE
    return t, t + _MINUTE


def _moment(date: str, time: str | None) -> datetime:
    """The day `YYYY-MM-DD`, at `time` (`HH:MM`) if given; ValueError if there is no such day.
    `fromisoformat` reads both at once; what it cannot read (digits other than ASCII, which the schema's `\\d` lets through) goes the long way."""
    try:
        return datetime.fromisoformat(f"{date}T{time}" if time else date)
    except ValueError:
        year, month, day_of_month = map(int, date.split("-"))
        day = datetime(year, month, day_of_month)
        if not time:
            return day
        hour, minute = map(int, time.split(":"))
        return day.replace(hour=hour, minute=minute)


class Timeline:
    """The facts of one bank, with each fact's interval and `after` chain worked out once: generation
    compares thousands of pairs."""

    def __init__(self, facts_by_id: Mapping[str, Fact]) -> None:
        self.facts_by_id = facts_by_id
        self._placed: dict[str, tuple[datetime, datetime, frozenset[str]]] = {}

    def interval(self, fact: Fact) -> tuple[datetime, datetime]:
        """See the module's notes. Raises `TimelineError` if the fact's time cannot be placed."""
        start, end, _ = self._place(fact)
        return start, end

    def _place(self, fact: Fact) -> tuple[datetime, datetime, frozenset[str]]:
        """The fact's interval, and the ids of the facts it is declared `after` (directly or in a chain).
        Each field is read once: reading a pydantic model's attribute is not cheap."""
        fact_id = fact.id
        placed = self._placed.get(fact_id)
        if placed is not None:
            return placed
        when = fact.when
        if when is None:
            raise TimelineError(f"fact {fact_id!r} has no `when`")
        if when.after is None:  # most facts: their own interval, nothing to follow
            start, end = _own_interval(when.date, when.part, when.time, when.approximate)
            placed = self._placed[fact_id] = (start, end, _NO_CHAIN)
            return placed
        chain: list[Fact] = []
        current = fact
        while current.when is not None and current.when.after is not None:
            target = self.facts_by_id.get(current.when.after)
            if target is None:
                raise TimelineError(f"`after` names {current.when.after!r}, which is not a fact of this bank")
            if target.id == fact.id or any(f.id == target.id for f in chain):
                raise TimelineError(f"`after` goes round in a circle through {target.id!r}")
            if target.when is None:
                raise TimelineError(f"`after` names {target.id!r}, which has no `when`")
            chain.append(target)
            current = target
        start, end = own_interval(when)
        for earlier in chain:
            assert earlier.when is not None  # checked as the chain was followed
            start = max(start, own_interval(earlier.when)[0])
        if start >= end:
            raise TimelineError(f"fact {fact.id!r} is `after` a fact that starts after its own {when.date}")
        placed = self._placed[fact.id] = (start, end, frozenset(f.id for f in chain))
        return placed

    def compare(self, a: Fact, b: Fact) -> int | None:
        """-1 if the source puts `a` before `b`, 1 if after, None if it leaves the order open."""
        # The lookup inlined, each id read once: timeline grouping compares tens of thousands of pairs.
        a_id, b_id = a.id, b.id
        a_start, a_end, a_after = self._placed.get(a_id) or self._place(a)
        b_start, b_end, b_after = self._placed.get(b_id) or self._place(b)
        if b_id in a_after:  # never `a` itself: a chain through itself is refused
            return 1
        if a_id in b_after:
            return -1
        if a_end <= b_start:
            return -1
        if b_end <= a_start:
            return 1
        return None


def interval(fact: Fact, facts_by_id: Mapping[str, Fact]) -> tuple[datetime, datetime]:
    """`[start, end)` of the time the source allows for `fact` (see the module's notes). Raises
    `TimelineError` if the fact has no `when` or its time cannot be placed."""
    return Timeline(facts_by_id).interval(fact)


def compare(a: Fact, b: Fact, facts_by_id: Mapping[str, Fact]) -> int | None:
    """-1 if the source puts `a` before `b`, 1 if after, None if it leaves the order open."""
    return Timeline(facts_by_id).compare(a, b)


@lru_cache(maxsize=65536)
def _date_label(date: str, part: str | None) -> str:
    """Cached by the fields that make it: a fact shows its date in each ordering question it is in."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = month_name(parts[1])
    if len(parts) == 2:
        return f"{part}-{month} {parts[0]}" if part else f"{month} {parts[0]}"
    return f"{parts[2]} {month} {parts[0]}"


def label(when: When) -> str:
    """How the time is shown: the teacher's `label`, else "mid-January 2018", "7 February 2018, around
    22:00", "7 February 2018 (later)"."""
    if when.label:
        return when.label
    text = _date_label(when.date, when.part)
    if when.time:
        text += f", {'around ' if when.approximate else ''}{when.time}"
    if when.after:
        text += " (later)"
    return text
