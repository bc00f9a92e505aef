"""The main progress file: a header, an `[[item]]` snapshot, then an append-only journal of `[[review]]`s.

    schema = 1                 <- checked first, so a newer file is refused even if the rest is unreadable
    learner = "Ann"
    history_parts = 3          <- parts 1..3 of progress.history/ hold the answers compacted so far
    [[flag]] ...               <- questions the learner flagged as wrong (none in most files)
    [[item]] ...               <- every item's state as of the start of the journal
    # journal: ...             <- JOURNAL_MARKER
    [[review]] ... # end       <- one entry per answer, each carrying the item's state after it

Appending a `[[review]]` table keeps the file valid TOML, so the whole file parses in one `tomlread.loads`.
An unfinished last entry (no `# end` line, the file ends inside it) is a torn write, not corruption: it is
left out when loading, and cut off (after a copy to `.torn`) by the next writer, which holds the lock.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import tomli_w
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from trainer import tomlread
from trainer.gc_pause import without_cycle_collection
from trainer.progress import toml_tables, tomlfmt
from trainer.progress.errors import ProgressError
from trainer.progress.model import Flag, ItemProgress, PersonalParameters, Review
from trainer.progress.tally import state_before
from trainer.questions.model import ItemKey

SCHEMA = 1
_T = TypeVar("_T")
MAX_BYTES = 256 * 1024 * 1024
"""A larger progress file (or history part) is refused unread: a snapshot of 10,000 items is about 4 MB."""
JOURNAL_MARKER = (
    b"# journal: one [[review]] per answer, appended as it is given; each ends with the line `# end`.\n"
)
_ENTRY_END = b"\n" + toml_tables.ENTRY_END.encode()
_ENTRY_START = toml_tables.REVIEW_HEADER.encode()
_SCHEMA_LINE = re.compile(rb"^schema\s*=\s*(\d+)[ \t]*(?:#.*)?$", re.MULTILINE)


@dataclass
class Contents:
    schema: int = SCHEMA
    learner: str | None = None
    history_parts: int = 0
    fsrs: PersonalParameters | None = None
    """The learner's own FSRS parameters; None: the defaults."""
    items: dict[ItemKey, ItemProgress] = field(default_factory=dict)
    """As of the end of the journal (snapshot with the journal applied)."""
    flags: dict[ItemKey, Flag] = field(default_factory=dict)
    journal: list[Review] = field(default_factory=list)
    before: list[int] = field(default_factory=list)
    """Each journal entry's item state before it (0: new), as its history line and the tally keep it."""
    end: int = 0
    """Offset just after the last complete entry (or the marker): where the next entry goes."""
    last_entry: bytes = JOURNAL_MARKER
    """The bytes just before `end`, to check on the next write that nobody rewrote what we read."""
    lines: int = 0
    """Newlines before `end`, for error line numbers in text appended later."""
    torn: bool = False
    """Bytes after `end` that are an unfinished entry."""


def history_dir(path: Path) -> Path:
    return path.with_name(path.stem + ".history")


def render(contents: Contents, path: Path) -> bytes:
    """The whole file for a fresh snapshot (items as they stand, empty journal)."""
    head = [
        "# trainer progress: the state of every item you have studied, and your answers since the last",
        f"# compaction; older answers are in {history_dir(path).name}/. Times are UTC. Edit with care.",
        f"schema = {SCHEMA}",
    ]
    if contents.learner is not None:
        head.append(f"learner = {tomlfmt.string(contents.learner)}")
    head.append(f"history_parts = {contents.history_parts}")
    if contents.fsrs is not None:
        head.append("\n" + _FSRS_COMMENT + tomli_w.dumps({"fsrs": _fsrs_table(contents.fsrs)}).rstrip("\n"))
    flags = "".join(toml_tables.format_flag(flag) + "\n" for flag in contents.flags.values())
    items = "".join(toml_tables.format_item(item) + "\n" for item in contents.items.values())
    return ("\n".join(head) + "\n\n" + flags + items).encode() + JOURNAL_MARKER


