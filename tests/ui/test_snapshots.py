"""SVG snapshots of the main screens at 80x24, with a fixed clock and seed and a fresh progress file.
Update after a deliberate change of look: pytest tests/ui/test_snapshots.py --snapshot-update"""

from __future__ import annotations

from pathlib import Path

from uikit import SIZE, answer, answer_right, bank, make_app


def wrong_option(app) -> str:
    q = app.session.current
    return str(next(i for i in range(len(q.options)) if i != q.answer) + 1)


def test_question_choice(snap_compare, progress: Path) -> None:
    assert snap_compare(make_app(progress, bank("apollo")), terminal_size=SIZE)


def test_question_order(snap_compare, progress: Path) -> None:
    assert snap_compare(make_app(progress, bank("order")), press=["J"], terminal_size=SIZE)


def test_feedback_choice_wrong(snap_compare, progress: Path) -> None:
    app = make_app(progress, bank("apollo"), seed=0)  # a first question whose wrong options have notes

    async def answer_wrong(pilot) -> None:
        await answer(pilot, wrong_option(app))

    assert snap_compare(app, run_before=answer_wrong, terminal_size=SIZE)


def test_feedback_order(snap_compare, progress: Path) -> None:
    async def move_then_submit(pilot) -> None:
        await answer(pilot, "J", "enter")

    assert snap_compare(make_app(progress, bank("order")), run_before=move_then_submit, terminal_size=SIZE)


def test_statistics(snap_compare, progress: Path) -> None:
    app = make_app(progress, bank("apollo"))

    async def study_then_open_stats(pilot) -> None:
        for _ in range(2):
            await answer_right(pilot)
            await pilot.press("enter")
        await answer(pilot, wrong_option(app))
        await answer(pilot, "s")  # waits for the statistics, computed in a thread

    assert snap_compare(app, run_before=study_then_open_stats, terminal_size=SIZE)
