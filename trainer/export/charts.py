"""Small text renderings shared by `trainer stats`, the Markdown export and the class report."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from trainer.study.stats import DayCount

_EIGHTHS = " ▏▎▍▌▋▊▉"
_SPARKS = "▁▂▃▄▅▆▇█"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def bar(value: float, top: float, width: int = 30) -> str:
    """A horizontal bar `value/top` of `width` cells, in eighths of a cell."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(8 * width * min(value, top) / top))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def bar_chart(rows: Sequence[tuple[str, float, str]], width: int = 30) -> list[str]:
    """Lines `label bar value` for (label, value, shown value) rows, bars scaled to the largest value."""
    top = max((v for _, v, _ in rows), default=0)
    label_width = max((len(label) for label, _, _ in rows), default=0)
    return [
        f"{label:<{label_width}} {bar(v, top, width):<{width}} {shown}".rstrip() for label, v, shown in rows
    ]


def day_label(day: date) -> str:
    return day.strftime("%a %m-%d")


def due_chart(days: Sequence[DayCount]) -> list[str]:
    return bar_chart([(day_label(d.day), d.count, str(d.count)) for d in days])


def sparkline(values: Sequence[float]) -> str:
    top = max(values, default=0)
    if top <= 0:
        return _SPARKS[0] * len(values)
    return "".join(_SPARKS[min(7, round(7 * v / top))] for v in values)


def md(text: str) -> str:
    """Bank or learner text as literal Markdown: inline markup characters escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
