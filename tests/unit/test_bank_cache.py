"""The cache of validated banks: a hit asks exactly the questions a fresh load asks, never loads pydantic,
and anything wrong with the cache (a changed bank, a torn or damaged entry, a folder that cannot be
written) costs only a fresh validation."""

from __future__ import annotations

import collections.abc
import hashlib
import json
import marshal
import os
import stat
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest
from factories import write_bank
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from test_loading import GOOD, bank_file

from trainer.bank import cache as cache_module
from trainer.bank import shapes
from trainer.bank.cache import BankCache
from trainer.bank.cached_records import Record, to_records
from trainer.bank.loading import load_bank
from trainer.bank.problems import BankError
from trainer.bank.validation import validate
from trainer.paths import bank_cache, bundled_banks
from trainer.questions.generate import generate

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "solar-system" / "bank.toml"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bank"))


@pytest.fixture
def cache(tmp_path: Path) -> BankCache:
    return BankCache(tmp_path / "cache", tmp_path / "data" / "bank-cache.key")


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
    key = tmp_path / "data" / "bank-cache.key"
    assert load_bank(path, BankCache(blocked, key)).bank.title == "Tiny"
    assert load_bank(path, BankCache(blocked / "inside", key)).bank.title == "Tiny"
    assert load_bank(path, BankCache(tmp_path / "cache", blocked / "key")).bank.title == "Tiny"
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
    old, fresh = cache.folder / ".trainer-bank-killed.tmp", cache.folder / ".trainer-bank-writing.tmp"
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


# Hostile caches (issue 12): the cache deletes only its own entries, and a malformed or forged entry is a miss.


def test_a_shared_cache_folder_loses_nothing_the_cache_did_not_write(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    outside = tmp_path / "precious.txt"
    outside.write_text("mine")
    theirs = {
        "notes.txt": "a note",
        "report.bank": "a file of another program",
        ".hidden.tmp": "another program's temporary file",
        "0" * 40 + ".bank": "someone's file, in the folder above the cache's own",
    }
    for name, content in theirs.items():
        (shared / name).write_text(content)
        os.utime(shared / name, (1, 1))
    monkeypatch.setenv("TRAINER_CACHE_DIR", str(shared))
    cache = bank_cache()
    assert cache.folder == shared / "banks"
    cache.folder.mkdir()
    (cache.folder / "other.bank").write_text("not an entry's name")
    (cache.folder / ".old.tmp").write_text("not our temporary file's name")
    (cache.folder / ("1" * 40 + ".bank")).symlink_to(outside)  # an entry's name, but a link
    (cache.folder / ("2" * 40 + ".bank")).mkdir()  # an entry's name, but a folder
    for entry in cache.folder.iterdir():
        os.utime(entry, (1, 1), follow_symlinks=False)
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 1)
    for n in range(3):
        load_bank(bank_file(tmp_path / f"b{n}", GOOD.replace("Tiny", f"Tiny {n}")), cache)
    assert {p.name: p.read_text() for p in shared.iterdir() if p.is_file()} == theirs
    assert outside.read_text() == "mine"
    planted = {"other.bank", ".old.tmp", "1" * 40 + ".bank", "2" * 40 + ".bank"}
    last = _entry(cache, tmp_path / "b2" / "bank.toml").name  # the newest entry, the one kept
    assert {p.name for p in cache.folder.iterdir()} == planted | {last}
    assert (cache.folder / "other.bank").read_text() == "not an entry's name"


def _entry(cache: BankCache, path: Path) -> Path:
    return cache.folder / (cache_module._key(path.read_text()) + ".bank")


def _signed(cache: BankCache, path: Path, payload: bytes) -> bytes:
    """An entry as only the key's holder can write it."""
    assert cache._secret is not None
    return cache_module._mac(cache._secret, cache_module._key(path.read_text()), payload) + payload


