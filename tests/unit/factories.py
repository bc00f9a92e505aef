"""Banks for tests and benchmarks, and what every generated question must be.

- `fact(...)` and `loaded(facts, ...)`: small in-memory banks, written out in each test.
- `synthetic_bank(n)`: a bank of n facts like a teacher's: answers of several kinds (people, places, dates,
  numbers, equipment, organisations), some attributed, a share with a time (days, months, parts of months,
  times of day, "later that same day"), a share with an amount, some asked in reverse, every quote a
  passage of the bank's source text with its marker. `write_bank` writes it as TOML beside that text
  (used by `benchmarks/bench_generation.py`).
- `check_question(q, bank)`: the invariants the property tests and the bundled bank's tests assert.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import tomli_w

from trainer.bank.folding import contains, fold, same_answer
from trainer.bank.forms import DATED, agree, form_of, stands_out_by_length
from trainer.bank.loaded import LoadedBank
from trainer.bank.models import Bank
from trainer.bank.timeline import interval
from trainer.questions.grading import RULES, grade, score_order
from trainer.questions.model import Question

_FIRST = [
    "Anna",
    "Boris",
    "Chen",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hugo",
    "Irina",
    "Jamal",
    "Kenji",
    "Lena",
    "Marco",
    "Nadia",
    "Omar",
    "Petra",
]
_LAST = [
    "Avery",
    "Brandt",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Horvat",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
]
_PLACES = [
    "Alder",
    "Birch",
    "Cedar",
    "Dune",
    "Elm",
    "Fjord",
    "Glen",
    "Heath",
    "Isle",
    "Juniper",
    "Knoll",
    "Lark",
    "Marsh",
    "North",
    "Oak",
    "Pine",
]
_ORGS = [
    "Guild",
    "League",
    "Union",
    "Council",
    "Bureau",
    "Agency",
    "Institute",
    "Society",
    "Company",
    "Brigade",
]
_GEAR = ["T", "Mi", "Su", "Ka", "BM", "F", "MQ", "AH", "B"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_UNITS = ["fighters", "vehicles", "kilometres", "aircraft"]


def _answer(kind: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """A short answer of `kind`, and the extra fields (when/value) it naturally carries."""
    if kind == "person":
        return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", {}
    if kind == "place":
        return f"{rng.choice(_PLACES)}{rng.choice(['ton', 'ford', 'ham', 'by'])}", {}
    if kind == "organisation":
        return f"{rng.choice(_PLACES)} {rng.choice(_ORGS)}", {}
    if kind == "equipment":
        return f"{rng.choice(_GEAR)}-{rng.randint(2, 300)}", {}
    if kind == "number":
        amount = rng.choice([rng.randint(2, 30), rng.randint(30, 1000), rng.randint(1000, 20000)])
        unit = rng.choice(_UNITS)
        # One property per unit, as a teacher would name it: magnitudes compare like with like.
        value = {
            "amount": amount,
            "unit": unit,
            "approximate": rng.random() < 0.2,
            "property": f"{unit} in all",
        }
        return f"{amount:,}", {"value": value}
    year, month, day = rng.randint(1900, 2020), rng.randint(1, 12), rng.randint(1, 28)
    return f"{day} {_MONTHS[month - 1]} {year}", {"when": {"date": f"{year}-{month:02d}-{day:02d}"}}


def _when(rng: random.Random, previous_day: str | None, previous_id: str | None) -> dict[str, Any]:
    roll = rng.random()
    year, month, day = rng.randint(1900, 2020), rng.randint(1, 12), rng.randint(1, 28)
    if roll < 0.1 and previous_day and previous_id:
        return {"date": previous_day, "after": previous_id, "label": "later that same day"}
    if roll < 0.3:
        return {
            "date": f"{year}-{month:02d}",
            **({"part": rng.choice(["early", "mid", "late"])} if rng.random() < 0.5 else {}),
        }
    if roll < 0.5:
        return {
            "date": f"{year}-{month:02d}-{day:02d}",
            "time": f"{rng.randint(0, 23):02d}:{rng.choice([0, 30]):02d}",
            "approximate": rng.random() < 0.5,
        }
    return {"date": f"{year}-{month:02d}-{day:02d}"}


def synthetic_bank(n: int, seed: int = 0, **settings: Any) -> tuple[dict[str, Any], str]:
    """A bank of `n` facts as the TOML table, and its source text."""
    rng = random.Random(seed)
    kinds = ["person", "place", "date", "number", "equipment", "organisation"]
    tags = [f"topic-{i}" for i in range(max(4, n // 50))]
    facts: list[dict[str, Any]] = []
    paragraphs: list[str] = []
    previous_day = previous_id = None
    for i in range(n):
        kind = kinds[i % len(kinds)]
        answer, extra = _answer(kind, rng)
        marker = f"[{i + 1}]"
        attributed = rng.random() < 0.15
        subject = f"event {i}"
        quote = f"{'According to the ministry, ' if attributed else ''}the {kind} in {subject} was {answer}."
        quote = quote[0].upper() + quote[1:]
        paragraphs.append(f"{marker} {quote}")
        fact: dict[str, Any] = {
            "id": f"f{i:05d}",
            # A date's statement reads as an ordering item once the date is taken out ("The date in event
            # 2 was." would not, and is left out of timelines).
            "statement": f"{subject.capitalize()} took place on {answer}."
            if kind == "date"
            else f"The {kind} in {subject} was {answer}.",
            "quote": quote,
            "source": "main",
            "citations": [marker],
            "tags": rng.sample(tags, k=rng.randint(1, 2)),
            "question": f"What was the {kind} in {subject}?",
            "answer": answer,
            "answer_kind": kind,
            **extra,
        }
        if attributed:
            fact["attribution"] = "according to the ministry"
        if "when" not in fact and rng.random() < 0.35:
            fact["when"] = _when(rng, previous_day, previous_id)
        if rng.random() < 0.2:
            fact["reverse"] = {
                "question": f"What was {answer}, in {subject}?",
                "answer": f"The {kind} in {subject}",
                "answer_kind": "role",
            }
        if "when" in fact and len(fact["when"]["date"]) == 10 and "after" not in fact["when"]:
            previous_day, previous_id = fact["when"]["date"], fact["id"]
        facts.append(fact)
    bank = {
        "id": f"synthetic-{n}",
        "title": f"A synthetic bank of {n} facts",
        "settings": {"distractors": 3, "ordering_items": 4, **settings},
        "sources": [
            {
                "id": "main",
                "title": "The synthetic source",
                "reference": "generated",
                "text_file": "source.txt",
            }
        ],
        "facts": facts,
    }
    return bank, "Synthetic source\n\n" + "\n\n".join(paragraphs) + "\n"


def write_bank(folder: Path, n: int, seed: int = 0, **settings: Any) -> Path:
    """Write `synthetic_bank(n)` as `folder/bank.toml` with its `source.txt`; returns the bank file."""
    table, text = synthetic_bank(n, seed, **settings)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(text, encoding="utf-8")
    path = folder / "bank.toml"
    path.write_bytes(tomli_w.dumps(table).encode("utf-8"))
    return path


def fact(fid: str, **fields: Any) -> dict[str, Any]:
    """A fact table with defaults for the fields a test does not care about."""
    fields.setdefault("statement", f"Statement {fid}.")
    fields.setdefault("quote", fields["statement"])
    fields.setdefault("source", "src")
    return {"id": fid, **fields}


def loaded(facts: list[dict[str, Any]], **bank: Any) -> LoadedBank:
    """An in-memory bank (no file) of these fact tables."""
    table = {
        "id": bank.pop("id", "test"),
        "title": "Test bank",
        "sources": [{"id": "src", "title": "The Source", "reference": "ref"}],
        "facts": facts,
        **bank,
    }
    return LoadedBank(Bank.model_validate(table), Path("test.toml"))


def _surely_before(a, b, by_id) -> bool:
    """An oracle apart from `compare`: `b` is declared after `a` (through `after`), or `a`'s interval ends
    before `b`'s begins."""
    current = b
    while current.when is not None and current.when.after is not None:
        current = by_id[current.when.after]
        if current.id == a.id:
            return True
    return interval(a, by_id)[1] <= interval(b, by_id)[0]


