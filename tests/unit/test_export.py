"""The learner's export, built from hand-made progress, in each format, parsed back."""

import csv
import io
import json
import tracemalloc
from datetime import UTC

import pytest
from stats_data import HOSTILE, REVIEW, items_from, key, make_bank, review, t

from trainer.export import export
from trainer.export.csvsafe import BOM
from trainer.study.clock import study_day
from trainer.study.stats import compute_stats

NOW = t("2026-03-10T12:00Z")


def day_of(moment):
    return study_day(moment, 4, UTC)


@pytest.fixture
def data():
    bank = make_bank("b1", {"f1": "=1+1 is two.", "f2": "[bold]x marks the spot.", "f3": "Never answered."})
    reviews = [
        review("2026-03-08T10:00Z", key("f1"), 3, REVIEW, stability=10),
        review("2026-03-09T10:00Z", key("f1"), 1, REVIEW, response="@SUM(A1)", stability=2),
        review("2026-03-10T03:00Z", key("f2", "reverse"), 3, REVIEW, response="-1", stability=5),
        review("2026-03-10T09:00Z", key("gone", bank="old"), 3, REVIEW, stability=1),
    ]
    return bank, reviews, items_from(reviews)


def document(data, **kw):
    bank, reviews, items = data
    kw.setdefault("learner", "Ann [/]")
    return export.export_document(items, reviews, NOW, banks=[bank], day_of=day_of, **kw)


def test_json_document(data):
    doc = json.loads(export.render_json(document(data)))
    assert doc["schema"] == "trainer-export/1"
    assert (doc["learner"], doc["exported_at"]) == ("Ann [/]", "2026-03-10T12:00:00+00:00")
    assert doc["banks"] == [
        {"id": "b1", "title": "Bank one", "version": "1", "facts": ["f1", "f2", "f3"]},
        {"id": "old", "title": None, "version": None, "facts": None},
    ]
    # Study days turn over at 4 a.m.: 03:00 on the 10th belongs to the 9th.
    assert doc["days"] == [
        {"date": "2026-03-08", "reviews": 1, "correct": 1},
        {"date": "2026-03-09", "reviews": 2, "correct": 1},
        {"date": "2026-03-10", "reviews": 1, "correct": 1},
    ]
    assert [(i["bank"], i["fact"], i["form"]) for i in doc["items"]] == [
        ("b1", "f1", "choice"),
        ("b1", "f2", "reverse"),
        ("old", "gone", "choice"),
    ]
    f1 = doc["items"][0]
    assert f1 | {"recall": None} == {
        "bank": "b1", "fact": "f1", "form": "choice", "statement": "=1+1 is two.", "citations": ["[1]", "[2]"],
        "source": "A source (Wikipedia)", "reviews": 2, "correct": 1, "accuracy": 0.5, "lapses": 1,
        "last_review": "2026-03-09T10:00:00+00:00", "due": "2026-03-11T10:00:00+00:00", "state": "review",
        "stability": 2.0, "difficulty": 5.0, "recall": None,
    }  # fmt: skip
    assert 0 < f1["recall"] < 1
    assert doc["items"][2]["statement"] == "gone"  # bank not loaded: the fact id
    assert "reviews" not in doc


def test_json_reads_back_as_the_document_with_a_row_a_line(data):
    doc = document(data, include_reviews=True, learner='Ann "\\n\u202e" \u00e9')
    text = export.render_json(doc).decode()
    assert json.loads(text) == doc
    lines = text.splitlines()
    assert doc["flags"] == []  # one line, `"flags": [],`
    assert len(lines) == 1 + 3 + sum(2 + len(doc[k]) for k in ("banks", "days", "items", "reviews")) + 1 + 1
    assert sum(line.startswith('    {"time": ') for line in lines) == len(doc["reviews"]) == 4
    assert "\u00e9" in text  # written as is, not as an escape
    empty = {"schema": "s", "items": [], "learner": None}
    assert json.loads(export.render_json(empty)) == empty


