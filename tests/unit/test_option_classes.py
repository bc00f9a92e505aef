"""The key is never the only option of its class (issue 18, classes C4 and C5 of the audit): an amount's
precision, a phrase's qualification or quotation, a short phrase's word class, its length, a span of time's
unit. Each test is named in docs/item-writing.md."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from factories import fact
from test_choice_quality import ask, messages, write_bank, wrong

from trainer.bank import forms, optionclass
from trainer.questions.model import Question


def answers(kind: str, texts: list[str], **extra: Any) -> list[dict[str, Any]]:
    """One fact per answer, each its own question, all of one kind."""
    return [
        fact(
            f"f{i}", quote=f"It was {t}.", question=f"What was it ({i})?", answer=t, answer_kind=kind, **extra
        )
        for i, t in enumerate(texts)
    ]


def no_class_alone(q: Question | None, feature: str) -> list[Any]:
    """The options' values of a `Form` look feature, asserting none is the only option of its value."""
    assert q is not None
    index = {"precision": 2, "qualified": 3, "quoted": 4}[feature]
    values = [forms.form_of(o).look[index] for o in q.options]
    assert all(n >= 2 for n in Counter(values).values()), q.options
    return values


# --- precision -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("99.8 per cent", "decimal"),
        ("more than two and a half times", "fraction"),
        ("about half as many", "fraction"),
        ("1.43 billion km", "whole"),  # a whole number, written with its scale word
        ("778 million km", "whole"),
        ("365", "whole"),
        ("142,984 km", "whole"),
        ("16,350 km", "whole"),  # sizes as sources give them: not told apart by roundness
        ("2 to 5 million", "round"),
        ("300 to 400 million", "round"),
        ("17 to 35 million", "exact"),  # an irregular range: measured, not rounded
        ("Paris", ""),
    ],
)
def test_forms_read_an_amounts_precision(text: str, precision: str) -> None:
    assert forms.form_of(text).look[2] == precision


def test_the_key_is_never_the_only_option_of_its_precision() -> None:
    shares = ["50 per cent", "75 per cent", "90 per cent", "60 per cent"]
    facts = answers("share", ["99.8 per cent", *shares])
    assert ask(facts, "f0") is None  # 99.8 alone among round shares
    facts = answers("share", ["99.8 per cent", *shares, "97.5 per cent", "93.2 per cent"])
    assert no_class_alone(ask(facts, "f0"), "precision").count("decimal") >= 2
    ranges = ["2 to 5 million", "300 to 400 million", "100 to 150 million", "40 to 60 million"]
    assert ask(answers("population", ["17 to 35 million", *ranges]), "f0") is None
    multiples = [
        "more than two times",
        "more than five times",
        "more than ten times",
        "more than three times",
    ]
    assert ask(answers("ratio", ["more than two and a half times", *multiples]), "f0") is None


# --- qualification and quotation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualified"),
    [
        ("an unspecified Russian minister", True),
        ("That some Russian citizens who were not part of the armed forces might be in Syria", True),
        ("A telephone conversation, with no details revealed", True),
        ("a Hezbollah commander", False),
        ("artillery, mortars and rockets", False),  # a list's comma opens no clause
        ("Presumption; or, the Fate of Frankenstein", False),  # nor does a title's
        ("That Russian soldiers had been killed in the strike", False),
    ],
)
def test_forms_read_whether_a_phrase_is_qualified(text: str, qualified: bool) -> None:
    assert forms.form_of(text).look[3] is qualified


def test_the_key_is_never_the_only_qualified_option() -> None:
    plain = ["a Syrian Army general", "an Iranian commander", "a Hezbollah commander"]
    key = fact(
        "who",
        quote="He secured permission from an unspecified Russian minister.",
        question="From whom did he secure permission?",
        answer="an unspecified Russian minister",
        answer_kind="authority",
        distractors=plain,
    )
    assert ask([key, *answers("authority", ["a Russian officer"])], "who") is None
    hedged = ["an unnamed Syrian officer", "an unspecified Iranian envoy"]
    q = ask([key, *answers("authority", hedged)], "who")
    assert no_class_alone(q, "qualified").count(True) >= 2


def test_the_key_is_never_the_only_option_that_quotes() -> None:
    key = 'Permission for a "fast and strong" move'
    others = [
        "Funding to hire fighters for a larger move",
        "Air cover from the air force for a move",
        "Oil field rights in exchange for a move",
    ]
    assert ask(answers("deed", [key, *others]), "f0") is None
    quoting = ['Orders for a "limited and slow" move', 'Leave for a "quiet and careful" move']
    values = no_class_alone(ask(answers("deed", [key, *others, *quoting]), "f0"), "quoted")
    assert values.count(True) >= 2


# --- word class ----------------------------------------------------------------------------------------


