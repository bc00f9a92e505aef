"""Durable file operations: atomic whole-file replacement, directory sync, and the writers' lock."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable
from pathlib import Path


def sync_data(fd: int) -> None:
    # fdatasync also flushes the size, which is all an append changes; macOS has only fsync.
    (os.fdatasync if hasattr(os, "fdatasync") else os.fsync)(fd)


def sync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(directory: Path) -> None:
    if not directory.is_dir():
        directory.mkdir(parents=True, exist_ok=True)
        sync_dir(directory.parent)


def temp_name(path: Path, tag: str) -> Path:
    return path.with_name(f".{path.name}.{tag}.tmp")


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: temp file, fsync, rename, directory fsync. A crash leaves old or new."""
    atomic_write_chunks(path, [data])


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """`atomic_write` of data made as it is written (an export of a long history), gathered into large writes.
    Nothing replaces `path` if making the data fails."""
    put_in_place(stage_chunks(path, chunks, str(os.getpid())), path)


def stage(path: Path, data: bytes, tag: str) -> Path:
    """`data` written and fsync'ed to a temp file beside `path` (named for `tag`), to be put in place later."""
    return stage_chunks(path, [data], tag)


_BUFFER = 1 << 20


def stage_chunks(path: Path, chunks: Iterable[bytes], tag: str) -> Path:
    """`stage` of data made as it is written."""
    temp = temp_name(path, tag)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        pending: list[bytes] = []
        size = 0
        for chunk in chunks:
            pending.append(chunk)
            size += len(chunk)
            if size >= _BUFFER:
                _write_all(fd, b"".join(pending))
                pending, size = [], 0
        _write_all(fd, b"".join(pending))
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        temp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return temp


def put_in_place(temp: Path, path: Path, *, sync: bool = True) -> None:
    """Rename a staged file over `path`; durably, unless the caller syncs the folder later itself."""
    os.replace(temp, path)
    if sync:
        sync_dir(path.parent)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def remove_temp_files(directory: Path, pattern: str) -> None:
    """Temp files of writers killed mid-write (call with the lock held: then no writer is live but a
    background compaction's child, which finds its files gone when it installs them, and gives up)."""
    for temp in directory.glob(pattern):
        temp.unlink(missing_ok=True)


class WriteLock:
    """An exclusive `flock` on `PATH.lock`, held by a writer for each write.

    A sidecar file, because compaction replaces the progress file itself, and a lock on a replaced file's
    old inode would exclude no one. Created on the first write only (opening a file writes nothing)."""

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        if self._fd is None:
            make_dirs(self.path.parent)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
