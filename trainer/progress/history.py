"""Older answers, moved out of the main file at compaction: `progress.history/00001.toml`, `00002.toml`, ...

A part is text a person can read: a TOML head (its number, the span of its answers, their tally per UTC
quarter hour, the items they answer), then one line per answer (`format_line`). The head alone is enough for
the statistics (`read_tally`); the answers are read a part at a time. Parts written before this layout
(`schema = 1`, one `[[review]]` table per answer, as in the journal) are still read as they are.

Each part is written atomically before the main file that counts it (`history_parts = N`) replaces the
old one, and rewritten only to take back an undone answer. A part numbered above that count is the leftover
of an interrupted compaction: it is ignored, and the next compaction writes over it, but only if every
answer in it is among those it writes (else it may be answers a restored or recreated main file does not
count, and compaction stops with an error). So a crash at any point neither loses nor duplicates an answer,
and no write replaces a part with less.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import chain
from pathlib import Path

from trainer.progress import toml_tables, tomlfmt
from trainer.progress.errors import ProgressError
from trainer.progress.fileio import atomic_write, make_dirs
from trainer.progress.mainfile import MAX_BYTES, history_dir, nth_line, toml_doc
from trainer.progress.model import CardState, Review
from trainer.progress.tally import Tally, quarter, quarter_start, replayed
from trainer.questions.model import ItemKey
from trainer.readfile import Unusable, open_regular, read_regular
from trainer.study.clock import EARLIEST, LATEST

LINES = 2
"""The `schema` of a part of answer lines; 1 is a part of `[[review]]` tables."""
FIELDS = (
    "time", "item", "rating", "correct", "score", "duration_ms", "before", "state", "due", "practice", "seed",
    "response",
)  # fmt: skip
_ANSWERS_LINE = "# answers: " + "\t".join(FIELDS)
_ANSWERS_AT = re.compile(rb"^# answers: ", re.MULTILINE)
_ITEMS_AT = re.compile(rb"^items = \[", re.MULTILINE)
_HEAD_BYTES = 1 << 16
_parse_time = datetime.fromisoformat


def part_path(main: Path, number: int) -> Path:
    return history_dir(main) / f"{number:05d}.toml"


def archived(review: Review) -> Review:
    """`review` as a part keeps it: of the card after it, only its state and due date (what readers use; the
    item's whole card is in the snapshot)."""
    after = review.after
    if (
        after.step is None
        and after.stability is None
        and after.difficulty is None
        and after.last_review is None
    ):
        return review
    return replace(review, after=CardState(after.state, None, None, None, after.due, None))


def write_part(main: Path, number: int, reviews: list[Review], before: Sequence[int] | None = None) -> None:
    """A new part; an existing one is replaced only if it holds none but these answers (`ProgressError`).
    `before`: each answer's item state before it (default: replayed from these answers alone)."""
    check_replaceable(main, number, reviews)
    _write(main, number, reviews, replayed(reviews) if before is None else before)


def check_replaceable(main: Path, number: int, reviews: list[Review]) -> None:
    """`ProgressError` if part `number` exists and holds an answer that is not among `reviews`."""
    path = part_path(main, number)
    if (path.exists() or path.is_symlink()) and not set(read_part(main, number)) <= set(
        map(archived, reviews)
    ):
        raise ProgressError(
            path,
            None,
            f"history part {number} already exists and holds answers that {main.name} does not count",
            hint=f"It was left untouched, and so was {main.name}, whose answers are all kept. Move the part "
            "away (keep it: it is your history) and run trainer again.",
        )


def remove_review(main: Path, number: int, review: Review) -> bool:
    """Take the latest answer equal to `review` out of a part (an undo); False if the part has none."""
    reviews, before = read_part_with_states(main, number)
    review = archived(review)
    for index in range(len(reviews) - 1, -1, -1):
        if reviews[index] == review:
            _write(main, number, reviews[:index] + reviews[index + 1 :], before[:index] + before[index + 1 :])
            return True
    return False


def _write(main: Path, number: int, reviews: Sequence[Review], before: Sequence[int]) -> None:
    make_dirs(history_dir(main))
    atomic_write(part_path(main, number), render_part(main, number, reviews, before))


def render_part(main: Path, number: int, reviews: Sequence[Review], before: Sequence[int]) -> bytes:
    """The text of part `number` holding `reviews` (`before`: each one's item state before it)."""
    tally = Tally()
    for review, state in zip(reviews, before, strict=True):
        tally.add(review, state)
    keys: dict[ItemKey, int] = {}
    for review in reviews:
        keys.setdefault(review.key, len(keys))
    head = [
        f"# trainer progress history, part {number}: {len(reviews)} answers moved here from {main.name}.",
        "# Below `# answers:`, one answer a line, its fields (named there) separated by tabs: `item` is its",
        "# place in `items` (from 0), `before` the item's FSRS state before it (0: new), `due` in seconds after",
        "# `time`. `quarters`: per UTC quarter hour, answers, right, reviews of learned items, recalled.",
        f"schema = {LINES}",
        f"part = {number}",
    ]
    if reviews:
        head.append(f"first = {_time(min(r.time for r in reviews))}")
        head.append(f"last = {_time(max(r.time for r in reviews))}")
    head.append("quarters = [")
    head.extend(
        f"  [{_time(quarter_start(q))}, {', '.join(map(str, c))}]," for q, c in sorted(tally.quarters.items())
    )
    head.append("]")
    head.append("items = [")
    head.extend(f"  [{', '.join(map(tomlfmt.string, key))}]," for key in keys)
    head.append("]")
    head.append(_ANSWERS_LINE)
    lines = [format_line(r, keys[r.key], state) for r, state in zip(reviews, before, strict=True)]
    return ("\n".join(head + lines) + "\n").encode()


def format_line(review: Review, item: int, before: int) -> str:
    due = (review.after.due - review.time) // timedelta(microseconds=1)
    score = review.score
    return "\t".join(
        (
            _time(review.time),
            str(item),
            str(review.rating),
            "1" if review.correct else "0",
            "1" if score == 1.0 else "0" if score == 0.0 else repr(float(score)),
            str(review.duration_ms),
            str(before),
            str(review.after.state),
            _seconds(due),
            "1" if review.practice else "",
            "" if review.seed is None else str(review.seed),
            tomlfmt.string(review.response),
        )
    )


def _time(moment: datetime) -> str:
    """`tomlfmt.instant` without trailing zeros in the fraction of a second."""
    text = tomlfmt.instant(moment)
    return text[:-1].rstrip("0").rstrip(".") + "Z" if "." in text else text


def _seconds(micros: int) -> str:
    seconds, fraction = divmod(abs(micros), 1_000_000)
    text = f"{'-' if micros < 0 else ''}{seconds}"
    return f"{text}.{fraction:06d}".rstrip("0") if fraction else text


def latest(main: Path, number: int) -> datetime | None:
    """The time of a part's latest answer, from its head only; None if the head does not say."""
    found = span(main, number)
    return found[1] if found else None


def span(main: Path, number: int) -> tuple[datetime, datetime] | None:
    """The times of a part's first and latest answers, from its head; None if it does not say."""
    try:
        fd, _ = open_regular(part_path(main, number), MAX_BYTES)
    except (OSError, Unusable):
        return None
    try:
        head = os.read(fd, 1024)
    except OSError:
        return None
    finally:
        os.close(fd)
    first, last = _FIRST.search(head), _LAST.search(head)
    if not (first and last):
        return None
    return _parse_time(first[1].decode()), _parse_time(last[1].decode())


_STAMP = rb"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)"
_FIRST = re.compile(rb"^first = " + _STAMP + rb"$", re.MULTILINE)
_LAST = re.compile(rb"^last = " + _STAMP + rb"$", re.MULTILINE)


def read_tally(main: Path, number: int) -> Tally | None:
    """The part's tally from its head alone; None for a part that has none (written before tallies)."""
    path = part_path(main, number)
    data = _read(path, head_only=True)
    at = _ITEMS_AT.search(data)
    if at is None:
        if data.startswith(b"# trainer") and b"\nschema = 1\n" in data[:1024]:
            return None
        data = _read(path)  # a head longer than the first read
        at = _ITEMS_AT.search(data)
        if at is None:
            return None
    doc = toml_doc(path, data[: at.start()], 0)
    _check_head(path, doc, number)
    quarters: dict[int, list[int]] = {}
    for index, row in enumerate(doc.get("quarters", [])):
        if not (
            isinstance(row, list)
            and len(row) == 5
            and isinstance(row[0], datetime)
            and all(type(n) is int and n >= 0 for n in row[1:])
            and row[3] <= row[1]
            and row[2] <= row[1]
            and row[4] <= row[3]
        ):
            raise ProgressError(
                path, nth_line(data, b"quarters = [", 0) + 1 + index, "a malformed quarter", hint=""
            )
        quarters[quarter(row[0])] = row[1:]
    return Tally(quarters)


def read_part(main: Path, number: int) -> list[Review]:
    return read_part_with_states(main, number)[0]


def read_part_with_states(main: Path, number: int) -> tuple[list[Review], list[int]]:
    """A part's answers in the order written, and each one's item state before it."""
    path = part_path(main, number)
    data = _read(path)
    at = _ANSWERS_AT.search(data)
    if at is None:
        reviews = _read_tables(path, data, number)
        return reviews, replayed(reviews)
    doc = toml_doc(path, data[: at.start()], 0)
    _check_head(path, doc, number)
    keys = _keys(path, data, doc.get("items"))
    body = data[data.index(b"\n", at.start()) + 1 :].decode("utf-8", errors="replace")
    first_line = data.count(b"\n", 0, at.start()) + 2
    reviews, before = [], []
    deltas: dict[str, timedelta] = {}
    for offset, line in enumerate(body.splitlines()):
        if not line:
            continue
        try:
            review, state = _parse_line(line, keys, deltas)
        except (ValueError, IndexError, OverflowError) as error:
            message = str(error) if isinstance(error, toml_tables.BadRecord) else "a malformed answer line"
            raise ProgressError(path, first_line + offset, message, hint="") from None
        reviews.append(review)
        before.append(state)
    return reviews, before


def _read(path: Path, head_only: bool = False) -> bytes:
    try:
        if head_only:
            fd, _ = open_regular(path, MAX_BYTES)
            try:
                return os.read(fd, _HEAD_BYTES)
            finally:
                os.close(fd)
        data, _ = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise ProgressError(path, None, "this part of the review history is missing", hint="") from None
    except Unusable as error:
        raise ProgressError(path, None, f"this part of the review history: {error}", hint="") from None
    except OSError as error:
        raise ProgressError(
            path, None, f"cannot read this part of the history: {error.strerror}", hint=""
        ) from None
    return data


def _check_head(path: Path, doc: dict, number: int) -> None:
    if doc.get("schema") != LINES:
        raise ProgressError(path, 1, f"expected `schema = {LINES}` in this history file", hint="")
    if doc.get("part") != number:
        raise ProgressError(path, 1, f"expected `part = {number}` in this history file", hint="")


def _keys(path: Path, data: bytes, table: object) -> list[ItemKey]:
    if not isinstance(table, list):
        raise ProgressError(path, None, "expected an `items = [...]` list in this history file", hint="")
    # Checked all at once (a part names hundreds of items), row by row only to say which one is wrong.
    if (
        set(map(type, table)) <= {list}
        and set(map(len, table)) <= {3}
        and set(map(type, chain(*table))) <= {str}
    ):
        return [ItemKey(*row) for row in table]
    line = nth_line(data, b"items = [", 0)
    for index, row in enumerate(table):
        if not (isinstance(row, list) and len(row) == 3 and all(isinstance(s, str) for s in row)):
            raise ProgressError(path, line + 1 + index, "an item should be [bank, fact, form]", hint="")
    raise AssertionError("unreachable: some row failed the check above")


_RATINGS = {str(n): n for n in range(1, 5)}
_STATES = {str(n): n for n in range(1, 4)}
_BEFORE = {str(n): n for n in range(4)}
_FLAGS = {"0": False, "1": True}
_PRACTICE = {"": False, "1": True}
_SCORES = {"1": 1.0, "0": 0.0}


def _parse_line(line: str, keys: list[ItemKey], deltas: dict[str, timedelta]) -> tuple[Review, int]:
    """One answer line. Its small fields are looked up rather than converted (which checks them at once), and
    `deltas` keeps the due offsets met so far (a few dozen values recur in a whole history)."""
    fields = line.split("\t", 11)
    if len(fields) != 12:
        raise toml_tables.BadRecord(f"expected {len(FIELDS)} fields separated by tabs, not {len(fields)}")
    stamp, item, rating_, correct, score_, duration, before_, state_, due, practice, seed, response = fields
    rating, state, before = _RATINGS.get(rating_), _STATES.get(state_), _BEFORE.get(before_)
    right, practised = _FLAGS.get(correct), _PRACTICE.get(practice)
    score = _SCORES.get(score_)
    if score is None:
        score = float(score_)
    duration_ms = int(duration)
    if (
        rating is None
        or state is None
        or before is None
        or right is None
        or practised is None
        or not 0.0 <= score <= 1.0
        or not 0 <= duration_ms <= toml_tables.MAX_DURATION_MS
        or stamp[-1:] != "Z"  # then fromisoformat gives UTC
        or not "1900" <= stamp[:4] <= "3999"
        or len(response) < 2
        or response[0] != '"'
        or response[-1] != '"'
    ):
        raise toml_tables.BadRecord("a field is out of range (time, rating, score, duration, state or flag)")
    time = _parse_time(stamp)
    offset = deltas.get(due)
    if offset is None:
        offset = deltas[due] = timedelta(microseconds=_micros(due))
    due_at = time + offset
    if not EARLIEST <= due_at < LATEST:
        raise toml_tables.BadRecord("`due` is out of range")
    text = response[1:-1] if '"' not in response[1:-1] and "\\" not in response else json.loads(response)
    if not isinstance(text, str):
        raise toml_tables.BadRecord("`response` should be a string")
    index = int(item)
    if index < 0:
        raise toml_tables.BadRecord(f"no item {index} in `items`")
    return (
        Review(
            time,
            keys[index],
            rating,
            right,
            score,
            text,
            duration_ms,
            CardState(state, None, None, None, due_at, None),
            practised,
            int(seed) if seed else None,
        ),
        before,
    )


def _micros(seconds: str) -> int:
    """Seconds written by `_seconds` (`-3.5`, `600`) as microseconds."""
    whole, _, fraction = seconds.partition(".")
    micros = int(whole) * 1_000_000
    if fraction:
        if len(fraction) > 6 or not fraction.isdigit():
            raise toml_tables.BadRecord(f"`due` should be seconds, not {seconds!r}")
        micros += int(fraction.ljust(6, "0")) * (-1 if whole.startswith("-") else 1)
    return micros


def _read_tables(path: Path, data: bytes, number: int) -> list[Review]:
    """A part written before answer lines: one `[[review]]` table per answer, as in the journal."""
    doc = toml_doc(path, data, 0)
    if doc.get("part") != number:
        raise ProgressError(path, 1, f"expected `part = {number}` in this history file", hint="")
    reviews = []
    for index, table in enumerate(doc.get("review", [])):
        try:
            reviews.append(toml_tables.parse_review(table))
        except toml_tables.BadRecord as error:
            raise ProgressError(
                path, nth_line(data, b"[[review]]", index), f"review: {error}", hint=""
            ) from None
    return reviews
