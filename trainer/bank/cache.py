"""A cache of validated banks, so that studying an unchanged bank never loads pydantic.

Importing pydantic and building the bank models takes longer than the rest of the app's start together
(benchmarks/bench_app.py). A bank that passed the schema once is kept here as plain data (its `model_dump()`),
under a digest of its text and of what decides how that text validates (the models' source, trainer's
version, the Python version); read back, it becomes `trainer.bank.cached_records` with the same attributes.

The cache is only ever a shortcut: an entry that is missing, unreadable, torn, damaged or not plain data is
a miss, and a folder that cannot be written is ignored. Whoever can write the cache folder must not choose
the questions of a bank they cannot edit, so each entry carries a keyed digest (BLAKE2b with a random
per-user key) of its name and payload: the key lives outside the cache, in the user data folder, readable by
the user alone, and an entry forged without it, or another bank's entry copied under this one's name, is a
miss. Only the key's holder can write an entry that `marshal` then reads. The cache's folder may be shared
with other files (`$TRAINER_CACHE_DIR`): only regular files named as entries (40 hex digits, `.bank`) or as
its own temporary files are ever deleted, and entries are opened without following links or blocking.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import secrets
import stat
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import trainer
from trainer.bank.cached_records import NotPlain, to_records

if TYPE_CHECKING:
    from trainer.bank import models
    from trainer.bank.shapes import Bank

FORMAT = 2
"""Bumped when what an entry holds changes."""
MAX_ENTRIES = 32
"""Entries kept; the least recently used go first. A teacher editing a bank leaves one per saved version."""
MAX_TOTAL_BYTES = 100 * 1024 * 1024
"""And their size together (a 10,000-fact bank's entry is about 5 MB); the newest entry is always kept."""
_LARGEST_ENTRY = 1024 * 1024 * 1024
"""Anything larger under an entry's name is not one of ours, and is not read."""
_SUFFIX = ".bank"
_ENTRY = re.compile(r"[0-9a-f]{40}\.bank")
_TEMPORARY_PREFIX = ".trainer-bank-"
_TEMPORARY = re.compile(r"\.trainer-bank-[A-Za-z0-9_]+\.tmp")
_DIGEST = 32
_KEY_BYTES = 32
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


@cache
def _environment() -> bytes:
    models = Path(__file__).with_name("models.py").read_bytes()
    return f"{FORMAT}\0{trainer.__version__}\0{sys.version}\0".encode() + models


def _key(text: str) -> str:
    return hashlib.blake2b(_environment() + b"\0" + text.encode(), digest_size=20).hexdigest()


class BankCache:
    """Entries in `folder` (the cache's own), their digests keyed by the secret in `key_file`."""

    def __init__(self, folder: Path, key_file: Path) -> None:
        self.folder = folder
        self.key_file = key_file
        self._named: tuple[str, str] | None = None
        """The last text named and its entry's name: a bank's text is named for its entry, then for the
        data derived from it (`derived`), and digesting a large bank's text twice shows at start-up."""

    def _name(self, text: str) -> str:
        if self._named is None or self._named[0] is not text:
            self._named = (text, _key(text))
        return self._named[1]

    def get(self, text: str) -> Bank | None:
        """The bank validated from `text` before, or None."""
        dump = self._read(self._name(text))
        if not isinstance(dump, dict):
            return None
        try:
            records: Bank = to_records(dump)  # records satisfy the Protocol (tests/unit/test_bank_cache.py)
        except NotPlain:
            return None
        return records

    def put(self, text: str, bank: models.Bank) -> None:
        """Keep `bank`, just validated from `text`: written whole or not at all."""
        self._write(self._name(text), bank.model_dump())

    def derived(self, text: str) -> Derived:
        """Where data worked out from the bank validated from `text` is kept."""
        return Derived(self, self._name(text))

    def _read(self, name: str) -> object:
        """The entry `name` holds, checked against its keyed digest; None for a miss."""
        secret = self._secret
        if secret is None:
            return None
        entry = self.folder / (name + _SUFFIX)
        found = _read_regular(entry, _LARGEST_ENTRY)
        if found is None:
            return None
        data = found[1]
        digest, payload = data[:_DIGEST], data[_DIGEST:]
        if not secrets.compare_digest(digest, _mac(secret, name, payload)):
            return None
        try:
            value = marshal.loads(payload)
        except Exception:  # only our own writes get here; whatever marshal makes of anything else is a miss
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: kept longest
        return value

    def _write(self, name: str, value: Any) -> None:
        """Keep `value` (plain data) as the entry `name`: written whole or not at all."""
        secret = self._secret
        if secret is None:
            return
        payload = marshal.dumps(value)
        data = _mac(secret, name, payload) + payload
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                dir=self.folder, prefix=_TEMPORARY_PREFIX, suffix=".tmp", delete=False
            ) as f:
                temporary = f.name
                f.write(data)
            os.replace(temporary, self.folder / (name + _SUFFIX))
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            return
        self._evict()

    @cached_property
    def _secret(self) -> bytes | None:
        """The user's key, made on first use; None (no caching) where it cannot be kept safely."""
        try:
            return _read_key(self.key_file) or _make_key(self.key_file)
        except OSError:
            return None

    def _evict(self) -> None:
        try:
            found = list(os.scandir(self.folder))
        except OSError:
            return
        entries = []
        for item in found:
            with contextlib.suppress(OSError):  # another process may be evicting the same files
                info = item.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode):
                    continue
                if _TEMPORARY.fullmatch(item.name) and info.st_mtime < time.time() - 3600:
                    os.unlink(item.path)  # left by a process killed while writing
                elif _ENTRY.fullmatch(item.name):
                    entries.append((info, item.path))
        entries.sort(key=lambda found: found[0].st_mtime_ns, reverse=True)
        total = 0
        for kept, (info, path) in enumerate(entries):
            total += info.st_size
            if kept and (kept >= MAX_ENTRIES or total > MAX_TOTAL_BYTES):
                with contextlib.suppress(OSError):
                    os.unlink(path)


