"""What sort of thing a question asks for, and what sort each answer of a bank is known to be, so that a
name is offered only where it fits the stem: "which Syrian President?" offers other Syrian presidents, not
Russian journalists; a scientist of 1892 is not offered for an event of 1665.

A category is a head noun and its qualifiers (capitalised modifiers and an "of" complement: "Syrian
President", "son of Darius", "Secretary of State", "who of Novaya Gazeta"). A question's is read from the
noun phrase after its "which" or "what". An answer's are read from its own fact's question and from the
source text around each place it stands: a title before it ("Syrian President Bashar al-Assad", "the
German magazine Der Spiegel"), an apposition after it ("Astyages, the last king of the Median Empire"),
an affiliation ("Irek Murtazin of Novaya Gazeta"), a list it is an example of ("senior Syrian officials,
such as ..."). Everything is read from the text's structure and `vocabulary`'s general words, never from
a subject's names. Built once per bank and only for the answers a question looks at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from trainer.bank import timeline
from trainer.bank.folding import fold, occurs
from trainer.bank.vocabulary import CATEGORY_WORDS, FUNCTION_WORDS, GENERIC_CATEGORIES

if TYPE_CHECKING:
    from trainer.bank.shapes import Fact

_TOKEN = re.compile(r"(?P<word>[^\W\d_][\w'’.-]*)|(?P<stop>[^\w\s]|\d\S*)")
_WH = re.compile(r"\b(?:which|what|who)\b(?:\W+(\w+))?", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an) (?=\S)", re.IGNORECASE)
_CAPITALISED = re.compile(r"[^\W\d_][\w'’.-]*")
_EXAMPLE_OF = re.compile(r"(?:,? such as|,? including)\s*$")
_AUXILIARIES = frozenset(("is", "was", "were", "are", "did", "does", "do", "has", "had", "have", "will"))
_NO_PHRASE = FUNCTION_WORDS - {"of"}
"""A word after "which", "what" or "who" that shows no category follows."""
_MAX_WORDS = 6
"""A noun phrase naming a category is short: a longer run is a clause, not a title."""
_CONTEXT = 120
"""Characters read before and after an answer for its title or apposition."""
_MAX_PLACES = 20
_REGNAL = re.compile(r"[IVX]+")
_MAX_DEATHS = 200
"""Dated facts naming a name that are searched for its death: a name is in a few, a common word in many."""
_DEATHS = (
    "died|was killed|was murdered|was assassinated|was executed|was put to death|drowned|fell in battle"
    "|ran aground|sank|was wrecked|was scuttled|was destroyed|was abolished|was dissolved"
)
"""What ends a person or a thing: nothing named so acts or is used after it."""
_BIRTHS = "was born|was built|was launched|was founded|was established|was formed|was commissioned"
"""What begins a person or a thing: nothing named so acts or is used before it."""
"""Places an answer is looked for in the source texts: its titles stand at its first mentions."""


class Category(NamedTuple):
    head: str | None
    """The head noun, singular and lower case ("president"); None where only qualifiers are known."""
    qualifiers: frozenset[str]
    """Capitalised modifiers and "of" complements, folded ("syrian"; "darius")."""


def _tokens(text: str) -> list[str | None]:
    """The words of `text`, with None for each punctuation mark or number (both end a noun phrase). A
    word's closing full stop ends the phrase too, unless the word is an abbreviation ("U.S.")."""
    out: list[str | None] = []
    for m in _TOKEN.finditer(text):
        word = m.group("word")
        if word is None:
            out.append(None)
            continue
        word = word.rstrip("'’-")
        if word.endswith(".") and "." not in word[:-1]:
            out.extend((word[:-1], None))
        else:
            out.append(word)
    return out


def _norm(word: str) -> str:
    """A qualifier as compared: folded, without full stops or a possessive ("U.S." and "US"; "Germany's")."""
    word = fold(word).replace(".", "")
    return word[:-2] if word.endswith(("'s", "’s")) else word


