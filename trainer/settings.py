"""The learner's settings: a small TOML file in the user config folder (`$TRAINER_CONFIG` overrides where).

    retention = 0.9        # desired retention, 0.70 to 0.97: the share of reviews FSRS aims to have recalled
    new_per_day = 20       # new items per day and bank (absent: each bank's own setting)
    session_length = 20    # questions in a session
    day_start_hour = 4     # the local hour a study day starts at
    theme = "nord"         # the app's theme; written back when it is changed in the app

Every key is optional; command-line flags override the file. A value that is wrong is reported as
`FILE:LINE: message` and nothing starts, rather than studying with a setting the learner did not mean.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from trainer import tomlread
from trainer.progress.fileio import atomic_write, make_dirs
from trainer.progress.tomlfmt import string
from trainer.readfile import Unusable, read_regular
from trainer.study.clock import DAY_START_HOUR
from trainer.study.scheduling import DEFAULT_RETENTION

CONFIG_ENV = "TRAINER_CONFIG"
RETENTION_RANGE = (0.70, 0.97)
"""Below 0.7 reviews come so late that most are forgotten; above 0.97 their number grows steeply for little gain."""


@dataclass(frozen=True)
class Settings:
    retention: float = DEFAULT_RETENTION
    new_per_day: int | None = None
    session_length: int = 20
    day_start_hour: int = DAY_START_HOUR
    theme: str | None = None
    typed: bool = False
    """Line mode asks for typed answers where it may (`StudySession.typable`); the app's key `t` types one."""


MAX_BYTES = 1024 * 1024
"""A settings file is a few lines; a larger one is not one."""


class SettingsError(ValueError):
    """`FILE:LINE: message`."""


def settings_path() -> Path:
    if env := os.environ.get(CONFIG_ENV):
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path("trainer", appauthor=False) / "settings.toml"


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# key -> (check, what a good value is)
_CHECKS = {
    "retention": (
        lambda v: _number(v) and RETENTION_RANGE[0] <= v <= RETENTION_RANGE[1],
        f"a number from {RETENTION_RANGE[0]:.2f} to {RETENTION_RANGE[1]:.2f}",
    ),
    "new_per_day": (lambda v: _whole(v) and v >= 0, "a whole number, 0 or more"),
    "session_length": (lambda v: _whole(v) and v >= 1, "a whole number, 1 or more"),
    "day_start_hour": (lambda v: _whole(v) and 0 <= v <= 23, "a whole number from 0 to 23"),
    "theme": (lambda v: isinstance(v, str) and bool(v.strip()), 'a theme\'s name, e.g. "nord"'),
    "typed": (lambda v: isinstance(v, bool), "true or false"),
}


def _line(text: str, key: str) -> int:
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: `settings_path()`); defaults when the file does not exist."""
    path = settings_path() if path is None else path
    try:
        text = read_regular(path, MAX_BYTES)[0].decode("utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, Unusable) as error:
        raise SettingsError(f"{path}:1: cannot read the settings file: {error}") from None
    try:
        doc = tomlread.loads(text, toml_version="1.0.0")
    except tomlread.TomlError as error:
        raise SettingsError(f"{path}:{error.line}: not valid TOML: {error.message}") from None
    values: dict[str, object] = {}
    for key, value in doc.items():
        if key not in _CHECKS:
            known = ", ".join(_CHECKS)
            raise SettingsError(f"{path}:{_line(text, key)}: unknown setting `{key}` (known: {known})")
        check, good = _CHECKS[key]
        if not check(value):
            raise SettingsError(f"{path}:{_line(text, key)}: `{key}` should be {good}, not {value!r}")
        values[key] = float(value) if key == "retention" else value
    return Settings(**values)  # type: ignore[arg-type]


def save_theme(theme: str, path: Path | None = None) -> None:
    """Remember the app's theme: the file's `theme` line replaced (or added), everything else kept as the
    learner wrote it."""
    path = settings_path() if path is None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    line = f"theme = {string(theme)}"
    pattern = re.compile(r"^[ \t]*theme[ \t]*=.*$", re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: line, text, count=1)
    else:
        text += ("" if not text or text.endswith("\n") else "\n") + line + "\n"
    make_dirs(path.parent)
    atomic_write(path, text.encode())
