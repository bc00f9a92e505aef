"""Bank text as widget content. Bank strings are data: they reach a widget only through these helpers,
which build `Content` from plain text and style by offsets, so `[bold]x` or `[@click=app.quit]x` in a bank
shows verbatim and runs nothing, and pass it through `trainer.sanitize.visible` first, so an ESC, a C1
control or a bidi override in a bank is shown (`␛`) rather than sent to the terminal. `Content` and Rich's
`Text` neutralise markup, not control characters."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.content import Content

from trainer.sanitize import visible


def plain(text: str, style: str = "") -> Content:
    content = Content(visible(text, multiline=True))
    return content.stylize(style) if style else content


def cell(text: str, style: str = "") -> Text:
    """One line of data text as Rich `Text`, which `DataTable` measures (its cells take no `Content`)."""
    return Text(visible(text), style=style)


def join(*parts: Content | str) -> Content:
    """Join pieces; a bare str here is our own literal text, never bank text."""
    return Content.assemble(*parts)


def highlight(text: str, picks: Iterable[str], style: str = "bold reverse") -> Content:
    """`text` with every occurrence of each pick styled, ignoring case where that keeps offsets aligned
    (the bank's answer may differ in case from its quote)."""
    text = visible(text, multiline=True)
    content = Content(text)
    haystack = text.lower()
    fold = len(haystack) == len(text)
    if not fold:
        haystack = text
    for pick in picks:
        pick = visible(pick, multiline=True)
        needle = pick.lower() if fold else pick
        if not needle:
            continue
        start = haystack.find(needle)
        while start != -1:
            content = content.stylize(style, start, start + len(needle))
            start = haystack.find(needle, start + len(needle))
    return content
