"""Parsing a bank's text into the pydantic model, each failure a `Problem` at its FILE:LINE:COLUMN.

This is the only part of loading that needs pydantic (slow to import and to build the models, against the
app's start; benchmarks/bench_app.py), so it is imported only when a bank is not in the cache of validated
banks (`trainer.bank.cache`).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterable
from typing import Any

import toml_rs
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from trainer.bank import models
from trainer.bank.files import MAX_NESTING, nested_too_deep
from trainer.bank.models import Bank
from trainer.bank.positions import TomlPositions
from trainer.bank.problems import BankError, KeyPath, Problem, format_key_path


def parse_bank(text: str, positions: TomlPositions, file: str) -> Bank:
    """The bank model of a bank file's text; raises `BankError` for bad TOML or a bank that does not fit
    the format."""
    if nested_too_deep(text):
        message = f"arrays or tables nested more than {MAX_NESTING} deep"
        raise BankError([Problem(file, 1, 1, "error", message)])
    try:
        data = toml_rs.loads(text)
    except toml_rs.TOMLDecodeError as exc:
        # The message repeats the line with a caret; its last line says what is wrong.
        reason = exc.msg.strip().splitlines()[-1]
        raise BankError([Problem(file, exc.lineno, exc.colno, "error", f"TOML syntax: {reason}")]) from None
    try:
        return Bank.model_validate(data)
    except ValidationError as exc:
        raise BankError(_schema_problems(exc, data, positions, file)) from None


def _pattern(constraints: Iterable[Any]) -> str:
    pattern: str = next(c.pattern for c in constraints if getattr(c, "pattern", None))
    return pattern


# Patterns as the models define them, each with what a teacher should read instead of the regex.
_PATTERN_HINTS = {
    _pattern(
        typing.get_args(models.Id)[1:]
    ): "not a valid id: use lower-case letters, digits, '-', '_' and '.'",
    _pattern(
        typing.get_args(models.Marker)[1:]
    ): 'not a citation marker: write it as the source prints it, e.g. "[38]"',
    _pattern(Bank.model_fields["language"].metadata): "not a language tag: use e.g. en, de or pt-BR",
}


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _union_members(annotation: Any) -> list[Any]:
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [_unwrap(a) for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _follow(
    loc: tuple[str | int, ...],
) -> tuple[KeyPath, type[BaseModel] | None, tuple[KeyPath, bool] | None]:
    """A pydantic error location as a key path, without the branch tags pydantic adds inside a union
    (`items[1].SequenceItem.text` -> `items[1].text`); also the model that owns the last key, and for an
    error inside a union, the union value's path and whether the error is from its table branch."""
    path: list[str | int] = []
    owner: type[BaseModel] | None = None
    branch: tuple[KeyPath, bool] | None = None
    current: Any = Bank
    for part in loc:
        members = _union_members(current)
        if isinstance(part, int):
            path.append(part)
            current = typing.get_args(members[0])[0] if typing.get_args(members[0]) else None
            continue
        if len(members) > 1:  # a union branch tag, not a key
            chosen = next((m for m in members if _is_model(m) and m.__name__ == part), None)
            branch = (tuple(path), chosen is not None)
            current = chosen
            continue
        model = members[0] if _is_model(members[0]) else None
        owner = model
        path.append(part)
        field = model.model_fields.get(part) if model else None
        current = field.annotation if field else None
    return tuple(path), owner, branch


def _lookup(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _schema_problems(exc: ValidationError, data: dict, positions: TomlPositions, file: str) -> list[Problem]:
    errors = []
    for error in exc.errors():
        path, owner, branch = _follow(error["loc"])
        if branch is not None:
            # A value that may be text or a table: report only the errors of the form the teacher wrote.
            union_path, from_table = branch
            if from_table != isinstance(_lookup(data, union_path), dict):
                continue
        errors.append((error, path, owner, _suggest(error, path, owner)))
    # `qoute = ...` makes `quote` missing too: the "did you mean" line says both.
    suggested = {(*path[:-1], hint) for _, path, _, hint in errors if hint}
    problems = {}
    for error, path, owner, hint in errors:
        if error["type"] == "missing" and path in suggested:
            continue
        message, where, key = _describe(error, path, owner, hint)
        line, col = positions.find(where, key=key)
        problem = Problem(file, line, col, "error", message, format_key_path(path))
        problems[(problem.line, problem.column, problem.message)] = problem
    return list(problems.values())


def _suggest(error: ErrorDetails, path: KeyPath, owner: type[BaseModel] | None) -> str | None:
    """For an unknown key, the known key of that table it most likely misspells."""
    if error["type"] != "extra_forbidden" or owner is None or not path:
        return None
    import difflib  # only a bank with a typo pays for it

    close = difflib.get_close_matches(str(path[-1]), list(owner.model_fields), n=1, cutoff=0.6)
    return close[0] if close else None


def _describe(
    error: ErrorDetails, path: KeyPath, owner: type[BaseModel] | None, suggestion: str | None
) -> tuple[str, KeyPath, bool]:
    """The message for one schema error, the key path to point at, and whether at the key (not value)."""
    kind, given = error["type"], error.get("input")
    name = path[-1] if path else ""
    if kind == "missing":
        return f"missing required key `{name}`", path[:-1], False
    if kind == "extra_forbidden":
        if suggestion:
            return f"unknown key `{name}` (did you mean `{suggestion}`?)", path, True
        known = ", ".join(owner.model_fields) if owner else ""
        return f"unknown key `{name}`" + (f"; known keys: {known}" if known else ""), path, True
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(error.get("ctx", {}).get("pattern", ""))
        if hint:
            return f"{hint} (got {given!r})", path, False
    if kind == "literal_error" and path == ("format",):
        return f"unknown bank format {given!r}: this version of trainer reads format 1", path, False
    if kind == "string_type" and isinstance(given, (int, float, dt.date, dt.time)):
        # As the teacher wrote it: TOML's `true` and `2018-02-07T10:00:00`, not Python's.
        shown = given.isoformat() if isinstance(given, (dt.date, dt.time)) else given
        shown = str(shown).lower() if isinstance(given, bool) else shown
        return f'expected text: write it in quotes, "{shown}"', path, False
    message = error["msg"].removeprefix("Value error, ").replace(" after validation", "")
    message = message[:1].lower() + message[1:]
    if isinstance(given, (str, int, float, bool)):
        shown = repr(given) if len(repr(given)) <= 60 else repr(given)[:57] + "..."
        message += f" (got {shown})"
    return message, path, False
