"""Names, places, organisations and things offered only where they fit the category, role, nationality and
era the stem implies (issue 18, audit classes C1-C3): "which Syrian President?" never offers a Russian
journalist, "which son of Darius?" never the founder of the dynasty, a scientist of 1892 never an event of
1665. Each test is named in docs/item-writing.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factories import fact, loaded
from hypothesis import given
from hypothesis import strategies as st

from trainer.bank.loaded import LoadedBank
from trainer.bank.loading import load_bank
from trainer.bank.models import Bank
from trainer.questions.categories import Category, Knowledge, agrees, asked
from trainer.questions.distractors import Refusal
from trainer.questions.generate import generate
from trainer.questions.model import Question
from trainer.questions.pools import scalar
from trainer.questions.unasked import unasked

ROOT = Path(__file__).parents[2]
BANKS = [
    ROOT / "question_bank" / "khasham" / "bank.toml",
    *sorted((ROOT / "tests" / "banks" / "quality").glob("*/bank.toml")),
    ROOT / "docs" / "examples" / "solar-system" / "bank.toml",
]


def bank(facts: list[dict[str, Any]], text: str) -> LoadedBank:
    """An in-memory bank whose one source has `text` as its full text."""
    table = {
        "id": "test",
        "title": "Test bank",
        "sources": [{"id": "src", "title": "The Source", "reference": "ref"}],
        "facts": facts,
    }
    return LoadedBank(Bank.model_validate(table), Path("test.toml"), source_texts={"src": text})


def question(loaded: LoadedBank, fid: str) -> Question | None:
    return {q.id: q for q in generate(loaded)}.get(f"test/{fid}/choice")


def wrong(q: Question | None) -> set[str]:
    assert q is not None
    return {o for i, o in enumerate(q.options) if i != q.answer}


def said(fid: str, name: str, **extra: Any) -> dict[str, Any]:
    """A fact whose own question asks no category: only the source text can tell what `name` is."""
    return fact(
        fid,
        quote=f"{name} spoke.",
        question=f"Who spoke ({fid})?",
        answer=name,
        answer_kind="person",
        **extra,
    )


PRESIDENTS = (
    "Syrian President Adam Ames spoke. The former Syrian President Bob Bell spoke. Syrian President Carl Cole"
    " spoke. Russian journalist Dan Dole spoke. Eve Eng spoke. Syrian President Fay Fox spoke."
)


def test_a_candidate_must_be_known_as_the_category_the_stem_asks_for() -> None:
    key = fact(
        "key",
        quote="Syrian President Adam Ames spoke.",
        question="Which Syrian President spoke first?",
        answer="Adam Ames",
        answer_kind="person",
    )
    others = [said("b", "Bob Bell"), said("c", "Carl Cole"), said("d", "Dan Dole"), said("e", "Eve Eng")]
    # Two presidents are known (by their titles in the source): too few, so the question is not asked ...
    loaded = bank([key, *others], PRESIDENTS)
    assert question(loaded, "key") is None
    (problem,) = [p for p in unasked(loaded) if p.key_path == "facts[0].answer"]
    assert Refusal.CATEGORY.value in problem.message
    # ... and with a third, only presidents are offered: never the journalist or the unknown Eve Eng.
    loaded = bank([key, *others, said("f", "Fay Fox")], PRESIDENTS)
    for _ in range(3):
        assert wrong(question(loaded, "key")) == {"Bob Bell", "Carl Cole", "Fay Fox"}


def test_a_stem_that_asks_no_category_takes_any_candidate() -> None:
    key = fact(
        "key", quote="Adam Ames spoke.", question="Who spoke first?", answer="Adam Ames", answer_kind="person"
    )
    others = [said("b", "Bob Bell"), said("c", "Carl Cole"), said("d", "Dan Dole")]
    assert wrong(question(bank([key, *others], PRESIDENTS), "key")) == {"Bob Bell", "Carl Cole", "Dan Dole"}


def test_categories_are_read_from_questions_titles_appositions_and_affiliations() -> None:
    assert asked("Which Syrian President left?") == Category("president", frozenset({"syrian"}))
    assert asked("Which son of Darius invaded Greece?") == Category("son", frozenset({"darius"}))
    assert asked("Who of Novaya Gazeta speculated?") == Category(None, frozenset({"novaya", "gazeta"}))
    assert asked("Which of these aircraft responded?") == Category("aircraft", frozenset())
    assert asked("After which Persian naval victory was it crushed?") == Category(
        "victory", frozenset({"persian"})
    )
    assert asked("With which U.S. president did he speak?") == Category("president", frozenset({"us"}))
    for open_ in ("Who discovered it?", "Where was she born?", "What did he say?", "What orbits far out?"):
        assert asked(open_) is None, open_
    assert asked("Which person spoke?") is None  # a generic noun asks no category
    text = (
        "It was published by the German magazine Der Spiegel. Herodotus, a Greek historian, wrote it. "
        "Irek Murtazin of Novaya Gazeta spoke. Senior officials, such as Mansour Azzam, agreed. "
        "Cambyses II, son of Cyrus, reigned."
    )
    facts = [fact(f"f{i}", quote=text) for i in range(1)]
    knowledge = Knowledge([], {"src": text})
    owner = Bank.model_validate(
        {"id": "t", "title": "t", "sources": [{"id": "src", "title": "s", "reference": "r"}], "facts": facts}
    ).facts[0]

    def known(name: str) -> frozenset[Category]:
        return knowledge.categories(owner, name, True, "person")

    assert agrees(Category("publication", frozenset({"german"})), known("Der Spiegel"))
    assert agrees(Category("writer", frozenset({"greek"})), known("Herodotus"))  # a historian is a writer
    assert agrees(Category(None, frozenset({"novaya", "gazeta"})), known("Irek Murtazin"))
    assert agrees(Category("official", frozenset()), known("Mansour Azzam"))
    assert agrees(Category("son", frozenset({"cyrus"})), known("Cambyses II"))
    assert not agrees(Category("son", frozenset({"darius"})), known("Cambyses II"))
    assert not agrees(Category("newspaper", frozenset()), known("Der Spiegel"))  # a magazine is no newspaper
    assert agrees(Category("person", frozenset()), known("Herodotus"))  # its answer_kind


def dated(fid: str, name: str, year: int | str) -> dict[str, Any]:
    return fact(
        fid,
        quote=f"{name} found it in {year}.",
        question=f"Who found it ({fid})?",
        answer=name,
        answer_kind="person",
        when={"date": str(year)},
    )


def test_a_candidate_named_only_in_facts_of_another_era_is_not_offered() -> None:
    # The key's year is 1892: the span is a quarter of its age (33 years), so 1665 and 1610 are too far.
    facts = [
        dated("key", "Edward Barnard", 1892),
        dated("a", "Giovanni Cassini", 1665),
        dated("b", "Galileo Galilei", 1610),
        dated("c", "Asaph Hall", 1877),
        dated("d", "Clyde Tombaugh", 1920),
        dated("e", "Percival Lowell", 1905),
    ]
    for _ in range(3):
        assert wrong(question(bank(facts, ""), "key")) == {"Asaph Hall", "Clyde Tombaugh", "Percival Lowell"}
    # A name also met in a fact of the key's era is of that era: Cassini, honoured in 1890, is offered.
    honoured = fact("late", quote="Giovanni Cassini was honoured.", when={"date": "1890"})
    loaded = bank([*(f for f in facts if f["id"] != "d"), honoured], "")
    for _ in range(3):
        assert wrong(question(loaded, "key")) == {"Asaph Hall", "Giovanni Cassini", "Percival Lowell"}


def test_a_group_or_the_teachers_own_distractors_decide_over_inferred_categories() -> None:
    key = fact(
        "key",
        quote="Syrian President Adam Ames spoke.",
        question="Which Syrian President spoke first?",
        answer="Adam Ames",
        answer_kind="person",
        group="heads",
    )
    others = [said(f, n, group="heads") for f, n in (("b", "Bob Bell"), ("d", "Dan Dole"), ("e", "Eve Eng"))]
    assert wrong(question(bank([key, *others], PRESIDENTS), "key")) == {"Bob Bell", "Dan Dole", "Eve Eng"}
    key = {**key, "group": None, "distractors": ["Dan Dole", "Eve Eng", "Gus Gray"]}
    del key["group"]
    assert wrong(question(bank([key, *others[:1]], PRESIDENTS), "key")) == {"Dan Dole", "Eve Eng", "Gus Gray"}


@given(
    head=st.sampled_from(["president", "writer", "aircraft", None]),
    wanted=st.frozensets(st.sampled_from(["syrian", "greek", "us"]), max_size=2),
    extra=st.frozensets(st.sampled_from(["syrian", "greek", "us", "russian"]), max_size=3),
    noise=st.lists(
        st.builds(Category, st.sampled_from(["son", "king", None]), st.frozensets(st.just("x"))), max_size=3
    ),
)
def test_a_category_agrees_with_itself_and_more_knowledge_never_refuses(
    head: str | None, wanted: frozenset[str], extra: frozenset[str], noise: list[Category]
) -> None:
    if head is None and not wanted:
        return
    stem = Category(head, wanted)
    assert agrees(stem, [stem])
    assert agrees(stem, [*noise, Category(head, wanted | extra)])
    # Knowing only other heads (son, king) and other qualifiers never makes an answer of the stem's.
    assert not agrees(stem, noise)


def test_every_generated_option_is_known_as_what_its_stem_asks_for() -> None:
    """On the bundled, quality and docs banks: a generated wrong option (not the teacher's, not of a group)
    under a stem that asks a category is known to be of it (khasham "which Syrian President?", achaemenid
    "which son of Darius?", "which Greek writer?")."""
    for path in BANKS:
        loaded = load_bank(path)
        knowledge = Knowledge(loaded.bank.facts, loaded.source_texts)
        facts = loaded.facts_by_id
        answers = {}
        for f in loaded.bank.facts:
            if f.answer and f.answer_kind:
                answers.setdefault(f.answer, (f, True, f.answer_kind))
            if f.reverse is not None:
                answers.setdefault(f.reverse.answer, (f, False, f.reverse.answer_kind))
        for q in generate(loaded):
            if q.kind != "choice" or q.key.form != "choice":
                continue
            own = facts[q.key.fact]
            wanted = asked(own.question or "")
            if (
                wanted is None
                or own.group is not None
                or scalar(own.answer or "", own.answer_kind or "", own)
            ):
                continue  # numbers, dates and times have their own rules of likeness
            for i, option in enumerate(q.options):
                if i == q.answer or option in own.distractors or option not in answers:
                    continue
                f, forward, kind = answers[option]
                assert agrees(wanted, knowledge.categories(f, option, forward, kind)), (q.id, option)


def test_an_ancient_key_takes_names_of_its_own_lifetime_not_a_quarter_of_its_age() -> None:
    # 331 BC is 2,356 years ago: a quarter of that would let in the battles of 490-480 BC; a lifetime does not.
    facts = [
        dated("key", "Gaugamela", "331 BC"),
        dated("a", "Marathon", "490 BC"),
        dated("b", "Thermopylae", "480 BC"),
        dated("c", "Issus", "333 BC"),
        dated("d", "Granicus", "334 BC"),
        dated("e", "Hydaspes", "326 BC"),
    ]
    for _ in range(3):
        assert wrong(question(bank(facts, ""), "key")) == {"Issus", "Granicus", "Hydaspes"}


def test_a_name_the_bank_says_died_before_the_keys_event_is_not_offered() -> None:
    facts = [
        dated("key", "Gaumata", "522 BC"),
        fact(
            "death", statement="Cyrus died in 530 BC.", quote="Cyrus died in 530 BC.", when={"date": "530 BC"}
        ),
        dated("a", "Cyrus the Great", "539 BC"),
        dated("b", "Bardiya", "522 BC"),
        dated("c", "Darius I", "520 BC"),
        dated("d", "Darius III", "336 BC"),
        fact(
            "end",
            statement="Darius III was murdered in 330 BC.",
            quote="Darius III was murdered.",
            when={"date": "330 BC"},
        ),
        dated("e", "Otanes", "522 BC"),
    ]
    for _ in range(3):
        # "Darius III was murdered" is no death of Darius I; "Cyrus died" is Cyrus the Great's.
        assert wrong(question(bank(facts, ""), "key")) == {"Bardiya", "Darius I", "Otanes"}


def test_a_death_is_read_of_the_whole_name_not_of_a_namesake() -> None:
    said = [
        ("w", "Mary Wollstonecraft died of a fever in 1797.", "1797"),
        ("p", "In 1822 Percy Shelley drowned in a storm.", "1822"),
        ("m", "Mary Shelley died in London in 1851.", "1851"),
    ]
    facts = [fact(fid, statement=text, quote=text, when={"date": year}) for fid, text, year in said]
    knowledge = Knowledge(loaded(facts).bank.facts, {})
    assert knowledge.lifetime("Mary Shelley") == (
        None,
        1851,
    )  # neither Mary Wollstonecraft's death nor Percy's
    assert knowledge.lifetime("Percy Bysshe Shelley") == (None, 1822)
    assert knowledge.lifetime("Mary Wollstonecraft") == (None, 1797)


def test_a_thing_is_not_offered_before_it_was_made_nor_after_it_was_lost() -> None:
    ships = [
        ("key", "the Golden Hind", "1580"),
        ("a", "the Santa María", "1535"),
        ("b", "the Victoria", "1570"),
        ("c", "the Pelican", "1577"),
        ("d", "the Revenge", "1591"),
        ("e", "the Judith", "1568"),
        ("f", "the Endeavour", "1600"),
    ]
    facts = [
        fact(
            fid,
            quote=f"{name} sailed in {year}.",
            question=f"Which ship ({fid})?",
            answer=name,
            answer_kind="ship",
            when={"date": year},
        )
        for fid, name, year in ships
    ]
    told = [
        ("lost", "The Santa María ran aground off Hispaniola in 1540.", "1540"),
        ("built", "The Revenge was launched at Deptford in 1577.", "1577"),
        ("later", "The Endeavour was launched in 1598.", "1598"),
    ]
    facts += [fact(fid, statement=text, quote=text, when={"date": year}) for fid, text, year in told]
    for _ in range(3):
        # Lost in 1540, launched in 1598: neither could sail in 1580; the Revenge, launched in 1577, could.
        assert wrong(question(bank(facts, ""), "key")) <= {
            "the Victoria",
            "the Pelican",
            "the Revenge",
            "the Judith",
        }
