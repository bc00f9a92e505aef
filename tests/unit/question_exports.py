"""A hostile bank for the question exports, and a reader of the GIFT they write (the tests' own, so that a
writer's mistake cannot hide behind the same mistake in a shared parser)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

SPECIAL = "{=~#:} \\ <b>&amp;</b> <script>alert(1)</script> \x1b[31mred \u202ertl"
"""GIFT's special characters, a backslash, HTML, an escape sequence and a bidi override."""


def write_hostile(folder: Path, rule: str = "absolute_position") -> Path:
    table = {
        "id": "hostile",
        "title": f"Hostile / {SPECIAL}",
        "description": f"About {SPECIAL}",
        "settings": {"ordering_rule": rule, "distractors": 2},
        "sources": [{"id": "src", "title": f"Source {SPECIAL}", "reference": "ref"}],
        "facts": [
            {
                "id": "a",
                "statement": f"Statement a {SPECIAL}.",
                "quote": f"Quote a {SPECIAL} [13]",
                "source": "src",
                "citations": ["[13]"],
                "tags": ["odd-tag"],
                "question": f"Which {SPECIAL}?",
                "answer": "Alpha {=~#:}",
                "answer_kind": "term",
                "why_wrong": f"why a {SPECIAL}",
            },
            {
                "id": "b",
                "statement": "Statement b Beta ~x.",
                "quote": "Quote b Beta ~x [14]",
                "source": "src",
                "citations": ["[14]"],
                "question": "Which b?",
                "answer": "Beta ~x",
                "answer_kind": "term",
                "why_wrong": f"why b {SPECIAL}",
            },
            {
                "id": "c",
                "statement": "Statement c Gamma #y.",
                "quote": "Quote c Gamma #y",
                "source": "src",
                "question": "Which c?",
                "answer": "Gamma #y",
                "answer_kind": "term",
            },
        ],
        "sequences": [
            {
                "id": "seq",
                "prompt": f"Order {SPECIAL}",
                "items": ["first {1}", "second ~2", "third =3 #", f"fourth {SPECIAL}"],
                "source": "src",
            }
        ],
    }
    path = folder / "bank.toml"
    path.write_bytes(tomli_w.dumps(table).encode("utf-8"))
    return path


@dataclass
class GiftQuestion:
    name: str
    text: str
    answers: list[tuple[bool, str, str]] = field(default_factory=list)
    """(right, text, feedback), GIFT escapes undone, HTML left as written."""
    general: str = ""


_ESCAPED = {"n": "\n"}


def scan(body: str) -> list[tuple[str, str]]:
    """`body` cut at its unescaped markers `=`, `~`, `#` and `####`: (marker, text) pairs, escapes undone."""
    parts: list[tuple[str, str]] = [("", "")]
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            nxt = body[i + 1]
            parts[-1] = (parts[-1][0], parts[-1][1] + _ESCAPED.get(nxt, nxt))
            i += 2
            continue
        marker = "####" if body.startswith("####", i) else c if c in "=~#" else None
        if marker is not None:
            parts.append((marker, ""))
            i += len(marker)
            continue
        if c in "{}:":
            raise ValueError(f"unescaped {c!r} at {i} in {body!r}")
        parts[-1] = (parts[-1][0], parts[-1][1] + c)
        i += 1
    return [(m, t.strip()) for m, t in parts]


def read_gift(text: str) -> tuple[list[str], list[GiftQuestion]]:
    """The categories and the questions of a GIFT file as this project writes it."""
    categories, questions = [], []
    for block in re.split(r"\n\s*\n", text.strip()):
        if block.startswith("$CATEGORY:"):
            categories.append(block.removeprefix("$CATEGORY:").strip())
            continue
        match = re.fullmatch(r"::((?:\\.|[^\\])*?)::\[html\]((?:\\.|[^\\{])*)\{(.*)\}", block, re.S)
        assert match, f"not a GIFT question: {block!r}"
        name = scan(match[1])
        prompt = scan(match[2])
        assert len(name) == 1 and len(prompt) == 1, "a special character was left unescaped"
        q = GiftQuestion(name[0][1], prompt[0][1])
        for marker, value in scan(match[3])[1:]:
            if marker in "=~":
                q.answers.append((marker == "=", value, ""))
            elif marker == "#":
                right, answer, _ = q.answers[-1]
                q.answers[-1] = (right, answer, value)
            else:
                q.general = value
        questions.append(q)
    return categories, questions


def shown(html_text: str) -> str:
    """What a browser shows of HTML this project wrote: line breaks back, entities undone."""
    return html.unescape(html_text.replace("<br>", "\n"))
