"""A class report from learners' JSON exports: per fact across learners, and per learner.

Each export is checked against the `trainer-export/1` schema before anything is counted: a file that is not
a regular file, not JSON, another program's JSON, nested deeper than any export, or lacks a key, holds a
lone surrogate, a number out of range (a negative count, more right than answered, NaN, a stability that
is not positive, a time no calendar holds) raises `ExportError` naming the file, and the caller skips it.
So nothing counted afterwards can divide by zero or overflow. Facts are matched by (bank id, fact id), so
exports from different versions of a bank line up.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from trainer.export.charts import md
from trainer.export.csvsafe import to_csv
from trainer.export.export import SCHEMA, STATE_NAMES
from trainer.progress.model import CardState
from trainer.readfile import Unusable, read_regular
from trainer.sanitize import visible
from trainer.study.stats import FactText, iso, recall_probability
from trainer.wording import percent

RECENT_DAYS = 7
_STATES = {name: number for number, name in STATE_NAMES.items()}
MAX_BYTES = 256 * 1024 * 1024
"""An export of a long history with `--reviews` is tens of MB; anything this large is not one."""
_SURROGATE = re.compile("[\ud800-\udfff]")


def _on_the_calendar(moment: datetime) -> datetime:
    # Compared and subtracted across exports in UTC: a time at the calendar's ends cannot be.
    try:
        moment.astimezone(UTC) - timedelta(days=366)
        moment.astimezone(UTC) + timedelta(days=366)
    except OverflowError:
        raise ValueError("a time at the end of the calendar") from None
    return moment


Count = Annotated[int, Field(ge=0, le=10**12)]
"""Answers: no learner gives a trillion, and a bound keeps the sums and shares finite."""
Moment = Annotated[AwareDatetime, AfterValidator(_on_the_calendar)]


class _Model(BaseModel):
    # Keys a later 1.x export may add are ignored; the ones counted here must be there and well typed.
    model_config = ConfigDict(extra="ignore", frozen=True)


class ExportBank(_Model):
    id: str
    title: str | None
    version: str | None
    facts: list[str] | None


class _Answers(_Model):
    reviews: Count
    correct: Count

    @model_validator(mode="after")
    def _right_at_most_answered(self) -> _Answers:
        if self.correct > self.reviews:
            raise ValueError(f"correct ({self.correct}) is more than reviews ({self.reviews})")
        return self


class ExportDay(_Answers):
    date: date


class ExportItem(_Answers):
    bank: str
    fact: str
    form: str
    statement: str
    citations: list[str]
    last_review: Moment | None
    due: Moment
    state: Literal["learning", "review", "relearning"]
    stability: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None
    """FSRS divides by it."""
    difficulty: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)] | None


class ExportFlag(_Model):
    bank: str
    fact: str
    statement: str
    question: str
    note: str


class Export(_Model):
    schema_: Literal["trainer-export/1"] = Field(alias="schema")
    learner: str | None
    exported_at: Moment
    banks: list[ExportBank]
    days: list[ExportDay]
    items: list[ExportItem]
    flags: list[ExportFlag] = []
    """Absent from exports made before flags."""


class ExportError(Exception):
    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


def load_export(path: Path) -> Export:
    """The export in `path`, checked; `ExportError` (naming the file and what is wrong) otherwise."""
    data = _parse(path, _read(path))
    if (string := _with_surrogate(data)) is not None:
        raise ExportError(
            path, f"not a valid trainer export: a lone surrogate (\\u{ord(string):04x}) in a text"
        )
    schema = data.get("schema") if isinstance(data, dict) else None
    if not isinstance(schema, str) or not schema.startswith("trainer-export/"):
        raise ExportError(
            path, f'not a trainer export: no "schema": "{SCHEMA}" (a file from another program?)'
        )
    if schema != SCHEMA:
        raise ExportError(path, f"export format {schema!r} is not {SCHEMA!r}; update trainer to read it")
    try:
        return Export.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"]).lstrip(".")
        more = f" (and {e.error_count() - 1} more problems)" if e.error_count() > 1 else ""
        raise ExportError(
            path, f"not a valid trainer export: {where or 'document'}: {first['msg']}{more}"
        ) from None


def _read(path: Path) -> bytes:
    # Refused before reading: a FIFO would block, and /dev/zero would be read until memory runs out.
    try:
        return read_regular(path, MAX_BYTES)[0]
    except OSError as e:
        raise ExportError(path, f"cannot read: {e.strerror or e}") from None
    except Unusable as e:
        raise ExportError(path, str(e)) from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number an export holds")


def _parse(path: Path, data: bytes) -> Any:
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except RecursionError:
        raise ExportError(path, "not a trainer export: nested deeper than any export") from None
    except UnicodeDecodeError as e:
        raise ExportError(
            path, f"not a trainer export: not UTF-8 JSON ({e.reason} at byte {e.start})"
        ) from None
    except ValueError as e:  # not JSON, NaN or Infinity, an integer of thousands of digits
        raise ExportError(path, f"not a trainer export: not JSON ({e})") from None


def _with_surrogate(data: Any) -> str | None:
    """A lone surrogate (which JSON's `\\ud800` can spell, and no encoder writes) in any key or text."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and (found := _SURROGATE.search(value)):
            return found.group()
    return None


@dataclass(frozen=True)
class LearnerRow:
    learner: str
    file: str
    exported_at: datetime
    facts_seen: int
    facts_total: int | None
    """Facts in the learner's banks; None when no bank's fact list is known."""
    reviews: int
    correct: int
    reviews_recent: int
    """Reviews in the last 7 study days, today included."""

    @property
    def coverage(self) -> float | None:
        return self.facts_seen / self.facts_total if self.facts_total else None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.reviews if self.reviews else None


@dataclass(frozen=True)
class FactRow:
    bank: str
    fact: str
    text: FactText
    learners: int
    """Learners who have answered it at least once."""
    reviews: int
    correct: int
    mean_recall: float | None
    """Mean over those learners of their recall probability now (a learner's: the mean over forms)."""

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.reviews if self.reviews else None


@dataclass(frozen=True)
class FlagRow:
    """A question a learner flagged as wrong."""

    bank: str
    fact: str
    statement: str
    question: str
    learner: str
    note: str


@dataclass(frozen=True)
class ClassReport:
    now: datetime
    facts: tuple[FactRow, ...]
    """Hardest first (see `hardness`)."""
    learners: tuple[LearnerRow, ...]
    flags: tuple[FlagRow, ...] = ()
    """By fact, then learner."""


def hardness(f: FactRow) -> tuple:
    """Sort key: lowest share answered right first, then lowest mean recall, then most learners; facts
    nobody has answered come last."""
    unseen = f.reviews == 0
    return (unseen, f.accuracy or 0.0, f.mean_recall or 0.0, -f.learners, f.bank, f.fact)


def _recall(item: ExportItem, now: datetime) -> float | None:
    card = CardState(_STATES[item.state], None, item.stability, item.difficulty, item.due, item.last_review)
    return recall_probability(card, now)


def build_report(
    exports: Sequence[tuple[Path, Export]],
    now: datetime,
    *,
    bank_facts: Mapping[str, Sequence[str]] = {},
    texts: Mapping[tuple[str, str], FactText] = {},
    day_of: Callable[[datetime], date],
) -> ClassReport:
    """`bank_facts` (bank id -> fact ids) and `texts` come from the bundled banks, for what an export
    leaves out; `day_of` gives the study day of `now`."""
    today = day_of(now)
    recent_from = today - timedelta(RECENT_DAYS - 1)
    # Newer exports' wording wins: that is what the learners saw most recently.
    ordered = sorted(exports, key=lambda e: e[1].exported_at)
    fact_text: dict[tuple[str, str], FactText] = dict(texts)
    universe: set[tuple[str, str]] = set()
    per_fact: dict[tuple[str, str], list[tuple[int, int, float | None]]] = defaultdict(list)
    learners = []
    labels = _labels(exports)
    for path, export in ordered:
        mine: dict[tuple[str, str], list[ExportItem]] = defaultdict(list)
        for item in export.items:
            if item.reviews:
                mine[item.bank, item.fact].append(item)
                # An export that named a fact by its id (its bank was not loaded) does not hide the wording.
                if item.statement != item.fact or (item.bank, item.fact) not in fact_text:
                    fact_text[item.bank, item.fact] = FactText(
                        item.statement, citations=tuple(item.citations)
                    )
        bank_lists = {b.id: b.facts if b.facts is not None else bank_facts.get(b.id) for b in export.banks}
        known = {(bank, f) for bank, ids in bank_lists.items() if ids is not None for f in ids}
        universe |= known | set(mine)
        for fact_key, its in mine.items():
            recalls = [r for i in its if (r := _recall(i, now)) is not None]
            mean = sum(recalls) / len(recalls) if recalls else None
            per_fact[fact_key].append((sum(i.reviews for i in its), sum(i.correct for i in its), mean))
        learners.append(
            LearnerRow(
                learner=labels[path],
                file=str(path),
                exported_at=export.exported_at,
                facts_seen=len(set(mine) & known),
                facts_total=len(known) if known else None,
                reviews=sum(i.reviews for i in export.items),
                correct=sum(i.correct for i in export.items),
                reviews_recent=sum(d.reviews for d in export.days if recent_from <= d.date <= today),
            )
        )
    facts = []
    for bank, fact in universe:
        seen = per_fact.get((bank, fact), [])
        recalls = [r for _, _, r in seen if r is not None]
        facts.append(
            FactRow(
                bank=bank,
                fact=fact,
                text=fact_text.get((bank, fact)) or FactText(fact),
                learners=len(seen),
                reviews=sum(n for n, _, _ in seen),
                correct=sum(c for _, c, _ in seen),
                mean_recall=sum(recalls) / len(recalls) if recalls else None,
            )
        )
    learners.sort(key=lambda row: row.learner.casefold())
    flags = sorted(
        (
            FlagRow(f.bank, f.fact, f.statement, f.question, labels[path], f.note)
            for path, export in ordered
            for f in export.flags
        ),
        key=lambda row: (row.bank, row.fact, row.question, row.learner.casefold()),
    )
    return ClassReport(
        now=now, facts=tuple(sorted(facts, key=hardness)), learners=tuple(learners), flags=tuple(flags)
    )


def _labels(exports: Sequence[tuple[Path, Export]]) -> dict[Path, str]:
    """The learner's name, else the file's name; the file is added where two exports share a name."""
    names = {path: export.learner or path.stem for path, export in exports}
    counts: dict[str, int] = defaultdict(int)
    for name in names.values():
        counts[name] += 1
    return {path: name if counts[name] == 1 else f"{name} ({path.name})" for path, name in names.items()}


FACT_COLUMNS = (
    "bank",
    "fact",
    "statement",
    "citations",
    "learners",
    "reviews",
    "correct",
    "accuracy",
    "mean_recall",
)
LEARNER_COLUMNS = (
    "learner", "file", "exported_at", "facts_seen", "facts_total", "coverage", "reviews", "correct", "accuracy",
    "reviews_last_7_days",
)  # fmt: skip


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def render_csv(report: ClassReport) -> bytes:
    """Two tables, each with its header row, facts first, separated by one empty line."""
    facts = to_csv(
        FACT_COLUMNS,
        (
            (f.bank, f.fact, f.text.statement, " ".join(f.text.citations), f.learners, f.reviews, f.correct,
             _r(f.accuracy), _r(f.mean_recall))
            for f in report.facts
        ),
    )  # fmt: skip
    learners = to_csv(
        LEARNER_COLUMNS,
        (
            (r.learner, r.file, iso(r.exported_at), r.facts_seen, r.facts_total, _r(r.coverage), r.reviews,
             r.correct, _r(r.accuracy), r.reviews_recent)
            for r in report.learners
        ),
        bom=False,
    )  # fmt: skip
    return (facts + "\r\n" + learners).encode()


def render_markdown(report: ClassReport) -> bytes:
    lines = [
        "# Class report",
        "",
        f"Made {iso(report.now)} from {len(report.learners)} learners' exports.",
        "",
        "## Facts, hardest first",
        "",
        "| # | Fact | Citations | Learners | Answered right | Mean recall now |",
        "|---:|---|---|---:|---:|---:|",
    ]
    for n, f in enumerate(report.facts, 1):
        right = f"{percent(f.accuracy)} ({f.correct}/{f.reviews})" if f.reviews else "—"
        lines.append(
            f"| {n} | {md(f.text.statement)} | {' '.join(md(c) for c in f.text.citations)} | {f.learners} | {right}"
            f" | {percent(f.mean_recall)} |"
        )
    lines += [
        "",
        "## Learners",
        "",
        "| Learner | Coverage | Accuracy | Reviews, last 7 days | Exported |",
        "|---|---:|---:|---:|---|",
    ]
    for r in report.learners:
        coverage = f"{percent(r.coverage)} ({r.facts_seen}/{r.facts_total})" if r.facts_total else "—"
        lines.append(
            f"| {md(r.learner)} | {coverage} | {percent(r.accuracy)} | {r.reviews_recent} | {iso(r.exported_at)} |"
        )
    if report.flags:
        lines += [
            "",
            "## Flagged by learners",
            "",
            "Questions learners marked as wrong: check the fact and its question in the bank.",
            "",
            "| Fact | Question | Learner | Note |",
            "|---|---|---|---|",
        ]
        for flag in report.flags:
            fact = f"{_md(flag.statement)} ({_md(flag.bank + '/' + flag.fact)})"
            lines.append(f"| {fact} | {_md(flag.question)} | {_md(flag.learner)} | {_md(flag.note) or '—'} |")
    return visible("\n".join(lines) + "\n", multiline=True).encode()


def _md(text: str) -> str:
    return md(visible(text))
