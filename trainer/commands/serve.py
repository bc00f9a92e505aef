"""`trainer serve [BANK...] [--host H] [--port N]`: the study app in a web browser, via textual-serve.

Each browser tab runs its own `trainer app` process with the same banks and options and the same progress
file, resolved here once (`--progress`, else $TRAINER_PROGRESS, else the user data folder), so a learner's
answers go where `trainer` would put them; the progress store merges what two tabs append. It listens on
127.0.0.1 unless asked otherwise: anyone who reaches the port studies as this learner."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path

from trainer.paths import progress_path
from trainer.sanitize import visible


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(args: argparse.Namespace) -> list[str]:
    """The command each browser session runs: `trainer app` with this invocation's banks and options."""
    command = [
        sys.executable,
        "-m",
        "trainer",
        "app",
        "--progress",
        str(progress_path(args.progress).absolute()),
    ]
    for flag, value in (("--limit", args.limit), ("--new", args.new), ("--seed", args.seed)):
        if value is not None:
            command += [flag, str(value)]
    if args.now is not None:
        command += ["--now", args.now.isoformat()]
    # Paths made absolute, so they mean the same whatever folder the app process starts in.
    return [*command, "--", *(_absolute(bank) for bank in args.banks)]


def _absolute(bank: str) -> str:
    path = Path(bank)
    return str(path.absolute()) if path.exists() else bank  # else a bundled bank's name


def run(args: argparse.Namespace) -> int:
    from textual_serve.server import Server

    if not is_loopback(args.host):
        print(
            f"trainer serve: warning: listening on {visible(args.host)}, not only this machine: anyone who can"
            " reach the port can study as you and write to your progress file",
            file=sys.stderr,
        )
    server = Server(shlex.join(app_command(args)), host=args.host, port=args.port, title="trainer")
    server.serve()
    return 0
