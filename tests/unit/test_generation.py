"""Question generation on small hand-made banks: distractors, attribution, reverse, orderings, explanations."""

from __future__ import annotations

import pytest
from factories import fact, loaded

from trainer.bank.folding import fold, same_answer
from trainer.questions.choice import with_attribution
from trainer.questions.generate import build_question, candidate_keys, generate
from trainer.questions.model import ItemKey

AIRCRAFT = (
    "According to the U.S. military, the presence of U.S. special operations personnel in the targeted base "
    "elicited a response by coalition aircraft, including AC-130 gunships, F-22 Raptor and F-15E Strike Eagle "
    "fighter jets, MQ-9 Reaper unmanned combat aerial vehicles, AH-64 Apache attack helicopters, and B-52 bombers."
)


def by_id(questions):
    return {q.id: q for q in questions}


def equipment_bank(**bank):
    return loaded(
        [
            fact(
                "aircraft",
                quote=AIRCRAFT,
                attribution="according to the U.S. military",
                question="Which aircraft responded?",
                answer="AC-130 gunships",
                answer_kind="equipment",
                citations=["[6]", "[14]", "[7]"],
            ),
            fact(
                "drone",
                quote="a U.S. MQ-9 Reaper drone destroyed a T-72 tank",
                question="Which drone?",
                answer="MQ-9 Reaper",
                answer_kind="equipment",
            ),
            fact(
                "b52", quote="B-52 bombers", question="Which bomber?", answer="B-52", answer_kind="equipment"
            ),
            fact(
                "f22",
                quote="an F-22 Raptor",
                question="Which jet?",
                answer="F-22 Raptor",
                answer_kind="equipment",
            ),
            fact(
                "su57",
                quote="the Su-57 Felon fighters",
                question="Which fighter?",
                answer="Su-57 Felon",
                answer_kind="equipment",
            ),
            fact(
                "t55",
                quote="T-55 tanks",
                question="Which tank?",
                answer="T-55 tanks",
                answer_kind="equipment",
            ),
            fact(
                "mi24",
                quote="a Mi-24 Hind helicopter",
                question="Which helicopter?",
                answer="Mi-24 Hind",
                answer_kind="equipment",
            ),
            fact(
                "su25",
                quote="an Su-25 Frogfoot attack aircraft",
                question="Which attack aircraft?",
                answer="Su-25 Frogfoot",
                answer_kind="equipment",
            ),
            fact(
                "kord",
                quote="a Kord machine gun",
                question="Which gun?",
                answer="Kord",
                answer_kind="equipment",
            ),
        ],
        **bank,
    )


def test_a_value_the_quote_states_is_never_a_distractor():
    for seed in range(20):
        q = by_id(generate(equipment_bank(), seed))["test/aircraft/choice"]
        wrong = [o for i, o in enumerate(q.options) if i != q.answer]
        assert not {"MQ-9 Reaper", "B-52", "F-22 Raptor"} & set(wrong)
        # Aircraft only (no tank or gun), none much shorter than the key.
        assert set(wrong) <= {"Su-57 Felon", "Mi-24 Hind", "Su-25 Frogfoot"}


def test_too_few_valid_distractors_means_no_choice_question():
    bank = loaded(
        [
            fact(
                "a",
                quote="AC-130 and B-52 and F-22",
                question="Which?",
                answer="AC-130",
                answer_kind="equipment",
            ),
            fact("b", quote="B-52", question="Which?", answer="B-52", answer_kind="equipment"),
            fact("c", quote="F-22", question="Which?", answer="F-22", answer_kind="equipment"),
            fact("d", quote="Su-57", question="Which?", answer="Su-57", answer_kind="equipment"),
        ],
        settings={"distractors": 2},
    )
    ids = {q.id for q in generate(bank)}
    assert "test/a/choice" not in ids  # only Su-57 is left once B-52 and F-22 (in its quote) are refused
    assert "test/d/choice" in ids
    assert build_question(bank, ItemKey("test", "a", "choice"), 0) is None
    assert ItemKey("test", "a", "choice") in candidate_keys(bank)


