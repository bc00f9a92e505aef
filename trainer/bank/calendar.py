"""The forms a `when.date` can take, each read as the span of time it allows, in whole minutes on one
proleptic Gregorian calendar with astronomical years (1 BC is year 0, 3500 BC is year -3499).

Minutes are plain integers rather than `datetime`s: a `datetime` has no year before AD 1 and overflows one
minute past 9999-12-31 23:59, and both are dates a bank may write. A span is half-open, `[start, end)`;
an open side ("before AD 220") reaches `NEVER_BEFORE` or `NEVER_AFTER`.

The forms, as a teacher writes them (case and spaces aside):

- `1781`, `2012-08`, `1969-07-20`: a year, month or day (four-digit years, AD);
- `3500 BC`, `753 BCE`, `AD 105`, `105 CE`, `15 March 44 BC`, `March 44 BC`: years with their era;
- `1760s`, `320s BC`, `early 1760s`: a decade (early/mid/late: its first, middle or last four years);
- `18th century`, `late 18th century`, `5th century BC`, `4th millennium BC`: the years of a century or
  millennium, both counts of its boundary taken (1700 to 1800 for the 18th century); early/mid/late are
  its first, middle and last two-fifths, so a mid part overlaps both others;
- `c. 1450`, `circa 1450`, `about 1450`, `around 1450`: approximate (see `when.margin`);
- `1022–1063`, `1022 to 1063`, `264–241 BC`: a range or a reign, from the start of one to the end of the
  other (an era written once, at the end, counts for both);
- `before AD 220`, `by 1455`, `after 1066`, `from 1830 onwards`, `since 1830`: open on one side (before
  the year begins; by its end; after it; from its start);
- `late 1816`: a part of a year, as of a decade.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from trainer.bank import vocabulary

MINUTES_PER_DAY = 1440
NEVER_BEFORE = -(10**15)
NEVER_AFTER = 10**15

MONTHS = tuple(name.title() for name in vocabulary.FULL_MONTHS)
_MONTH_NUMBER = vocabulary.MONTH_NUMBERS
_UNIT_DAYS = {  # a duration unit as the days it may span: (fewest, most)
    "minute": (1 / MINUTES_PER_DAY, 1 / MINUTES_PER_DAY),
    "hour": (1 / 24, 1 / 24),
    "day": (1, 1),
    "week": (7, 7),
    "month": (28, 31),
    "year": (365, 366),
    "decade": (3652, 3653),
    "century": (36524, 36525),
}
_NUMBER_WORDS = {"a": 1, "an": 1} | {word: n for word, n in vocabulary.NUMBER_WORDS.items() if 1 <= n <= 12}

BC_HINT = 'a year before AD 1 is written with its era: date = "3500 BC" (or "3500 BCE")'
FORMS_HINT = (
    'date must be YYYY, YYYY-MM or YYYY-MM-DD, or a historical form such as "3500 BC", "AD 105", '
    '"15 March 44 BC", "c. 1450", "1760s", "late 18th century", "5th century BC", "1022–1063" or '
    '"before AD 220"'
)


class DateError(ValueError):
    """A `date` this module cannot read, with a message that says what to write."""


class Span(NamedTuple):
    start: int
    end: int
    precision: str
    """"day", "month", "year", "decade", "century", "millennium", "range" or "bound": what `part`,
    `time` and the default margin go by."""
    approximate: bool
    """The text itself says so ("c. 1450")."""


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date, any astronomical year (H. Hinnant's method)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def minute(year: int, month: int = 1, day: int = 1, hour: int = 0, minutes: int = 0) -> int:
    """The minute number of a moment; DateError if there is no such day."""
    if not 1 <= month <= 12 or not 1 <= day <= month_days(year, month):
        raise DateError("no such day")
    return days_from_civil(year, month, day) * MINUTES_PER_DAY + hour * 60 + minutes


def year_of(moment: int) -> int:
    """The astronomical year a minute falls in."""
    days = moment // MINUTES_PER_DAY + 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    month_index = (5 * doy + 2) // 153
    return yoe + era * 400 + (month_index >= 10)


def _years(first: int, last: int) -> tuple[int, int]:
    """From the start of year `first` to the end of year `last` (astronomical)."""
    return minute(first), minute(last + 1)


def _era_year(number: int, era: str | None) -> int:
    if number == 0:
        raise DateError("there is no year 0: 1 BC is followed by AD 1")
    return 1 - number if era in ("bc", "bce") else number


_ERA = r"(?:\s*(?P<era>bce|bc|ad|ce)\b)?"
_PART = r"(?:the\s+)?(?:(?P<part>early|mid|late)[-\s]+)?"
_ORDINAL = r"(?P<n>\d{1,2})(?:st|nd|rd|th)"
_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_POINT_FORMS = (
    ("iso", re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")),
    ("part", re.compile(r"(?P<part>early|mid|late)[-\s]+(?:ad\s*)?(?P<y>\d{1,4})" + _ERA)),
    ("year", re.compile(r"(?:ad\s*)?(?P<y>\d{1,4})" + _ERA)),
    ("dmy", re.compile(r"(?:(?P<d>\d{1,2})\s+)?(?P<mon>[a-z]+)\.?,?\s+(?:ad\s*)?(?P<y>\d{1,4})" + _ERA)),
    ("decade", re.compile(_PART + r"(?:the\s+)?(?P<y>\d{0,3}0)s" + _ERA)),
    ("century", re.compile(_PART + r"(?:the\s+)?" + _ORDINAL + r"\s+(?P<unit>century|millennium)" + _ERA)),
)
_RANGE = re.compile(r"(?P<a>.+?)\s*(?:\u2013|\u2014|\s-\s|\s+to\s+|--)\s*(?P<b>.+)")
_BOUND = re.compile(r"(?P<word>before|by|after)\s+(?P<rest>.+)")
_ONWARDS = re.compile(r"(?:(?:from|since)\s+(?P<a>.+?)(?:\s+onwards?)?|(?P<b>.+?)\s+onwards?)")
_APPROX = re.compile(r"(?:c\.|ca\.|circa|about|around|approximately)\s*(?P<rest>.+)")
_PARTS = {"early": (0.0, 0.4), "mid": (0.3, 0.7), "late": (0.6, 1.0)}


def _point(text: str, era: str | None = None) -> Span:
    """One year, month, day, decade or century. `era`: one written after a range's second end."""
    for form, pattern in _POINT_FORMS:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        groups = m.groupdict()
        written_era = groups.get("era") or era
        if form == "iso":
            year, month, day = int(m["y"]), m["m"], m["d"]
            if day is not None:
                start = minute(year, int(month), int(day))
                return Span(start, start + MINUTES_PER_DAY, "day", False)
            if month is not None:
                month_n = int(month)
                start = minute(year, month_n)
                return Span(start, start + month_days(year, month_n) * MINUTES_PER_DAY, "month", False)
            return Span(*_years(year, year), "year", False)
        if form == "part":  # late 1816
            year = _era_year(int(m["y"]), written_era)
            return _part_of(_years(year, year), m["part"], "year")
        if form == "year":
            year = _era_year(int(m["y"]), written_era)
            return Span(*_years(year, year), "year", False)
        if form == "dmy":
            named = _MONTH_NUMBER.get(m["mon"])
            if named is None:
                continue
            year = _era_year(int(m["y"]), written_era)
            if m["d"] is not None:
                start = minute(year, named, int(m["d"]))
                return Span(start, start + MINUTES_PER_DAY, "day", False)
            start = minute(year, named)
            return Span(start, start + month_days(year, named) * MINUTES_PER_DAY, "month", False)
        if form == "decade":
            first = int(m["y"])
            if written_era in ("bc", "bce"):  # the 320s BC: 329 to 320 BC
                first, last = _era_year(first + 9, "bc"), _era_year(first, "bc") if first else 0
            else:
                first, last = first, first + 9
            return _part_of(_years(first, last), m["part"], "decade")
        n = int(m["n"])
        size = 100 if m["unit"] == "century" else 1000
        if n == 0:
            raise DateError(f"there is no 0th {m['unit']}")
        if written_era in ("bc", "bce"):  # 5th century BC: 500 to 400 BC
            first, last = _era_year(n * size, "bc"), _era_year((n - 1) * size or 1, "bc")
        else:  # 18th century: 1700 (as many count it) to 1800 (as the calendar does)
            first, last = max((n - 1) * size, 1), n * size
        return _part_of(_years(first, last), m["part"], m["unit"])
    raise DateError(FORMS_HINT)


