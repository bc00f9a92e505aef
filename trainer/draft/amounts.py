"""Amounts in a sentence, as a `value` with its unit, read by quantulum3. A count has the noun after it as
its unit ("500 pro-government fighters" -> fighters); a range, a number in scientific notation and a bare
number with no noun after it are left for the teacher, with a note."""

from __future__ import annotations

import re
import warnings
from functools import cache
from typing import Any, NamedTuple

_APPROX = re.compile(r"\b(?:about|around|approximately|roughly|some|nearly|almost|c\.|ca\.)\s*$", re.I)
_RANGE = re.compile(
    r"(?P<low>\d[\d,]*(?:\.\d+)?)\s*(?:–|—|-|to)\s*(?P<high>\d[\d,]*(?:\.\d+)?)(?P<unit>\s+[a-z][a-z ]*)"
)
_BOUND = re.compile(
    r"\b(?:more than|at least|over|up to|less than|fewer than|under|just under|just over|exceed|exceeds)\s*$",
    re.I,
)
_UNIT_TEXT = re.compile(r"^[−-]?\d[\d,]*(?:\.\d+)?")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NAMED = re.compile(r"(?:\b[A-Z][a-z]+ |:)$")
_NUMERAL = re.compile(r"[−-]?\d")
_TIME_OF_DAY = re.compile(r"\.?m\.|\s*[ap]\.m\.|:\d\d")
_NOUN = re.compile(r"\s+(?P<noun>[A-Za-z][A-Za-z-]*(?:\s+[a-z]+s)?)")
_NOT_UNITS = frozenset(
    [
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "at",
        "he",
        "she",
        "it",
        "we",
        "they",
        "by",
        "the",
        "a",
        "an",
        "times",
        "per",
        "than",
        "more",
        "less",
        "as",
        "from",
        "with",
        "for",
        "was",
        "were",
        "is",
        "are",
        "had",
        "has",
        "that",
        "this",
        "these",
        "who",
        "which",
    ]
)


class Amount(NamedTuple):
    start: int
    end: int
    text: str
    """As the sentence writes it, the unit included: the answer."""
    value: dict[str, object] | None
    """None where the format cannot hold the amount yet."""
    note: str | None
    """A `TODO:` or `FORMAT:` line about it."""
    unit: str | None = None
    """What it counts or measures, when it can be an answer."""


@cache
def _parser() -> Any:
    # quantulum3 warns once that its optional classifier is not installed; its rule-based parse is the one
    # wanted here (deterministic, offline).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

    return parser


def find_amounts(sentence: str, skip: list[tuple[int, int]]) -> list[Amount]:
    """Every amount in the sentence outside the spans in `skip` (its dates)."""
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantities = _parser().parse(sentence)
    for q in quantities:
        start, end = q.span
        if any(start < b and a < end for a, b in skip):
            continue
        text = sentence[start:end]
        approximate = _APPROX.search(sentence[:start]) is not None
        if (
            not _NUMERAL.match(text)
            or _TIME_OF_DAY.match(sentence, end)
            or (_NAMED.search(sentence[:start]) and not approximate)  # "Voyager 1", "at 20:17"
            or text.split()[-1].lower() in _NOT_UNITS  # "−2.94 at" is no ampere-turn
        ):
            continue
        if (span := _RANGE.fullmatch(text)) is not None:
            ranged: dict[str, object] = {"amount": _number(_float(span["low"]))}
            ranged |= {"upper": _number(_float(span["high"])), "unit": span["unit"].strip()}
            ranged |= {"approximate": True} if approximate else {}
            found.append(Amount(start, end, text, ranged, None, str(ranged["unit"])))
            continue
        if q.uncertainty or re.match(r"\s*[×x]\s*10", sentence[end:]):
            note = f"TODO: value: {text!r} is a range or in scientific notation"
            found.append(Amount(start, end, text, None, note))
            continue
        # The unit as the article writes it ("km", "kilometres", "°C"): quantulum's name for it may be a
        # guess ("58 minutes" is no "minute of arc").
        unit, amount = _UNIT_TEXT.sub("", text, count=1).strip(), float(q.value)
        if q.unit.name == "dimensionless":
            noun = _NOUN.match(sentence, end)
            words = noun.group("noun").split() if noun else []
            if not words or words[0].lower() in _NOT_UNITS or not words[-1].islower():
                continue  # no unit: a count needs the noun it counts, in lower case ("1889 World's Fair")
            if words[0] in _SCALES:  # "2.5 million rivets"
                if len(words) == 1:
                    continue
                amount *= _SCALES[words[0]]
                end = sentence.index(words[0], end) + len(words[0])
                text = sentence[start:end]
            unit = words[-1]
        if bound := _BOUND.search(sentence[:start]):
            note = f"FORMAT: value: a bound ({bound.group().strip()!r} {text}) cannot be a `value` yet"
            found.append(Amount(start, end, text, None, note, unit))
            continue
        value: dict[str, object] = {"amount": _number(amount), "unit": unit}
        if approximate:
            value["approximate"] = True
        found.append(Amount(start, end, text, value, None, unit))
    return found


def _float(text: str) -> float:
    return float(text.replace(",", ""))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)