def numbers_bank():
    return loaded(
        [
            fact(
                "cap",
                quote="no more than 400 fighters",
                question="What was the cap?",
                answer="400",
                answer_kind="number",
                why_wrong="the agreed cap on pro-government fighters in the salient",
                citations=["[2]"],
            ),
            fact(
                "force",
                quote="a force of 500 pro-government fighters",
                question="How many fighters launched the assault?",
                answer="500",
                answer_kind="number",
                attribution="according to the U.S. military's official statement",
                citations=["[38]"],
            ),
            fact(
                "cross",
                quote="around 250 of these fighters",
                question="How many tried to cross?",
                answer="around 250",
                answer_kind="number",
                citations=["[2]"],
            ),
            fact("three", quote="3 men", question="How many men?", answer="3", answer_kind="number"),
            fact(
                "tenk", quote="10,000 men", question="How many more?", answer="10,000", answer_kind="number"
            ),
            fact(
                "dup",
                quote="five hundred men",
                question="How many then?",
                answer="five hundred",
                answer_kind="number",
            ),
        ],
        settings={"distractors": 2},
    )


def test_near_numbers_first_and_the_same_number_never():
    q = by_id(generate(numbers_bank()))["test/force/choice"]
    # Not 3, not "five hundred"; "around 250" written as the plain keys are (issue 18: one surface form).
    assert sorted(q.options) == ["250", "400", "500"]
    q = by_id(generate(numbers_bank()))["test/cap/choice"]
    assert sorted(q.options) == ["250", "400", "500"]


def test_why_each_distractor_is_wrong():
    q = by_id(generate(numbers_bank()))["test/force/choice"]
    note = q.notes[q.options.index("400")]
    assert note.text == "400: the agreed cap on pro-government fighters in the salient [2]"
    assert note.fact == "cap" and note.citations == ("[2]",)
    assert "400: the agreed cap on pro-government fighters in the salient [2]" in q.explanation
    assert q.notes[q.answer].fact == "force"
    assert q.explanation.startswith("Statement force. [38]")


def test_attributed_facts_are_asked_with_the_attribution():
    q = by_id(generate(numbers_bank()))["test/force/choice"]
    assert (
        q.prompt
        == "According to the U.S. military's official statement, how many fighters launched the assault?"
    )


@pytest.mark.parametrize(
    ("question", "attribution", "prompt"),
    [
        ("How many?", None, "How many?"),
        ("How many?", "according to the U.S. military", "According to the U.S. military, how many?"),
        ("How many?", "the U.S. military", "According to the U.S. military, how many?"),
        (
            "How many?",
            "unconfirmed Russian media reports.",
            "According to unconfirmed Russian media reports, how many?",
        ),
        (
            "According to the U.S. military, how many?",
            "according to the U.S. military",
            "According to the U.S. military, how many?",
        ),
        (
            "What did the U.S. military say?",
            "according to the U.S. military",
            "What did the U.S. military say?",
        ),
        # One sentence, never a label glued before a capitalised question; a name keeps its capital.
        (
            "In what year did Cyrus take Babylon?",
            "reports",
            "According to reports, in what year did Cyrus take Babylon?",
        ),
        (
            "Cyrus took Babylon in what year?",
            "reports",
            "According to reports, Cyrus took Babylon in what year?",
        ),
    ],
)
def test_with_attribution(question, attribution, prompt):
    assert with_attribution(question, attribution) == prompt


