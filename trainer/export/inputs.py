"""What `trainer stats`, `export` and `report` read before they compute: the progress file and the banks
that word its facts."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress

from trainer import paths
from trainer.bank.loaded import LoadedBank
from trainer.progress.store import ProgressError, ProgressStore
from trainer.sanitize import say


def wording_banks(command: str, named: Sequence[str] = ()) -> list[LoadedBank]:
    """The banks whose facts' wording the figures show: those `named` (bank files or bundled names, which
    must load: `BankError`), then every other bundled bank that loads, one that does not being named on
    stderr (its facts show as ids). A named bank wins over a bundled one of the same id, so a teacher's
    edited copy of a bundled bank is worded as edited."""
    from trainer.bank.loading import load_bank, load_banks
    from trainer.bank.problems import BankError

    cache = paths.bank_cache()
    banks = load_banks(named, cache) if named else []
    ids = {b.id for b in banks}
    for name, path in paths.bundled_banks().items():
        try:
            loaded = load_bank(path, cache)
        except BankError:
            say(f"{command}: note: bank {name!r} did not load; its facts are shown by id", file=sys.stderr)
            continue
        if loaded.id not in ids:
            banks.append(loaded)
    return banks


@contextmanager
def progress(path: str | None) -> Iterator[ProgressStore]:
    """The progress store at `--progress` (or the default), closed afterwards. `ProgressError` if unusable."""
    store = ProgressStore.open(paths.progress_path(path))
    try:
        yield store
    finally:
        # Closing only tidies the journal; every answer is already saved, and it is retried later.
        with suppress(ProgressError):
            store.close()