def lemma(word: str) -> str:
    """A head noun in the singular, lower case ("officials" -> "official", "agencies" -> "agency")."""
    word = _norm(word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics", "news")):
        return word[:-1]
    return word


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _ends_phrase(word: str) -> bool:
    """A word no title holds: a function word, a participle ("cited", "killing"), a lone small letter."""
    low = word.lower()
    if low in FUNCTION_WORDS or (len(low) == 1 and not _capitalised(word)):
        return True
    return not _capitalised(word) and (low.endswith("ed") or (len(low) > 5 and low.endswith("ing")))


def _phrase(words: list[str]) -> Category | None:
    """The category a noun phrase names: its head is the last word before "of" (or its last word), its
    qualifiers are the capitalised words before the head and every word after "of"."""
    if not words:
        return None
    if "of" in words:
        at = words.index("of")
        head, modifiers, complement = words[at - 1], words[: at - 1], words[at + 1 :]
    else:
        head, modifiers, complement = words[-1], words[:-1], []
    qualifiers = frozenset(_norm(w) for w in (*modifiers, *complement) if _capitalised(w))
    noun: str | None = lemma(head)
    if noun in GENERIC_CATEGORIES or noun in FUNCTION_WORDS:
        noun = None
    return Category(noun, qualifiers) if noun or qualifiers else None


def _forward(tokens: list[str | None], start: int) -> list[str]:
    """The noun phrase from `tokens[start]`: words up to a punctuation mark, a function word, a past
    participle after the first word (a verb: "which newspaper cited"), with "of" only before capitalised
    words ("son of Darius", "Secretary of State")."""
    words: list[str] = []
    i = start
    while i < len(tokens) and len(words) < _MAX_WORDS:
        word = tokens[i]
        if word is None:
            break
        low = word.lower()
        if low == "of":
            following = _capitals(tokens, i + 1)
            if words and following:
                words.extend(("of", *following))
            break
        if _ends_phrase(word):
            break
        words.append(word)
        i += 1
    return words


def _capitals(tokens: list[str | None], start: int) -> list[str]:
    """The capitalised words from `tokens[start]` ("of Novaya Gazeta", "of the Median Empire")."""
    if (tokens[start : start + 1] or [None])[0] == "the":
        start += 1
    words = []
    for word in tokens[start : start + _MAX_WORDS]:
        if word is None or not _capitalised(word):
            break
        words.append(word)
    return words


@lru_cache(maxsize=16384)
def asked(question: str) -> Category | None:
    """The category a question asks for: "Which Syrian President ...?" -> (president, {syrian}); "Who of
    Novaya Gazeta ...?" -> (None, {novaya, gazeta}); None for "Who ...?", "Where ...?" or "What did ...?"."""
    wh = _WH.search(question)
    if wh is None or (wh.group(1) or "").lower() in _NO_PHRASE:
        return None  # "What was ...", "Who spoke ...": no noun phrase, nothing to read
    # The noun phrase stands within a few words of its "which": only those are read.
    tokens = _tokens(question[wh.start() : wh.start() + _CONTEXT])
    for i, word in enumerate(tokens):
        low = word.lower() if word else ""
        if low == "who":
            j = i + 1 + (i + 1 < len(tokens) and tokens[i + 1] is None)
            if j < len(tokens) and tokens[j] == "of":
                following = _capitals(tokens, j + 1)
                return Category(None, frozenset(map(_norm, following))) if following else None
            return None
        if low in ("which", "what"):
            j = i + 1
            # "which of these aircraft", "what kind of work": the category is the noun after them
            if _at(tokens, j) == "of" and _at(tokens, j + 1) in ("the", "these", "those"):
                j += 2
            if _at(tokens, j) in ("kind", "type", "sort") and _at(tokens, j + 1) == "of":
                j += 2
            words = _forward(tokens, j)
            then = _at(tokens, j + 1)
            plural = len(words) == 1 and words[0].endswith("s")
            if low == "what" and plural and then and then.lower() not in _AUXILIARIES:
                return None  # "What orbits far ...": a verb, not a noun
            return _phrase(words)
    return None


def _at(tokens: list[str | None], i: int) -> str | None:
    return tokens[i] if i < len(tokens) else None


def _backward(tokens: list[str | None]) -> list[str]:
    """The title that ends where `tokens` end ("... by Secretary of State"), read backwards to a
    function word or punctuation; a possessive ("Russia's") is its first word."""
    words: list[str] = []
    i = len(tokens) - 1
    while i >= 0 and len(words) < _MAX_WORDS:
        word = tokens[i]
        if word is None:
            break
        low = word.lower()
        if low == "of":
            before = tokens[i - 1] if i > 0 else None
            if not (words and _capitalised(words[0]) and before and _capitalised(before)):
                break
        elif _ends_phrase(word):
            break
        words.insert(0, word)
        if low.endswith(("'s", "’s")):
            break
        i -= 1
    return words


def described(text: str, passage: str, at: int) -> Iterator[Category]:
    """The categories `passage` gives the answer `text` standing at `at`: its title, apposition,
    affiliation, or the list it is an example of."""
    before = passage[max(0, at - _CONTEXT) : at]
    after = passage[at + len(text) : at + len(text) + _CONTEXT]
    if m := _EXAMPLE_OF.search(before):
        before = before[: m.start()]
    if category := _phrase(_backward(_tokens(before))):
        yield category
    tokens = _tokens(after)
    if tokens[:1] == ["of"]:
        if following := _capitals(tokens, 1):
            yield Category(None, frozenset(map(_norm, following)))
    elif tokens[:1] == [None] and after.lstrip().startswith(","):
        start = 1 + (len(tokens) > 1 and (tokens[1] or "").lower() in ("the", "a", "an"))
        words = _forward(tokens, start)
        # An apposition names a sort of thing: its head is a common noun ("a Greek historian").
        head = words[words.index("of") - 1] if "of" in words else words[-1] if words else ""
        if head and not _capitalised(head) and (category := _phrase(words)):
            yield category


def agrees(wanted: Category, known: Iterable[Category]) -> bool:
    """Does an answer known as `known` answer a question asking for `wanted`? Some category of it has the
    question's head (or a narrower one, `vocabulary.CATEGORY_WORDS`) and all its qualifiers."""
    for category in known:
        if not wanted.qualifiers <= category.qualifiers:
            continue
        if wanted.head is None:
            return True
        if category.head is not None and (
            category.head == wanted.head or category.head in CATEGORY_WORDS.get(wanted.head, ())
        ):
            return True
    return False


class Knowledge:
    """What a bank tells of its answers: their categories and the years of the facts they stand in. Built
    once per bank (the index of source texts on first need), each answer's worked out once."""

    def __init__(self, facts: Iterable[Fact], source_texts: Mapping[str, str]) -> None:
        self._facts = list(facts)
        self._texts = [*source_texts.values()]
        self._quotes_only = [f.quote for f in self._facts if f.source not in source_texts]
        self._categories: dict[tuple[str, str, bool], frozenset[Category]] = {}
        self._years: dict[tuple[str, str], frozenset[int]] = {}
        self._dated: dict[str, list[tuple[str, int]]] | None = None
        self._by_id = {f.id: f for f in self._facts}
        self._folded_texts: dict[str, str] = {}
        self._lives: dict[str, tuple[int | None, int | None]] = {}
        self._lives_told: frozenset[str] | None = None

    def categories(self, fact: Fact, text: str, forward: bool, kind: str) -> frozenset[Category]:
        """Every category answer `text` of `fact` is known by: its `answer_kind` (a teacher's `planet` is
        a planet), its own question's, and its source's."""
        key = (fact.id, text, forward)
        found = self._categories.get(key)
        if found is None:
            question = fact.question if forward else (fact.reverse.question if fact.reverse else None)
            own = asked(question) if question else None
            found = frozenset(c for c in (own, Category(lemma(kind), frozenset())) if c is not None)
            found |= frozenset(self._in_texts(text, fact.quote))
            self._categories[key] = found
        return found

    def _in_texts(self, text: str, quote: str) -> Iterator[Category]:
        core = _ARTICLE.sub("", text.strip())
        if not core:
            return
        places = 0
        for passage in (quote, *self._texts, *self._quotes_only):
            at = passage.find(core)
            while at >= 0 and places < _MAX_PLACES:
                end = at + len(core)
                # whole words only: "Lade" is not in "Ladenburg"
                if (at == 0 or not passage[at - 1].isalnum()) and (
                    end == len(passage) or not passage[end].isalnum()
                ):
                    places += 1
                    yield from described(core, passage, at)
                at = passage.find(core, end)

    def years(self, fact: Fact, text: str) -> frozenset[int]:
        """The years of `fact` and of the dated facts whose quote or statement names `text` (looked up by
        its rarest capitalised word, and among at most `_MAX_PLACES` facts: a name is dated by a few)."""
        key = (fact.id, text)
        found = self._years.get(key)
        if found is None:
            own = timeline.year(fact.when) if fact.when is not None else None
            years = {own} if own is not None else set()
            index = self._dated_index()
            postings = [
                index.get(w, ()) for w in _CAPITALISED.findall(_ARTICLE.sub("", text)) if _capitalised(w)
            ]
            if postings:
                folded = fold(text)
                for fact_id, year in min(postings, key=len)[:_MAX_PLACES]:
                    if year not in years and occurs(self._folded(fact_id), folded):
                        years.add(year)
            found = self._years[key] = frozenset(years)
        return found

    def lifetime(self, text: str) -> tuple[int | None, int | None]:
        """The years a dated fact says the one named `text` began and ended ("Cyrus died in 530 BC", "the
        death of Cyrus", "the Santa María ran aground", "was launched"): none acts, nor is used, outside them."""
        if text in self._lives:
            return self._lives[text]
        born: int | None = None
        died: int | None = None
        words = [w for w in _CAPITALISED.findall(_ARTICLE.sub("", text)) if _capitalised(w)]
        if words:
            # "Cyrus the Great" is "Cyrus" in a statement; "Mary Wollstonecraft" is herself or
            # "Mary ... Wollstonecraft", never another Mary; a regnal number is never dropped ("Darius III
            # died" is no death of "Darius I").
            numeral = next((w for w in words[1:] if _REGNAL.fullmatch(w)), None)
            names = [w for w in words if not _REGNAL.fullmatch(w)]
            if len(names) == 1 or re.search(r"\sthe\s", text):
                name, word = re.escape(names[0]), names[0]
            else:  # the whole name, or its first and last words ("Percy Shelley" for "Percy Bysshe Shelley")
                whole = r"\s+".join(map(re.escape, names))
                name, word = f"(?:{whole}|{re.escape(names[0])}\\s+{re.escape(names[-1])})", names[-1]
            name += rf"\s+{numeral}\b" if numeral else r"\b(?!\s+[IVX]+\b)"
            told = [
                (f, when)
                for f, when in self._dated_index().get(word, ())[:_MAX_DEATHS]
                if f in self._told_lives()
            ]
            if told:
                subject = rf"\b{name}(?:\s+the\s+[A-Z][a-z][\w-]*)?,?\s+"
                end = re.compile(rf"{subject}(?:{_DEATHS})\b|\bdeath of (?:\w+\s+)?{name}")
                start = re.compile(rf"{subject}(?:{_BIRTHS})\b|\bbirth of (?:\w+\s+)?{name}")
                for fact_id, when in told:
                    statement = self._by_id[fact_id].statement
                    if end.search(statement):
                        died = when if died is None else min(died, when)
                    if start.search(statement):
                        born = when if born is None else max(born, when)
        self._lives[text] = (born, died)
        return born, died

    def _told_lives(self) -> frozenset[str]:
        """The dated facts whose statement tells of a beginning or an end: the only ones a name's are looked
        for in (a pattern per name is compiled only for a name that stands in one)."""
        if self._lives_told is None:
            words = re.compile(rf"\b(?:{_DEATHS}|{_BIRTHS}|death of|birth of)\b")
            self._lives_told = frozenset(
                f.id for f in self._facts if f.when is not None and words.search(f.statement)
            )
        return self._lives_told

    def _folded(self, fact_id: str) -> str:
        folded = self._folded_texts.get(fact_id)
        if folded is None:
            other = self._by_id[fact_id]
            folded = self._folded_texts[fact_id] = fold(f"{other.quote} | {other.statement}")
        return folded

    def _dated_index(self) -> dict[str, list[tuple[str, int]]]:
        """Capitalised word -> the dated facts (id, year) whose quote or statement has it."""
        if self._dated is None:
            self._dated = {}
            for fact in self._facts:
                year = timeline.year(fact.when) if fact.when is not None else None
                if year is None:
                    continue
                for word in set(_CAPITALISED.findall(f"{fact.quote} {fact.statement}")):
                    if _capitalised(word):
                        self._dated.setdefault(word, []).append((fact.id, year))
        return self._dated
