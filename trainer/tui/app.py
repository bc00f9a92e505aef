"""The study app: loads the banks and the progress file, runs a `StudySession`, and shows its screens.

Each screen's module is imported when first shown, so nothing but the first question stands between
starting `trainer` and studying."""

from __future__ import annotations

import asyncio
import gc
import importlib
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker

from trainer import gc_pause
from trainer.bank.loaded import LoadedBank
from trainer.bank.problems import BankError
from trainer.gc_pause import without_cycle_collection
from trainer.progress.errors import ProgressError
from trainer.progress.store import ProgressStore
from trainer.questions.model import Question
from trainer.study.clock import DAY_START_HOUR, utc_now
from trainer.study.scheduling import DEFAULT_RETENTION
from trainer.study.session import DEFAULT_LIMIT, Feedback, StudySession
from trainer.wording import until_at

if TYPE_CHECKING:
    from trainer.study.stats import Stats


FIX_AND_RESTART = "Nothing was written. Fix the file and start trainer again."
NOTHING_LEFT = "Nothing is due and no new questions are left for today."
MORE_NEW = 10
"""New items per bank that "n" on Home adds to today's."""


@dataclass(frozen=True)
class Study:
    """What a session takes from its banks, beyond the day's due and new items."""

    tags: tuple[str, ...] = ()
    practice: bool = False
    extra_new: int = 0


@dataclass(frozen=True)
class AppOptions:
    progress: Path
    banks: tuple[str, ...] = ()
    """Bundled bank names or bank files; empty means every bundled bank."""
    now: datetime | None = None
    """A fixed time to run at (`--now`), for replaying schedules and for tests."""
    limit: int | None = None
    new_per_day: int | None = None
    seed: int | None = None
    tags: tuple[str, ...] = ()
    """Only questions on facts with one of these tags (`--tag`)."""
    practice: bool = False
    """Start with practice (`--practice`)."""
    retention: float = DEFAULT_RETENTION
    day_start_hour: int = DAY_START_HOUR
    theme: str | None = None
    settings_file: Path | None = None
    """Where a theme chosen in the app is remembered; None: not remembered (tests)."""
    timer: Callable[[], float] = time.monotonic
    """What answer times are measured with (seconds). With a fixed `now` the session's clock advances by
    them, so tests that need the same times on every run pass a timer of their own."""


class TrainerApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "trainer"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("s", "statistics", "Stats"),
        Binding("h", "home", "Home"),
    ]

    def __init__(self, options: AppOptions) -> None:
        super().__init__()
        self.options = options
        self.banks: list[LoadedBank] = []
        self.store: ProgressStore | None = None
        self.session: StudySession | None = None
        self.failed = False
        """A file could not be loaded or saved: the exit code says so."""
        self.saving: Worker | None = None
        """The answer being written, until its feedback shows."""
        self._main: Screen | None = None
        """The screen the learner is on, beneath any overlay."""
        self._frozen: set[str] = set()
        """What has been frozen out of the cyclic collector already (see `_keep_out_of_gc`)."""
        self.close_error: ProgressError | None = None
        """Closing the progress file failed (every answer is saved, but not tidied up)."""

    def now(self) -> datetime:
        """The session's clock (which a fixed `--now` advances by answer durations), else the real one."""
        if self.session is not None:
            return self.session.now()
        return self.options.now or utc_now()

    def bank_title(self, bank_id: str) -> str:
        return next((b.bank.title for b in self.banks if b.id == bank_id), bank_id)

    def stats(self) -> Stats:
        """Everything the home and statistics screens show, from the history's tally: run it in a thread."""
        from trainer.study.stats import store_stats

        assert self.store is not None
        stats = store_stats(self.store, self.now(), banks=self.banks)
        self._keep_out_of_gc("history")  # the history's tally, read for the first time
        return stats

    def refit_hint(self) -> str | None:
        """Whether to offer fitting FSRS to the learner's answers (read from item counts, not the history)."""
        from trainer.study.personal import refit_hint

        if self.store is None:
            return None
        return refit_hint(sum(p.reviews for p in self.store.items.values()), self.store.fsrs)

    @work(thread=True, exclusive=True, group="optimize")
    def action_optimize(self) -> None:
        """`trainer optimize` from the app: fit in a thread, keep the result only where it is better."""
        from trainer.commands.optimize import answers, personal_parameters
        from trainer.study import personal

        store = self.store
        if store is None:
            return
        self.call_from_thread(self.notify, "Fitting FSRS to your answers…", timeout=3)
        try:
            fit = personal.fit(answers(store.reviews()))
        except personal.NotEnoughHistory as error:
            self.call_from_thread(self.notify, Content(str(error)), severity="warning")
            return
        figures = f"log loss {fit.default.log_loss:.4f} → {fit.fitted.log_loss:.4f}, RMSE {fit.default.rmse_bins:.4f} → {fit.fitted.rmse_bins:.4f}"
        if not fit.better:
            self.call_from_thread(self.notify, f"Kept the defaults: the fit was not better ({figures}).")
            return
        try:
            store.set_fsrs(personal_parameters(fit, self.now()))
        except ProgressError as error:
            self.call_from_thread(self.notify, Content(str(error)), severity="error")
            return
        self.call_from_thread(
            self.notify, f"Your own FSRS parameters are kept ({figures}); used from the next session."
        )

    # Start-up and shutdown

    def get_default_screen(self) -> Screen:
        """The first screen is the first question itself (or what stands in its place), built before
        Textual composes anything: a screen pushed over an empty default one costs a second layout and
        paint before the learner sees anything (benchmarks/bench_app.py)."""
        self._main = self._first_screen()
        return self._main

    def _first_screen(self) -> Screen:
        from trainer.bank.loading import load_banks
        from trainer.paths import bank_cache

        try:
            self.banks = load_banks(list(self.options.banks), bank_cache())
            self.store = ProgressStore.open(self.options.progress)
        except BankError as error:
            return self._error_screen(
                "A bank could not be loaded", [str(p) for p in error.problems], FIX_AND_RESTART
            )
        except ProgressError as error:
            return self._error_screen("The progress file could not be loaded", [str(error)], FIX_AND_RESTART)
        o = self.options
        self._new_session(self.banks, Study(o.tags, o.practice))
        if (screen := self._current_screen()) is not None:
            return screen
        from trainer.tui.screens.home import HomeScreen

        return HomeScreen(self.nothing_left())

    def on_mount(self) -> None:
        self._exit_on_hangup()
        if self.options.theme in self.available_themes:
            self.theme = self.options.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        """A theme chosen in the app (ctrl+p) is kept in the settings file for the next start."""
        path = self.options.settings_file
        if path is None or theme.name == self.options.theme:
            return
        from trainer.settings import save_theme

        try:
            save_theme(theme.name, path)
        except OSError as error:
            self.notify(f"The theme could not be remembered: {error.strerror or error}", severity="warning")

    def _error_screen(self, title: str, lines: list[str], hint: str) -> Screen:
        from trainer.tui.screens.error import ErrorScreen

        self.failed = True
        return ErrorScreen(title, lines, hint)

    def _exit_on_hangup(self) -> None:
        # Closing the terminal (SIGHUP) or `kill` ends the app the orderly way, so the store is closed.
        # Every answer is already on disk by then; this only releases the file.
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(signum, self.call_next, self.action_quit)

    def on_unmount(self) -> None:
        if self.store is not None:
            try:
                self.store.close()
            except ProgressError as error:
                self.close_error = error  # said on the terminal once the app has left the screen
            self.store = None

    # Studying

    def start_session(self, banks: list[LoadedBank], study: Study = Study()) -> None:
        """A new session on `banks`; when it has nothing to ask, Home says why and what else there is."""
        self._new_session(banks, study)
        self.show_current()

    def nothing_left(self) -> str:
        """Why the session has nothing to ask, when to come back, and what to do meanwhile."""
        session = self.session
        assert session is not None
        if session.practice:
            return "Nothing to practise yet: study some questions first."
        if session.tags:
            return f"Nothing due or new today with the tag {', '.join(session.tags)}."
        due = session.next_due()
        when = f" The next review is due {until_at(due, session.now())}." if due is not None else ""
        return f"{NOTHING_LEFT}{when} Press p to practise, n for {MORE_NEW} more new."

    def flag(self, question: Question, note: str) -> None:
        assert self.session is not None
        try:
            self.session.flag(question, note)
        except ProgressError as error:
            self._show(self._error_screen("The flag could not be saved", [str(error)], FIX_AND_RESTART))
            return
        self.notify("Flagged: not asked again until the bank changes it (u takes it back).", timeout=3)
        self.show_current()

    def _new_session(self, banks: list[LoadedBank], study: Study) -> None:
        assert self.store is not None
        o = self.options
        # With a fixed --now, a later session carries on from the previous one's clock, not back in time.
        now = self.session.now() if self.session is not None and o.now is not None else o.now
        with without_cycle_collection():  # planning reads every item's state: tens of thousands of tuples
            self.session = StudySession(
                banks,
                self.store,
                now=now,
                limit=DEFAULT_LIMIT if o.limit is None else o.limit,
                new_per_day=o.new_per_day,
                seed=o.seed,
                tags=study.tags,
                practice=study.practice,
                extra_new=study.extra_new,
                retention=o.retention,
                day_start_hour=o.day_start_hour,
            )
        self._keep_out_of_gc("loaded")  # the store and the session have read what they keep

    def show_current(self) -> None:
        """The session's current question, or its summary when it is over."""
        screen = self._current_screen()
        if screen is None:
            self.action_home(notice=self.nothing_left())
        else:
            self._show(screen)

    def _current_screen(self) -> Screen | None:
        """The question or summary screen; None for a session that had nothing to ask."""
        session = self.session
        assert session is not None
        if session.current is not None:
            from trainer.tui.screens.question import QuestionScreen

            # While the learner reads: load the feedback screen's code, and collect the screens of the last
            # question, whose cyclic garbage would otherwise be collected in a full pass at
            # whatever moment the collector picks, as often as not between an answer and its feedback.
            self.call_after_refresh(importlib.import_module, "trainer.tui.screens.feedback")
            self.call_after_refresh(gc.collect)
            return QuestionScreen(session, self.options.timer)
        if session.position[0]:
            from trainer.tui.screens.summary import SummaryScreen

            return SummaryScreen(session.summary())
        return None

    def answer(self, response: int | tuple[int, ...], duration_ms: int) -> None:
        """Record the answer, then show its feedback. `StudySession.answer` is durable when it returns: an
        fsync, and every 1,000th answer a compaction of the file (benchmarks/bench_app.py times both). It runs in a thread so the screen never freezes, and the
        feedback, hence the next question, shows only once the answer is on disk."""
        assert self.session is not None
        self.saving = self.run_worker(
            partial(_saved, self.session.answer, response, duration_ms), thread=True
        )

    def answer_typed(self, text: str, duration_ms: int) -> None:
        """As `answer`, for an answer typed instead of picked."""
        assert self.session is not None
        self.saving = self.run_worker(
            partial(_saved, self.session.answer_typed, text, duration_ms), thread=True
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self.saving or not event.worker.is_finished:
            return
        self.saving = None
        outcome = event.worker.result
        if isinstance(outcome, ProgressError):
            hint = "Every earlier answer is on disk. Free some space or fix the folder's permissions, then start again."
            self._show(self._error_screen("Your last answer could not be saved", [str(outcome)], hint))
        elif isinstance(outcome, Feedback):
            from trainer.tui.screens.feedback import FeedbackScreen

            assert self.session is not None  # it answered
            self._show(FeedbackScreen(outcome, self.session.position))

    def undo(self) -> None:
        if self.saving is not None:
            return  # the answer being saved is undone once its feedback shows
        flag = self.session is not None and self.session.undo_lifts_flag
        if self.session is not None and self.session.undo():
            self.notify("Flag taken back." if flag else "Answer taken back.", timeout=2)
            self.show_current()
        else:
            self.notify("Nothing to undo.", severity="warning", timeout=2)

    async def action_quit(self) -> None:
        # An answer being written is kept, and statistics being read finish before the store closes.
        await self.workers.wait_for_complete()
        self.exit(return_code=1 if self.failed else 0)

    def _keep_out_of_gc(self, what: str) -> None:
        """A long history is hundreds of thousands of objects that live as long as the app: kept out of the
        cyclic collector, whose full passes over them would otherwise stall the feedback after an answer
        (benchmarks/bench_app.py). Once per `what`: a freeze also keeps every screen alive at that moment
        for good, so freezing each time statistics are shown would strand each of them."""
        if what not in self._frozen:
            self._frozen.add(what)
            gc_pause.freeze()

    # Screens any screen can reach, by key or from the command palette (ctrl+p), beside its themes

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.store is not None:
            yield SystemCommand("Home", "The banks with what is due, and today's figures", self.action_home)
            yield SystemCommand(
                "Statistics", "Reviews due, past reviews, retention, weakest facts", self.action_statistics
            )
        yield SystemCommand("Help", "Every key", self.action_help)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("home", "statistics"):
            # Nothing to show when loading failed; nothing else opens while an answer is being saved.
            return self.store is not None and self.saving is None
        return True

    def action_home(self, notice: str | None = None) -> None:
        from trainer.tui.screens.home import HomeScreen

        self._close_overlays()
        if not isinstance(self.screen, HomeScreen):
            self._show(HomeScreen(notice))
        elif notice:  # already home: say it, rather than do nothing
            self.screen.show_notice(notice)

    def action_statistics(self) -> None:
        from trainer.tui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_help(self) -> None:
        from trainer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # The stack: the first screen; the main screen (the first, until the learner moves on: then pushed over
    # it once, as Textual cannot switch the default screen away, and switched from there on: question,
    # feedback, summary, home, error); and overlays pushed on the main screen (help, statistics).

    def _show(self, screen: Screen) -> None:
        self._close_overlays()
        if self.screen is self.screen_stack[0]:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)
        self._main = screen

    def _close_overlays(self) -> None:
        while self.screen is not self._main:
            self.pop_screen()


_R = TypeVar("_R")


def _saved(answer: Callable[[_R, int], Feedback], response: _R, duration_ms: int) -> Feedback | ProgressError:
    try:
        return answer(response, duration_ms)
    except ProgressError as error:  # the disk refused: say so on screen, the session stays on the question
        return error
