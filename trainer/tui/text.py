"""Bank text as widget content. Bank strings are data: they reach a widget only through these helpers,
which build `Content` from plain text and style by offsets, so `[bold]x` or `[@click=app.quit]x` in a bank
shows verbatim and runs nothing."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content


def plain(text: str, style: str = "") -> Content:
    content = Content(text)
    return content.stylize(style) if style else content


def join(*parts: Content | str) -> Content:
    """Join pieces; a bare str here is our own literal text, never bank text."""
    return Content.assemble(*parts)


def highlight(text: str, picks: Iterable[str], style: str = "bold reverse") -> Content:
    """`text` with every occurrence of each pick styled, ignoring case where that keeps offsets aligned
    (the bank's answer may differ in case from its quote)."""
    content = Content(text)
    haystack = text.lower()
    fold = len(haystack) == len(text)
    if not fold:
        haystack = text
    for pick in picks:
        needle = pick.lower() if fold else pick
        if not needle:
            continue
        start = haystack.find(needle)
        while start != -1:
            content = content.stylize(style, start, start + len(needle))
            start = haystack.find(needle, start + len(needle))
    return content
