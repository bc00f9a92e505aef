"""Ordering items whose words give their order away against each other: two items that name the same thing
(a proper name, or the same head noun), one of them with a word that places an event in that thing's life
or process (`trainer.bank.vocabulary.STAGE_WORDS`: born, founded, died, murdered, reported, "son of", a
later edition). "Cyrus died" goes after "Cyrus conquered Lydia", "Presumption opened" before "Mary saw
Presumption", newspapers' reports after the vote they report, without the learner knowing any date.

Each item's cues are read once (`cues`, cached by its text): its stage word, one search. What it names
(`parts`) is read only when a pair asks, that is when one of the two has a stage word, as most have not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from trainer.bank.vocabulary import STAGE_WORDS

_STAGE_ALL = frozenset(w for words in STAGE_WORDS.values() for w in words)
_STAGE_WORD = frozenset(w for w in _STAGE_ALL if " " not in w)
_STAGE_PHRASES = tuple(
    # Its longest word first: a substring test that rules out nearly every text before the search.
    (
        max(w.split(), key=len),
        re.compile(r"(?<![\w-])" + re.escape(w).replace(r"\ ", r"\s+") + r"(?![\w-])"),
    )
    for w in sorted(_STAGE_ALL - _STAGE_WORD)
)
_KIND = {w: kind for kind, words in STAGE_WORDS.items() for w in words}
_LOWER_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_WORD = re.compile(r"[^\W\d_](?:[\w\u2019'.-]*[\w\u2019'])?|\d+")
_ROMAN = re.compile(r"[IVXLC]+")
_RANKED = re.compile(r"[A-Z][\w'\u2019-]*\s+[IVXLC]+\b")
_NUMERAL = re.compile(r"(?:x{0,3})(?:ix|iv|v?i{0,3})")
"""A regnal number up to 39 as a name's word (folded), "ii" or "xiv"; a word of other letters is none."""
# Words that are no name when capitalised (a sentence's first word) and end a noun phrase.
_FUNCTION = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "from", "for", "with", "than", "as", "and", "or",
    "but", "nor", "so", "yet", "into", "onto", "over", "under", "near", "between", "since", "until", "about",
    "around", "after", "before", "during", "while", "when", "where", "which", "who", "whom", "whose", "that",
    "this", "these", "those", "its", "their", "his", "her", "our", "my", "your", "it", "they", "he", "she",
    "we", "you", "i", "there", "here", "some", "many", "most", "all", "each", "every", "both", "any", "no",
    "not", "own", "according", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do",
    "does", "did", "will", "would", "can", "could", "may", "might", "shall", "should", "must", "also", "then",
))  # fmt: skip
_LOCATIVE = frozenset(("in", "at", "near", "outside", "inside", "across", "around", "off"))
"""A name after these is where something happened ("drowned in London"), not who or what it happened to;
so is a name after "according to", the source of a claim."""
_DETERMINERS = frozenset(("a", "an", "the", "its", "their", "his", "her", "our", "this", "these", "those"))
_NOUN_PHRASE = 3
"""At most this many words after a determiner make its noun phrase; the last is its head."""


@dataclass(frozen=True, slots=True)
class Cues:
    """What a pair is first asked of an item: most have neither a stage word nor a regnal number, and then
    what they name is never read."""

    text: str
    stage: str | None
    """The item's first stage word, as written; None if it has none."""
    ranked: bool
    """Whether it may name someone with a regnal number ("Darius III"): a capitalised word, then a numeral."""
    bounding: bool
    """Whether one of its stage words is a start or an end (born, founded, died, fell)."""


@dataclass(frozen=True, slots=True)
class Parts:
    names: tuple[frozenset[str], ...]
    """Its runs of capitalised words, each the set of its words (folded, singular: "the Shelleys" names a
    Shelley): "Xerxes I" is {xerxes, i}."""
    nouns: frozenset[str]
    """The head nouns of its noun phrases, as written: "forces" is not "force", since a plural often
    names a kind ("armed forces") where the singular names one thing ("the force")."""
    words: frozenset[str]
    """Every word of four letters or more but function words, folded and singular: what a teacher's
    sequence, whose items are short phrases of one story, shares between cause and effect."""


def _bare(token: str) -> str:
    """The word without a possessive ("Xerxes'", "Cyrus's") or a sentence's full stop."""
    for end in ("'s", "\u2019s", "'", "\u2019"):
        if token.endswith(end):
            return token[: -len(end)]
    return token[:-1] if token.endswith(".") and token.count(".") == 1 else token


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _add_head(phrase: list[str], nouns: set[str]) -> None:
    """The head of a noun phrase: its last word, unless an adverb or a name after common words ("the
    Trump administration": administration); a name that is all of the phrase is a head too ("the
    Achaemenid Empire": empire, as "the empire" says elsewhere)."""
    head = phrase[-1] if phrase else ""
    named = head[:1].isupper()
    if len(head) > 2 and not head.endswith("ly") and (not named or all(w[:1].isupper() for w in phrase)):
        nouns.add(head.lower())


@lru_cache(maxsize=65536)
def cues(text: str) -> Cues:
    """The item's stage word, and whether it may have a regnal number."""
    # A set of its words against the stage words, and a substring test before each phrase's search: one
    # alternation of them all, tried at every position, costs several times as much.
    lower = text.lower()
    found = [(lower.find(w), w) for w in _STAGE_WORD.intersection(_LOWER_WORD.findall(lower))]
    for key, pattern in _STAGE_PHRASES:
        if key in lower and (m := pattern.search(lower)):
            found.append((m.start(), m.group()))
    ranked = (" I" in text or " V" in text or " X" in text) and bool(_RANKED.search(text))
    bounding = any(_KIND[" ".join(w.split())] in ("start", "end") for _, w in found)
    return Cues(text, min(found)[1] if found else None, ranked, bounding)


