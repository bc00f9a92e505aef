"""The review log in the columns the FSRS tools read (fsrs-rs, the FSRS optimizer, srs-benchmark):
`card_id, review_time, review_rating, review_state, review_duration`, one row per answer, oldest first.

`card_id` is a stable integer per item (from a digest of its key, so two exports of one history agree and a
history merged from two devices keeps one id per item); `review_time` is milliseconds since the Unix epoch;
`review_state` is the item's FSRS state before the answer (0 New, 1 Learning, 2 Review, 3 Relearning)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

from trainer.export.csvsafe import to_csv
from trainer.progress.model import Review
from trainer.questions.model import ItemKey

HEADER = ("card_id", "review_time", "review_rating", "review_state", "review_duration")
NEW = 0
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def card_id(key: ItemKey) -> int:
    """A positive 63-bit integer for `key`, the same in every export."""
    digest = hashlib.blake2b(str(key).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def rows(reviews: Iterable[Review]) -> Iterator[tuple[int, int, int, int, int]]:
    """One row per answer; `reviews` oldest first (as `ProgressStore.history` yields them), read once."""
    state: dict[ItemKey, int] = {}
    ids: dict[ItemKey, int] = {}
    for review in reviews:
        before = state.get(review.key, NEW)
        state[review.key] = review.after.state
        millis = (review.time - EPOCH) // timedelta(milliseconds=1)
        key_id = ids.get(review.key)
        if key_id is None:
            key_id = ids[review.key] = card_id(review.key)
        yield key_id, millis, review.rating, before, review.duration_ms


def render(reviews: Iterable[Review]) -> bytes:
    return to_csv(HEADER, rows(reviews), bom=False).encode()
