"""The app over the teaching engine: flags (`f`, a note dialog, `u`), the end of the day on Home (next due
time, practice, more new items, never a silent Enter), study by tag (a picker), and re-asks reshuffled."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList
from uikit import SIZE, answer, answer_right, bank, make_app, screen_text, settle

from trainer.progress.store import ProgressStore
from trainer.settings import Settings, load_settings
from trainer.tui.screens.dialogs import FlagDialog, TagDialog
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.question import QuestionScreen


def stored(progress: Path):
    with ProgressStore.open(progress) as store:
        return dict(store.flags), store.reviews(), dict(store.items)


async def test_flag_with_a_note_then_take_it_back(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        first = app.session.current
        await pilot.press("f")
        assert isinstance(app.screen, FlagDialog)
        await pilot.press(*"the date is wrong")
        assert app.screen.query_one(Input).value == "the date is wrong"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.session.current.key != first.key
        flags, reviews, _ = stored(progress)
        assert flags[first.key].note == "the date is wrong" and not reviews
        await pilot.press("u")
        await pilot.pause()
        assert app.session.current.key == first.key and not stored(progress)[0]
        assert first.prompt in screen_text(app)


async def test_escape_cancels_a_flag(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        first = app.session.current
        await pilot.press("f", "escape")
        assert isinstance(app.screen, QuestionScreen) and app.session.current == first
        assert not stored(progress)[0]


async def test_end_of_the_day_offers_practice_and_more_new(progress: Path) -> None:
    app = make_app(progress, bank("apollo"), new_per_day=1)
    async with app.run_test(size=SIZE) as pilot:
        await answer_right(pilot)
        await pilot.press("enter")  # the summary
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # nothing left today: Home says so, with when and what else
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "Nothing is due" in text and "next review is due in" in text and "p to practise" in text, text
        await pilot.press("p")
        assert isinstance(app.screen, QuestionScreen) and app.session.practice
        _, _, before = stored(progress)
        await answer_right(pilot)
        _, reviews, after = stored(progress)
        assert reviews[-1].practice and after == before  # recorded, schedule untouched
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("n")  # more new items today
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.current.key not in after


async def test_study_a_tag_from_home(progress: Path) -> None:
    app = make_app(progress, "khasham", limit=5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, TagDialog)
        tags = app.screen.tags
        choice = tags.index("places")
        options = app.screen.query_one(OptionList)
        options.highlighted = choice
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.session.tags == {"places"}
        facts = {f.id: f for b in app.banks for f in b.bank.facts}
        assert any("places" in facts[f].tags for f in app.session.current.facts)


async def test_a_missed_question_comes_back_reshuffled(progress: Path) -> None:
    app = make_app(progress, "khasham", limit=6)
    async with app.run_test(size=(100, 40)) as pilot:
        missed = app.session.current
        wrong = next(i for i in range(len(missed.options)) if i != missed.answer)
        await answer(pilot, str(wrong + 1))
        await pilot.press("enter")
        while app.session.current.key != missed.key:
            await answer_right(pilot)
            await pilot.press("enter")
        again = app.session.current
        assert (
            again.options != missed.options and again.options[again.answer] == missed.options[missed.answer]
        )
        lines = screen_text(app).splitlines()
        shown = [
            line.strip()[3:].strip() for line in lines if line.strip()[:3] in {f"{n}. " for n in range(1, 6)}
        ]
        assert shown[: len(again.options)] == list(again.options)


async def test_settings_reach_the_app_and_the_theme_is_remembered(progress: Path, tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text('retention = 0.8\ntheme = "nord"\n', encoding="utf-8")
    app = make_app(progress, bank("apollo"), retention=0.8, theme="nord", settings_file=settings)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "nord"
        assert app.session.scheduling.fsrs.desired_retention == 0.8
        app.theme = "gruvbox"  # as the command palette's theme picker does
        await pilot.pause()
        await pilot.pause()
    assert load_settings(settings) == Settings(retention=0.8, theme="gruvbox")
