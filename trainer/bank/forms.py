"""The surface form of an option, so that every option of a question reads alike: the same lead word
("the", "a", "that"), the same hedge ("about 250"), numerals or words, a date at the same precision, a
proper name or a common phrase, the same unit, and a comparable length. A learner who cannot recall the
answer must not find it by its look (Haladyna, Downing & Rodriguez 2002: options homogeneous in content
and grammar, of similar length, none singled out by a word of the stem).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple, Protocol

from trainer.bank import optionclass
from trainer.bank.folding import as_number, fold, parse_date, parse_time
from trainer.bank.vocabulary import GENDERED_NOUNS, LOWER_BOUNDS, TENS, TIME_UNIT_NAMES, UNITS, UPPER_BOUNDS

_LEADS = {"the": "the", "a": "a", "an": "a", "that": "that"}
# Each hedge by what it says of the value: near it, or a bound. Options agree in that, so "around 250" is
# never the only hedged option, nor "more than 400" the only bound ("fewer than 100" is one too).
_ABOUT = ("about", "around", "approximately", "roughly", "some", "circa", "c.", "ca.", "nearly", "almost")
_HEDGES = {
    **dict.fromkeys((*_ABOUT, "an estimated", "just under", "just over"), "about"),
    **dict.fromkeys((*LOWER_BOUNDS, *UPPER_BOUNDS), "a bound"),
}
_HEDGE = re.compile(r"^(?:" + "|".join(re.escape(h) for h in sorted(_HEDGES, key=len, reverse=True)) + r") ")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# An amount as sources print it: a sign, a numeral, a power of ten (NFKC makes "10²⁷" read "1027"), a scale
# word, a unit: "−108 °C", "1.90 × 10²⁷ kg", "778 million km", "4.1 billion years".
_AMOUNT = re.compile(
    r"^(?P<sign>-)?(?P<num>\d[\d,]*(?:\.\d+)?)(?: ?[x×] ?10(?P<exp>-?\d{1,3}))?"
    r"(?: (?P<scale>thousand|million|billion|trillion))?(?: ?(?P<unit>\D.*))?$"
)
_RANGE = re.compile(r"^(?:between )?-?\d[\d,.]*(?: ?- ?| and | to )-?\d[\d,.]*(?: (?P<unit>\D.*))?$")
# A count in words that `as_number` leaves: "a century", "half", "two and a half times".
_COUNTING = re.compile(
    r"^(?:a|an|half|twice|thrice|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty|hundred)\b"
)
_WORD = re.compile(r"[^\W\d_][\w'-]*")
# Words that mark no category: a key sharing one of these with its stem is not singled out by it.
STOPWORDS = frozenset(
    "a an the of in on at to for by with from and or as is was were be been are his her its their this that "  # noqa: SIM905
    "these those which what who whom whose when where how why did does do had has have it he she they".split()
)


DATED = frozenset({"date", "year"})
"""Answer kinds whose bare 3- or 4-digit numbers are years."""


class Form(NamedTuple):
    """How an option looks. Options of one question agree in every field but `length`, which may differ
    within `comparable_length`."""

    shape: str
    """`numeral`, `words` (a number in words), `range`, `day`, `day-month`, `month`, `year`, `time` or
    `text`."""
    lead: str
    """`the`, `a`, `that` or ``: the option's first word, where it is one of those."""
    hedge: str
    """"about", "more than" ... or ``: how the option qualifies its value."""
    proper: bool
    """A text option that starts with a capital letter (a name), rather than a common phrase."""
    unit: str
    """For a number, the words after it ("km", "days"), folded; else ``."""
    length: int
    look: tuple[str, bool, str, bool, bool]
    """The lead word, whether it is a name, an amount's precision, whether it is qualified and whether it
    quotes: features an option may differ in from the key only together with another option, so that no
    option is the only one of its look ("the Cold War" beside "the Second World War", "incessant rain"
    beside "heart failure"; never 99.8 alone among 50, 75 and 90). A clause's "the" says nothing, nor a
    name's article ("The Last Man" beside "Perkin Warbeck")."""
    pos: int = 0
    """For a short common phrase, the parts of speech its head word can be (`optionclass.word_class`);
    0 for any other option. Options whose sets do not meet never stand together."""
    sex: str = ""
    """For a short common phrase whose head word says it ("her husband", "an aunt"), `male` or `female`:
    a relation is offered only beside relations of the key's sex, or of none ("her publisher")."""


