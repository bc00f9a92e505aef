"""A fact's statement as an ordering item, without what the ordering asks: no date or time of day in a
timeline item ("Grigory Yavlinsky called on ..." rather than "On 12 February 2018, Grigory ..."), no
amount in a magnitude item ("a force of … pro-government fighters")."""

from __future__ import annotations

import enum
import operator
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from trainer.bank import calendar
from trainer.bank.amounts import (
    EXPONENT,
    NUMBER_WORDS,
    NUMERAL_WITH_SCALE,
    SCALE_WORDS,
    same_amount,
    written_value,
)

if TYPE_CHECKING:
    from trainer.bank.shapes import Fact, When

from trainer.bank.vocabulary import (
    ABBREVIATED_MONTHS,
    FULL_MONTHS,
    MONTH_NUMBERS,
    NUMERAL,
    PARTICIPLES,
    SUBORDINATORS,
)

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
    r"(?:(?:on|in|at|by|of|for|from|since|until|till|during|around|about|approximately|shortly\s+(?:before|after))"
    r"\s+)*"
)
_NIGHT = r"(?:(?:the\s+)?(?:night|morning|evening|afternoon)\s+of\s+)?"
_PHRASE = rf"{_LEAD}{_NIGHT}(?:{_DATE}|{_TIME}|(?:in|since|by|until)\s+{_YEAR}\b)"
# Matched against lower-cased text: a case-insensitive alternation of month names is slower.
# The lookahead, every word a phrase can begin with (one flat alternation, each tried on its first letter),
# turns the other words away before the phrase's nested alternations are tried.
_FIRST_WORDS = [
    *("on", "in", "at", "by", "of", "for", "from", "since", "until", "till", "during"),  # _LEAD
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
_SCALED = rf"(?:{EXPONENT})?(?:\s+(?i:{SCALE_WORDS})\b)?"
_AMOUNT = re.compile(
    rf"\d(?<![\w.,]\d)[\d,]*(?:\.\d+)?{_SCALED}(?:\s*[-\u2013\u2014]\s*{_NUMERAL}{_SCALED})?(?![\w])"
)
_MINUS = "-\u2212"
_SPELLED = re.compile(r"\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
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


def _signed(text: str, m: re.Match[str]) -> int:
    """Where an amount begins: one character earlier for a minus sign standing before it ("−143 °C",
    the Unicode minus too), which is part of the amount."""
    start = m.start()
    if start and text[start - 1] in _MINUS and (start == 1 or not text[start - 2].isalnum()):
        return start - 1
    return start


def _is_amount(text: str, m: re.Match[str], start: int, amounts: tuple[float, ...]) -> bool:
    for k, part in enumerate(NUMERAL_WITH_SCALE.finditer(m.group())):
        value = written_value(part["num"], part["exp"], part["scale"])
        if k == 0 and start < m.start():
            value = -value
        if any(same_amount(value, amount) for amount in amounts):
            return True
    return False


def amounts_in(text: str, amounts: tuple[float, ...]) -> list[str]:
    """The numerals (and ranges) of `text` that state one of `amounts`, as written ("80\u2013100",
    "4.1 billion", "6.42 × 10²³", "−143")."""
    return mask_amounts(text, amounts)[1]


def mask_amounts(statement: str, amounts: tuple[float, ...]) -> tuple[str, list[str]]:
    """The statement with the numerals equal to one of `amounts` (or a range starting or ending with one,
    with its scale word or power of ten and its minus sign) replaced by an ellipsis, and a spelled number
    ("six") equal to one too; and those numerals, as written (one search for both)."""
    pieces: list[str] = []
    found: list[str] = []
    last = 0
    for m in _AMOUNT.finditer(statement):
        start = _signed(statement, m)
        if _is_amount(statement, m, start, amounts):
            pieces += (statement[last:start], "\u2026")
            found.append(statement[start : m.end()])
            last = m.end()
    pieces.append(statement[last:])
    masked = "".join(pieces)
    if any(a in _SPELLED_VALUES for a in amounts):
        masked = _SPELLED.sub(
            lambda w: "\u2026" if NUMBER_WORDS[w.group().lower()] in amounts else w.group(), masked
        )
    return masked, found


_SPELLED_VALUES = frozenset(map(float, NUMBER_WORDS.values()))


def spelled_amount_left(text: str, amounts: tuple[float, ...]) -> bool:
    """Whether `text` still states one of `amounts` with a numeral (in a form the masking did not take)."""
    return any(any(same_amount(written_value(n), a) for a in amounts) for n in _NUMERALS.findall(text))


# What an item must not say, since it would place the item in its sequence: position and stage words,
# and superlatives ("the most powerful earthquake ever recorded", "the last battle of the war", a siege
# "laid", "relieved" and "abandoned"). "Most" and "least" as quantifiers or bounds ("most victims", "at
# least 71,000") place nothing.
_PLACING = re.compile(
    r"(?<![\w-])(?:first|firstly|last|lastly|final|finally|only|ever|earliest|latest|later|earlier|eventually"
    r"|subsequently|initially|next|afterwards|thereafter|began|begins|begin|beginning|start"
    r"|started|starts|ended|ends|end|(?:the|its|their|his|her)\s+(?:most|least)"
    r"|(?<!at )(?:most|least)\s+[a-z]+(?:ful|ous|ive|ic|al|able|ible|ant|ent|ly)|second|third|fourth|fifth|sixth|again|resumed|renewed"
    r"|completed|concluded|finished|laid|relieved|lifted|abandoned|outbreak|broke out|shrunk|shrank"
    r"|(?:year|day|month|week|decade|century|hour)s?\s+(?:after|before|later|earlier)"
    r"|[a-z]{2,}est)\b"
)
_NOT_SUPERLATIVE = (
    "west", "rest", "test", "quest", "gest", "nest", "priest", "harvest", "modest", "fest", "invest",
    "chest", "pest", "vest", "crest", "behest", "everest", "terest", "orest", "manifest",
)  # fmt: skip


def placing_word(text: str) -> str | None:
    """The first word of `text` that tells where it stands in a sequence, if any."""
    for m in _PLACING.finditer(text.lower()):
        word = m.group()
        if word.endswith("est") and word not in ("earliest", "latest") and word.endswith(_NOT_SUPERLATIVE):
            continue
        return word
    return None


_ERA = r"(?:bce|bc|ad|ce)"
_COUNT_WORDS = "|".join(NUMBER_WORDS) + "|a|an"
_ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    "|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first"
)


def _historic_core(bare: str) -> str:
    return (
        r"(?:(?:early|mid|late)[-\s]+)?(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?"
        rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)|{_ORDINAL_WORDS})[-\s]+(?:century|centuries|millennium)(?:\s+{_ERA}\b)?"
        rf"|\d{{0,3}}0s\b(?:\s+{_ERA}\b)?"
        rf"|(?:ad|ce)\s*\d{{1,4}}\b"
        rf"|\d{{1,4}}\s*{_ERA}\b"
        rf"|{bare}\d{{3,4}})\b"
        r"|(?:january|february|march|april|june|july|august|september|october|november|december)\b"
        r"|later\s+that\s+(?:same\s+)?(?:day|night|morning|evening|afternoon|week|month|year)\b"
        r"|(?:the\s+)?(?:next|following)\s+(?:day|night|morning|evening|week|month|year)\b"
        rf"|(?:\d+|{_COUNT_WORDS}|several|a\s+few)\s+(?:minute|hour|day|week|month|year)s?\s+(?:later|afterwards?|earlier)\b"
        # A season only where a year follows: "the Fall of Rome", "the Year Without a Summer" are no dates.
        r"|(?:spring|summer|autumn|fall|winter)(?:\s+of)?(?=\s+\d)"
        r"|noon\b|midnight\b|dawn\b|dusk\b|nightfall\b|daybreak\b|utc\b|gmt\b|local\s+time\b)"
    )