def _part_of(span: tuple[int, int], part: str | None, precision: str) -> Span:
    start, end = span
    if part is None:
        return Span(start, end, precision, False)
    low, high = _PARTS[part]
    length = end - start
    return Span(start + int(length * low), start + int(length * high), precision, False)


@lru_cache(maxsize=65536)
def parse(date: str) -> Span:
    """The span a `when.date` allows; DateError (with what to write) if it is none of the forms."""
    if _ISO.fullmatch(date):  # most dates: no other form need be tried
        try:
            return _point(date)
        except DateError:
            raise DateError(f"no such date: {date}") from None
    text = " ".join(date.lower().split())
    if text.startswith("-") or text.startswith("\u2212"):
        raise DateError(BC_HINT)
    try:
        if m := _APPROX.fullmatch(text):
            inner = parse(m["rest"])
            return inner._replace(approximate=True)
        if m := _BOUND.fullmatch(text):
            point = parse(m["rest"])
            if m["word"] == "before":
                return Span(NEVER_BEFORE, point.start, "bound", point.approximate)
            if m["word"] == "by":
                return Span(NEVER_BEFORE, point.end, "bound", point.approximate)
            return Span(point.end, NEVER_AFTER, "bound", point.approximate)
        if m := _ONWARDS.fullmatch(text):
            point = parse(m["a"] or m["b"])
            return Span(point.start, NEVER_AFTER, "bound", point.approximate)
        if m := _RANGE.fullmatch(text):
            # Either end may be approximate ("465 BC to c. 425 BC"): the whole range is then widened.
            ends = [_APPROX.fullmatch(end) for end in (m["a"], m["b"])]
            first_text, second_text = (
                e["rest"] if e else t for e, t in zip(ends, (m["a"], m["b"]), strict=True)
            )
            second = _point(second_text)
            era = re.search(r"\b(bce|bc|ad|ce)$", second_text)
            first = _point(first_text, era[1] if era else None)
            if first.start >= second.end:
                raise DateError(f"the range {date!r} ends before it begins")
            return Span(first.start, second.end, "range", any(ends))
        return _point(text)
    except DateError as exc:
        if str(exc) == "no such day":
            raise DateError(f"no such date: {date}") from None
        raise


