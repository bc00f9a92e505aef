"""benchmarks/fixtures.py: the bank and progress file the scale benchmarks measure."""

import subprocess
import sys
from pathlib import Path

import pytest

from trainer.bank.loading import load_bank
from trainer.progress import history
from trainer.progress.store import ProgressStore
from trainer.questions.generate import candidate_keys

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "benchmarks" / "fixtures.py"
LOG = ROOT.parent / "shared" / "data" / "review-logs" / "fsrs-josh-2024.csv"


def fixtures(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(FIXTURES), *map(str, args)], capture_output=True, text=True)


@pytest.mark.skipif(not LOG.is_file(), reason="the shared real review log is not checked out")
def test_a_progress_file_of_real_reviews_over_a_banks_items(tmp_path):
    assert fixtures("bank", tmp_path / "b", "--facts", 60).returncode == 0
    bank = tmp_path / "b" / "bank.toml"
    progress = tmp_path / "p.toml"
    run = fixtures("progress", progress, "--bank", bank, "--items", 40, "--reviews", 300, "--journal", 20)
    assert run.returncode == 0, run.stderr
    store = ProgressStore.open(progress)
    reviews = store.reviews()
    assert len(reviews) == 300 and len(store.items) == 40
    assert set(store.items) == set(candidate_keys(load_bank(bank))[:40])
    assert sum(p.reviews for p in store.items.values()) == 300
    assert [r.time for r in reviews] == sorted(r.time for r in reviews)
    parts = sorted((tmp_path / "p.history").glob("*.toml"))
    assert (
        sum(len(history.read_part(progress, n)) for n in range(1, len(parts) + 1)) == 280
    )  # all but the journal's 20


def test_more_items_than_the_bank_yields_is_refused(tmp_path):
    assert fixtures("bank", tmp_path / "b", "--facts", 5).returncode == 0
    run = fixtures("progress", tmp_path / "p.toml", "--bank", tmp_path / "b" / "bank.toml", "--items", 500,
                   "--reviews", 600)  # fmt: skip
    assert run.returncode != 0 and "fewer than --items 500" in run.stderr
