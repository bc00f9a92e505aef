"""The meaning checks `trainer validate` runs on a bank that loaded: does every quote stand in its source,
every marker with its quote, every answer in its quote, and can the bank's questions be asked at all.

Errors are contradictions a learner would meet (a wrong quote, a distractor that is also right); warnings
are what is likely an oversight (a marker left out, a claim without whose it is, a fact no question can
use). Every check is linear in the bank's size: facts are indexed by id, each source text is split once,
and answer kinds are counted once.
"""

from __future__ import annotations

import functools
import heapq
import operator
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Sequence as Seq
from itertools import pairwise
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from trainer.bank import amounts, calendar, folding, forms, timeline, vocabulary
from trainer.bank.controls import control_problems
from trainer.bank.loaded import LoadedBank
from trainer.bank.markers import marker_pattern_problem
from trainer.bank.passages import SourceText
from trainer.bank.problems import KeyPath, Problem, Severity, display_path, format_key_path
from trainer.gc_pause import without_cycle_collection

if TYPE_CHECKING:
    from trainer.bank.shapes import Fact
    from trainer.bank.shapes import Sequence as TeacherSequence

# Words by which a source reports a claim rather than stating a fact (matched on folded text).
CLAIM_WORDS = re.compile(
    r"\b(" + "|".join(stem + endings for stem, endings in vocabulary.CLAIM_WORDS) + r")\b"
)


# A claim the passage rejects rather than reports ("most historians reject the claim"): no one's claim to
# attribute, the passage states the rejection as fact.
_DISOWNED = re.compile(
    r"\b(?:reject(?:s|ed)?|den(?:y|ies|ied)|dismiss(?:es|ed)?|disprov(?:e|es|ed)|refut(?:e|es|ed)"
    r"|debunk(?:s|ed)?|disput(?:e|es|ed)|doubt(?:s|ed)?) (?:the |this |that |these |such |their |his |her )?$"
)


class _Report:
    """Collects problems; a position is looked up only when a problem is reported."""

    def __init__(self, loaded: LoadedBank) -> None:
        self.loaded = loaded
        self.file = display_path(loaded.path)
        self.problems: list[Problem] = []

    def add(self, severity: Severity, path: KeyPath, message: str, *, key: bool = False) -> None:
        line, col = self.loaded.position(*path, key=key)
        self.problems.append(Problem(self.file, line, col, severity, message, format_key_path(path)))

    def error(self, path: KeyPath, message: str, *, key: bool = False) -> None:
        self.add("error", path, message, key=key)

    def warning(self, path: KeyPath, message: str, *, key: bool = False) -> None:
        self.add("warning", path, message, key=key)


@without_cycle_collection()
def validate(loaded: LoadedBank) -> list[Problem]:
    """Every meaning problem of a loaded bank, sorted by place."""
    report = _Report(loaded)
    _check_ids(loaded, report)
    texts = _source_texts(loaded, report)
    values: dict[str, set[str]] = defaultdict(set)  # answer kind -> its answers, folded
    for i, fact in enumerate(loaded.bank.facts):
        _check_fact(loaded, report, texts, values, i, fact)
    _check_timeline(loaded, report)
    _check_magnitudes(loaded, report)
    _check_answer_kinds(loaded, report, values)
    _check_sequences(loaded, report, texts)
    _check_hand_questions(loaded, report)
    report.problems.extend(control_problems(loaded))
    return sorted(report.problems, key=lambda p: p.sort_key)


def _check_ids(loaded: LoadedBank, report: _Report) -> None:
    bank = loaded.bank
    seen_sources: dict[str, int] = {}
    for i, source in enumerate(bank.sources):
        if source.id in seen_sources:
            also = seen_sources[source.id]
            report.error(("sources", i, "id"), f"duplicate source id `{source.id}` (also sources[{also}])")
        seen_sources.setdefault(source.id, i)
    # Facts, sequences and hand questions share one id space: progress and `trainer stats` name items by it.
    kinds = ("facts", "sequences", "questions")
    ids = [item.id for kind in kinds for item in getattr(bank, kind)]
    if len(set(ids)) == len(ids):
        return  # no repeat, as in most banks: only a repeat needs the places below
    seen: dict[str, str] = {}
    for kind in kinds:
        for i, item in enumerate(getattr(bank, kind)):
            if item.id in seen:
                report.error(
                    (kind, i, "id"),
                    f"duplicate id `{item.id}` (also {seen[item.id]}); facts, "
                    "sequences and questions need ids of their own",
                )
            seen.setdefault(item.id, f"{kind}[{i}]")


