"""The formats `trainer export` and `trainer report` write: what `--format` accepts, and what each command
dispatches on (exhaustively, so a format added here without a renderer fails mypy)."""

from __future__ import annotations

from enum import StrEnum


class ExportFormat(StrEnum):
    """`trainer export --format`: one learner's progress."""

    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


class ReportFormat(StrEnum):
    """`trainer report --format`: a class report from learners' JSON exports."""

    CSV = "csv"
    MARKDOWN = "markdown"
