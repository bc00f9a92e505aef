"""Work done in a forked child while the program goes on: `Child.start(work)`, then `poll` or `wait`.

The child is a copy-on-write image of the program at the moment of the fork, so it reads what the program
held then without copying it, and its CPU time is not the program's: no lock on the interpreter is shared,
unlike a thread's. It runs `work` only, with the cyclic collector off (a collection would touch, hence copy,
every page of the parent's heap), at a lower priority, with no descriptor of the parent's open but the pipe
and the standard streams (which it does not use), the default signal handlers (a hang-up ends it), and
leaves with `os._exit` (no `atexit` handler of the parent's runs twice). What `work`
returns (a few bytes) comes back through a pipe; anything it raises means the child failed.
"""

from __future__ import annotations

import gc
import os
import signal
import warnings
from collections.abc import Callable
from contextlib import suppress

_FAILED = 70


class Child:
    def __init__(self, pid: int, pipe: int) -> None:
        self.pid = pid
        self._pipe = pipe
        self._done = False

    @classmethod
    def start(cls, work: Callable[[], bytes]) -> Child | None:
        """Fork and run `work` in the child; None if no process could be made."""
        try:
            read, write = os.pipe()
        except OSError:
            return None
        try:
            with warnings.catch_warnings():
                # Python 3.12 warns of forking with threads: the child takes none of the locks they may hold.
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:
            os.close(read)
            _run_child(work, write)
        os.close(write)
        return cls(pid, read)

    def poll(self) -> bytes | None:
        """What `work` returned, once the child has ended; None while it runs. `ChildFailed` if it failed."""
        return self._reap(os.WNOHANG)

    def wait(self) -> bytes:
        result = self._reap(0)
        assert result is not None
        return result

    def stop(self) -> None:
        """End the child now, whatever it was doing, and reap it."""
        if not self._done:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with suppress(ChildFailed):
                self.wait()

    def _reap(self, flags: int) -> bytes | None:
        if self._done:
            raise ChildFailed("already reaped")
        try:
            pid, status = os.waitpid(self.pid, flags)
        except ChildProcessError:  # reaped by someone else: its outcome is unknown
            status = -1
        else:
            if pid == 0:
                return None
        self._done = True
        try:
            out = _read_all(self._pipe)
        finally:
            os.close(self._pipe)
        if status == -1 or os.waitstatus_to_exitcode(status) != 0:
            raise ChildFailed(f"the child ended with status {status}")
        return out


class ChildFailed(Exception):
    pass


def _run_child(work: Callable[[], bytes], pipe: int) -> None:
    code = _FAILED
    try:
        gc.disable()
        with suppress(ValueError, OSError):
            signal.set_wakeup_fd(-1)  # the parent's event loop listens there, not the child's
            for signum in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
                signal.signal(signum, signal.SIG_DFL)
        # Only the pipe stays open: an inherited descriptor of the writers' lock file would keep a lock the
        # parent holds alive after the parent's death, until this child ends.
        os.closerange(3, pipe)
        os.closerange(pipe + 1, os.sysconf("SC_OPEN_MAX"))
        with suppress(OSError):
            os.nice(10)
        out = memoryview(work())
        while out:
            out = out[os.write(pipe, out) :]
        code = 0
    except BaseException:  # the exit status says it failed; the child must never return to the caller
        pass
    finally:
        os._exit(code)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)