def _source_texts(loaded: LoadedBank, report: _Report) -> dict[str, SourceText]:
    texts = {}
    for i, source in enumerate(loaded.bank.sources):
        where = ("sources", i, "marker_pattern")
        try:
            pattern = re.compile(source.marker_pattern)
        except re.error as exc:
            report.error(where, f"marker_pattern is not a valid regular expression: {exc}")
            continue
        if pattern.fullmatch(""):
            report.error(where, "marker_pattern matches empty text; it must match a marker like [38]")
            continue
        if problem := marker_pattern_problem(source.marker_pattern):
            report.error(where, f"marker_pattern {problem}")
            continue
        if source.id in loaded.source_texts:
            texts[source.id] = SourceText(loaded.source_texts[source.id], pattern)
    return texts


def _check_passage(
    loaded: LoadedBank,
    report: _Report,
    texts: dict[str, SourceText],
    where: KeyPath,
    source_id: str,
    quote: str,
    citations: Seq[str],
) -> None:
    """The quote stands verbatim in the source text, and its citations are the markers standing with it."""
    source_text = texts.get(source_id)
    if source_text is None:
        return  # no text to check against (or its marker_pattern is already reported)
    match = source_text.find(quote, tuple(citations))
    if match is None:
        title = loaded.source(source_id).title  # type: ignore[union-attr]  # texts are of the bank's sources
        hint = ""
        if source_text.across_paragraphs(quote):
            hint = ": a quote lies within one paragraph"
        elif folding.fold_passage(quote) in folding.fold_passage(loaded.source_texts[source_id]):
            hint = ": it differs from the source in case, dashes or quotation marks"
        else:
            hint = first_difference(quote, loaded.source_texts[source_id])
        report.error((*where, "quote"), f"quote is not verbatim in the text of {title!r}{hint}")
        return
    standing, number = match.standing, match.paragraph.number
    for j, marker in enumerate(citations):
        if marker not in standing:
            there = " ".join(standing) or "none"
            report.error(
                (*where, "citations", j),
                f"citation {marker} does not stand with the quoted passage "
                f"(paragraph {number}; markers there: {there})",
            )
    missing = [m for m in match.paragraph.leading if m not in citations]
    if missing:
        verbs = ("stands", "is") if len(missing) == 1 else ("stand", "are")
        report.warning(
            (*where, "citations"),
            f"{' '.join(missing)} {verbs[0]} with the quoted passage "
            f"(paragraph {number}) but {verbs[1]} missing from citations",
        )


_SHOWN = 30
"""Characters of context a verbatim message shows on each side of the first difference."""


def first_difference(quote: str, source: str) -> str:
    """Where the quote first departs from the source: the longest beginning of the quote that the source
    has (whitespace aside), then what each goes on with. A prefix that stands in the source has every
    shorter prefix standing too, so the longest is found by bisection: a few substring searches."""
    q, src = " ".join(quote.split()), " ".join(source.split())
    low, high = 0, len(q)  # q[:low] stands in the source; q[:high + 1] does not
    while low < high:
        mid = (low + high + 1) // 2
        if q[:mid] in src:
            low = mid
        else:
            high = mid - 1
    if low < min(8, len(q)):
        return f": not even its beginning {q[:_SHOWN]!r} stands in the source"
    at = src.index(q[:low]) + low
    agreed = q[max(0, low - _SHOWN) : low]
    return (
        f": it first differs after {agreed!r}, where the quote has {q[low : low + _SHOWN]!r} and the "
        f"source {src[at : at + _SHOWN]!r}"
    )


