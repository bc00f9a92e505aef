"""The text charts of `trainer stats` and the Markdown export."""

import pytest

from trainer.export.charts import bar, bar_chart, sparkline


@pytest.mark.parametrize(
    ("value", "top", "width", "expected"),
    [
        (4, 4, 10, "█" * 10),
        (1, 4, 10, "██▌"),  # 2.5 cells
        (1, 8, 4, "▌"),  # half a cell
        (1, 1000, 10, "▏"),  # never invisible when above zero
        (0, 4, 10, ""),
        (3, 0, 10, ""),
        (9, 4, 10, "█" * 10),  # capped at the top
    ],
)
def test_bar(value, top, width, expected):
    assert bar(value, top, width) == expected


def test_bar_chart_aligns_labels_and_values():
    lines = bar_chart([("Mon", 2, "2"), ("Tuesday", 4, "4"), ("Wed", 0, "0")], width=4)
    assert lines == ["Mon     ██   2", "Tuesday ████ 4", "Wed          0"]


def test_sparkline():
    assert sparkline([0, 1, 2, 4]) == "▁▃▅█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""
