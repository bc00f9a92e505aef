"""The classes an option falls in beyond its shape (`forms.Form`), each a cue a learner could find the key
by when it is the only option of its class: how precisely a number is written (a fraction, a decimal, a
whole number, a round or an irregular range: "two and a half" among whole numbers, 99.8 among 50, 75 and
90, "17 to 35 million" among "2 to 5" and "300 to 400"), whether a phrase is qualified (a hedge word such as "some",
"might", "unspecified", or a clause of its own: "…, with no details revealed", "… who were not …"), whether
it quotes (quotation marks), and the part of speech of a short common phrase (a quoted word that names a
person is no answer to "what kind of work?"). Also the spans of time a learner converts between, so "about
58 days" can be written in hours beside a key in hours.

Each is worked out once per option text (`forms.form_of` caches), never per pair of options.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from bisect import bisect_left
from functools import cache, lru_cache
from pathlib import Path

from trainer.bank.vocabulary import QUALIFYING_WORDS, TIME_UNITS

FRACTION, DECIMAL, WHOLE, ROUND, EXACT = "fraction", "decimal", "whole", "round", "exact"
"""How precisely an amount is written."""

_FRACTION_WORDS = re.compile(r"\b(?:half|halves|quarters?|thirds?|fifths?|eighths?|tenths?)\b|[/½¼¾⅓⅔]")


def precision(body: str, numbers: tuple[float, ...], is_range: bool) -> str:
    """The precision of an amount (`body`: its folded text, lead and hedge aside; `numbers`: the values it
    states, scaled: one for a number, two for a range). A fraction ("two and a half"); a decimal (99.8, not
    "1.43 billion", a whole number); else a whole number. A range is round where both its ends are ("2 to 5
    million", "300 to 400", not "17 to 35 million"), else exact: sources round ranges, so the one irregular
    range is the one that was measured. (Single whole numbers are not told apart by roundness: 39,000 km
    beside 16,350 km is how sources give sizes, and telling them apart left too few options.)"""
    if _FRACTION_WORDS.search(body):
        return FRACTION
    if any(not n.is_integer() for n in numbers):
        return DECIMAL
    if not is_range:
        return WHOLE
    return ROUND if all(_is_round_end(n) for n in numbers) else EXACT


def _is_round_end(n: float) -> bool:
    """A range's end as writers round it: below 10, or one or two significant digits ending in 0 or 5
    (300, 150, 35 million; not 17 million)."""
    digits = str(int(abs(n))).rstrip("0")
    return abs(n) < 10 or len(digits) == 1 or (len(digits) == 2 and digits[-1] in "05")


_QUALIFYING = re.compile(r"\b(?:" + "|".join(QUALIFYING_WORDS) + r")\b")
_RELATIVE = re.compile(r"\S \b(?:who|whom|whose|which)\b")
# A comma that opens a clause of its own to the end ("A telephone conversation, with no details revealed"),
# not one that lists ("artillery, mortars and rockets": an "and" or "or" closes the list) nor a title's
# ("Presumption; or, the Fate of Frankenstein": its words are capitalised).
_CLAUSE_COMMA = re.compile(r", (?![^,]*\b(?:and|or)\b)[a-z][^A-Z,]*$")


def qualified(folded: str, text: str) -> bool:
    """Does a phrase qualify what it says: a hedge word, a relative clause, or a clause after a comma?"""
    return bool(_QUALIFYING.search(folded) or _RELATIVE.search(folded) or _CLAUSE_COMMA.search(text))


_QUOTED = re.compile(r"[\"“”«»„]|(?:^|\s)‘\w")


def quoted(text: str) -> bool:
    """Does the option quote words (quotation marks around some of them)?"""
    return bool(_QUOTED.search(text))


NOUN, VERB, ADJ, ADV = 1, 2, 4, 8
_UPOS = {"NOUN": NOUN, "PROPN": NOUN, "VERB": VERB, "AUX": VERB, "ADJ": ADJ, "ADV": ADV}
_SHORT = 3
"""Phrases of up to this many words have a word class: a quoted word or a short term."""


@lru_cache(maxsize=16384)
def word_class(folded: str) -> int:
    """The parts of speech a short common phrase can be, as a bit set of its head word's (its last word:
    "coordinated attack" is a noun, "fast and strong" an adjective); 0 where unknown or not short. Two
    options are of one class where their sets meet: "volunteer" (a noun or verb) is no answer beside
    "excellent" (an adjective)."""
    found = folded.split()
    if not found or len(found) > _SHORT or not found[-1].isalpha():
        return 0
    word = found[-1]
    lines = _lexicon()
    bits = 0
    i = bisect_left(lines, word, key=_headword)
    while i < len(lines) and _headword(lines[i]) == word:
        bits |= _UPOS.get(lines[i].split(",", 2)[1].upper(), 0)
        i += 1
    return bits


def _headword(line: str) -> str:
    return line.partition(",")[0]


@cache
def _lexicon() -> list[str]:
    """lemminflect's dictionary of English word forms, one `form,upos,lemma` line each, sorted by form:
    read as a file, not through the package, whose import (numpy) and lookup tables cost a study start
    ten times more than a binary search in these lines."""
    spec = importlib.util.find_spec("lemminflect")
    assert spec is not None and spec.submodule_search_locations, "lemminflect is a dependency"
    path = Path(spec.submodule_search_locations[0]) / "resources" / "lemma_lu.csv.gz"
    return gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()


_CLASS_NAMES = ((NOUN, "a noun"), (VERB, "a verb"), (ADJ, "an adjective"), (ADV, "an adverb"))


def class_name(bits: int) -> str:
    """ "a noun or a verb" for a bit set of `word_class`."""
    return " or ".join(name for bit, name in _CLASS_NAMES if bits & bit) or "of no known class"


def in_time_unit(n: float, unit: str, target: str) -> float | None:
    """`n` `unit`s (a span of time: "day", "hour") in `target` units; None where either is not a span of
    time with a known length."""
    if unit not in TIME_UNITS or target not in TIME_UNITS:
        return None
    return n * TIME_UNITS[unit][0] / TIME_UNITS[target][0]


def unit_word(unit: str, n: float) -> str:
    """A span of time's unit as written with `n`: "hour" for 1, else "hours" ("centuries")."""
    singular, plural = TIME_UNITS[unit][1:]
    return singular if n == 1 else plural
