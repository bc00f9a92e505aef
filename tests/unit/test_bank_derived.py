"""Data worked out from a bank and kept in the bank cache beside it (the ordering groups): read back, it is
exactly what working it out gives; a bank edited, a new version of the code, or an entry of the wrong shape
works it out afresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import write_bank

from trainer.bank.cache import BankCache
from trainer.bank.loading import load_bank
from trainer.questions import index as index_module
from trainer.questions.generate import generate
from trainer.questions.index import index_of


@pytest.fixture
def cache(tmp_path: Path) -> BankCache:
    return BankCache(tmp_path / "cache", tmp_path / "data" / "bank-cache.key")


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return write_bank(tmp_path / "synthetic", 300, seed=5)


def groups_of(path: Path, cache: BankCache) -> dict:
    loaded = load_bank(path, cache)  # held while its index is asked
    return index_of(loaded).groups


def worked_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Calls to the grouping, recorded while it still works the groups out."""
    calls: list[str] = []
    for name in ("timeline_groups", "magnitude_groups"):
        real = getattr(index_module, name)
        monkeypatch.setattr(
            index_module, name, lambda *a, _real=real, _name=name: calls.append(_name) or _real(*a)
        )
    return calls


def test_groups_are_kept_and_read_back_as_worked_out(tmp_path, cache, bank, monkeypatch):
    first = load_bank(bank, cache)
    groups = index_of(first).groups
    assert any(g.form == "timeline" for g in groups.values()) and any(
        g.form == "magnitude" for g in groups.values()
    )
    calls = worked_out(monkeypatch)
    again = load_bank(bank, cache)
    assert index_of(again).groups == groups
    assert calls == []
    assert generate(again, 3) == generate(load_bank(bank), 3)  # and the questions of an uncached load


def test_an_edited_bank_or_new_code_works_them_out_afresh(tmp_path, cache, bank, monkeypatch):
    groups_of(bank, cache)
    calls = worked_out(monkeypatch)
    monkeypatch.setattr(index_module, "_code", lambda: b"another version")
    groups_of(bank, cache)
    assert calls == ["timeline_groups", "magnitude_groups"]
    monkeypatch.undo()
    calls = worked_out(monkeypatch)
    bank.write_text(bank.read_text().replace("ordering_items = 4", "ordering_items = 3"))
    assert "ordering_items = 3" in bank.read_text()
    assert all(len(g.members) == 3 for g in groups_of(bank, cache).values())
    assert calls == ["timeline_groups", "magnitude_groups"]


@pytest.mark.parametrize(
    "kept",
    [
        None,
        {"groups": []},
        [["timeline-x", "sequence", ["a", "b"]]],
        [["timeline-x", "timeline", ["a", 2]]],
        [["timeline-x", "timeline"]],
        [["timeline-x", "timeline", ("a",)]],
    ],
)
def test_a_kept_entry_of_the_wrong_shape_is_worked_out_afresh(tmp_path, cache, bank, monkeypatch, kept):
    loaded = load_bank(bank, cache)
    assert loaded.derived is not None
    expected = index_of(loaded).groups
    loaded.derived.put("groups", index_module._code(), kept)
    calls = worked_out(monkeypatch)
    assert groups_of(bank, cache) == expected
    assert calls == ["timeline_groups", "magnitude_groups"]
