"""Round trips: a scripted `trainer study --plain` session, then each export format parsed back with the
standard `csv` and `json` modules, checked against what the session printed."""

import csv
import io
import json
import os
import re

import in_process
import pytest

from trainer.export.csvsafe import neutralise

STUDY_AT = "2026-03-10T09:00:00+00:00"
EXPORT_AT = "2026-03-10T12:00:00+00:00"
RESULT = re.compile(
    r"^(?:answer> )?(?:(?P<order>Right|Partly right|Wrong): score [0-9.]+\."
    r"|Right: (?P<right>.*)|Wrong\. You chose \d+\. (?P<wrong>.*)|(?P<undo>Answer taken back\.))$"
)

ORDER_ITEM = re.compile(r"^  \d+\. (.*?): (?:in place|in order|misplaced)")


def trainer(*args, stdin="", env=None):
    done = in_process.run_bytes(*args, input=stdin, env={"TRAINER_LEARNER": "Ann", **(env or {})})
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def answers_printed(stdout: str) -> list[tuple[bool, str]]:
    """(right?, option chosen) per answer the session kept, read from what it printed."""
    kept: list[tuple[bool, str]] = []
    items: list[str] | None = None  # an ordering's items, in the learner's order, as its verdict lists them
    for line in stdout.splitlines():
        if items is not None:
            if item := ORDER_ITEM.match(line):
                items.append(item[1])
                continue
            kept[-1] = (kept[-1][0], " | ".join(items))
            items = None
        if m := RESULT.match(line):
            if m["undo"]:
                kept.pop()
            elif m["order"]:
                kept.append((m["order"] == "Right", ""))
                items = []
            else:
                kept.append((m["right"] is not None, m["right"] or m["wrong"]))
    return kept


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    progress = tmp_path_factory.mktemp("roundtrip") / "progress.toml"
    # Answer (a choice, then an ordering), take one answer back and answer again, then quit.
    out = trainer("study", "--plain", "--progress", str(progress), "--now", STUDY_AT, "--seed", "3", "--limit", "4",
                  stdin="1\n1 2 3 4\nu\n1 3 2 4\n4\n1\nq\n").decode()  # fmt: skip
    kept = answers_printed(out)
    assert "Answer taken back." in out
    assert len(kept) >= 3 and {right for right, _ in kept} == {
        True,
        False,
    }  # both kinds, or the test proves little
    return progress, kept


def export(progress, *args) -> bytes:
    return trainer("export", "--progress", str(progress), "--now", EXPORT_AT, *args)


def test_json(session):
    progress, kept = session
    doc = json.loads(export(progress, "--format", "json", "--reviews"))
    assert (doc["schema"], doc["learner"], doc["exported_at"]) == ("trainer-export/1", "Ann", EXPORT_AT)
    assert [(r["correct"], r["response"]) for r in doc["reviews"]] == kept
    assert sum(i["reviews"] for i in doc["items"]) == len(kept)
    assert sum(i["correct"] for i in doc["items"]) == sum(r for r, _ in kept)
    assert doc["days"] == [{"date": "2026-03-10", "reviews": len(kept), "correct": sum(r for r, _ in kept)}]
    assert [b["id"] for b in doc["banks"]] == ["khasham"] and doc["banks"][0]["facts"]
    # Wording found in the bundled bank (a generated ordering's group has none of its own).
    assert all(i["statement"] != i["fact"] for i in doc["items"] if i["form"] in ("choice", "reverse"))


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_items_and_reviews(session):
    progress, kept = session
    items = csv_rows(export(progress, "--format", "csv"))
    assert sum(int(i["reviews"]) for i in items) == len(kept)
    assert all(0 <= float(i["recall"]) <= 1 for i in items)
    reviews = csv_rows(export(progress, "--format", "csv", "--reviews"))
    assert [(r["correct"] == "true", r["response"]) for r in reviews] == [
        (ok, neutralise(text)) for ok, text in kept
    ]
    assert {r["time"] for r in reviews} == {STUDY_AT}


def test_markdown(session):
    progress, kept = session
    text = export(progress, "--format", "markdown").decode()
    right = sum(r for r, _ in kept)
    assert text.startswith("# Study progress: Ann\n")
    assert f"- Answers: {len(kept)}, right: {right} ({100 * right / len(kept):.0f}%)" in text
    assert text.count("\n1. **") == 1 and "```text" in text


def test_stats_and_report(session, tmp_path):
    progress, kept = session
    stats = json.loads(trainer("stats", "--progress", str(progress), "--now", EXPORT_AT, "--json"))
    assert stats["today"] == {"date": "2026-03-10", "reviews": len(kept), "correct": sum(r for r, _ in kept)}
    exported = tmp_path / "ann.json"
    exported.write_bytes(export(progress, "--format", "json"))
    report = trainer("report", str(exported), "--format", "csv", "--now", EXPORT_AT).decode("utf-8-sig")
    learners = list(csv.DictReader(io.StringIO(report.split("\r\n\r\n")[1], newline="")))
    assert [(r["learner"], int(r["reviews"]), int(r["reviews_last_7_days"])) for r in learners] == [
        ("Ann", len(kept), len(kept))
    ]


# ---- a bank that is not bundled: its facts are worded only when the bank is named with --with-bank ----

SOLAR = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "examples", "solar-system", "bank.toml")


@pytest.fixture(scope="module")
def solar_progress(tmp_path_factory):
    progress = tmp_path_factory.mktemp("solar") / "progress.toml"
    trainer("study", SOLAR, "--plain", "--progress", str(progress), "--now", STUDY_AT, "--seed", "1", "--limit", "3",
            stdin="1\n1\n1\nq\n")  # fmt: skip
    return progress


def test_stats_and_exports_word_a_named_banks_facts(solar_progress, tmp_path):
    base = ["--progress", str(solar_progress), "--now", EXPORT_AT]
    named = [*base, "--with-bank", SOLAR]
    unnamed = json.loads(trainer("export", "--format", "json", *base))
    worded = json.loads(trainer("export", "--format", "json", *named))
    assert unnamed["items"] and all(i["statement"] == i["fact"] for i in unnamed["items"])
    assert all(i["statement"] != i["fact"] and i["citations"] for i in worded["items"])
    assert "solar-system" in {b["id"] for b in worded["banks"]}

    stats = json.loads(trainer("stats", "--json", *named))
    assert {f["statement"] for f in stats["weakest"]} <= {i["statement"] for i in worded["items"]}

    export_file = tmp_path / "ann.json"
    export_file.write_bytes(trainer("export", "--format", "json", *named))
    report = trainer("report", str(export_file), "--now", EXPORT_AT, "--with-bank", SOLAR).decode()
    assert worded["items"][0]["statement"] in report


def test_a_named_bank_that_does_not_load_is_an_error(solar_progress, tmp_path):
    broken = tmp_path / "bank.toml"
    broken.write_text('id = "x"\ntitle = 3\n')
    for command in (["stats"], ["export", "--format", "json"]):
        done = in_process.run(*command, "--progress", str(solar_progress), "--with-bank", str(broken))
        assert done.returncode == 1 and done.stdout == ""
        assert re.search(r"^\S*bank\.toml:2:9: error: expected text", done.stderr, re.M), done.stderr