@without_cycle_collection()  # a record or two per item, and the parsed tables: no cycles among them
def parse(path: Path, data: bytes) -> Contents:
    """Read a whole main file; `ProgressError` (with the line) for anything but a torn last entry."""
    _check_schema_line(path, data)
    marker = data.find(b"\n" + JOURNAL_MARKER)
    if marker == -1:
        # A syntax error or a missing schema, if there is one, says more (e.g. where the file was cut).
        _read_header(path, data, toml_doc(path, data, 0), Contents())
        raise ProgressError(
            path, _line(data, len(data)), "the file ends before its journal line (truncated?)"
        )
    start = marker + 1 + len(JOURNAL_MARKER)
    entries, end, torn = scan(path, data, start, 0)
    doc = toml_doc(path, data[:end], 0)
    contents = Contents(end=end, lines=data.count(b"\n", 0, end), torn=torn)
    contents.last_entry = data[entries[-1][0] if entries else marker + 1 : end]
    _read_header(path, data, doc, contents)
    _read_items(path, data, doc.get("item", []), contents.items)
    _read_flags(path, data, doc.get("flag", []), contents.flags)
    contents.journal = _reviews(path, data, doc.get("review", []), entries)
    for review in contents.journal:
        contents.before.append(state_before(toml_tables.apply(contents.items, review)))
    return contents


@dataclass
class Appended:
    reviews: list[Review]
    length: int
    """Of the complete entries (and blank lines) at the start of the text."""
    last_entry: bytes | None
    torn: bool


def parse_appended(path: Path, text: bytes, lines: int) -> Appended:
    """Entries another writer appended: `text` is the file from our end on, which is line `lines` + 1."""
    entries, end, torn = scan(path, text, 0, lines)
    doc = toml_doc(path, text[:end], lines)
    reviews = _reviews(path, text, doc.get("review", []), entries, lines)
    return Appended(reviews, end, text[entries[-1][0] : end] if entries else None, torn)


def scan(path: Path, data: bytes, pos: int, lines: int) -> tuple[list[tuple[int, int]], int, bool]:
    """Split a journal into entries; return their spans, where the complete ones end, and if one is torn."""
    entries = []
    while pos < len(data):
        if data[pos] == 0x0A:  # blank lines between entries are harmless
            pos += 1
            continue
        end = data.find(_ENTRY_END, pos)
        if end == -1:
            break
        if not data.startswith(_ENTRY_START, pos):
            raise _error(path, data, pos, lines, "expected a [[review]] entry here")
        end += len(_ENTRY_END)
        entries.append((pos, end))
        pos = end
    tail = data[pos:]
    if tail and not _torn(tail):
        raise _error(path, data, pos, lines, "expected a [[review]] entry ending with `# end` here")
    return entries, pos, bool(tail)


def _torn(tail: bytes) -> bool:
    """An entry cut short by a crash: a prefix of an entry, or the zeros a crash can leave after one."""
    return tail.startswith(_ENTRY_START) or _ENTRY_START.startswith(tail) or not tail.strip(b"\0")


def _check_schema_line(path: Path, data: bytes) -> None:
    head = data[: data.find(b"[")] if b"[" in data else data
    match = _SCHEMA_LINE.search(head)
    if match and int(match[1]) > SCHEMA:
        raise ProgressError(
            path,
            _line(data, match.start()),
            f"this progress file has schema {int(match[1])}, newer than this version of trainer reads "
            f"({SCHEMA})",
            hint="The file was left untouched: run a newer trainer, or use --progress to study from another file.",
        )


def toml_doc(path: Path, data: bytes, lines: int) -> dict:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _error(path, data, error.start, lines, "not UTF-8 text") from None
    try:
        return tomlread.loads(text, toml_version="1.0.0")
    except tomlread.TooDeep as error:
        raise ProgressError(path, lines + error.line, error.message) from None
    except tomlread.TomlError as error:
        raise ProgressError(path, lines + error.line, f"not valid TOML: {error.message}") from None


def _read_header(path: Path, data: bytes, doc: dict, contents: Contents) -> None:
    schema = doc.get("schema")
    if schema != SCHEMA or isinstance(schema, bool):
        found = "no `schema = 1` line" if schema is None else f"unknown schema {schema!r}"
        raise ProgressError(path, 1, f"{found}: this does not look like a trainer progress file")
    learner = doc.get("learner")
    parts = doc.get("history_parts", 0)
    if learner is not None and not isinstance(learner, str):
        raise ProgressError(path, _key_line(data, b"learner"), "`learner` should be a string")
    if not isinstance(parts, int) or isinstance(parts, bool) or parts < 0:
        raise ProgressError(path, _key_line(data, b"history_parts"), "`history_parts` should be a count")
    contents.learner, contents.history_parts = learner, parts
    if "fsrs" in doc:
        contents.fsrs = _read_fsrs(path, data, doc["fsrs"])


_FSRS_COMMENT = (
    "# Your own FSRS parameters, from `trainer optimize`; `trainer optimize --reset` removes them.\n"
)


