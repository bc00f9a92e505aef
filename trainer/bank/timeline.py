"""When a fact happened, as an interval the source allows, and whether the source decides an order.

Times are minutes on one calendar (`trainer.bank.calendar`: BC years, and no overflow at 9999) in the
source's own local time (the sources give local times, "10 p.m. local time"; no zone is ever converted).
An interval is half-open, `[start, end)`:

- `date`: any form `calendar.parse` reads (a year, month, day, "3500 BC", "1760s", "late 18th century",
  "1022–1063", "before AD 220", ...); with `part` early/mid/late, a month's days 1-10 / 11-20 / 21-end;
- with `time`: that minute, `[t, t + 1 min)`;
- if `approximate` (or the date says "c."): widened by `margin` on each side, by default
  `calendar.DEFAULT_MARGIN` of the date's precision (an hour for a time of day, five years for a year);
- with `after = X`: the fact's own interval, from X's *start* on. The fact follows X, but X's exact moment
  is unknown within X's interval, so the later fact may still fall inside it: "later that same day" after
  "around 10 p.m." may be 22:30. `compare` knows such a fact follows X (and whatever X follows) directly.
  With an `offset` ("6 days"), X's interval moved on by it (and cut to the fact's own `date`, if any).

`compare` answers only what the source decides: -1 or 1 when the intervals do not overlap (or one fact is
declared `after` the other), None otherwise ("12 February" twice; a day against a time on that day).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from trainer.bank import calendar
from trainer.bank.calendar import NEVER_AFTER, NEVER_BEFORE

if TYPE_CHECKING:
    from trainer.bank.shapes import Fact, When

_PART_DAYS = {"early": (1, 11), "mid": (11, 21)}
_DAY = calendar.MINUTES_PER_DAY


class TimelineError(ValueError):
    """A fact's time cannot be placed: fields that contradict, or an `after` that leads nowhere."""


def own_interval(when: When) -> tuple[int, int]:
    """The interval `when` gives on its own, without its `after`."""
    return _own_interval(when.date, when.part, when.time, when.approximate, when.margin)


def _widen(start: int, end: int, margin: int) -> tuple[int, int]:
    """An open side stays open."""
    return (
        start if start <= NEVER_BEFORE else start - margin,
        end if end >= NEVER_AFTER else end + margin,
    )


def _margin(margin: str | None, precision: str) -> int:
    return calendar.duration(margin or calendar.DEFAULT_MARGIN[precision])[1]


@lru_cache(maxsize=65536)
def _own_interval(
    date: str | None, part: str | None, time: str | None, approximate: bool, margin: str | None
) -> tuple[int, int]:
    """`own_interval` by the fields that make it: validation and generation each place every fact of a
    bank."""
    if date is None:  # only with `after`: anywhere after the fact it follows
        if part or time:
            raise TimelineError("`part` and `time` need a `date`")
        return NEVER_BEFORE, NEVER_AFTER
    try:
        span = calendar.parse(date)
        precision = span.precision
        if part and precision != "month":
            if precision == "year":
                raise TimelineError("`part` and `time` need a month or a day, not a year")
            if precision == "day":
                raise TimelineError("`part` (early/mid/late) is for a month (YYYY-MM), not a day")
            raise TimelineError(
                f"`part` (early/mid/late) is for a month (YYYY-MM); for a {precision} write it in the date, "
                'e.g. "late 18th century"'
            )
        if time and precision != "day":
            if precision == "year":
                raise TimelineError("`part` and `time` need a month or a day, not a year")
            raise TimelineError(f"`time` needs a day (YYYY-MM-DD), not a {precision}")
        approximate = approximate or span.approximate
        if time:
            hour, minute = map(int, time.split(":"))
            t = span.start + hour * 60 + minute
            if approximate:
                return _widen(t, t + 1, _margin(margin, "time"))
            return t, t + 1
        start, end = span.start, span.end
        if part == "late":
            start += 20 * _DAY
        elif part:
            first, stop = _PART_DAYS[part]
            start, end = start + (first - 1) * _DAY, start + (stop - 1) * _DAY
        if approximate:
            return _widen(start, end, _margin(margin, precision))
        return start, end
    except (calendar.DateError, ValueError) as exc:
        if isinstance(exc, TimelineError):
            raise
        raise TimelineError(str(exc)) from None


