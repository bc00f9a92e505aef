"""FSRS's predicted recall against what a real learner did.

Each card's reviews in a real log are replayed through `fsrs.Scheduler` with its default parameters. Before
every review at least a day after the card's previous one (fsrs counts elapsed time in whole days, so a
same-day review would always be predicted as certain), the predicted retrievability is scored against the
outcome: rating 1 (Again) = forgotten, 2-4 = recalled. FSRS must beat, on log loss, both a constant baseline
that predicts the mean recall rate of the scored reviews before it (what one could know at the time) and one
that predicts the global mean (known only in hindsight), and rank better than chance (AUC).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

LOG = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "review-logs" / "fsrs-josh-2024.csv"
EPS = 1e-6


def log_loss(pairs: list[tuple[float, int]]) -> float:
    total = 0.0
    for p, y in pairs:
        p = min(max(p, EPS), 1 - EPS)
        total -= y * math.log(p) + (1 - y) * math.log(1 - p)
    return total / len(pairs)


def auc(pairs: list[tuple[float, int]]) -> float:
    """Probability a recalled review was predicted higher than a forgotten one (ties count half)."""
    ranked = sorted(pairs)
    positives = sum(y for _, y in pairs)
    negatives = len(pairs) - positives
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + j + 1) / 2  # 1-based ranks i+1 .. j
        rank_sum += mean_rank * sum(y for _, y in ranked[i:j])
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def test_auc_helper():
    assert auc([(0.1, 0), (0.9, 1)]) == 1.0
    assert auc([(0.9, 0), (0.1, 1)]) == 0.0
    assert auc([(0.5, 0), (0.5, 1)]) == 0.5
    assert auc([(0.2, 0), (0.4, 1), (0.6, 0), (0.8, 1)]) == 0.75


def replay(path: Path) -> list[tuple[float, int]]:
    """(predicted recall, recalled) for every review a day or more after the card's previous one, by time."""
    reviews: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            reviews[row["card_id"]].append(
                (datetime.fromisoformat(row["review_time"]), int(row["review_rating"]))
            )
    scheduler = Scheduler(enable_fuzzing=False)
    scored: list[tuple[datetime, float, int]] = []
    for history in reviews.values():
        history.sort()
        card = Card(card_id=0, due=history[0][0])
        for when, rating in history:
            if card.last_review is not None and when - card.last_review >= timedelta(days=1):
                scored.append(
                    (when, scheduler.get_card_retrievability(card, when), int(rating > Rating.Again))
                )
            card, _ = scheduler.review_card(card, Rating(rating), when)
    scored.sort()
    return [(p, y) for _, p, y in scored]


@pytest.fixture(scope="module")
def predictions() -> list[tuple[float, int]]:
    if not LOG.is_file():
        pytest.skip(
            f"real review log not found at {LOG} (it lives in ../shared/data/review-logs/ beside the repo)"
        )
    return replay(LOG)


def test_fsrs_beats_constant_baselines(predictions):
    outcomes = [y for _, y in predictions]
    assert len(predictions) > 1000

    global_mean = sum(outcomes) / len(outcomes)
    # Prequential baseline: the recall rate of the scored reviews before this one (Laplace-smoothed).
    running, seen = [], 0
    for i, y in enumerate(outcomes):
        running.append(((seen + 1) / (i + 2), y))
        seen += y

    fsrs_loss = log_loss(predictions)
    global_loss = log_loss([(global_mean, y) for y in outcomes])
    running_loss = log_loss(running)
    fsrs_auc = auc(predictions)
    print(
        f"\n{len(predictions)} reviews scored; recall rate {global_mean:.3f}\n"
        f"log loss: FSRS {fsrs_loss:.4f}, running mean {running_loss:.4f}, global mean {global_loss:.4f}\n"
        f"AUC: FSRS {fsrs_auc:.4f}"
    )
    assert fsrs_loss < running_loss
    assert fsrs_loss < global_loss
    assert fsrs_auc > 0.5
