"""A learner's progress as JSON, CSV or Markdown (documented in docs/export.md).

`export_document` builds the JSON document; the CSV and Markdown renderings read the same rows, so the
three formats never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, overload

from trainer.bank.loaded import LoadedBank
from trainer.export.charts import due_chart, md
from trainer.export.csvsafe import to_csv
from trainer.progress.model import Flag, ItemProgress, Review
from trainer.questions.model import ItemKey
from trainer.sanitize import json_text, visible
from trainer.study.stats import FactText, Stats, day_totals, fact_texts, iso, recall_probability
from trainer.wording import percent

SCHEMA = "trainer-export/1"
STATE_NAMES = {1: "learning", 2: "review", 3: "relearning"}
MARKDOWN_DUE_DAYS = 14

ITEM_COLUMNS = (
    "bank", "fact", "form", "statement", "citations", "source", "reviews", "correct", "accuracy", "lapses",
    "last_review", "due", "state", "stability", "difficulty", "recall",
)  # fmt: skip
REVIEW_COLUMNS = (
    "time", "bank", "fact", "form", "statement", "rating", "correct", "score", "response", "duration_ms",
    "due",
)  # fmt: skip


def _round(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def item_row(p: ItemProgress, now: datetime, text: FactText) -> dict:
    card = p.card
    return {
        "bank": p.key.bank,
        "fact": p.key.fact,
        "form": p.key.form,
        "statement": text.statement,
        "citations": list(text.citations),
        "source": text.source,
        "reviews": p.reviews,
        "correct": p.correct,
        "accuracy": _round(p.correct / p.reviews if p.reviews else None),
        "lapses": p.lapses,
        "last_review": iso(p.last_review),
        "due": iso(card.due),
        "state": STATE_NAMES.get(card.state, str(card.state)),
        "stability": _round(card.stability),
        "difficulty": _round(card.difficulty),
        "recall": _round(recall_probability(card, now)),
    }


def review_row(r: Review) -> dict:
    return {
        "time": iso(r.time),
        "bank": r.key.bank,
        "fact": r.key.fact,
        "form": r.key.form,
        "rating": r.rating,
        "correct": r.correct,
        "score": _round(r.score),
        "response": r.response,
        "duration_ms": r.duration_ms,
        "due": iso(r.after.due),
    }


def export_document(
    items: Mapping[ItemKey, ItemProgress],
    reviews: Iterable[Review],
    now: datetime,
    *,
    learner: str | None,
    banks: Sequence[LoadedBank],
    day_of: Callable[[datetime], date],
    include_reviews: bool = False,
    flags: Sequence[Flag] = (),
    days: Mapping[date, Sequence[int]] | None = None,
) -> dict:
    """The JSON export. `items`, `reviews` and `banks` are what to export (already narrowed to one bank
    if asked); `day_of` gives the study day of a moment, for the per-day counts. `days`: those counts
    (answers, right, ...) already known, from the history's tally: then `reviews` is read only for its rows,
    when they are rendered (it may be a stream that each pass reads afresh, as a store's history)."""
    seen = sorted((p for p in items.values() if p.reviews > 0), key=lambda p: str(p.key))
    texts = fact_texts(banks, {(p.key.bank, p.key.fact) for p in seen})
    per_day: Mapping[date, Sequence[int]] = days if days is not None else day_totals(reviews, day_of)
    loaded = {b.id: b for b in banks}
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "learner": learner,
        "exported_at": iso(now),
        "banks": [_bank_entry(b, loaded.get(b)) for b in sorted(set(loaded) | {p.key.bank for p in seen})],
        "days": [
            {"date": d.isoformat(), "reviews": counts[0], "correct": counts[1]}
            for d, counts in sorted(per_day.items())
        ],
        "items": [
            item_row(p, now, texts.get((p.key.bank, p.key.fact)) or FactText(p.key.fact)) for p in seen
        ],
    }
    doc["flags"] = [flag_row(f, texts.get((f.key.bank, f.key.fact)) or FactText(f.key.fact)) for f in flags]
    if include_reviews:
        doc["reviews"] = ReviewRows(reviews)
    return doc


def flag_row(flag: Flag, text: FactText) -> dict:
    """A question the learner flagged as wrong, for the teacher (`trainer report`)."""
    return {
        "bank": flag.key.bank,
        "fact": flag.key.fact,
        "form": flag.key.form,
        "statement": text.statement,
        "question": flag.prompt,
        "note": flag.note,
        "time": iso(flag.time),
    }


class ReviewRows(Sequence[dict]):
    """The history's rows, each built when read: a million answers' dicts held at once would outweigh the
    answers themselves. Over a stream (a store's history, read afresh on each pass) only iteration is
    possible, and the length is known once a pass has counted it."""

    def __init__(self, reviews: Iterable[Review]) -> None:
        self._reviews = reviews
        self._counted: int | None = None

    def __len__(self) -> int:
        if isinstance(self._reviews, Sequence):
            return len(self._reviews)
        if self._counted is None:
            raise TypeError("the length of a stream of rows is known once they have been read")
        return self._counted

    @overload
    def __getitem__(self, index: int) -> dict: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict]: ...
    def __getitem__(self, index: int | slice) -> dict | list[dict]:
        assert isinstance(self._reviews, Sequence), "a stream of rows is only read in order"
        if isinstance(index, slice):
            return [review_row(r) for r in self._reviews[index]]
        return review_row(self._reviews[index])

    def __iter__(self) -> Iterator[dict]:
        self._counted = 0
        for review in self._reviews:
            yield review_row(review)
            self._counted += 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def _bank_entry(bank_id: str, loaded: LoadedBank | None) -> dict:
    if loaded is None:
        return {"id": bank_id, "title": None, "version": None, "facts": None}
    bank = loaded.bank
    return {"id": bank_id, "title": bank.title, "version": bank.version, "facts": [f.id for f in bank.facts]}


