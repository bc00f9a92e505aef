"""`trainer stats [--progress PATH] [--json] [--now ISO]`: where the learner stands."""

from __future__ import annotations

import sys
from argparse import Namespace

from trainer.bank.problems import BankError
from trainer.export.charts import bar_chart, day_label, due_chart, sparkline
from trainer.export.export import flag_row
from trainer.export.inputs import progress, wording_banks
from trainer.progress.errors import ProgressError
from trainer.sanitize import json_text, say, visible
from trainer.study.clock import utc_now
from trainer.study.stats import FactText, Stats, fact_texts, store_stats
from trainer.wording import percent

STATEMENT_WIDTH = 90


def run(args: Namespace) -> int:
    now = args.now or utc_now()
    try:
        banks = wording_banks("trainer stats", args.with_bank)
    except BankError as error:
        say(error, file=sys.stderr)  # one FILE:LINE:COLUMN line per problem
        return 1
    try:
        with progress(args.progress) as store:
            stats = store_stats(store, now, banks=banks)
            texts = fact_texts(banks, {(k.bank, k.fact) for k in store.flags}) if store.flags else {}
            flags = [
                flag_row(f, texts.get((f.key.bank, f.key.fact)) or FactText(f.key.fact))
                for f in store.flags.values()
            ]
    except ProgressError as e:
        say(f"trainer stats: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json_text({**stats.to_json(), "flags": flags}))
    else:
        say(format_stats(stats) + format_flags(flags), end="")
    return 0


def format_flags(flags: list[dict]) -> str:
    """The questions the learner flagged as wrong (`f` while studying), for them to pass on."""
    if not flags:
        return ""
    lines = ["", "Flagged as wrong (your teacher sees these in `trainer report`)"]
    for f in flags:
        note = f": {visible(f['note'])}" if f["note"] else ""
        lines.append(f"  - {_clip(visible(f['question']))} ({visible(f['bank'])}/{visible(f['fact'])}){note}")
    return "\n".join(lines) + "\n"


def _clip(text: str, width: int = STATEMENT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_stats(s: Stats) -> str:
    day = s.today.strftime("%a %Y-%m-%d")
    plural = "s" if s.streak != 1 else ""
    lines = [
        f"Today ({day}): {s.today_reviews} answers, {s.today_correct} right"
        f" ({percent(s.today_correct / s.today_reviews if s.today_reviews else None)})"
        f" · streak {s.streak} day{plural}{'' if s.studied_today or not s.streak else ' (study today to keep it)'}",
        f"Due now: {s.due_now} · next 7 days: {s.due_next_7} · next 30 days: {s.due_next_30}",
        f"True retention: {percent(s.retention.rate)} of {s.retention.reviews} reviews of learned items"
        f" (last 30 days: {percent(s.retention_month.rate)} of {s.retention_month.reviews})",
        f"All time: {s.total_reviews} answers, {s.total_correct} right"
        f" ({percent(s.total_correct / s.total_reviews if s.total_reviews else None)}), {s.items_seen} items seen",
        "",
        "Due in the next 7 days",
        *("  " + line for line in due_chart(s.due_per_day[:7])),
        f"  next 30 days  {sparkline([d.count for d in s.due_per_day])}",
        "",
        "Answers in the last 7 days (count, share right)",
        *(
            "  " + line
            for line in bar_chart(
                [(day_label(d.day), d.reviews, f"{d.reviews} {percent(d.accuracy)}" if d.reviews else "0")
                 for d in s.history[-7:]]
            )
        ),
        f"  last 28 days  {sparkline([d.reviews for d in s.history])}",
    ]  # fmt: skip
    if s.banks:
        lines += ["", "Banks"]
        for b in s.banks:
            new = "" if b.new is None else f", {b.new} new"
            last = b.last_studied.strftime("%Y-%m-%d %H:%M UTC") if b.last_studied else "never"
            title = f" {_clip(b.title, 40)}" if b.title else " (bank not loaded)"
            lines.append(
                f"  {b.bank}{title}: {b.due} due{new}, {b.learned} learned of {b.seen} seen, last studied {last}"
            )
    if s.weakest:
        lines += ["", "Weakest facts (most lapses, then shortest-lasting memory, then fewest right)"]
        for n, f in enumerate(s.weakest, 1):
            right = f"{f.correct}/{f.reviews} right, {f.lapses} lapse{'s' if f.lapses != 1 else ''}"
            cites = " ".join(f.text.citations)
            line = f"  {n:>2}. {percent(f.recall):>4} recall, {right}: {_clip(f.text.statement)} {cites}"
            lines.append(line.rstrip())
    return "\n".join(lines) + "\n"
