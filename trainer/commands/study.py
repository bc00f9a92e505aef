"""`trainer study`: the app by default, the line-mode front end with `--plain`."""

from __future__ import annotations

import argparse
import sys

from trainer.sanitize import say


def run(args: argparse.Namespace) -> int:
    if not args.plain:
        from trainer.commands import app

        return app.run(args)
    return run_plain(args)


def run_plain(args: argparse.Namespace) -> int:
    from trainer.bank.loading import load_banks
    from trainer.bank.problems import BankError
    from trainer.paths import bank_cache, progress_path
    from trainer.plain import PlainStudy
    from trainer.progress.store import ProgressError, ProgressStore
    from trainer.study.session import DEFAULT_LIMIT, StudySession

    try:
        banks = load_banks(list(args.banks), bank_cache())
    except BankError as error:
        say(error, file=sys.stderr)  # one FILE:LINE:COLUMN line per problem
        return 1
    try:
        store = ProgressStore.open(progress_path(args.progress))
    except ProgressError as error:
        say(error, file=sys.stderr)
        return 1
    try:
        session = StudySession(
            banks,
            store,
            now=args.now,
            limit=DEFAULT_LIMIT if args.limit is None else args.limit,
            new_per_day=args.new,
            seed=args.seed,
        )
        # Undecodable input becomes a hint, unprintable text a replacement mark, never a traceback.
        for stream in (sys.stdin, sys.stdout):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]  # the sys streams are TextIOWrappers
        return PlainStudy(session, sys.stdin, sys.stdout).run()
    except ProgressError as error:
        # Every answer before this one is on disk; the one being saved is reported lost.
        say(f"\nThe last answer could not be saved: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
