"""A cache of validated banks, so that studying an unchanged bank never loads pydantic.

Importing pydantic and building the bank models takes longer than the rest of the app's start together
(benchmarks/bench_app.py). A bank that passed the schema once is kept here as plain data (its `model_dump()`),
under a digest of its text and of what decides how that text validates (the models' source, trainer's
version, the Python version); read back, it becomes `trainer.bank.records` with the same attributes.

The cache is only ever a shortcut: an entry that is missing, unreadable, torn or damaged (each holds a
digest of its own payload) is a miss, and a folder that cannot be written is ignored. Entries are `marshal`
data, which builds nothing but plain values: the folder is the user's own, as trusted as their home.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import trainer
from trainer.bank.records import to_records

if TYPE_CHECKING:
    from trainer.bank import models
    from trainer.bank.shapes import Bank

FORMAT = 1
"""Bumped when what an entry holds changes."""
MAX_ENTRIES = 32
"""Entries kept; the least recently used go first. A teacher editing a bank leaves one per saved version."""
MAX_TOTAL_BYTES = 100 * 1024 * 1024
"""And their size together (a 10,000-fact bank's entry is about 5 MB); the newest entry is always kept."""
_SUFFIX = ".bank"
_DIGEST = 32


@cache
def _environment() -> bytes:
    models = Path(__file__).with_name("models.py").read_bytes()
    return f"{FORMAT}\0{trainer.__version__}\0{sys.version}\0".encode() + models


def _key(text: str) -> str:
    return hashlib.blake2b(_environment() + b"\0" + text.encode(), digest_size=20).hexdigest()


class BankCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, text: str) -> Bank | None:
        """The bank validated from `text` before, or None."""
        entry = self.folder / (_key(text) + _SUFFIX)
        try:
            data = entry.read_bytes()
        except OSError:
            return None
        digest, payload = data[:_DIGEST], data[_DIGEST:]
        if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != digest:
            return None
        try:
            dump = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: kept longest
        records: Bank = to_records(dump)  # records satisfy the Protocol (tests/unit/test_bank_cache.py)
        return records

    def put(self, text: str, bank: models.Bank) -> None:
        """Keep `bank`, just validated from `text`: written whole or not at all."""
        payload = marshal.dumps(bank.model_dump())
        data = hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".", suffix=".tmp", delete=False) as f:
                temporary = f.name
                f.write(data)
            os.replace(temporary, self.folder / (_key(text) + _SUFFIX))
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            return
        self._evict()

    def _evict(self) -> None:
        with contextlib.suppress(OSError):  # another process may be evicting the same files
            for stray in self.folder.glob(".*.tmp"):  # left by a process killed while writing
                if stray.stat().st_mtime < time.time() - 3600:
                    stray.unlink()
            entries = [(entry.stat(), entry) for entry in self.folder.glob("*" + _SUFFIX)]
            entries.sort(key=lambda found: found[0].st_mtime_ns, reverse=True)
            total = 0
            for kept, (info, entry) in enumerate(entries):
                total += info.st_size
                if kept and (kept >= MAX_ENTRIES or total > MAX_TOTAL_BYTES):
                    entry.unlink()
