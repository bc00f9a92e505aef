"""Older answers, moved out of the main file at compaction: `progress.history/00001.toml`, `00002.toml`, ...

Each part is written atomically before the main file that counts it (`history_parts = N`) replaces the
old one, and rewritten only to take back an undone answer. A part numbered above that count is the leftover
of an interrupted compaction: it is ignored, and the next compaction writes over it. So a crash at any
point neither loses nor duplicates an answer.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from trainer.progress import records, tomlfmt
from trainer.progress.errors import ProgressError
from trainer.progress.fileio import atomic_write, make_dirs
from trainer.progress.mainfile import SCHEMA, history_dir, nth_line, toml_doc
from trainer.progress.model import Review


def part_path(main: Path, number: int) -> Path:
    return history_dir(main) / f"{number:05d}.toml"


def write_part(main: Path, number: int, reviews: list[Review]) -> None:
    head = [
        f"# trainer progress history, part {number}: {len(reviews)} answers moved here from {main.name}.",
        f"schema = {SCHEMA}",
        f"part = {number}",
    ]
    if reviews:
        head.append(f"first = {tomlfmt.instant(min(r.time for r in reviews))}")
        head.append(f"last = {tomlfmt.instant(max(r.time for r in reviews))}")
    text = "\n".join(head) + "\n\n" + "".join(map(records.format_review, reviews))
    make_dirs(history_dir(main))
    atomic_write(part_path(main, number), text.encode())


def latest(main: Path, number: int) -> datetime | None:
    """The time of a part's latest answer, from its head only; None if the head does not say."""
    try:
        with part_path(main, number).open("rb") as f:
            match = _LAST.search(f.read(1024))
    except OSError:
        return None
    return datetime.fromisoformat(match[1].decode()) if match else None


_LAST = re.compile(rb"^last = (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)$", re.MULTILINE)


def read_part(main: Path, number: int) -> list[Review]:
    path = part_path(main, number)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ProgressError(
            path, None, f"cannot read this part of the review history: {error.strerror}", hint=""
        ) from None
    doc = toml_doc(path, data, 0)
    if doc.get("part") != number:
        raise ProgressError(path, 1, f"expected `part = {number}` in this history file", hint="")
    reviews = []
    for index, table in enumerate(doc.get("review", [])):
        try:
            reviews.append(records.parse_review(table))
        except records.BadRecord as error:
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