def test_teacher_distractors_come_first_and_are_still_checked():
    bank = loaded(
        [
            fact(
                "date",
                quote="fought on 7 February 2018",
                question="When?",
                answer="7 February 2018",
                answer_kind="date",
                distractors=["February 7, 2018", "8 February 2018", "8 february 2018", "10 February 2018"],
            ),
            fact(
                "other",
                quote="on 12 February 2018",
                question="When else?",
                answer="12 February 2018",
                answer_kind="date",
            ),
            fact(
                "third",
                quote="on 22 February 2018",
                question="When then?",
                answer="22 February 2018",
                answer_kind="date",
            ),
        ]
    )
    q = by_id(generate(bank))["test/date/choice"]
    assert sorted(q.options) == sorted(
        ["7 February 2018", "8 February 2018", "10 February 2018", "12 February 2018"]
    )


def test_also_right_is_never_offered():
    bank = loaded(
        [
            fact(
                "a",
                quote="x",
                question="Who?",
                answer="Dmitry Peskov",
                answer_kind="person",
                also_right=["Peskov", "Rex Tillerson"],
            ),
            *(
                fact(f"p{i}", quote="y", question="Who?", answer=name, answer_kind="person")
                for i, name in enumerate(
                    ["Rex Tillerson", "Vladimir Putin", "Donald Trump", "Igor Panarin", "Peskov"]
                )
            ),
        ]
    )
    for seed in range(10):
        q = by_id(generate(bank, seed))["test/a/choice"]
        assert sorted(q.options) == ["Dmitry Peskov", "Donald Trump", "Igor Panarin", "Vladimir Putin"]


def test_reverse_questions():
    bank = loaded(
        [
            fact(
                f"f{i}",
                quote=f"On 14 February, {who} admitted {what}.",
                question=f"Who admitted {what}?",
                answer=who,
                answer_kind="person",
                reverse={"question": f"What did {who} admit?", "answer": what},
            )
            for i, (who, what) in enumerate(
                [
                    ("Dmitry Peskov", "that Russians were in Syria"),
                    ("Rex Tillerson", "that troops would stay"),
                    ("Igor Panarin", "that Su-57s struck Ghouta"),
                    ("Viktor Alksnis", "that the strike was a demonstration"),
                ]
            )
        ]
    )
    questions = by_id(generate(bank))
    q = questions["test/f0/reverse"]
    assert q.key == ItemKey("test", "f0", "reverse") and q.prompt == "What did Dmitry Peskov admit?"
    assert q.options[q.answer] == "that Russians were in Syria"
    assert len(q.options) == 4 and q.highlight == ("that Russians were in Syria",)
    assert questions["test/f0/choice"].options[questions["test/f0/choice"].answer] == "Dmitry Peskov"


def test_explanation_fields():
    q = by_id(generate(equipment_bank()))["test/aircraft/choice"]
    assert q.quote == AIRCRAFT and q.citations == ("[6]", "[14]", "[7]") and q.source == "The Source"
    assert q.highlight == ("AC-130 gunships",)
    assert q.facts == ("aircraft",)


def test_highlight_keeps_the_quotes_own_spelling():
    bank = loaded(
        [
            fact(
                f"f{i}",
                quote=f"Supported by {tank} tanks",
                question="Which tank?",
                answer=answer,
                answer_kind="equipment",
            )
            for i, (tank, answer) in enumerate(
                [("T\u201372", "T-72"), ("T-55", "T-55"), ("T-90", "T-90"), ("M1", "M1")]
            )
        ]
    )
    assert by_id(generate(bank))["test/f0/choice"].highlight == ("T\u201372",)


