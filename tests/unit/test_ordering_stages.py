"""Ordering items whose words give their order away (a birth before the person's acts, a founding before the
founder's death, a report after the event, a later edition after the first, Ivo I before Ivo III), items
that tell of a state rather than an event once their date is cut, and the teacher's sequences that order
themselves. Tiny synthetic banks on made-up subjects: the rules know no subject's words."""

from __future__ import annotations

import pytest
from factories import fact, loaded
from test_validation import BASE, check

from trainer.bank.timeline import Timeline
from trainer.questions import masking
from trainer.questions.generate import generate
from trainer.questions.ordering import timeline_groups
from trainer.questions.stages import ambiguous_name, bounds_subject, cues, gives_away, self_ordered


@pytest.mark.parametrize(
    ("a", "b", "thing", "word"),
    [
        ("Anna Berg was born.", "Anna Berg painted the mural.", "anna berg", "born"),
        ("The guild was founded by Otto Lind.", "Otto Lind drafted its charter.", "lind otto", "founded"),
        ("Otto Lind died.", "Otto Lind's workshop built a bridge.", "lind otto", "died"),
        ("Vasco was murdered by his guards.", "Vasco crossed the mountains.", "vasco", "murdered"),
        ("Marek seized the throne.", "Marek's army won at Tarn.", "marek", "seized the throne"),
        ("Marek, son of Pavel, reigned over the realm.", "Pavel built a fortress.", "pavel", "son of"),
        (
            "The council voted to close the harbour.",
            "Newspapers reported that the harbour would shut.",
            "harbour",
            "reported",
        ),
        (
            "The novel Dusk was published anonymously.",
            "A new edition of Dusk named its author.",
            "dusk",
            "edition",
        ),
        ("The play Ember opened in a small theatre.", "Lena saw Ember and praised it.", "ember", "opened"),
        ("The Orvan Republic was founded.", "A new parliament governed the republic.", "republic", "founded"),
        # One name with two regnal numbers: the numbers are the order.
        ("Ottokar I built a wall.", "Ottokar III lost a war.", "ottokar i / ottokar iii", "regnal numbers"),
        # A plural names the family ("the Bergs" names a Berg).
        ("Anna Berg was born.", "The Bergs moved north.", "berg", "born"),
    ],
)
def test_items_naming_one_thing_with_a_stage_word_give_their_order_away(a, b, thing, word):
    assert gives_away(a, b) == (thing, word)
    assert gives_away(b, a) == (thing, word)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Anna Berg painted the mural.", "Anna Berg visited Oslo."),  # no stage word
        ("Anna Berg was born.", "Otto Lind painted a mural."),  # nothing shared
        ("Otto Lind died in Vienna.", "The opera opened in Vienna."),  # a place is not what they share
        ("According to Tomas Vik, the dam failed.", "Tomas Vik founded a school."),  # nor a source
        ("Anna Berg was born.", "Mila Berg-Nord sailed west."),  # another name
        ("Ottokar I built a wall.", "Ottokar I lost a war."),  # one king, no stage word
        ("Xi Lan built a wall.", "Xi Lan lost a war."),  # a name's letters are no regnal number
        # An attribution dates its item as the event it attributes: "according to" is no stage word.
        ("According to the harbour log, the ferry sank.", "The harbour log was kept daily."),
        # "Fell" is mostly a body falling, not an end: "its probe fell into the atmosphere".
        ("The orbiter's probe fell into the clouds.", "The Voyager probe found a ring."),
        # A plural head noun names a kind, not the one thing the singular names.
        ("The rebel force launched its assault.", "Soldiers of the armed forces were in the city."),
    ],
)
def test_items_that_share_no_named_stage_keep_their_order_to_themselves(a, b):
    assert gives_away(a, b) is None