def test_a_short_common_phrase_is_offered_only_beside_phrases_of_its_word_class() -> None:
    terms = ["volunteer", "excellent", "fast and strong", "coordinated attack"]
    assert forms.form_of("volunteer").pos & optionclass.NOUN
    assert not forms.form_of("excellent").pos & optionclass.NOUN
    assert forms.form_of("fast and strong").pos == optionclass.ADJ  # its head word, "strong"
    # "With what word did TASS describe him?": only "coordinated attack" is a noun beside "volunteer".
    assert ask(answers("term", terms), "f0") is None
    nouns = ["mercenary", "instructor"]
    assert set(wrong(ask(answers("term", [*terms, *nouns]), "f0"))) == {"coordinated attack", *nouns}
    adjectives = ["adequate", "poor"]
    assert set(wrong(ask(answers("term", [*terms, *adjectives]), "f1"))) == {"fast and strong", *adjectives}


def test_validate_names_a_distractor_of_another_word_class(tmp_path: Path) -> None:
    f = fact(
        "word",
        quote='They called him a "volunteer".',
        question="With what word did they describe him?",
        answer="volunteer",
        answer_kind="term",
        distractors=["mercenary", "excellent", "instructor"],
    )
    found = messages(write_bank(tmp_path, [f], 'Notes\n\nThey called him a "volunteer".\n'))
    assert (
        "distractor 'excellent' differs from the answer 'volunteer' in form (an adjective beside a noun or a "
        "verb), so it is not offered; write it as the answer is written" in found
    )


# --- length --------------------------------------------------------------------------------------------


def test_the_key_is_never_the_longest_or_shortest_option_by_a_margin() -> None:
    key = "Present an account of whether any Russian military forces had been involved in the battle"
    short = [
        "Withdraw all Russian private military contractors from Syria at once",
        "Break off diplomatic relations with the United States over the strike",
        "Award state honours to the Russians killed near Deir ez-Zor",
    ]
    # Each is of comparable length to the key, but the key is 20 characters longer than any.
    assert all(forms.comparable_length(len(key), len(s)) for s in short)
    assert ask(answers("deed", [key, *short]), "f0") is None
    longer = "Open an inquiry into whether Russian private contractors had fought near Deir ez-Zor"
    options = ask(answers("deed", [key, *short, longer]), "f0")
    assert options is not None and longer in options.options
    assert not forms.stands_out_by_length(len(key), [type("D", (), {"text": longer})()])


# --- units ---------------------------------------------------------------------------------------------


def test_a_span_of_time_is_written_in_the_keys_unit_or_left_out() -> None:
    key, hours = forms.form_of("about 10 hours"), "about 10 hours"
    assert forms.convert(hours, key, "about 2 days", forms.form_of("about 2 days")) == "about 48 hours"
    weeks = forms.form_of("Three weeks")
    assert forms.convert("Three weeks", weeks, "Six days", forms.form_of("Six days")) is None  # not whole
    assert forms.convert("Three weeks", weeks, "Three months", forms.form_of("Three months")) is None
    # "About 58 days" among hours comes to 1,392 hours: of another order of magnitude, so not offered.
    spans = ["about 10 hours", "about 17 hours", "about 24 hours", "about 58 days", "about 6 hours"]
    q = ask(answers("span", spans), "f0")
    assert q is not None and all(o.endswith("hours") and "1392" not in o for o in q.options), q.options


# --- relations -----------------------------------------------------------------------------------------


def test_a_relation_is_offered_only_beside_relations_of_the_keys_sex() -> None:
    def relation(fid: str, who: str, answer: str) -> dict[str, Any]:
        return fact(
            fid,
            quote=f"{who} spoke.",
            question=f"Who spoke ({fid})?",
            answer=who,
            answer_kind="person",
            reverse={"question": f"Who was {who} to her?", "answer": answer, "answer_kind": "relation"},
        )

    facts = [
        relation("husband", "Percy", "her husband"),
        relation("mother", "Mary", "her mother"),
        relation("publisher", "Lackington", "her publisher"),
        relation("brother", "Charles", "her brother"),
        relation("aunt", "Everina", "her aunt"),
    ]
    assert ask(facts, "husband", "reverse") is None  # only her publisher and her brother are left
    facts.append(relation("son", "Percy Florence", "her son"))
    options = wrong(ask(facts, "husband", "reverse"))
    assert sorted(options) == ["her brother", "her publisher", "her son"]
    aunts = wrong(ask([*facts, relation("sister", "Fanny", "her sister")], "aunt", "reverse"))
    assert not {"her husband", "her brother", "her son"} & set(aunts), aunts


def test_a_teachers_span_of_time_in_another_unit_is_measured_in_the_keys() -> None:
    f = fact(
        "day",
        quote="A day there lasts just under 10 hours.",
        question="How long does a day there last?",
        answer="just under 10 hours",
        answer_kind="span",
        distractors=["about 17 hours", "about 58 days", "about 2 days", "about 6 hours"],
    )
    # 58 days is 1392 hours: another order of magnitude once written in the key's unit.
    assert sorted(wrong(ask([f], "day"))) == ["about 17 hours", "about 6 hours", "just under 48 hours"]