def render_json(doc: dict) -> bytes:
    return "".join(json_chunks(doc)).encode()


def json_chunks(doc: dict) -> Iterator[str]:
    """The document's fields one a line, and each row of a list (a bank, a day, an item, an answer) on a line
    of its own: a person can still read it, and without `indent` json's C encoder does the work (with it,
    json falls back to its pure-Python encoder, several times slower). In pieces, a row at a time, so that
    a history of any length is written without being held."""
    yield "{\n"
    for n, (name, value) in enumerate(doc.items()):
        field = (",\n" if n else "") + f"  {json_text(name)}: "
        if isinstance(value, list | ReviewRows):
            rows = iter(value)
            first = next(rows, None)
            if first is None:
                yield field + "[]"
                continue
            yield f"{field}[\n    {json_text(first, indent=None)}"
            for row in rows:
                yield f",\n    {json_text(row, indent=None)}"
            yield "\n  ]"
        else:
            yield field + json_text(value, indent=None)
    yield "\n}\n"


def render_csv(doc: dict) -> bytes:
    """Items, or with the history in the document, one row per answer (its fact's statement beside it)."""
    if "reviews" in doc:
        statements = {(i["bank"], i["fact"]): i["statement"] for i in doc["items"]}
        rows: Iterable[dict] = (
            {**r, "statement": statements.get((r["bank"], r["fact"]), r["fact"])} for r in doc["reviews"]
        )
        columns: tuple[str, ...] = REVIEW_COLUMNS
    else:
        rows = [{**i, "citations": " ".join(i["citations"])} for i in doc["items"]]
        columns = ITEM_COLUMNS
    return to_csv(columns, ([row[c] for c in columns] for row in rows)).encode()


def render_markdown(doc: dict, stats: Stats, banks: Sequence[LoadedBank]) -> bytes:
    """A one-page report to hand in: summary, due chart, weakest facts with quotes and citations."""
    learner = doc["learner"] or "(no name set)"
    titles = [f"{md(b['title'] or b['id'])} (version {md(b['version'] or '?')})" for b in doc["banks"]]
    total = stats.total_reviews
    lines = [
        f"# Study progress: {md(learner)}",
        "",
        f"Exported {doc['exported_at']}" + (f" · {', '.join(titles)}" if titles else ""),
        "",
        "## Summary",
        "",
        f"- Items answered: {stats.items_seen} ({len({(i['bank'], i['fact']) for i in doc['items']})} facts)",
        f"- Answers: {total}, right: {stats.total_correct} ({percent(stats.total_correct / total if total else None)})",
        f"- True retention (reviews of learned items recalled): {percent(stats.retention.rate)}"
        f" of {stats.retention.reviews}",
        f"- Study streak: {stats.streak} day{'s' if stats.streak != 1 else ''}",
        f"- Due now: {stats.due_now}; next 7 days: {stats.due_next_7}; next 30 days: {stats.due_next_30}",
        "",
        f"## Due in the next {MARKDOWN_DUE_DAYS} days",
        "",
        "```text",
        *due_chart(stats.due_per_day[:MARKDOWN_DUE_DAYS]),
        "```",
        "",
        "## Weakest facts",
        "",
    ]
    if not stats.weakest:
        lines += ["Nothing answered yet.", ""]
    for n, f in enumerate(stats.weakest, 1):
        text = f.text
        lines.append(
            f"{n}. **{md(text.statement)}** (recall {percent(f.recall)}, {f.correct} of {f.reviews} right,"
            f" {f.lapses} lapse{'s' if f.lapses != 1 else ''})"
        )
        cited = " ".join(md(part) for part in (text.source, *text.citations) if part)
        if text.quote:
            lines.append(f"   > {md(text.quote)}" + (f" — {cited}" if cited else ""))
        elif cited:
            lines.append(f"   {cited}")
        lines.append("")
    if "reviews" in doc:
        lines += _answers_table(doc)
    return visible("\n".join(lines).rstrip() + "\n", multiline=True).encode()


def _answers_table(doc: dict) -> list[str]:
    statements = {(i["bank"], i["fact"]): i["statement"] for i in doc["items"]}
    lines = ["## Every answer", "", "| Time | Fact | Form | Right | Answer |", "|---|---|---|---|---|"]
    for r in doc["reviews"]:
        statement = statements.get((r["bank"], r["fact"]), r["fact"])
        right = "yes" if r["correct"] else f"no ({r['score']:g})" if r["score"] else "no"
        lines.append(f"| {r['time']} | {md(statement)} | {r['form']} | {right} | {md(r['response'])} |")
    return [*lines, ""]