def timeline_bank(**settings):
    return loaded(
        [
            fact(
                "jan",
                statement="In mid-January 2018, Tillerson announced an open-ended presence.",
                when={"date": "2018-01", "part": "mid"},
            ),
            fact(
                "battle", statement="The battle was fought on 7 February 2018.", when={"date": "2018-02-07"}
            ),
            fact(
                "dawn",
                statement="At around 5 a.m. on 7 February 2018, 250 fighters tried to cross.",
                when={"date": "2018-02-07", "time": "05:00", "approximate": True},
            ),
            fact(
                "later",
                statement="Later that same day, twice as many crossed another bridge.",
                when={"date": "2018-02-07", "after": "dawn", "label": "later that same day"},
            ),
            fact(
                "assault",
                statement="Around 10 p.m. on 7 February 2018, 500 fighters launched an assault.",
                when={"date": "2018-02-07", "time": "22:00", "approximate": True},
            ),
            fact(
                "drone",
                statement="On 10 February 2018, a drone destroyed a tank.",
                when={"date": "2018-02-10"},
            ),
            fact(
                "yavlinsky",
                statement="On 12 February 2018, Yavlinsky called on Putin.",
                when={"date": "2018-02-12"},
            ),
            fact("call", statement="Putin spoke with Trump on 12 February.", when={"date": "2018-02-12"}),
            fact("peskov", statement="On 14 February, Peskov admitted it.", when={"date": "2018-02-14"}),
            fact(
                "wapo",
                statement="On 22 February 2018, the Post cited intercepts.",
                when={"date": "2018-02-22"},
            ),
        ],
        settings=settings,
    )


@pytest.mark.parametrize("size", [3, 4, 5, 6])
def test_timeline_groups_never_hold_an_open_order(size):
    bank = timeline_bank(ordering_items=size)
    questions = [q for q in generate(bank) if q.key.form == "timeline"]
    assert questions
    for q in questions:
        assert len(q.options) == size
        members = set(q.facts)
        assert not {"yavlinsky", "call"} <= members
        assert not {"later", "assault"} <= members
        assert not {"battle", "assault"} <= members and not {"battle", "dawn"} <= members


def test_a_fact_is_in_few_groups_and_group_ids_are_stable():
    bank = timeline_bank(ordering_items=3)
    first = [q for q in generate(bank, 0) if q.kind == "order"]
    again = [q for q in generate(timeline_bank(ordering_items=3), 5) if q.kind == "order"]
    assert [q.id for q in first] == [q.id for q in again]
    counts = {}
    for q in first:
        for f in q.facts:
            counts[f] = counts.get(f, 0) + 1
    assert max(counts.values()) <= 2


def test_timeline_items_give_no_time_away_and_notes_do():
    q = next(q for q in generate(timeline_bank(ordering_items=3)) if "jan" in q.facts)
    right = [q.options[i] for i in q.answer]
    assert right[0] == "Tillerson announced an open-ended presence."
    notes = [q.notes[i] for i in q.answer]
    assert notes[0].text.startswith("mid-January 2018: In mid-January 2018, Tillerson")
    assert q.explanation.splitlines()[2].startswith("1. mid-January 2018:")
    assert q.answer != tuple(range(len(q.options)))  # never shown in the right order already


def test_magnitude_questions():
    bank = loaded(
        [
            fact(
                "cap",
                statement="No more than 400 fighters could be in the salient.",
                value={"amount": 400, "unit": "fighters"},
            ),
            fact(
                "force",
                statement="A force of 500 fighters attacked on 7 February 2018.",
                value={"amount": 500, "unit": "fighters"},
                when={"date": "2018-02-07"},
            ),
            fact(
                "cross",
                statement="Around 250 fighters tried to cross.",
                value={"amount": 250, "unit": "fighters", "approximate": True},
            ),
            fact(
                "near",
                statement="About 260 fighters waited.",
                value={"amount": 260, "unit": "fighters", "approximate": True},
            ),
            fact(
                "pmc",
                statement="80\u2013100 fighters were killed.",
                value={"amount": 80, "upper": 100, "unit": "Fighters"},
            ),
            fact("km", statement="The base was 8 km away.", value={"amount": 8, "unit": "km"}),
        ],
        settings={"ordering_items": 4},
    )
    (q,) = [q for q in generate(bank) if q.key.form == "magnitude"]
    assert q.prompt == "Order from the fewest fighters to the most."
    assert [q.facts[i] for i in range(4)] == ["pmc", "cross", "cap", "force"]
    assert [q.options[i] for i in q.answer] == [
        "\u2026 fighters were killed.",
        "Around \u2026 fighters tried to cross.",
        "No more than \u2026 fighters could be in the salient.",
        "A force of \u2026 fighters attacked on 7 February 2018.",
    ]
    assert q.highlight == ("80\u2013100", "250", "400", "500")
    assert [q.notes[i].text.split(":")[0] for i in q.answer] == [
        "80\u2013100 Fighters",
        "about 250 fighters",
        "400 fighters",
        "500 fighters",
    ]