_HISTORIC_LEADS = (
    "in", "on", "at", "by", "from", "since", "until", "till", "during", "around", "about", "approximately",
    "circa", "c.", "ca.", "after", "before", "of", "to", "between", "as",
)  # fmt: skip
_HISTORIC_FIRSTS = (
    "early", "mid", "late", "the", "ad", "ce", "january", "february", "march", "april", "june", "july",
    "august", "september", "october", "november", "december", "later", "next", "following", "several", "a",
    "an", "spring", "summer", "autumn", "fall", "winter", "noon", "midnight", "dawn", "dusk", "nightfall",
    "daybreak", "utc", "gmt", "local",
)  # fmt: skip
# Matched in the text behind one space, the pattern takes the non-word character before a phrase, so that
# it begins with a character class and the search skips to those characters; the lookahead turns away
# every word no phrase begins with before the phrase's alternations are tried (as `_TEMPORAL` does).
_HISTORIC = re.compile(
    r"[^\w](?=\d|"
    + "|".join(
        rf"{re.escape(word)}\b" if word[-1] != "." else re.escape(word)
        for word in (*_HISTORIC_LEADS, *_HISTORIC_FIRSTS, *_ORDINAL_WORDS.split("|"), *NUMBER_WORDS)
    )
    + r")(?:(?:in|on|at|by|from|since|until|till|during|around|about|approximately|circa|c\.|ca\.|after"
    r"|before|of|to|between|as\s+early\s+as|as\s+late\s+as)\s*)*"
    rf"{_historic_core('(?P<bare>')}(?:\s*(?:\u2013|\u2014|-|to|and|or)\s*{_historic_core('(')})?"
)
_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "from", "for", "with", "than", "as", "equivalent",
    "and", "or", "between", "since", "until", "about", "around", "its", "their", "his", "her", "this",
    "that", "which", "was", "were", "is", "are", "be", "been", "being", "dated", "date", "reigned", "ruled",
    "lasted",
))  # fmt: skip