def _check_fact(
    loaded: LoadedBank,
    report: _Report,
    texts: dict[str, SourceText],
    values: dict[str, set[str]],
    i: int,
    fact: Fact,
) -> None:
    """Checks one fact, and adds the answers of its questions to `values` for `_check_answer_kinds`. Each
    field is read once: reading a pydantic model's attribute is not cheap (the class has its own
    `__getattr__`), and a large bank has tens of thousands of facts."""
    here = ("facts", i)
    source, quote, answer = fact.source, fact.quote, fact.answer
    if loaded.source(source) is None:
        report.error((*here, "source"), f"no source with id `{source}`")
    else:
        _check_passage(loaded, report, texts, here, source, quote, fact.citations)

    passage = folding.fold_passage(quote)  # folded once for every check below
    claim = _reported_claim(passage)
    if claim and not (fact.attribution or "").strip():
        message = f"the quote reports a claim ({claim.group()!r}); say whose in `attribution`"
        report.warning((*here, "quote"), message)

    question, kind = fact.question, fact.answer_kind
    trio = (question, answer, kind)
    if None in trio and trio != (None, None, None):
        names = ("question", "answer", "answer_kind")
        given = [name for name, value in zip(names, trio, strict=True) if value is not None]
        lacking = ", ".join(f"`{name}`" for name in names if name not in given)
        message = f"a question needs `question`, `answer` and `answer_kind`; {lacking} missing"
        report.error((*here, given[0]), message)
    distractors = fact.distractors
    if answer is None:
        also_right = fact.also_right
        if distractors or also_right:
            key = "distractors" if distractors else "also_right"
            report.warning((*here, key), f"`{key}` is unused: the fact has no question")
    else:
        folded = folding.fold(answer)
        stated = folding.occurs(passage, folded)
        if not stated:
            report.error((*here, "answer"), f"the answer {answer!r} does not appear in the quote")
        if question and answer and kind:
            values[kind].add(folded)
        if distractors:
            right = [answer, *fact.also_right]
            listed = (*here, "distractors")
            wrong = _check_distractors(report, listed, distractors, right, passage)
            if stated:  # an answer to be fixed first is no model for its distractors' form
                _check_distractor_forms(report, listed, answer, distractors, kind, wrong)

    value = fact.value
    if value is not None and value.upper is not None and value.upper < value.amount:
        message = f"`upper` ({value.upper:g}) is below `amount` ({value.amount:g})"
        report.error((*here, "value", "upper"), message)

    reverse = fact.reverse
    if reverse is not None:
        if answer is None:
            report.error(
                (*here, "reverse"), "a reverse question needs the fact's own `answer`: it is the cue"
            )
        elif question and answer and kind:
            values[reverse.answer_kind].add(folding.fold(reverse.answer))
        if reverse.distractors:
            where = (*here, "reverse", "distractors")
            wrong = _check_distractors(report, where, reverse.distractors, [reverse.answer], None)
            _check_distractor_forms(
                report, where, reverse.answer, reverse.distractors, reverse.answer_kind, wrong
            )


def _reported_claim(passage: str) -> re.Match[str] | None:
    """`CLAIM_WORDS` in a folded passage, unless the passage disowns it before ("most historians reject the
    claim")."""
    for claim in CLAIM_WORDS.finditer(passage):
        if not _DISOWNED.search(passage, 0, claim.start()):
            return claim
    return None


def _check_distractors(
    report: _Report, where: KeyPath, distractors: Seq[str], right: Seq[str], passage: str | None
) -> set[int]:
    """`passage`: the fact's quote, folded, for a forward question (a reverse answer is a paraphrase).
    Returns the places of the distractors found wrong, whose form is then not worth a word."""
    seen: set[str] = set()
    wrong: set[int] = set()
    for j, distractor in enumerate(distractors):
        folded = folding.fold(distractor)
        if folded in seen:
            report.warning((*where, j), f"distractor {distractor!r} is listed twice")
        seen.add(folded)
        if any(folding.same_answer(distractor, r) for r in right):
            report.error((*where, j), f"distractor {distractor!r} is also a right answer")
            wrong.add(j)
        elif passage is not None and folding.occurs(passage, folded):
            report.error(
                (*where, j),
                f"distractor {distractor!r} stands in the fact's own quote, so it may be "
                "right too; choose another",
            )
            wrong.add(j)
    return wrong


