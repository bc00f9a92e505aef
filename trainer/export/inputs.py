"""What `trainer stats`, `export` and `report` read before they compute: the progress file and the bundled
banks (for the facts' wording)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from trainer import paths
from trainer.bank.loaded import LoadedBank
from trainer.progress.store import ProgressError, ProgressStore


def bundled_banks(command: str) -> list[LoadedBank]:
    """Every bundled bank that loads; one that does not is named on stderr and its facts show as ids."""
    from trainer.bank.loading import load_bank
    from trainer.bank.problems import BankError

    banks = []
    for name, path in paths.bundled_banks().items():
        try:
            banks.append(load_bank(path))
        except BankError:
            print(f"{command}: note: bank {name!r} did not load; its facts are shown by id", file=sys.stderr)
    return banks


@contextmanager
def progress(path: str | None) -> Iterator[ProgressStore]:
    """The progress store at `--progress` (or the default), closed afterwards. `ProgressError` if unusable."""
    store = ProgressStore.open(paths.progress_path(path))
    try:
        yield store
    finally:
        try:
            store.close()
        except ProgressError:
            pass  # closing only tidies the journal; every answer is already saved, and it is retried later
