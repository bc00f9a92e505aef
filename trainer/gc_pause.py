"""Batch work without the cycle collector's rescans.

Loading, validating and generating on a large bank make hundreds of thousands of objects that live on
and form no reference cycles. Left on, the collector rescans them again and again as they pile up, for no
garbage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
            if gc.get_freeze_count() == 0:  # never thaw what the program froze on purpose
                gc.freeze()
                gc.unfreeze()
            gc.enable()