def _check_distractor_forms(
    report: _Report, where: KeyPath, answer: str, distractors: Seq[str], kind: str | None, wrong: set[int]
) -> None:
    """Hand-written distractors that a learner could tell from the key by their look alone: a x10 ladder
    around it (7 / 70 / 700: the key is the middle rung), a feature every distractor has and the key
    lacks, or one distractor of another form (which the generator then leaves out)."""
    dated = kind in forms.DATED
    key = forms.form_of(answer, dated)
    ladder = forms.ladder(answer, distractors)
    if ladder:
        report.warning(
            where,
            f"the distractors form a x10 ladder around the answer ({' / '.join(ladder)}): "
            "the key is the middle rung; choose values near the answer instead",
        )
    lacking = forms.lacks(answer, distractors, dated) if len(distractors) >= 2 else None
    if lacking:
        report.warning(
            where,
            f"every distractor has {lacking} but the answer {answer!r} does not, so it stands out; "
            "write them alike",
        )
        return
    for j, distractor in enumerate(distractors):
        if j in wrong:
            continue
        other = forms.form_of(distractor, dated)
        if not forms.agree(key, other) and forms.convert(answer, key, distractor, other) is None:
            report.warning(
                (*where, j),
                f"distractor {distractor!r} differs from the answer {answer!r} in form "
                f"({forms.difference(key, other)}), so it is not offered; write it as the answer is written",
            )


def _check_timeline(loaded: LoadedBank, report: _Report) -> None:
    facts = loaded.bank.facts
    by_id = loaded.facts_by_id
    timed = [(i, f) for i, f in enumerate(facts) if f.when is not None]
    chained: list[tuple[int, Fact]] = []  # those with `after`
    linked: set[str] = set()  # `after` orders these against each other
    bad: set[str] = set()
    for i, fact in timed:
        when, here = fact.when, ("facts", i, "when")
        assert when is not None
        try:
            precision = calendar.parse(when.date).precision if when.date is not None else None
        except calendar.DateError:
            precision = "month" if when.part else "day"  # no such date: reported when it is placed
        if when.part is not None and precision != "month":
            report.error((*here, "part"), "`part` (early/mid/late) is for a month date (YYYY-MM)")
            bad.add(fact.id)
        if when.time is not None and precision != "day":
            report.error((*here, "time"), "`time` is for a day date (YYYY-MM-DD)")
            bad.add(fact.id)
        if when.after is not None:
            chained.append((i, fact))
            linked.update((fact.id, when.after))
            target = by_id.get(when.after)
            if target is None:
                report.error((*here, "after"), f"`after` names `{when.after}`, which is no fact of this bank")
                bad.add(fact.id)
            elif target.when is None:
                report.error((*here, "after"), f"`after` names `{when.after}`, which has no `when`")
                bad.add(fact.id)
    bad |= _report_cycles(chained, timed, by_id, report)

    intervals = {}
    placed = timeline.Timeline(by_id)  # one for all: a fact's `after` chain is then worked out once
    for i, fact in timed:
        fact_id = fact.id
        if fact_id in bad:
            continue
        try:
            intervals[fact_id] = placed.interval(fact)
        except timeline.TimelineError as exc:
            report.error(("facts", i, "when"), str(exc))
    _report_unorderable(timed, intervals, linked, report)
    _report_no_timeline(loaded, timed, intervals, linked, report)


def _report_no_timeline(
    loaded: LoadedBank, timed: list[tuple[int, Fact]], intervals: dict, linked: set[str], report: _Report
) -> None:
    """Dated facts that can never make a timeline question, and why, in a bank with enough of them to make
    one: statements that cannot be items (they say where they stand, or read broken once their date is
    taken out; an `item` mends that), or times that overlap. The bank-wide reason is given once, at the
    first dated fact."""
    from trainer.questions.masking import timeline_item_problem  # the items are the questions' own

    size = loaded.bank.settings.ordering_items
    if len(intervals) < size:
        return  # too few dated facts to mean a timeline: a date may serve choice questions only
    usable = []
    for i, fact in timed:
        if fact.id not in intervals:
            continue
        if problem := timeline_item_problem(fact):
            report.warning(
                ("facts", i, "statement"),
                f"no timeline question can use this fact: {problem}; give the fact an `item` that reads well "
                "without its date and without words that place it (first, last, began, a superlative)",
            )
            continue
        usable.append(fact.id)
    where = ("facts", timed[0][0], "when")
    if len(usable) < size:
        report.warning(
            where,
            f"the bank's dated facts never form a timeline: only {len(usable)} of {len(intervals)} can be "
            f"items (see the warnings at their statements), and a timeline question needs {size} "
            "(`settings.ordering_items`)",
        )
        return
    # Times are half-open: one that ends where another begins is before it.
    chosen = _most_disjoint((intervals[f] for f in usable), operator.le)
    if chosen < size and not linked:
        report.warning(
            where,
            f"the bank's dated facts never form a timeline: no {size} of them have times that do not "
            "overlap (a year overlaps every day in it, a day every time on it); give more precise `when`s",
        )


