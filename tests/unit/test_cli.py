"""The command line: every subcommand the parser knows has its module, and bare `trainer` opens the app."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys

import pytest

from trainer.cli import COMMANDS, build_parser, main


def test_parser_and_command_list_agree() -> None:
    choices = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert sorted(choices) == sorted(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_a_run_function(name: str) -> None:
    assert callable(importlib.import_module(f"trainer.commands.{name}").run)


@pytest.mark.parametrize("argv", [[], ["khasham"], ["--limit", "5"]])
def test_bare_trainer_and_bank_names_open_the_app(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}
    app = importlib.import_module("trainer.commands.app")
    monkeypatch.setattr(app, "run", lambda args: seen.setdefault("args", args) and 0)
    main(argv)
    assert seen["args"].command == "app"


def test_version_and_help_run_as_a_module() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "trainer", "--help"], capture_output=True, text=True, check=True
    )
    for name in COMMANDS:
        assert name in out.stdout
    version = subprocess.run([sys.executable, "-m", "trainer", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("trainer ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate"], "the following arguments are required: BANK"),
        (["stats", "--now", "yesterday"], "argument --now: 'yesterday' is not an ISO 8601 date-time"),
        (["study", "--plain", "--limit", "x"], "argument --limit: 'x' is not a whole number"),
        (["study", "--plain", "--new", "-1"], "argument --new: must be 0 or more, not -1"),
    ],
)
def test_bad_usage_exits_2_with_the_reason(
    argv: list[str], message: str, capsys: pytest.CaptureFixture
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("trainer") is None, reason="the `trainer` command is not installed")
def test_installed_command_finds_the_bundled_bank_by_name_from_any_folder(tmp_path) -> None:
    # Run from an empty folder, so the bank can only come from the installed package's data.
    out = subprocess.run(
        [shutil.which("trainer"), "validate", "khasham", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "khasham" in out.stdout and "0 errors, 0 warnings" in out.stdout
