"""`trainer` (and `trainer study` without `--plain`): the Textual study app.

Textual is imported here, inside `run`, so every other command starts without it."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from trainer.paths import progress_path
    from trainer.settings import SettingsError, load_settings, settings_path

    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 1
    from trainer.tui.app import AppOptions, TrainerApp

    app = TrainerApp(
        AppOptions(
            progress=progress_path(args.progress),
            banks=tuple(args.banks),
            now=args.now,
            limit=settings.session_length if args.limit is None else args.limit,
            new_per_day=settings.new_per_day if args.new is None else args.new,
            retention=settings.retention if args.retention is None else args.retention,
            day_start_hour=settings.day_start_hour,
            theme=settings.theme,
            settings_file=settings_path(),
            seed=args.seed,
            tags=tuple(args.tag),
            practice=args.practice,
        )
    )
    app.run()
    if app.close_error is not None:
        print(app.close_error, file=sys.stderr)
        return 1
    return app.return_code or 0
