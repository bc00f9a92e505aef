"""A fact's statement as an ordering item, without what the ordering asks: no date or time of day in a
timeline item ("Grigory Yavlinsky called on ..." rather than "On 12 February 2018, Grigory ..."), no
amount in a magnitude item ("a force of … pro-government fighters")."""

from __future__ import annotations

import re
from functools import lru_cache

_MONTH = (
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\b"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?\b"
_DAYS = rf"{_DAY}(?:\s*(?:,|and|to|-|\u2013|\u2014)\s*{_DAY})*"
_YEAR = r"\d{4}"
_DATE = (
    rf"(?:(?:early|mid|late)[-\s])?(?:{_DAYS}\s+{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}\s+{_DAYS}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH},?\s+{_YEAR}"
    rf"|{_YEAR}-\d{{2}}(?:-\d{{2}})?)"
)
_TIME = r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\d{1,2}:\d{2})(?:\s+local\s+time)?"
_LEAD = r"(?:(?:on|in|at|by|for|from|since|until|till|during|around|about|approximately|shortly\s+(?:before|after))\s+)*"
_NIGHT = r"(?:(?:the\s+)?(?:night|morning|evening|afternoon)\s+of\s+)?"
_PHRASE = rf"{_LEAD}{_NIGHT}(?:{_DATE}|{_TIME}|(?:in|since|by|until)\s+{_YEAR}\b)"
# Matched against lower-cased text: a case-insensitive alternation of month names is several times slower.
# The lookahead, every character a phrase can begin with, turns many words away before the alternations are
# tried one by one (a third faster on a large bank).
_FIRST = r"(?=[\dabdefijlmnostu])"
_TEMPORAL = re.compile(rf"\b{_FIRST}{_PHRASE}(?:\s*,?\s*{_PHRASE})*")
_NUMERAL = r"\d[\d,]*(?:\.\d+)?"
_NUMERALS = re.compile(_NUMERAL)
_AMOUNT = re.compile(rf"(?<![\w.,]){_NUMERAL}(?:\s*[-\u2013\u2014]\s*{_NUMERAL})?(?![\w])")
_TIDY = [
    (re.compile(r"\s+([,.;:!?])"), r"\1"),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"^[\s,;:]+"), ""),
    (re.compile(r"\s{2,}"), " "),
    (re.compile(r"\(\s*\)"), ""),
]


def _tidy(text: str) -> str:
    for pattern, repl in _TIDY:
        text = pattern.sub(repl, text)
    text = text.strip()
    return text[:1].upper() + text[1:]


def _temporal_spans(text: str) -> list[tuple[int, int]]:
    lower = text.lower()
    if len(lower) != len(text):  # a rare letter whose lower case is longer: offsets would drift
        return []
    return [m.span() for m in _TEMPORAL.finditer(lower)]


@lru_cache(maxsize=65536)
def times_in(text: str) -> tuple[str, ...]:
    """The date and time phrases of `text`, as written ("On 12 February 2018", "around 10 p.m."). Cached:
    a fact's quote is searched again for each timeline it is in, and the search is slow."""
    return tuple(text[start:end] for start, end in _temporal_spans(text))


@lru_cache(maxsize=65536)
def without_time(statement: str) -> str:
    """The statement with its dates and times of day taken out; the statement itself if nothing is left."""
    kept, last = [], 0
    for start, end in _temporal_spans(statement):
        kept.append(statement[last:start])
        last = end
    if not kept:
        return statement
    masked = _tidy("".join(kept) + statement[last:])
    return masked if len(masked) > 3 else statement


def _is_amount(m: re.Match[str], amounts: tuple[float, ...]) -> bool:
    for n in _NUMERALS.findall(m.group()):
        if float(n.replace(",", "")) in amounts:
            return True
    return False


def amounts_in(text: str, amounts: tuple[float, ...]) -> list[str]:
    """The numerals (and ranges) of `text` that state one of `amounts`, as written ("80\u2013100")."""
    return [m.group() for m in _AMOUNT.finditer(text) if _is_amount(m, amounts)]


def without_amount(statement: str, amounts: tuple[float, ...]) -> str:
    """The statement with the numerals equal to one of `amounts` (or a range starting or ending with one)
    replaced by an ellipsis."""
    return _AMOUNT.sub(lambda m: "\u2026" if _is_amount(m, amounts) else m.group(), statement)
