"""`trainer export` and `trainer stats` on a real progress file."""

import csv
import io
import json
import os

import pytest
from stats_data import REVIEW, key, review

from trainer.cli import main
from trainer.progress.store import ProgressStore

NOW = "2026-03-10T12:00:00+00:00"


@pytest.fixture
def progress(tmp_path, monkeypatch):
    monkeypatch.delenv("TRAINER_LEARNER", raising=False)
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        store.record(review("2026-03-09T10:00Z", key("f1"), 3, REVIEW, response="=1+1"))
        store.record(review("2026-03-09T10:05Z", key("f2", bank="other"), 1, REVIEW, response="+1"))
        store.record(review("2026-03-10T09:00Z", key("f1"), 1, REVIEW, response="@SUM(A1)"))
    return path


def run(progress, *args):
    return main(["export", "--progress", str(progress), "--now", NOW, *args])


def test_json_to_stdout_with_learner_from_environment(progress, capsys, monkeypatch):
    monkeypatch.setenv("TRAINER_LEARNER", "Ann")
    assert run(progress, "--format", "json", "--reviews") == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["schema"], doc["learner"], doc["exported_at"]) == ("trainer-export/1", "Ann", NOW)
    assert [r["response"] for r in doc["reviews"]] == ["=1+1", "+1", "@SUM(A1)"]
    assert ProgressStore.open(progress).learner is None  # the environment is not written into the file


def test_learner_kept_in_the_progress_file(progress, capsys):
    with ProgressStore.open(progress) as store:
        store.set_learner("Ben [/]")
    assert run(progress, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["learner"] == "Ben [/]"


def test_csv_reviews_neutralised_and_bank_filter(progress, tmp_path):
    out = tmp_path / "answers.csv"
    assert run(progress, "--format", "csv", "--reviews", "--bank", "b1", "-o", str(out)) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert [(r["bank"], r["response"]) for r in rows] == [("b1", "'=1+1"), ("b1", "'@SUM(A1)")]


def test_unknown_bank(progress, capsys):
    assert run(progress, "--format", "csv", "--bank", "nope") == 1
    assert "no bank 'nope'" in capsys.readouterr().err


def test_markdown(progress, tmp_path):
    out = tmp_path / "report.md"
    assert run(progress, "--format", "markdown", "-o", str(out)) == 0
    text = out.read_text()
    assert text.startswith("# Study progress: (no name set)") and "- Answers: 3, right: 1 (33%)" in text


def test_output_replaced_only_when_complete(progress, tmp_path, monkeypatch, capsys):
    out = tmp_path / "export.json"
    out.write_text("the old export")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    assert run(progress, "--format", "json", "-o", str(out)) == 1
    assert "cannot write" in capsys.readouterr().err
    assert out.read_text() == "the old export"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("progress")) == ["export.json"]
    monkeypatch.undo()
    assert run(progress, "--format", "json", "-o", str(out)) == 0
    assert json.loads(out.read_text())["schema"] == "trainer-export/1"


def test_bad_progress_file_is_named_and_left_alone(tmp_path, capsys):
    path = tmp_path / "progress.toml"
    path.write_bytes(b"this is [not toml")
    assert run(path, "--format", "json") == 1
    assert str(path) in capsys.readouterr().err
    assert path.read_bytes() == b"this is [not toml"


def test_bad_now(progress, capsys):
    assert main(["export", "--format", "csv", "--progress", str(progress), "--now", "soon"]) == 2
    assert "--now" in capsys.readouterr().err


def test_stats_json_and_text(progress, capsys):
    assert main(["stats", "--progress", str(progress), "--now", NOW, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "trainer-stats/1"
    assert doc["total"] == {"reviews": 3, "correct": 1, "items_seen": 2}
    assert [(b["id"], b["seen"]) for b in doc["banks"] if b["id"] in ("b1", "other")] == [
        ("b1", 1),
        ("other", 1),
    ]
    assert main(["stats", "--progress", str(progress), "--now", NOW]) == 0
    text = capsys.readouterr().out
    assert "All time: 3 answers, 1 right (33%), 2 items seen" in text
    assert "Weakest facts" in text


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_name_asked_once_on_a_terminal_and_kept(progress, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", Terminal("  Cid   Example \n"))
    monkeypatch.setattr("sys.stderr", Terminal())
    assert run(progress, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["learner"] == "Cid Example"
    assert ProgressStore.open(progress).learner == "Cid Example"
    monkeypatch.setattr("sys.stdin", Terminal(""))  # not asked again
    assert run(progress, "--format", "markdown") == 0
    assert capsys.readouterr().out.startswith("# Study progress: Cid Example\n")


def test_output_to_a_folder_is_refused(progress, tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    before = sorted(tmp_path.iterdir())
    assert run(progress, "--format", "csv", "-o", str(folder)) == 1
    assert "is a folder" in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == before and not any(folder.iterdir())
