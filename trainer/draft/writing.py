"""A draft bank as TOML in the layout `docs/authoring.md` asks for: one `[[facts]]` table per fact, keys in
the documented order, `when` and `value` as inline tables, a comment above each passage's group and the
draft's notes inside the fact they are about. Values are written by tomli-w; comments pass through
`sanitize.visible`, since a comment is raw text."""

from __future__ import annotations

import tomli_w

from trainer.draft.facts import DraftFact
from trainer.sanitize import visible

RULE = "# " + "-" * 99
_FACT_KEYS = ("id", "statement", "quote", "source", "citations", "attribution", "tags", "question", "answer")
_TAIL_KEYS = ("answer_kind", "distractors", "when", "value")
_WHEN_KEYS = ("date", "part", "time", "approximate", "after", "label")
_VALUE_KEYS = ("amount", "upper", "unit", "approximate")


def value(item: object) -> str:
    """One TOML value; a dict as an inline table."""
    if isinstance(item, dict):
        order = _WHEN_KEYS if "date" in item else _VALUE_KEYS
        keys = [k for k in order if k in item] + sorted(set(item) - set(order))
        return "{ " + ", ".join(f"{k} = {value(item[k])}" for k in keys) + " }"
    if isinstance(item, list):
        return "[" + ", ".join(map(value, item)) + "]"
    return tomli_w.dumps({"v": item}).removeprefix("v = ").rstrip("\n")


def comment(text: str) -> str:
    return "# " + visible(text)


def header(bank_id: str, title: str, text_file: str, reference: str, pattern: str) -> str:
    lines = [
        comment(f"Drafted by `trainer draft` from {text_file}: every quote is verbatim from it, with the"),
        comment(
            "citation markers that stand with it. Read every fact: keep, edit or delete it, and settle each"
        ),
        comment("`TODO` (what the draft could not decide) and `FORMAT` (what the format cannot hold yet)."),
        "",
        f'format = 1\nid = {value(bank_id)}\ntitle = {value(title)}\nlanguage = "en"',
        "",
        "[[sources]]",
        'id = "article"',
        f"title = {value(title)}",
        f"reference = {value(reference)}",
        f"text_file = {value(text_file)}",
        f"marker_pattern = {value(pattern)}",
    ]
    return "\n".join(lines) + "\n"


def fact_table(fact: DraftFact) -> str:
    fields: dict[str, object | None] = {
        "id": fact.id,
        "statement": fact.statement,
        "quote": fact.quote,
        "source": "article",
        "citations": fact.citations or None,
        "attribution": fact.attribution,
        "tags": fact.tags or None,
        "question": fact.question,
        "answer": fact.answer,
        "answer_kind": fact.answer_kind,
        "distractors": fact.distractors or None,
        "when": fact.when,
        "value": fact.value,
    }
    lines = ["[[facts]]"]
    lines += [
        f"{key} = {value(fields[key])}" for key in (*_FACT_KEYS, *_TAIL_KEYS) if fields[key] is not None
    ]
    lines += [comment(note) for note in fact.notes]
    return "\n".join(lines) + "\n"


def group_comment(leading: tuple[str, ...], body: str, width: int = 70) -> str:
    text = body
    for marker in leading:
        text = text.removeprefix(marker).lstrip()
    start = text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " ..."
    marks = "".join(leading) or "(no marker)"
    line = comment(marks + ' "' + start + '"')
    return f"{RULE}\n{line}\n"
