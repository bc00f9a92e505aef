"""Multiple-choice questions a teacher can trust on any bank (issue 18): one surface form per option set, no
option given away by the stem, distractors of the key's group, unit, scale and era, reverse options that
answer the stem's grammar, the key's own span picked out, and the validator's warnings on what the
generator cannot fix. Each test is named in docs/item-writing.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli_w
from factories import fact, loaded

from trainer.bank import forms
from trainer.bank.folding import fold
from trainer.bank.loading import load_bank
from trainer.bank.models import reverse_kind
from trainer.bank.validation import first_difference, validate
from trainer.commands.validate import check
from trainer.questions.generate import generate
from trainer.questions.model import Question
from trainer.questions.unasked import unasked


def ask(facts: list[dict[str, Any]], fid: str, form: str = "choice", **bank: Any) -> Question | None:
    questions = {q.id: q for q in generate(loaded(facts, **bank))}
    return questions.get(f"test/{fid}/{form}")


def wrong(q: Question | None) -> list[str]:
    assert q is not None
    return [o for i, o in enumerate(q.options) if i != q.answer]


def person(fid: str, name: str, **extra: Any) -> dict[str, Any]:
    return fact(
        fid,
        quote=f"{name} spoke.",
        question=f"Who spoke ({fid})?",
        answer=name,
        answer_kind="person",
        **extra,
    )


# --- one right answer, plausible homogeneous distractors ----------------------------------------------


def test_an_option_named_in_the_question_or_its_attribution_is_never_offered() -> None:
    facts = [
        fact(
            "aims",
            quote="Rex Tillerson said the presence would ensure the departure of Bashar al-Assad.",
            attribution="according to Rex Tillerson",
            question="According to Rex Tillerson, the presence would ensure the departure of whom?",
            answer="Bashar al-Assad",
            answer_kind="person",
        ),
        person("a", "Rex Tillerson"),
        person("b", "Donald Trump"),
        person("c", "Vladimir Putin"),
        person("d", "Dmitry Peskov"),
        person("e", "Mike Pompeo"),
    ]
    for seed_fact in ("aims",):
        options = wrong(ask(facts, seed_fact))
        assert "Rex Tillerson" not in options and len(options) == 3


def test_a_name_whose_surname_the_stem_uses_is_not_offered() -> None:
    facts = [
        fact(
            "bi",
            quote="Shen Kuo described Bi Sheng's movable type.",
            question="Who described Bi Sheng's movable type?",
            answer="Shen Kuo",
            answer_kind="person",
        ),
        person("a", "Wang Bi Sheng"),
        person("b", "Wang Zhen"),
        person("c", "Cai Lun"),
        person("d", "Su Song"),
    ]
    assert "Wang Bi Sheng" not in wrong(ask(facts, "bi"))
    king = fact(
        "croesus",
        quote="Croesus ruled Lydia.",
        question="Which king ruled Lydia when Cyrus conquered it?",
        answer="Croesus",
        answer_kind="person",
    )
    others = [
        fact(
            f"k{i}", quote=f"{n} spoke.", question=f"Which king spoke ({i})?", answer=n, answer_kind="person"
        )
        for i, n in enumerate(["Cyrus the Great", "Astyages", "Nabonidus", "Amasis"])
    ]
    assert "Cyrus the Great" not in wrong(ask([king, *others], "croesus"))


def amount(fid: str, answer: str, unit: str, amount_: float, **extra: Any) -> dict[str, Any]:
    return fact(
        fid,
        quote=f"It is {answer}.",
        question=f"How much is {fid}?",
        answer=answer,
        answer_kind="number",
        value={"amount": amount_, "unit": unit},
        **extra,
    )


def test_number_distractors_share_the_keys_unit_and_order_of_magnitude() -> None:
    facts = [
        amount("moons", "2", "moons", 2),
        amount("phobos", "3", "moons", 3),
        amount("jupiter", "5", "moons", 5),
        amount("earth", "1", "moons", 1),
        amount("year", "6", "days", 6),  # another property: never a number of moons
        amount("big", "95", "moons", 95),  # within the unit, but 47 times the key
    ]
    options = wrong(ask(facts, "moons"))
    assert sorted(options) == ["1", "3", "5"]


def test_a_bare_number_is_not_offered_beside_a_measured_amount() -> None:
    facts = [
        amount("mass", "642 kg", "kg", 642),
        amount("rover", "900 kg", "kg", 900),
        amount("lander", "360 kg", "kg", 360),
        fact("count", quote="There were 700.", question="How many?", answer="700", answer_kind="number"),
    ]
    assert ask(facts, "mass") is None  # two of its unit, and 700 is no mass


def test_temperatures_are_compared_from_absolute_zero() -> None:
    facts = [
        amount("cloud", "−108 °C", "°C", -108),
        amount("io", "−150 °C", "°C", -150),
        amount("europa", "−160 °C", "°C", -160),
        amount("night", "−90 °C", "°C", -90),
        amount("core", "20,000 °C", "°C", 20_000),
    ]
    assert "20,000 °C" not in wrong(ask(facts, "cloud"))


def day(fid: str, label: str, **extra: Any) -> dict[str, Any]:
    return fact(
        fid,
        quote=f"It happened on {label}.",
        question=f"When ({fid})?",
        answer=label,
        answer_kind="date",
        **extra,
    )


def test_date_distractors_lie_within_a_span_proportionate_to_the_keys_era() -> None:
    facts = [
        day("battle", "7 February 2018"),
        day("call", "12 February 2018"),
        day("report", "22 February 2018"),
        day("visit", "3 March 2017"),
        day("old", "9 May 1945"),
    ]
    assert "9 May 1945" not in wrong(ask(facts, "battle"))
    assert forms_era_ok()


def forms_era_ok() -> bool:
    from trainer.questions.distractors import era_span

    return era_span(2018) == 3.0 and 55 < era_span(1781) < 65 and era_span(-3500) > 1000


def test_a_group_keeps_generated_distractors_among_answers_that_belong_together() -> None:
    facts = [
        person("assad", "Bashar al-Assad", group="syrian-officials"),
        person("azzam", "Mansour Azzam", group="syrian-officials"),
        person("mekdad", "Faisal Mekdad", group="syrian-officials"),
        person("muallem", "Walid Muallem", group="syrian-officials"),
        person("trump", "Donald Trump"),
        person("obama", "Barack Obama"),
    ]
    assert sorted(wrong(ask(facts, "assad"))) == ["Faisal Mekdad", "Mansour Azzam", "Walid Muallem"]


def test_a_reverse_answer_gets_a_kind_that_fits_its_question() -> None:
    assert reverse_kind("What did Dmitry Peskov admit on 14 February?") == "claim"
    assert reverse_kind("What opinion did Viktor Alksnis voice?") == "claim"
    assert reverse_kind("What may the Ministry of Defence have done?") == "deed"
    assert reverse_kind("What did Yavlinsky call on Putin to do on 12 February 2018?") == "deed"
    assert reverse_kind("What had Prigozhin secured from a minister?") == "thing"


def test_reverse_options_are_never_clauses_of_unrelated_facts() -> None:
    def reversed_fact(name: str, question: str, answer: str) -> dict[str, Any]:
        return fact(
            name.lower(),
            quote=f"{name} said it.",
            question=f"Who said it ({name})?",
            answer=name,
            answer_kind="person",
            reverse={"question": question, "answer": answer},
        )

    facts = [
        reversed_fact("Prigozhin", "What had Prigozhin secured?", "Permission to go ahead with a move"),
        reversed_fact("Murtazin", "What may the ministry have done?", "Let the unit come to harm"),
        reversed_fact("Peskov", "What did Peskov admit?", "That citizens were in Syria"),
        reversed_fact("Alksnis", "What did Alksnis say?", "That the strike was a demonstration"),
        reversed_fact("Tillerson", "What did Tillerson say?", "That the presence would be open-ended"),
        reversed_fact("Yavlinsky", "What did Yavlinsky say?", "That Putin account for the battle"),
    ]
    assert ask(facts, "prigozhin", "reverse") is None  # no other thing secured: never a deed or a claim
    options = wrong(ask(facts, "peskov", "reverse"))
    assert all(o.startswith("That") for o in options)
    assert "Let the unit come to harm" not in options


# --- one surface form per option set ---------------------------------------------------------------


def test_numbers_in_words_and_numerals_are_written_in_the_keys_form() -> None:
    facts = [
        fact(
            f"n{n}",
            quote=f"It had {text} moons.",
            question=f"How many ({n})?",
            answer=text,
            answer_kind="number",
        )
        for n, text in [(2, "two"), (12, "12"), (6, "six"), (4, "4")]
    ]
    options = ask(facts, "n2")
    assert options is not None
    assert all(not any(c.isdigit() for c in o) for o in options.options), options.options
    assert "twelve" in options.options and "four" in options.options


def test_the_only_hedged_option_is_never_offered_beside_plain_ones() -> None:
    facts = [
        fact("cap", quote="a cap of 400", question="What cap?", answer="400", answer_kind="number"),
        fact("a", quote="500 came", question="How many came?", answer="500", answer_kind="number"),
        fact(
            "b",
            quote="some 300 fought",
            question="How many fought?",
            answer="around 300",
            answer_kind="number",
        ),
        fact("c", quote="200 left", question="How many left?", answer="200", answer_kind="number"),
        fact("d", quote="600 stayed", question="How many stayed?", answer="600", answer_kind="number"),
    ]
    q = ask(facts, "cap")
    assert q is not None and not any(o.startswith("around") for o in q.options)
    assert "300" in q.options  # converted to the key's form, not left out


def test_the_key_is_never_the_only_option_of_its_article_or_kind_of_name() -> None:
    facts = [
        fact(
            "war",
            quote="the Syrian civil war",
            question="Which one (war)?",
            answer="the Syrian civil war",
            answer_kind="event",
        ),
        fact("a", quote="the Iraq War", question="Which a?", answer="the Iraq War", answer_kind="event"),
        fact("b", quote="the Cold War", question="Which b?", answer="the Cold War", answer_kind="event"),
        fact(
            "c",
            quote="a border skirmish",
            question="Which c?",
            answer="a border skirmish",
            answer_kind="event",
        ),
        fact("d", quote="the Gulf War", question="Which d?", answer="the Gulf War", answer_kind="event"),
    ]
    q = ask(facts, "war")
    # The key is a common phrase with "the": names may stand beside it only two or more together.
    assert q is not None
    looks = [forms.form_of(o).look for o in q.options]
    assert all(looks.count(look) >= 2 for look in looks), q.options


def test_a_much_longer_key_is_never_offered_among_short_options() -> None:
    long = "they had no information to confirm that Belarusians or Kazakhstanis had been killed or wounded"
    facts = [
        fact("long", quote=long, question="What did they state?", answer=long, answer_kind="statement"),
        *[
            fact(f"s{i}", quote=text, question=f"What {i}?", answer=text, answer_kind="statement")
            for i, text in enumerate(["they refused to comment", "they blamed others", "they asked for time"])
        ],
    ]
    assert ask(facts, "long") is None
    assert not forms.comparable_length(len(long), len("they refused to comment"))


def test_a_word_of_the_stem_that_the_key_repeats_is_in_every_option() -> None:
    facts = [
        fact(
            "region",
            quote="a resident of Kaliningrad Region",
            question="He was a resident of which region?",
            answer="Kaliningrad Region",
            answer_kind="place",
        ),
        *[
            fact(f"p{i}", quote=f"in {p}", question=f"Which region {i}?", answer=p, answer_kind="place")
            for i, p in enumerate(
                ["Eastern Ghouta", "Kursk Region", "Tabiyet Jazira", "Rostov Region", "Murmansk Region"]
            )
        ],
    ]
    options = wrong(ask(facts, "region"))
    assert all(o.endswith("Region") for o in options), options


def test_a_date_is_written_at_the_keys_precision() -> None:
    facts = [
        fact(
            "pub",
            quote="published in 1823",
            question="When was it published?",
            answer="1823",
            answer_kind="date",
        ),
        *[
            day(f"d{i}", label)
            for i, label in enumerate(["30 December 1816", "1 January 1818", "30 August 1797"])
        ],
    ]
    q = ask(facts, "pub")
    assert q is not None and sorted(q.options) == ["1797", "1816", "1818", "1823"]


def test_where_no_homogeneous_set_can_be_built_the_question_is_not_asked_and_validate_says_why() -> None:
    facts = [
        fact(
            "range",
            quote="80–100 were killed",
            question="How many were killed?",
            answer="80–100",
            answer_kind="number",
        ),
        *[
            fact(f"n{i}", quote=f"{n} came", question=f"How many {i}?", answer=n, answer_kind="number")
            for i, n in enumerate(["500", "400", "200", "300"])
        ],
    ]
    bank = loaded(facts)
    assert ask(facts, "range") is None
    [problem] = unasked(bank)
    assert problem.key_path == "facts[0].answer" and problem.severity == "warning"
    assert "no choice question" in problem.message and "of another form or length" in problem.message


# --- the highlighted span ----------------------------------------------------------------------------


def test_a_reverse_question_picks_out_its_own_answer_never_the_cue() -> None:
    quote = "Tillerson said the presence would counter Iranian influence and ensure the departure of Assad."
    facts = [
        fact(
            "aims",
            quote=quote,
            question="Whose departure would the presence ensure?",
            answer="Assad",
            answer_kind="person",
            reverse={
                "question": "Besides the departure of Assad, what would the presence do?",
                "answer": "Counter Iranian influence",
                "answer_kind": "aim",
                "distractors": [
                    "Counter Russian influence",
                    "Secure the oil fields",
                    "Support the Syrian Army",
                ],
            },
        ),
        *[person(f"p{i}", n) for i, n in enumerate(["Putin", "Trump", "Obama"])],
    ]
    q = ask(facts, "aims", "reverse")
    assert q is not None and q.highlight == ("counter Iranian influence",)
    assert all(h in quote for h in q.highlight)


def test_a_paraphrase_the_quote_does_not_say_is_not_picked_out() -> None:
    from trainer.questions.explain import paraphrase_span

    assert paraphrase_span("The Sun holds most of the mass.", "It is the largest planet") == ()
    span = paraphrase_span("he was given permission to go ahead with a fast move", "Permission to go ahead")
    assert span == ("permission to go ahead",)


# --- the validator's warnings ------------------------------------------------------------------------


def write_bank(folder: Path, facts: list[dict[str, Any]], text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(text, encoding="utf-8")
    table = {
        "id": "bad",
        "title": "A bad bank",
        "sources": [{"id": "src", "title": "Notes", "reference": "r", "text_file": "source.txt"}],
        "facts": facts,
    }
    path = folder / "bank.toml"
    path.write_text(tomli_w.dumps(table), encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    return [p.message for p in validate(load_bank(path))]


def test_validate_warns_of_a_x10_ladder_around_the_key(tmp_path: Path) -> None:
    text = "Notes\n\nThe crater is 70 km wide.\n"
    f = fact(
        "crater",
        quote="The crater is 70 km wide.",
        question="How wide is the crater?",
        answer="70 km",
        answer_kind="length",
        distractors=["7 km", "700 km", "7,000 km"],
    )
    [message] = [m for m in messages(write_bank(tmp_path, [f], text)) if "ladder" in m]
    assert "7 km / 70 km / 700 km / 7,000 km" in message
    assert forms.ladder("70", ["65", "80", "90"]) == []


def test_validate_warns_of_a_distractor_of_another_form(tmp_path: Path) -> None:
    text = "Notes\n\nIt weighed 6,100 kg at launch.\n"
    f = fact(
        "mass",
        quote="It weighed 6,100 kg at launch.",
        question="What did it weigh?",
        answer="6,100 kg",
        answer_kind="mass",
        distractors=["5.2 tonnes", "2,400 kg", "9,800 kg"],
    )
    found = [m for m in messages(write_bank(tmp_path, [f], text)) if "differs from the answer" in m]
    assert found == [
        "distractor '5.2 tonnes' differs from the answer '6,100 kg' in form (unit 'tonne' beside 'kg'), so it "
        "is not offered; write it as the answer is written"
    ]


def test_validate_warns_of_a_feature_every_distractor_has_and_the_key_lacks(tmp_path: Path) -> None:
    text = "Notes\n\nHe lived in Kaliningrad.\n"
    f = fact(
        "home",
        quote="He lived in Kaliningrad.",
        question="Where did he live?",
        answer="Kaliningrad",
        answer_kind="place",
        distractors=["Kursk Region", "Rostov Region", "Omsk Region"],
    )
    found = [m for m in messages(write_bank(tmp_path, [f], text)) if "every distractor has" in m]
    assert found == [
        "every distractor has the word 'region' but the answer 'Kaliningrad' does not, so it "
        "stands out; write them alike"
    ]


def test_validate_shows_where_a_quote_first_departs_from_its_source(tmp_path: Path) -> None:
    text = "Notes\n\nThe Sun holds about 99.8 per cent of the mass of the Solar System.\n"
    f = fact("sun", quote="The Sun holds about 99.8 percent of the mass")
    [message] = [m for m in messages(write_bank(tmp_path, [f], text)) if "not verbatim" in m]
    assert message == (
        "quote is not verbatim in the text of 'Notes': it first differs after 'The Sun holds about 99.8 per', "
        "where the quote has 'cent of the mass' and the source ' cent of the mass of the Solar'"
    )
    assert "not even its beginning" in first_difference("Zebras run", "The Sun holds")


def test_a_rejected_claim_is_no_reported_claim(tmp_path: Path) -> None:
    text = "Notes\n\nMost historians reject the claim that Gutenberg saw Chinese type. Some claimed he did.\n"
    rejected = fact("reject", quote="Most historians reject the claim that Gutenberg saw Chinese type.")
    reported = fact("report", quote="Some claimed he did.")
    found = [
        p
        for p in validate(load_bank(write_bank(tmp_path, [rejected, reported], text)))
        if "claim" in p.message
    ]
    assert [p.key_path for p in found] == ["facts[1].quote"]


def test_the_validate_command_reports_a_question_it_cannot_ask(tmp_path: Path) -> None:
    text = "Notes\n\nAbout 80–100 were killed. 500 came. 400 stayed. 200 left. 300 fled.\n"
    facts = [
        fact(
            "range",
            quote="About 80–100 were killed.",
            question="How many were killed?",
            answer="80–100",
            answer_kind="number",
        ),
        *[
            fact(f"n{n}", quote=f"{n} {verb}.", question=f"How many {verb}?", answer=n, answer_kind="number")
            for n, verb in [("500", "came"), ("400", "stayed"), ("200", "left"), ("300", "fled")]
        ],
    ]
    _, problems, _ = check(str(write_bank(tmp_path, facts, text)))
    assert [(p.key_path, p.severity) for p in problems] == [("facts[0].answer", "warning")]
    assert "too few other answers read like '80–100'" in problems[0].message


@pytest.mark.parametrize(
    "text, shape",
    [
        ("1.90 × 10²⁷ kg", "scientific"),
        ("−108 °C", "numeral"),
        ("778 million km", "numeral"),
        ("between 15 and 25 km", "range"),
        ("six", "words"),
        ("more than a century", "words"),
        ("July 1994", "month"),
        ("Deir ez-Zor Governorate", "text"),
    ],
)
def test_forms_read_amounts_as_sources_print_them(text: str, shape: str) -> None:
    assert forms.form_of(text).shape == shape


def test_amounts_read_as_sources_print_them() -> None:
    assert forms.amount("1.90 × 10²⁷ kg") == pytest.approx(1.9e27)
    assert forms.amount("778 million km") == 7.78e8
    assert forms.amount("−108 °C") == -108
    assert forms.amount("about 4,000") == 4000
    assert fold("−108 °C") == "-108 °c"