def check_question(q: Question, bank: LoadedBank) -> None:
    """Everything a generated question must be, whatever the bank: one right option, no repeats, nothing
    wrong that a learner could defend, orders the source decides, explanations with their sources."""
    assert q.id == str(q.key) and q.key.bank == bank.id
    assert len(q.notes) == len(q.options)
    folded = [fold(o) for o in q.options]
    assert all(folded) and len(set(folded)) == len(folded), q.options
    settings = bank.bank.settings
    if q.kind == "choice":
        assert isinstance(q.answer, int) and 0 <= q.answer < len(q.options)
        right = q.options[q.answer]
        assert [same_answer(o, right) for o in q.options].count(True) == 1, q.options
        if q.key.form in ("choice", "reverse"):
            f = bank.fact(q.key.fact)
            assert f is not None and q.facts == (f.id,)
            assert len(q.options) == settings.distractors + 1
            rights = [right, *(f.also_right if q.key.form == "choice" else ())]
            for i, option in enumerate(q.options):
                if i == q.answer:
                    continue
                assert not contains(f.quote, option), (option, f.quote)
                for r in rights:
                    assert (
                        not same_answer(option, r) and not contains(option, r) and not contains(r, option)
                    ), (option, r)
            # One surface form (issue 18): every option agrees with the key, and none stands in the stem.
            key_form = form_of(right, (f.answer_kind if q.key.form == "choice" else "") in DATED)
            for i, option in enumerate(q.options):
                if i != q.answer:
                    assert agree(key_form, form_of(option, key_form.shape == "year")), (right, option)
                    assert not contains(q.prompt, option), (option, q.prompt)
            # No option is the only one of its look (article, name-ness, precision, qualification,
            # quotation), and the key is neither the longest nor the shortest by a margin.
            looks = Counter(form_of(o, key_form.shape == "year").look for o in q.options)
            assert all(n >= 2 for n in looks.values()), q.options
            others = [SimpleNamespace(text=o) for i, o in enumerate(q.options) if i != q.answer]
            assert not stands_out_by_length(key_form.length, others), q.options
            assert q.quote == f.quote and q.citations == tuple(f.citations)
            assert q.source and q.explanation.startswith(f.statement)
        assert grade(q, q.answer).correct
        assert not any(grade(q, i).correct for i in range(len(q.options)) if i != q.answer)
        return
    answer = q.answer
    assert isinstance(answer, tuple) and sorted(answer) == list(range(len(q.options)))
    assert 3 <= len(q.options) <= 6 and answer != tuple(range(len(q.options)))
    right = grade(q, answer)
    assert right.correct and right.score == 1.0
    for rule in RULES:
        score, _ = score_order(rule, tuple(reversed(answer)), answer)
        assert 0.0 <= score < 1.0
    if q.key.form == "timeline":
        facts = [bank.fact(fid) for fid in q.facts]
        assert len(facts) == settings.ordering_items
        by_id = {f.id: f for f in bank.bank.facts}
        for i, a in enumerate(facts):
            for b in facts[i + 1 :]:
                assert _surely_before(a, b, by_id), (a.id, b.id)  # type: ignore[arg-type]
    if q.key.form == "magnitude":
        facts = [bank.fact(fid) for fid in q.facts]
        highs = [f.value.upper if f.value.upper is not None else f.value.amount for f in facts]  # type: ignore[union-attr]
        lows = [f.value.amount for f in facts]  # type: ignore[union-attr]
        assert all(h < lo for h, lo in zip(highs[:-1], lows[1:], strict=True)), (lows, highs)
        assert len({fold(f.value.unit) for f in facts}) == 1  # type: ignore[union-attr]


def value_paths(value: object, at: tuple = ()) -> list[tuple]:
    """The key path of every value nested in a document of dicts and lists (for fuzzing one of them)."""
    found = [at] if at else []
    if isinstance(value, dict):
        for k, v in value.items():
            found += value_paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += value_paths(v, (*at, i))
    return found


def replaced(document: object, at: tuple, value: object) -> object:
    """A copy of `document` with the value at key path `at` replaced."""
    if not at:
        return value
    copy = dict(document) if isinstance(document, dict) else list(document)  # type: ignore[call-overload]
    copy[at[0]] = replaced(copy[at[0]], at[1:], value)
    return copy
