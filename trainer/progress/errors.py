"""The one error the progress store raises: it names the file and line and says how to recover."""

from __future__ import annotations

from pathlib import Path


class ProgressError(Exception):
    """A progress file that cannot be used (unreadable, corrupt, newer schema) or could not be saved.

    `str()` is `PATH:LINE: message` (or `PATH: message` without a line) followed by a recovery hint.
    """

    def __init__(self, path: Path | str, line: int | None, message: str, hint: str | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        self.hint = hint if hint is not None else untouched_hint(self.path)
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else f"{self.path}"
        return f"{where}: {self.message}" + (f"\n{self.hint}" if self.hint else "")


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def untouched_hint(path: Path) -> str:
    backup = backup_path(path)
    if backup.is_file():
        return (
            f"The file was left untouched; the last good copy is {backup} (from the last compaction, "
            f"so it may lack the latest answers): copy it over to recover, or move the file away to start afresh."
        )
    return "The file was left untouched: repair it by hand, or move it away to start afresh."
