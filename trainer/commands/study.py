"""`trainer study`: the app by default, the line-mode front end with `--plain`."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import signal
import sys
from types import FrameType

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
    from trainer.settings import SettingsError, load_settings
    from trainer.study.session import StudySession

    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 1
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
            limit=settings.session_length if args.limit is None else args.limit,
            new_per_day=settings.new_per_day if args.new is None else args.new,
            retention=settings.retention if args.retention is None else args.retention,
            day_start_hour=settings.day_start_hour,
            seed=args.seed,
            tags=args.tag,
            practice=args.practice,
        )
        # `kill` or a closed terminal ends the session the orderly way: the store is closed (every answer is
        # already on disk), and the exit status says which signal it was.
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _exit_on_signal)
        # Undecodable input becomes a hint, unprintable text a replacement mark, never a traceback.
        for stream in (sys.stdin, sys.stdout):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        status = PlainStudy(session, sys.stdin, sys.stdout, typed=args.typed or settings.typed).run()
    except ProgressError as error:
        # Every answer before this one is on disk; the one being saved is reported lost.
        say(f"\nThe last answer could not be saved: {error}", file=sys.stderr)
        status = 1
    except OSError as error:
        if error.errno != errno.EIO:
            with contextlib.suppress(ProgressError):
                store.close()
            raise
        # The terminal went away before its hangup signal came: end as the hangup would have.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  nothing left to show, and nowhere to show it
        status = 128 + signal.SIGHUP
    except BaseException:
        with contextlib.suppress(ProgressError):
            store.close()
        raise
    try:
        store.close()
    except ProgressError as error:
        say(error, file=sys.stderr)
        return 1
    return status


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)
