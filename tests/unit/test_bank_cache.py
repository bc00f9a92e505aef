"""The cache of validated banks: a hit asks exactly the questions a fresh load asks, never loads pydantic,
and anything wrong with the cache (a changed bank, a torn or damaged entry, a folder that cannot be
written) costs only a fresh validation."""

from __future__ import annotations

import collections.abc
import json
import os
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest
from factories import write_bank
from pydantic import BaseModel
from test_loading import GOOD, bank_file

from trainer.bank import cache as cache_module
from trainer.bank import shapes
from trainer.bank.cache import BankCache
from trainer.bank.loading import load_bank
from trainer.bank.problems import BankError
from trainer.bank.records import Record, to_records
from trainer.bank.validation import validate
from trainer.paths import bundled_banks
from trainer.questions.generate import generate

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "solar-system" / "bank.toml"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bank"))


@pytest.fixture
def cache(tmp_path: Path) -> BankCache:
    return BankCache(tmp_path / "cache")


def fresh_and_cached(path: Path, cache: BankCache):
    fresh = load_bank(path, cache)  # a miss: validated, then kept
    cached = load_bank(path, cache)
    assert type(fresh.bank).__name__ == "Bank" and isinstance(cached.bank, Record)
    return fresh, cached


def bank_paths(tmp_path: Path) -> list[Path]:
    return [*bundled_banks().values(), EXAMPLE, write_bank(tmp_path / "synthetic", 400, seed=3)]


@pytest.mark.parametrize("seed", [0, 1, 42])
def test_a_cached_bank_asks_exactly_the_questions_of_a_fresh_one(tmp_path, cache, seed):
    for path in bank_paths(tmp_path):
        fresh, cached = fresh_and_cached(path, cache)
        asked = generate(fresh, seed)
        assert asked and generate(cached, seed) == asked
        as_json = json.dumps([q.to_json() for q in asked])
        assert json.dumps([q.to_json() for q in generate(cached, seed)]) == as_json


def test_a_cached_bank_gets_the_same_checks(tmp_path, cache):
    for path in bank_paths(tmp_path):
        fresh, cached = fresh_and_cached(path, cache)
        assert [str(p) for p in validate(cached)] == [str(p) for p in validate(fresh)]


