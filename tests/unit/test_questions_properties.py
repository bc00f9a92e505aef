"""Properties of generation over random banks made of confusable values: the same answer written several
ways, quotes that state other answers, overlapping times, equal amounts. Whatever the bank, every question
passes `check_question` (one right option, no repeats, no defensible wrong option, decided orders)."""

from __future__ import annotations

from factories import check_question, loaded, synthetic_bank
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.bank.loaded import LoadedBank
from trainer.bank.models import Bank
from trainer.questions.generate import build_question, candidate_keys, generate
from trainer.questions.grading import grade

# Values that collide after folding or mean the same thing, per kind.
VALUES = {
    "person": [
        "Dmitry Peskov",
        "dmitry  peskov",
        "Peskov",
        "Rex Tillerson",
        "REX TILLERSON.",
        "Igor Panarin",
        "Putin",
        "[13]",
        "[bold]x",
    ],
    "date": [
        "7 February 2018",
        "7 Feb",
        "February 7, 2018",
        "2018-02-07",
        "12 February 2018",
        "12 Feb",
        "10 February 2018",
        "22 February 2018",
        "February 2017",
    ],
    "time": ["10 p.m.", "22:00", "around 10 p.m.", "5 a.m.", "05:00", "10pm", "noon"],
    "number": [
        "500",
        "five hundred",
        "400",
        "around 250",
        "250",
        "23",
        "1,500",
        "1500",
        "80\u2013100",
        "80-100",
        "3",
    ],
    "equipment": [
        "T-72",
        "T\u201372",
        "T-72 tanks",
        "T-55",
        "MQ-9 Reaper",
        "AC-130",
        "AC-130 gunships",
        "B-52",
        "none of the above",
    ],
}
KINDS = sorted(VALUES)


@st.composite
def when(draw, earlier: list[str]):
    day = draw(st.sampled_from(["2018-02-07", "2018-02-10", "2018-02-12", "2018-02-14"]))
    shape = draw(
        st.sampled_from(
            ["day", "time", "month", "part", "after"] if earlier else ["day", "time", "month", "part"]
        )
    )
    if shape == "time":
        return {
            "date": day,
            "time": draw(st.sampled_from(["05:00", "21:30", "22:00", "23:59"])),
            "approximate": draw(st.booleans()),
        }
    if shape == "month":
        return {"date": day[:7]}
    if shape == "part":
        return {
            "date": draw(st.sampled_from(["2018-01", "2018-02"])),
            "part": draw(st.sampled_from(["early", "mid", "late"])),
        }
    if shape == "after":
        return {"date": "2018-02-07", "after": draw(st.sampled_from(earlier))}
    return {"date": day}


@st.composite
def banks(draw) -> LoadedBank:
    n = draw(st.integers(3, 14))
    facts = []
    dated_on_7th: list[str] = []
    for i in range(n):
        kind = draw(st.sampled_from(KINDS))
        answer = draw(st.sampled_from(VALUES[kind]))
        in_quote = draw(st.lists(st.sampled_from(VALUES[kind]), max_size=3))
        fact = {
            "id": f"f{i}",
            "statement": f"Fact {i} says {answer}.",
            "quote": f"Passage {i}: {answer}; also {', '.join(in_quote)}.",
            "source": "src",
            "citations": draw(st.lists(st.sampled_from(["[1]", "[2]", "[38]"]), max_size=2, unique=True)),
            "tags": draw(st.lists(st.sampled_from(["a", "b"]), max_size=2, unique=True)),
            "question": f"Question {i}?",
            "answer": answer,
            "answer_kind": kind,
            "distractors": draw(st.lists(st.sampled_from(VALUES[kind]), max_size=3)),
            "also_right": draw(st.lists(st.sampled_from(VALUES[kind]), max_size=2)),
        }
        if draw(st.booleans()):
            fact["attribution"] = "according to the ministry"
        if draw(st.booleans()):
            fact["when"] = draw(when(dated_on_7th))
            if fact["when"]["date"] == "2018-02-07" and "after" not in fact["when"]:
                dated_on_7th.append(fact["id"])
        if draw(st.booleans()):
            amount = draw(st.sampled_from([3, 23, 250, 400, 500]))
            fact["value"] = {
                "amount": amount,
                "unit": draw(st.sampled_from(["fighters", "Fighters", "km"])),
                "approximate": draw(st.booleans()),
                **({"upper": amount + draw(st.sampled_from([0, 5, 100]))} if draw(st.booleans()) else {}),
            }
        if draw(st.booleans()):
            reverse_kind = draw(st.sampled_from(KINDS))
            fact["reverse"] = {
                "question": f"Reverse {i}?",
                "answer": draw(st.sampled_from(VALUES[reverse_kind])),
                "answer_kind": reverse_kind,
            }
        facts.append(fact)
    return loaded(
        facts,
        settings={
            "distractors": draw(st.integers(2, 5)),
            "ordering_items": draw(st.integers(3, 6)),
            "ordering_rule": draw(
                st.sampled_from(["absolute_position", "longest_ordered_subset", "relative_next"])
            ),
        },
    )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(banks(), st.integers(0, 3))
def test_every_generated_question_is_sound(bank, seed):
    questions = generate(bank, seed)
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        check_question(q, bank)


@settings(max_examples=60, deadline=None)
@given(banks(), st.integers(0, 3))
def test_build_question_is_generate_one_at_a_time(bank, seed):
    generated = {q.key: q for q in generate(bank, seed)}
    for key in candidate_keys(bank):
        assert build_question(bank, key, seed) == generated.get(key)


@settings(max_examples=60, deadline=None)
@given(banks(), st.data())
def test_grading_any_permutation(bank, data):
    for q in generate(bank, 0):
        if q.kind != "order":
            continue
        response = data.draw(st.permutations(range(len(q.options))))
        g = grade(q, response)
        assert 0.0 <= g.score <= 1.0
        assert g.correct == (tuple(response) == q.answer) == (g.score == 1.0)
        assert sorted(v.belongs_at for v in g.items) == list(range(len(q.options)))
        assert (
            all(v.correct == (v.placed_at == v.belongs_at) for v in g.items)
            or q.ordering_rule != "absolute_position"
        )


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 10_000))
def test_synthetic_banks(seed):
    table, _ = synthetic_bank(300, seed)
    bank = LoadedBank(Bank.model_validate(table), __import__("pathlib").Path("synthetic.toml"))
    questions = generate(bank, seed)
    assert any(q.kind == "order" for q in questions) and any(q.kind == "choice" for q in questions)
    for q in questions:
        check_question(q, bank)
