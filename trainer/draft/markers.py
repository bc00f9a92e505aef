"""The citation marker style of an article: numbered (`[12]`), lettered notes (`[a]`) or both. A language
tag such as `[fr]` has two letters and is never a marker."""

from __future__ import annotations

import re
from enum import Enum


class MarkerStyle(Enum):
    NUMBERED = r"\[\d+\]"
    LETTERED = r"\[[a-z]\]"
    BOTH = r"\[(\d+|[a-z])\]"

    @property
    def pattern(self) -> str:
        """The source's `marker_pattern`."""
        return self.value


def detect(text: str) -> MarkerStyle:
    """The style whose markers the text uses; numbered when it has none."""
    numbered = re.search(MarkerStyle.NUMBERED.pattern, text) is not None
    lettered = re.search(MarkerStyle.LETTERED.pattern, text) is not None
    if lettered and numbered:
        return MarkerStyle.BOTH
    return MarkerStyle.LETTERED if lettered else MarkerStyle.NUMBERED


def parse_style(name: str) -> MarkerStyle:
    """`--markers numbered|lettered|both`; raises ValueError for another word."""
    try:
        return MarkerStyle[name.upper()]
    except KeyError:
        choices = ", ".join(style.name.lower() for style in MarkerStyle)
        raise ValueError(f"unknown marker style {name!r} (choose {choices})") from None
