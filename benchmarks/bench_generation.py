"""Question generation at a large bank's scale: 10,000 facts.

The bank is `tests/unit/factories.synthetic_bank`: answers of six kinds, a third of the facts with a time
(days, months, parts of months, times of day, "later that same day"), a sixth with an amount, a fifth asked
in reverse, every quote a passage of the bank's source text. It is written as TOML beside that text.

Measured in CPU time (`time.process_time`), each the best of a few runs:
- load (`load_bank`), validate (`validate`), generate every question (`generate`): target < 2 s in all;
- one study session: pick 20 keys from `candidate_keys` and `build_question` each, on a freshly loaded
  bank (so the per-bank index is built too) and again on a warm one: target < 50 ms;
- baseline, in the same run: `tomllib.loads` of the same file, and `toml_rs.loads`.

    python benchmarks/bench_generation.py [--facts N] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import toml_rs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from factories import write_bank  # noqa: E402

from trainer.bank.loading import load_bank  # noqa: E402
from trainer.bank.validation import validate  # noqa: E402
from trainer.questions.generate import build_question, candidate_keys, generate  # noqa: E402

T = TypeVar("T")
SESSION = 20


def best(runs: int, fn: Callable[[], T]) -> tuple[float, T]:
    """The fastest of `runs` calls, in seconds of CPU time (the machine is shared: wall time says more
    about the neighbours than about the code), and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return min(times), result  # type: ignore[return-value]


def session(path: Path, warm=None):
    """CPU seconds to list the keys, pick 20 and build them; of that, the first `candidate_keys` call."""
    loaded = warm if warm is not None else load_bank(path)
    start = time.process_time()
    keys = candidate_keys(loaded)
    listed = time.process_time()
    picked = random.Random(7).sample(keys, SESSION * 2)
    built = [q for key in picked if (q := build_question(loaded, key, 1)) is not None][:SESSION]
    assert len(built) == SESSION
    return time.process_time() - start, listed - start, loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = write_bank(Path(tmp) / "bank", args.facts)
        text = path.read_text(encoding="utf-8")
        print(f"bank: {args.facts} facts, {len(text) / 1e6:.1f} MB of TOML ({path.name}) + source text")

        t_tomllib, _ = best(args.runs, lambda: tomllib.loads(text))
        t_tomlrs, _ = best(args.runs, lambda: toml_rs.loads(text))
        t_load, loaded = best(args.runs, lambda: load_bank(path))
        t_validate, problems = best(args.runs, lambda: validate(loaded))
        # A fresh bank object each run: the per-bank index is part of generation's cost.
        fresh = [load_bank(path) for _ in range(args.runs)]
        t_generate, questions = best(args.runs, lambda: generate(fresh.pop()))
        t_cold, t_keys = min(session(path)[:2] for _ in range(args.runs))
        *_, warm = session(path)
        t_warm = min(session(path, warm)[0] for _ in range(args.runs))

    total = t_load + t_validate + t_generate
    forms = Counter(q.key.form for q in questions)
    print(f"validate found {len(problems)} problems")
    print(f"questions: {len(questions)} ({', '.join(f'{n} {form}' for form, n in forms.most_common())})")
    print()
    print(f"baseline tomllib.loads        {t_tomllib * 1000:8.1f} ms")
    print(f"baseline toml_rs.loads        {t_tomlrs * 1000:8.1f} ms")
    print(f"load_bank                     {t_load * 1000:8.1f} ms   {t_load / t_tomllib:5.2f}x tomllib")
    print(f"validate                      {t_validate * 1000:8.1f} ms   {t_validate / t_tomllib:5.2f}x tomllib")
    print(f"generate (all)                {t_generate * 1000:8.1f} ms   {t_generate / t_tomllib:5.2f}x tomllib"
          f"   {t_generate / len(questions) * 1e6:.0f} us/question")
    print(f"load + validate + generate    {total * 1000:8.1f} ms   {total / t_tomllib:5.2f}x tomllib"
          f"   target < 2000 ms: {'met' if total < 2 else 'MISSED'}")
    print(f"session of {SESSION}, fresh bank     {t_cold * 1000:8.1f} ms   {t_cold / t_tomllib:5.2f}x tomllib"
          f"   target < 50 ms: {'met' if t_cold < 0.05 else 'MISSED'}")
    print(f"  of which the bank's index   {t_keys * 1000:8.1f} ms   (first candidate_keys: ordering groups)")
    print(f"session of {SESSION}, warm index     {t_warm * 1000:8.1f} ms   {t_warm / t_tomllib:5.2f}x tomllib")


if __name__ == "__main__":
    main()
