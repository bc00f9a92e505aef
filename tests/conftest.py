"""Every test process (each xdist worker too) keeps its cache of validated banks, and the user data folder
that holds the cache's key, in folders of its own, so tests never read or fill the user's, and reads no
settings file but the ones tests write; subprocesses inherit them through the environment.

The default run is the quick one, within a minute on two cores: property tests run a light Hypothesis profile
and the end-to-end tests marked `slow` (a real terminal, a browser, signals to a running program) are
skipped. CI=true (`.ci/run`) runs everything with the full profile; HYPOTHESIS_PROFILE=full and `-m slow` ask
for either alone."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile

import pytest
from hypothesis import settings

_CACHE = "TRAINER_CACHE_DIR"
_DATA = "XDG_DATA_HOME"  # platformdirs' user data folder on Linux

_CI = os.environ.get("CI", "").lower() == "true"

settings.register_profile("full", max_examples=300, deadline=None)
settings.register_profile("quick", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("full" if _CI else "quick"))


def pytest_configure(config) -> None:
    config._trainer_cache = tempfile.mkdtemp(prefix="trainer-test-cache-")
    os.environ[_CACHE] = config._trainer_cache
    os.environ[_DATA] = os.path.join(config._trainer_cache, "data")
    os.environ["TRAINER_CONFIG"] = os.path.join(config._trainer_cache, "no-settings.toml")


@pytest.fixture(autouse=True)
def _no_frozen_heap_after():
    """The app freezes the heap once it has loaded (`TrainerApp._keep_out_of_gc`), which in a test process
    would keep everything alive at that moment, the garbage of earlier tests too, for the rest of the run,
    and slows every later test's batch work (`gc_pause` leaves a frozen heap alone). Thawed after each test
    that froze it, as the app's own process would end."""
    thawed = gc.get_freeze_count() == 0
    yield
    if thawed:
        gc.unfreeze()  # constant time; counting the frozen objects again would walk them all


def pytest_collection_modifyitems(config, items) -> None:
    if _CI or "slow" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="slow end-to-end test: CI=true (.ci/run) or `-m slow` runs it")
    for item in items:
        if item.get_closest_marker("slow"):
            item.add_marker(skip)


def pytest_unconfigure(config) -> None:
    shutil.rmtree(config._trainer_cache, ignore_errors=True)
