"""Terminal escape injection from a bank (issue 12): a bank whose every string carries control sequences
(clipboard write, window title, clear screen, NUL, C1, a bidi override) is refused by `trainer validate`
with each character's place, and no front end, command or output file passes any of them on raw."""

from __future__ import annotations

import json
from pathlib import Path

import in_process
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.cli import main
from trainer.sanitize import describe, first_unsafe, is_clean, json_text, visible

BANK = str(Path(__file__).parents[1] / "ui" / "banks" / "escapes.toml")
NOW = "2026-03-01T09:00:00+00:00"
ENV = {"PYTHONIOENCODING": "utf-8"}


def assert_shown_not_obeyed(text: str) -> None:
    """No control character raw (newlines and tabs aside), and the sequences are there as pictures."""
    assert is_clean(text.replace("\r\n", "\n"), multiline=True), [
        describe(text[i]) for i in range(len(text)) if not is_clean(text[i], multiline=True)
    ][:5]


def test_validate_reports_every_control_character_with_its_place(capsys):
    assert main(["validate", BANK]) == 1
    out = capsys.readouterr().out
    assert_shown_not_obeyed(out)
    expected = [
        ("4:18", "U+001B ESC", "(title)"),
        ("8:17", "U+001B ESC", "(sources[0].title)"),
        ("13:24", "U+001B ESC", "(facts[0].statement)"),
        ("14:16", "U+001B ESC", "(facts[0].quote)"),
        ("20:18", "U+001B ESC", "(questions[0].prompt)"),
        ("22:80", "U+009B CSI", "(questions[0].distractors[2])"),
        ("22:96", "U+202E RIGHT-TO-LEFT OVERRIDE", "(questions[0].distractors[3])"),
        ("24:28", "U+001B ESC", "(questions[0].explanation)"),
    ]
    for where, what, key in expected:
        assert f"escapes.toml:{where}: error: control character {what} in the text" in out and key in out
    assert "11 errors" in out


def test_validate_reports_a_control_character_in_a_source_text(tmp_path, capsys):
    (tmp_path / "bank.toml").write_text(
        'id = "b"\ntitle = "B"\n[[sources]]\nid = "s"\ntitle = "S"\nreference = "r"\ntext_file = "s.txt"\n'
    )
    (tmp_path / "s.txt").write_bytes(b"Line one.\r\nA DEL \x7f and NUL.\r\n")
    assert main(["validate", str(tmp_path / "bank.toml")]) == 1
    out = capsys.readouterr().out
    assert "s.txt:2:7: error: control character U+007F DEL in the source text" in out
    assert "CR" not in out  # Windows line ends are line ends


def test_a_clean_bank_has_no_control_character_problem(capsys):
    assert main(["validate", "khasham"]) == 0
    assert "control character" not in capsys.readouterr().out


@pytest.mark.parametrize("as_json", [False, True])
def test_questions_shows_them_as_pictures(capsys, as_json):
    assert main(["questions", BANK, *(["--json"] if as_json else [])]) == 0
    out = capsys.readouterr().out
    assert_shown_not_obeyed(out)
    if as_json:  # JSON keeps the data exactly, as escapes
        (question,) = json.loads(out)
        assert "\x1b]52;c;cm0gLXJmIH4K\x1b\\" in question["prompt"] and "\x9b" in question["explanation"]
    else:
        assert "Prompt \u241b]52;c;cm0gLXJmIH4K\u241b\\" in out and "[@click=app.quit]x" in out


@pytest.fixture(scope="module")
def studied(tmp_path_factory) -> Path:
    """A progress file with answers to the hostile bank, written by line mode through a pipe; its transcript
    is checked too."""
    progress = tmp_path_factory.mktemp("hostile") / "progress.toml"
    run = in_process.run(
        "study", "--plain", BANK, "--progress", str(progress), "--now", NOW, input="1\n", env=ENV
    )
    assert run.returncode == 0, run.stderr
    assert_shown_not_obeyed(run.stdout + run.stderr)
    assert (
        "Prompt \u241b]52;c;" in run.stdout
        and "Quote \u241b[2J wiped \u2400 nul \ufffd csi end" in run.stdout
    )
    assert "Explanation" in run.stdout and "Session over" in run.stdout
    return progress


