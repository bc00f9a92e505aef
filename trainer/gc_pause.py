"""Batch work without the cycle collector's rescans.

Loading, validating and generating on a large bank make hundreds of thousands of objects that live on
and form no reference cycles. Left on, the collector rescans them again and again as they pile up, for no
garbage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


class _Program:
    froze = False
    """Whether `freeze` was called: the program keeps something frozen on purpose."""


def freeze() -> None:
    """`gc.freeze()` for what lives as long as the program, remembered here: `without_cycle_collection` must
    not thaw it, and asking the collector whether anything is frozen (`gc.get_freeze_count`) walks every
    frozen object, which after a long history is read is a pause of its own at each block's end."""
    gc.freeze()
    _Program.froze = True


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """The collector paused for the block. On the way out what the block made goes straight to the oldest
    generation (a freeze and an unfreeze, both constant time) rather than being scanned all at once by the
    next young collection; a cycle among it is still found by the next full collection."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            # Never thaw what the program froze on purpose (`freeze`; or itself, which only a count shows).
            if not _Program.froze and gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
