"""Why a fact's multiple-choice question is not asked, for `trainer validate`: its kind had answers enough,
but too few of them read like the key (another form, length, unit, scale or era, or named in the question),
so no homogeneous, give-away-free option set could be built."""

from __future__ import annotations

from collections import Counter

from trainer.bank.loaded import LoadedBank
from trainer.bank.problems import Problem, display_path, format_key_path
from trainer.questions.choice import fact_question
from trainer.questions.distractors import Refusal
from trainer.questions.draws import Draws
from trainer.questions.index import index_of
from trainer.questions.model import ItemKey


def unasked(loaded: LoadedBank) -> list[Problem]:
    """A warning at each choice or reverse question that yields no question for want of options that read
    like its key. A kind with too few answers at all is `validate`'s own warning, not repeated here."""
    pools = index_of(loaded).pools
    file = display_path(loaded.path)
    problems = []
    for i, fact in enumerate(loaded.bank.facts):
        if not (fact.question and fact.answer and fact.answer_kind):
            continue
        for form in ("choice", "reverse") if fact.reverse is not None else ("choice",):
            key = ItemKey(loaded.id, fact.id, form)
            refused: Counter[Refusal] = Counter()
            if fact_question(loaded, pools, key, fact, Draws(f"0:{key}"), refused) is not None or not refused:
                continue
            where = ("facts", i, "answer") if form == "choice" else ("facts", i, "reverse", "answer")
            answer = fact.answer if form == "choice" else fact.reverse.answer  # type: ignore[union-attr]
            reasons = ", ".join(f"{n} {reason.value}" for reason, n in refused.most_common())
            message = (
                f"no {form} question: too few other answers read like {answer!r} to be its options "
                f"(left out: {reasons}); add `distractors` of its form, or a `group` of answers alike"
            )
            line, column = loaded.position(*where)
            problems.append(Problem(file, line, column, "warning", message, format_key_path(where)))
    return problems
