"""Every test process (each xdist worker too) keeps its cache of validated banks in a folder of its own, so
tests never read or fill the user's cache, and reads no settings file but the ones tests write;
subprocesses inherit both through the environment."""

from __future__ import annotations

import os
import shutil
import tempfile

_CACHE = "TRAINER_CACHE_DIR"


def pytest_configure(config) -> None:
    config._trainer_cache = tempfile.mkdtemp(prefix="trainer-test-cache-")
    os.environ[_CACHE] = config._trainer_cache
    os.environ["TRAINER_CONFIG"] = os.path.join(config._trainer_cache, "no-settings.toml")


def pytest_unconfigure(config) -> None:
    shutil.rmtree(config._trainer_cache, ignore_errors=True)