@pytest.mark.parametrize(
    "dump",
    [
        pytest.param([1, 2], id="a-list"),
        pytest.param({"facts": (1, 2)}, id="a-tuple"),
        pytest.param({"facts": {1, 2}}, id="a-set"),
        pytest.param({1: "x"}, id="a-number-key"),
        pytest.param({"facts": b"bytes"}, id="bytes"),
        pytest.param({"code": compile("1", "x", "eval")}, id="code"),
        # Deep in the tables, where the conversion meets them only after converting what came before.
        pytest.param({"title": "T", "facts": [{"id": "a"}, {"id": "b", "tags": [b"x"]}]}, id="deep-bytes"),
        pytest.param({"facts": [{"id": "a", "when": {2: "x"}}]}, id="deep-number-key"),
        pytest.param({"facts": [[{"id": ("a",)}]]}, id="deep-tuple"),
    ],
)
def test_an_entry_of_the_wrong_types_is_a_miss_even_when_signed(tmp_path, cache, dump):
    path = bank_file(tmp_path / "b")
    load_bank(path, cache)
    _entry(cache, path).write_bytes(_signed(cache, path, marshal.dumps(dump)))
    assert cache.get(path.read_text()) is None
    assert load_bank(path, cache).bank.title == "Tiny"  # validated afresh, and kept again
    assert isinstance(load_bank(path, cache).bank, Record)


def test_a_forged_entry_of_the_right_shape_is_a_miss(tmp_path, cache):
    """Unkeyed (the old format's digest), or another bank's signed entry copied under this bank's name:
    either would show other questions for an unchanged bank."""
    path = bank_file(tmp_path / "b")
    other = bank_file(tmp_path / "o", GOOD.replace('title = "Tiny"', 'title = "Forged"'))
    load_bank(path, cache)
    load_bank(other, cache)
    payload = marshal.dumps(load_bank(other).bank.model_dump())
    _entry(cache, path).write_bytes(hashlib.blake2b(payload, digest_size=32).digest() + payload)
    assert cache.get(path.read_text()) is None
    _entry(cache, path).write_bytes(_entry(cache, other).read_bytes())
    assert cache.get(path.read_text()) is None
    assert load_bank(path, cache).bank.title == "Tiny"


def test_the_key_is_private_and_a_bad_one_is_replaced_or_refused(tmp_path):
    path = bank_file(tmp_path / "b")
    key = tmp_path / "data" / "bank-cache.key"
    first = BankCache(tmp_path / "cache", key)
    load_bank(path, first)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
    assert isinstance(load_bank(path, BankCache(tmp_path / "cache", key)).bank, Record)  # same key: a hit
    key.chmod(0o644)  # readable by others: no longer a secret
    assert type(load_bank(path, BankCache(tmp_path / "cache", key)).bank).__name__ == "Bank"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"k" * 32)
    elsewhere.chmod(0o600)
    key.unlink()
    key.symlink_to(elsewhere)  # never followed: the link is replaced by a key of our own
    assert type(load_bank(path, BankCache(tmp_path / "cache", key)).bank).__name__ == "Bank"
    assert not key.is_symlink() and key.read_bytes() != b"k" * 32 and elsewhere.read_bytes() == b"k" * 32


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_under_an_entrys_name_is_a_miss_not_a_hang(tmp_path, cache):
    path = bank_file(tmp_path / "b")
    load_bank(path, cache)
    entry = _entry(cache, path)
    entry.unlink()
    os.mkfifo(entry)
    assert cache.get(path.read_text()) is None


@settings(
    max_examples=min(settings.default.max_examples, 100),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.binary(max_size=300), signed=st.booleans())
def test_any_bytes_in_an_entry_are_a_miss_or_a_bank(tmp_path, data, signed):
    cache = BankCache(tmp_path / "fuzz-cache", tmp_path / "data" / "bank-cache.key")
    path = tmp_path / "fuzz" / "bank.toml"
    if not path.exists():
        path = bank_file(tmp_path / "fuzz")
        load_bank(path, cache)
    _entry(cache, path).write_bytes(_signed(cache, path, data) if signed else data)
    assert load_bank(path, cache).bank.title == "Tiny"
