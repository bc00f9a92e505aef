"""`trainer` (and `trainer study` without `--plain`): the Textual study app.

Textual is imported here, inside `run`, so every other command starts without it."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from trainer.paths import progress_path
    from trainer.study.clock import parse_now

    try:
        now = parse_now(args.now) if args.now else None
    except ValueError as error:
        print(f"trainer: --now: {error}", file=sys.stderr)
        return 2
    # The same limits as `trainer study --plain`.
    if args.limit is not None and args.limit < 1:
        print(f"trainer: --limit must be 1 or more, not {args.limit}", file=sys.stderr)
        return 2
    if args.new is not None and args.new < 0:
        print(f"trainer: --new must be 0 or more, not {args.new}", file=sys.stderr)
        return 2

    from trainer.tui.app import AppOptions, TrainerApp

    app = TrainerApp(
        AppOptions(
            progress=progress_path(args.progress),
            banks=tuple(args.banks),
            now=now,
            limit=args.limit,
            new_per_day=args.new,
            seed=args.seed,
        )
    )
    app.run()
    return app.return_code or 0
