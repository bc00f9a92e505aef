"""`trainer study`: the app by default, the line-mode front end with `--plain`."""

from __future__ import annotations

import argparse
import sys

USAGE_ERROR = 2


def run(args: argparse.Namespace) -> int:
    if not args.plain:
        from trainer.commands import app

        return app.run(args)
    return run_plain(args)


def _usage_error(message: str) -> int:
    print(f"trainer study: error: {message}", file=sys.stderr)
    return USAGE_ERROR


def run_plain(args: argparse.Namespace) -> int:
    from trainer.bank.loading import load_banks
    from trainer.bank.problems import BankError
    from trainer.paths import progress_path
    from trainer.plain import PlainStudy
    from trainer.progress.store import ProgressError, ProgressStore
    from trainer.study.clock import parse_now
    from trainer.study.session import DEFAULT_LIMIT, StudySession

    try:
        now = parse_now(args.now) if args.now else None
    except ValueError as error:
        return _usage_error(f"--now: {error}")
    if args.limit is not None and args.limit < 1:
        return _usage_error(f"--limit must be 1 or more, not {args.limit}")
    if args.new is not None and args.new < 0:
        return _usage_error(f"--new must be 0 or more, not {args.new}")

    try:
        banks = load_banks(list(args.banks))
    except BankError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        store = ProgressStore.open(progress_path(args.progress))
    except ProgressError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        session = StudySession(
            banks,
            store,
            now=now,
            limit=DEFAULT_LIMIT if args.limit is None else args.limit,
            new_per_day=args.new,
            seed=args.seed,
        )
        # Undecodable input becomes a hint, unprintable text a replacement mark, never a traceback.
        for stream in (sys.stdin, sys.stdout):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        return PlainStudy(session, sys.stdin, sys.stdout).run()
    except ProgressError as error:
        # Every answer before this one is on disk; the one being saved is reported lost.
        print(f"\nThe last answer could not be saved: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