@lru_cache(maxsize=65536)
def form_of(text: str, dated: bool = False) -> Form:
    """The form of an option's text. `dated`: the answer is of a date kind, so a bare 3- or 4-digit number
    is a year."""
    folded = fold(text)
    lead = ""
    rest_text = text.strip()
    first, _, tail = folded.partition(" ")
    if tail and first in _LEADS:
        lead, folded = _LEADS[first], tail
        rest_text = rest_text.split(None, 1)[1] if " " in rest_text else rest_text
    hedge = ""
    # A hedge qualifies an amount or a time: "some Russian citizens" has none.
    if (m := _HEDGE.match(folded)) and (shape_unit := _shape(folded[m.end() :], dated))[0] != "text":
        hedge = _HEDGES[m.group()[:-1]]
        shape, unit = shape_unit
    else:
        # A bracketed option ("[13]") is a label that folding unwraps, not an amount.
        shape, unit = ("text", "") if rest_text[:1] in "[({<" else _shape(folded, dated)
    # A name ("Deir ez-Zor Governorate", "the Cold War") rather than a common phrase ("volunteer", "a Syrian
    # Army general"): a capital after any definite lead.
    proper = shape == "text" and lead not in ("a", "that") and rest_text[:1].isupper()
    precision = _precision(text, folded, shape) if shape in _PRECISE else ""
    qualified = shape == "text" and optionclass.qualified(folded, rest_text)
    quoted = optionclass.quoted(text)
    common = shape == "text" and not proper
    pos = optionclass.word_class(folded) if common else 0
    sex = GENDERED_NOUNS.get(folded.rpartition(" ")[2], "") if common and folded.count(" ") < 3 else ""
    name_look = ("", True) if proper else (lead if lead != "the" or text.count(" ") < 5 else "", False)
    look = (*name_look, precision, qualified, quoted)
    return Form(shape, lead, hedge, proper, _unit(unit), len(text.strip()), look, pos, sex)


_PRECISE = frozenset({"numeral", "words", "range"})
_NUMBERS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _precision(text: str, folded: str, shape: str) -> str:
    """How precisely an amount is written (`optionclass.precision`), its scale word applied to a range's
    bounds ("17 to 35 million": 17,000,000 and 35,000,000)."""
    body = _body(folded)
    if shape == "range":
        scale = next((v for w, v in _SCALES.items() if w in body), 1.0)
        values = tuple(float(n.replace(",", "")) * scale for n in _NUMBERS.findall(body))
    else:
        n = amount(text)
        values = () if n is None else (n,)
    return optionclass.precision(body, values, shape == "range")


def _unit(unit: str) -> str:
    """A unit as compared: singular ("weeks": "week", "centuries": "century"). Spans of time of different
    units are written in the key's where they convert (`convert`)."""
    if unit in TIME_UNIT_NAMES:
        return TIME_UNIT_NAMES[unit]
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit


def _shape(folded: str, dated: bool) -> tuple[str, str]:
    if d := parse_date(folded):
        year, _, day = d
        return ("day" if year is not None else "day-month") if day is not None else "month", ""
    if parse_time(folded):
        return "time", ""
    if m := _RANGE.match(folded):
        return "range", m["unit"] or ""
    if (n := as_number(folded)) is not None:
        if folded[:1].isdigit():
            return ("year" if dated and n.is_integer() and 100 <= n <= 2999 else "numeral"), ""
        return "words", ""
    if m := _AMOUNT.match(folded):
        return ("scientific" if m["exp"] else "numeral"), m["unit"] or ""
    words, _, unit = folded.rpartition(" ")
    if words and not words[:1].isdigit() and (as_number(words) is not None or _COUNTING.match(words)):
        return "words", unit
    return "text", ""


@lru_cache(maxsize=65536)
def amount(text: str) -> float | None:
    """The amount an option states, its lead, hedge and unit aside: "about 700 km" 700, "1.90 × 10²⁷ kg"
    1.9e27, "778 million km" 7.78e8, "−108 °C" -108, "six" 6."""
    folded = _body(fold(text))
    if (n := as_number(folded)) is not None:
        return n
    if m := _AMOUNT.match(folded):
        value: float = (
            float(m["num"].replace(",", "")) * 10 ** int(m["exp"] or 0) * _SCALES.get(m["scale"], 1)
        )
        return -value if m["sign"] else value
    words, _, _ = folded.rpartition(" ")
    return as_number(words) if words else None


def _body(folded: str) -> str:
    """A folded option without its lead word and hedge."""
    first, _, tail = folded.partition(" ")
    if tail and first in _LEADS:
        folded = tail
    if m := _HEDGE.match(folded):
        folded = folded[m.end() :]
    return folded


