"""The one boundary where text read from a bank, a progress file or an export becomes text that a terminal or
an output file shows. Control characters are data, never instructions: an ESC in a bank prompt must not write
the learner's clipboard or wipe the screen, a bidi override must not reorder what the learner reads.

`visible(text)` replaces every C0 control (all of them, or all but newline and tab with `multiline=True`),
DEL and every C1 control by a visible stand-in (the Unicode control pictures U+2400-U+2421, U+FFFD for C1);
shows bidi embedding, override, isolate and mark characters and the Unicode line and paragraph separators
(which some terminals and editors take as line breaks) as `⟨U+202E⟩` instead of obeying them; and replaces a
lone surrogate, which no encoder accepts, by U+FFFD. `json_text` writes JSON in which the same characters are
`\\uXXXX` escapes: nothing is lost, and nothing raw reaches the file.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TextIO

_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_SEPARATORS = (0x2028, 0x2029)
_SURROGATES = range(0xD800, 0xE000)

_C0_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
)  # fmt: skip
_C1_NAMES = (
    "PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU", "RI", "SS2", "SS3",
    "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI", "SCI", "CSI", "ST", "OSC", "PM", "APC",
)  # fmt: skip


@cache
def _table(*, multiline: bool) -> dict[int, str]:
    table: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20)}
    table[0x7F] = "\u2421"
    table.update(dict.fromkeys(range(0x80, 0xA0), "\ufffd"))
    table.update({c: f"⟨U+{c:04X}⟩" for c in (*_BIDI, *_SEPARATORS)})
    table.update(dict.fromkeys(_SURROGATES, "\ufffd"))
    if multiline:
        del table[0x0A], table[0x09]
    return table


def _class(codes: list[int]) -> re.Pattern[str]:
    # Ranges, not 2,000 single characters: a clean text is found clean by one C-speed scan.
    ranges, start = [], codes[0]
    for previous, code in zip(codes, [*codes[1:], -1], strict=True):
        if code != previous + 1:
            ranges.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous != start else "")
            )
            start = code
    return re.compile("[" + "".join(ranges) + "]")


# Built on first use: most text is ASCII and never needs them, and a process that only writes progress
# records should not pay for them at start.
@cache
def _unsafe(*, multiline: bool) -> re.Pattern[str]:
    return _class(sorted(_table(multiline=multiline)))


@cache
def _unsafe_in_json() -> re.Pattern[str]:
    """What `json.dumps(ensure_ascii=False)` leaves raw: it escapes C0 itself."""
    return _class(sorted(ESCAPED_IN_FILES | frozenset(_SURROGATES)))


ESCAPED_IN_FILES = frozenset([0x7F, *range(0x80, 0xA0), *_BIDI, *_SEPARATORS])
"""Beyond C0: what a file that keeps the data exactly (JSON, the progress file) writes as an escape."""
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
_TEXT_ASCII = _PRINTABLE_ASCII + b"\t\n"


def _surely_clean(text: str, *, multiline: bool) -> bool:
    # A regular expression looks at each character (about 25 ns); ASCII text is checked a byte at a time
    # in C (about 1 ns), and most text, a 10,000-fact bank included, is ASCII.
    if not text.isascii():
        return False
    return not text.encode().translate(None, _TEXT_ASCII if multiline else _PRINTABLE_ASCII)


def visible(text: str, *, multiline: bool = False) -> str:
    """`text` with nothing a terminal would obey: see the module's docstring."""
    if _surely_clean(text, multiline=multiline):
        return text
    if _unsafe(multiline=multiline).search(text) is None:
        return text
    return text.translate(_table(multiline=multiline))


def is_clean(text: str, *, multiline: bool = False) -> bool:
    """True where `visible` would leave `text` as it is."""
    return first_unsafe(text, multiline=multiline) is None


def first_unsafe(text: str, *, multiline: bool = False, start: int = 0) -> int | None:
    """The index of the first character at or after `start` that `visible` would replace, or None."""
    if _surely_clean(text, multiline=multiline):
        return None
    found = _unsafe(multiline=multiline).search(text, start)
    return None if found is None else found.start()


def describe(char: str) -> str:
    """`U+001B ESC`, `U+202E RIGHT-TO-LEFT OVERRIDE`: a character named for a message."""
    code = ord(char)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code < 0xA0:
        name = _C1_NAMES[code - 0x80]
    elif code in _SURROGATES:
        name = "lone surrogate"
    else:
        import unicodedata

        name = unicodedata.name(char, "")
    return f"U+{code:04X} {name}".rstrip()


def json_text(value: object, *, indent: int | None = 2) -> str:
    """`json.dumps(value, ensure_ascii=False)` with every character `visible` would replace escaped (C0 is
    escaped by `json` itself): the same data, readable UTF-8, nothing a terminal or editor obeys. Outside
    strings JSON is ASCII, so every such character stands in a string, where an escape means the same."""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _unsafe_in_json().sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def say(*parts: object, file: TextIO | None = None, end: str = "\n") -> None:
    """`print` through `visible` (newlines and tabs kept): how a command prints anything that may quote a
    bank, a progress file, an export or a file name."""
    print(visible(" ".join(map(str, parts)), multiline=True), file=file, end=end)