def test_teacher_sequences_and_hand_questions():
    bank = loaded(
        [
            fact(
                "cap",
                statement="The cap was 400.",
                quote="no more than 400 fighters",
                citations=["[2]"],
                question="Cap?",
                answer="400",
                answer_kind="number",
                why_wrong="the agreed cap",
            ),
            fact(
                "force",
                statement="500 attacked.",
                quote="500 fighters",
                citations=["[38]"],
                when={"date": "2018-02-07"},
            ),
        ],
        sequences=[
            {
                "id": "crossings",
                "prompt": "Order the crossings",
                "items": ["first", {"text": "second", "fact": "force"}, "third"],
                "quote": "Later that same day",
                "citations": ["[2]"],
                "source": "src",
            }
        ],
        questions=[
            {
                "id": "hq",
                "prompt": "How many attacked?",
                "answer": "500",
                "distractors": ["400", "600"],
                "fact": "force",
            },
            {"id": "bad", "prompt": "Twice?", "answer": "500", "distractors": ["five hundred"]},
        ],
    )
    questions = by_id(generate(bank))
    seq = questions["test/crossings/sequence"]
    assert [seq.options[i] for i in seq.answer] == ["first", "second", "third"]
    assert seq.quote == "Later that same day" and seq.citations == ("[2]",) and seq.source == "The Source"
    assert seq.notes[seq.answer[1]].text == "7 February 2018: 500 attacked. [38]"
    hand = questions["test/hq/hand"]
    assert hand.options[hand.answer] == "500" and sorted(hand.options) == ["400", "500", "600"]
    assert hand.notes[hand.options.index("400")].text == "400: the agreed cap [2]"
    assert hand.quote == "500 fighters" and hand.citations == ("[38]",)
    assert "test/bad/hand" not in questions  # two right answers: never asked


def test_options_never_repeat_after_folding():
    bank = loaded(
        [
            fact(f"f{i}", quote="q", question="Who?", answer=a, answer_kind="person")
            for i, a in enumerate(["Peskov", "peskov", "PESKOV.", "Putin", "Trump", "Tillerson", "Panarin"])
        ]
    )
    for q in generate(bank):
        folded = [fold(o) for o in q.options]
        assert len(set(folded)) == len(folded)
        right = q.options[q.answer]
        assert sum(same_answer(o, right) for o in q.options) == 1


def test_ids_and_order_are_stable_and_seeds_only_shuffle():
    bank = timeline_bank(ordering_items=3)
    a, b, c = generate(bank, 0), generate(timeline_bank(ordering_items=3), 0), generate(bank, 1)
    assert a == b
    assert [q.id for q in a] == [q.id for q in c]
    assert [q.options for q in a] != [q.options for q in c]
    assert all(q.id == str(q.key) for q in a)


def test_adding_a_fact_reshuffles_no_other_question():
    base = numbers_bank()
    bigger = loaded(
        [*(f.model_dump(exclude_defaults=True) for f in base.bank.facts), fact("new", statement="New.")],
        settings={"distractors": 2},
    )
    assert by_id(generate(base, 3))["test/force/choice"] == by_id(generate(bigger, 3))["test/force/choice"]


def test_build_question_matches_generate():
    bank = timeline_bank(ordering_items=4)
    generated = by_id(generate(bank, 7))
    for key in candidate_keys(bank):
        built = build_question(bank, key, 7)
        assert built == generated.get(str(key))
    assert build_question(bank, ItemKey("other-bank", "jan", "choice"), 7) is None
    assert build_question(bank, ItemKey("test", "nope", "timeline"), 7) is None
    assert build_question(bank, ItemKey("test", "jan", "unknown"), 7) is None


