"""Line mode over the teaching engine: its keys said up front, flags (`f`, `f NOTE`, `u`), practice, tags,
what it says when nothing is left, and the README's pipe example run exactly as written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import in_process
from test_plain import ENV, items, study

from trainer.progress.store import ProgressStore

NOW = "2026-03-02T09:00:00"


def trainer(*args: str) -> in_process.Ran[str]:
    return in_process.run(*args, env=ENV)


def test_the_readme_pipe_example_works_as_written(tmp_path):
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = "printf '2\\n1 3 2 4\\n' | trainer study --plain"
    assert f"`{example}`" in readme
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        **ENV,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "TRAINER_PROGRESS": str(tmp_path / "p.toml"),
    }
    done = subprocess.run(["sh", "-c", example], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.startswith("Keys: 1-4 answer, u undo, f flag")
    assert "Session over:" in done.stdout
    _, reviews = items(tmp_path / "p.toml")
    # A choice first, then (when its four items are the second question's) an ordering.
    assert len(reviews) >= 1 and reviews[0].response in done.stdout


def test_the_pipe_example_answers_a_choice_then_an_ordering(tmp_path):
    done = study(progress=tmp_path / "p.toml", stdin="2\n1 3 2 4\n", now=NOW)
    assert done.returncode == 0, done.stderr
    _, reviews = items(tmp_path / "p.toml")
    assert len(reviews) == 2 and " | " not in reviews[0].response and reviews[1].response.count(" | ") == 3


def test_flag_with_a_note_reaches_stats_export_and_report(tmp_path):
    progress = tmp_path / "p.toml"
    done = study(progress=progress, stdin="f The date is wrong\n1\nq\n", now=NOW)
    assert done.returncode == 0, done.stderr
    assert "Flagged:" in done.stdout and done.stdout.count("Question 1 of") == 2  # the next one, now first
    with ProgressStore.open(progress) as store:
        (flag,) = store.flags.values()
        assert flag.note == "The date is wrong" and flag.prompt in done.stdout
    stats = trainer("stats", "--progress", str(progress), "--now", NOW)
    assert "Flagged as wrong" in stats.stdout and "The date is wrong" in stats.stdout
    as_json = json.loads(trainer("stats", "--json", "--progress", str(progress), "--now", NOW).stdout)
    assert as_json["flags"][0]["note"] == "The date is wrong"
    exported = tmp_path / "ann.json"
    env_done = trainer("export", "--format", "json", "--progress", str(progress), "-o", str(exported))
    assert env_done.returncode == 0, env_done.stderr
    doc = json.loads(exported.read_text())
    assert [(f["fact"], f["note"]) for f in doc["flags"]] == [(flag.key.fact, "The date is wrong")]
    assert doc["flags"][0]["question"] == flag.prompt and doc["flags"][0]["statement"]
    report = trainer("report", str(exported), "--format", "markdown")
    assert report.returncode == 0, report.stderr
    section = report.stdout[report.stdout.index("## Flagged by learners") :]
    assert (
        "The date is wrong" in section
        and flag.key.fact in section
        and doc["flags"][0]["statement"][:20] in section
    )


def test_u_takes_a_flag_back(tmp_path):
    progress = tmp_path / "p.toml"
    done = study(progress=progress, stdin="f\nu\nq\n", now=NOW)
    # Asked, flagged (the next one is first now), back after the undo.
    assert "Flag taken back." in done.stdout and done.stdout.count("Question 1 of") == 3
    with ProgressStore.open(progress) as store:
        assert not store.flags


def test_nothing_left_says_when_and_offers_practice(tmp_path):
    progress = tmp_path / "p.toml"
    first = study("--new", "0", progress=progress, now=NOW)
    assert "Nothing is due" in first.stdout and "--practice" in first.stdout
    study("--limit", "3", progress=progress, stdin="1\n1 2 3 4\n1\n", now=NOW)
    done = study("--new", "0", progress=progress, now="2026-03-02T09:00:30")
    assert "The next review is due in" in done.stdout and "--practice" in done.stdout


def test_practice_in_line_mode(tmp_path):
    progress = tmp_path / "p.toml"
    study("--limit", "3", progress=progress, stdin="1\n1 2 3 4\n1\n", now=NOW)
    before, _ = items(progress)
    done = study("--practice", progress=progress, stdin="1\n2\n3\nq\n", now="2026-03-02T10:00:00")
    assert done.returncode == 0 and "Question 1 of 3" in done.stdout
    after, reviews = items(progress)
    assert after == before and any(r.practice for r in reviews)


def test_study_by_tag_in_line_mode(tmp_path):
    done = study(
        "--tag", "places", "--limit", "50", "--new", "50", progress=tmp_path / "p.toml", stdin="q\n", now=NOW
    )
    assert done.returncode == 0 and "of 50" not in done.stdout and "Question 1 of" in done.stdout