def _check_magnitudes(loaded: LoadedBank, report: _Report) -> None:
    """Amounts a teacher means to compare (enough facts of one `property`, or of one unit, to fill a
    question) that never make a magnitude question, and why: statements that cannot be items (an
    `item` mends that), too few facts, or amounts that overlap. Said once per measure, at its first fact."""
    from trainer.questions.ordering import magnitude_groups, magnitude_item, magnitude_item_problem, measure

    size = loaded.bank.settings.ordering_items
    by_measure: dict[tuple[str, ...], list[tuple[int, Fact]]] = defaultdict(list)
    for i, fact in enumerate(loaded.bank.facts):
        if fact.value is not None:
            by_measure[measure(fact)].append((i, fact))
    asked = {measure(loaded.facts_by_id[g.members[0]]) for g in magnitude_groups(loaded.bank)}
    for key, facts in by_measure.items():
        if key in asked or len(facts) < size:
            continue
        what = f"measuring {facts[0][1].value.property!r}" if key[0] == "property" else f"in {key[1]!r}"  # type: ignore[union-attr]
        usable = []
        for i, fact in facts:
            item = magnitude_item(fact)[0]
            if item is not None:
                usable.append(fact)
                continue
            report.warning(
                ("facts", i, "statement"),
                f"no magnitude question can use this fact: {magnitude_item_problem(fact)}; give the fact an `item` that reads well "
                "without its amount and without words that place it",
            )
        where = ("facts", facts[0][0], "value")
        if len(usable) < size:
            report.warning(
                where,
                f"the facts {what} never form a magnitude question: {len(usable)} of {len(facts)} can be items, "
                f"and one needs {size} (`settings.ordering_items`)",
            )
            continue
        # Amounts' ranges are closed: two that share an end overlap.
        chosen = _most_disjoint((amounts.bounds(f.value) for f in usable), operator.lt)  # type: ignore[arg-type]
        report.warning(
            where,
            f"the facts {what} never form a magnitude question: only {chosen} of them have amounts that do "
            f"not overlap (an estimate counts ±{amounts.SLACK:.0%}, a bound is open on one side), and one "
            f"needs {size}; give more precise values or more facts",
        )


def _most_disjoint(spans: Iterable[tuple[Any, Any]], ends_before: Callable[[Any, Any], bool]) -> int:
    """How many of `spans` (start, end) can be taken with no two overlapping: earliest end first, each taken
    if the last one taken `ends_before` (its end, this one's start)."""
    chosen, reach = 0, None
    for start, end in sorted(spans, key=itemgetter(1)):
        if reach is None or ends_before(reach, start):
            chosen, reach = chosen + 1, end
    return chosen


def _report_cycles(
    chained: list[tuple[int, Fact]], timed: list[tuple[int, Fact]], by_id: Mapping[str, Fact], report: _Report
) -> set[str]:
    """`after` links form chains, each starting at one of the `chained` facts; report each circle once, at
    each of its facts. Returns every fact whose chain ends in a circle (linear: each fact is walked once)."""
    index: dict[str, int] = {}  # fact id -> its place among the facts: filled once a circle is found
    state: dict[str, str] = {}  # "walking" or "done"; absent: not yet seen
    doomed: set[str] = set()
    for _, start in chained:
        chain: list[str] = []
        current: Fact | None = start
        while current is not None and current.id not in state:
            state[current.id] = "walking"
            chain.append(current.id)
            after = current.when.after if current.when else None
            current = by_id.get(after) if after else None
        if current is not None and state[current.id] == "walking":  # closed a new circle
            index = index or {f.id: i for i, f in timed}
            circle = chain[chain.index(current.id) :]
            for fact_id in circle:
                k = circle.index(fact_id)
                path = " -> ".join([*circle[k:], *circle[:k], fact_id])
                where = ("facts", index[fact_id], "when", "after")
                report.error(where, f"`after` goes round in a circle: {path}")
            doomed.update(chain)
        elif current is not None and current.id in doomed:
            doomed.update(chain)
        for fact_id in chain:
            state[fact_id] = "done"
    return doomed


