"""Each test's progress file: a fresh one in its own temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def progress(tmp_path: Path) -> Path:
    return tmp_path / "progress.toml"
