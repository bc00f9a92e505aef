"""The command line as a shell user meets it: mistyped commands and banks are usage errors (never the
full-screen app), completion for bash, zsh and fish, help that shows how to study, files written are named,
`trainer serve`'s address and command, and generated orderings named by their prompts in exports."""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from stats_data import REVIEW, review

from trainer.bank.loading import load_bank, locate
from trainer.cli import SHELLS, build_parser, main
from trainer.commands import serve
from trainer.progress.store import ProgressStore
from trainer.questions.generate import generate
from trainer.questions.model import ItemKey


@pytest.fixture
def no_app(monkeypatch: pytest.MonkeyPatch) -> list:
    """Fails the test if the app (or `serve`) would start."""
    started: list = []
    for name in ("app", "serve"):
        module = importlib.import_module(f"trainer.commands.{name}")
        monkeypatch.setattr(module, "run", lambda args: started.append(args) or 0)
    return started


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["stat"], "'stat' is neither a command nor a bank; did you mean 'stats'?"),
        (["khashan"], "'khashan' is neither a command nor a bank; did you mean 'khasham'?"),
        (["nosuchbank"], "'nosuchbank' is neither a command nor a bank"),
        (["app", "khashan"], "no bank 'khashan': neither a bundled bank (khasham) nor a bank file or folder"),
        (["study", "--plain", "missing.toml"], "no bank 'missing.toml'"),
        (["serve", "khasham", "nosuch"], "no bank 'nosuch'"),
    ],
)
def test_a_mistyped_command_or_bank_is_a_usage_error(argv, message, no_app, capsys) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: trainer") and message in err
    assert no_app == []


def test_banks_by_name_file_and_folder_open_the_app(no_app, tmp_path, monkeypatch) -> None:
    folder = Path(locate("khasham")).parent
    for argv in (["khasham"], [str(folder / "bank.toml")], [str(folder)], ["--limit", "3"]):
        assert main(argv) == 0
    assert [args.banks for args in no_app] == [["khasham"], [str(folder / "bank.toml")], [str(folder)], []]


@pytest.mark.parametrize("shell", SHELLS)
def test_completion_script_for_each_shell(shell, capsys) -> None:
    assert main(["completion", shell]) == 0
    out = capsys.readouterr().out
    assert "trainer" in out and "_ARGCOMPLETE" in out


def complete(line: str, tmp_path: Path) -> list[str]:
    out = tmp_path / "completions"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
    }
    subprocess.run([sys.executable, "-m", "trainer"], env=env, check=True, timeout=60, cwd=tmp_path)
    return out.read_text().replace("\x0b", " ").split()


def test_completion_completes_commands_options_and_banks(tmp_path) -> None:
    (tmp_path / "mine.toml").write_text("")
    assert complete("trainer sta", tmp_path) == ["stats"]
    assert "--format" in complete("trainer questions --f", tmp_path)
    assert set(complete("trainer app ", tmp_path)) >= {"khasham", "mine.toml"}


def test_help_shows_how_to_study_and_the_common_options(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    out = capsys.readouterr().out
    for shown in (
        "trainer khasham",
        "trainer my-bank.toml",
        "trainer class/",
        "--progress PATH",
        "--limit N",
    ):
        assert shown in out
    assert "trainer serve" in out and "--format moodle" in out and "trainer completion" in out


def test_export_and_report_say_what_they_wrote(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TRAINER_LEARNER", "Ann")
    progress = tmp_path / "progress.toml"
    with ProgressStore.open(progress) as store:
        store.record(
            review("2026-03-09T10:00Z", (key := ItemKey("khasham", "battle-date", "choice")), 3, REVIEW)
        )
        store.record(review("2026-03-09T10:01Z", key, 3, REVIEW))
    out = tmp_path / "ann.json"
    assert main(["export", "--format", "json", "--progress", str(progress), "--reviews", "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {out}: 1 item of 1 fact, 2 answers\n"
    report = tmp_path / "class.md"
    assert main(["report", str(out), str(out), "-o", str(report)]) == 0
    facts = len(load_bank(locate("khasham")).bank.facts)
    assert capsys.readouterr().err == f"wrote {report}: 2 learners, {facts} facts\n"


def test_exports_name_a_generated_ordering_by_its_prompt(tmp_path, capsys) -> None:
    ordering = next(
        q for q in generate(load_bank(locate("khasham"))) if q.key.form in ("magnitude", "timeline")
    )
    progress = tmp_path / "progress.toml"
    with ProgressStore.open(progress) as store:
        store.record(review("2026-03-09T10:00Z", ordering.key, 1, REVIEW))
    assert main(["export", "--format", "csv", "--progress", str(progress)]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff")))
    assert row["fact"] == ordering.key.fact  # the id stays the key...
    assert row["statement"].startswith(ordering.prompt)  # ...but the wording is the prompt and its items
    assert ordering.key.fact not in row["statement"] and ordering.options[0] in row["statement"]
    assert main(["stats", "--progress", str(progress), "--json"]) == 0
    (weakest,) = json.loads(capsys.readouterr().out)["weakest"]
    assert weakest["statement"].startswith(ordering.prompt)


def test_serve_listens_on_loopback_unless_asked(monkeypatch, capsys, tmp_path) -> None:
    started = []

    class Server:
        def __init__(self, command: str, host: str, port: int, title: str) -> None:
            started.append((command, host, port))

        def serve(self) -> None:
            pass

    monkeypatch.setattr("textual_serve.server.Server", Server)
    progress = tmp_path / "p.toml"
    assert main(["serve", "khasham", "--progress", str(progress), "--seed", "3"]) == 0
    assert capsys.readouterr().err == ""
    ((command, host, port),) = started
    assert (host, port) == ("127.0.0.1", 8000)
    assert f"trainer app --progress {progress} --seed 3 -- khasham" in command
    assert main(["serve", "--host", "0.0.0.0", "--port", "9000"]) == 0
    assert "warning: listening on 0.0.0.0, not only this machine" in capsys.readouterr().err
    assert started[1][1:] == ("0.0.0.0", 9000)


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                                ("127.1.2.3", True), ("0.0.0.0", False), ("::", False),
                                                ("192.168.1.5", False), ("example.org", False)])  # fmt: skip
def test_is_loopback(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback
