"""The words and numerals trainer reads a bank's text for, kept once: month names, numerals and the words
by which a source reports a claim. Every pattern that looks for them (answer folding, the timeline's
labels, masking times and amounts out of statements, the check for unattributed claims) is built from
these."""

from __future__ import annotations

MONTHS: tuple[tuple[str, ...], ...] = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
"""Each month's names in lower case, January first: its full name, then its abbreviations."""

MONTH_NUMBERS: dict[str, int] = {name: number for number, names in enumerate(MONTHS, 1) for name in names}
"""Any name of a month (lower case) -> its number, 1 to 12."""

MONTH = r"(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
"""A month's name in running text, as the group `month` (longest names first, so "sept" beats "sep")."""

FULL_MONTHS = tuple(names[0] for names in MONTHS)
ABBREVIATED_MONTHS = tuple(name for names in MONTHS for name in names[1:])


def month_name(number: int) -> str:
    """ "January" for 1."""
    return MONTHS[number - 1][0].title()


UNITS: tuple[str, ...] = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
"""The number words below twenty, `UNITS[n]` for n."""

TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip

NUMBER_WORDS: dict[str, int] = {word: n for n, word in enumerate(UNITS)} | TENS
"""Every number a single word names, "zero" to "nineteen" and the tens."""

NUMERAL = r"\d[\d,]*(?:\.\d+)?"
"""A numeral as running text writes it: digits with any commas, and decimals ("1,500", "2.5")."""

WHOLE_NUMERAL = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
"""A numeral that is a whole answer: commas only between groups of three ("1,500", not "15,00")."""

