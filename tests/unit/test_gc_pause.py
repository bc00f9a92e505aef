"""`without_cycle_collection` relies on CPython's collector: these pin down what it counts on."""

from __future__ import annotations

import gc
import weakref

import pytest

from trainer import gc_pause
from trainer.gc_pause import without_cycle_collection


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_the_collector_is_paused_inside_and_restored_after():
    assert gc.isenabled()
    with without_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with without_cycle_collection():
            pass
        assert not gc.isenabled()  # a collector the caller disabled stays disabled
    finally:
        gc.enable()


def test_what_the_block_made_leaves_the_young_generation_and_nothing_stays_frozen():
    gc.unfreeze()  # what earlier tests in this process froze (the app's tests do)
    gc.collect()
    with without_cycle_collection():
        made = [[i] for i in range(5000)]
    assert gc.get_count()[0] < 100  # not left for the next young collection to scan
    assert gc.get_freeze_count() == 0
    assert made[-1] == [4999]


def test_a_cycle_made_inside_is_still_collected():
    with without_cycle_collection():
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
    del a, b
    gc.collect()
    assert gone() is None


def test_what_the_program_froze_stays_frozen():
    gc.unfreeze()
    kept = [[i] for i in range(100)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with without_cycle_collection():
            more = [[i] for i in range(100)]
        assert gc.get_freeze_count() >= frozen  # not thawed
        assert more and kept
    finally:
        gc.unfreeze()


def test_after_the_program_froze_through_it_no_block_counts_the_frozen(monkeypatch):
    """`gc.get_freeze_count` walks every frozen object: after the app froze a long history, each block's
    end would pause for it (issue 13: a quarter of a second at 100,000 items)."""
    gc.unfreeze()
    monkeypatch.setattr(gc_pause._Program, "froze", False)
    kept = [[i] for i in range(100)]
    try:
        gc_pause.freeze()
        frozen = gc.get_freeze_count()
        monkeypatch.setattr(gc, "get_freeze_count", lambda: pytest.fail("counted the frozen objects"))
        with without_cycle_collection():
            more = [[i] for i in range(100)]
        monkeypatch.undo()
        assert gc.get_freeze_count() >= min(frozen, len(kept))  # not thawed (which leaves none frozen)
        assert more and kept
    finally:
        gc.unfreeze()
