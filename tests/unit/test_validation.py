"""Every meaning check, each with its own small bad bank: a clean base bank with one thing broken."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import tomli_w

from trainer.bank.loading import load_bank
from trainer.bank.problems import BankError
from trainer.bank.validation import validate
from trainer.paths import BUNDLED_DIR

SOURCE = """Bell Rock Lighthouse

Infobox Angus Scotland The Bell Rock Lighthouse, off the coast of Angus, Scotland, is the world's oldest
surviving sea-washed lighthouse.

[1][2] According to the Northern Lighthouse Board, it was built between 1807 and 1810 by Robert Stevenson.

[3] The light was first lit on 1 February 1811; keepers reportedly rang a bell in fog.[4][5] In 1843 a
tidal survey was made.

The tower is 35 metres tall and stands on a reef 18 kilometres out\u00a0[gd] to sea.
"""

BASE = {
    "id": "bell-rock",
    "title": "The Bell Rock",
    "sources": [
        {
            "id": "wiki",
            "title": "Bell Rock Lighthouse",
            "reference": "https://example.org",
            "text_file": "source.txt",
        },
    ],
    "facts": [
        {
            "id": "tall",
            "statement": "The tower is 35 metres tall.",
            "quote": "The tower is 35 metres tall",
            "source": "wiki",
            "question": "How tall is the tower?",
            "answer": "35 metres",
            "answer_kind": "length",
            "distractors": ["20 metres", "50 metres", "70 metres"],
        },
        {
            "id": "builder",
            "statement": "Robert Stevenson built the lighthouse.",
            "quote": "According to the Northern Lighthouse Board, it was built between 1807 and 1810 by Robert Stevenson",
            "source": "wiki",
            "citations": ["[1]", "[2]"],
            "attribution": "according to the Northern Lighthouse Board",
            "question": "Who built the Bell Rock Lighthouse?",
            "answer": "Robert Stevenson",
            "answer_kind": "person",
            "distractors": ["Thomas Telford", "John Rennie", "Alan Brebner"],
            "reverse": {
                "question": "What did Robert Stevenson build?",
                "answer": "The Bell Rock Lighthouse",
                "distractors": ["The Skerryvore Lighthouse", "The Eddystone Lighthouse", "The Tay Bridge"],
            },
            "when": {"date": "1810"},
        },
        {
            "id": "lit",
            "statement": "The light was first lit on 1 February 1811.",
            "quote": "The light was first lit on 1 February 1811",
            "source": "wiki",
            "citations": ["[3]"],
            "question": "When was the light first lit?",
            "answer": "1 February 1811",
            "answer_kind": "date",
            "distractors": ["1 March 1811", "1 February 1810", "12 February 1811"],
            "when": {"date": "1811-02-01"},
        },
        {
            "id": "survey",
            "statement": "A tidal survey was made in 1843.",
            "quote": "In 1843 a tidal survey was made.",
            "source": "wiki",
            "citations": ["[3]"],
            "when": {"date": "1843"},
        },
    ],
    "sequences": [
        {
            "id": "order",
            "prompt": "Put in order",
            "items": ["Built", {"text": "Lit", "fact": "lit"}, "Surveyed"],
            "source": "wiki",
            "quote": "The light was first lit on 1 February 1811",
            "citations": ["[3]"],
        },
    ],
    "questions": [
        {
            "id": "hand",
            "prompt": "Where is the Bell Rock?",
            "answer": "Off Angus",
            "distractors": ["Off Fife"],
            "fact": "tall",
        },
    ],
}


def write_bank(folder: Path, bank: dict, source: str = SOURCE) -> Path:
    (folder / "source.txt").write_text(source, encoding="utf-8")
    path = folder / "bank.toml"
    path.write_text(tomli_w.dumps(bank), encoding="utf-8")
    return path


def check(tmp_path, change=None, source=SOURCE):
    bank = copy.deepcopy(BASE)
    if change:
        change(bank)
    path = write_bank(tmp_path, bank, source)
    return validate(load_bank(path)), path.read_text(encoding="utf-8").splitlines()


def test_the_base_bank_is_clean(tmp_path):
    assert check(tmp_path)[0] == []


def fact(i, **fields):
    def change(bank):
        bank["facts"][i].update(fields)

    return change


def when(i, **fields):
    def change(bank):
        bank["facts"][i].setdefault("when", {}).update(fields)

    return change


def drop(i, *keys):
    def change(bank):
        for key in keys:
            del bank["facts"][i][key]

    return change


def add(kind, item):
    def change(bank):
        bank.setdefault(kind, []).append(item)

    return change


def both(*changes):
    def change(bank):
        for c in changes:
            c(bank)

    return change


NEW_FACT = {
    "id": "keepers",
    "statement": "Keepers rang a bell in fog.",
    "source": "wiki",
    "quote": "keepers reportedly rang a bell in fog.",
    "citations": ["[3]", "[4]", "[5]"],
}

RULES = [
    # (change, severity, key path, words of the message, the text on the line it points at)
    (fact(1, id="tall"), "error", "facts[1].id", "duplicate id `tall`", 'id = "tall"'),
    (
        add("sources", {"id": "wiki", "title": "W", "reference": "r"}),
        "error",
        "sources[1].id",
        "duplicate source id",
        'id = "wiki"',
    ),
    (
        lambda b: b["sequences"][0].update(id="lit"),
        "error",
        "sequences[0].id",
        "duplicate id `lit` (also facts[2])",
        'id = "lit"',
    ),
    (
        lambda b: b["questions"][0].update(id="order"),
        "error",
        "questions[0].id",
        "duplicate id `order`",
        'id = "order"',
    ),
    (fact(0, source="nope"), "error", "facts[0].source", "no source with id `nope`", 'source = "nope"'),
    (fact(0, quote="The tower is 35 metres high"), "error", "facts[0].quote", "not verbatim", "quote ="),
    (
        fact(0, quote="The Tower is 35 metres tall"),
        "error",
        "facts[0].quote",
        "case, dashes or quotation marks",
        "quote =",
    ),
    (
        fact(
            1,
            quote="Robert Stevenson. [3] The light",
            citations=["[1]", "[2]", "[3]"],
            answer="Robert Stevenson",
        ),
        "error",
        "facts[1].quote",
        "not verbatim in the text of 'Bell Rock Lighthouse': a quote lies within one paragraph",
        "quote =",
    ),
    (
        fact(1, citations=["[1]", "[2]", "[3]"]),
        "error",
        "facts[1].citations[2]",
        "citation [3] does not stand",
        '"[3]"',
    ),
    (
        fact(1, citations=["[1]"]),
        "warning",
        "facts[1].citations",
        "[2] stands with the quoted passage",
        "citations =",
    ),
    (fact(1, citations=[]), "warning", "facts[1].citations", "[1] [2] stand with", "citations = []"),
    (
        fact(3, citations=["[3]", "[4]"]),
        "error",
        "facts[3].citations[1]",
        "[4] does not stand",
        '"[4]"',
    ),  # after [4][5]
    (fact(0, citations=["[gd]"]), "error", "facts[0].citations[0]", "citation [gd] does not stand", '"[gd]"'),
    (
        fact(0, answer="5 metres"),
        "error",
        "facts[0].answer",
        "'5 metres' does not appear in the quote",
        'answer = "5 metres"',
    ),
    (drop(0, "question"), "error", "facts[0].answer", "`question` missing", "answer ="),
    (drop(0, "answer_kind"), "error", "facts[0].question", "`answer_kind` missing", "question ="),
    (
        fact(3, answer_kind="date"),
        "error",
        "facts[3].answer_kind",
        "`question`, `answer` missing",
        "answer_kind =",
    ),
    (
        drop(1, "question", "answer", "answer_kind", "distractors"),
        "error",
        "facts[1].reverse",
        "needs the fact's own `answer`",
        'question = "What did',
    ),
    (drop(1, "attribution"), "warning", "facts[1].quote", "claim ('according to')", "quote ="),
    (
        add("facts", {**NEW_FACT, "attribution": ""}),
        "warning",
        "facts[4].quote",
        "claim ('reportedly')",
        "quote =",
    ),
    (
        fact(0, distractors=["20 metres", "35 Metres", "50 metres", "70 metres"]),
        "error",
        "facts[0].distractors[1]",
        "'35 Metres' is also a right answer",
        '"35 Metres"',
    ),
    (
        fact(2, distractors=["1 March 1811", "1 Feb 1811", "12 February 1811", "1 February 1812"]),
        "error",
        "facts[2].distractors[1]",
        "also a right answer",
        '"1 Feb 1811"',
    ),
    (
        fact(0, also_right=["115 feet"], distractors=["20 metres", "115 feet", "50 metres", "70 metres"]),
        "error",
        "facts[0].distractors[1]",
        "also a right answer",
        '"115 feet"',
    ),
    (
        fact(1, distractors=["Thomas Telford", "John Rennie", "Alan Brebner", "1807"]),
        "error",
        "facts[1].distractors[3]",
        "stands in the fact's own quote",
        '"1807"',
    ),
    (
        fact(0, distractors=["20 metres", "50 metres", "20  Metres", "70 metres"]),
        "warning",
        "facts[0].distractors[2]",
        "listed twice",
        '"20  Metres"',
    ),
    (
        lambda b: b["facts"][1]["reverse"].update(
            distractors=[
                "the bell rock lighthouse",
                "The Skerryvore Lighthouse",
                "The Eddystone Lighthouse",
                "The Tay Bridge",
            ]
        ),
        "error",
        "facts[1].reverse.distractors[0]",
        "also a right answer",
        '"the bell rock lighthouse"',
    ),
    (
        fact(0, distractors=["20 metres", "50 metres"]),
        "warning",
        "facts[0].answer_kind",
        "only 2 other `length` values for distractors, 3 needed",
        "answer_kind =",
    ),
    (
        fact(3, distractors=["1844"]),
        "warning",
        "facts[3].distractors",
        "`distractors` is unused: the fact has no question",
        "distractors =",
    ),
    (
        fact(3, value={"amount": 10, "upper": 5, "unit": "m"}),
        "error",
        "facts[3].value.upper",
        "`upper` (5) is below `amount` (10)",
        "upper = 5",
    ),
    (
        when(3, after="nope"),
        "error",
        "facts[3].when.after",
        "`after` names `nope`, which is no fact",
        'after = "nope"',
    ),
    (when(3, after="tall"), "error", "facts[3].when.after", "`tall`, which has no `when`", 'after = "tall"'),
    (when(3, part="mid"), "error", "facts[3].when.part", "is for a month date", 'part = "mid"'),
    (
        when(3, date="1843-04", time="10:00"),
        "error",
        "facts[3].when.time",
        "is for a day date",
        'time = "10:00"',
    ),
    (when(2, date="1811-02-30"), "error", "facts[2].when", "no such date", "date ="),
    (when(2, date="1810-02-01", after="survey"), "error", "facts[2].when", "starts after its own", "date ="),
    (
        lambda b: b["sequences"][0]["items"].__setitem__(1, {"text": "Lit", "fact": "nope"}),
        "error",
        "sequences[0].items[1].fact",
        "no fact with id `nope`",
        'fact = "nope"',
    ),
    (
        lambda b: b["sequences"][0]["items"].append("built"),
        "error",
        "sequences[0].items[3]",
        "'built' is listed twice",
        '"built"',
    ),
    (
        lambda b: b["sequences"][0].update(
            items=[{"text": "Lit", "fact": "lit"}, {"text": "Built", "fact": "builder"}, "Surveyed"]
        ),
        "error",
        "sequences[0].items[1]",
        "the item of fact `builder` comes after that of `lit` (item 0), but its time (1810) is earlier",
        'fact = "builder"',
    ),
    (
        lambda b: b["sequences"][0].update(quote="The light was lit"),
        "error",
        "sequences[0].quote",
        "not verbatim",
        "quote =",
    ),
    (
        lambda b: b["sequences"][0].update(source="nope"),
        "error",
        "sequences[0].source",
        "no source with id `nope`",
        "source =",
    ),
    (
        lambda b: b["sequences"][0].pop("source"),
        "error",
        "sequences[0].quote",
        "a quote needs its `source`",
        "quote =",
    ),
    (
        lambda b: b["questions"][0].update(fact="nope"),
        "error",
        "questions[0].fact",
        "no fact with id `nope`",
        'fact = "nope"',
    ),
    (
        lambda b: b["questions"][0].update(distractors=["off angus"]),
        "error",
        "questions[0].distractors[0]",
        "also a right answer",
        '"off angus"',
    ),
    (
        both(
            lambda b: b.setdefault("settings", {}).update(ordering_items=3),
            add(
                "facts",
                {**NEW_FACT, "attribution": "according to the keepers' log", "when": {"date": "1815"}},
            ),
        ),
        "warning",
        "facts[2].statement",
        "no timeline question can use this fact: its statement says where it stands ('first')",
        'statement = "The light was first lit',
    ),
    (
        both(
            when(2, date="1810"),
            lambda b: b["sequences"][0].update(
                items=[{"text": "Built", "fact": "builder"}, {"text": "Lit", "fact": "lit"}, "Surveyed"]
            ),
        ),
        "warning",
        "sequences[0].items[1]",
        "items 0 and 1 have no single order",
        'text = "Lit"',
    ),
    (
        lambda b: b["sequences"][0].update(items=["Charles V", "Charles VI", "Charles VII"]),
        "warning",
        "sequences[0].items",
        "the items order themselves",
        "items = ",
    ),
    (
        both(
            lambda b: b["sequences"][0].update(
                prompt="Put these in the order the article gives them.",
                items=[{"text": "Tall", "fact": "tall"}, {"text": "Lit", "fact": "lit"}, "Surveyed"],
                citations=[],
            ),
            lambda b: b["sequences"][0].pop("quote"),
        ),
        "warning",
        "sequences[0].items[1]",
        "the prompt asks for the order the source gives, but the source gives item 1",
        'text = "Lit"',
    ),
    (
        both(
            lambda b: b.setdefault("settings", {}).update(ordering_items=3),
            fact(2, statement="The light was lit on 1 February 1811."),
            lambda b: b["sequences"][0].update(
                items=[
                    {"text": "Built", "fact": "builder"},
                    {"text": "Lit", "fact": "lit"},
                    {"text": "Surveyed", "fact": "survey"},
                ]
            ),
        ),
        "warning",
        "sequences[0].items",
        "this sequence repeats a generated ordering",
        "items = ",
    ),
    (
        lambda b: b["sources"][0].update(marker_pattern="[0-9"),
        "error",
        "sources[0].marker_pattern",
        "not a valid regular expression",
        "marker_pattern =",
    ),
    (
        lambda b: b["sources"][0].update(marker_pattern=r"\[?"),
        "error",
        "sources[0].marker_pattern",
        "matches empty text",
        "marker_pattern =",
    ),
    (
        lambda b: b["sources"][0].update(marker_pattern=r"(\[+)+\]"),
        "error",
        "sources[0].marker_pattern",
        "repeats a part that itself repeats",
        "marker_pattern =",
    ),
]


@pytest.mark.parametrize(
    ("change", "severity", "key_path", "words", "line_text"),
    RULES,
    ids=[r[2] + ":" + r[3][:30] for r in RULES],
)
def test_rule(tmp_path, change, severity, key_path, words, line_text):
    problems, lines = check(tmp_path, change)
    assert [(p.severity, p.key_path) for p in problems] == [(severity, key_path)], [str(p) for p in problems]
    problem = problems[0]
    assert words in problem.message
    assert line_text in lines[problem.line - 1]
    assert problem.file.endswith("bank.toml") and problem.column >= 1


@pytest.mark.parametrize(
    "change",
    [
        fact(0, quote="The   tower is\n35 metres\ttall"),  # whitespace differences
        add("facts", {**NEW_FACT, "attribution": "according to the keepers' log"}),  # spans [4][5]
        add(
            "facts",
            {
                **NEW_FACT,
                "quote": "keepers reportedly rang a bell in fog",
                "citations": ["[3]"],
                "attribution": "log",
            },
        ),
        fact(0, quote="The tower is 35 metres tall and stands on a reef 18 kilometres out [gd] to sea"),
        both(
            lambda b: b["sources"][0].update(marker_pattern=r"\[(?:\d+|gd)\]"),
            fact(
                0,
                quote="The tower is 35 metres tall and stands on a reef 18 kilometres out",
                citations=["[gd]"],
            ),
        ),
        when(2, time="22:00", approximate=True),
        both(
            when(1, date="1809"), when(2, date="1810"), when(3, date="1810-06-01", after="lit")
        ),  # `after` orders
    ],
    ids=[
        "whitespace",
        "spans-markers",
        "markers-optional-after-quote",
        "language-tag-text",
        "custom-pattern",
        "approximate-time",
        "after-orders",
    ],
)
def test_accepted(tmp_path, change):
    problems, _ = check(tmp_path, change)
    assert problems == [], [str(p) for p in problems]


def test_cycle_of_after_is_reported_at_each_fact_in_it(tmp_path):
    change = both(
        when(1, after="lit"),
        when(2, after="survey"),
        when(3, after="builder"),
        add(
            "facts",
            {
                "id": "late",
                "statement": "s",
                "quote": "In 1843",
                "source": "wiki",
                "citations": ["[3]"],
                "when": {"date": "1843", "after": "survey"},
            },
        ),
    )
    problems, _ = check(tmp_path, change)
    assert [p.key_path for p in problems] == [f"facts[{i}].when.after" for i in (1, 2, 3)]
    assert "builder -> lit -> survey -> builder" in problems[0].message
    assert all("goes round in a circle" in p.message for p in problems)


def test_a_fact_no_other_time_can_be_ordered_against_is_reported(tmp_path):
    problems, _ = check(tmp_path, both(when(1, date="1811"), when(3, date="1811")))
    assert [(p.severity, p.key_path) for p in problems] == [
        ("warning", f"facts[{i}].when") for i in (1, 2, 3)
    ]
    assert "cannot order '1 February 1811' against any other fact's time" in problems[1].message


def test_a_quote_without_source_text_is_not_checked(tmp_path):
    bank = copy.deepcopy(BASE)
    del bank["sources"][0]["text_file"]
    bank["facts"][0]["quote"] = "The tower is 35 metres tall, roughly"
    assert validate(load_bank(write_bank(tmp_path, bank))) == []


def test_positions_point_into_inline_and_header_tables(tmp_path):
    text = tmp_path / "bank.toml"
    write_bank(tmp_path, BASE)
    body = text.read_text().replace(
        '[facts.when]\ndate = "1843"', 'when = { date = "1843", part = "mid" }', 1
    )
    assert body != text.read_text()
    text.write_text(body)
    problems = validate(load_bank(text))
    assert [p.key_path for p in problems] == ["facts[3].when.part"]
    line = body.splitlines()[problems[0].line - 1]
    assert line[problems[0].column - 1 :].startswith('"mid"')


def test_problems_are_sorted_by_line(tmp_path):
    change = both(fact(3, citations=["[9]"]), fact(0, answer="nothing"), fact(1, id="tall"))
    problems, _ = check(tmp_path, change)
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert len(problems) == 4  # [9] not standing, [3] missing, answer, duplicate id


BUNDLED = BUNDLED_DIR / "khasham" / "bank.toml"
EXAMPLES = sorted((Path(__file__).parents[2] / "docs" / "examples").glob("*/bank.toml"))


@pytest.mark.parametrize("path", [BUNDLED, *EXAMPLES], ids=lambda p: p.parent.name)
def test_shipped_banks_validate_strictly(path):
    problems = validate(load_bank(path))
    assert problems == [], "\n".join(map(str, problems))


def test_there_is_a_docs_example_bank():
    assert EXAMPLES, "docs/examples/*/bank.toml"


def _shape(message: str) -> str:
    """A message with its particulars (quoted values, keys, markers, numbers) blanked out."""
    blanked = re.sub(r"'[^']*'|`[^`]*`|\w*\[[^\]\s]+\]|\d+(?:[.:-]\d+)*|\.\.\.", "_", message)
    return re.sub(r"_(?:[ ,]*_)*", "_", blanked).strip()


def _explained_shapes() -> set[str]:
    """The messages the authoring guide's "Validation messages" tables explain, as shapes."""
    guide = (Path(__file__).parents[2] / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Validation messages") :]
    shapes = set()
    for row in re.findall(r"^\| (.+?) \| .+ \|$", section, re.M):
        for _, span in re.findall(r"(``?)(.+?)\1", row):
            shapes.add(_shape(span.strip()).removesuffix("_"))  # a trailing "..." stands for anything
    return shapes


def explained(message: str) -> bool:
    """Does the authoring guide explain this message (the same words, other particulars)?"""
    return any(_shape(message).startswith(shape) for shape in _explained_shapes())


def test_every_validation_message_is_explained_in_the_authoring_guide(tmp_path):
    unexplained = []
    for i, (change, *_rest) in enumerate(RULES):
        folder = tmp_path / str(i)
        folder.mkdir()
        bank = copy.deepcopy(BASE)
        change(bank)
        unexplained += [
            p.message for p in validate(load_bank(write_bank(folder, bank))) if not explained(p.message)
        ]
    assert unexplained == [], "\n".join(unexplained)


def _timeline_warnings(tmp_path, *changes):
    problems, _ = check(
        tmp_path, both(lambda b: b.setdefault("settings", {}).update(ordering_items=3), *changes)
    )
    return [(p.key_path, p.message) for p in problems if "never form a timeline" in p.message]


def test_dated_facts_that_never_form_a_timeline_say_why(tmp_path):
    # Too few usable items: "first lit" places itself.
    for name in "abc":
        (tmp_path / name).mkdir()
    ((where, message),) = _timeline_warnings(tmp_path / "a")
    assert where == "facts[1].when" and "only 2 of 3 can be items" in message
    # All usable, but their times overlap: no three are disjoint.
    ((where, message),) = _timeline_warnings(
        tmp_path / "b",
        fact(2, statement="The light was lit on 1 February 1811."),
        when(1, date="18th century"),
        when(3, date="1801–1843"),
    )
    assert "no 3 of them have times that do not overlap" in message
    # Fixed by an `item`: no warning.
    assert _timeline_warnings(tmp_path / "c", fact(2, item="The light was lit.")) == []


@pytest.mark.parametrize(
    ("when_value", "words"),
    [
        ({"date": "-3500"}, 'date = "3500 BC"'),
        (-3500, 'when = { date = "3500 BC" }'),
        ({"date": "the olden days"}, '"5th century BC"'),
        ({"date": "0 BC"}, "there is no year 0"),
        ({"offset": "6 days"}, "needs a `date`, or an `after`"),
        ({"date": "1066", "offset": "6 days"}, "`offset` is counted from the fact named in `after`"),
        ({"date": "1066", "margin": "a while"}, "cannot read the duration"),
    ],
)
def test_a_date_the_format_cannot_read_says_what_to_write(tmp_path, when_value, words):
    bank = copy.deepcopy(BASE)
    bank["facts"][3]["when"] = when_value
    with pytest.raises(BankError) as caught:
        load_bank(write_bank(tmp_path, bank))
    assert words in str(caught.value)
    assert "facts[3].when" in str(caught.value) or ":" in str(caught.value)
