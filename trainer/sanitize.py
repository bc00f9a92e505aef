"""The one boundary where text read from a bank, a progress file or an export becomes text that a terminal or
an output file shows. Control characters are data, never instructions: an ESC in a bank prompt must not write
the learner's clipboard or wipe the screen, a bidi override must not reorder what the learner reads.

`visible(text)` replaces every C0 control (all of them, or all but newline and tab with `multiline=True`),
DEL and every C1 control by a visible stand-in (the Unicode control pictures U+2400-U+2421, U+FFFD for C1), and
shows bidi embedding, override and isolate controls as `⟨U+202E⟩` instead of obeying them."""

from __future__ import annotations

_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))


def _table(*, multiline: bool) -> dict[int, str]:
    table: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20)}
    table[0x7F] = "\u2421"
    table.update(dict.fromkeys(range(128, 160), "�"))
    table.update({c: f"⟨U+{c:04X}⟩" for c in _BIDI})
    if multiline:
        del table[0x0A], table[0x09]
    return table


_ONE_LINE = _table(multiline=False)
_MULTILINE = _table(multiline=True)


def visible(text: str, *, multiline: bool = False) -> str:
    """`text` with nothing a terminal would obey: see the module's docstring."""
    return text.translate(_MULTILINE if multiline else _ONE_LINE)


def is_clean(text: str, *, multiline: bool = False) -> bool:
    """True where `visible` would leave `text` as it is."""
    return visible(text, multiline=multiline) == text
