"""What makes an item or fact weak: what the learner got wrong, not how likely recall is this minute.

FSRS's recall probability is near 100% minutes after any answer, right or wrong, so ranking by it put just
answered items last and hid the ones the learner keeps missing. Lapses (forgotten after being learned) come
first, then low stability (how long memory lasts: low after misses, high after repeated success), then the
share answered right."""

from __future__ import annotations


def weakness(lapses: int, stability: float | None, correct: int, reviews: int) -> tuple[float, float, float]:
    """Sort key, weakest first."""
    return (-lapses, stability if stability is not None else 0.0, correct / reviews if reviews else 0.0)
