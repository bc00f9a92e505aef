"""Statistics and exports over a heavy learner's year: 10,000 items, 100,000 answers.

Reports absolute times and each as a ratio to a baseline measured in the same run: one plain pass over
the history reading each answer's time and result (the least any statistic must do).

    python benchmarks/bench_stats.py
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.export import export, report
from trainer.progress.model import CardState, ItemProgress, Review
from trainer.progress.toml_tables import apply
from trainer.questions.model import ItemKey
from trainer.study.stats import compute_stats, study_days

ITEMS, REVIEWS = 10_000, 100_000
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def history() -> tuple[dict[ItemKey, ItemProgress], list[Review]]:
    rng = random.Random(1)
    keys = [ItemKey("bench", f"fact-{i // 2}", ("choice", "reverse")[i % 2]) for i in range(ITEMS)]
    start = NOW - timedelta(days=365)
    reviews = []
    for n in range(REVIEWS):
        moment = start + timedelta(seconds=n * 365 * 86400 // REVIEWS)
        rating = rng.choice((1, 3, 3, 3))
        stability = rng.uniform(0.5, 200)
        after = CardState(rng.choice((1, 2, 2, 3)), None, stability, rng.uniform(1, 10),
                          moment + timedelta(days=stability), moment)  # fmt: skip
        reviews.append(
            Review(moment, rng.choice(keys), rating, rating > 1, float(rating > 1), "x", 2000, after)
        )
    items: dict[ItemKey, ItemProgress] = {}
    for r in reviews:
        apply(items, r)
    return items, reviews


def timed(label: str, fn, baseline: float | None = None) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    ratio = f"  ({best / baseline:.1f}x baseline)" if baseline else ""
    print(f"{label:<44} {best * 1000:8.1f} ms{ratio}")
    return best


def main() -> None:
    items, reviews = history()
    print(f"{len(items)} items, {len(reviews)} answers, best of 3")
    base = timed(
        "baseline: one pass over the history", lambda: sum(r.correct for r in reviews if r.time <= NOW)
    )
    timed("compute_stats", lambda: compute_stats(items, reviews, NOW, tz=UTC), base)

    def document(with_reviews: bool) -> dict:
        return export.export_document(items, reviews, NOW, learner="B", banks=[], include_reviews=with_reviews,
                                      day_of=study_days(4, UTC))  # fmt: skip

    doc = document(True)
    timed("export document (items + history)", lambda: document(True), base)
    timed("render JSON", lambda: export.render_json(doc), base)
    timed(
        "render CSV of items",
        lambda: export.render_csv({k: v for k, v in doc.items() if k != "reviews"}),
        base,
    )
    timed("render CSV of every answer", lambda: export.render_csv(doc), base)
    loaded = report.Export.model_validate(document(False))
    class_of_30 = [(Path(f"l{i}.json"), loaded) for i in range(30)]
    day_of = study_days(4, UTC)
    timed(
        "class report of 30 such learners", lambda: report.build_report(class_of_30, NOW, day_of=day_of), base
    )


if __name__ == "__main__":
    main()
