"""Comparing short answers the way a learner reads them: case, dashes, quotes and spacing aside.

`fold` is the one normal form; `contains` finds a folded answer in a folded passage at word boundaries;
`same_answer` also knows that "7 Feb" and "February 7, 2018" name the same day and "10 p.m." is "22:00".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from trainer.bank.vocabulary import MONTH, MONTH_NUMBERS, TENS, UNITS, WHOLE_NUMERAL

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_QUOTES = {
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u00b4`"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"'),
}
_TRANSLATE = {**_DASHES, **_QUOTES}
# Whitespace but the plain space: replacing every space by itself cost five times as much, on every quote.
_OTHER_SPACE = re.compile(r"[^\S ]")
# Punctuation that frames an answer without being part of it ("Khasham." or '"coordinated attack"').
_FRAME = " \t\n.,;:!?\"'()[]{}<>*_"


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """The normal form answers are compared in: case-folded, NFKC, one kind of dash and quote, single
    spaces, no punctuation around it."""
    return " ".join(_unify(s).split()).strip(_FRAME)


def _unify(s: str) -> str:
    if s.isascii():  # the common case, and NFKC and the dash and quote table leave ASCII alone
        return s.lower().replace("`", "'")
    return unicodedata.normalize("NFKC", s).translate(_TRANSLATE).casefold()


@lru_cache(maxsize=16384)
def fold_passage(s: str) -> str:
    """Like `fold` but keeps framing punctuation: a passage keeps its full stops."""
    return " ".join(_unify(s).split())


def _boundary(text: str, i: int, inner: str, outer_step: int) -> bool:
    """Is there a word boundary between text[i] (the needle's edge char `inner`) and its neighbour?"""
    j = i + outer_step
    if j < 0 or j >= len(text):
        return True
    outer = text[j]
    if not inner.isalnum():
        return True
    if outer.isalnum():
        return False
    # "40" is not in "1,400" nor "3.40": a separator between digits is part of the number.
    if inner.isdigit() and outer in ",." and 0 <= j + outer_step < len(text):
        return not text[j + outer_step].isdigit()
    return True


def _matches(folded_haystack: str, n: str) -> Iterator[int]:
    """Start offsets of the folded needle `n` in a folded haystack, at word boundaries."""
    h, size = folded_haystack, len(n)
    start = h.find(n)
    while start != -1:
        end = start + size
        # A space, the text's end, or a full stop after a word (an answer ending its quote) is a boundary
        # whatever the needle's edge: the common cases, decided without a call.
        if (start == 0 or h[start - 1] == " " or _boundary(h, start, n[0], -1)) and (
            end == len(h)
            or h[end] == " "
            or (h[end] == "." and not n[-1].isdigit())
            or _boundary(h, end - 1, n[-1], 1)
        ):
            yield start
        start = h.find(n, start + 1)


def contains(haystack: str, needle: str) -> bool:
    """Does the folded `needle` stand in the folded `haystack` as whole words ("40" is not in "400")?"""
    return occurs(fold_passage(haystack), fold(needle))


def occurs(folded_haystack: str, folded_needle: str) -> bool:
    """`contains` for text folded already (hot loops fold once)."""
    return (
        bool(folded_needle)
        and folded_needle in folded_haystack
        and next(_matches(folded_haystack, folded_needle), None) is not None
    )


@lru_cache(maxsize=16384)
def _fold_in_place(text: str) -> str | None:
    """`text` folded char for char (whitespace to " ", runs kept), or None where folding would move
    offsets (a ligature, "ß", a run of spaces): then offsets need the slow path."""
    folded = _OTHER_SPACE.sub(" ", _unify(text))
    return folded if len(folded) == len(text) and "  " not in folded else None


def find_spans(haystack: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` stands in `haystack` as whole words, as (start, end) offsets into the *original*
    haystack, so a front end can pick the answer out of a verbatim quote."""
    n = fold(needle)
    if not n:
        return []
    h = _fold_in_place(haystack)
    spans = (
        _find_spans_slowly(haystack, n)
        if h is None
        else [(start, start + len(n)) for start in _matches(h, n)]
    )
    # Take in the needle's own framing where the haystack has it too: "[13]", not just "13".
    stripped = needle.strip()
    if not spans or (stripped[0] not in _FRAME and stripped[-1] not in _FRAME):
        return spans  # nothing to take in (most answers: framing is rare)
    lead = stripped[: len(stripped) - len(stripped.lstrip(_FRAME))]
    tail = stripped[len(stripped.rstrip(_FRAME)) :]
    return [
        (
            start - len(lead) if lead and haystack[max(0, start - len(lead)) : start] == lead else start,
            end + len(tail) if tail and haystack[end : end + len(tail)] == tail else end,
        )
        for start, end in spans
    ]


def _find_spans_slowly(haystack: str, n: str) -> list[tuple[int, int]]:
    """`find_spans` for text whose folding changes lengths (ligatures, "ß"): fold char by char,
    remembering where each folded char came from."""
    folded: list[str] = []
    origin: list[int] = []
    prev_space = True
    for i, ch in enumerate(haystack):
        for c in unicodedata.normalize("NFKC", ch).translate(_TRANSLATE).casefold():
            if c.isspace():
                if prev_space:
                    continue
                c, prev_space = " ", True
            else:
                prev_space = False
            folded.append(c)
            origin.append(i)
    return [(origin[start], origin[start + len(n) - 1] + 1) for start in _matches("".join(folded), n)]


_MONTH = MONTH
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
# A year of four digits, or of any length with its era ("AD 79", "44 BC").
_YEAR = r"(?:(?P<year>\d{4})|(?:ad|ce) (?P<ad>\d{1,4})|(?P<era_year>\d{1,4}) (?P<era>bce|bc|ad|ce))"
_DATE_FORMS = [
    re.compile(rf"^{_DAY} {_MONTH}(?:,? {_YEAR})?$"),  # 7 February 2018
    re.compile(rf"^{_MONTH} {_DAY}(?:,? {_YEAR})?$"),  # February 7, 2018
    re.compile(rf"^(?:the )?{_DAY} of {_MONTH}(?:,? {_YEAR})?$"),  # the 7th of February
    re.compile(rf"^{_MONTH},? {_YEAR}$"),  # February 2018
    re.compile(r"^(?P<year>\d{4})-(?P<monthnum>\d{2})(?:-(?P<day>\d{2}))?$"),  # 2018-02-07
]
_TIME_FORMS = [
    re.compile(r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))? ?(?P<ampm>a\.?m|p\.?m)\.?$"),  # 10 p.m., 10:30pm
    re.compile(r"^(?P<h>[01]?\d|2[0-3])[:.h](?P<m>\d{2})(?: ?h(?:rs?|ours)?)?$"),  # 22:00, 22.00
]


@lru_cache(maxsize=65536)
def parse_date(s: str) -> tuple[int | None, int, int | None] | None:
    """(year or None, month, day or None) for an answer that is a date, else None. The year is astronomical:
    "15 March 44 BC" is year -43."""
    for form in _DATE_FORMS:
        m = form.match(s)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["monthnum"]) if groups.get("monthnum") else MONTH_NUMBERS[groups["month"]]
        day = int(groups["day"]) if groups.get("day") else None
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            return None
        return _year(groups), month, day
    return None


def _year(groups: dict[str, str | None]) -> int | None:
    """The astronomical year a date's groups name (1 BC is 0, as `trainer.bank.calendar` counts), if any."""
    if written := groups.get("year") or groups.get("ad"):
        return int(written)
    if written := groups.get("era_year"):
        return 1 - int(written) if groups["era"] in ("bc", "bce") else int(written)
    return None


@lru_cache(maxsize=65536)
def parse_time(s: str) -> tuple[int, int] | None:
    """(hour, minute) on the 24-hour clock for an answer that is a time of day, else None."""
    for form in _TIME_FORMS:
        m = form.match(s)
        if not m:
            continue
        hour, minute = int(m["h"]), int(m["m"] or 0)
        ampm = m.groupdict().get("ampm")
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.startswith("p") else 0)
        if hour > 23 or minute > 59:
            return None
        return hour, minute
    return None


_UNITS, _TENS = UNITS, TENS
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMERAL = re.compile(rf"(?:{WHOLE_NUMERAL})$")


@lru_cache(maxsize=65536)
def as_number(s: str) -> float | None:
    """The number a folded answer states: "500", "1,500", "five hundred", "twenty-one"; else None."""
    if _NUMERAL.match(s):
        return float(s.replace(",", ""))
    words = s.replace("-", " ").replace(" and ", " ").split()
    if not words:
        return None
    total = current = 0
    for word in words:
        if word in _UNITS:
            current += _UNITS.index(word)
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
    return float(total + current)


def same_answer(a: str, b: str) -> bool:
    """Would a learner who wrote `a` have given the answer `b`? Folded equality, or the same date, time of
    day or number written differently ("7 Feb" / "February 7, 2018" when the years don't conflict;
    "10 p.m." / "22:00"; "500" / "five hundred")."""
    return same_folded(fold(a), fold(b))


def same_folded(fa: str, fb: str) -> bool:
    """`same_answer` for answers folded already."""
    return fa == fb or same_meaning(meaning(fa), meaning(fb))


def same_meaning(ma: tuple | None, mb: tuple | None) -> bool:
    """Do two `meaning`s name the same date, time of day or number? A date without a year matches one with."""
    if ma is None or mb is None or ma[0] != mb[0]:
        return False
    if ma[0] == "date":
        (_, ya, month_a, day_a), (_, yb, month_b, day_b) = ma, mb
        return month_a == month_b and day_a == day_b and (ya is None or yb is None or ya == yb)
    return ma == mb


@lru_cache(maxsize=65536)
def meaning(folded: str) -> tuple | None:
    """What a folded answer means beyond its letters: ("date", year, month, day), ("time", hour, minute),
    ("number", value), or None. Worked out once per answer: distractor choice compares thousands."""
    if not folded:
        return None
    if d := parse_date(folded):
        return ("date", *d)
    if t := parse_time(folded):
        return ("time", *t)
    if (n := as_number(folded)) is not None:
        return ("number", n)
    return None
