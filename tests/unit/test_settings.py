"""The settings file: defaults, every check with its FILE:LINE message, the theme written back, and the
settings reaching a study session (flags overriding them)."""

from __future__ import annotations

import os
from pathlib import Path

import in_process
import pytest
from test_plain import ENV
from test_session import T0, make_bank, right, session

from trainer.progress.store import ProgressStore
from trainer.settings import Settings, SettingsError, load_settings, save_theme


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_defaults(tmp_path):
    assert load_settings(tmp_path / "absent.toml") == Settings()


def test_every_setting(tmp_path):
    path = write(
        tmp_path,
        '# mine\nretention = 0.85\nnew_per_day = 7\nsession_length = 12\nday_start_hour = 5\ntheme = "nord"\n',
    )
    assert load_settings(path) == Settings(0.85, 7, 12, 5, "nord")
    assert load_settings(write(tmp_path, "retention = 0.7\n")).retention == 0.7  # the range's ends are in


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("\n\nretention = 0.99\n", 3, "0.70 to 0.97"),
        ("retention = 0.5\n", 1, "0.70 to 0.97"),
        ('retention = "high"\n', 1, "0.70 to 0.97"),
        ("theme = 'x'\nnew_per_day = -1\n", 2, "0 or more"),
        ("session_length = 0\n", 1, "1 or more"),
        ("session_length = 2.5\n", 1, "whole number"),
        ("day_start_hour = 24\n", 1, "0 to 23"),
        ("new_per_day = true\n", 1, "whole number"),
        ('theme = ""\n', 1, "theme"),
        ("retention = 0.9\nlimit = 5\n", 2, "unknown setting `limit`"),
        ("retention = 0.9\nnew_per_day = \n", 2, "not valid TOML"),
    ],
)
def test_a_bad_value_names_its_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(SettingsError) as error:
        load_settings(path)
    assert str(error.value).startswith(f"{path}:{line}: ") and words in str(error.value)


def test_the_theme_is_written_back_keeping_the_rest(tmp_path):
    path = write(tmp_path, '# my settings\nretention = 0.8\ntheme = "nord"  # was\nnew_per_day = 5')
    save_theme("gruvbox", path)
    assert path.read_text() == '# my settings\nretention = 0.8\ntheme = "gruvbox"\nnew_per_day = 5'
    path = write(tmp_path, "retention = 0.8")
    save_theme('a "quoted" one', path)
    assert load_settings(path) == Settings(retention=0.8, theme='a "quoted" one')
    fresh = tmp_path / "new" / "settings.toml"
    save_theme("nord", fresh)
    assert load_settings(fresh).theme == "nord"


def test_retention_reaches_the_scheduler(tmp_path):
    bank = make_bank(120)
    intervals = []
    for retention in (0.7, 0.97):
        with ProgressStore.open(tmp_path / f"{retention}.toml") as store:
            s = session(bank, store, limit=1, retention=retention)
            s.answer(right(s.current), 1000)
            later = session(bank, store, at=T0.replace(hour=10), limit=1, new_per_day=0, retention=retention)
            feedback = later.answer(right(later.current), 1000)
            intervals.append(feedback.due - later.now())
    assert intervals[0] > intervals[1]  # aiming lower, reviews come later


def plain(tmp_path: Path, settings: str, *args: str) -> in_process.Ran[str]:
    config = write(tmp_path, settings)
    return in_process.run(
        "study", "--plain", "--progress", str(tmp_path / "p.toml"), *args,
        input="q\n", env={**ENV, "TRAINER_CONFIG": str(config)},
    )  # fmt: skip


def test_the_command_line_reads_the_file_and_flags_win(tmp_path):
    assert "Question 1 of 3" in plain(tmp_path, "session_length = 3\n").stdout
    assert "Question 1 of 2" in plain(tmp_path, "session_length = 3\n", "--limit", "2").stdout


def test_a_bad_settings_file_stops_study_with_its_line(tmp_path):
    for command in ((), ("--plain",)):
        done = in_process.run(
            "study", *command, "--progress", str(tmp_path / "p.toml"),
            env={**ENV, "TRAINER_CONFIG": str(write(tmp_path, "retention = 2\n"))}, timeout=30,
        )  # fmt: skip
        assert done.returncode == 1 and "settings.toml:1: `retention` should be" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_bad_retention_flag_is_a_usage_error(tmp_path):
    done = plain(tmp_path, "", "--retention", "0.5")
    assert done.returncode == 2 and "0.70 to 0.97" in done.stderr


def test_tests_read_no_user_settings():
    assert not Path(os.environ["TRAINER_CONFIG"]).exists()