@lru_cache(maxsize=65536)
def parts(text: str) -> Parts:
    """What of `text` can tie it to another item."""
    names: list[frozenset[str]] = []
    nouns: set[str] = set()
    run: list[str] = []
    aside = False  # the run is a place or a source, not what the item is about
    lead = ("", "")  # the two words before this one, "the" left out
    phrase: list[str] | None = None  # the words after a determiner, while its noun phrase lasts
    last_end = 0
    for m in _WORD.finditer(text):
        raw = m.group()
        token = _bare(raw)
        lower = token.lower()
        joined = not text[last_end : m.start()].strip()  # nothing but space since the last word
        last_end = m.end()
        # "I" is a pronoun, but a regnal number after a name ("Darius I").
        numeral = bool(run) and joined and bool(_ROMAN.fullmatch(token))
        capital = token[:1].isupper() and (lower not in _FUNCTION or numeral)
        if not (capital and (joined or not run)):
            if run and not aside:
                names.append(frozenset(run))
            run = []
        if capital and not (_ROMAN.fullmatch(token) and not run):
            if not run:
                aside = lead[1] in _LOCATIVE or lead == ("according", "to")
            run.append(_singular(lower))
        if lower != "the":
            lead = (lead[1], lower)
        if phrase is not None:
            ends = (
                not joined
                or lower in _FUNCTION
                or (capital and phrase and phrase[-1][:1].islower())
                or (phrase and (lower.endswith("ed") or lower.endswith("ing")))
                or len(phrase) == _NOUN_PHRASE
            )
            if ends:
                _add_head(phrase, nouns)
                phrase = None
            else:
                phrase.append(token)
        if phrase is None and (lower in _DETERMINERS or raw != token):  # a possessive determines too
            phrase = []
    if run and not aside:
        names.append(frozenset(run))
    if phrase:
        _add_head(phrase, nouns)
    words = frozenset(
        _singular(w)
        for w in map(str.lower, map(_bare, _WORD.findall(text)))
        if len(w) > 3 and w not in _FUNCTION
    )
    return Parts(tuple(names), frozenset(nouns), words)


def shared(a: Cues, b: Cues, *, loose: bool = False) -> tuple[str, str] | None:
    """What two items both name (a name, one run of capitalised words within the other's, or a head noun;
    `loose`: any word) if one of them has a stage word, and that word; or one name with two regnal numbers
    ("Darius I", "Darius III"); else None."""
    if a.stage is None and b.stage is None:
        if not (a.ranked and b.ranked):
            return None
        for name in parts(a.text).names:
            for other in parts(b.text).names:
                if _ranked(name, other):
                    return _pair(name, other), "regnal numbers"
        return None
    stage = a.stage or b.stage
    assert stage is not None
    mine, theirs = parts(a.text), parts(b.text)
    for name in mine.names:
        for other in theirs.names:
            if name <= other or other <= name:
                return " ".join(sorted(name if len(name) <= len(other) else other)), stage
            if _ranked(name, other):
                return _pair(name, other), "regnal numbers"
    common = (mine.words & theirs.words) if loose else (mine.nouns & theirs.nouns)
    return (min(common), stage) if common else None


def _pair(name: frozenset[str], other: frozenset[str]) -> str:
    return " / ".join(
        sorted(" ".join(sorted(n, key=lambda w: (bool(_NUMERAL.fullmatch(w)), w))) for n in (name, other))
    )


def _ranked(name: frozenset[str], other: frozenset[str]) -> bool:
    """One name with two regnal numbers: the words apart from one numeral each are the same."""
    left, right = name - other, other - name
    if len(left) != 1 or len(right) != 1:
        return False
    (mine,), (theirs,) = left, right
    return bool(_NUMERAL.fullmatch(mine)) and bool(_NUMERAL.fullmatch(theirs))


def gives_away(a: str, b: str) -> tuple[str, str] | None:
    """(the thing both items name, the word that places one against the other) if the items' words give
    their order away; else None."""
    return shared(cues(a), cues(b))


def bounds_subject(item: Cues, subject: str) -> bool:
    """Whether the item is the start or the end of what the whole bank is about (its title names it: "Mary
    Shelley was born" in a bank titled "Mary Shelley"): first or last against every other item of the bank,
    so no timeline can hold it."""
    if not item.bounding:
        return False
    title = parts(subject).names
    return any(name <= own or own <= name for name in parts(item.text).names for own in title)


def self_ordered(items: list[str]) -> tuple[int, int, str, str] | None:
    """The first two of a teacher's sequence items whose words give their order away, as (j, k, what both
    name, the word that places one against the other); any word they share counts, as a sequence's items
    are phrases of one story."""
    found = [cues(item) for item in items]
    for j, a in enumerate(found):
        for k in range(j + 1, len(found)):
            if pair := shared(a, found[k], loose=True):
                return j, k, *pair
    return None


def ambiguous_name(item: str, corpus: str) -> list[str]:
    """The names with a regnal number `corpus` gives to a name `item` writes bare ("Darius" where the bank
    has Darius I and Darius III): more than one, or none."""
    for m in _RUN.finditer(item):
        name = m.group()
        if _ROMAN.fullmatch(name.rsplit(" ", 1)[-1]) or name.lower() in _FUNCTION:
            continue
        numbered = set(re.findall(rf"(?<![\w-]){re.escape(name)}\s+([IVX]+)\b", corpus))
        if len(numbered) > 1:
            return sorted(f"{name} {n}" for n in numbered)
    return []


_RUN = re.compile(r"(?<![\w'-])[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*(?![\w'-])")
