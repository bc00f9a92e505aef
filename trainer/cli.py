"""The `trainer` command line. Parsing only: each subcommand lives in `trainer.commands.<name>` and is
imported when used, so `trainer validate` never pays for Textual and the app starts fast."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from trainer import __version__

COMMANDS = ("study", "validate", "schema", "questions", "stats", "export", "report", "app")


# Option values are checked here, once, so every command gets a clean value or argparse's exit 2.
def _moment(text: str):
    from trainer.study.clock import parse_now

    try:
        return parse_now(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _at_least(minimum: int):
    def whole_number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {value}")
        return value

    return whole_number


def _retention(text: str) -> float:
    from trainer.settings import RETENTION_RANGE

    low, high = RETENTION_RANGE
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"must be from {low:.2f} to {high:.2f}, not {text}")
    return value


def _add_progress(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--progress",
        metavar="PATH",
        help="progress file (default: $TRAINER_PROGRESS, else the user data folder)",
    )


def _add_now(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--now",
        type=_moment,
        metavar="ISO-DATETIME",
        help="run as if it were this time (e.g. 2026-03-01T09:00:00+01:00), to replay schedules",
    )


def _add_with_bank(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--with-bank",
        action="append",
        default=[],
        metavar="BANK",
        help="a bank file (or bundled name) whose facts to name, besides the bundled banks; repeatable",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trainer",
        description="Study cited facts in the terminal, with spaced repetition.",
    )
    parser.add_argument("--version", action="version", version=f"trainer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def study_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "banks", nargs="*", metavar="BANK", help="bundled bank name or bank file (default: all bundled)"
        )
        _add_progress(p)
        p.add_argument(
            "--limit",
            type=_at_least(1),
            metavar="N",
            help="questions in the session (default: the settings file's, else 20)",
        )
        p.add_argument(
            "--new",
            type=_at_least(0),
            metavar="N",
            help="new items per day and bank (default: the settings file's, else the bank's, 20)",
        )
        p.add_argument(
            "--retention",
            type=_retention,
            metavar="R",
            help="desired retention, 0.70 to 0.97 (default: the settings file's, else 0.9)",
        )
        p.add_argument("--seed", type=int, metavar="N", help="seed for shuffling, for reproducible sessions")
        p.add_argument(
            "--practice",
            action="store_true",
            help="practise items already studied, weakest first; schedules are left as they are",
        )
        p.add_argument(
            "--tag",
            action="append",
            default=[],
            metavar="TAG",
            help="only questions on facts with this tag (repeatable: any of them)",
        )
        _add_now(p)

    p = sub.add_parser("study", help="study due and new questions")
    study_options(p)
    p.add_argument(
        "--plain", action="store_true", help="line-mode front end (screen readers, pipes, scripts)"
    )

    p = sub.add_parser("validate", help="check banks and report problems as FILE:LINE:COLUMN")
    p.add_argument("banks", nargs="+", metavar="BANK")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")

    sub.add_parser("schema", help="print the JSON Schema of the bank format")

    p = sub.add_parser("questions", help="print every question the generator makes")
    p.add_argument("banks", nargs="+", metavar="BANK")
    p.add_argument("--seed", type=int, default=0, metavar="N")
    p.add_argument("--json", action="store_true", help="a JSON array (documented keys)")

    p = sub.add_parser("stats", help="due reviews, accuracy, retention, streak, weakest facts")
    _add_progress(p)
    _add_with_bank(p)
    p.add_argument("--json", action="store_true")
    _add_now(p)

    p = sub.add_parser("export", help="export progress as CSV, JSON or Markdown")
    p.add_argument("--format", choices=["csv", "json", "markdown"], required=True)
    _add_progress(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    p.add_argument("--bank", metavar="ID", help="only this bank")
    _add_with_bank(p)
    p.add_argument("--reviews", action="store_true", help="the whole review history, one row per answer")
    _add_now(p)

    p = sub.add_parser("report", help="a class report from learners' JSON exports")
    p.add_argument("exports", nargs="+", metavar="EXPORT.json")
    p.add_argument("--format", choices=["csv", "markdown"], default="markdown")
    p.add_argument("-o", "--output", metavar="FILE")
    _add_with_bank(p)
    _add_now(p)

    p = sub.add_parser("app", help="open the study app (the default with no command)")
    study_options(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = ["app", *argv]  # `trainer` and `trainer khasham` open the app
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, bad usage: argparse has said why
        return exit_.code if isinstance(exit_.code, int) else 2
    command = importlib.import_module(f"trainer.commands.{args.command}")
    try:
        return command.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `trainer questions | head`: the reader left; say nothing more.
        sys.stderr.close()
        return 0
