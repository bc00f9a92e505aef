"""Bank text is data, never markup: markup-shaped strings show verbatim, crash nothing and run no action."""

from __future__ import annotations

from pathlib import Path

import pytest
from uikit import SIZE, answer, bank, make_app, screen_text

from trainer.sanitize import is_clean
from trainer.tui.screens.feedback import FeedbackScreen
from trainer.tui.screens.question import QuestionScreen

HOSTILE = ("[13]", "[ru]", "[/]", "[B]x", "[bold]x", "[@click=app.quit]x")
ALL_IN_ONE = " ".join(HOSTILE)
# Taken as markup, only these would do something when hovered or clicked (the others would at most restyle
# text, which the checks of the screen's text catch); each click waits for the app to settle.
ACTIONS = tuple(s for s in HOSTILE if s.startswith("[@"))


async def click_everywhere(pilot, selector: str, text: str, row: int = 0) -> None:
    """Hover over and click each hostile string with an action where it stands in a line of a widget."""
    for s in ACTIONS:
        column = text.find(s)
        if column != -1:
            await pilot.hover(selector, offset=(column + len(s) - 1, row))
            await pilot.click(selector, offset=(column + len(s) - 1, row))


@pytest.mark.parametrize("answer_with", ["right", "link"])
async def test_hostile_bank_text_is_shown_verbatim_and_inert(progress: Path, answer_with: str) -> None:
    app = make_app(progress, bank("hostile"))
    async with app.run_test(size=SIZE) as pilot:
        question = app.session.current
        assert isinstance(app.screen, QuestionScreen)
        text = screen_text(app)
        assert f"Prompt {ALL_IN_ONE} ?" in text  # prompt
        for n, option in enumerate(question.options, 1):
            assert f"{n}. {option}" in text  # every option
        assert set(question.options) == set(HOSTILE)
        await click_everywhere(pilot, "#prompt", f"Prompt {ALL_IN_ONE} ?")
        assert app.is_running and isinstance(app.screen, QuestionScreen)

        # Answer with the right option, or with the one that would quit the app if it were markup.
        choice = question.answer if answer_with == "right" else question.options.index("[@click=app.quit]x")
        await answer(pilot, str(choice + 1))
        assert app.is_running and isinstance(app.screen, FeedbackScreen)
        text = screen_text(app)
        assert f"Explanation {ALL_IN_ONE}" in text
        assert f"Quote {ALL_IN_ONE} end" in text
        assert "[13]" in text and "Source [/] [ru]" in text  # citation marker and source title
        body = app.screen.query_one("#body").visual.plain.splitlines()
        for line in (f"Prompt {ALL_IN_ONE} ?", *question.options, f"Explanation {ALL_IN_ONE}"):
            row = next(n for n, text in enumerate(body) if line in text)
            await click_everywhere(pilot, "#body", body[row], row)
        await click_everywhere(pilot, "#quote", f"Quote {ALL_IN_ONE}")
        assert app.is_running and isinstance(app.screen, FeedbackScreen)

        await answer(pilot, "h")  # the bank title on Home
        assert "Hostile [bold]x" in screen_text(app)
        await answer(pilot, "s")  # the weakest items, by their wording
        assert f"Prompt {ALL_IN_ONE} ?" in screen_text(app)
        assert app.is_running


# Terminal control sequences in a bank (issue 12): shown as pictures, never sent to the terminal.
PAYLOADS = ("\x1b]52;", "\x1b]2;", "\x1b[2J", "\x00", "\x9b", "\u202e", "\x07")


def terminal_output(app) -> str:
    """What the app would write to the terminal for a full repaint of the screen (overlays included)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return update.render_segments(app.console)


def assert_nothing_raw(app) -> None:
    sent = terminal_output(app)
    assert not [p for p in PAYLOADS if p in sent], sent
    shown = screen_text(app)
    assert is_clean(shown, multiline=True), shown


@pytest.mark.parametrize("pick", [0, 3])
async def test_control_sequences_in_a_bank_are_shown_never_obeyed(progress: Path, pick: int) -> None:
    app = make_app(progress, bank("escapes"))
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, QuestionScreen)
        assert_nothing_raw(app)
        text = screen_text(app)
        assert (
            "Prompt \u241b]52;c;cm0gLXJmIH4K\u241b\\" in text and "Escapes \u241b]2;owned title\u2407" in text
        )
        await click_everywhere(pilot, "#prompt", app.screen.query_one("#prompt").visual.plain)
        await answer(pilot, str(pick + 1))  # each option in turn, the right one among them
        assert app.is_running and isinstance(app.screen, FeedbackScreen)
        assert_nothing_raw(app)
        assert "Quote \u241b[2J wiped \u2400 nul \ufffd csi end" in screen_text(app)
        for key in ("enter", "h", "s", "question_mark"):  # summary, home (bank titles), stats, help
            await answer(pilot, key)
            assert app.is_running
            assert_nothing_raw(app)
        assert app.title == "trainer"
