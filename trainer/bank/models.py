"""The question-bank format: pydantic models, one docstring per field.

These models are the single definition of a bank. `trainer schema` emits their JSON Schema, the loader
validates TOML against them, and the semantic checks in `validation.py` run on the result.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

FORMAT_VERSION = 1

# A stable id: lower-case letters, digits, '-', '_' and '.'. No description here: it would override each
# field's own docstring in the JSON Schema.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
# A citation marker exactly as printed in the source, e.g. "[38]".
Marker = Annotated[str, StringConstraints(pattern=r"^\[[^\[\]\s]{1,12}\]$")]

KNOWN_ANSWER_KINDS = (
    "person",
    "organisation",
    "place",
    "date",
    "time",
    "number",
    "equipment",
    "event",
    "claim",
    "role",
    "term",
    "other",
)
"""Kinds the docs describe. Any other lower-case word is allowed: a teacher may add `chemical-element`."""

ORDERING_RULES = ("absolute_position", "longest_ordered_subset", "relative_next")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Strict(BaseModel):
    """Base for every table: unknown keys are errors, so a typo like `qoute` is caught."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Settings(Strict):
    """How questions are generated from this bank."""

    distractors: int = Field(default=3, ge=2, le=5)
    """Wrong options shown beside the right one in a multiple-choice question (2 to 5)."""

    ordering_rule: Literal["absolute_position", "longest_ordered_subset", "relative_next"] = (
        "longest_ordered_subset"
    )
    """How an ordering answer earns partial credit, after Moodle's rules: `absolute_position` (one point
    per item in its right place), `longest_ordered_subset` (the longest run of items in the right relative
    order, not necessarily adjacent) or `relative_next` (one point per item followed by its right successor)."""

    ordering_items: int = Field(default=4, ge=3, le=6)
    """How many items a generated ordering question puts in order (3 to 6)."""

    new_per_day: int = Field(default=20, ge=0, le=10_000)
    """New items a learner meets per day from this bank, unless the learner chooses otherwise."""


class Source(Strict):
    """A work the facts are taken from."""

    id: Id
    """How facts refer to this source, e.g. `wikipedia`."""

    title: Text
    """The source's title as a learner should see it, e.g. `Battle of Khasham (Wikipedia)`."""

    reference: Text
    """Where to find it: a URL or a bibliographic reference."""

    text_file: str | None = None
    """The source's full text, as a UTF-8 file inside the bank's folder (a path relative to the bank file).
    When given, every quote from this source is checked to stand in it verbatim, and every citation marker
    to stand with its quote."""

    marker_pattern: str = r"\[\d+\]"
    """A regular expression for the citation markers in the source text. The default, numbered markers
    like `[38]`, leaves language tags such as `[ru]` alone."""


class When(Strict):
    """A point in time, with the precision the source gives it."""

    date: str
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the source's date at its own precision."""

    part: Literal["early", "mid", "late"] | None = None
    """For a month (`YYYY-MM`) only: the part of it the source names, e.g. `mid` for "mid-January"."""

    time: str | None = None
    """Local time of day `HH:MM` (24-hour), for a day (`YYYY-MM-DD`) only, e.g. `22:00` for "10 p.m."."""

    approximate: bool = False
    """True where the source says "around" or "about": an approximate time of day is taken as ±1 hour."""

    after: Id | None = None
    """For a relative time such as "later that same day": the id of the fact this one follows. With a
    `date` of the same day, this fact lies between that fact's time and the end of the day."""

    label: str | None = None
    """How the time is shown to a learner, e.g. "mid-January 2018" or "later that same day". Default: made
    from the fields above."""

    @field_validator("date")
    @classmethod
    def _date_shape(cls, value: str) -> str:
        if not DATE_RE.match(value):
            raise ValueError("date must be YYYY, YYYY-MM or YYYY-MM-DD")
        return value

    @field_validator("time")
    @classmethod
    def _time_shape(cls, value: str | None) -> str | None:
        if value is not None and not TIME_RE.match(value):
            raise ValueError("time must be HH:MM, 24-hour")
        return value


class Quantity(Strict):
    """A number the fact states, for magnitude questions."""

    amount: float
    """The number, e.g. `500`. For a range like "80–100", give the lower end and set `upper`."""

    upper: float | None = None
    """The upper end of a range, e.g. `100` for "80–100"."""

    unit: Text
    """What is counted or measured, e.g. `fighters`. Only quantities of the same unit are compared."""

    approximate: bool = False
    """True where the source says "around" or "about"."""


class Reverse(Strict):
    """The same fact asked the other way round: the cue from the answer."""

    question: Text
    """E.g. "What did Dmitry Peskov admit on 14 February?"."""

    answer: Text
    """The right answer to that question, short enough to be an option."""

    answer_kind: Id = "claim"
    """The kind of this answer; distractors come from other answers of the same kind."""

    distractors: list[Text] = Field(default_factory=list)
    """Wrong answers the teacher chose for the reverse question."""


