"""The `trainer` command run inside the test process: `trainer.cli.main(argv)` with stdin, stdout, stderr,
environment variables, working folder and signal handlers of its own, giving what `subprocess.run(...,
capture_output=True)` gives. A new Python importing the program costs more than most commands' work, dozens
of times over in the suite; tests about the process itself (signals, a real terminal, a pipe read prompt by
prompt, the installed entry point, a crash that must not kill pytest) still start one.

As in a separate process, an exception that escapes `main` is a traceback on stderr and exit status 1, so a
test that says "no traceback" still fails on one, and a command that blocks past `timeout` fails the test
(the alarm interrupts a blocking open or read)."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from trainer.cli import main

Out = TypeVar("Out", str, bytes)

# The handlers a command may install (`trainer study` ends the session on SIGTERM and SIGHUP).
_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGALRM)


@dataclass(frozen=True)
class Ran(Generic[Out]):
    """The fields of `subprocess.CompletedProcess` that tests read."""

    args: list[str]
    returncode: int
    stdout: Out
    stderr: Out


class TimedOut(Exception):
    pass


Replies = Callable[[str], "str | None"]
"""A conversation on stdin: called each time the command reads a line, with its output so far; returns
the line to give it (newline included), or None for the end of input."""


class _Asked(io.RawIOBase):
    """Standard input that answers each read with `replies(output so far)`."""

    def __init__(self, replies: Replies, output: _Kept) -> None:
        self.replies = replies
        self.output = output
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]  # a BufferedReader passes a memoryview
        if not self.pending:
            reply = self.replies(_text(self.output.contents()))
            self.pending = b"" if reply is None else reply.encode()
        size = min(len(buffer), len(self.pending))
        buffer[:size], self.pending = self.pending[:size], self.pending[size:]
        return size


def run(
    *args: str | os.PathLike[str],
    input: str | bytes | Replies = b"",
    env: Mapping[str, str | None] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = 120,
) -> Ran[str]:
    """`trainer ARGS` with `input` on stdin (text, bytes, or `Replies` read as the command asks); stdout and
    stderr as text, newlines read as a pipe's reader reads them. `env` adds (or, with None, removes)
    environment variables for the run."""
    raw = run_bytes(*args, input=input, env=env, cwd=cwd, timeout=timeout)
    return Ran(raw.args, raw.returncode, _text(raw.stdout), _text(raw.stderr))


def run_bytes(
    *args: str | os.PathLike[str],
    input: str | bytes | Replies = b"",
    env: Mapping[str, str | None] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = 120,
) -> Ran[bytes]:
    """As `run`, with stdout and stderr as the bytes written."""
    argv = [os.fspath(a) for a in args]
    out, err = _Kept(), _Kept()  # kept: a command may close or replace its streams
    source: io.BufferedIOBase
    if callable(input):
        source = io.BufferedReader(_Asked(input, out))
    else:
        source = io.BytesIO(input.encode() if isinstance(input, str) else input)
    stdin = io.TextIOWrapper(source, encoding="utf-8")
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    with _environment(env or {}), _folder(cwd), _own_signals(), _streams(stdin, stdout, stderr):
        try:
            with _alarm(timeout):
                status = main(argv)
        except SystemExit as exit_:
            status = _exit_status(exit_.code)
        except TimedOut:
            raise AssertionError(f"`trainer {' '.join(argv)}` did not finish within {timeout} s") from None
        except Exception:
            traceback.print_exc(file=sys.stderr)
            status = 1
        _flush()
    return Ran(["trainer", *argv], status, out.contents(), err.contents())


def _text(data: bytes) -> str:
    # Read back as subprocess.run(text=True) reads a pipe: universal newlines.
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict").read()


class _Kept(io.BytesIO):
    """What was written, still readable after the command closes the stream (`sys.stderr.close()`)."""

    written = b""

    def close(self) -> None:
        if not self.closed:
            self.written = self.getvalue()
        super().close()

    def contents(self) -> bytes:
        return self.written if self.closed else self.getvalue()


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(ValueError, OSError):
            stream.flush()


@contextlib.contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    before = dict(os.environ)
    for name, value in changes.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    time.tzset()  # TZ, as a new process would read it
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(before)
        time.tzset()


@contextlib.contextmanager
def _folder(cwd: str | os.PathLike[str] | None) -> Iterator[None]:
    before = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def _own_signals() -> Iterator[None]:
    before = {signum: signal.getsignal(signum) for signum in _SIGNALS}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _streams(stdin: io.TextIOWrapper, stdout: io.TextIOWrapper, stderr: io.TextIOWrapper) -> Iterator[None]:
    before = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = before


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimedOut

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
