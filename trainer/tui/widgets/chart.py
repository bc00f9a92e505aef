"""A bar chart over days, scaled from zero, with its axis: a learner sees the shape at a glance and still
gets the figures that matter (the peak) without reading a table."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

BARS = " ▁▂▃▄▅▆▇█"


def bar_rows(values: Sequence[float], height: int, width: int, top: float | None = None) -> list[str]:
    """`height` text rows drawing one bar per value, each `width` cells wide, top row first; a bar of
    `top` (default: the largest value) fills the height."""
    peak = top or max(values, default=0) or 1
    eighths = [round(v / peak * height * 8) for v in values]
    rows = []
    for row in range(height - 1, -1, -1):
        cells = (BARS[max(0, min(8, e - row * 8))] * width for e in eighths)
        rows.append("".join(cells))
    return rows


class DayChart(Widget):
    """One bar per day; the height is set in CSS (`DayChart { height: N }`): bars take all but the axis row."""

    def __init__(
        self,
        values: Sequence[float],
        *,
        first: str,
        last: str,
        caption: str,
        top: float | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.values = list(values)
        self.top = top
        self.first, self.last, self.caption = first, last, caption

    def render(self) -> Content:
        n = len(self.values) or 1
        width = max(1, (self.size.width - 1) // n)
        rows = bar_rows(self.values, max(1, self.size.height - 1), width, self.top)
        axis_width = width * n
        label = self.caption
        gap = max(1, axis_width - len(self.first) - len(self.last) - len(label))
        axis = f"{self.first}{' ' * (gap // 2)}{label}{' ' * (gap - gap // 2)}{self.last}"
        return Content.assemble(("\n".join(rows), "$accent"), "\n", (axis, "dim"))