def test_orderings_pick_out_what_orders_them():
    bank = loaded(
        [
            fact(
                "dawn",
                statement="At 5 a.m. 250 crossed.",
                quote="At around 5 a.m. on 7 February 2018, around 250 crossed",
                when={"date": "2018-02-07", "time": "05:00", "approximate": True},
            ),
            fact(
                "later",
                statement="Later that same day, more crossed.",
                quote="Later that same day, about twice as many crossed",
                when={"date": "2018-02-07", "after": "dawn", "label": "later that same day"},
            ),
            fact(
                "drone",
                statement="A drone struck on 10 February 2018.",
                quote="On 10 February 2018, a drone struck",
                when={"date": "2018-02-10"},
            ),
        ],
        settings={"ordering_items": 3},
    )
    (q,) = [q for q in generate(bank) if q.kind == "order"]
    assert q.highlight == (
        "At around 5 a.m. on 7 February 2018",
        "Later that same day",
        "On 10 February 2018",
    )
    assert all(h in q.quote for h in q.highlight)


def test_an_ordering_comes_right_after_the_last_of_its_facts():
    dates = ["2018-02-07", "2018-02-10", "2018-02-12", "2018-02-14", "2018-02-22"]
    bank = loaded(
        [
            fact(
                f"f{i}",
                statement=f"Event {i} happened.",
                question=f"Q{i}?",
                answer=f"Answer {i}",
                answer_kind="thing",
                when={"date": d},
            )
            for i, d in enumerate(dates)
        ],
        settings={"ordering_items": 3, "distractors": 2},
        questions=[
            {"id": "loose", "prompt": "?", "answer": "a", "distractors": ["b"]},
            {"id": "tied", "prompt": "?", "answer": "a", "distractors": ["b"], "fact": "f1"},
        ],
    )
    ids = [str(k) for k in candidate_keys(bank)]
    assert [q.id for q in generate(bank)] == ids
    assert ids[:3] == ["test/f0/choice", "test/f1/choice", "test/tied/hand"]
    assert ids[-1] == "test/loose/hand"
    for q in generate(bank):
        if q.kind == "order":
            last = max(ids.index(f"test/{f}/choice") for f in q.facts)
            assert ids.index(q.id) == last + 1


def test_a_bank_let_go_takes_its_index_with_it():
    import gc
    import weakref

    from trainer.questions import index

    bank = timeline_bank(ordering_items=3)
    generate(bank)
    ref = weakref.ref(bank)
    assert id(bank) in index._CACHE
    key = id(bank)
    del bank
    gc.collect()
    assert ref() is None and key not in index._CACHE


def test_an_answer_of_punctuation_alone_is_not_asked():
    bank = loaded(
        [
            fact(f"f{i}", question="?", answer=a, answer_kind="mark")
            for i, a in enumerate(["...", "A", "B", "C", "D"])
        ]
    )
    ids = {q.id for q in generate(bank)}
    assert "test/f0/choice" not in ids and "test/f1/choice" in ids


def test_ids_given_twice_are_asked_once():
    bank = loaded(
        [fact("dup", question="Q?", answer=a, answer_kind="x") for a in ("A", "B")]
        + [fact(f"f{i}", question="Q?", answer=a, answer_kind="x") for i, a in enumerate("CDEF")],
        questions=[{"id": "h", "prompt": "?", "answer": "a", "distractors": ["b"]}] * 2,
        sequences=[{"id": "s", "prompt": "?", "items": ["1", "2", "3"]}] * 2,
    )
    ids = [str(k) for k in candidate_keys(bank)]
    assert len(ids) == len(set(ids)) and {"test/dup/choice", "test/h/hand", "test/s/sequence"} <= set(ids)
    assert [q.id for q in generate(bank)] == ids
