"""Personal FSRS parameters (`trainer.study.personal`, `trainer optimize`) and the FSRS review-log export."""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs_rs_python as fsrs_rs
import pytest
import review_log

from trainer.cli import main
from trainer.export import fsrs_log
from trainer.progress.model import PersonalParameters
from trainer.progress.store import ProgressError, ProgressStore
from trainer.questions.model import ItemKey
from trainer.study import personal
from trainer.study.scheduling import Scheduling

needs_log = pytest.mark.skipif(
    not review_log.LOG.exists(), reason=f"no shared review log at {review_log.LOG}"
)

T0 = datetime(2026, 1, 5, 12, tzinfo=UTC)


def answer(item: str, days: float, rating: int = 3) -> personal.Answer:
    return personal.Answer(item, T0 + timedelta(days=days), rating)


def test_training_items_follow_fsrs_rs_rules() -> None:
    # a: day 0, day 0 (same day: no item), day 2, day 7; b: a single answer yields nothing.
    answers = [answer("a", 0), answer("a", 0.1, 1), answer("a", 2), answer("a", 7, 2), answer("b", 1)]
    items, ids = personal.training_items(reversed(answers), tz=UTC)
    # fsrs-rs items show their reviews only in their repr.
    shapes = [
        [(int(r), int(d)) for r, d in re.findall(r"rating: (\d+), delta_t: (\d+)", repr(i))] for i in items
    ]
    assert shapes == [[(3, 0), (1, 0), (3, 2)], [(3, 0), (1, 0), (3, 2), (2, 5)]]
    assert len(ids) == 2 and ids[0] == ids[1]  # one item's


def test_days_turn_over_at_the_day_start_hour() -> None:
    # 23:00 and 03:00 the next morning are one study day with the day starting at 4.
    evening = personal.Answer("a", datetime(2026, 1, 5, 23, tzinfo=UTC), 3)
    night = personal.Answer("a", datetime(2026, 1, 6, 3, tzinfo=UTC), 3)
    assert personal.training_items([evening, night], tz=UTC)[0] == []
    assert len(personal.training_items([evening, night], day_start_hour=0, tz=UTC)[0]) == 1


def test_too_little_history_is_refused() -> None:
    with pytest.raises(personal.NotEnoughHistory, match="fitting needs 400"):
        personal.fit([answer("a", d) for d in range(30)], tz=UTC)


@needs_log
def test_fitted_parameters_beat_the_defaults_on_the_real_log() -> None:
    answers = [personal.Answer(r.key, r.time, r.rating) for r in review_log.reviews()]
    fit = personal.fit(answers, tz=UTC)
    assert fit.training_items == 6276  # 1,205 cards, days cut at 4 a.m. UTC
    assert fit.default.log_loss == pytest.approx(0.4649, abs=1e-4)
    assert fit.fitted.log_loss < fit.default.log_loss
    assert fit.fitted.rmse_bins < fit.default.rmse_bins
    assert fit.better
    Scheduling(0.9, fit.parameters)  # py-fsrs accepts them (it checks FSRS-6's bounds)


def test_scores_must_improve_on_both_figures() -> None:
    base = personal.Scores(0.5, 0.07)
    assert personal.Scores(0.49, 0.07).beats(base)
    assert not personal.Scores(0.49, 0.08).beats(base)
    assert not personal.Scores(0.5, 0.05).beats(base)


def test_simulation_trades_work_for_memory() -> None:
    outlooks = personal.simulate(personal.DEFAULT_PARAMETERS, items=300, days=120)
    assert [o.retention for o in outlooks] == list(personal.RETENTIONS)
    low, high = outlooks[0], outlooks[-1]
    assert high.reviews_per_day > low.reviews_per_day
    assert high.remembered > low.remembered
    assert all(0 < o.remembered <= 300 for o in outlooks)
    assert personal.suggest(outlooks) in outlooks


FIT = PersonalParameters(
    parameters=tuple(x * 1.01 for x in personal.DEFAULT_PARAMETERS),
    fitted_at=T0,
    answers=1000,
    training_items=500,
    default_log_loss=0.46,
    fitted_log_loss=0.45,
    default_rmse_bins=0.07,
    fitted_rmse_bins=0.06,
)


