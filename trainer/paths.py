"""Where things live: bundled banks and the progress file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import question_bank

if TYPE_CHECKING:
    from trainer.bank.cache import BankCache

BUNDLED_DIR = Path(question_bank.__file__).parent
BANK_FILE = "bank.toml"


def bundled_banks() -> dict[str, Path]:
    """Bundled bank name -> bank file."""
    return {
        d.name: d / BANK_FILE
        for d in sorted(BUNDLED_DIR.iterdir())
        if d.is_dir() and (d / BANK_FILE).is_file()
    }


def resolve_bank(arg: str) -> Path:
    """A bundled bank's name, or else a path to a bank file (or to a folder holding `bank.toml`)."""
    bundled = bundled_banks()
    if arg in bundled and not Path(arg).exists():
        return bundled[arg]
    path = Path(arg)
    return path / BANK_FILE if path.is_dir() else path


def progress_path(explicit: str | None = None) -> Path:
    """`--progress`, else $TRAINER_PROGRESS, else the platform's user data folder."""
    if explicit:
        return Path(explicit)
    if env := os.environ.get("TRAINER_PROGRESS"):
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("trainer", appauthor=False) / "progress.toml"


def bank_cache() -> BankCache:
    """The cache of validated banks: its own folder `banks` in $TRAINER_CACHE_DIR, else in the platform's
    user cache folder; its key in the user data folder, out of reach of whoever can write the cache."""
    from platformdirs import user_cache_path, user_data_path

    from trainer.bank.cache import BankCache

    env = os.environ.get("TRAINER_CACHE_DIR")
    root = Path(env) if env else user_cache_path("trainer", appauthor=False)
    return BankCache(root / "banks", user_data_path("trainer", appauthor=False) / "bank-cache.key")
