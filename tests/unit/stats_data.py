"""Hand-made progress data for the stats, export and report tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.bank.loaded import LoadedBank
from trainer.bank.models import Bank, Fact, Source
from trainer.progress.model import CardState, ItemProgress, Review
from trainer.progress.toml_tables import apply
from trainer.questions.model import ItemKey

LEARNING, REVIEW, RELEARNING = 1, 2, 3
HOSTILE = ("[13]", "[ru]", "[/]", "[B]x", "[bold]x", "[@click=app.quit]x")


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def key(fact: str, form: str = "choice", bank: str = "b1") -> ItemKey:
    return ItemKey(bank, fact, form)


def state(
    st: int = REVIEW, *, due: datetime, last: datetime | None = None, stability: float = 5.0
) -> CardState:
    return CardState(state=st, step=None, stability=stability, difficulty=5.0, due=due, last_review=last)


def review(
    when: str | datetime,
    k: ItemKey,
    rating: int = 3,
    after: int = REVIEW,
    *,
    correct: bool | None = None,
    response: str = "an answer",
    stability: float = 5.0,
) -> Review:
    moment = t(when) if isinstance(when, str) else when
    return Review(
        time=moment,
        key=k,
        rating=rating,
        correct=rating >= 3 if correct is None else correct,
        score=1.0 if rating >= 3 else 0.0,
        response=response,
        duration_ms=1500,
        after=state(after, due=moment + timedelta(days=stability), last=moment, stability=stability),
    )


def items_from(reviews: list[Review]) -> dict[ItemKey, ItemProgress]:
    """The items a store derives from this history."""
    items: dict[ItemKey, ItemProgress] = {}
    for r in reviews:
        apply(items, r)
    return items


def make_bank(
    bank_id: str = "b1", facts: dict[str, str] | None = None, *, version: str = "1", title: str = "Bank one"
) -> LoadedBank:
    facts = facts or {"f1": "The first fact.", "f2": "The second fact."}
    bank = Bank(
        id=bank_id,
        title=title,
        version=version,
        sources=[Source(id="src", title="A source (Wikipedia)", reference="https://example.org")],
        facts=[
            Fact(
                id=fid,
                statement=text,
                quote=f"Quote of {fid}: {text}",
                source="src",
                citations=["[1]", "[2]"],
            )
            for fid, text in facts.items()
        ],
    )
    return LoadedBank(bank=bank, path=Path(f"/nowhere/{bank_id}/bank.toml"))
