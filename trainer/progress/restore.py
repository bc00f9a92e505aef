"""A missing progress file with its backup or history beside it: refused, and restored on request.

Starting afresh over them would let the first answer replace the `.bak` with an empty snapshot and the first
compaction write over history part 1, so `ProgressStore.open` refuses (`refuse_if_orphaned`) and says what
is there and how to restore it: `python -m trainer.progress.restore PATH` rebuilds the file from the `.bak`
and every history part beyond those it counts, and writes nothing if the file exists again. A part keeps only
the state and due date of the card after each answer: the rest of each card (stability, difficulty, learning
step) is worked out again with FSRS from the card before it (`_whole_card`).
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.progress import history, mainfile, toml_tables
from trainer.progress.errors import ProgressError, backup_path
from trainer.progress.fileio import atomic_write
from trainer.progress.model import ItemProgress, Review
from trainer.readfile import Unusable, read_regular

if TYPE_CHECKING:
    from trainer.study.scheduling import Scheduling

_PART_NAME = re.compile(r"\d{5}\.toml")
_ANSWERS = re.compile(rb"^# trainer progress history, part \d+: (\d+) answers", re.MULTILINE)


def part_numbers(path: Path) -> list[int]:
    """The numbers of the history parts beside `path`, in order."""
    try:
        names = [entry.name for entry in mainfile.history_dir(path).iterdir()]
    except OSError:
        return []
    return sorted(int(name[:5]) for name in names if _PART_NAME.fullmatch(name))


def refuse_if_orphaned(path: Path) -> None:
    """`ProgressError` if `path` is missing but a backup or history parts of it are there."""
    backup = backup_path(path)
    has_backup = backup.exists() or backup.is_symlink()
    numbers = part_numbers(path)
    if not has_backup and not numbers:
        return
    found = []
    if has_backup:
        found.append(f"{backup} ({_describe_backup(backup)})")
    if numbers:
        answers = sum(_answers_in_part(path, n) for n in numbers)
        found.append(f"{len(numbers)} history part{'s' if len(numbers) != 1 else ''} in "
                     f"{mainfile.history_dir(path)} ({answers} answers)")  # fmt: skip
    command = f"python -m trainer.progress.restore {shlex.quote(str(path))}"
    hint = (
        f"Nothing was written. To restore it, run `{command}`"
        + (
            f" (or copy the backup: `cp -p {shlex.quote(str(backup))} {shlex.quote(str(path))}`)"
            if has_backup
            else ""
        )
        + ", then start trainer again. To start afresh instead, move "
        + " and ".join(shlex.quote(str(p)) for p in _leftovers(path, has_backup, numbers))
        + " away first."
    )
    raise ProgressError(
        path, None, "the progress file is missing, but " + " and ".join(found) + " are there", hint
    )


def _leftovers(path: Path, has_backup: bool, numbers: list[int]) -> list[Path]:
    return ([backup_path(path)] if has_backup else []) + ([mainfile.history_dir(path)] if numbers else [])


def _describe_backup(backup: Path) -> str:
    try:
        data, _ = read_regular(backup, mainfile.MAX_BYTES)
        contents = mainfile.parse(backup, data)
    except (OSError, Unusable, ProgressError) as error:
        return f"unreadable: {getattr(error, 'message', None) or error}"
    reviews = sum(item.reviews for item in contents.items.values())
    return f"{len(contents.items)} items, {reviews} answers, counting {contents.history_parts} history parts"


def _answers_in_part(path: Path, number: int) -> int:
    """From the part's first line, which says how many answers it holds."""
    try:
        data, _ = read_regular(history.part_path(path, number), mainfile.MAX_BYTES)
    except (OSError, Unusable):
        return 0
    match = _ANSWERS.match(data)
    return int(match[1]) if match else 0


def restore(path: Path) -> mainfile.Contents:
    """Rebuild a missing `path` from its backup and history parts, and write it; `ProgressError` if the file
    exists, or a backup or part cannot be read."""
    if path.exists() or path.is_symlink():
        raise ProgressError(path, None, "the progress file exists: nothing to restore", hint="")
    backup = backup_path(path)
    contents = mainfile.Contents()
    if backup.exists() or backup.is_symlink():
        try:
            data, _ = read_regular(backup, mainfile.MAX_BYTES)
        except Unusable as error:
            raise ProgressError(backup, None, str(error), hint="") from None
        contents = mainfile.parse(backup, data)
    numbers = part_numbers(path)
    # Parts up to the backup's count are in its snapshot already; later ones (or all, without a backup)
    # are replayed, in order and with none missing, as a compaction would have counted them.
    number = contents.history_parts
    scheduling = None
    while number + 1 in numbers:
        number += 1
        for review in history.read_part(path, number):
            if review.after.stability is None:
                if scheduling is None:
                    from trainer.study.scheduling import Scheduling

                    scheduling = Scheduling(parameters=contents.fsrs.parameters if contents.fsrs else None)
                review = _whole_card(scheduling, contents.items.get(review.key), review)
            toml_tables.apply(contents.items, review)
    fresh = mainfile.Contents(
        learner=contents.learner,
        history_parts=number,
        fsrs=contents.fsrs,
        items=contents.items,
        flags=contents.flags,
    )
    atomic_write(path, mainfile.render(fresh, path))
    return fresh


def _whole_card(scheduling: Scheduling, before: ItemProgress | None, review: Review) -> Review:
    """`review` with the whole card after it: FSRS's review of the card before it, with the state and due
    date the part kept (the learner's retention then, which set the due date, is not known now)."""
    from fsrs import Rating

    if review.practice and before is not None:
        return review  # it moved no schedule
    card = scheduling.review(before.card if before else None, Rating(review.rating), review.time)
    return replace(review, after=replace(card, state=review.after.state, due=review.after.due))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m trainer.progress.restore PROGRESS-FILE", file=sys.stderr)
        return 2
    path = Path(os.path.realpath(args[0]))
    try:
        fresh = restore(path)
    except ProgressError as error:
        print(error, file=sys.stderr)
        return 1
    reviews = sum(item.reviews for item in fresh.items.values())
    print(
        f"{path}: restored {len(fresh.items)} items and {reviews} answers ({fresh.history_parts} history parts)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
