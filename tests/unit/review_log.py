"""The real learner's review log in `../shared/data/review-logs/` (beside the repository; CI has a copy), as
trainer answers: for tests of fitting and of the FSRS log export. Each card becomes one item of a bank
`josh`; the stored state after each answer is a plausible placeholder, since fitting reads only ratings and
times."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

from trainer.progress import history, mainfile, toml_tables
from trainer.progress.fileio import atomic_write
from trainer.progress.model import CardState, ItemProgress, Review
from trainer.questions.model import ItemKey

LOG = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "review-logs" / "fsrs-josh-2024.csv"


def reviews(copies: int = 1) -> list[Review]:
    """Every answer of the log, oldest first; `copies` > 1 repeats the log over new items, a day apart."""
    with LOG.open(newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for copy in range(copies):
        shift = timedelta(days=copy)
        for row in rows:
            time = datetime.fromisoformat(row["review_time"]) + shift
            rating = int(row["review_rating"])
            after = CardState(2, None, 3.0, 5.0, time + timedelta(days=3), time)
            key = ItemKey("josh", f"card-{row['card_id']}-{copy}", "choice")
            out.append(
                Review(
                    time, key, rating, rating > 1, float(rating > 1), "x", int(row["review_duration"]), after
                )
            )
    out.sort(key=lambda r: r.time)
    return out


def write_progress(path: Path, answers: list[Review]) -> None:
    """A progress file whose history holds `answers` (one archived part), as compaction would leave it."""
    items: dict[ItemKey, ItemProgress] = {}
    for review in answers:
        toml_tables.apply(items, review)
    history.write_part(path, 1, answers)
    atomic_write(path, mainfile.render(mainfile.Contents(history_parts=1, items=items), path))
