"""The class report over three learners with known answers, figures worked out by hand; bad exports skipped."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from trainer.cli import main
from trainer.export.csvsafe import BOM
from trainer.export.report import ExportError, build_report, load_export, render_csv, render_markdown
from trainer.study.clock import study_day

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def day_of(moment):
    return study_day(moment, 4, UTC)


def item(
    fact, reviews, correct, *, form="choice", stability=10.0, days_ago=0, statement=None, cites=("[1]",)
):
    last = NOW - timedelta(days=days_ago)
    return {
        "bank": "b1", "fact": fact, "form": form, "statement": statement or f"Fact {fact}.",
        "citations": list(cites), "source": "Src", "reviews": reviews, "correct": correct,
        "accuracy": correct / reviews, "lapses": 0, "last_review": last.isoformat(),
        "due": (last + timedelta(days=stability)).isoformat(), "state": "review", "stability": stability,
        "difficulty": 5.0, "recall": 0.5,
    }  # fmt: skip


def export(learner, items, days, facts, version="1"):
    return {
        "schema": "trainer-export/1",
        "learner": learner,
        "exported_at": "2026-03-10T09:00:00+00:00",
        "banks": [{"id": "b1", "title": "Bank one", "version": version, "facts": facts}],
        "days": [{"date": d, "reviews": n, "correct": c} for d, n, c in days],
        "items": items,
    }


V1 = ["f1", "f2", "f3", "f4"]
V2 = ["f1", "f2", "f3", "f5"]  # version 2 of the bank dropped f4 and added f5


def class_of_three():
    ann = export(
        "Ann",
        [item("f1", 2, 1, stability=5, days_ago=2), item("f2", 1, 1, stability=1, days_ago=10)],
        [("2026-03-10", 3, 2)],
        V1,
    )
    ben = export(
        "Ben",
        [
            item("f1", 1, 0, stability=2, days_ago=4),
            item("f1", 1, 1, form="reverse", stability=20, days_ago=4),
            item("f3", 2, 2, stability=100, days_ago=1, statement="=cmd|' /C calc'!A0 [bold]x"),
        ],
        [("2026-02-27", 4, 3)],
        V2,
        version="2",
    )
    cid = export(
        "Cid", [item("f1", 1, 0, stability=3, days_ago=0)], [("2026-03-03", 5, 0), ("2026-03-04", 1, 0)], V1
    )
    return {"ann.json": ann, "ben.json": ben, "cid.json": cid}


def R(stability, days_ago):
    card = fsrs.Card(card_id=0, state=fsrs.State.Review, stability=stability, difficulty=5.0,
                     due=NOW, last_review=NOW - timedelta(days=days_ago))  # fmt: skip
    return fsrs.Scheduler().get_card_retrievability(card, NOW)


@pytest.fixture
def files(tmp_path):
    paths = []
    for name, doc in class_of_three().items():
        path = tmp_path / name
        path.write_text(json.dumps(doc))
        paths.append(path)
    return paths


def report_of(files):
    return build_report([(p, load_export(p)) for p in files], NOW, day_of=day_of)


def test_per_fact_figures_hardest_first(files):
    facts = {f.fact: f for f in report_of(files).facts}
    # f1: Ann 1 of 2, Ben 1 of 2 (two forms), Cid 0 of 1 -> 2 of 5 right, three learners.
    f1 = facts["f1"]
    assert (f1.learners, f1.reviews, f1.correct, f1.accuracy) == (3, 5, 2, 0.4)
    # A learner's recall of a fact is the mean over its forms; the class's, the mean over learners.
    ben_f1 = (R(2, 4) + R(20, 4)) / 2
    assert f1.mean_recall == pytest.approx((R(5, 2) + ben_f1 + R(3, 0)) / 3)
    assert (facts["f2"].learners, facts["f2"].accuracy, facts["f2"].mean_recall) == (
        1,
        1.0,
        pytest.approx(R(1, 10)),
    )
    assert (facts["f3"].learners, facts["f3"].accuracy, facts["f3"].mean_recall) == (
        1,
        1.0,
        pytest.approx(R(100, 1)),
    )
    assert (facts["f4"].learners, facts["f4"].reviews, facts["f4"].mean_recall) == (0, 0, None)
    # Hardest first: f1 (40% right); f2 and f3 both 100%, f2's recall lower; never-answered f4 and f5 last.
    assert [f.fact for f in report_of(files).facts] == ["f1", "f2", "f3", "f4", "f5"]
    assert facts["f1"].text.citations == ("[1]",)


def test_per_learner_figures(files):
    rows = {r.learner: r for r in report_of(files).learners}
    assert [r.learner for r in report_of(files).learners] == ["Ann", "Ben", "Cid"]
    # Coverage against each learner's own version of the bank (4 facts in both).
    assert (rows["Ann"].facts_seen, rows["Ann"].facts_total, rows["Ann"].coverage) == (2, 4, 0.5)
    assert (rows["Ben"].facts_seen, rows["Ben"].coverage) == (2, 0.5)
    assert (rows["Cid"].facts_seen, rows["Cid"].coverage) == (1, 0.25)
    assert rows["Ann"].accuracy == pytest.approx(2 / 3)
    assert rows["Ben"].accuracy == pytest.approx(3 / 4)
    assert rows["Cid"].accuracy == 0
    # Last 7 study days: 4 to 10 March.
    assert (rows["Ann"].reviews_recent, rows["Ben"].reviews_recent, rows["Cid"].reviews_recent) == (3, 0, 1)


def test_csv_and_markdown_renderings(files):
    report = report_of(files)
    text = render_csv(report).decode()
    assert text.startswith(BOM)
    facts_part, learners_part = text.removeprefix(BOM).split("\r\n\r\n")
    facts = list(csv.DictReader(io.StringIO(facts_part, newline="")))
    learners = list(csv.DictReader(io.StringIO(learners_part, newline="")))
    assert [f["fact"] for f in facts] == ["f1", "f2", "f3", "f4", "f5"]
    assert (facts[0]["learners"], facts[0]["accuracy"], facts[0]["citations"]) == ("3", "0.4", "[1]")
    assert facts[2]["statement"] == "'=cmd|' /C calc'!A0 [bold]x"  # neutralised
    assert [(r["learner"], r["coverage"], r["reviews_last_7_days"]) for r in learners] == [
        ("Ann", "0.5", "3"), ("Ben", "0.5", "0"), ("Cid", "0.25", "1"),
    ]  # fmt: skip
    md = render_markdown(report).decode()
    assert "| 1 | Fact f1. | \\[1\\] | 3 | 40% (2/5) |" in md
    assert "=cmd\\|' /C calc'!A0 \\[bold\\]x" in md
    assert "| Cid | 25% (1/4) | 0% | 1 |" in md


def test_duplicate_names_are_told_apart(tmp_path):
    docs = class_of_three()
    paths = []
    for name in ("a.json", "b.json"):
        path = tmp_path / name
        path.write_text(json.dumps(docs["ann.json"]))
        paths.append(path)
    assert [r.learner for r in report_of(paths).learners] == ["Ann (a.json)", "Ann (b.json)"]


def unnamed(doc):
    return {**doc, "learner": None}


BAD = {
    "garbage.json": b"hello, not json",
    "latin1.json": "caf\xe9".encode("latin-1"),
    "array.json": b"[1, 2, 3]",
    "foreign.json": json.dumps({"schema": "other-tool/3", "rows": []}).encode(),
    "noschema.json": json.dumps({"learner": "X", "items": []}).encode(),
    "newer.json": json.dumps({**class_of_three()["ann.json"], "schema": "trainer-export/2"}).encode(),
    "nokey.json": json.dumps(
        {k: v for k, v in class_of_three()["ann.json"].items() if k != "items"}
    ).encode(),
    "badtype.json": json.dumps(
        {**class_of_three()["ann.json"], "items": [{**item("f1", 1, 1), "reviews": "many"}]}
    ).encode(),
    "naive.json": json.dumps({**class_of_three()["ann.json"], "exported_at": "2026-03-10T09:00:00"}).encode(),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_malformed_or_foreign_export_is_refused_by_name(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD[name])
    with pytest.raises(ExportError) as caught:
        load_export(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_error_says_where(tmp_path):
    path = tmp_path / "badtype.json"
    path.write_bytes(BAD["badtype.json"])
    with pytest.raises(ExportError, match=r"items\[0\]\.reviews"):
        load_export(path)


def test_command_skips_bad_files_and_still_reports(files, tmp_path, capsys):
    bad = tmp_path / "foreign.json"
    bad.write_bytes(BAD["foreign.json"])
    missing = tmp_path / "missing.json"
    out = tmp_path / "class.csv"
    status = main(["report", str(files[0]), str(bad), str(missing), str(files[2]), "--format", "csv", "-o", str(out),
                   "--now", "2026-03-10T12:00Z"])  # fmt: skip
    err = capsys.readouterr().err
    assert status == 0  # the report was made from the usable exports
    assert f"skipped {bad}: not a trainer export" in err and f"skipped {missing}: cannot read" in err
    learners = out.read_bytes().decode("utf-8-sig").split("\r\n\r\n")[1]
    assert [r["learner"] for r in csv.DictReader(io.StringIO(learners, newline=""))] == ["Ann", "Cid"]


def test_command_with_nothing_valid_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "garbage.json"
    bad.write_bytes(BAD["garbage.json"])
    out = tmp_path / "class.md"
    assert main(["report", str(bad), "-o", str(out)]) == 1
    assert "no usable export" in capsys.readouterr().err
    assert not out.exists()


def test_command_all_good_exits_zero(files, capsys):
    assert main(["report", *map(str, files), "--now", "2026-03-10T12:00Z"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Class report") and "| Ben |" in out


def test_command_bad_now(files, capsys):
    assert main(["report", str(files[0]), "--now", "yesterday"]) == 2
    assert "--now" in capsys.readouterr().err
