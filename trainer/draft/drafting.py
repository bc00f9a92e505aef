"""Drafting a bank from an article, end to end: passages and sentences, a draft fact per sentence, the bank
written beside a copy of the article, then checked by the validator and the generator. A draft key the
validator refuses is taken out with a note saying why, so the written bank has no error; a fact that yields
no question gets a note saying why. With `update`, the facts of the existing bank whose quote still stands
in the article are kept as the teacher left them (their text copied unchanged), ids included."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from trainer.bank.files import Refused, read_source
from trainer.bank.loading import load_bank
from trainer.bank.passages import SourceText, normalize
from trainer.bank.problems import BankError, Problem
from trainer.bank.validation import validate
from trainer.draft import writing
from trainer.draft.distractors import distractors
from trainer.draft.facts import DraftFact, draft_fact, slug, tag_of
from trainer.draft.markers import MarkerStyle, detect
from trainer.draft.sentences import is_heading, passages
from trainer.paths import BANK_FILE
from trainer.questions.generate import generate

_CHECK_ROUNDS = 3
DEFAULT_DISTRACTORS = 3
"""The bank format's default `settings.distractors`: the draft writes no settings."""
_FACT_KEY = re.compile(r"^facts\[(\d+)\](?:\.(\w+))?")
_QUESTION_KEYS = ("question", "answer", "answer_kind")


class DraftError(Exception):
    """An article or bank that cannot be drafted from, with the reason a teacher can act on."""


@dataclass
class Kept:
    """A fact of the existing bank kept on `--update`: its TOML text as the teacher left it."""

    id: str
    quote: str
    text: str


@dataclass
class Report:
    bank_file: Path
    passages: int = 0
    facts: int = 0
    kept: int = 0
    yielding: int = 0
    questions: int = 0
    todos: int = 0
    format_notes: int = 0
    dropped: list[str] = field(default_factory=list)
    """Ids of the existing bank's facts whose quote is no longer in the article (`update`)."""
    problems: list[Problem] = field(default_factory=list)


Entry = DraftFact | Kept


def draft(
    article: Path,
    folder: Path,
    *,
    style: MarkerStyle | None = None,
    reference: str | None = None,
    update: bool = False,
) -> Report:
    try:
        text = read_source(article.parent, article.name)
    except Refused as refused:
        raise DraftError(f"{article}: {str(refused).split(': ', 1)[-1]}") from None
    style = style or detect(text)
    source = SourceText(text, style.pattern)
    bank_file = folder / BANK_FILE
    old = _existing(bank_file) if update else None
    text_file = article.name
    if old is not None:
        head, kept, tail, text_file = old
    else:
        title = (
            source.paragraphs[0].text
            if source.paragraphs and is_heading(source.paragraphs[0])
            else article.stem
        )
        ref = reference or article.name
        head = writing.header(slug(folder.name, 8, "draft"), title, text_file, ref, style.pattern)
        kept, tail = [], ""
    found_passages = passages(source)
    groups = _entries(found_passages, source, kept)
    report = Report(bank_file, passages=len(found_passages))
    report.dropped = [k.id for k in kept if not any(e is k for _, entries in groups for e in entries)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / text_file).write_text(text, encoding="utf-8")
    entries = [e for _, entries in groups for e in entries]
    _add_distractors([e for e in entries if isinstance(e, DraftFact)])
    for _ in range(_CHECK_ROUNDS):
        bank_file.write_text(_render(head, groups, tail), encoding="utf-8")
        problems = _check(bank_file)
        if not _repair(entries, problems):
            break
    loaded = load_bank(bank_file)
    questions = generate(loaded)
    asked = {fact_id for q in questions for fact_id in q.facts}
    for entry in entries:
        if isinstance(entry, DraftFact) and entry.id not in asked:
            entry.notes.append("TODO: no question yet: " + _why_none(entry))
    bank_file.write_text(_render(head, groups, tail), encoding="utf-8")
    report.problems = _check(bank_file)
    drafted = [e for e in entries if isinstance(e, DraftFact)]
    report.facts, report.kept = len(drafted), len(entries) - len(drafted)
    report.yielding = sum(e.id in asked for e in entries)
    report.questions = len(questions)
    report.todos = sum(n.startswith("TODO") for e in drafted for n in e.notes)
    report.format_notes = sum(n.startswith("FORMAT") for e in drafted for n in e.notes)
    return report


