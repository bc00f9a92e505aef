"""The meaning checks `trainer validate` runs on a bank that loaded: does every quote stand in its source,
every marker with its quote, every answer in its quote, and can the bank's questions be asked at all.

Errors are contradictions a learner would meet (a wrong quote, a distractor that is also right); warnings
are what is likely an oversight (a marker left out, a claim without whose it is, a fact no question can
use). Every check is linear in the bank's size: facts are indexed by id, each source text is split once,
and answer kinds are counted once.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Mapping
from collections.abc import Sequence as Seq
from operator import itemgetter
from typing import TYPE_CHECKING

from trainer.bank import text, timeline, vocabulary
from trainer.bank.bulk import without_cycle_collection
from trainer.bank.controls import control_problems
from trainer.bank.loaded import LoadedBank
from trainer.bank.passages import SourceText
from trainer.bank.problems import KeyPath, Problem, Severity, display_path, format_key_path

if TYPE_CHECKING:
    from trainer.bank.shapes import Fact

# Words by which a source reports a claim rather than stating a fact (matched on folded text).
CLAIM_WORDS = re.compile(
    r"\b(" + "|".join(stem + endings for stem, endings in vocabulary.CLAIM_WORDS) + r")\b"
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
        elif text.fold_passage(quote) in text.fold_passage(loaded.source_texts[source_id]):
            hint = ": it differs from the source in case, dashes or quotation marks"
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

    passage = text.fold_passage(quote)  # folded once for every check below
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
        folded = text.fold(answer)
        if not text.occurs(passage, folded):
            report.error((*here, "answer"), f"the answer {answer!r} does not appear in the quote")
        if question and answer and kind:
            values[kind].add(folded)
        if distractors:
            right = [answer, *fact.also_right]
            _check_distractors(report, (*here, "distractors"), distractors, right, passage)

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
            values[reverse.answer_kind].add(text.fold(reverse.answer))
        if reverse.distractors:
            where = (*here, "reverse", "distractors")
            _check_distractors(report, where, reverse.distractors, [reverse.answer], None)


def _reported_claim(passage: str) -> re.Match[str] | None:
    """`CLAIM_WORDS` in a folded passage."""
    return CLAIM_WORDS.search(passage)


def _check_distractors(
    report: _Report, where: KeyPath, distractors: Seq[str], right: Seq[str], passage: str | None
) -> None:
    """`passage`: the fact's quote, folded, for a forward question (a reverse answer is a paraphrase)."""
    seen: set[str] = set()
    for j, distractor in enumerate(distractors):
        folded = text.fold(distractor)
        if folded in seen:
            report.warning((*where, j), f"distractor {distractor!r} is listed twice")
        seen.add(folded)
        if any(text.same_answer(distractor, r) for r in right):
            report.error((*where, j), f"distractor {distractor!r} is also a right answer")
        elif passage is not None and text.occurs(passage, folded):
            report.error(
                (*where, j),
                f"distractor {distractor!r} stands in the fact's own quote, so it may be "
                "right too; choose another",
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
        precision = when.date.count("-")  # 0 year, 1 month, 2 day
        if when.part is not None and precision != 1:
            report.error((*here, "part"), "`part` (early/mid/late) is for a month date (YYYY-MM)")
            bad.add(fact.id)
        if when.time is not None and precision != 2:
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
        folded_answer = text.fold(answer)
        extra = {d for d in map(text.fold, own) if d not in pool and d != folded_answer} if own else ()
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
    for i, sequence in enumerate(loaded.bank.sequences):
        here = ("sequences", i)
        seen: set[str] = set()
        timed: list[tuple[int, Fact]] = []  # items whose fact has a time, in the teacher's order
        for j, item in enumerate(sequence.items):
            item_text = item if isinstance(item, str) else item.text
            if text.fold(item_text) in seen:
                report.error(
                    (*here, "items", j), f"item {item_text!r} is listed twice: its place is ambiguous"
                )
            seen.add(text.fold(item_text))
            if isinstance(item, str) or item.fact is None:
                continue
            fact = loaded.fact(item.fact)
            if fact is None:
                report.error((*here, "items", j, "fact"), f"no fact with id `{item.fact}`")
            elif fact.when is not None:
                timed.append((j, fact))
        _check_sequence_order(report, here, timed, by_id)
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


def _check_hand_questions(loaded: LoadedBank, report: _Report) -> None:
    for i, question in enumerate(loaded.bank.questions):
        here = ("questions", i)
        if question.fact is not None and loaded.fact(question.fact) is None:
            report.error((*here, "fact"), f"no fact with id `{question.fact}`")
        _check_distractors(report, (*here, "distractors"), question.distractors, [question.answer], None)
