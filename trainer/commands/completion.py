"""`trainer completion bash|zsh|fish`: the shell code that completes `trainer`'s commands, options and banks
(argcomplete: the shell asks `trainer` itself, so completion always matches the installed version)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    import argcomplete

    print(argcomplete.shellcode(["trainer"], shell=args.shell), end="")
    return 0
