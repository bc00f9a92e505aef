"""`trainer questions BANK... [--seed N] [--json]`: the documented JSON, byte-identical per seed, and a
readable preview; bad banks get their problems, not a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from trainer.cli import main

KEYS = {"id", "kind", "prompt", "options", "answer", "facts", "explanation", "citations", "quote", "source"}

HOSTILE = """
id = "hostile"
title = "Hostile [bold]x"
[[sources]]
id = "src"
title = "Source [/] [@click=app.quit]x"
reference = "ref"
[[facts]]
id = "a"
statement = "[13] is the marker of [ru] \u2014 80\u2013100."
quote = "[13] [ru] [B]x 80\u2013100"
source = "src"
question = "Which marker [bold]?"
answer = "[13]"
answer_kind = "term"
distractors = ["[ru]x", "[/]", "[B]x y"]
"""


def run_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "trainer", "questions", *args], capture_output=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def outputs():
    return {
        "a": run_cli("khasham", "--json", "--seed", "3"),
        "b": run_cli("khasham", "--json", "--seed", "3"),
        "c": run_cli("khasham", "--json", "--seed", "4"),
    }


def test_json_is_byte_identical_for_a_seed_and_shuffled_by_another(outputs):
    a, b, c = outputs["a"], outputs["b"], outputs["c"]
    assert a.returncode == b.returncode == c.returncode == 0, a.stderr.decode()
    assert a.stdout == b.stdout
    first, other = json.loads(a.stdout.decode("utf-8")), json.loads(c.stdout.decode("utf-8"))
    assert [q["id"] for q in first] == [q["id"] for q in other]
    assert [q["options"] for q in first] != [q["options"] for q in other]


def test_json_has_exactly_the_documented_keys(outputs):
    questions = json.loads(outputs["a"].stdout.decode("utf-8"))
    assert len(questions) > 40
    kinds = set()
    for q in questions:
        assert set(q) == KEYS
        kinds.add(q["kind"])
        if q["kind"] == "choice":
            assert isinstance(q["answer"], int) and 0 <= q["answer"] < len(q["options"])
        else:
            assert sorted(q["answer"]) == list(range(len(q["options"])))
        assert q["id"].startswith("khasham/") and q["source"] and q["explanation"]
        assert all(isinstance(c, str) and c.startswith("[") for c in q["citations"])
    assert kinds == {"choice", "order"}


def test_json_is_utf8_unescaped(outputs):
    text = outputs["a"].stdout.decode("utf-8")
    assert "\\u20" not in text and "\u2013" in text  # "80–100" as itself
    assert text.startswith('[\n  {\n    "id": ') and text.endswith("]\n")


def test_preview(tmp_path, capsys):
    bank = tmp_path / "bank.toml"
    bank.write_text(HOSTILE, encoding="utf-8")
    assert main(["questions", str(bank), "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Hostile [bold]x (hostile): 1 questions, seed 1\n")
    assert "1. Which marker [bold]?" in out and "[choice] hostile/a/choice" in out
    assert "  * " in out and out.count(") ") >= 4
    assert "> [13] [ru] [B]x 80\u2013100" in out and "Source: Source [/] [@click=app.quit]x" in out
    assert "Picked out in the quote: [13]" in out
    assert all(line == line.rstrip() for line in out.splitlines())


def test_preview_of_orderings_names_the_right_order(capsys):
    assert main(["questions", "khasham"]) == 0
    out = capsys.readouterr().out
    assert "[order] khasham/timeline-" in out and "Right order: " in out and "(longest_ordered_subset)" in out


def test_bad_bank_prints_problems_and_fails(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\ntitle = \n', encoding="utf-8")
    assert main(["questions", str(bad), str(tmp_path / "missing.toml")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 2 and all(": error: " in line for line in lines)
    assert "Traceback" not in captured.err
