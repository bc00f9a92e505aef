"""Every test process (each xdist worker too) keeps its cache of validated banks in a folder of its own, so
tests never read or fill the user's cache; subprocesses inherit it through the environment.

Property tests run a light Hypothesis profile by default, so the whole suite stays within a minute on two
cores, and the full one under CI=true (`.ci/run`) or HYPOTHESIS_PROFILE=full."""

from __future__ import annotations

import os
import shutil
import tempfile

from hypothesis import settings

_CACHE = "TRAINER_CACHE_DIR"

settings.register_profile("full", max_examples=300, deadline=None)
settings.register_profile("quick", max_examples=30, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("full" if os.environ.get("CI", "").lower() == "true" else "quick")
)


def pytest_configure(config) -> None:
    config._trainer_cache = tempfile.mkdtemp(prefix="trainer-test-cache-")
    os.environ[_CACHE] = config._trainer_cache


def pytest_unconfigure(config) -> None:
    shutil.rmtree(config._trainer_cache, ignore_errors=True)
