"""Where the learner stands: charts of what is due and of past reviews, retention, the weakest facts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Label, Static

from trainer.study.stats import Stats
from trainer.tui.safe_text import join, plain
from trainer.tui.screens.stats_view import StatsView
from trainer.tui.widgets.chart import DayChart
from trainer.wording import percent


def weakest_lines(stats: Stats) -> list[Content]:
    lines = []
    for f in stats.weakest:
        citations = " ".join(f.text.citations)
        lines.append(
            join(
                Content(f"{f.recall:>4.0%} ").stylize("bold $warning"),
                plain(f.text.statement),
                plain(f" {citations}", "dim") if citations else "",
            )
        )
    return lines or [Content("Nothing answered yet.").stylize("dim")]


class StatsScreen(StatsView):
    AUTO_FOCUS = "#stats"  # the scrolling body, so the keys scroll a long text
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose_stats(self, s: Stats) -> ComposeResult:
        due = [d.count for d in s.due_per_day]
        reviews = [d.reviews for d in s.history]
        accuracy = [round((d.accuracy or 0) * 100) for d in s.history]
        right = s.total_correct / s.total_reviews if s.total_reviews else None
        past = f"-{len(reviews) - 1}d"
        with VerticalScroll(id="stats"):
            yield Static(
                f"Due now {s.due_now} · next 7 days {s.due_next_7} · next 30 days {s.due_next_30}"
                f" · streak {s.streak} day{'' if s.streak == 1 else 's'}\n"
                f"Retention {percent(s.retention.rate)} (last 30 days {percent(s.retention_month.rate)})"
                f" · {s.total_reviews} reviews of {s.items_seen} items, {percent(right)} right",
                id="stats-head",
            )
            yield Label("Reviews due per day, next 30 days", classes="chart-title")
            yield DayChart(
                due, first="today", last="+29d", caption=f"most {max(due, default=0)}", id="due-chart"
            )
            with Horizontal(id="history"):
                with Vertical():
                    yield Label(f"Reviews per day, last {len(reviews)} days", classes="chart-title")
                    yield DayChart(
                        reviews, first=past, last="today", caption=f"{sum(reviews)}", id="reviews-chart"
                    )
                with Vertical():
                    yield Label("Share right per day", classes="chart-title")
                    yield DayChart(
                        accuracy, first=past, last="today", caption="0-100%", top=100, id="accuracy-chart"
                    )
            yield Label("Weakest facts (chance of recalling now)", classes="chart-title")
            yield Static(Content("\n").join(weakest_lines(s)), id="weakest")
        yield Footer()
