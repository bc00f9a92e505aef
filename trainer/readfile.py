"""Reading a file the program did not write itself: regular files only, and only up to a size limit.

A FIFO would block an `open` or a read forever and `/dev/zero` never ends, so the file is opened without
blocking and looked at (`fstat`) before a byte is read; a file too large is refused unread.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Unusable(Exception):
    """A file that exists but cannot be read as data: not a regular file, too large, or an OS error.

    `str()` is the whole reason (`cannot read: Permission denied`), `reason` its part after "cannot read"."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


def _os_error(error: OSError) -> Unusable:
    reason = error.strerror or str(error)
    return Unusable(f"cannot read: {reason}", reason)


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def open_regular(path: Path | str, max_bytes: int) -> tuple[int, os.stat_result]:
    """A descriptor open for reading on a regular file of at most `max_bytes`, and its status;
    `FileNotFoundError` if it is missing, `Unusable` otherwise. The caller closes it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise _os_error(error) from None
    try:
        info = os.fstat(fd)
        check_regular(info, max_bytes)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_regular(path: Path | str, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The whole of a regular file, and its status; `FileNotFoundError` if it is missing, `Unusable` else."""
    fd, info = open_regular(path, max_bytes)
    try:
        chunks, size = [], 0
        while size <= max_bytes and (chunk := os.read(fd, max(info.st_size - size, 1 << 16))):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise _os_error(error) from None
    finally:
        os.close(fd)
    if size > max_bytes:  # it grew since
        raise Unusable(f"file too large (the limit is {megabytes(max_bytes)})")
    return b"".join(chunks), info


def check_regular(info: os.stat_result, max_bytes: int) -> None:
    """`Unusable` unless `info` is of a regular file of at most `max_bytes`."""
    if stat.S_ISDIR(info.st_mode):
        raise Unusable("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise Unusable("not a regular file (a pipe, a device or a socket)")
    if info.st_size > max_bytes:
        raise Unusable(f"file too large ({megabytes(info.st_size)}; the limit is {megabytes(max_bytes)})")
