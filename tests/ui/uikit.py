"""Driving the app in tests: the real engine, a temporary progress file, a fixed clock and seed."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

from trainer.questions.model import Question
from trainer.study.clock import parse_now
from trainer.tui.app import AppOptions, TrainerApp

BANKS = Path(__file__).parent / "banks"
NOW = "2026-03-01T09:00:00+00:00"
SEED = 1
SIZE = (80, 24)


def bank(name: str) -> str:
    return str(BANKS / f"{name}.toml")


def make_app(
    progress: Path, *banks: str, limit: int | None = None, seed: int = SEED, **options: object
) -> TrainerApp:
    # The timer moves 0.75 s per reading, whatever the machine's speed: the same review times every run.
    ticks = itertools.count()
    return TrainerApp(
        AppOptions(
            progress=progress,
            banks=tuple(banks),
            now=parse_now(NOW),
            seed=seed,
            limit=limit,
            timer=lambda: next(ticks) * 0.75,
            **options,  # type: ignore[arg-type]
        )
    )


async def settle(pilot: Pilot) -> None:
    """Wait until the answer being saved (in a thread) is on disk and its feedback is on screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def answer(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def screen_text(app: App) -> str:
    """The screen as plain text, composed as `App.export_screenshot` composes it (overlays included)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, color_system=None)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def right_keys(question: Question) -> list[str]:
    """The keys that answer `question` right: its option's number, or the moves that put an ordering's
    items in order (up/down select, K moves up) and Enter."""
    if isinstance(question.answer, int):
        return [str(question.answer + 1)]
    order, selected, keys = list(range(len(question.options))), 0, []
    for target, item in enumerate(question.answer):
        place = order.index(item)
        keys += ["down"] * (place - selected) + ["up"] * (selected - place) + ["K"] * (place - target)
        order.insert(target, order.pop(place))
        selected = target
    return [*keys, "enter"]


async def answer_right(pilot: Pilot) -> None:
    await answer(pilot, *right_keys(pilot.app.session.current))  # type: ignore[attr-defined]