class Timeline:
    """The facts of one bank, with each fact's interval and `after` link worked out once: generation
    compares thousands of pairs. Each fact is placed once, after the fact it follows, so a chain of any
    length costs time in proportion to its length."""

    def __init__(self, facts_by_id: Mapping[str, Fact]) -> None:
        self.facts_by_id = facts_by_id
        self._placed: dict[str, tuple[int, int, str | None]] = {}
        self._tour: dict[str, tuple[int, int]] | None = None

    def interval(self, fact: Fact) -> tuple[int, int]:
        """See the module's notes. Raises `TimelineError` if the fact's time cannot be placed."""
        start, end, _ = self._place(fact)
        return start, end

    def _place(self, fact: Fact) -> tuple[int, int, str | None]:
        """The fact's interval, and the id of the fact it is declared `after`. The facts of its chain not
        yet placed are gathered walking back, then placed walking forward: no recursion, each fact once.
        Each field is read once: reading a pydantic model's attribute is not cheap."""
        placed = self._placed.get(fact.id)
        if placed is not None:
            return placed
        when = fact.when
        if when is None:
            raise TimelineError(f"fact {fact.id!r} has no `when`")
        if when.after is None:  # most facts: their own interval, nothing to follow
            start, end = own_interval(when)
            placed = self._placed[fact.id] = (start, end, None)
            return placed
        chain: list[Fact] = []  # the facts to place, latest first
        walked: set[str] = set()
        current = fact
        while True:
            when = current.when
            if current.id in self._placed or when is None or when.after is None:
                break
            chain.append(current)
            walked.add(current.id)
            target = self.facts_by_id.get(when.after)
            if target is None:
                raise TimelineError(f"`after` names {when.after!r}, which is not a fact of this bank")
            if target.id in walked:
                raise TimelineError(f"`after` goes round in a circle through {target.id!r}")
            if target.when is None:
                raise TimelineError(f"`after` names {target.id!r}, which has no `when`")
            current = target
        for later in reversed(chain):
            self._place_after(later)
        return self._placed[fact.id]

    def _place_after(self, fact: Fact) -> None:
        when = fact.when
        assert when is not None and when.after is not None
        target_start, target_end, _ = self._place(self.facts_by_id[when.after])
        start, end = own_interval(when)
        if when.offset:
            fewest, most = calendar.duration(when.offset)
            start, end = max(start, target_start + fewest), min(end, target_end + most)
            if start >= end:
                raise TimelineError(
                    f"fact {fact.id!r}: {when.offset} after `{when.after}` falls outside its own {when.date}"
                )
        else:
            start = max(start, target_start)
            if start >= end:
                raise TimelineError(
                    f"fact {fact.id!r} is `after` a fact that starts after its own {when.date}"
                )
        self._placed[fact.id] = (start, end, when.after)

    def _follows(self) -> dict[str, tuple[int, int]]:
        """Each linked fact's entry and exit on a walk of the `after` forest: a fact follows another
        (directly or through a chain) iff its span of the walk lies inside the other's."""
        if self._tour is not None:
            return self._tour
        children: dict[str, list[str]] = {}
        linked: set[str] = set()
        for fact_id, fact in self.facts_by_id.items():
            after = fact.when.after if fact.when is not None else None
            if after is not None and after in self.facts_by_id:
                children.setdefault(after, []).append(fact_id)
                linked.add(fact_id)
        tour: dict[str, tuple[int, int]] = {}
        clock = 0
        for root in children:
            if root in linked:
                continue  # not a root (or on a circle, which is never placed)
            entered = {root: clock}
            stack = [(root, iter(children.get(root, ())))]
            while stack:
                node, pending = stack[-1]
                child = next(pending, None)
                clock += 1
                if child is None:
                    tour[node] = (entered[node], clock)
                    stack.pop()
                else:
                    entered[child] = clock
                    stack.append((child, iter(children.get(child, ()))))
        self._tour = tour
        return tour

    def _is_after(self, later: str, earlier: str) -> bool:
        tour = self._follows()
        inner, outer = tour.get(later), tour.get(earlier)
        return inner is not None and outer is not None and outer[0] < inner[0] and inner[1] <= outer[1]

    def compare(self, a: Fact, b: Fact) -> int | None:
        """-1 if the source puts `a` before `b`, 1 if after, None if it leaves the order open."""
        # The lookup inlined, each id read once: timeline grouping compares tens of thousands of pairs.
        a_id, b_id = a.id, b.id
        a_start, a_end, a_after = self._placed.get(a_id) or self._place(a)
        b_start, b_end, b_after = self._placed.get(b_id) or self._place(b)
        if a_after is not None or b_after is not None:
            if a_after is not None and self._is_after(a_id, b_id):
                return 1
            if b_after is not None and self._is_after(b_id, a_id):
                return -1
        if a_end <= b_start:
            return -1
        if b_end <= a_start:
            return 1
        return None


def interval(fact: Fact, facts_by_id: Mapping[str, Fact]) -> tuple[int, int]:
    """`[start, end)` of the time the source allows for `fact`, in `calendar` minutes (see the module's
    notes). Raises `TimelineError` if the fact has no `when` or its time cannot be placed."""
    return Timeline(facts_by_id).interval(fact)


def compare(a: Fact, b: Fact, facts_by_id: Mapping[str, Fact]) -> int | None:
    """-1 if the source puts `a` before `b`, 1 if after, None if it leaves the order open."""
    return Timeline(facts_by_id).compare(a, b)


def year(when: When) -> int | None:
    """The (astronomical) year a `when` begins in, if its date gives one."""
    if when.date is None:
        return None
    try:
        start = calendar.parse(when.date).start
    except calendar.DateError:
        return None
    return None if start <= NEVER_BEFORE else calendar.year_of(start)


@lru_cache(maxsize=65536)
def _date_label(date: str, part: str | None) -> str:
    """Cached by the fields that make it: a fact shows its date in each ordering question it is in. An ISO
    date is spelled out; any other form is shown as the teacher wrote it."""
    if not date[:4].isdigit() or not all(p.isdigit() for p in date.split("-")):
        return " ".join(date.split())
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = calendar.MONTHS[parts[1] - 1]
    if len(parts) == 2:
        return f"{part}-{month} {parts[0]}" if part else f"{month} {parts[0]}"
    return f"{parts[2]} {month} {parts[0]}"


def label(when: When) -> str:
    """How the time is shown: the teacher's `label`, else "mid-January 2018", "7 February 2018, around
    22:00", "7 February 2018 (later)", "c. 1450", "6 days later"."""
    if when.label:
        return when.label
    later = f"{when.offset} later" if when.offset else "later"
    if when.date is None:
        return later
    text = _date_label(when.date, when.part)
    if when.time:
        text += f", {'around ' if when.approximate else ''}{when.time}"
    elif when.approximate and text[:1].isdigit():
        text = f"c. {text}"
    if when.after:
        text += f" ({later})"
    return text