def _entries(found_passages: list, source: SourceText, kept: list[Kept]) -> list[tuple[str, list[Entry]]]:
    """Per passage, its group comment and its facts: a kept fact in place of the draft of the sentence that
    holds its quote, a draft fact for every other sentence."""
    used = {k.id for k in kept}
    where: dict[int, list[Kept]] = {}
    for k in kept:
        match = source.find(k.quote)
        if match is not None:
            where.setdefault(match.paragraph.number, []).append(k)
    groups = []
    previous: DraftFact | None = None  # "later that same day" may open the next passage
    for passage in found_passages:
        here = where.get(passage.paragraph.number, [])
        entries: list[Entry] = []
        placed: set[str] = set()
        for sentence in passage.sentences:
            holds = [k for k in here if k.id not in placed and normalize(k.quote) in sentence.quote]
            if holds:
                entries += holds
                placed.update(k.id for k in holds)
                continue
            fact_id = _fresh(slug(sentence.text), used)
            fact = draft_fact(sentence, tag_of(passage), fact_id, previous)
            if fact is not None:
                used.add(fact_id)
                entries.append(fact)
                previous = fact
        entries += [k for k in here if k.id not in placed]  # a kept quote that spans sentences
        if entries:
            groups.append((writing.group_comment(passage.paragraph.leading, passage.paragraph.text), entries))
    return groups


def _add_distractors(facts: list[DraftFact]) -> None:
    """Wrong options of its own for each answer whose kind has too few other answers to draw them from."""
    kinds = Counter(f.answer_kind for f in facts if f.answer_kind)
    for fact in facts:
        if fact.answer and fact.answer_kind and kinds[fact.answer_kind] <= DEFAULT_DISTRACTORS:
            fact.distractors = distractors(fact.answer, fact.answer_kind, fact.quote, DEFAULT_DISTRACTORS)


def _fresh(base: str, used: set[str]) -> str:
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _render(head: str, groups: list[tuple[str, list[Entry]]], tail: str) -> str:
    parts = [head]
    for comment, entries in groups:
        parts.append("\n" + comment)
        for entry in entries:
            parts.append("\n" + (entry.text if isinstance(entry, Kept) else writing.fact_table(entry)))
    if tail:
        parts.append("\n" + tail)
    return "".join(parts)


def _check(bank_file: Path) -> list[Problem]:
    try:
        return validate(load_bank(bank_file))
    except BankError as error:  # the draft itself is at fault: say what, never a traceback
        raise DraftError("\n".join(map(str, error.problems))) from None


def _repair(entries: list[Entry], problems: list[Problem]) -> bool:
    """Take out the draft keys the validator refuses, each with a note; False when nothing needed it."""
    repaired = False
    for problem in problems:
        m = _FACT_KEY.match(problem.key_path)
        if problem.severity != "error" or m is None or int(m.group(1)) >= len(entries):
            continue
        fact = entries[int(m.group(1))]
        if not isinstance(fact, DraftFact):
            continue
        key = m.group(2) or ""
        if key in _QUESTION_KEYS:
            fact.drop_question(problem.message)
        elif key in ("when", "value"):
            setattr(fact, key, None)
            fact.notes.append(f"TODO: {key} left out: {problem.message}")
        else:
            fact.question = fact.answer = fact.answer_kind = fact.when = fact.value = fact.attribution = None
            fact.notes.append(f"TODO: {problem.message}")
        repaired = True
    return repaired


def _why_none(fact: DraftFact) -> str:
    if fact.answer is None:
        return "no answer, and no date or amount to order it by"
    return (
        f"too few other `{fact.answer_kind}` answers to offer as wrong options; add `distractors`"
        if fact.answer_kind
        else "no answer"
    )


def _existing(bank_file: Path) -> tuple[str, list[Kept], str, str] | None:
    """The existing bank's text before its first fact, its facts, the tables after them, and the name of
    its source text; None when there is no bank yet."""
    if not bank_file.is_file():
        return None
    text = bank_file.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DraftError(f"{bank_file}: cannot update a bank that does not parse: {error}") from None
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("[[")]
    blocks = []
    for i in starts:
        end = i + 1
        while end < len(lines) and lines[end].strip() and not lines[end].startswith("[["):
            end += 1
        blocks.append((lines[i].strip(), "".join(lines[i:end])))
    fact_blocks = [block for name, block in blocks if name == "[[facts]]"]
    facts = data.get("facts", [])
    if len(fact_blocks) != len(facts):
        raise DraftError(f"{bank_file}: cannot update: write each fact as a `[[facts]]` table")
    first_fact = next((i for i in starts if lines[i].startswith("[[facts]]")), len(lines))
    head = "".join(lines[:first_fact]).rstrip("\n") + "\n"
    # The first passage's comment is drawn again with the facts.
    head = re.sub(r"(\n# -+\n(#[^\n]*\n)*)+\Z", "\n", head).rstrip("\n") + "\n"
    kept = [Kept(f["id"], f["quote"], block) for f, block in zip(facts, fact_blocks, strict=True)]
    tail = "".join("\n" + block for name, block in blocks if name in ("[[sequences]]", "[[questions]]"))
    sources = data.get("sources") or [{}]
    return head, kept, tail.lstrip("\n"), str(sources[0].get("text_file") or "article.txt")