def _life() -> list[dict]:
    """A person's birth, acts and death, and other people's acts between: dated, all pairs in order."""
    return [
        fact("born", statement="Anna Berg was born in 1900.", when={"date": "1900"}),
        fact("mural", statement="Anna Berg painted the harbour mural in 1920.", when={"date": "1920"}),
        fact("bridge", statement="Otto Lind built the stone bridge in 1925.", when={"date": "1925"}),
        fact("school", statement="Anna Berg opened a school of painting in 1930.", when={"date": "1930"}),
        fact("dam", statement="Tomas Vik designed the dam in 1935.", when={"date": "1935"}),
        fact("ferry", statement="Mila Nord ran the first ferry line in 1940.", when={"date": "1940"}),
        fact("road", statement="Mila Nord paved the coast road in 1945.", when={"date": "1945"}),
        fact("died", statement="Anna Berg died in 1950.", when={"date": "1950"}),
        fact("canal", statement="Tomas Vik dug the canal in 1955.", when={"date": "1955"}),
        fact("hall", statement="Otto Lind roofed the market hall in 1960.", when={"date": "1960"}),
    ]


def test_a_timeline_never_puts_together_items_whose_words_give_their_order_away():
    bank = loaded(_life(), settings={"ordering_items": 3})
    groups = timeline_groups(bank.bank, Timeline(bank.facts_by_id))
    anna = {"born", "mural", "school", "died"}
    for group in groups:
        assert not ({"born", "died"} & set(group.members) and len(anna & set(group.members)) > 1), group
    # Split across questions rather than dropped: birth and death each still serve a timeline.
    used = {m for g in groups for m in g.members}
    assert {"born", "died"} <= used, groups


def test_without_the_rule_the_life_bank_would_give_its_order_away():
    """The bank above is one the rule changes: its plain greedy groups put the birth beside the acts."""
    facts = _life()
    for f in facts:
        if f["id"] in ("born", "died"):
            f["statement"] = f["statement"].replace("was born", "moved north").replace("died", "moved south")
    bank = loaded(facts, settings={"ordering_items": 3})
    first = timeline_groups(bank.bank, Timeline(bank.facts_by_id))[0]
    assert set(first.members) == {"born", "mural", "bridge"}


@pytest.mark.parametrize(
    ("statement", "years", "problem"),
    [
        # A state up to a time: "since", "until" cut leave no event, or an untrue one.
        (
            "The comet has been observed continuously since 1830.",
            {1830},
            "how long something lasted ('since'",
        ),
        ("The province broke away in 404 BC and was not retaken until 343 BC.", {404, 343}, "('until'"),
        # A perfect tense: a state, or a time before another.
        (
            "Per the rumours, the guns had been moved to the fort in 1712.",
            {1712},
            "perfect tense ('had been'",
        ),
        ("In 1580 the fleet had sailed for Lisbon.", {1580}, "perfect tense ('had sailed')"),
    ],
)
def test_an_item_that_tells_of_a_state_is_left_out_unless_the_teacher_writes_one(statement, years, problem):
    item, why = masking.timeline_item_text(statement, frozenset(years))
    assert item is None and problem in why
    own = fact("f", statement=statement, when={"date": str(min(years))}, item="The guns reached the fort.")
    assert masking.timeline_item(loaded([own]).bank.facts[0]) == "The guns reached the fort."


@pytest.mark.parametrize(
    ("statement", "years", "item"),
    [
        # A perfect tense in a subordinate clause is not the item's own time.
        (
            "In 1846 Galle found the planet where Le Verrier had predicted it.",
            {1846},
            "Galle found the planet where Le Verrier had predicted it.",
        ),
        (
            "In 1811 the keeper said that the lamp had failed.",
            {1811},
            "The keeper said that the lamp had failed.",
        ),
        ("From 522 to 486 BC Darius reigned.", {522, 486}, "Darius reigned."),
    ],
)
def test_a_perfect_tense_of_another_clause_and_a_reign_keep_the_item(statement, years, item):
    assert masking.timeline_text(statement, frozenset(years)) == item


