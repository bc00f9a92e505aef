"""`trainer questions --format anki|moodle|gift`: the files open as their programs read them, say what the
bank says (escaped, sanitised), and a re-export updates rather than duplicates."""

from __future__ import annotations

import html
import json
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from question_exports import SPECIAL, read_gift, scan, shown, write_hostile

from trainer.bank.loading import load_bank, locate
from trainer.cli import main
from trainer.export import anki, gift, moodle
from trainer.export.formats import QuestionFormat
from trainer.questions.generate import generate
from trainer.questions.grading import RULES
from trainer.sanitize import visible


def khasham():
    loaded = load_bank(locate("khasham"))
    return loaded, generate(loaded)


def export(tmp_path: Path, fmt: str, bank: str = "khasham", name: str = "out") -> Path:
    out = tmp_path / name
    assert main(["questions", bank, "--format", fmt, "-o", str(out)]) == 0
    return out


def open_apkg(path: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(path) as apkg:
        assert set(apkg.namelist()) == {"collection.anki2", "media"}
        db = tmp_path / f"{path.name}.anki2"
        db.write_bytes(apkg.read("collection.anki2"))
    return sqlite3.connect(db)


def test_every_format_is_dispatched():
    assert {f.value for f in QuestionFormat} == {"anki", "moodle", "gift"}


# Anki


def test_anki_package_has_a_note_per_question_with_stable_guids(tmp_path, capsys):
    loaded, questions = khasham()
    first = export(tmp_path, "anki", name="one.apkg")
    assert f"wrote {first}: {len(questions)} questions from The Battle of Khasham" in capsys.readouterr().err
    second = export(tmp_path, "anki", name="two.apkg")
    one, two = open_apkg(first, tmp_path), open_apkg(second, tmp_path)
    rows = one.execute("select guid, flds, tags, mid from notes order by id").fetchall()
    assert len(rows) == len(questions) == one.execute("select count(*) from cards").fetchone()[0]
    assert [r[0] for r in rows] == [genanki.guid_for(q.id) for q in questions]
    assert sorted(rows) == sorted(two.execute("select guid, flds, tags, mid from notes").fetchall())
    assert {r[3] for r in rows} == {anki.MODEL_ID}
    decks = json.loads(one.execute("select decks from col").fetchone()[0])
    assert decks[str(anki.deck_id("khasham"))]["name"] == "The Battle of Khasham"
    by_guid = {guid: (flds.split("\x1f"), tags.split()) for guid, flds, tags, _ in rows}
    for q in questions:
        fields, tags = by_guid[genanki.guid_for(q.id)]
        prompt, options, answer, explanation, quote, source = fields
        assert shown(prompt) == q.prompt and all(
            f"<li>{html.escape(o, quote=False)}</li>" in options for o in q.options
        )
        assert shown(explanation) == q.explanation and shown(source) == q.source
        assert quote.startswith(html.escape(q.quote, quote=False).replace("\n", "<br>"))
        assert quote.endswith(" ".join(q.citations))
        assert "khasham" in tags and q.key.form in tags
        fact_tags = {t for f in q.facts if (fact := loaded.fact(f)) for t in fact.tags}
        assert fact_tags <= set(tags)
        if q.kind == "order":
            items = [q.options[i] for i in q.answer]  # type: ignore[union-attr]
            assert answer.startswith("The right order:") and answer.index(items[0]) < answer.index(items[-1])
        else:
            assert shown(answer) == q.options[q.answer]  # type: ignore[index]


def test_anki_fields_are_escaped_and_sanitised(tmp_path):
    bank = write_hostile(tmp_path)
    out = export(tmp_path, "anki", bank=str(bank), name="h.apkg")
    connection = open_apkg(out, tmp_path)
    flds = " ".join(r[0] for r in connection.execute("select flds from notes"))
    assert "<script>" not in flds and "&lt;script&gt;alert(1)&lt;/script&gt;" in flds
    assert "&amp;amp;" in flds  # the bank's "&amp;" shows as written
    assert "\x1b" not in flds and "\u202e" not in flds and "⟨U+202E⟩" in flds
    assert "<b>" not in flds


def test_anki_needs_a_file(tmp_path, capsys):
    assert main(["questions", "khasham", "--format", "anki"]) == 2
    assert "give -o FILE" in capsys.readouterr().err


# Moodle XML


def parse_moodle(path: Path) -> etree._Element:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()


def test_moodle_xml_has_the_required_elements_and_fractions(tmp_path):
    _, questions = khasham()
    out = export(tmp_path, "moodle", name="quiz.xml")
    quiz = parse_moodle(out)
    assert quiz.tag == "quiz"
    category, *items = quiz.findall("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/top/The Battle of Khasham"
    assert len(items) == len(questions)
    for q, item in zip(questions, items, strict=True):
        for path in ("name/text", "questiontext/text", "generalfeedback/text", "defaultgrade", "idnumber"):
            assert item.find(path) is not None, path
        assert (
            shown(item.findtext("name/text")) == q.prompt
            and shown(item.findtext("questiontext/text")) == q.prompt
        )
        general = item.findtext("generalfeedback/text")
        assert shown(general).startswith(f"<p>{q.explanation}") and "Source: " in general
        answers = item.findall("answer")
        assert [shown(a.findtext("text")) for a in answers] == (
            list(q.options) if q.kind == "choice" else [q.options[i] for i in q.answer]  # type: ignore[union-attr]
        )
        if q.kind == "choice":
            assert item.get("type") == "multichoice"
            assert item.findtext("single") == "true" and item.findtext("shuffleanswers") == "true"
            fractions = [float(a.get("fraction")) for a in answers]
            assert sum(fractions) == 100 and fractions.count(100) == 1 and fractions[q.answer] == 100  # type: ignore[index]
            for i, a in enumerate(answers):
                found = q.notes[i] if i < len(q.notes) else None
                if i != q.answer and found is not None:
                    assert shown(a.findtext("feedback/text")) == found.text
                    assert all(c in found.text for c in found.citations)
        else:
            assert item.get("type") == "ordering"
            assert item.findtext("gradingtype") == "LONGEST_ORDERED_SUBSET"
            assert item.findtext("layouttype") == "VERTICAL" and item.findtext("selecttype") == "ALL"
            assert item.findtext("selectcount") == str(len(q.options))
            assert [a.get("fraction") for a in answers] == [str(n) for n in range(1, len(answers) + 1)]
    # An ordering's feedback cites each item's source sentence.
    feedback = [f.text for f in quiz.iterfind("question[@type='ordering']/answer/feedback/text")]
    assert any("[38][39][40]" in (text or "") for text in feedback)


@pytest.mark.parametrize("rule", RULES)
def test_moodle_grading_type_follows_the_banks_rule(tmp_path, rule):
    bank = write_hostile(tmp_path, rule)
    out = export(tmp_path, "moodle", bank=str(bank), name="q.xml")
    ordering = parse_moodle(out).find("question[@type='ordering']")
    assert ordering.findtext("gradingtype") == moodle.GRADING_TYPES[rule]


def test_moodle_xml_escapes_hostile_text(tmp_path):
    bank = write_hostile(tmp_path)
    out = export(tmp_path, "moodle", bank=str(bank), name="q.xml")
    raw = out.read_text(encoding="utf-8")
    assert "<script>" not in raw and "\x1b" not in raw and "\u202e" not in raw
    quiz = parse_moodle(out)
    assert quiz.findtext("question/category/text").replace("//", "/") == "$course$/top/" + html.escape(
        f"Hostile / {visible(SPECIAL)}", quote=False
    )
    choice = quiz.find("question[@type='multichoice']")
    assert shown(choice.findtext("questiontext/text")) == visible(f"Which {SPECIAL}?")
    # Once Moodle renders the HTML, the bank's markup shows as text.
    assert "&lt;script&gt;" in choice.findtext("questiontext/text")
    assert all(not e.text or "<script>" not in e.text for e in quiz.iter("text"))


# GIFT


def test_gift_reads_back_and_skips_orderings_with_a_count(tmp_path, capsys):
    _, questions = khasham()
    out = export(tmp_path, "gift", name="quiz.gift")
    choices = [q for q in questions if q.kind == "choice"]
    err = capsys.readouterr().err
    skipped = len(questions) - len(choices)
    assert f"skipped {skipped} questions: GIFT has no ordering question" in err
    assert f"wrote {out}: {len(choices)} questions" in err
    categories, read = read_gift(out.read_text(encoding="utf-8"))
    assert categories == ["$course$/top/The Battle of Khasham"]
    assert len(read) == len(choices)
    for q, g in zip(choices, read, strict=True):
        assert shown(g.name) == q.prompt and shown(g.text) == q.prompt
        assert [shown(text) for _, text, _ in g.answers] == list(q.options)
        assert [right for right, _, _ in g.answers] == [i == q.answer for i in range(len(q.options))]
        assert shown(g.general).startswith(f"<p>{q.explanation}")


def test_gift_escapes_hostile_text(tmp_path, capsys):
    bank = write_hostile(tmp_path)
    out = export(tmp_path, "gift", bank=str(bank), name="h.gift")
    assert "skipped 1 question: " in capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text and "\x1b" not in text and "\u202e" not in text
    categories, read = read_gift(text)
    assert categories == [
        "$course$/top/"
        + html.escape(f"Hostile / {visible(SPECIAL)}", quote=False).replace("\\", "&#92;").replace("/", "//")
    ]
    assert "\\" not in categories[0] and shown(categories[0]).endswith(visible(SPECIAL).replace("/", "//"))
    loaded = load_bank(bank)
    wanted = [q for q in generate(loaded) if q.kind == "choice"]
    assert len(read) == len(wanted) == 3
    for q, g in zip(wanted, read, strict=True):
        assert shown(g.text) == visible(q.prompt) and shown(g.name) == visible(q.prompt)
        assert [shown(t) for _, t, _ in g.answers] == [visible(o) for o in q.options]
        feedback = [shown(f) for right, _, f in g.answers if not right]
        notes = [n.text for i, n in enumerate(q.notes) if i != q.answer and n is not None]
        assert [f for f in feedback if f] == [visible(n) for n in notes]


@given(st.text())
def test_gift_escape_reads_back_as_one_literal_piece(value):
    assert scan(gift.escape(value)) == [("", value.strip())]