def _era_left(text: str) -> bool:
    """An era token in `text`; the plain tests rule out nearly every text before the search."""
    return ("BC" in text or "AD" in text or "CE" in text or "B.C" in text or "A.D" in text) and bool(
        _ERA_LEFT.search(text)
    )


_CUT = "\x00"
_END_PUNCTUATION = re.compile(r"[,;:]+([.!?])")  # "Croesus,." once ", in 547 or 546 BC" is gone
_YEARS_LEFT = re.compile(r"\d(?<![\d,.]\d)\d{2,3}(?![\d,])")  # begins with a digit: the search skips ahead
_ERA_LEFT = re.compile(r"\b(?:BCE|BC|AD|CE|B\.C\.|A\.D\.)(?!\w)")


def _garbled(text: str) -> bool:
    """Whether a cut (`_CUT`) left a sentence broken: a function word before a cut that ends its clause
    ("equivalent to …." once "868" is gone; "between … and"), or a clause left with one word
    ("…for the University of Cambridge, completed.")."""
    for m in re.finditer(_CUT, text):
        before = re.findall(r"[\w'-]+", text[: m.start()].split(",")[-1].split(";")[-1].split("(")[-1])
        after = text[m.end() :].lstrip(_CUT + " ")
        ends_clause = (
            not after or after[0] in ",.;:)!?" or after.split(" ", 1)[0].lower() in ("and", "or", "to")
        )
        if before and before[-1].lower() in _FUNCTION_WORDS and ends_clause:
            return True
        clause_after = re.split(r"[,.;:)!?]", after, maxsplit=1)[0].replace(_CUT, " ")
        # One word left alone in its clause, unless it ends a parenthetical ("Works, in four volumes,
        # appeared"): an even number of commas before it.
        lone = len(before) + len(clause_after.split()) == 1 and not (after[:1] in ",;" and not before)
        if lone and text[: m.start()].count(",") % 2 == 1:
            return True
    return False


_LASTING = re.compile(r"\W*(since|until|till|up\s+to|ever\s+since)\b", re.IGNORECASE)
# Matched in lower case, beginning with a letter rather than a word boundary, so that the search skips ahead
# to the h's.
_PERFECT = re.compile(
    r"h(?<![\w]h)(?:as|ave|ad)\s+(?:\w+ly\s+)?(?:(?:" + "|".join(PARTICIPLES) + r")\b|[a-z]+ed\b)"
)
_SUBORDINATOR = re.compile(r"\b(?:" + "|".join(SUBORDINATORS) + r")\b", re.IGNORECASE)


def perfect_tense(text: str) -> str | None:
    """The first perfect tense of `text`'s own clauses ("has been observed", "had been deployed"), which
    tells of a state up to a time or of a time before another rather than of an event at the item's date;
    one in a subordinate clause ("close to where Le Verrier had predicted it") is not the item's own."""
    lower = text.lower()
    for m in _PERFECT.finditer(lower if len(lower) == len(text) else text):
        clause = re.split(r"[,;:(\u2014]", text[: m.start()])[-1]
        if not _SUBORDINATOR.search(clause):
            return m.group()
    return None


class ItemProblem(enum.Enum):
    """Why a statement cannot be a timeline item; the value is said to the teacher."""

    PLACES_ITSELF = "its statement says where it stands ({word!r})"
    BROKEN = "its statement reads broken once its date is taken out"
    DATE_LEFT = "its date cannot be taken out of its statement"
    PERFECT = (
        "its statement is in a perfect tense ({words!r}): it tells of a state, or of a time before another, "
        "not of an event at its own date"
    )
    LASTING = (
        "its statement says how long something lasted ({word!r} a date); without the date it tells of a "
        "state, not an event, or says what is untrue"
    )


def _a_subject(text: str, start: int, end: int) -> bool:
    """Is the date `text[start:end]` a bare year that a clause is about ("…, and 1816 became known as the Year
    Without a Summer")? Cut out, its verb would have another subject."""
    cut = text[start:end].strip()
    if not cut[:1].isdigit():
        return False  # "in 1816", "by 1455": a phrase the clause reads without
    before = text[:start].rstrip().replace(_CUT, "").rstrip()
    opens_clause = not before or before[-1] in ",;:" or before.rsplit(None, 1)[-1].lower() in _CONJUNCTIONS
    return opens_clause and text[end:].lstrip()[:1].islower()


