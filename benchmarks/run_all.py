"""Run every benchmark, one fresh process each, and print what each reports.

    python benchmarks/run_all.py [NAME...]     # e.g. `progress app`; default: all

Each benchmark reports its figures as ratios against a baseline measured in the same run, because this
machine is shared and absolute times drift.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names]
    failed = []
    for script in scripts:
        print(f"=== {script.stem} ===", flush=True)
        start = time.perf_counter()
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode != 0:
            failed.append(script.stem)
        print(f"({script.stem}: {time.perf_counter() - start:.0f} s)\n", flush=True)
    if failed:
        print("failed:", ", ".join(failed), file=sys.stderr)
    return 1 if failed or not scripts else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