@pytest.mark.parametrize("as_json", [False, True])
def test_stats(studied, capsys, as_json):
    args = ["stats", "--progress", str(studied), "--with-bank", BANK, "--now", NOW]
    assert main([*args, *(["--json"] if as_json else [])]) == 0
    out = capsys.readouterr().out
    assert_shown_not_obeyed(out)
    assert "Prompt \u241b]52;c;" in out or "Prompt \\u001b]52;c;" in out  # a hand question's wording


@pytest.mark.parametrize("form", ["csv", "json", "markdown"])
@pytest.mark.parametrize("reviews", [False, True])
@pytest.mark.parametrize("to_file", [False, True])
def test_export(studied, tmp_path, capsys, monkeypatch, form, reviews, to_file):
    monkeypatch.setenv("TRAINER_LEARNER", "Ann \x1b]2;owned\x07")
    out = tmp_path / f"export.{form}"
    args = ["export", "--format", form, "--progress", str(studied), "--with-bank", BANK, "--now", NOW]
    args += ["--reviews"] * reviews + ["-o", str(out)] * to_file
    assert main(args) == 0
    written = out.read_bytes().decode("utf-8-sig") if to_file else capsys.readouterr().out
    assert_shown_not_obeyed(written)
    assert "Prompt " in written and "cm0gLXJmIH4K" in written  # shown, not dropped


def test_report_of_a_hostile_export(studied, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TRAINER_LEARNER", "Ann \x1b]2;owned\x07")
    export = tmp_path / "ann.json"
    base = ["--progress", str(studied), "--with-bank", BANK, "--now", NOW]
    assert main(["export", "--format", "json", "-o", str(export), *base]) == 0
    for form in ("markdown", "csv"):
        assert main(["report", str(export), "--format", form, "--now", NOW]) == 0
        out = capsys.readouterr().out
        assert_shown_not_obeyed(out)
        assert "Ann \u241b" in out and "2;owned\u2407" in out


def test_error_messages_quoting_a_file_name(tmp_path, capsys):
    name = tmp_path / "bob\x1b]2;owned\x07.json"
    name.write_text("{}")
    assert main(["report", str(name)]) == 1
    err = capsys.readouterr().err
    assert_shown_not_obeyed(err)
    assert "bob\u241b]2;owned\u2407.json" in err


# The boundary itself.


def test_visible_shows_every_kind_of_control_character():
    assert (
        visible("a\x1b[2J\x00\x9b\x7f\u202e\ud800\u2028\tb\n")
        == "a\u241b[2J\u2400\ufffd\u2421⟨U+202E⟩\ufffd⟨U+2028⟩\u2409b\u240a"
    )
    assert visible("a\tb\nc\r", multiline=True) == "a\tb\nc\u240d"
    assert visible("Liwa Fatemiyoun, 80–100 «»") == "Liwa Fatemiyoun, 80–100 «»"
    assert visible("\ud800").encode() == "\ufffd".encode()  # a lone surrogate no longer breaks the encoder


def test_json_text_escapes_what_json_leaves_raw():
    value = {"k\x9b": ["\x7f", "\u202e", "\ud800", "\x1b", "ok é"]}
    text = json_text(value)
    assert is_clean(text, multiline=True)
    text.encode("utf-8")  # never a UnicodeEncodeError
    assert json.loads(text) == value  # nothing lost


@given(st.text())
def test_visible_leaves_nothing_to_obey(text):
    for multiline in (False, True):
        shown = visible(text, multiline=multiline)
        assert is_clean(shown, multiline=multiline) and first_unsafe(shown, multiline=multiline) is None
        shown.encode("utf-8")  # never a UnicodeEncodeError
        assert visible(shown, multiline=multiline) == shown
        index = first_unsafe(text, multiline=multiline)
        assert (index is None) == (shown == text)
        if index is not None:
            assert visible(text[:index], multiline=multiline) == text[:index]


@settings(max_examples=60)
@given(
    st.recursive(
        st.none() | st.text(max_size=20) | st.integers(),
        lambda v: st.lists(v, max_size=4) | st.dictionaries(st.text(max_size=5), v, max_size=4),
        max_leaves=10,
    )
)
def test_json_text_round_trips(value):
    text = json_text(value)
    assert is_clean(text, multiline=True)
    assert json.loads(text) == value
