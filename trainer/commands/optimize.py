"""`trainer optimize [--bank ID] [--reset] [--simulate [--days N] [--items N]]`: the learner's own FSRS
parameters, and the workload each desired retention would cost."""

from __future__ import annotations

import sys
from argparse import Namespace
from datetime import datetime

from trainer.export.inputs import progress
from trainer.progress.errors import ProgressError
from trainer.progress.model import PersonalParameters, Review
from trainer.progress.store import ProgressStore
from trainer.study import personal
from trainer.study.clock import utc_now
from trainer.wording import percent

NAME = "trainer optimize"


def run(args: Namespace) -> int:
    try:
        with progress(args.progress) as store:
            if args.reset:
                return _reset(store)
            if args.simulate:
                return _simulate(store, args)
            return _optimize(store, args)
    except ProgressError as error:
        print(f"{NAME}: {error}", file=sys.stderr)
        return 1


def answers(reviews: list[Review]) -> list[personal.Answer]:
    return [personal.Answer(r.key, r.time, r.rating) for r in reviews]


def _optimize(store: ProgressStore, args: Namespace) -> int:
    reviews = store.reviews()
    if args.bank is not None:
        reviews = [r for r in reviews if r.key.bank == args.bank]
    try:
        fit = personal.fit(answers(reviews))
    except personal.NotEnoughHistory as error:
        print(f"{NAME}: {error}", file=sys.stderr)
        return 1
    print(
        f"Fitted FSRS to {fit.answers:,} answers ({fit.training_items:,} on a later day than the one before)."
    )
    print(f"{'':<10}{'log loss':>10}{'RMSE(bins)':>12}")
    print(f"{'default':<10}{fit.default.log_loss:>10.4f}{fit.default.rmse_bins:>12.4f}   every item")
    print(
        f"{'fitted':<10}{fit.fitted.log_loss:>10.4f}{fit.fitted.rmse_bins:>12.4f}"
        "   time-series splits: fitted on the past, scored on the future"
    )
    print("Lower is better for both.")
    if not fit.better:
        print("Kept the defaults: the fitted parameters are not better on both figures.")
        return 0
    store.set_fsrs(personal_parameters(fit, args.now or utc_now()))
    print(f"Kept the fitted parameters in {store.path}; every front end schedules with them from now on.")
    print("`trainer optimize --reset` goes back to the defaults.")
    return 0


def personal_parameters(fit: personal.Fit, now: datetime) -> PersonalParameters:
    """What the progress file keeps of a fit."""
    return PersonalParameters(
        parameters=fit.parameters,
        fitted_at=now,
        answers=fit.answers,
        training_items=fit.training_items,
        default_log_loss=fit.default.log_loss,
        fitted_log_loss=fit.fitted.log_loss,
        default_rmse_bins=fit.default.rmse_bins,
        fitted_rmse_bins=fit.fitted.rmse_bins,
    )


def _reset(store: ProgressStore) -> int:
    if store.fsrs is None:
        print("Already on FSRS's default parameters; nothing to reset.")
        return 0
    store.set_fsrs(None)
    print(f"Back to FSRS's default parameters (removed from {store.path}).")
    return 0


def _simulate(store: ProgressStore, args: Namespace) -> int:
    parameters = store.fsrs.parameters if store.fsrs else personal.DEFAULT_PARAMETERS
    items = args.items if args.items is not None else _bank_items()
    outlooks = personal.simulate(parameters, items=items, days=args.days, new_per_day=args.new)
    which = "your own" if store.fsrs else "the default"
    print(
        f"Simulated {args.days} days of study of {items:,} items, {args.new} new a day, with {which} FSRS "
        "parameters:"
    )
    print(f"{'retention':>10}{'answers/day':>13}{'minutes/day':>13}{'remembered':>12}")
    for o in outlooks:
        print(
            f"{percent(o.retention):>10}{o.reviews_per_day:>13.1f}{o.minutes_per_day:>13.1f}"
            f"{o.remembered:>9.0f} of {items:,}"
        )
    best = personal.suggest(outlooks)
    print(
        f"Suggested: {percent(best.retention)}, the retention that keeps the most in memory per minute of "
        "study. Higher retention remembers more for more work; set it with `--retention` or the settings file."
    )
    return 0


def _bank_items() -> int:
    """Items the bundled banks yield: the deck the simulation studies when no `--items` is given."""
    from trainer import paths
    from trainer.bank.loading import load_banks
    from trainer.questions.generate import candidate_keys

    banks = load_banks(list(paths.bundled_banks()), paths.bank_cache())
    return sum(len(candidate_keys(bank)) for bank in banks)
