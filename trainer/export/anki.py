"""An Anki package (.apkg) of a bank's questions, made with genanki.

A note per question: the front is the prompt and the options, the back the answer (an ordering's items in
their right order), the explanation, the quote with its citation markers, and the source. Notes' GUIDs
come from the questions' ids, so importing a new export of the bank updates the notes already imported
instead of adding copies; each bank is a deck whose id comes from the bank's id, for the same reason."""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from io import BytesIO
from itertools import count
from pathlib import Path

import genanki  # type: ignore[import-untyped]  # genanki ships no type information

from trainer.export.formats import Exported
from trainer.export.questiontext import BankQuestions, as_html, quote_html, right_order, tags
from trainer.questions.model import Question

MODEL_ID = 1_730_211_457
"""Fixed for good: Anki matches a re-imported note type by this id."""

FIELDS = ("Prompt", "Options", "Answer", "Explanation", "Quote", "Source")

_FRONT = '<div class="prompt">{{Prompt}}</div>{{Options}}'
_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div><div>{{Explanation}}</div>'
    "{{#Quote}}<blockquote>{{Quote}}</blockquote>{{/Quote}}"
    '{{#Source}}<div class="source">Source: {{Source}}</div>{{/Source}}'
)
_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.prompt { font-weight: bold; margin-bottom: 0.6em; }
.answer { font-weight: bold; margin-bottom: 0.6em; }
blockquote { border-left: 3px solid #999; margin-left: 0; padding-left: 0.8em; }
.source { color: #666; font-size: 0.9em; }"""

MODEL = genanki.Model(
    MODEL_ID,
    "trainer question",
    fields=[{"name": field} for field in FIELDS],
    templates=[{"name": "Question", "qfmt": _FRONT, "afmt": _BACK}],
    css=_CSS,
    sort_field_index=0,
)


def deck_id(bank_id: str) -> int:
    """A stable id for a bank's deck, in the positive range Anki's ids use."""
    digest = hashlib.blake2b(f"trainer deck {bank_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest) % (1 << 62) + 1


def _list(items: Sequence[str]) -> str:
    return '<ol type="a">' + "".join(f"<li>{as_html(item)}</li>" for item in items) + "</ol>"


def fields(q: Question) -> list[str]:
    """The note's fields, in `FIELDS` order, each HTML that shows the bank's text literally."""
    order = right_order(q)
    answer = "The right order:" + _list(order) if q.kind == "order" else as_html(order[0])
    return [
        as_html(q.prompt),
        _list(q.options),
        answer,
        as_html(q.explanation),
        quote_html(q),
        as_html(q.source),
    ]


def note_for(bank: BankQuestions, q: Question) -> genanki.Note:
    return genanki.Note(model=MODEL, fields=fields(q), tags=tags(bank.loaded, q), guid=genanki.guid_for(q.id))


def render(banks: Sequence[BankQuestions]) -> Exported:
    decks = []
    for bank in banks:
        deck = genanki.Deck(deck_id(bank.loaded.id), bank.title)
        for q in bank.questions:
            deck.add_note(note_for(bank, q))
        decks.append(deck)
    return Exported(_package_bytes(genanki.Package(decks)), sum(len(b.questions) for b in banks))


def _package_bytes(package: genanki.Package) -> bytes:
    """The .apkg as bytes. genanki's own `write_to_file` leaves its temporary collection file behind; this
    one writes it in a folder that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="trainer-anki-") as folder:
        db = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(db)
        try:
            timestamp = 1_700_000_000.0  # fixed, so two exports of one bank are the same notes and cards
            package.write_to_db(connection.cursor(), timestamp, count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as apkg:
            apkg.write(db, "collection.anki2")
            apkg.writestr("media", "{}")
        return out.getvalue()