def _report_unorderable(
    timed: list[tuple[int, Fact]], intervals: dict, linked: set[str], report: _Report
) -> None:
    """A fact whose time overlaps every other fact's, with no `after` link, can be ordered against none:
    no timeline question can ever use it. Checked against the earliest-ending and latest-starting others,
    which is enough: if any other fact lies wholly before or after it, so does one of those."""
    if len(intervals) < 2:
        return
    # The two earliest ends and two latest starts: each fact is compared with those of the others.
    ends = heapq.nsmallest(2, zip(map(itemgetter(1), intervals.values()), intervals, strict=True))
    starts = heapq.nlargest(2, zip(map(itemgetter(0), intervals.values()), intervals, strict=True))
    # Only a fact that starts before the second earliest end and ends after the second latest start can
    # overlap all the others: that rules out nearly every fact without a look at it.
    early, late = ends[1][0], starts[1][0]
    if not any(start < early and end > late for start, end in intervals.values()):
        return
    for i, fact in timed:
        if fact.id not in intervals or fact.id in linked:
            continue
        start, end = intervals[fact.id]
        # Index 1 (True) when the extreme one is this fact's own.
        earliest_end = ends[ends[0][1] == fact.id][0]
        latest_start = starts[starts[0][1] == fact.id][0]
        if earliest_end > start and latest_start < end:
            shown = timeline.label(fact.when)  # type: ignore[arg-type]  # `timed`: facts with a `when`
            report.warning(
                ("facts", i, "when"),
                f"the bank cannot order {shown!r} against any other "
                "fact's time (they all overlap it), so no timeline question can use this fact",
            )


def _check_answer_kinds(loaded: LoadedBank, report: _Report, values: dict[str, set[str]]) -> None:
    """Each question needs `settings.distractors` wrong options: other answers of its kind (`values`, from
    `_check_fact`), or the teacher's own. A question is looked at only if its kind has too few values
    without the teacher's own (which can only add)."""
    needed = loaded.bank.settings.distractors
    short = {kind for kind, pool in values.items() if len(pool) - 1 < needed}
    if not short:
        return
    asked: list[tuple[KeyPath, str, str, Seq[str]]] = []
    for i, fact in enumerate(loaded.bank.facts):
        if fact.question and fact.answer and fact.answer_kind:
            asked.append((("facts", i), fact.answer_kind, fact.answer, fact.distractors))
            if fact.reverse is not None:
                reverse = fact.reverse
                asked.append(
                    (("facts", i, "reverse"), reverse.answer_kind, reverse.answer, reverse.distractors)
                )
    for where, kind, answer, own in asked:
        if kind not in short:
            continue
        pool = values[kind]
        folded_answer = folding.fold(answer)
        extra = {d for d in map(folding.fold, own) if d not in pool and d != folded_answer} if own else ()
        available = len(pool) - (folded_answer in pool) + len(extra)
        if available < needed:
            values_word = "value" if available == 1 else "values"
            report.warning(
                (*where, "answer_kind"),
                f"only {available} other `{kind}` {values_word} for "
                f"distractors, {needed} needed; add `distractors` or facts of this kind, else this "
                "question is never asked",
            )


def _check_sequences(loaded: LoadedBank, report: _Report, texts: dict[str, SourceText]) -> None:
    by_id = loaded.facts_by_id
    generated = functools.cache(functools.partial(_generated_orderings, loaded))  # only if a sequence asks
    # Every statement, once: the names a bare sequence item may stand for.
    statements = functools.cache(lambda: "\n".join(f.statement for f in loaded.bank.facts))
    for i, sequence in enumerate(loaded.bank.sequences):
        here = ("sequences", i)
        seen: set[str] = set()
        timed: list[tuple[int, Fact]] = []  # items whose fact has a time, in the teacher's order
        for j, item in enumerate(sequence.items):
            item_text = item if isinstance(item, str) else item.text
            if folding.fold(item_text) in seen:
                report.error(
                    (*here, "items", j), f"item {item_text!r} is listed twice: its place is ambiguous"
                )
            seen.add(folding.fold(item_text))
            if isinstance(item, str) or item.fact is None:
                continue
            fact = loaded.fact(item.fact)
            if fact is None:
                report.error((*here, "items", j, "fact"), f"no fact with id `{item.fact}`")
            elif fact.when is not None:
                timed.append((j, fact))
        _check_sequence_order(report, here, timed, by_id)
        _check_sequence_cues(loaded, report, here, sequence, texts, generated, statements)
        if sequence.source is not None and loaded.source(sequence.source) is None:
            report.error((*here, "source"), f"no source with id `{sequence.source}`")
        elif sequence.quote is not None and sequence.source is None:
            report.error((*here, "quote"), "a quote needs its `source`")
        elif sequence.quote is not None and sequence.source is not None:
            _check_passage(loaded, report, texts, here, sequence.source, sequence.quote, sequence.citations)


