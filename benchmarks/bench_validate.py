"""Loading and validating a synthetic bank of 10,000 facts, each quoting a 10,000-paragraph source text.

Reports absolute times and each as a ratio to a baseline measured in the same run: parsing the bank's
TOML alone with toml-rs (the least loading can do).

    python benchmarks/bench_validate.py [FACTS]

Each run is a fresh process, so no cache of an earlier run (folded text, say) flatters the figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import toml_rs

# The same synthetic bank as the other benchmarks and the tests use.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit"))

from factories import write_bank

from trainer.bank.loading import load_bank
from trainer.bank.validation import validate


def measure(path: Path) -> dict[str, float]:
    """One cold run, as `trainer validate` makes it: parse alone, then load, then validate."""
    text = path.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    toml_rs.loads(text)
    t1 = time.perf_counter()
    loaded = load_bank(path)
    t2 = time.perf_counter()
    problems = validate(loaded)
    t3 = time.perf_counter()
    assert problems == [], problems[:3]
    return {"baseline": t1 - t0, "load": t2 - t1, "validate": t3 - t2}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        path = write_bank(Path(tmp), n)
        print(
            f"{n} facts, bank {path.stat().st_size / 1e6:.1f} MB, source text "
            f"{(path.parent / 'source.txt').stat().st_size / 1e6:.1f} MB; best of 3 cold runs (fresh processes)"
        )
        runs = [
            json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--measure", str(path)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            for _ in range(3)
        ]
    best = {key: min(run[key] for run in runs) for key in runs[0]}
    best["load + validate"] = min(run["load"] + run["validate"] for run in runs)
    labels = {"baseline": "baseline: toml_rs.loads", "load": "load_bank", "validate": "validate"}
    for key, seconds in best.items():
        print(
            f"{labels.get(key, key):<28} {seconds * 1000:8.1f} ms  ({seconds / best['baseline']:5.1f}x baseline)"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(Path(sys.argv[2]))))
    else:
        main()
