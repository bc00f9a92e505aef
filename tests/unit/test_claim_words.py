"""A claim to something ("claimed it for Portugal") is an act the source states, not a claim it reports."""

from __future__ import annotations

import pytest

from trainer.bank.validation import _reported_claim


@pytest.mark.parametrize(
    ("passage", "reported"),
    [
        ("cabral sighted the coast of brazil and claimed it for portugal", None),
        ("balboa claimed the pacific ocean and its shores for spain", None),
        ("he claimed the throne in 1501", None),
        ("tass claimed that no russians died", "claimed"),
        ("she claimed that he had voted for the bill", "claimed"),
        ("he claimed to have seen it", "claimed"),
        ("the claim was never confirmed", "claim"),
    ],
)
def test_a_claim_to_land_or_a_throne_is_no_reported_claim(passage: str, reported: str | None) -> None:
    found = _reported_claim(passage)
    assert (found.group() if found else None) == reported
