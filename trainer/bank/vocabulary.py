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
    ("claim", "(?:s|ed)?"),
    ("alleg", "(?:e|es|ed|edly|ing|ation|ations)"),
    ("reportedly", ""),
    ("unconfirmed", ""),
    ("speculat", "(?:e|es|ed|ion|ions)"),
)
"""Words by which a source reports a claim rather than stating a fact: (stem, pattern of its endings)."""

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