def duration(text: str) -> tuple[int, int]:
    """A duration such as "6 days", "three weeks", "an hour", as the fewest and most minutes it may be
    (a month is 28 to 31 days); DateError if it cannot be read."""
    m = re.fullmatch(r"\s*(\d+|[a-z]+)\s+([a-z]+?)(?:s|ies)?\s*", text.lower())
    if m is not None:
        count_text, unit = m.groups()
        unit = "century" if unit == "centur" else unit
        count: int | None = int(count_text) if count_text.isdigit() else _NUMBER_WORDS.get(count_text)
        if count is not None and unit in _UNIT_DAYS:
            fewest, most = _UNIT_DAYS[unit]
            return round(count * fewest * MINUTES_PER_DAY), round(count * most * MINUTES_PER_DAY)
    raise DateError(
        f'cannot read the duration {text!r}: write a number and a unit, e.g. "6 days", "3 hours", '
        '"10 years" (units: minutes, hours, days, weeks, months, years, decades, centuries)'
    )


DEFAULT_MARGIN = {
    "time": "1 hour",
    "day": "3 days",
    "month": "1 month",
    "year": "5 years",
    "decade": "5 years",
    "range": "5 years",
    "bound": "5 years",
    "century": "25 years",
    "millennium": "100 years",
}
"""How far an approximate time may lie from what it says, unless `when.margin` says otherwise."""