AMOUNTS = frozenset({"numeral", "words", "scientific", "range"})
"""The shapes of an option that states an amount."""
_ZERO = {"°c": 273.15, "°f": 459.67, "°": 273.15}  # temperatures compared from absolute zero


def same_magnitude(a: float, b: float, unit: str, factor: float) -> bool:
    """Are two amounts of one unit within `factor` of each other? Temperatures are measured from absolute
    zero, so -108 °C and -150 °C are alike and -108 °C and 1,600 °C are not."""
    if unit in _ZERO:
        a, b = a + _ZERO[unit], b + _ZERO[unit]  # Rankine for °F: only the ratio matters
    if a == 0 or b == 0:
        return a == b or max(abs(a), abs(b)) <= factor
    return a * b > 0 and max(abs(a), abs(b)) / min(abs(a), abs(b)) <= factor


def comparable_length(a: int, b: int) -> bool:
    """Lengths a learner would not notice: within half the longer, or 12 characters for short options."""
    return abs(a - b) <= max(12, max(a, b) // 2)


class Distractorlike(Protocol):
    """An option beside the key: its text."""

    @property
    def text(self) -> str: ...


def stands_out_by_length(key: int, options: Sequence[Distractorlike]) -> bool:
    """Is the key, `key` characters long, the longest or the shortest option by a margin a learner notices
    (a fifth of its length, at least 8 characters) beside `options` (the distractors)? A key 20 characters
    longer than any other is the one of its length, though each option alone is of comparable length."""
    margin = max(8, key // 5)
    lengths = [len(o.text.strip()) for o in options]
    longer = any(n >= key - margin for n in lengths)
    shorter = any(n <= key + margin for n in lengths)
    return not (longer and shorter)


def agree(key: Form, other: Form) -> bool:
    """Do two options agree in what a learner could tell the key by on its own: the same shape (numbers in
    words and numerals are told apart: see `convert`), hedge, unit, and a comparable length? Their `look`
    may still differ."""
    a, b = key.length, other.length
    return (
        key.shape == other.shape
        and key.hedge == other.hedge
        and key.unit == other.unit
        and abs(a - b) <= max(12, (a if a > b else b) // 2)  # `comparable_length`, inlined: it is hot
        and (not key.pos or not other.pos or bool(key.pos & other.pos))
        and (not key.sex or not other.sex or key.sex == other.sex)
    )


# The number words `folding.as_number` reads, so that what it reads and what `in_words` writes agree.
_SMALL = UNITS
_TENS = list(TENS)


def in_words(n: int) -> str | None:
    """A whole number below 100 in words ("seventy-two"); None for any other."""
    if 0 <= n < 20:
        return _SMALL[n]
    if 20 <= n < 100:
        tens, units = divmod(n, 10)
        return _TENS[tens - 2] + (f"-{_SMALL[units]}" if units else "")
    return None


_MONTH_NAMES = (
    "January February March April May June July August September October November December".split()  # noqa: SIM905
)


def convert(key_text: str, key: Form, text: str, other: Form) -> str | None:
    """`text` (of form `other`) written in the key's form (`key_text` is the key), where only numerals
    against words, the hedge or a date's precision differ: "72" as "seventy-two" beside "six", "around 250"
    as "about 250" beside "about 400", "30 December 1816" as "1816" beside "1823". None if it cannot be."""
    if key.shape in ("year", "month") and other.shape in ("day", "month") and other.shape != key.shape:
        year, month, _ = parse_date(fold(text))  # type: ignore[misc]
        if year is None or year < 1000:
            return None  # a year written with its era ("AD 79", "44 BC") is left as its source writes it
        return str(year) if key.shape == "year" else f"{_MONTH_NAMES[month - 1]} {year}"
    if other.shape not in ("numeral", "words") or key.shape not in ("numeral", "words"):
        return None
    if other.lead != key.lead or other.proper != key.proper:
        return None
    body = _body(fold(text))
    number_text = _number_text(body, other)
    n = as_number(number_text)
    if n is None:
        return None
    unit = body[len(number_text) :].strip() if other.unit else ""
    if other.unit != key.unit:
        # A span of time in another unit, in the key's ("about 2 days" as "about 48 hours"), where it
        # comes to a whole number of them; any other unit is left out.
        n_in_key = optionclass.in_time_unit(n, other.unit, key.unit)
        if n_in_key is None or abs(n_in_key - round(n_in_key)) > 1e-6 or round(n_in_key) == 0:
            return None
        n = float(round(n_in_key))
        unit = optionclass.unit_word(key.unit, n)
    if key.shape == "words":
        if not n.is_integer() or (shown := in_words(int(n))) is None:
            return None
    else:
        shown = f"{n:,.0f}" if n.is_integer() else f"{n:,}"
        if n.is_integer() and n < 10_000 and "," not in number_text:
            shown = str(int(n))
    folded_key = fold(key_text)
    lead_and_hedge = folded_key[: len(folded_key) - len(_body(folded_key))]
    converted = " ".join(w for w in (lead_and_hedge.strip(), shown, unit) if w)
    if key_text.strip()[:1].isupper():
        converted = converted[0].upper() + converted[1:]
    return converted if comparable_length(key.length, len(converted)) else None


def _number_text(body: str, form: Form) -> str:
    """The number of an amount's body, its unit as written aside ("10 hours": "10")."""
    if not form.unit:
        return body
    if form.shape == "numeral" and (m := _AMOUNT.match(body)) and m["unit"]:
        return body[: m.start("unit")].strip()
    return body.rpartition(" ")[0]


@lru_cache(maxsize=65536)
def marking_words(text: str) -> frozenset[str]:
    """The words of an option that name its category: its head (last) word and its capitalised words
    ("Kaliningrad Region", "Liwa Fatemiyoun", "the Syrian civil war"), folded; not a word inside a
    common phrase ("private military contractors": only "contractors")."""
    found = _WORD.findall(text)
    marking = {w for w in found if w[:1].isupper()}
    if found:
        marking.add(found[-1])
    return words(fold(" ".join(marking)))


@lru_cache(maxsize=65536)
def words(folded: str) -> frozenset[str]:
    """The words of a folded text that can mark a category: no article, preposition or auxiliary, and no
    numeral ("event 107": only "event")."""
    return frozenset(w for w in _WORD.findall(folded) if w not in STOPWORDS and len(w) > 2)


_SHAPE_NAMES = {
    "numeral": "a number in numerals",
    "words": "a number in words",
    "range": "a range",
    "day": "a day date",
    "day-month": "a day without its year",
    "month": "a month date",
    "year": "a year",
    "time": "a time of day",
    "text": "text",
}


def difference(key: Form, other: Form) -> str:
    """How `other` fails to `agree` with the key's form, in a teacher's words: its first differing feature."""
    if key.shape != other.shape:
        return f"{_SHAPE_NAMES[other.shape]} beside {_SHAPE_NAMES[key.shape]}"
    if key.hedge != other.hedge:
        return f"{_hedge_name(other.hedge)} beside {_hedge_name(key.hedge)}"
    if key.unit != other.unit:
        return f"unit {other.unit or 'none'!r} beside {key.unit or 'none'!r}"
    if key.sex and other.sex and key.sex != other.sex:
        return f"{other.sex} beside {key.sex}"
    if key.pos and other.pos and not key.pos & other.pos:
        return f"{optionclass.class_name(other.pos)} beside {optionclass.class_name(key.pos)}"
    return f"{other.length} characters beside {key.length}"


def _lead_name(lead: str) -> str:
    return f"the leading word {lead!r}" if lead else "no article"


def _hedge_name(hedge: str) -> str:
    return f"the hedge {hedge!r}" if hedge else "no hedge"


def lacks(answer: str, distractors: Sequence[str], dated: bool) -> str | None:
    """A feature every distractor has and the answer lacks (a word, an article, a hedge, a unit, a form),
    described; None if there is none."""
    key = form_of(answer, dated)
    others = [form_of(d, dated) for d in distractors]
    for field, name in (("lead", _lead_name), ("hedge", _hedge_name)):
        values = {getattr(o, field) for o in others}
        if len(values) == 1 and (v := values.pop()) and v != getattr(key, field):
            return name(v)
    units = {o.unit for o in others}
    if len(units) == 1 and (unit := units.pop()) and unit != key.unit:
        return f"the unit {unit!r}"
    shared = frozenset.intersection(*(words(fold(d)) for d in distractors)) - words(fold(answer))
    if shared:
        return f"the word {sorted(shared)[0]!r}"
    return None


def ladder(answer: str, distractors: Sequence[str]) -> list[str]:
    """The answer and the distractors that are it times a power of ten (7 / 70 / 700), smallest first,
    where at least two distractors are; else []."""
    key = amount(answer)
    if not key or key <= 0:
        return []
    rungs = []
    for d in distractors:
        n = amount(d)
        if n and n > 0 and n != key:
            power = math.log10(n / key)
            if abs(power - round(power)) < 1e-9:
                rungs.append((n, d))
    if len(rungs) < 2:
        return []
    return [text for _, text in sorted([*rungs, (key, answer)])]