_CONJUNCTIONS = frozenset(("and", "but", "or", "while", "whereas", "so", "yet"))


@lru_cache(maxsize=65536)
def timeline_item_text(statement: str, years: frozenset[int]) -> tuple[str | None, str]:
    """`statement` as a timeline item: every date and time of day taken out (`without_time`'s phrases,
    then years with their era, "c.", decades, centuries, seasons, month names, "N days later" and `years`
    written bare); or None, and why not, if what is left would read broken, still names one of `years` or
    an era, or says where it stands."""
    kept: list[str] = []
    last = 0
    cuts: list[str] = []  # what is taken out, for a bound of a state ("since 1830", "until 343 BC")
    for start, end in _temporal_spans(statement):
        kept += (statement[last:start], _CUT)
        cuts.append(statement[start:end])
        last = end
    text = "".join(kept) + statement[last:]
    lower = text.lower()
    pieces: list[str] = []
    last = 0
    for m in _HISTORIC.finditer(" " + lower):  # offsets one on: the space, and the character taken
        bare = m["bare"]
        if bare is not None and int(bare) not in years and not m.group()[m.end("bare") - m.start() :].strip():
            continue  # a number alone that is no year of this fact's
        if _a_subject(text, m.start(), m.end() - 1):
            return None, ItemProblem.BROKEN.value
        pieces += (text[last : m.start()], _CUT)
        cuts.append(text[m.start() : m.end() - 1])
        last = m.end() - 1
    text = "".join(pieces) + text[last:]
    for cut in cuts:
        if bound := _LASTING.match(cut):
            return None, ItemProblem.LASTING.value.format(word=bound.group(1))
    if _CUT in text and _garbled(text):
        return None, ItemProblem.BROKEN.value
    masked = _END_PUNCTUATION.sub(r"\1", _tidy(" ".join(text.split(_CUT))))
    if len(masked) <= 3:
        return None, ItemProblem.BROKEN.value
    if word := placing_word(masked):
        return None, ItemProblem.PLACES_ITSELF.value.format(word=word)
    if words := perfect_tense(masked):
        return None, ItemProblem.PERFECT.value.format(words=words)
    if _era_left(masked) or any(int(y) in years for y in _YEARS_LEFT.findall(masked)):
        return None, ItemProblem.DATE_LEFT.value
    return masked, ""


def timeline_text(statement: str, years: frozenset[int]) -> str | None:
    """`timeline_item_text` without the reason."""
    return timeline_item_text(statement, years)[0]


def _years(when: When) -> frozenset[int]:
    """The years a fact's `when` may be written with in its statement: the numbers of its date (1792 and
    1750 in "1792–1750 BC") and the years its interval begins and ends in, as written (3500 for 3500 BC)."""
    return _years_of(when.date or "")


@lru_cache(maxsize=65536)
def _years_of(date: str) -> frozenset[int]:
    """`_years` by the date alone: every timeline a fact is in asks again."""
    if len(date) in (4, 7, 10) and date[:4].isdigit() and (len(date) == 4 or date[4] == "-"):
        return frozenset((int(date[:4]),))  # an ISO date, as most are: its own year only
    numbers = re.findall(r"\d+", date)
    # An ISO date's month and day are no years; in "1792–1750 BC" or "5 March 44 BC" the day is left in.
    years = {int(numbers[0])} if re.match(r"\d{4}-\d", date) else {int(n) for n in numbers}
    try:
        span = calendar.parse(date) if date else None
    except calendar.DateError:
        span = None
    if span is not None:
        for moment in (span.start, span.end - 1):
            if calendar.NEVER_BEFORE < moment < calendar.NEVER_AFTER:
                year = calendar.year_of(moment)
                years.add(year if year > 0 else 1 - year)
    return frozenset(years)


def timeline_item(fact: Fact) -> str | None:
    """The fact as a timeline item: its `item`, else its statement without its dates and times; None if
    that cannot be made into a sentence that keeps its time and its place in a sequence to itself."""
    if fact.item:
        return fact.item
    assert fact.when is not None
    return timeline_text(fact.statement, _years(fact.when))


def timeline_item_problem(fact: Fact) -> str:
    """Why `timeline_item` is None for a fact with a `when` and no `item` ("" if it is not)."""
    assert fact.when is not None
    return "" if fact.item else timeline_item_text(fact.statement, _years(fact.when))[1]
