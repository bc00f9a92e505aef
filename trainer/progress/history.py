"""Older answers, moved out of the main file at compaction: `progress.history/00001.toml`, `00002.toml`, ...

Each part is written atomically before the main file that counts it (`history_parts = N`) replaces the
old one, and rewritten only to take back an undone answer. A part numbered above that count is the leftover
of an interrupted compaction: it is ignored, and the next compaction writes over it, but only if every
answer in it is among those it writes (else it may be answers a restored or recreated main file does not
count, and compaction stops with an error). So a crash at any point neither loses nor duplicates an answer,
and no write replaces a part with less.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from trainer.progress import toml_tables, tomlfmt
from trainer.progress.errors import ProgressError
from trainer.progress.fileio import atomic_write, make_dirs
from trainer.progress.mainfile import MAX_BYTES, SCHEMA, history_dir, nth_line, toml_doc
from trainer.progress.model import Review
from trainer.readfile import Unusable, open_regular, read_regular


def part_path(main: Path, number: int) -> Path:
    return history_dir(main) / f"{number:05d}.toml"


def write_part(main: Path, number: int, reviews: list[Review]) -> None:
    """A new part; an existing one is replaced only if it holds none but these answers (`ProgressError`)."""
    check_replaceable(main, number, reviews)
    _write(main, number, reviews)


def check_replaceable(main: Path, number: int, reviews: list[Review]) -> None:
    """`ProgressError` if part `number` exists and holds an answer that is not among `reviews`."""
    path = part_path(main, number)
    if (path.exists() or path.is_symlink()) and not set(read_part(main, number)) <= set(reviews):
        raise ProgressError(
            path,
            None,
            f"history part {number} already exists and holds answers that {main.name} does not count",
            hint=f"It was left untouched, and so was {main.name}, whose answers are all kept. Move the part "
            "away (keep it: it is your history) and run trainer again.",
        )


def remove_review(main: Path, number: int, review: Review) -> bool:
    """Take the latest answer equal to `review` out of a part (an undo); False if the part has none."""
    reviews = read_part(main, number)
    for index in range(len(reviews) - 1, -1, -1):
        if reviews[index] == review:
            _write(main, number, reviews[:index] + reviews[index + 1 :])
            return True
    return False


def _write(main: Path, number: int, reviews: list[Review]) -> None:
    make_dirs(history_dir(main))
    atomic_write(part_path(main, number), render_part(main, number, reviews))


def render_part(main: Path, number: int, reviews: list[Review]) -> bytes:
    """The text of part `number` holding `reviews`."""
    head = [
        f"# trainer progress history, part {number}: {len(reviews)} answers moved here from {main.name}.",
        f"schema = {SCHEMA}",
        f"part = {number}",
    ]
    if reviews:
        head.append(f"first = {tomlfmt.instant(min(r.time for r in reviews))}")
        head.append(f"last = {tomlfmt.instant(max(r.time for r in reviews))}")
    text = "\n".join(head) + "\n\n" + "".join(map(toml_tables.format_review, reviews))
    return text.encode()


def latest(main: Path, number: int) -> datetime | None:
    """The time of a part's latest answer, from its head only; None if the head does not say."""
    try:
        fd, _ = open_regular(part_path(main, number), MAX_BYTES)
    except (OSError, Unusable):
        return None
    try:
        match = _LAST.search(os.read(fd, 1024))
    except OSError:
        return None
    finally:
        os.close(fd)
    return datetime.fromisoformat(match[1].decode()) if match else None


_LAST = re.compile(rb"^last = (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)$", re.MULTILINE)


def read_part(main: Path, number: int) -> list[Review]:
    path = part_path(main, number)
    try:
        data, _ = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise ProgressError(path, None, "this part of the review history is missing", hint="") from None
    except Unusable as error:
        raise ProgressError(path, None, f"this part of the review history: {error}", hint="") from None
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


def part_stamp(main: Path, number: int) -> tuple[int, int] | None:
    """What identifies one version of a part, for caching: (mtime_ns, size); None if missing."""
    try:
        st = os.stat(part_path(main, number))
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size