class Fact(Strict):
    """One fact a learner should know, with the source passage that supports it."""

    id: Id
    """Stable id: progress is keyed by it, so keep it when rewording the fact."""

    statement: Text
    """The fact as one sentence a learner should know."""

    quote: Text
    """The supporting passage, verbatim from the source (whitespace differences are ignored)."""

    source: Id
    """The id of the source the quote comes from."""

    citations: list[Marker] = Field(default_factory=list)
    """The citation markers that stand with the quoted passage in the source, as given: `["[38]", "[39]"]`.
    Empty where the passage has none."""

    attribution: str | None = None
    """Whose claim this is, where the source reports a claim rather than stating a fact, e.g. "according to
    the U.S. military". Questions about the fact are asked with it."""

    tags: list[Id] = Field(default_factory=list)
    """Free labels for choosing what to study, e.g. `casualties`."""

    question: Text | None = None
    """The question this fact answers, e.g. "When was the Battle of Khasham fought?". Without it the fact
    serves only as an ordering item and as an explanation."""

    answer: Text | None = None
    """The short right answer to `question`; it must appear in the quote (case and dashes aside)."""

    answer_kind: Id | None = None
    """What sort of thing the answer is (person, organisation, place, date, time, number, equipment, ...;
    any lower-case word). Distractors are drawn from other facts' answers of the same kind."""

    distractors: list[Text] = Field(default_factory=list)
    """Wrong answers the teacher chose for this fact; used before generated ones."""

    also_right: list[Text] = Field(default_factory=list)
    """Values that are also right, and so must never be offered as wrong answers (e.g. the other aircraft
    the same passage lists)."""

    why_wrong: str | None = None
    """When this fact's answer is offered as a wrong option elsewhere, the short reason shown, e.g. "the
    agreed cap on pro-government fighters in the salient". Default: the fact's statement."""

    reverse: Reverse | None = None
    """The same fact asked the other way round."""

    when: When | None = None
    """The point in time the fact happened, for timeline questions."""

    value: Quantity | None = None
    """The number the fact states, for magnitude questions."""


class SequenceItem(Strict):
    """One item of a teacher's sequence."""

    text: Text
    """The item as shown to the learner."""

    fact: Id | None = None
    """The fact that explains this item's place, if any."""


class Sequence(Strict):
    """Items with one right order, written by the teacher."""

    id: Id
    """Stable id; progress is keyed by it."""

    prompt: Text
    """E.g. "Put these events of 7 February 2018 in order"."""

    items: list[SequenceItem | Text] = Field(min_length=3, max_length=6)
    """The items in their right order: plain strings, or tables with `text` and `fact`."""

    explanation: str | None = None
    """Shown after the answer."""

    source: Id | None = None
    """The source that gives the order."""

    quote: str | None = None
    """The verbatim passage that gives the order."""

    citations: list[Marker] = Field(default_factory=list)
    """The markers that stand with that passage."""


class HandQuestion(Strict):
    """A multiple-choice question written in full by the teacher, for what generation cannot do."""

    id: Id
    """Stable id; progress is keyed by it."""

    prompt: Text
    """The question as shown."""

    answer: Text
    """The right option."""

    distractors: list[Text] = Field(min_length=1, max_length=5)
    """The wrong options."""

    fact: Id | None = None
    """The fact that explains the answer; its quote and citations are shown after answering."""

    explanation: str | None = None
    """Shown after the answer; default: the fact's statement."""


class Bank(Strict):
    """A question bank: cited facts, and what to ask about them."""

    format: Literal[1] = 1
    """The bank format's version. This is version 1."""

    id: Id
    """The bank's stable id, e.g. `khasham`; progress is keyed by it."""

    title: Text
    """Shown to learners, e.g. "The Battle of Khasham"."""

    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    """The language of the bank's text, as a BCP 47 tag, e.g. `en`, `de`, `pt-BR`."""

    description: str = ""
    """A sentence or two on what the bank covers."""

    version: Annotated[str, StringConstraints(min_length=1, max_length=40)] = "1"
    """The teacher's version of the bank, e.g. `1.2`; exports record it."""

    settings: Settings = Settings()
    """How questions are generated."""

    sources: list[Source] = Field(min_length=1)
    """The works the facts cite."""

    facts: list[Fact] = Field(default_factory=list)
    """The facts."""

    sequences: list[Sequence] = Field(default_factory=list)
    """Orderings written by the teacher."""

    questions: list[HandQuestion] = Field(default_factory=list)
    """Questions written in full by the teacher."""
