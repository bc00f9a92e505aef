"""Dates in a sentence, at the precision the text gives them: a day, a month (with early/mid/late), a
year, with "c."/"around" as approximate and a time of day ("10 p.m.", "20:17") on a day. What the bank
format cannot hold yet (a BC year, a decade, a century, a range) is found too, with a note in place of a
`when`, so that it is neither dropped nor written as a wrong value."""

from __future__ import annotations

import datetime
import re
from enum import Enum
from typing import NamedTuple

# The month names answers are compared by: a draft reads dates as the grader does.
from trainer.bank.vocabulary import MONTH as _MONTH
from trainer.bank.vocabulary import MONTH_NUMBERS as _MONTHS

_APPROX = r"(?P<approx>\b(?:c\.|ca\.|circa|around|about|approximately|roughly)\s+)?"
_ERA = r"\s*(?P<era>BCE?|BC|AD|CE)\b"
_DASH = r"\s*[–—-]\s*"

# Most specific first: a span taken by one is not read again by a later one.
_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<year>\d{4})-(?P<mm>\d{2})-(?P<dd>\d{2})\b"),
    (
        "day",
        _APPROX + r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{3,4})\b(?!\s*BC)",
    ),
    (
        "day",
        _APPROX + r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,\s+(?P<year>\d{3,4})\b(?!\s*BC)",
    ),
    ("century", r"\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century(?:" + _ERA + r")?"),
    ("range", r"\b(?P<year>\d{3,4})" + _DASH + r"(?P<end>\d{2,4})(?:" + _ERA + r")?"),
    ("range", r"\b(?P<year>\d{3,4})\s+or\s+(?P<end>\d{3,4})(?:" + _ERA + r")?"),
    ("era", _APPROX + r"\b(?P<year>\d{1,4})" + _ERA),
    ("month", r"(?P<part>\b(?:early|mid|late)[- ])?" + _MONTH + r"\s+(?P<year>\d{3,4})\b(?!\s*BC)"),
    ("decade", r"\b(?:the\s+)?(?P<year>\d{3}0)s\b"),
    (
        "year",
        _APPROX
        + r"(?:(?<=\b[Ii]n )|(?<=\b[Bb]y )|(?<=\b[Ss]ince )|(?<=\b[Uu]ntil )|(?<=\b[Ff]rom )|(?<=\bof )"
        + r"|(?<=\b[Bb]efore )|(?<=\b[Aa]fter )|(?<=\bto )|(?<=\bas )|(?<=\()|(?<=^)"
        + r"|(?<=\bthe )(?=\d{4} [A-Z])|(?<=\bc\. )|(?<=\bca\. )|(?<=\bcirca )|(?<=\baround )|(?<=\babout )|(?<=\bapproximately ))"
        + r"(?P<year>1\d{3}|20\d{2})\b(?![.,]\d|\s*(?:%|per\b))",
    ),
]
_COMPILED = [(shape, re.compile(pattern, re.IGNORECASE)) for shape, pattern in _PATTERNS]
_TIME = re.compile(
    r"(?P<approx>\b(?:around|about|approximately|c\.)\s+)?\b(?:(?P<h12>\d{1,2})(?::(?P<m12>\d{2}))?\s*"
    r"(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b)",
    re.IGNORECASE,
)


class Precision(Enum):
    """How precisely a date is given; the answer kind of a date question, so options share one form."""

    DAY = "date"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"
    """No `when` yet (the format has no decades), but an answer all the same."""
    YEAR_BC = "year-bc"
    """No `when` yet (the format has no BC years), but an answer all the same."""


class DateMention(NamedTuple):
    start: int
    end: int
    text: str
    """As the sentence writes it (the label and the answer)."""
    when: dict[str, object] | None
    """The fact's `when`, or None where the format cannot hold the date yet."""
    precision: Precision | None
    note: str | None
    """Why there is no `when`: what the format would need."""


def find_dates(sentence: str) -> list[DateMention]:
    """Every date in the sentence, in order, none overlapping another."""
    taken: list[tuple[int, int]] = []
    found = []
    for shape, pattern in _COMPILED:
        for m in pattern.finditer(sentence):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            mention = _mention(shape, m)
            if mention is not None or shape in ("iso", "day"):  # "31 February 1999" is no February either
                taken.append((m.start(), m.end()))
            if mention is not None:
                found.append(mention)
    found.sort()
    return _with_time(sentence, found)


def _mention(shape: str, m: re.Match[str]) -> DateMention | None:
    groups = m.groupdict()
    text = m.group().strip()
    approximate = bool(groups.get("approx"))
    when: dict[str, object] = {}
    if shape == "iso":
        when["date"] = m.group()
        precision = Precision.DAY
    elif shape == "day":
        when["date"] = (
            f"{int(groups['year']):04d}-{_MONTHS[groups['month'].lower()]:02d}-{int(groups['day']):02d}"
        )
        precision = Precision.DAY
    elif shape == "month":
        when["date"] = f"{int(groups['year']):04d}-{_MONTHS[groups['month'].lower()]:02d}"
        if groups.get("part"):
            when["part"] = groups["part"][:-1].lower()
        precision = Precision.MONTH
    elif shape == "year":
        when["date"] = f"{int(groups['year']):04d}"
        precision = Precision.YEAR
    else:
        return _unheld(shape, m, text)
    if precision is Precision.DAY and not _real_day(str(when["date"])):
        return None
    if approximate:
        when["approximate"] = True
    if precision is not Precision.YEAR or approximate:
        when["label"] = text
    return DateMention(m.start(), m.end(), text, when, precision, None)


def _unheld(shape: str, m: re.Match[str], text: str) -> DateMention | None:
    era = (m.groupdict().get("era") or "").upper()
    if shape == "era" and era in ("AD", "CE"):
        return None
    notes = {
        "era": "a BC year",
        "century": "a century",
        "decade": "a decade",
        "range": "a range of years",
    }
    note = notes[shape] + (" BC" if shape in ("century", "range") and era.startswith("BC") else "")
    precision = {"era": Precision.YEAR_BC, "decade": Precision.DECADE}.get(shape)
    return DateMention(m.start(), m.end(), text, None, precision, f"{note} ({text!r}) cannot be a `when` yet")


def _real_day(date: str) -> bool:
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        return False
    return True


def _with_time(sentence: str, found: list[DateMention]) -> list[DateMention]:
    """A time of day goes with the one day the sentence names."""
    days = [d for d in found if d.precision is Precision.DAY]
    if len(days) != 1:
        return found
    times = [m for m in _TIME.finditer(sentence) if not any(d.start <= m.start() < d.end for d in found)]
    if len(times) != 1:
        return found
    m = times[0]
    if m.group("h24"):
        hour, minute = int(m.group("h24")), int(m.group("m24"))
    else:
        hour, minute = int(m.group("h12")) % 12, int(m.group("m12") or 0)
        if hour > 11 or int(m.group("h12")) > 12:
            return found
        hour += 12 * m.group("ampm").lower().startswith("p")
    day = days[0]
    assert day.when is not None
    when = dict(day.when, time=f"{hour:02d}:{minute:02d}")
    if m.group("approx"):
        when["approximate"] = True
    when["label"] = f"{m.group().strip()} on {day.text}" if m.start() < day.start else day.text
    return [d._replace(when=when) if d is day else d for d in found]
