"""Wrong options that are plausible and never also right.

Candidates, in order of preference: the teacher's own distractors; answers of the same kind nearest in
value (for numbers, dates, times of day); answers of facts sharing the rarest tag first; any answer of the
kind. A candidate is refused if a learner could defend it (see `Answer.refuses`), and if it would not read
as one of a homogeneous set beside the key (see `Answer.shown`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from trainer.bank import amounts, calendar, forms
from trainer.bank.folding import fold, fold_passage, meaning, occurs, same_meaning
from trainer.bank.vocabulary import LOWER_BOUNDS, UPPER_BOUNDS
from trainer.questions import categories
from trainer.questions.categories import Category, Knowledge
from trainer.questions.draws import Draws
from trainer.questions.model import OptionNote
from trainer.questions.pools import Entry, Pool, nearest, scalar, walk

if TYPE_CHECKING:
    from trainer.bank.shapes import Quantity

_CATCH_ALL = frozenset(
    {"all of the above", "none of the above", "all of these", "none of these", "both", "neither"}
)
_MAX_EXAMINED = 200
"""Candidates looked at before giving up: keeps a 10,000-fact bank fast when a pool is mostly refused."""
_SCALE = 10.0
"""A number distractor lies within this factor of the key: same order of magnitude."""
_PRESENT = 2025
"""The year a date's age is measured from, so a distractor's distance can be proportionate to its era."""


def era_span(year: float) -> float:
    """How many years a date distractor may lie from a key of `year`: three for recent dates, a quarter of
    its age for older ones (1781: about 60 years; 3500 BC: about 1,400)."""
    return max(3.0, (_PRESENT - year) / 4)


LIFETIME = 60.0
"""At most how many years a name's facts may lie from the key's: people and things of one era share a
lifetime, however old the era (Marathon, 490 BC, is no option beside Gaugamela, 331 BC)."""

_LOWER_BOUNDS = tuple(f"{words} " for words in LOWER_BOUNDS)
_UPPER_BOUNDS = tuple(f"{words} " for words in UPPER_BOUNDS)


def satisfies_bound(
    quantity: Quantity | None, text: str, form: forms.Form, key_text: str, key_form: forms.Form
) -> bool:
    """Would the key's statement ("more than 4,000 km", "about 250") make the candidate `text` right too? An
    amount of the key's unit inside the key's range could be the true one (6,779 km beside "more than 4,000
    km"); a bound is right whatever the true amount is if it holds of the key's whole range ("more than
    1,000" beside "more than 4,000"). Only where the fact's `value` is the key's own amount (not, say, a
    death toll beside a year)."""
    if quantity is None or form.unit != key_form.unit or (candidate := forms.amount(text)) is None:
        return False
    if quantity.bound is None and not quantity.approximate and quantity.upper is None:
        return False  # an exact key: only the key itself, which `refuses` already keeps out
    low, high = amounts.bounds(quantity)
    key = forms.amount(key_text)
    if key is None or not low <= key <= high:
        return False
    folded = fold(text)
    if folded.startswith(_LOWER_BOUNDS):
        return candidate <= low
    if folded.startswith(_UPPER_BOUNDS):
        return candidate >= high
    return amounts.satisfies_bound(quantity, candidate)


class Refusal(Enum):
    """Why a candidate was not offered beside a key, as `trainer validate` explains a question not asked."""

    NAMED = "named in the question"
    FORM = "of another form or length"
    STEM = "without the stem's word that the key has"
    BOUND = "within the key's bound"
    GROUP = "of another group"
    UNIT = "of another unit"
    SCALE = "of another order of magnitude or era"
    CATEGORY = "not known to be of the category the question asks for"
    ERA = "named only in facts dated far from the key's, or gone before it or not yet there"
    LOOK = "alone in their article, being a name, precision, qualification or quotation"
    LENGTH = "leaving the key the only option of its length"


class Answer:
    """What a question accepts: its answer, the values also right, and the passage that states them."""

    __slots__ = (
        "_era",
        "_form",
        "_knowledge",
        "_marks",
        "_meanings",
        "_prompt",
        "_quote",
        "_rights",
        "amount_shaped",
        "category",
        "dated",
        "fact_id",
        "group",
        "kind",
        "length",
        "look",
        "quantity",
        "tags",
        "text",
        "value",
        "year",
    )

    def __init__(
        self,
        text: str,
        kind: str,
        fact_id: str,
        quote: str,
        also_right: Sequence[str] = (),
        tags: Sequence[str] = (),
        value: tuple[str, float] | None = None,
        prompt: str = "",
        group: str | None = None,
        quantity: Quantity | None = None,
        category: Category | None = None,
        year: int | None = None,
        knowledge: Knowledge | None = None,
    ) -> None:
        self.category, self.year = category, year
        """The category the question asks for (`categories.asked`) and the key fact's year: a name is
        offered only where it fits both, as far as `knowledge` (what the bank tells of its answers) says."""
        # Only names and phrases are judged so (numbers, dates and times have their own rules), and only
        # where the stem asks a category or the key is dated.
        span = 0.0 if year is None else min(era_span(year), LIFETIME)
        self._era = None if year is None else (year - span, year + span)
        infers = value is None and (category is not None or self._era is not None)
        self._knowledge = knowledge if infers else None
        self.text, self.kind, self.fact_id, self.tags, self.value = text, kind, fact_id, tags, value
        self.group, self.quantity = group, quantity
        self._rights = [f for f in map(fold, (text, *also_right)) if f]
        self._meanings = [m for m in map(meaning, self._rights) if m is not None]
        self._quote = fold_passage(quote)
        self._prompt = fold_passage(prompt)
        self.dated = kind in forms.DATED
        self._form = forms.form_of(text, self.dated)
        self.look = self._form.look
        self.length = self._form.length
        self.amount_shaped = self._form.shape in forms.AMOUNTS
        prompt = self._prompt
        # The stem's words the key repeats ("which region?" and "X Region"): every option must have them.
        self._marks = {w for w in forms.marking_words(text) if w in prompt and occurs(prompt, w)}

    def refuses(self, folded: str, value: tuple[str, float] | None, means: tuple | None) -> bool:
        """Could a learner defend the candidate (folded; `means` is its `text.meaning`) as right? The same
        answer written differently, a value the bank marks as also right, one containing the other ("T-72" /
        "T-72 tanks"), or a value the fact's own quote states (the six aircraft one passage lists)."""
        if not folded or folded in _CATCH_ALL:
            return True
        if value is not None and value == self.value:
            return True
        # `in` before `occurs`: most candidates share no text with the answer or its quote, and this is
        # asked of tens of thousands of candidates on a large bank.
        for right in self._rights:
            if folded == right:
                return True
            if (right in folded and occurs(folded, right)) or (folded in right and occurs(right, folded)):
                return True
        if means is not None:
            for m in self._meanings:
                if same_meaning(means, m):
                    return True
        return folded in self._quote and occurs(self._quote, folded)

    def shown(
        self,
        text: str,
        folded: str,
        value: tuple[str, float] | None,
        entry: Entry | None,
        teacher: bool = False,
    ) -> tuple[str, forms.Form] | Refusal:
        """The candidate as it would be shown beside the key, and its form (converted to the key's form where only
        numerals and words or the hedge differ), or why not: it would stand out or give the answer away,
        being of a different form or length, named in the question, lacking a word the stem and the key
        share, of another group, unit, scale or era, or not known to be of the category the question asks
        for. `entry` is None for the teacher's own distractors, which keep the group, scale and era the
        teacher chose; `teacher` says a candidate is the teacher's, which keeps its category and era too."""
        if folded in self._prompt and occurs(self._prompt, folded):
            return Refusal.NAMED  # "According to Rex Tillerson ..." never offers Rex Tillerson
        other = entry.form if entry is not None else forms.form_of(text, self.dated)
        if satisfies_bound(self.quantity, text, other, self.text, self._form):
            return Refusal.BOUND
        if not forms.agree(self._form, other):
            converted = forms.convert(self.text, self._form, text, other)
            if converted is None:
                return Refusal.FORM
            unit = other.unit
            text, folded, other = converted, fold(converted), forms.form_of(converted, self.dated)
            if unit != other.unit and not self._same_scale(text):
                # A span written in the key's unit is measured against it, a teacher's too: "about 58
                # days" chosen beside "10 hours" is 1392 hours.
                return Refusal.SCALE
        if self._marks and not self._marks <= forms.words(folded):
            return Refusal.STEM
        if other.proper and self._names_the_stem(folded):
            return Refusal.NAMED
        if satisfies_bound(self.quantity, text, other, self.text, self._form):
            return Refusal.BOUND
        if entry is None:
            return text, other
        if self.group is not None and entry.group != self.group:
            return Refusal.GROUP
        inferred = self._knowledge is not None and self.group is None and not teacher
        if inferred and (refusal := self._unlike(entry, value)) is not None:
            return refusal
        mine, theirs = self.quantity, entry.quantity
        if self.amount_shaped and mine is not None:
            if theirs is None and value is not None and value[0] == "number":
                return Refusal.UNIT  # a bare number beside a measured amount: which property is it?
            if theirs is not None and mine.unit != theirs.unit:
                return Refusal.UNIT
        return (text, other) if self._near(text, value, mine, theirs) else Refusal.SCALE

    def _unlike(self, entry: Entry, value: tuple[str, float] | None) -> Refusal | None:
        """A name or phrase (neither key nor candidate a number, date or time) not known to be of the
        category the stem asks for, or named only in facts dated far from the key's fact: where the
        teacher gives no `group`, the generator infers what belongs together."""
        known = self._knowledge
        if known is None or value is not None:
            return None
        wanted = self.category
        if wanted is not None and not categories.agrees(
            wanted, known.categories(entry.fact, entry.text, entry.forward, entry.kind)
        ):
            return Refusal.CATEGORY
        if self._era is not None:
            years = entry.years
            if years is None:
                years = entry.years = known.years(entry.fact, entry.text)
            low, high = self._era
            if years and not any(low <= y <= high for y in years):
                return Refusal.ERA
            born, died = known.lifetime(entry.text)
            year = self.year
            if year is not None and (
                (died is not None and died < year) or (born is not None and born > year)
            ):
                return Refusal.ERA  # gone before the key's event (Cyrus, 530 BC, for 522 BC) or not yet there
        return None

    def _same_scale(self, text: str) -> bool:
        a, b = forms.amount(self.text), forms.amount(text)
        return a is None or b is None or forms.same_magnitude(a, b, self._form.unit, _SCALE)

    def _names_the_stem(self, folded: str) -> bool:
        """A short name whose first or last word the question uses ("Tillerson's aims", "when Cyrus
        conquered it" against "Cyrus the Great") points at someone the stem is about, not at a plausible
        answer."""
        words = folded.split(" ")
        if not 2 <= len(words) <= 3:
            return False
        prompt = self._prompt
        return any(
            len(word) > 3 and word in prompt and occurs(prompt, word) and word not in self._marks
            for word in (words[0], words[-1])
        )

    def _near(
        self, text: str, value: tuple[str, float] | None, mine: Quantity | None, theirs: Quantity | None
    ) -> bool:
        """Same order of magnitude for numbers (by the facts' amounts where both state one), a span
        proportionate to the key's era for dates."""
        key = self.value
        if key is None or value is None or key[0] != value[0]:
            return True
        if self._form.shape == "year":
            return abs(key[1] - value[1]) <= era_span(key[1])
        if key[0] == "number":
            if mine is not None and theirs is not None:
                a, b = mine.amount, theirs.amount
            else:
                a, b = forms.amount(self.text) or key[1], forms.amount(text) or value[1]
            return forms.same_magnitude(a, b, self._form.unit, _SCALE)
        if key[0] == "date":
            return (
                abs(key[1] - value[1])
                <= era_span(calendar.year_of(int(key[1]) * calendar.MINUTES_PER_DAY)) * 365.25
            )
        return True