def _check_sequence_order(
    report: _Report, here: KeyPath, timed: list[tuple[int, Fact]], by_id: Mapping[str, Fact]
) -> None:
    """The teacher's order must not contradict the times of the items' facts (at most 6 items: all pairs)."""
    for a, (j, earlier) in enumerate(timed):
        for k, later in timed[a + 1 :]:
            try:
                contradicts = timeline.compare(earlier, later, by_id) == 1
            except timeline.TimelineError:
                return  # already reported at the fact
            if contradicts:
                shown = timeline.label(later.when)  # type: ignore[arg-type]  # `timed`: facts with a `when`
                report.error(
                    (*here, "items", k),
                    f"the item of fact `{later.id}` comes after that of "
                    f"`{earlier.id}` (item {j}), but its time ({shown}) is earlier",
                )


_SOURCE_ORDER = re.compile(
    r"\b(?:in\s+(?:the\s+)?order\s+(?:in\s+which\s+)?(?:the|this)\s+(?:article|source|text|passage|author|book)"
    r"|as\s+(?:the|this)\s+(?:article|source|text|passage)\s+(?:gives|lists|names|mentions))"
)
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
    "xi": 11,
}
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
    )
}
_SELF_ORDER = re.compile(
    r"\b(?P<roman>[IVX]{1,4})\b|\b(?P<ordinal>\d{1,3}(?:st|nd|rd|th))\b|(?P<word>[A-Za-z]+)"
)


def _own_rank(item: str) -> int | None:
    """The rank an item gives itself: a regnal number ("Charles VI"), an ordinal ("the 3rd", "the second
    crusade"); None if it has none or more than one."""
    ranks = []
    for m in _SELF_ORDER.finditer(item):
        if m["roman"] and m["roman"].lower() in _ROMAN:
            ranks.append(_ROMAN[m["roman"].lower()])
        elif m["ordinal"]:
            ranks.append(int(m["ordinal"][:-2]))
        elif m["word"] and m["word"].lower() in _ORDINALS:
            ranks.append(_ORDINALS[m["word"].lower()])
    return ranks[0] if len(ranks) == 1 else None


def _check_sequence_cues(
    loaded: LoadedBank,
    report: _Report,
    here: KeyPath,
    sequence: TeacherSequence,
    texts: dict[str, SourceText],
    generated: Callable[[], list[tuple[str, frozenset[str]]]],
    statements: Callable[[], str],
) -> None:
    """What a teacher's sequence gives away or gets wrong that the validator can see: items that order
    themselves by their own numbers, items whose facts' times or amounts leave their order open or already
    make a generated ordering, and a prompt that promises the source's order but is keyed in another."""
    from trainer.questions import stages  # the rule the generated timelines keep

    items = sequence.items
    texts_of = [item if isinstance(item, str) else item.text for item in items]
    ranks = [_own_rank(t) for t in texts_of]
    numbered = [rank for rank in ranks if rank is not None]
    if len(numbered) == len(ranks) == len(set(numbered)) and numbered in (
        sorted(numbered),
        sorted(numbered)[::-1],
    ):
        report.warning(
            (*here, "items"),
            "the items order themselves: their own numbers (regnal numbers, ordinals) give the order "
            "away; ask for something the names do not tell",
        )
    elif found := stages.self_ordered(texts_of):
        j, k, thing, word = found
        report.warning(
            (*here, "items"),
            f"the items order themselves: items {j} and {k} both name {thing!r}, and {word!r} places one "
            "against the other (a start, an end, a report, a thing derived from another, a plan); ask for "
            "an order their words do not tell",
        )
    for j, text in enumerate(texts_of):
        if names := stages.ambiguous_name(text, statements()):
            report.warning(
                (*here, "items", j),
                f"item {text!r} is ambiguous: the bank names {' and '.join(names)}; write which",
            )
    facts = [None if isinstance(item, str) or item.fact is None else loaded.fact(item.fact) for item in items]
    _check_sequence_overlap(loaded, report, here, facts, generated)
    prompt = folding.fold(sequence.prompt)
    if _SOURCE_ORDER.search(prompt):
        _check_source_order(loaded, report, here, sequence, texts_of, facts, texts)


