"""The banks with their due, new and learned counts; start a session on one or all; today's figures."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Static

from trainer.study.stats import Stats
from trainer.tui.app import MORE_NEW, Study
from trainer.tui.host import host
from trainer.tui.safe_text import cell
from trainer.tui.screens.stats_view import StatsView
from trainer.wording import ago

ALL = "*all*"


def today_line(stats: Stats) -> str:
    days = f"{stats.streak} day{'' if stats.streak == 1 else 's'}"
    return f"Today: {stats.today_reviews} reviewed, {stats.today_correct} right · streak {days}"


class HomeScreen(StatsView):
    AUTO_FOCUS = "#banks"
    BINDINGS = [
        # Priority, so the focused table does not take Enter (and the footer shows it).
        Binding("enter", "study_selected", "Study", priority=True),
        Binding("a", "study_all", "Study all"),
        Binding("p", "practice", "Practise"),
        Binding("n", "more_new", "More new"),
        Binding("t", "study_tag", "Study a tag"),
        Binding("c", "continue", "Continue session"),
        Binding("o", "app.optimize", "Fit memory model"),
    ]

    def __init__(self, notice: str | None = None) -> None:
        super().__init__()
        self.notice = notice

    def compose_stats(self, stats: Stats) -> ComposeResult:
        with Vertical(id="home"):
            yield Static(Content("trainer").stylize("bold $accent"), id="home-title")
            yield Static(Content(self.notice or ""), id="notice", classes="" if self.notice else "-hidden")
            table: DataTable = DataTable(id="banks", cursor_type="row", zebra_stripes=True)
            table.add_columns("Bank", "Due", "New", "Learned", "Last studied")
            for b in stats.banks:
                if b.title is None:
                    continue  # history of a bank not loaded: nothing to study
                new = "–" if b.new is None else str(b.new)
                row = (cell(b.title), str(b.due), new, str(b.learned), ago(b.last_studied, stats.now))
                table.add_row(*row, key=b.bank)
            if len(table.rows) > 1:
                table.add_row(cell("All banks", "bold"), "", "", "", "", key=ALL)
            yield table
            yield Static(today_line(stats), id="today")
            if hint := host(self).refit_hint():
                yield Static(Content(f"{hint} Press o."), id="refit")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            session = host(self).session
            return session is not None and session.current is not None
        if action == "app.optimize":
            return host(self).refit_hint() is not None
        return True

    def show_notice(self, notice: str) -> None:
        """Say `notice` (why a key did nothing, what else there is to do)."""
        self.notice = notice
        if self.stats is None:
            self.notify(notice, timeout=4)
            return
        static = self.query_one("#notice", Static)
        static.update(Content(notice))
        static.remove_class("-hidden")

    def _selected(self) -> str:
        """The bank of the selected row (ALL for every bank)."""
        if self.stats is None:
            return ALL
        table = self.query_one(DataTable)
        if not table.row_count:
            return ALL
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ALL

    def action_study_selected(self) -> None:
        if self.stats is None:
            return  # still loading
        self._study(self._selected())

    def action_practice(self) -> None:
        """Studied items of the selected bank(s), weakest first; schedules stay as they are."""
        self._study(self._selected(), Study(practice=True))

    def action_more_new(self) -> None:
        self._study(self._selected(), Study(extra_new=MORE_NEW))

    def action_study_tag(self) -> None:
        from trainer.tui.screens.dialogs import TagDialog

        banks = host(self).banks
        tags = sorted({tag for b in banks for f in b.bank.facts for tag in f.tags})
        if not tags:
            self.show_notice("The banks have no tags.")
            return

        def study(tag: str | None) -> None:
            if tag is not None:
                self._study(ALL, Study(tags=(tag,)))

        self.app.push_screen(TagDialog(tags), study)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self._study(event.row_key.value)

    def action_study_all(self) -> None:
        self._study(ALL)

    def _study(self, bank_id: str | None, study: Study | None = None) -> None:
        app = host(self)
        app.start_session([b for b in app.banks if bank_id in (ALL, b.id)], study or Study())

    def action_continue(self) -> None:
        host(self).show_current()