@dataclass(frozen=True)
class Derived:
    """Data a bank's questions are worked out from that costs more to work out than to read back (its
    ordering groups: `trainer.questions.index`), kept as entries of the cache beside the bank's own. An
    entry is named by the bank's entry, by `what` it holds and by a digest of the code that worked it out
    (`code`), so an edited bank or a new version of that code finds none; the same rules as for the bank's
    entry hold: signed, plain data only (the caller checks its shape; anything else is a miss)."""

    cache: BankCache
    bank: str
    """The bank's own entry name."""

    def get(self, what: str, code: bytes) -> object:
        return self.cache._read(self._name(what, code))

    def put(self, what: str, code: bytes, value: Any) -> None:
        self.cache._write(self._name(what, code), value)

    def _name(self, what: str, code: bytes) -> str:
        return hashlib.blake2b(f"{self.bank}\0{what}\0".encode() + code, digest_size=20).hexdigest()


def _mac(secret: bytes, name: str, payload: bytes) -> bytes:
    return hashlib.blake2b(name.encode() + b"\0" + payload, key=secret, digest_size=_DIGEST).digest()


def _read_regular(path: Path, limit: int) -> tuple[os.stat_result, bytes] | None:
    """A regular file of at most `limit` bytes, and its status, opened without following a link or blocking
    (a FIFO or `/dev/zero` under an entry's name is a miss, not a hang); None otherwise."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb") as f:
            fd = -1
            return info, f.read(limit + 1)
    except OSError:
        return None
    finally:
        if fd != -1:
            os.close(fd)


def _read_key(path: Path) -> bytes | None:
    """The key, if it is one: a regular file of the user's own, readable by nobody else, of the right size."""
    found = _read_regular(path, _KEY_BYTES)
    if found is not None:
        info, key = found
        private = os.name == "nt" or (info.st_uid == os.getuid() and not info.st_mode & 0o077)
        if private and len(key) == _KEY_BYTES:
            return key
    if not os.path.lexists(path):
        return None
    # Another user's, readable by others, cut short or a link: replaced (a link itself, never its target),
    # which turns every entry into a miss.
    path.unlink()
    return None


def _make_key(path: Path) -> bytes:
    """A new random key, written whole under a temporary name, then linked into place: where another
    process made one first, theirs is used."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(_KEY_BYTES)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".trainer-key-")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(key)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            theirs = _read_key(path)
            if theirs is None:
                raise OSError(f"{path}: not a usable key") from None
            return theirs
    finally:
        os.unlink(temporary)
    return key