def _fsrs_table(fit: PersonalParameters) -> dict[str, object]:
    return {
        "parameters": list(fit.parameters),
        "fitted_at": fit.fitted_at,
        "answers": fit.answers,
        "training_items": fit.training_items,
        "log_loss": {"default": fit.default_log_loss, "fitted": fit.fitted_log_loss},
        "rmse_bins": {"default": fit.default_rmse_bins, "fitted": fit.fitted_rmse_bins},
    }


def _read_fsrs(path: Path, data: bytes, table: object) -> PersonalParameters:
    match = re.search(rb"^\[fsrs\]", data, re.MULTILINE)
    line = _line(data, match.start()) if match else None
    try:
        if not isinstance(table, dict):
            raise ValueError("`fsrs` should be a table")
        parameters = table["parameters"]
        if not isinstance(parameters, list) or len(parameters) != len(LOWER_BOUNDS_PARAMETERS):
            raise ValueError(f"`parameters` should be a list of {len(LOWER_BOUNDS_PARAMETERS)} numbers")
        bounds = zip(LOWER_BOUNDS_PARAMETERS, parameters, UPPER_BOUNDS_PARAMETERS, strict=True)
        if not all(isinstance(x, float) and low <= x <= high for low, x, high in bounds):
            raise ValueError("`parameters` should be numbers within FSRS-6's bounds")
        fitted_at = table["fitted_at"]
        if not isinstance(fitted_at, datetime) or fitted_at.tzinfo is None:
            raise ValueError("`fitted_at` should be a date-time with its offset")
        counts = [table["answers"], table["training_items"]]
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts):
            raise ValueError("`answers` and `training_items` should be counts")
        scores = [table[name][which] for name in ("log_loss", "rmse_bins") for which in ("default", "fitted")]
        if not all(isinstance(x, float) and math.isfinite(x) and x >= 0 for x in scores):
            raise ValueError("`log_loss` and `rmse_bins` should hold finite numbers")
    except (KeyError, TypeError) as error:
        raise ProgressError(path, line, f"fsrs: missing or malformed {error}") from None
    except ValueError as error:
        raise ProgressError(path, line, f"fsrs: {error}") from None
    return PersonalParameters(tuple(parameters), fitted_at.astimezone(UTC), counts[0], counts[1], *scores)


def _read_items(path: Path, data: bytes, tables: list, items: dict[ItemKey, ItemProgress]) -> None:
    for index, item in enumerate(_tables(path, data, tables, "item", toml_tables.parse_item)):
        if item.key in items:
            raise ProgressError(path, nth_line(data, b"[[item]]", index), f"item {item.key} appears twice")
        items[item.key] = item


def _read_flags(path: Path, data: bytes, tables: list, flags: dict[ItemKey, Flag]) -> None:
    for flag in _tables(path, data, tables, "flag", toml_tables.parse_flag):
        flags[flag.key] = flag  # a later flag on the same question replaces an earlier one


def _tables(path: Path, data: bytes, tables: list, name: str, parse: Callable[[dict], _T]) -> Iterator[_T]:
    """Each `[[name]]` table parsed; `ProgressError` at the table's line for one that does not."""
    for index, table in enumerate(tables):
        try:
            yield parse(table)
        except toml_tables.BadRecord as error:
            raise ProgressError(
                path, nth_line(data, f"[[{name}]]".encode(), index), f"{name}: {error}"
            ) from None


def _reviews(
    path: Path, data: bytes, tables: list, entries: list[tuple[int, int]], lines: int = 0
) -> list[Review]:
    if len(tables) != len(entries):
        first = entries[0][0] if entries else 0
        raise _error(path, data, first, lines, "journal entries are not one [[review]] each")
    out = []
    for table, (start, _end) in zip(tables, entries, strict=True):
        try:
            out.append(toml_tables.parse_review(table))
        except toml_tables.BadRecord as error:
            raise _error(path, data, start, lines, f"review: {error}") from None
    return out


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _error(path: Path, data: bytes, offset: int, lines: int, message: str) -> ProgressError:
    return ProgressError(path, lines + _line(data, offset), message)


def nth_line(data: bytes, line: bytes, index: int) -> int:
    offset = -1
    for _ in range(index + 1):
        offset = data.find(b"\n" + line + b"\n", offset + 1)
    return _line(data, offset + 1)


def _key_line(data: bytes, key: bytes) -> int | None:
    match = re.search(rb"^" + key + rb"\s*=", data, re.MULTILINE)
    return _line(data, match.start()) if match else None
