"""Exact TOML formatting of the few value types a progress file holds.

Written by hand rather than with `tomli_w` because a journal entry must be one short, predictable block of
text (one `os.write`, no raw newline inside any value, so the entry terminator line can never occur inside a
string). Every function here is tested to round-trip through `tomllib` and `toml_rs`, hostile strings included.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

from trainer.sanitize import ESCAPED_IN_FILES

# TOML basic strings forbid U+0000..U+001F (tab apart) and U+007F raw. We escape tab too, C1 and the bidi
# controls (which `cat` would pass to the terminal), and the Unicode line and paragraph separators, so that
# one value is always one visible line for a reader.
_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), *sorted(ESCAPED_IN_FILES)]}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"})


def string(text: str) -> str:
    """A TOML basic string. Lone surrogates (not encodable in UTF-8, not allowed by TOML) become U+FFFD."""
    if not text.isascii() or not text.isprintable() or '"' in text or "\\" in text:
        text = _SURROGATE.sub("\ufffd", text).translate(_ESCAPES)
    return f'"{text}"'


_SURROGATE = re.compile("[\ud800-\udfff]")


def instant(moment: datetime) -> str:
    """A TOML offset datetime in UTC (`Z`), microseconds kept when present."""
    if moment.tzinfo is None:
        raise ValueError(f"a stored time must be timezone-aware, not {moment!r}")
    utc = moment.astimezone(UTC)
    text = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    if utc.microsecond:
        text += f".{utc.microsecond:06d}"
    return text + "Z"


def number(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(float(value))


def value(item: object) -> str:
    """Any scalar a progress file holds."""
    # bool before int: bool is an int subclass.
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        return number(item)
    if isinstance(item, str):
        return string(item)
    if isinstance(item, datetime):
        return instant(item)
    raise TypeError(f"cannot store {type(item).__name__} in a progress file")


def inline_table(pairs: dict[str, object]) -> str:
    """`{ a = 1, b = "x" }`; None values are left out (TOML has no null)."""
    body = ", ".join(f"{k} = {value(v)}" for k, v in pairs.items() if v is not None)
    return f"{{ {body} }}" if body else "{}"


def table(header: str, pairs: dict[str, object]) -> str:
    """`[[header]]` followed by one `key = value` line per pair (None left out; dicts as inline tables)."""
    lines = [f"[[{header}]]"]
    for k, v in pairs.items():
        if v is not None:
            lines.append(f"{k} = {inline_table(v) if isinstance(v, dict) else value(v)}")
    return "\n".join(lines) + "\n"
