"""TOML nested thousands deep crashes `toml_rs` (no exception, exit 139), and closing brackets in a comment or
a string used to hide the depth from the check. Every TOML file the program reads is checked, in a
subprocess here so that a crash fails the test instead of killing pytest."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_loading import GOOD

from trainer import tomlread
from trainer.progress import mainfile

DEEP = 10_000
NESTED = "deep = " + "[" * DEEP + "]" * DEEP + "\n"
HIDERS = {
    "comment": "# " + "]" * DEEP + "\n",
    "basic-string": 'hide = "' + "]" * DEEP + '"\n',
    "literal-string": "hide = '" + "}" * DEEP + "'\n",
    "multiline-string": 'hide = """\n' + "]\n" * DEEP + '"""\n',
    "broken-string": 'hide = "' + "]" * DEEP + "\n",  # unterminated: toml_rs recovers and parses on
    "lone-carriage-return": "# \r" + "]" * DEEP + "\n",
}


def trainer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args], capture_output=True, text=True, timeout=120
    )


def progress_file(path: Path, header_extra: str = "", history_parts: int = 0) -> None:
    contents = mainfile.Contents(history_parts=history_parts)
    data = mainfile.render(contents, path).decode()
    path.write_text(data.replace("history_parts", header_extra + "history_parts", 1))


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("hider", list(HIDERS))
def test_a_deep_bank_is_refused_at_its_line(tmp_path: Path, hider: str) -> None:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "source.txt").write_text("[1] One is a number.\n")
    text = HIDERS[hider] + NESTED + GOOD
    (folder / "bank.toml").write_text(text)
    run = trainer("validate", str(folder / "bank.toml"))
    assert run.returncode == 1, (run.returncode, run.stderr[-500:])
    assert "Traceback" not in run.stderr
    if hider in ("broken-string", "lone-carriage-return"):  # the first problem is the broken text
        assert f"{folder / 'bank.toml'}:1:" in run.stdout
    else:
        assert (
            f"{folder / 'bank.toml'}:{line_of(text, 'deep =')}:1: error: arrays or tables nested"
            in run.stdout
        )


@pytest.mark.parametrize("hider", list(HIDERS))
def test_a_deep_progress_file_is_refused_at_its_line(tmp_path: Path, hider: str) -> None:
    path = tmp_path / "progress.toml"
    progress_file(path, HIDERS[hider] + NESTED)
    before = path.read_bytes()
    run = trainer("stats", "--progress", str(path))
    assert run.returncode == 1, (run.returncode, run.stderr[-500:])
    assert "Traceback" not in run.stderr
    line = 4 if hider in ("broken-string", "lone-carriage-return") else line_of(path.read_text(), "deep =")
    assert f"{path}:{line}: " in run.stderr
    assert "left untouched" in run.stderr
    assert path.read_bytes() == before


def test_a_deep_journal_entry_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    progress_file(path)
    entry = "[[review]]\n" + HIDERS["comment"] + NESTED + "# end\n"
    with path.open("a") as f:
        f.write(entry)
    run = trainer("stats", "--progress", str(path))
    assert run.returncode == 1, (run.returncode, run.stderr[-500:])
    assert f"{path}:{line_of(path.read_text(), 'deep =')}: arrays or tables nested" in run.stderr


@pytest.mark.parametrize("hider", ["comment", "basic-string", "multiline-string"])
def test_a_deep_history_part_is_refused_at_its_line(tmp_path: Path, hider: str) -> None:
    path = tmp_path / "progress.toml"
    progress_file(path, history_parts=1)
    part = mainfile.history_dir(path) / "00001.toml"
    part.parent.mkdir()
    text = "schema = 1\npart = 1\n" + HIDERS[hider] + NESTED
    part.write_text(text)
    run = trainer("stats", "--progress", str(path))
    assert run.returncode == 1, (run.returncode, run.stderr[-500:])
    assert f"{part}:{line_of(text, 'deep =')}: arrays or tables nested" in run.stderr
    assert "Traceback" not in run.stderr


def test_deep_inline_tables_are_refused_at_their_line() -> None:
    with pytest.raises(tomlread.TooDeep) as caught:
        tomlread.loads('# }}}\ns = """\n}\n"""\nx = ' + "{a=" * DEEP + "1" + "}" * DEEP)
    assert caught.value.line == 5


def test_nesting_within_the_bound_parses() -> None:
    text = "# ]]]]\nx = " + "[" * 99 + "]" * 99 + '\ny = "[[[["\n'
    assert tomlread.loads(text) == tomllib.loads(text)


# Texts made of TOML's pieces, brackets and quotes most of all: the scan must agree with the parsers.
_PIECES = st.sampled_from(
    [
        "[",
        "]",
        "{",
        "}",
        '"',
        "'",
        '"""',
        "'''",
        "#",
        "\\",
        "\n",
        "\r\n",
        "\r",
        " ",
        "=",
        ",",
        "a",
        "1",
        "x = ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_loads_agrees_with_tomllib_or_raises_toml_error(text: str) -> None:
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        expected = None
    try:
        got = tomlread.loads(text, toml_version="1.0.0")
    except tomlread.TomlError:
        got = None
    assert got == expected