def _generated_orderings(loaded: LoadedBank) -> list[tuple[str, frozenset[str]]]:
    """The timeline and magnitude groups generation makes of this bank, as (id, member ids)."""
    from trainer.questions.ordering import magnitude_groups, timeline_groups  # the questions' own groups

    groups = timeline_groups(loaded.bank, timeline.Timeline(loaded.facts_by_id)) + magnitude_groups(
        loaded.bank
    )
    return [(g.id, frozenset(g.members)) for g in groups]


def _check_sequence_overlap(
    loaded: LoadedBank,
    report: _Report,
    here: KeyPath,
    facts: list[Fact | None],
    generated: Callable[[], list[tuple[str, frozenset[str]]]],
) -> None:
    by_id = loaded.facts_by_id
    placed = timeline.Timeline(by_id)
    dated = [(j, f) for j, f in enumerate(facts) if f is not None and f.when is not None]
    for a, (j, first) in enumerate(dated):
        for k, second in dated[a + 1 :]:
            try:
                order = placed.compare(first, second)
            except timeline.TimelineError:
                return  # reported at the fact
            if order is None and not _succeeds(placed.interval(first), placed.interval(second)):
                report.warning(
                    (*here, "items", k),
                    f"items {j} and {k} have no single order: the times of `{first.id}` and `{second.id}` "
                    f"overlap ({timeline.label(first.when)}; {timeline.label(second.when)})",  # type: ignore[arg-type]
                )
    ids = frozenset(f.id for f in facts if f is not None)
    if len(ids) == len(facts) >= 3:
        for group_id, members in generated():
            if ids <= members or members <= ids:
                report.warning(
                    (*here, "items"),
                    f"this sequence repeats a generated ordering (`{group_id}`, of facts "
                    f"{', '.join(f'`{m}`' for m in sorted(members))}); keep sequences for orders `when` and "
                    "`value` cannot give",
                )
                return


def _succeeds(first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether `second` follows `first` but for a shared boundary of at most a year, as one reign follows
    another ("530–522 BC", "522–486 BC"): an order for a sequence the teacher writes, though too close for a
    generated timeline."""
    return first[0] < second[0] and first[1] < second[1] and first[1] - second[0] <= _YEAR


_YEAR = 366 * calendar.MINUTES_PER_DAY


def _check_source_order(
    loaded: LoadedBank,
    report: _Report,
    here: KeyPath,
    sequence: TeacherSequence,
    items: list[str],
    facts: list[Fact | None],
    texts: dict[str, SourceText],
) -> None:
    """The prompt says "in the order the article gives them": the key must be that order. Each item is
    found in the sequence's quote if it has one, else its fact's quote in the source text; an item found
    nowhere is not judged."""
    quote = folding.fold(sequence.quote) if sequence.quote else None
    positions: list[tuple[int, int] | None] = []
    for item, fact in zip(items, facts, strict=True):
        if quote is not None:
            found = quote.find(folding.fold(item))
            positions.append((0, found) if found >= 0 else None)
            continue
        source = texts.get(fact.source) if fact is not None else None
        match = source.find(fact.quote) if source is not None and fact is not None else None
        positions.append(None if match is None else (match.paragraph.number, match.start))
    known = [(j, p) for j, p in enumerate(positions) if p is not None]
    for (j, first), (k, second) in pairwise(known):
        if second < first:
            report.warning(
                (*here, "items", k),
                f"the prompt asks for the order the source gives, but the source gives item {k} "
                f"({items[k]!r}) before item {j} ({items[j]!r})",
            )
            return


def _check_hand_questions(loaded: LoadedBank, report: _Report) -> None:
    for i, question in enumerate(loaded.bank.questions):
        here = ("questions", i)
        if question.fact is not None and loaded.fact(question.fact) is None:
            report.error((*here, "fact"), f"no fact with id `{question.fact}`")
        _check_distractors(report, (*here, "distractors"), question.distractors, [question.answer], None)