def test_parameters_are_kept_in_the_progress_file_and_used(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        store.set_fsrs(FIT)
    text = path.read_text()
    assert "[fsrs]" in text and "trainer optimize --reset" in text
    with ProgressStore.open(path) as store:
        assert store.fsrs == FIT
        assert Scheduling(0.9, store.fsrs.parameters).fsrs.parameters == FIT.parameters
        store.set_fsrs(None)
    assert "[fsrs]" not in path.read_text()
    assert ProgressStore.open(path).fsrs is None


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("parameters = [", "parameters = [1.0, "), "list of 21 numbers"),
        (lambda t: t.replace("fitted_at = ", "fitted_at = 1 #"), "fitted_at"),
        (lambda t: t.replace("[fsrs.log_loss]\ndefault", "[fsrs.log_loss]\nbad"), "default"),
    ],
)
def test_damaged_parameters_are_a_clear_error(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        store.set_fsrs(FIT)
    damaged = edit(path.read_text())
    path.write_text(damaged)
    with pytest.raises(ProgressError, match=message) as caught:
        ProgressStore.open(path)
    assert caught.value.line is not None
    assert path.read_text() == damaged


def test_out_of_bounds_parameters_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        store.set_fsrs(FIT)
    text = path.read_text()
    start = text.index("parameters = [") + len("parameters = [")
    path.write_text(text[:start] + "1000.0" + text[text.index(",", start) :])
    with pytest.raises(ProgressError, match="bounds"):
        ProgressStore.open(path)


@needs_log
def test_optimize_command_fits_keeps_and_resets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "progress.toml"
    review_log.write_progress(path, review_log.reviews())
    assert main(["optimize", "--progress", str(path)]) == 0
    out = capsys.readouterr().out
    assert "default" in out and "fitted" in out and "Kept the fitted parameters" in out
    fitted = ProgressStore.open(path).fsrs
    assert fitted is not None and fitted.training_items == 6276
    assert fitted.parameters != personal.DEFAULT_PARAMETERS
    assert main(["optimize", "--progress", str(path), "--reset"]) == 0
    assert ProgressStore.open(path).fsrs is None
    assert len(ProgressStore.open(path).reviews()) == 12580  # nothing of the history lost


def test_optimize_without_enough_history_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["optimize", "--progress", str(tmp_path / "p.toml")]) == 1
    assert "fitting needs 400" in capsys.readouterr().err
    assert not (tmp_path / "p.toml").exists()


def test_simulate_command_prints_the_trade_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["optimize", "--progress", str(tmp_path / "p.toml"), "--simulate", "--items", "200"]) == 0
    out = capsys.readouterr().out
    assert "70%" in out and "97%" in out and "Suggested:" in out


def test_card_ids_are_stable_and_distinct() -> None:
    a, b = ItemKey("bank", "fact-a", "choice"), ItemKey("bank", "fact-a", "reverse")
    assert fsrs_log.card_id(a) == fsrs_log.card_id(ItemKey("bank", "fact-a", "choice"))
    assert fsrs_log.card_id(a) != fsrs_log.card_id(b)
    assert 0 < fsrs_log.card_id(a) < 2**63


@needs_log
def test_fsrs_export_trains_fsrs_rs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "progress.toml"
    answers = review_log.reviews()
    review_log.write_progress(path, answers)
    out = tmp_path / "revlog.csv"
    assert main(["export", "--format", "fsrs", "--progress", str(path), "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert list(rows[0]) == list(fsrs_log.HEADER)
    assert len(rows) == len(answers)
    first = rows[0]
    assert first["review_state"] == "0"
    assert int(first["review_time"]) == (answers[0].time - fsrs_log.EPOCH) // timedelta(milliseconds=1)
    # The export is what FSRS tools read: rebuild training items from it alone and fit.
    from_export = [
        personal.Answer(
            int(r["card_id"]),
            datetime.fromtimestamp(int(r["review_time"]) / 1000, UTC),
            int(r["review_rating"]),
        )
        for r in rows
    ]
    items, ids = personal.training_items(from_export, tz=UTC)
    parameters = fsrs_rs.FSRS(fsrs_rs.DEFAULT_PARAMETERS).compute_parameters(items, ids)
    assert len(parameters) == 21 and all(math.isfinite(p) for p in parameters)