def shape_problems(value: object, hint: object, where: str) -> list[str]:
    """Where `value` does not hold what `hint` (a `trainer.bank.shapes` Protocol or a type in one) says."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and hint.__module__ == shapes.__name__:
        members = [n for n, m in vars(hint).items() if isinstance(m, property)]
        assert members, hint
        found = []
        for name in members:
            if not hasattr(value, name):
                found.append(f"{where}.{name} is missing")
                continue
            returns = typing.get_type_hints(getattr(hint, name).fget, vars(shapes))["return"]
            found += shape_problems(getattr(value, name), returns, f"{where}.{name}")
        return found
    if origin in (types.UnionType, typing.Union):
        each = [shape_problems(value, arg, where) for arg in args]
        return [] if any(not p for p in each) else min(each, key=len)
    if origin is typing.Literal:
        return [] if value in args else [f"{where} is {value!r}, not one of {args}"]
    if origin is collections.abc.Sequence:
        if not isinstance(value, list | tuple):
            return [f"{where} is a {type(value).__name__}, not a sequence"]
        return [p for i, item in enumerate(value) for p in shape_problems(item, args[0], f"{where}[{i}]")]
    if hint is type(None):
        return [] if value is None else [f"{where} is {value!r}, not None"]
    assert isinstance(hint, type), hint
    kinds = (int, float) if hint is float else (hint,)
    return [] if isinstance(value, kinds) else [f"{where} is a {type(value).__name__}, not {hint.__name__}"]


def test_cached_records_have_the_shape_code_reads(tmp_path, cache):
    for path in bank_paths(tmp_path):
        fresh, cached = fresh_and_cached(path, cache)
        assert shape_problems(cached.bank, shapes.Bank, "bank") == []
        assert shape_problems(fresh.bank, shapes.Bank, "bank") == []


def test_the_shape_check_finds_what_is_missing_or_wrong(cache):
    fresh, _ = fresh_and_cached(bundled_banks()["khasham"], cache)
    dump = fresh.bank.model_dump()
    del dump["facts"][0]["statement"]
    dump["settings"]["ordering_rule"] = "alphabetical"
    dump["facts"][1]["citations"] = "[1]"
    assert shape_problems(to_records(dump), shapes.Bank, "bank") == [
        "bank.settings.ordering_rule is 'alphabetical', not one of "
        "('absolute_position', 'longest_ordered_subset', 'relative_next')",
        "bank.facts[0].statement is missing",
        "bank.facts[1].citations is a str, not a sequence",
    ]


def test_records_read_like_the_model_and_are_read_only(cache):
    fresh, cached = fresh_and_cached(bundled_banks()["khasham"], cache)
    assert cached.bank == to_records(fresh.bank.model_dump())
    timed = next(f for f in cached.bank.facts if f.when is not None)
    assert timed.when.date == fresh.fact(timed.id).when.date
    assert hash(timed.when) == hash(to_records(fresh.fact(timed.id).when.model_dump()))
    with pytest.raises(AttributeError, match="read-only"):
        timed.statement = "changed"
    with pytest.raises(AttributeError, match="read-only"):
        del cached.bank.settings.distractors
    with pytest.raises(TypeError):
        hash(timed)  # a fact holds lists, as the frozen model does


def test_an_edited_bank_is_validated_again(tmp_path, cache):
    path = bank_file(tmp_path / "b")
    load_bank(path, cache)
    path.write_text(GOOD.replace('title = "Tiny"', "title = 3"))
    with pytest.raises(BankError, match='expected text: write it in quotes, "3"'):
        load_bank(path, cache)
    path.write_text(GOOD.replace('title = "Tiny"', 'title = "Renamed"'))
    assert load_bank(path, cache).bank.title == "Renamed"
    assert len(entries(cache.folder)) == 2


def test_source_texts_are_read_afresh_on_a_hit(tmp_path, cache):
    path = bank_file(tmp_path / "b")
    load_bank(path, cache)
    (path.parent / "source.txt").write_text("[1] One is a number, and more.\n")
    assert load_bank(path, cache).source_texts["src"] == "[1] One is a number, and more.\n"
    (path.parent / "source.txt").unlink()
    with pytest.raises(BankError) as raised:
        load_bank(path, cache)
    (problem,) = raised.value.problems
    assert (problem.line, "no such file") == (8, "no such file") and "no such file" in problem.message


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="torn"),
        pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 1]), id="flipped-bit"),
        pytest.param(lambda data: b"\0" * len(data), id="zeros"),
    ],
)
def test_a_spoilt_entry_is_a_miss_and_is_replaced(tmp_path, cache, spoil):
    path = bank_file(tmp_path / "b")
    load_bank(path, cache)
    (entry,) = entries(cache.folder)
    entry.write_bytes(spoil(entry.read_bytes()))
    assert type(load_bank(path, cache).bank).__name__ == "Bank"  # validated afresh
    assert isinstance(load_bank(path, cache).bank, Record)  # and kept again


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    path = bank_file(tmp_path / "b")
    assert load_bank(path, BankCache(blocked)).bank.title == "Tiny"
    assert load_bank(path, BankCache(blocked / "inside")).bank.title == "Tiny"
    assert blocked.read_text() == "a file where the folder should be"


def test_the_least_recently_used_entries_go(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 3)
    paths = [bank_file(tmp_path / f"b{n}", GOOD.replace("Tiny", f"Tiny {n}")) for n in range(5)]
    for path in paths[:3]:
        load_bank(path, cache)
    for second, entry in enumerate(entries(cache.folder), start=1):
        os.utime(entry, (second, second))  # long ago, whatever the clock's grain
    load_bank(paths[0], cache)  # a hit: now the most recently used
    for path in paths[3:]:
        load_bank(path, cache)
    assert len(entries(cache.folder)) == 3 and not list(cache.folder.glob(".*"))
    assert [n for n, p in enumerate(paths) if cache.get(p.read_text()) is not None] == [0, 3, 4]


# What the app does up to its first feedback screen.
def test_a_write_cut_short_leaves_no_entry_and_its_leftover_goes_later(tmp_path, cache):
    cache.folder.mkdir()
    old, fresh = cache.folder / ".killed-long-ago.tmp", cache.folder / ".being-written.tmp"
    old.write_bytes(b"half an entry")
    fresh.write_bytes(b"half an entry")
    os.utime(old, (1, 1))
    path = bank_file(tmp_path / "b")
    assert isinstance(load_bank(path, cache).bank, BaseModel)  # the leftovers are no entry
    assert not old.exists() and fresh.exists()  # another process may still be writing the fresh one
    assert isinstance(load_bank(path, cache).bank, Record)


def test_entries_are_kept_to_a_total_size_but_the_newest_always(tmp_path, cache, monkeypatch):
    paths = [bank_file(tmp_path / f"b{n}", GOOD.replace("Tiny", f"Tiny {n}")) for n in range(3)]
    load_bank(paths[0], cache)
    (entry,) = entries(cache.folder)
    monkeypatch.setattr(cache_module, "MAX_TOTAL_BYTES", entry.stat().st_size * 2 - 1)
    os.utime(entry, (1, 1))
    load_bank(paths[1], cache)
    assert [n for n, p in enumerate(paths) if cache.get(p.read_text()) is not None] == [1]
    monkeypatch.setattr(cache_module, "MAX_TOTAL_BYTES", 1)
    load_bank(paths[2], cache)
    assert [n for n, p in enumerate(paths) if cache.get(p.read_text()) is not None] == [2]


HIT_SCRIPT = """
import sys
import trainer.tui.app, trainer.tui.screens.question, trainer.tui.screens.feedback
from trainer.bank.loading import load_banks
from trainer.paths import bank_cache
from trainer.progress.store import ProgressStore
from trainer.study.session import StudySession
banks = load_banks(["khasham"], bank_cache())
with ProgressStore.open(sys.argv[1]) as store:
    session = StudySession(banks, store, seed=1)
    session.answer(session.current.answer, 1000)
print(type(banks[0].bank).__name__, "pydantic" in sys.modules)
"""


def test_studying_a_cached_bank_never_loads_pydantic(tmp_path):
    env = {**os.environ, "TRAINER_CACHE_DIR": str(tmp_path / "cache")}
    argv = [sys.executable, "-c", HIT_SCRIPT, str(tmp_path / "progress.toml")]
    first, second = (
        subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60) for _ in range(2)
    )
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.split() == ["Bank", "True"]  # a miss validates with pydantic
    assert second.stdout.split() == ["Record", "False"]
