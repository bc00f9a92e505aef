"""`trainer` (and `trainer study` without `--plain`): the Textual study app.

Textual is imported here, inside `run`, so every other command starts without it."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from trainer.paths import progress_path
    from trainer.tui.app import AppOptions, TrainerApp

    app = TrainerApp(
        AppOptions(
            progress=progress_path(args.progress),
            banks=tuple(args.banks),
            now=args.now,
            limit=args.limit,
            new_per_day=args.new,
            seed=args.seed,
        )
    )
    app.run()
    if app.close_error is not None:
        print(app.close_error, file=sys.stderr)
        return 1
    return app.return_code or 0
