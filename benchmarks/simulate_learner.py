"""A simulated learner over 90 days on the bundled bank plus the solar-system example bank: what the study
day asks, checked against the rules of `trainer.study.siblings`.

Each day one session takes everything due and the day's new items; each answer is right with FSRS's
predicted probability of recall (an item never seen: `NEW_RIGHT`), drawn from a seeded stream, so runs
repeat. Reported:

- sibling pairs: two questions of one day, the later one neither the same item nor its re-ask, that
  `DayRecord.clash` would have kept apart (same fact, shared quote, or its answer shown earlier that day);
  and fact-days with two different items on one fact (the issue's own measure);
- the share of ordering questions among the new items of the first three sessions, and in day 1's first 20;
- items studied by the end (held-back questions come on later days: nothing is lost);
- the median time to build a day's session and to answer one question (engine only; the app's figures are
  `bench_session.py` and `bench_app.py`).

    python benchmarks/simulate_learner.py [--days N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from trainer.bank.loading import load_bank, load_banks  # noqa: E402
from trainer.progress.store import ProgressStore  # noqa: E402
from trainer.questions.generate import generate  # noqa: E402
from trainer.questions.model import Question  # noqa: E402
from trainer.study.session import StudySession  # noqa: E402
from trainer.study.siblings import DayRecord  # noqa: E402

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW_RIGHT = 0.5
SOLAR = ROOT / "docs" / "examples" / "solar-system" / "bank.toml"


def wrong(q: Question) -> int | tuple[int, ...]:
    if isinstance(q.answer, int):
        return (q.answer + 1) % len(q.options)
    return tuple(reversed(q.answer))


def sibling_pairs(asked: list[Question]) -> int:
    pairs = 0
    for j, later in enumerate(asked):
        earlier_keys = {q.key for q in asked[:j]}
        if later.key in earlier_keys:
            continue  # the same item again: a re-ask, or a learning step
        for earlier in asked[:j]:
            day = DayRecord()
            day.add(earlier)
            pairs += day.clash(later) is not None
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--days", type=int, default=90)
    args = parser.parse_args()
    banks = [*load_banks(["khasham"]), load_bank(SOLAR)]
    chance = random.Random(2026)
    pairs = 0
    fact_days = 0
    new_kinds: list[str] = []
    first20_orderings = 0
    build_ms: list[float] = []
    answer_ms: list[float] = []
    answers = 0
    with tempfile.TemporaryDirectory() as tmp:
        store = ProgressStore.open(Path(tmp) / "progress.toml")
        for day in range(args.days):
            start = time.perf_counter()
            session = StudySession(banks, store, now=T0 + timedelta(days=day), limit=10_000, seed=day, tz=UTC)
            build_ms.append((time.perf_counter() - start) * 1000)
            asked: list[Question] = []
            while (q := session.current) is not None:
                item = store.items.get(q.key)
                if item is None and day < 3:
                    new_kinds.append(q.kind)
                if day == 0 and len(asked) < 20:
                    first20_orderings += q.kind == "order"
                p = NEW_RIGHT if item is None else session.scheduling.retrievability(item.card, session.now())
                response = q.answer if chance.random() < p else wrong(q)
                start = time.perf_counter()
                session.answer(response, 8000)
                answer_ms.append((time.perf_counter() - start) * 1000)
                asked.append(q)
            answers += len(asked)
            pairs += sibling_pairs(asked)
            keys_per_fact: dict[tuple[str, str], set] = defaultdict(set)
            for q in asked:
                for fact in {q.key.fact, *q.facts}:
                    keys_per_fact[q.key.bank, fact].add(q.key)
            fact_days += sum(len(keys) > 1 for keys in keys_per_fact.values())
        studied = len(store.items)
        store.close()
    questions = sum(len(generate(b)) for b in banks)
    print(f"{args.days} days, {answers} answers, {studied} of the banks' {questions} questions studied")
    print(f"sibling pairs on the same day: {pairs}; fact-days with two items on one fact: {fact_days}")
    share = sum(k == "order" for k in new_kinds) / len(new_kinds) if new_kinds else 0.0
    print(f"ordering share of new items, first three sessions: {share:.1%} of {len(new_kinds)}")
    print(f"orderings in day 1's first 20 questions: {first20_orderings}")
    print(f"session build (median of {len(build_ms)}): {statistics.median(build_ms):.1f} ms")
    print(f"answer (median of {len(answer_ms)}): {statistics.median(answer_ms):.2f} ms")


if __name__ == "__main__":
    sys.exit(main())
