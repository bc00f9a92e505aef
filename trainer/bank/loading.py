"""Reading a bank file: bytes -> text -> TOML -> the bank, with every failure a `Problem` at its
FILE:LINE:COLUMN. Nothing here raises anything but `BankError` for bad input.

Given a `BankCache`, a bank whose text was validated before is taken from it, and pydantic is not loaded.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from trainer import paths
from trainer.bank.cache import BankCache
from trainer.bank.files import Refused, read_bank_text, read_source
from trainer.bank.loaded import LoadedBank
from trainer.bank.positions import TomlPositions
from trainer.bank.problems import BankError, Problem, display_path, format_key_path
from trainer.gc_pause import without_cycle_collection


@without_cycle_collection()
def load_bank(path: str | os.PathLike[str], cache: BankCache | None = None) -> LoadedBank:
    """Read, parse and schema-check one bank file and read its source texts. Raises `BankError`."""
    path = Path(path)
    file = display_path(path)
    text = read_bank_text(path, file)
    positions = TomlPositions(text)
    bank = cache.get(text) if cache is not None else None
    if bank is None:
        from trainer.bank.schema_check import parse_bank

        bank = parse_bank(text, positions, file)
        if cache is not None:
            cache.put(text, bank)
    problems: list[Problem] = []
    source_texts = {}
    for i, source in enumerate(bank.sources):
        if source.text_file is None:
            continue
        try:
            source_texts[source.id] = read_source(path.parent, source.text_file)
        except Refused as refused:
            where = ("sources", i, "text_file")
            line, col = positions.find(where)
            problems.append(Problem(file, line, col, "error", str(refused), format_key_path(where)))
    if problems:
        raise BankError(problems)
    derived = cache.derived(text) if cache is not None else None
    return LoadedBank(bank, path, source_texts, positions, derived)


def locate(name: str) -> Path:
    """A bundled bank's name or a bank path, as a bank file; a bare word that names neither is a
    `BankError` that lists the bundled banks."""
    path = paths.resolve_bank(name)
    bare_word = not any(c in name for c in ("/", os.sep, "."))
    if bare_word and not path.exists() and not path.is_symlink():
        bundled = ", ".join(paths.bundled_banks()) or "none"
        message = f"no bundled bank or file named {name!r} (bundled banks: {bundled})"
        raise BankError([Problem(name, 1, 1, "error", message)])
    return path


def load_banks(names: Sequence[str], cache: BankCache | None = None) -> list[LoadedBank]:
    """Bundled bank names or bank paths (none: every bundled bank), each file once; one `BankError` for
    all their problems."""
    banks, problems, seen = [], [], set()
    for name in names or list(paths.bundled_banks()):
        try:
            path = locate(name)
            if path.resolve() in seen:
                continue
            banks.append(load_bank(path, cache))
            seen.add(path.resolve())
        except BankError as exc:
            problems.extend(exc.problems)
    problems.extend(shared_ids(banks))
    if problems:
        raise BankError(problems)
    return banks


def shared_ids(banks: Sequence[LoadedBank]) -> list[Problem]:
    """Banks studied together need ids of their own: progress is kept by bank id."""
    first: dict[str, LoadedBank] = {}
    problems = []
    for loaded in banks:
        other = first.setdefault(loaded.id, loaded)
        if other is not loaded:
            line, col = loaded.position("id")
            message = (
                f"bank id `{loaded.id}` is also the id of '{display_path(other.path)}'; "
                "progress is kept by bank id"
            )
            problems.append(Problem(display_path(loaded.path), line, col, "error", message, "id"))
    return problems
