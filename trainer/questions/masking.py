"""A fact's statement as an ordering item, without what the ordering asks: no date or time of day in a
timeline item ("Grigory Yavlinsky called on ..." rather than "On 12 February 2018, Grigory ..."), no
amount in a magnitude item ("a force of … pro-government fighters")."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from functools import lru_cache

from trainer.bank.vocabulary import ABBREVIATED_MONTHS, FULL_MONTHS, MONTH_NUMBERS, NUMERAL

_MONTH = rf"(?:(?:{'|'.join(FULL_MONTHS)})\b|(?:{'|'.join(ABBREVIATED_MONTHS)})\b\.?)"
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
_LEAD = (
    r"(?:(?:on|in|at|by|for|from|since|until|till|during|around|about|approximately|shortly\s+(?:before|after))"
    r"\s+)*"
)
_NIGHT = r"(?:(?:the\s+)?(?:night|morning|evening|afternoon)\s+of\s+)?"
_PHRASE = rf"{_LEAD}{_NIGHT}(?:{_DATE}|{_TIME}|(?:in|since|by|until)\s+{_YEAR}\b)"
# Matched against lower-cased text: a case-insensitive alternation of month names is slower.
# The lookahead, every word a phrase can begin with (one flat alternation, each tried on its first letter),
# turns the other words away before the phrase's nested alternations are tried.
_FIRST_WORDS = [
    *("on", "in", "at", "by", "for", "from", "since", "until", "till", "during"),  # _LEAD
    *("around", "about", "approximately", "shortly"),  # _LEAD
    *("the", "night", "morning", "evening", "afternoon"),  # _NIGHT
]
_MONTH_WORD = "|".join(rf"{name}\b" for name in MONTH_NUMBERS)
_FIRST = (
    "(?="
    + "".join(rf"{word}\s|" for word in _FIRST_WORDS)
    + rf"early[-\s]|mid[-\s]|late[-\s]|{_MONTH_WORD}|\d\d?(?:(?:st|nd|rd|th)?\b|[ap])|{_YEAR}-)"
)
# A phrase begins at a word boundary; matched in the text behind one space, the pattern takes the non-word
# character before the phrase instead, so that it begins with a character class and the search skips to
# those characters rather than trying every position. (No phrase can begin right where another ends: the
# repetition would have taken it in.)
_TEMPORAL = re.compile(rf"\W{_FIRST}{_PHRASE}(?:\s*,?\s*{_PHRASE})*")
_NUMERAL = NUMERAL
_NUMERALS = re.compile(NUMERAL)
# A numeral not after a letter, digit, point or comma: the look-behind follows the first digit (it asks the
# same of the character before it) so that the pattern begins with a digit, and the search skips ahead to
# the digits instead of trying every position.
_AMOUNT = re.compile(rf"\d(?<![\w.,]\d)[\d,]*(?:\.\d+)?(?:\s*[-\u2013\u2014]\s*{_NUMERAL})?(?![\w])")
# Group 1 kept by `itemgetter` rather than a "\1" template, which `sub` parses in Python on every call; and
# patterns that begin with a character class (`\s\s+`, not `\s{2,}`) so that the search skips ahead to it.
_TIDY: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\s\s*([,.;:!?])"), operator.itemgetter(1)),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), operator.itemgetter(1)),
    (re.compile(r"^[\s,;:]+"), ""),
    (re.compile(r"\s\s+"), " "),
    (re.compile(r"\(\s*\)"), ""),
]


def _tidy(text: str) -> str:
    for pattern, repl in _TIDY:
        text = pattern.sub(repl, text)
    text = text.strip()
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=65536)
def _temporal_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Cached: the search is slow, and a fact's statement is searched for its item and its quote for what to
    pick out, once for each timeline the fact is in; a quote is often the statement itself."""
    lower = text.lower()
    if len(lower) != len(text):  # a rare letter whose lower case is longer: offsets would drift
        return ()
    return tuple((m.start(), m.end() - 1) for m in _TEMPORAL.finditer(" " + lower))


def times_in(text: str) -> tuple[str, ...]:
    """The date and time phrases of `text`, as written ("On 12 February 2018", "around 10 p.m.")."""
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
    return any(float(n.replace(",", "")) in amounts for n in _NUMERALS.findall(m.group()))


def amounts_in(text: str, amounts: tuple[float, ...]) -> list[str]:
    """The numerals (and ranges) of `text` that state one of `amounts`, as written ("80\u2013100")."""
    return [m.group() for m in _AMOUNT.finditer(text) if _is_amount(m, amounts)]


def mask_amounts(statement: str, amounts: tuple[float, ...]) -> tuple[str, list[str]]:
    """The statement with the numerals equal to one of `amounts` (or a range starting or ending with one)
    replaced by an ellipsis; and those numerals, as `amounts_in` finds them (one search for both)."""
    pieces: list[str] = []
    found: list[str] = []
    last = 0
    for m in _AMOUNT.finditer(statement):
        if _is_amount(m, amounts):
            pieces += (statement[last : m.start()], "\u2026")
            found.append(m.group())
            last = m.end()
    pieces.append(statement[last:])
    return "".join(pieces), found