def test_self_ordered_sequences_are_found_by_their_words():
    assert self_ordered(
        ["Troops shell the fort", "Ships bombard the harbour", "Cavalry respond to the attack on the fort"]
    ) == (0, 2, "fort", "respond")
    assert self_ordered(["The walls are built", "The gate is painted", "The tower is raised"]) is None


def test_a_bare_name_the_bank_numbers_twice_is_ambiguous():
    corpus = "Ottokar I built a wall. Ottokar III lost a war. Bela II reigned."
    assert ambiguous_name("Ottokar", corpus) == ["Ottokar I", "Ottokar III"]
    assert ambiguous_name("Ottokar III", corpus) == []
    assert ambiguous_name("Bela", corpus) == []


def _sequence(items):
    def change(bank):
        bank["sequences"][0].update(items=items)

    return change


@pytest.mark.parametrize(
    ("items", "key_path", "words"),
    [
        (
            ["The storm floods the quay", "The harbour master reports the flood damage", "Repairs begin"],
            "sequences[0].items",
            "the items order themselves: items 0 and 1 both name",
        ),
        (
            ["The lighthouse is founded", "Keepers tend the lighthouse", "Gulls nest"],
            "sequences[0].items",
            "'founded' places one against the other",
        ),
    ],
)
def test_validate_warns_of_a_sequence_whose_words_order_it(tmp_path, items, key_path, words):
    problems, lines = check(tmp_path, _sequence(items))
    assert [(p.severity, p.key_path) for p in problems] == [("warning", key_path)], [str(p) for p in problems]
    assert words in problems[0].message
    assert "items = " in lines[problems[0].line - 1]


def test_validate_warns_of_a_bare_name_the_bank_numbers_twice(tmp_path):
    def change(bank):
        bank["facts"][1]["statement"] = "Robert Stevenson I built the lighthouse."
        bank["facts"][3]["statement"] = "Robert Stevenson III made a tidal survey in 1843."
        bank["sequences"][0].update(items=["Robert Stevenson", {"text": "Lit", "fact": "lit"}, "Surveyed"])

    problems, _ = check(tmp_path, change)
    messages = [(p.key_path, p.message) for p in problems if "ambiguous" in p.message]
    assert messages == [
        (
            "sequences[0].items[0]",
            "item 'Robert Stevenson' is ambiguous: the bank names Robert Stevenson I and Robert Stevenson III; "
            "write which",
        )
    ]


def test_the_base_sequence_is_not_self_ordered():
    assert (
        self_ordered([i if isinstance(i, str) else i["text"] for i in BASE["sequences"][0]["items"]]) is None
    )


def test_generated_timelines_on_a_life_keep_the_rule():
    """Through `generate`: no timeline question puts the birth beside the person's other acts."""
    bank = loaded(_life(), settings={"ordering_items": 3})
    for q in generate(bank):
        if q.key.form.value == "timeline":
            assert not ("born" in q.facts and {"mural", "school", "died"} & set(q.facts)), q.facts


def test_the_start_or_end_of_the_banks_own_subject_is_in_no_timeline():
    """In a bank titled "Anna Berg", her birth is first and her death last against every other item: no
    timeline holds them. In a bank on something else, they are split across questions instead."""
    about_her = loaded(_life(), title="Anna Berg", settings={"ordering_items": 3})
    used = {m for g in timeline_groups(about_her.bank, Timeline(about_her.facts_by_id)) for m in g.members}
    assert used and not {"born", "died"} & used
    assert bounds_subject(cues("Anna Berg was born."), "Anna Berg")
    assert not bounds_subject(cues("Anna Berg painted the mural."), "Anna Berg")  # no start or end
    assert not bounds_subject(cues("Anna Berg was born."), "The harbour towns")  # not the bank's subject
    assert not bounds_subject(cues("Anna Berg's report appeared."), "Anna Berg")  # a report is no end
