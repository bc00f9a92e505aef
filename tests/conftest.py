"""Every test process (each xdist worker too) keeps its cache of validated banks, and the user data folder
that holds the cache's key, in folders of its own, so tests never read or fill the user's; subprocesses
inherit them through the environment.

Property tests run a light Hypothesis profile by default, so the whole suite stays within a minute on two
cores, and the full one under CI=true (`.ci/run`) or HYPOTHESIS_PROFILE=full."""

from __future__ import annotations

import os
import shutil
import tempfile

from hypothesis import settings

_CACHE = "TRAINER_CACHE_DIR"
_DATA = "XDG_DATA_HOME"  # platformdirs' user data folder on Linux

settings.register_profile("full", max_examples=300, deadline=None)
settings.register_profile("quick", max_examples=30, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("full" if os.environ.get("CI", "").lower() == "true" else "quick")
)


def pytest_configure(config) -> None:
    config._trainer_cache = tempfile.mkdtemp(prefix="trainer-test-cache-")
    os.environ[_CACHE] = config._trainer_cache
    os.environ[_DATA] = os.path.join(config._trainer_cache, "data")


def pytest_unconfigure(config) -> None:
    shutil.rmtree(config._trainer_cache, ignore_errors=True)