CLAIM_WORDS: tuple[tuple[str, str], ...] = (
    ("according to", ""),
    # Not a claim to something ("claimed it for Portugal", "claimed the throne"): that is an act, not a report.
    (
        "claim",
        r"(?:s|ed)?(?!(?: (?!that\b|to\b)[\w'-]+){0,6} for\b| (?:possession|sovereignty|ownership|the throne)\b)",
    ),
    ("alleg", "(?:e|es|ed|edly|ing|ation|ations)"),
    ("reportedly", ""),
    ("unconfirmed", ""),
    ("speculat", "(?:e|es|ed|ion|ions)"),
)
"""Words by which a source reports a claim rather than stating a fact: (stem, pattern of its endings)."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CATEGORY_WORDS: dict[str, frozenset[str]] = {
    head: _words(words)
    for head, words in {
        "publication": "newspaper magazine journal periodical paper daily weekly review gazette tabloid",
        "outlet": "newspaper magazine journal periodical paper daily weekly gazette tabloid publication "
        "agency broadcaster station channel network radio website",
        "aircraft": "fighter bomber helicopter drone gunship jet plane airliner aeroplane airplane glider",
        "vessel": "ship boat submarine frigate destroyer cruiser carrier galley warship trireme",
        "ship": "boat submarine frigate destroyer cruiser carrier galley warship trireme vessel",
        "writer": "author historian poet novelist playwright dramatist essayist journalist biographer "
        "chronicler",
        "author": "writer historian poet novelist playwright dramatist essayist journalist biographer "
        "chronicler",
        "scientist": "astronomer physicist chemist biologist mathematician geologist naturalist",
        "ruler": "king queen emperor empress shah pharaoh sultan tsar czar monarch prince princess",
        "monarch": "king queen emperor empress shah pharaoh sultan tsar czar ruler",
        "leader": "king queen emperor empress shah pharaoh sultan tsar czar monarch ruler president "
        "minister chancellor chief commander general premier",
        "official": "minister secretary spokesperson spokesman spokeswoman ambassador governor diplomat "
        "envoy commissioner",
        "politician": "president minister senator deputy candidate governor chancellor premier",
        "battle": "victory defeat siege engagement clash",
        "child": "son daughter",
        "parent": "father mother",
        "spouse": "husband wife",
        "organisation": "organization party agency company firm movement",
    }.items()
}
"""A category a question asks for -> the narrower categories that answer it ("which publication?" is
answered by a newspaper or a magazine; "which newspaper?" by a newspaper only): general words, so that a
candidate known as a "German magazine" is offered under "which German publication?"."""

GENERIC_CATEGORIES = _words(
    "person people one ones thing things name names place places man men woman women figure individual "
    "kind type sort"
)
"""Nouns that ask no category of their own: "which person", "which place" accept any answer of the kind."""

FUNCTION_WORDS = _words(
    """a an the this that these those his her its their our my your whose which what who whom where when
    why how is was were are be been being am do did does done has had have having will would shall should
    can could may might must not no nor and or but if than then so as at by for from in into on onto to
    toward towards with without within upon about after before during since until under over between
    among against through via per also only just still even according said says say told beyond near close
    around across behind beside along inside outside off out up down far some each every more most less
    many much while later earlier then there here he she it they we you him them me
    spoke wrote led found won fought took gave made met sent built began became saw held drew rose fell ran
    brought bought thought taught caught sought knew grew threw flew drove rode struck stood sat lay left lost
    kept felt paid sold went came got put set hit read heard meant shot spent chose broke bore hid ate forgot
    overcame overthrew withdrew"""
)
"""Words that end the noun phrase naming a category ("which king ruled", "which king spoke"): articles,
pronouns, auxiliaries, irregular past tenses (regular ones end in "-ed"), prepositions other
than "of", conjunctions, pronouns, and the adverbs and quantifiers that stand where a
title would."""
QUALIFYING_WORDS: tuple[str, ...] = (
    "some", "might", "could", "possibly", "perhaps", "maybe", "unspecified", "unnamed", "unidentified",
    "unknown", "reportedly", "allegedly", "apparently", "probably", "likely", "presumably", "supposedly",
)  # fmt: skip
"""Words by which a phrase hedges what it says ("an unspecified minister", "some … might be"): an option
that alone has one stands out."""

_HOUR, _DAY, _YEAR = 3600.0, 86400.0, 31556952.0
TIME_UNITS: dict[str, tuple[float, str, str]] = {
    "second": (1.0, "second", "seconds"),
    "minute": (60.0, "minute", "minutes"),
    "hour": (_HOUR, "hour", "hours"),
    "day": (_DAY, "day", "days"),
    "week": (7 * _DAY, "week", "weeks"),
    "fortnight": (14 * _DAY, "fortnight", "fortnights"),
    "month": (_YEAR / 12, "month", "months"),
    "year": (_YEAR, "year", "years"),
    "decade": (10 * _YEAR, "decade", "decades"),
    "century": (100 * _YEAR, "century", "centuries"),
    "millennium": (1000 * _YEAR, "millennium", "millennia"),
}
"""Each span of time by its singular name: its length in seconds (a month a twelfth of a Gregorian year),
and how it is written with one and with more."""

TIME_UNIT_NAMES: dict[str, str] = {
    form: name for name, (_, one, more) in TIME_UNITS.items() for form in (one, more)
}
"""Any written form of a span of time ("centuries") -> its singular name."""

_OPENERS = (
    "what which who whom whose when where why how whereabouts in on at by for from with to of into onto "
    "during after before under over about since until till between among through against the a an "
    "is are was were did does do had has have can could would will should may might must"
)
QUESTION_OPENERS = frozenset(_OPENERS.split())
"""Words that open a question and are no name, so an attribution put before the question lowers them."""

_MALE = (
    "man men boy boys husband husbands father fathers brother brothers son sons uncle uncles nephew nephews "
    "grandfather grandson stepfather stepson stepbrother father-in-law brother-in-law son-in-law king kings "
    "prince princes widower boyfriend fiance emperor duke lord monk"
)
_FEMALE = (
    "woman women girl girls wife wives mother mothers sister sisters daughter daughters aunt aunts niece nieces "
    "grandmother granddaughter stepmother stepdaughter stepsister mother-in-law sister-in-law daughter-in-law "
    "queen queens princess princesses widow girlfriend fiancee empress duchess lady nun"
)
GENDERED_NOUNS: dict[str, str] = dict.fromkeys(_MALE.split(), "male") | dict.fromkeys(
    _FEMALE.split(), "female"
)
"""Nouns for people that say their sex (folded): "her mother" is no answer to who a man was to someone."""
STAGE_WORDS: dict[str, tuple[str, ...]] = {
    "start": (
        "born", "birth", "founded", "founding", "foundation", "established", "founder", "accession", "acceded",
        "ascended", "crowned", "coronation", "seized the throne", "took the throne", "came to the throne",
        "came to power", "took power", "seized power", "inaugurated", "opened", "premiered", "premiere",
        "debut", "launched", "invaded",
    ),
    "end": (
        "died", "dies", "death", "murdered", "assassinated", "executed", "was killed", "were killed", "drowned", "abdicated",
        "abdication", "deposed", "overthrown", "fall of", "dissolved", "collapsed", "closed", "widow",
        "widowed", "posthumous", "posthumously", "buried", "funeral",
    ),
    "report": (
        "reported", "reports", "report", "reporting", "announced", "responded", "respond",
        "responds", "in response", "response", "reacted", "reaction", "review", "reviewed", "edition",
        "revised", "reprinted",
    ),
    "derivation": (
        "son of", "daughter of", "child of", "heir", "successor", "succeeded", "step-mother", "stepmother",
        "stepfather", "stepsister", "stepbrother", "stepson", "stepdaughter", "remarried", "adaptation",
        "adapted", "sequel",
    ),
    "plan": ("proposes", "proposed", "proposal", "planned", "plans to", "plan to"),
}  # fmt: skip
"""Words that place an event in the life of a person, a state, a work or a process it shares with another
item (its start, its end, a report of or reaction to it, something derived from it, a plan for it), by class. Two ordering
items that name the same thing, one with such a word, give their order away: a birth before the person's
acts, a founding before the founder's death, a report after the event, a later edition after the first.
"According to" is none: an attributed item is dated as the event it attributes, and the source it names is
never what two items share (`trainer.questions.stages`)."""

PARTICIPLES: tuple[str, ...] = (
    "been", "done", "made", "seen", "gone", "taken", "begun", "written", "known", "built", "left", "lost",
    "found", "fought", "held", "led", "won", "sent", "set", "put", "brought", "bought", "thought", "told",
    "become", "come", "run", "sold", "spent", "struck", "sunk", "grown", "given", "shown", "drawn", "fallen",
    "risen", "broken", "chosen", "spoken", "stolen", "driven", "eaten", "forgotten", "hidden", "ridden",
    "thrown", "worn", "born", "borne", "sworn", "torn", "met", "kept", "slept", "felt", "heard", "paid", "said",
    "laid", "read", "had", "fled", "fed", "bred", "spread", "split", "hit", "cut", "shut", "let", "beaten",
)  # fmt: skip
"""Irregular past participles ("had fought", "has been"), beside those in -ed: a perfect tense."""

SUBORDINATORS: tuple[str, ...] = (
    "that", "which", "who", "whom", "whose", "where", "when", "whether", "after", "before", "because", "since",
    "as", "until", "though", "although", "if", "once", "while",
)  # fmt: skip
"""Words that open a subordinate clause: a perfect tense after one says nothing of the item's own time."""


LOWER_BOUNDS: tuple[str, ...] = ("more than", "over", "at least", "upwards of")
"""Words that state an amount's lower bound ("more than 4,000 km"): the amount is above them."""
UPPER_BOUNDS: tuple[str, ...] = ("less than", "fewer than", "under", "up to", "at most")
"""Words that state an amount's upper bound ("up to 250")."""