@dataclass(slots=True)
class Distractor:
    text: str
    note: OptionNote | None
    """Why it is wrong, where the bank knows (it is another fact's answer)."""
    value: tuple[str, float] | None = None
    folded: str = ""
    means: tuple | None = None


def _candidates(
    answer: Answer, teacher: Sequence[str], pool: Pool | None, rng: Draws
) -> Iterator[Entry | str]:
    """Pool entries, or teacher's distractors that are no other fact's answer (plain text)."""
    for text in teacher:
        yield (pool.find(text) if pool else None) or text
    if pool is None or not pool.entries:
        return
    if answer.value is not None:
        # A measured amount takes only amounts of its unit (`Answer.shown`): walk those alone.
        measured = answer.quantity is not None and answer.amount_shaped
        unit = answer.quantity.unit if measured else None  # type: ignore[union-attr]
        yield from nearest(pool, answer.value, answer.fact_id, unit)
    by_tag = pool.by_tag
    for _, tag in sorted((len(by_tag[t]), t) for t in answer.tags if t in by_tag):
        entries = by_tag[tag]
        yield from walk(entries, rng.randrange(len(entries)))
    yield from walk(pool.entries, rng.randrange(len(pool.entries)))


def pick(
    answer: Answer,
    teacher: Sequence[str],
    pool: Pool | None,
    count: int,
    rng: Draws,
    refused: Counter[Refusal] | None = None,
) -> list[Distractor] | None:
    """`count` distractors for `answer`, or None if the bank has too few valid ones; `refused` counts
    the candidates left out for not reading like the key, by reason."""
    chosen: list[Distractor] = []  # of the key's look
    odd: dict[tuple, list[Distractor]] = {}  # of another look, by look
    taken: list[Distractor] = []  # both
    seen: set[str] = set()
    budget = _MAX_EXAMINED + len(teacher)
    own, refuses, key_look = answer.fact_id, answer.refuses, answer.look
    own_choice = {fold(t) for t in teacher}
    key_length = answer.length
    for candidate in _candidates(answer, teacher, pool, rng):
        if isinstance(candidate, str):
            text, folded, entry = candidate, fold(candidate), None
        elif candidate.fact_id == own:
            continue
        else:
            text, folded, entry = candidate.text, candidate.folded, candidate
        if folded in seen:
            continue
        seen.add(folded)
        budget -= 1
        if budget < 0:
            break
        value = entry.scalar if entry is not None else scalar(text, answer.kind, None)
        means = meaning(folded)
        if refuses(folded, value, means):
            continue
        verdict = answer.shown(text, folded, value, entry, folded in own_choice)
        if isinstance(verdict, Refusal):
            if refused is not None:
                refused[verdict] += 1
            continue
        shown, form = verdict
        if shown is not text:
            text, folded = shown, fold(shown)
            value, means = scalar(text, answer.kind, None), meaning(folded)
            if folded in seen or refuses(folded, value, means):
                continue
        # Most candidates are no value: only the same folded text, seen already, could repeat a chosen one.
        if (value is not None or means is not None) and _repeats(value, means, taken):
            continue
        distractor = Distractor(text, entry.note if entry is not None else None, value, folded, means)
        look = form.look
        taken.append(distractor)
        if look == key_look:
            if len(chosen) == count - 1:
                # The last place: taken only by one beside which the key's length does not stand out.
                if not forms.stands_out_by_length(key_length, [*chosen, distractor]):
                    return [*chosen, distractor]
                if refused is not None:
                    refused[Refusal.LENGTH] += 1
                continue
            chosen.append(distractor)
        else:
            odd.setdefault(look, []).append(distractor)
        # Options of another look come in twos or more, beside one of the key's own: none stands alone.
        need = count - len(chosen)
        if odd and chosen and need >= 2:
            for others in odd.values():
                if len(others) >= need:
                    for trial in (others[:need], [*others[: need - 1], others[-1]]):
                        if not forms.stands_out_by_length(key_length, [*chosen, *trial]):
                            return chosen + trial
    if refused is not None and odd:
        refused[Refusal.LOOK] += sum(map(len, odd.values()))
    return None


def _repeats(value: tuple[str, float] | None, means: tuple | None, chosen: list[Distractor]) -> bool:
    """Is a candidate not seen before one of the chosen distractors again, written differently?"""
    return any(same_meaning(means, d.means) or (value is not None and value == d.value) for d in chosen)