def test_the_history_rows_are_built_when_read_not_held(data):
    bank, reviews, items = data
    many = reviews * 5_000
    tracemalloc.start()
    try:
        doc = export.export_document(items, many, NOW, learner=None, banks=[bank], day_of=day_of,
                                     include_reviews=True)  # fmt: skip
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held < 200_000  # 20,000 rows as dicts would take several MB
    rows = doc["reviews"]
    assert len(rows) == len(many) and rows[-1] == export.review_row(many[-1])
    assert rows[1:3] == [export.review_row(r) for r in many[1:3]] == list(rows)[1:3]


def test_json_with_reviews(data):
    doc = json.loads(export.render_json(document(data, include_reviews=True)))
    assert len(doc["reviews"]) == 4
    assert doc["reviews"][1] == {
        "time": "2026-03-09T10:00:00+00:00", "bank": "b1", "fact": "f1", "form": "choice", "rating": 1,
        "correct": False, "score": 0.0, "response": "@SUM(A1)", "duration_ms": 1500,
        "due": "2026-03-11T10:00:00+00:00",
    }  # fmt: skip


def read_csv(data: bytes) -> list[dict]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)  # so that Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM), newline="")))


def test_csv_items(data):
    rows = read_csv(export.render_csv(document(data)))
    assert list(rows[0]) == list(export.ITEM_COLUMNS)
    assert len(rows) == 3
    f1, f2, gone = rows
    assert f1["statement"] == "'=1+1 is two."  # bank text starting with "=" neutralised
    assert f2["statement"] == "[bold]x marks the spot."
    assert (f1["citations"], f1["reviews"], f1["lapses"], f1["state"]) == ("[1] [2]", "2", "1", "review")
    assert f1["last_review"] == "2026-03-09T10:00:00+00:00"
    assert gone["source"] == "" and gone["stability"] == "1"


def test_csv_reviews(data):
    rows = read_csv(export.render_csv(document(data, include_reviews=True)))
    assert list(rows[0]) == list(export.REVIEW_COLUMNS)
    assert [r["time"] for r in rows] == [
        "2026-03-08T10:00:00+00:00", "2026-03-09T10:00:00+00:00", "2026-03-10T03:00:00+00:00",
        "2026-03-10T09:00:00+00:00",
    ]  # fmt: skip
    assert [r["response"] for r in rows[1:3]] == ["'@SUM(A1)", "'-1"]
    assert rows[0]["statement"] == "'=1+1 is two." and rows[0]["correct"] == "true"


def test_markdown_report(data):
    bank, reviews, items = data
    stats = compute_stats(items, reviews, NOW, banks=[bank], tz=UTC)
    text = export.render_markdown(document(data, include_reviews=True), stats, [bank]).decode()
    assert text.startswith("# Study progress: Ann \\[/\\]\n")
    assert "- Answers: 4, right: 3 (75%)" in text
    assert "- Due now: 0; next 7 days: 3; next 30 days: 3" in text
    assert "```text\nTue 03-10" in text and "Wed 03-11 █" in text
    # The weakest fact first, with its quote, source and citations; bank text escaped, not markup.
    weakest = text.split("## Weakest facts\n\n")[1]
    assert weakest.startswith("1. **=1+1 is two.** (recall ")
    assert "> Quote of f2: \\[bold\\]x marks the spot. — A source (Wikipedia) \\[1\\] \\[2\\]" in weakest
    assert "| 2026-03-09T10:00:00+00:00 | =1+1 is two. | choice | no | @SUM(A1) |" in text


def test_markdown_escapes_hostile_text():
    from trainer.export.charts import md

    for s in HOSTILE:
        escaped = md(s)
        assert "[" not in escaped.replace("\\[", "") and "]" not in escaped.replace("\\]", "")
    assert md("a|b *c* `d`\nnext") == "a\\|b \\*c\\* \\`d\\` next"
