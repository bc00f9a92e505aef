"""The `trainer` command line. Parsing only: each subcommand lives in `trainer.commands.<name>` and is
imported when used, so `trainer validate` never pays for Textual and the app starts fast."""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from trainer import __version__
from trainer.export.formats import ExportFormat, QuestionFormat, ReportFormat

if TYPE_CHECKING:
    from datetime import datetime

COMMANDS = (
    "study", "validate", "schema", "questions", "stats", "export", "report", "optimize", "draft", "app",
    "serve", "completion",
)  # fmt: skip
SHELLS = ("bash", "zsh", "fish")
STUDY_COMMANDS = ("app", "study", "serve")
"""The commands whose banks must exist before anything starts: a mistyped one is a usage error."""

EXAMPLES = """\
study:
  trainer                      the study app on every bundled bank
  trainer khasham              one bundled bank, by name
  trainer my-bank.toml         a bank file
  trainer class/               a folder holding a bank.toml
  trainer serve khasham        the same app in a web browser (http://127.0.0.1:8000)
  trainer study --plain        line mode: screen readers, pipes, scripts

common options of the app, `study` and `serve`:
  --progress PATH   the progress file (default: $TRAINER_PROGRESS, else the user data folder)
  --limit N         questions in the session (20)    --new N    new items per day and bank (20)
  --seed N          the shuffle                      --now ISO  run as if it were that time

for teachers:
  trainer draft article.txt -o my-bank/            a first bank from a cited article
  trainer validate my-bank.toml --strict           problems as FILE:LINE:COLUMN
  trainer questions my-bank.toml                   preview every question
  trainer questions my-bank.toml --format moodle -o quiz.xml     (or anki -o deck.apkg, gift -o quiz.gift)
  trainer report alice.json bob.json -o class.md  a class report from learners' exports

for learners:
  trainer optimize                 fit FSRS to your own answers (--simulate: workload by retention)
  trainer export --format fsrs     your review log for FSRS tools

`trainer COMMAND --help` tells more; `trainer completion bash|zsh|fish` prints shell completion.
"""


