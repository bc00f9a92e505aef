"""`trainer` (and `trainer study` without `--plain`): the Textual study app.

Textual is imported here, inside `run`, so every other command starts without it."""

from __future__ import annotations

import argparse


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
            tags=tuple(args.tag),
            practice=args.practice,
        )
    )
    app.run()
    return app.return_code or 0
