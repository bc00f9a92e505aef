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
import tomli_w

from trainer.bank.loading import load_bank
from trainer.bank.validation import validate

KINDS = ("person", "place", "number", "date")


def synthetic(folder: Path, n: int) -> Path:
    """A bank shaped like a real one: attributed claims, markers, questions of four kinds, timelines."""
    paragraphs, facts = [], []
    for i in range(n):
        marker = f"[{i % 120 + 1}]"
        answer = [f"Person {i}", f"Town {i}", str(100 + i), f"{i % 28 + 1} February 2018"][i % 4]
        sentence = f"According to report {i}, the unit {i} met {answer} near the river in the valley."
        paragraphs.append(f"{marker} {sentence}")
        facts.append({
            "id": f"fact-{i}",
            "statement": f"Unit {i} met {answer}.",
            "quote": sentence.removesuffix("."),
            "source": "text",
            "citations": [marker],
            "attribution": f"according to report {i}",
            "tags": [f"t{i % 10}"],
            "question": f"Whom did unit {i} meet?",
            "answer": answer,
            "answer_kind": KINDS[i % 4],
            "distractors": [f"Nobody {i}"],
            "when": {"date": f"2018-02-{i % 28 + 1:02d}", **({"time": f"{i % 24:02d}:00"} if i % 3 else {})},
            "value": {"amount": i, "unit": "km"},
        })
    (folder / "text.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    bank = {"id": "bench", "title": "Bench", "sources": [{"id": "text", "title": "T", "reference": "r",
                                                           "text_file": "text.txt"}], "facts": facts}
    path = folder / "bank.toml"
    path.write_text(tomli_w.dumps(bank), encoding="utf-8")
    return path


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
        path = synthetic(Path(tmp), n)
        print(f"{n} facts, bank {path.stat().st_size / 1e6:.1f} MB, source text "
              f"{(path.parent / 'text.txt').stat().st_size / 1e6:.1f} MB; best of 3 cold runs (fresh processes)")
        runs = [json.loads(subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True,
                                          capture_output=True, text=True).stdout) for _ in range(3)]
    best = {key: min(run[key] for run in runs) for key in runs[0]}
    best["load + validate"] = min(run["load"] + run["validate"] for run in runs)
    labels = {"baseline": "baseline: toml_rs.loads", "load": "load_bank", "validate": "validate"}
    for key, seconds in best.items():
        print(f"{labels.get(key, key):<28} {seconds * 1000:8.1f} ms  ({seconds / best['baseline']:5.1f}x baseline)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(Path(sys.argv[2]))))
    else:
        main()
