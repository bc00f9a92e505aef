"""Whole flows through the app, driven with keys as a learner would, on the real engine and store."""

from __future__ import annotations

from pathlib import Path

from uikit import SIZE, answer, answer_right, bank, make_app, right_keys, screen_text, settle

from trainer.progress.store import ProgressStore
from trainer.tui.screens.feedback import FeedbackScreen
from trainer.tui.screens.question import QuestionScreen
from trainer.tui.widgets.reorder_list import ReorderList


def reviews(progress: Path) -> list:
    with ProgressStore.open(progress) as store:
        return store.reviews()


async def test_answer_right_then_wrong(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        question = app.session.current
        assert isinstance(app.screen, QuestionScreen)
        assert question.prompt in screen_text(app)

        await answer(pilot, str(question.answer + 1))
        assert isinstance(app.screen, FeedbackScreen)
        text = screen_text(app)
        assert "✔ Right" in text
        assert " ".join(question.citations) in text and question.source in text
        assert [r.correct for r in reviews(progress)] == [True]  # on disk before the next question

        await pilot.press("enter")
        if app.session.current.kind == "order":  # the first ordering comes second: right, then on
            await answer_right(pilot)
            await pilot.press("enter")
        question = app.session.current
        wrong = next(i for i in range(len(question.options)) if i != question.answer)
        await answer(pilot, str(wrong + 1))
        text = screen_text(app)
        assert "✘ Wrong" in text and "(your answer)" in text
        assert f"✔ {question.options[question.answer]}" in text
        note = question.notes[wrong]
        if note is not None:  # why the chosen option is wrong, beside it
            assert note.text[:40] in text
    assert [r.correct for r in reviews(progress)][-1:] == [False]
    assert all(r.correct for r in reviews(progress)[:-1])


async def test_choice_by_arrows_and_enter(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        question = app.session.current
        await answer(pilot, *["down"] * question.answer, "enter")
        assert "✔ Right" in screen_text(app)


async def test_choice_by_mouse(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        question = app.session.current
        await pilot.click("#options", offset=(4, question.answer))
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        assert "✔ Right" in screen_text(app)


async def test_keys_beyond_the_options_do_nothing(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, str(len(app.session.current.options) + 1))
        assert isinstance(app.screen, QuestionScreen)
    assert not progress.exists()


async def test_reorder_and_submit(progress: Path) -> None:
    app = make_app(progress, bank("order"))
    async with app.run_test(size=SIZE) as pilot:
        question = app.session.current
        assert question.kind == "order"
        order = app.screen.query_one(ReorderList)
        # Sort the list into the right order with the keyboard alone: select, then move with K / shift+up.
        for target, option in enumerate(question.answer):
            await pilot.press(*["up"] * len(question.options), *["down"] * order.model.order.index(option))
            moves = order.model.order.index(option) - target
            await pilot.press(*(["K", "shift+up"] * moves)[:moves])
        assert order.model.response == tuple(question.answer)
        shown = [item.option for item in order.query("ReorderItem")]
        assert shown == list(question.answer)  # the widget mirrors the model
        await answer(pilot, "enter")
        text = screen_text(app)
        assert "✔ Right" in text
        for n, option in enumerate(question.answer, 1):
            assert f"✔ {n}. {question.options[option]}" in text
    assert [r.correct for r in reviews(progress)] == [True]


async def test_reorder_misplaced_items_are_marked(progress: Path) -> None:
    app = make_app(progress, bank("order"))
    async with app.run_test(size=SIZE) as pilot:
        question = app.session.current
        order = app.screen.query_one(ReorderList)
        await pilot.press("J", "shift+down")
        assert order.model.order[2] == 0 and order.model.selected == 2
        response = tuple(order.model.order)
        assert response != tuple(question.answer), "the moves should leave the order wrong"
        await answer(pilot, "enter")
        review = reviews(progress)[0]
        text = screen_text(app)
        assert not review.correct
        assert "✘" in text and ("belongs at" in text or "out of order" in text)


async def test_reorder_by_dragging(progress: Path) -> None:
    app = make_app(progress, bank("order"))
    async with app.run_test(size=SIZE) as pilot:
        order = app.screen.query_one(ReorderList)
        first = order.model.order[0]
        await pilot.mouse_down("#order", offset=(3, 0))
        await pilot.mouse_up("#order", offset=(3, 2))
        assert order.model.order[2] == first
        assert [item.option for item in order.query("ReorderItem")] == order.model.order


async def test_undo_takes_the_answer_back(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        question = app.session.current
        await answer(pilot, str(question.answer + 1))
        assert len(reviews(progress)) == 1
        await pilot.press("u")
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.current.id == question.id
        assert reviews(progress) == []
        await answer(pilot, str(question.answer + 1))
        await pilot.press("ctrl+z")
        assert isinstance(app.screen, QuestionScreen) and reviews(progress) == []


async def test_quit_and_resume_keeps_progress(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        first = app.session.current
        await answer(pilot, str(first.answer + 1))
        await pilot.press("enter")
        second = app.session.current
        await pilot.press(*right_keys(second), "q")  # quit at once: the answer being saved is kept
    assert app.return_code == 0
    with ProgressStore.open(progress) as store:
        assert {first.key, second.key} <= set(store.items)
        assert [r.key for r in store.reviews()] == [first.key, second.key]

    again = make_app(progress, bank("apollo"))
    async with again.run_test(size=SIZE):
        # Both answered items are scheduled for later: the new session starts on something else.
        assert again.session.current.key not in (first.key, second.key)


async def test_session_summary(progress: Path) -> None:
    app = make_app(progress, bank("apollo"), limit=2)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await answer_right(pilot)
            await pilot.press("enter")
        text = screen_text(app)
        assert "Session done: 2 of 2 right" in text and "Nothing missed." in text
        assert "Next reviews" in text


async def test_statistics_screen(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, str(app.session.current.answer + 1))
        await pilot.press("s")
        await settle(pilot)  # statistics are computed in a thread
        text = screen_text(app)
        assert "Reviews due per day, next 30 days" in text
        assert "1 reviews of 1 items, 100% right" in text
        assert "█" in text or "▁" in text  # the charts draw bars
        await pilot.press("escape")
        assert isinstance(app.screen, FeedbackScreen)


async def test_home_lists_banks_and_starts_a_session(progress: Path) -> None:
    app = make_app(progress, bank("apollo"), bank("order"))
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, str(app.session.current.answer + 1))
        await pilot.press("h")
        await settle(pilot)  # statistics are computed in a thread
        text = screen_text(app)
        assert "Apollo 11 in order" in text and "All banks" in text
        assert "Today: 1 reviewed, 1 right" in text
        await pilot.press("down", "enter")  # the second bank
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.current.key.bank == "order"


async def test_help_lists_every_key(progress: Path) -> None:
    app = make_app(progress, bank("order"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        text = screen_text(app)
        for key in ("shift+up", "K", "J", "enter", "ctrl+z", "ctrl+c", "q", "?", "ctrl+p"):
            assert f" {key} " in text, key
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionScreen)


async def test_broken_bank_shows_its_problems(progress: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "broken"\ntitle = "Broken"\n[[sources]]\nid = "s"\ntitle = "S"\nqoute = 1\n')
    app = make_app(progress, str(broken))
    async with app.run_test(size=(200, 24)) as pilot:  # wide: each problem on one line
        text = screen_text(app)
        assert "A bank could not be loaded" in text
        assert f"{broken}:6:1: error: unknown key `qoute`" in text
        assert f"{broken}:3:1: error: missing required key `reference`" in text
        assert "Traceback" not in text
        await pilot.press("q")
    assert app.return_code == 1
    assert not progress.exists()


async def test_corrupt_progress_file_is_left_untouched(progress: Path) -> None:
    garbage = b'version = 1\n[[review]\ntime = "not toml\n'
    progress.write_bytes(garbage)
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=(200, 24)) as pilot:  # wide: the message on one line
        text = screen_text(app)
        assert "The progress file could not be loaded" in text
        assert f"{progress}:2: not valid TOML" in text
        assert "Traceback" not in text
        await pilot.press("1", "s", "h", "q")  # nothing to answer, nothing else opens
    assert app.return_code == 1
    assert progress.read_bytes() == garbage


async def test_command_palette_opens_statistics_and_themes_work(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Statistics", "enter")
        await settle(pilot)
        assert "Reviews due per day, next 30 days" in screen_text(app)
        app.theme = "textual-light"
        await pilot.pause()
        assert "Reviews due per day, next 30 days" in screen_text(app)


async def test_reflows_when_resized(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, str(app.session.current.answer + 1))
        explanation = app.session.summary().next_due[0].question.explanation.split("\n")[0]
        await pilot.resize_terminal(40, 20)
        await pilot.pause()
        narrow = screen_text(app)
        assert max(len(line.rstrip()) for line in narrow.splitlines()) <= 40
        # The explanation wraps onto more lines rather than being cut off.
        assert explanation not in narrow
        assert " ".join(explanation.split()) in " ".join(narrow.split())
