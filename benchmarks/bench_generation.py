"""Question generation at a large bank's scale: 10,000 facts.

The bank is `tests/unit/factories.synthetic_bank`: answers of six kinds, a third of the facts with a time
(days, months, parts of months, times of day, "later that same day"), a sixth with an amount, a fifth asked
in reverse, every quote a passage of the bank's source text. It is written as TOML beside that text.

Measured in CPU time (`time.process_time`). Each round runs in fresh processes, as a command would: a
warm module-level cache (folded text, parsed dates) from an earlier round would flatter the later ones.
Each figure is the best of its rounds:
- load (`load_bank`), validate (`validate`), generate every question (`generate`), in that order in one
  process, as `trainer validate` and `trainer questions` would do them: target < 2 s in all;
- one study session: pick 20 keys from `candidate_keys` and `build_question` each, on a bank loaded and
  generated (its per-bank index of keys, answer pools and ordering groups built): target < 50 ms; and,
  reported beside it, the first session in a process that has just loaded the bank, which builds that
  index first (the study app's first session);
- baseline, in the same process as the first three: `tomllib.loads` of the same file, and `toml_rs.loads`.

    python benchmarks/bench_generation.py [--facts N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
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


def cpu(fn: Callable[[], T]) -> tuple[float, T]:
    """Seconds of CPU time (the machine is shared: wall time says more about the neighbours than about the
    code) for one call, and its result."""
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def session(loaded) -> float:
    """CPU seconds to list the keys, pick 20 and build them."""
    start = time.process_time()
    keys = candidate_keys(loaded)
    picked = random.Random(7).sample(keys, SESSION * 2)
    built = [q for key in picked if (q := build_question(loaded, key, 1)) is not None][:SESSION]
    assert len(built) == SESSION
    return time.process_time() - start


def pipeline(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    times = {"tomllib": cpu(lambda: tomllib.loads(text))[0], "toml_rs": cpu(lambda: toml_rs.loads(text))[0]}
    times["load"], loaded = cpu(lambda: load_bank(path))
    times["validate"], problems = cpu(lambda: validate(loaded))
    times["generate"], questions = cpu(lambda: generate(loaded))
    times["warm"] = session(loaded)
    forms = Counter(q.key.form for q in questions)
    return {"times": times, "problems": len(problems), "forms": forms}


def first_session(path: Path) -> dict:
    loaded = load_bank(path)
    return {"times": {"cold": session(loaded)}}


def child(what: str, path: Path) -> dict:
    """One round's measure, in a process of its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", what, str(path)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "BANK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, bank = args.child
        print(json.dumps((pipeline if what == "pipeline" else first_session)(Path(bank))))
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = write_bank(Path(tmp) / "bank", args.facts)
        print(
            f"bank: {args.facts} facts, {path.stat().st_size / 1e6:.1f} MB of TOML ({path.name}) + source text"
        )
        times: dict[str, list[float]] = {}
        for _ in range(args.runs):
            result = child("pipeline", path)
            for what in (result, child("session", path)):
                for name, seconds in what["times"].items():
                    times.setdefault(name, []).append(seconds)
    best = {name: min(seconds) for name, seconds in times.items()}
    t_tomllib, t_load, t_validate, t_generate, t_warm, t_cold = (
        best[name] for name in ("tomllib", "load", "validate", "generate", "warm", "cold")
    )
    total = t_load + t_validate + t_generate
    n_questions = sum(result["forms"].values())
    forms = sorted(result["forms"].items(), key=lambda item: -item[1])
    print(f"validate found {result['problems']} problems")
    print(f"questions: {n_questions} ({', '.join(f'{n} {form}' for form, n in forms)})")
    print(f"best of {args.runs} rounds, each in fresh processes\n")

    def line(label: str, seconds: float, extra: str = "") -> None:
        print(f"{label:<36}{seconds * 1000:8.1f} ms   {seconds / t_tomllib:5.2f}x tomllib{extra}")

    line("baseline tomllib.loads", t_tomllib)
    line("baseline toml_rs.loads", best["toml_rs"])
    line("load_bank", t_load)
    line("validate", t_validate)
    line("generate (all)", t_generate, f"   {t_generate / n_questions * 1e6:.0f} us/question")
    line("load + validate + generate", total, f"   target < 2000 ms: {'met' if total < 2 else 'MISSED'}")
    line(
        f"session of {SESSION}",
        t_warm,
        f"   target < 50 ms: {'met' if t_warm < 0.05 else 'MISSED'}   (on a bank loaded and indexed)",
    )
    line("first session on a bank just loaded", t_cold, "   (builds the bank's index first)")


if __name__ == "__main__":
    main()