# Option values are checked here, once, so every command gets a clean value or argparse's exit 2.
def _moment(text: str) -> datetime:
    from trainer.study.clock import parse_now

    try:
        return parse_now(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _at_least(minimum: int) -> Callable[[str], int]:
    def whole_number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {value}")
        return value

    return whole_number


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
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"trainer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def study_options(p: argparse.ArgumentParser) -> None:
        banks = p.add_argument(
            "banks",
            nargs="*",
            metavar="BANK",
            help="bundled bank name, bank file or folder holding bank.toml (default: all bundled)",
        )
        banks.completer = _complete_banks  # type: ignore[attr-defined]
        _add_progress(p)
        p.add_argument(
            "--limit", type=_at_least(1), metavar="N", help="questions in the session (default 20)"
        )
        p.add_argument(
            "--new",
            type=_at_least(0),
            metavar="N",
            help="new items per day and bank (default: the bank's, 20)",
        )
        p.add_argument("--seed", type=int, metavar="N", help="seed for shuffling, for reproducible sessions")
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
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="a JSON array (documented keys)")
    shape.add_argument(
        "--format",
        choices=[f.value for f in QuestionFormat],
        help="write them for Anki (.apkg), Moodle XML or GIFT (see docs/export.md)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")

    p = sub.add_parser("stats", help="due reviews, accuracy, retention, streak, weakest facts")
    _add_progress(p)
    _add_with_bank(p)
    p.add_argument("--json", action="store_true")
    _add_now(p)

    p = sub.add_parser("export", help="export progress as CSV, JSON, Markdown or an FSRS review log")
    p.add_argument(
        "--format",
        choices=[f.value for f in ExportFormat],
        required=True,
        help="fsrs: the review log FSRS tools read (card_id, review_time, review_rating, review_state, ...)",
    )
    _add_progress(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    p.add_argument("--bank", metavar="ID", help="only this bank")
    _add_with_bank(p)
    p.add_argument("--reviews", action="store_true", help="the whole review history, one row per answer")
    _add_now(p)

    p = sub.add_parser("report", help="a class report from learners' JSON exports")
    p.add_argument("exports", nargs="+", metavar="EXPORT.json")
    p.add_argument("--format", choices=[f.value for f in ReportFormat], default=ReportFormat.MARKDOWN.value)
    p.add_argument("-o", "--output", metavar="FILE")
    _add_with_bank(p)
    _add_now(p)

    p = sub.add_parser("optimize", help="fit FSRS to your own answers; --simulate: workload by retention")
    _add_progress(p)
    p.add_argument("--bank", metavar="ID", help="fit to this bank's answers only")
    p.add_argument("--reset", action="store_true", help="go back to FSRS's default parameters")
    p.add_argument(
        "--simulate", action="store_true", help="workload and what is remembered, by desired retention"
    )
    p.add_argument("--days", type=_at_least(1), default=365, metavar="N", help="simulated days (365)")
    p.add_argument("--items", type=_at_least(1), metavar="N", help="simulated items (the bundled banks')")
    p.add_argument("--new", type=_at_least(1), default=20, metavar="N", help="new items a day (20)")
    _add_now(p)
    p = sub.add_parser("draft", help="draft a bank from a cited plain-text article")
    p.add_argument("article", metavar="ARTICLE.txt")
    p.add_argument(
        "-o", "--output", required=True, metavar="FOLDER", help="write FOLDER/bank.toml and the text"
    )
    p.add_argument(
        "--markers", metavar="STYLE", help="citation markers: numbered, lettered or both (default: detected)"
    )
    p.add_argument("--reference", metavar="TEXT", help="the source's URL or bibliographic reference")
    p.add_argument(
        "--update", action="store_true", help="redraft, keeping the facts whose quote is unchanged"
    )

    p = sub.add_parser("app", help="open the study app (the default with no command)")
    study_options(p)

    p = sub.add_parser("serve", help="serve the study app to a web browser (textual-serve)")
    study_options(p)
    p.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    p.add_argument("--port", type=_at_least(1), default=8000, metavar="N", help="port (default 8000)")

    p = sub.add_parser("completion", help="print shell completion for bash, zsh or fish")
    p.add_argument("shell", choices=SHELLS)
    return parser


def _complete_banks(prefix: str, **_: object) -> list[str]:
    """Bundled bank names, then bank files and folders."""
    from argcomplete.completers import FilesCompleter

    from trainer.paths import bundled_banks

    names = [name for name in bundled_banks() if name.startswith(prefix)]
    return names + list(FilesCompleter(allowednames=("toml",))(prefix))


def _usage_error(parser: argparse.ArgumentParser, message: str) -> int:
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {message}", file=sys.stderr)
    return 2


def _did_you_mean(word: str, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _is_bank(arg: str) -> bool:
    from trainer.paths import resolve_bank

    return resolve_bank(arg).is_file()


def _missing_bank(parser: argparse.ArgumentParser, banks: Sequence[str]) -> int | None:
    """Exit 2 with a usage error for the first bank that is neither bundled nor a file."""
    from trainer.paths import bundled_banks

    for bank in banks:
        if not _is_bank(bank):
            names = list(bundled_banks())
            return _usage_error(
                parser,
                f"no bank {bank!r}: neither a bundled bank ({', '.join(names)}) nor a bank file or folder"
                + _did_you_mean(bank, names),
            )
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # a shell asks for completions (`trainer completion SHELL`)
        import argcomplete

        argcomplete.autocomplete(parser)
    first = argv[0] if argv else None
    if first is not None and first not in COMMANDS and not first.startswith("-") and not _is_bank(first):
        from trainer.paths import bundled_banks

        return _usage_error(
            parser,
            f"{first!r} is neither a command nor a bank"
            + _did_you_mean(first, [*COMMANDS, *bundled_banks()]),
        )
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = ["app", *argv]  # `trainer` and `trainer khasham` open the app
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, bad usage: argparse has said why
        return exit_.code if isinstance(exit_.code, int) else 2
    if args.command in STUDY_COMMANDS and (
        status := _missing_bank(_subparser(parser, args.command), args.banks)
    ):
        return status
    command = importlib.import_module(f"trainer.commands.{args.command}")
    try:
        code: int = command.run(args)
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `trainer questions | head`: the reader left; say nothing more.
        sys.stderr.close()
        return 0


def _subparser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found: argparse.ArgumentParser = action.choices[command]
    return found
