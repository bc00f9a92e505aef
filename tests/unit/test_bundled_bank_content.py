"""What the bundled Khasham bank says, checked against its source text without the validator: the seed's
traps (the six aircraft, the 400/500/250 figures, the 12 February events, "later that same day"), its
quirks (infobox debris, markers, `[ru]`), and attribution of every reported claim."""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from trainer.bank.models import Bank, Fact
from trainer.paths import BUNDLED_DIR

BANK_DIR = BUNDLED_DIR / "khasham"
BANK = Bank.model_validate(tomllib.loads((BANK_DIR / "bank.toml").read_text(encoding="utf-8")))
TEXT = (BANK_DIR / "khasham.txt").read_text(encoding="utf-8")
FACTS = {f.id: f for f in BANK.facts}
DOCS = Path(__file__).parents[2] / "docs"

SEED_SHA256 = "c319ae55d22f05818f0eae30a2f8a243ec5330304290f684aaef77d51232db22"
DEBRIS = "US aircraft and artillery Foreign intervention in behalf of Syrian rebels U.S.-led intervention against ISIL"
MARKER = re.compile(r"\[\d+\]")
# The brief's claim words, "cited ... as" included (e.g. "was cited as saying").
CLAIM = re.compile(
    r"according to|\bclaim(s|ed)?\b|\balleg|\breportedly\b|\bunconfirmed\b|\bspeculat|\bcited\b[^.;]{0,80}?\bas\b",
    re.IGNORECASE,
)


def norm(s: str) -> str:
    return " ".join(s.split())


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    s = re.sub("[\u2010-\u2015\u2212]", "-", s)
    return norm(s.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'"))


PARAGRAPHS = [norm(p) for p in re.split(r"\n\s*\n", TEXT) if p.strip()]


def paragraph_of(quote: str) -> str:
    found = [p for p in PARAGRAPHS if norm(quote) in p]
    assert len(found) == 1, f"quote should stand in exactly one paragraph: {quote!r}"
    return found[0]


def leading_markers(paragraph: str) -> list[str]:
    return MARKER.findall(re.match(r"(?:\[\d+\]\s*)*", paragraph).group())


def standing_markers(paragraph: str, quote: str) -> list[str]:
    """Leading markers, then markers inside the quote or right after its end (past punctuation)."""
    q = norm(quote)
    start = paragraph.index(q)
    end = start + len(q)
    inside = MARKER.findall(q)
    after = re.match(r"[\s.,;:\"')]*((?:\[\d+\])*)", paragraph[end:]).group(1)
    return leading_markers(paragraph) + inside + MARKER.findall(after)


def all_facts():
    return pytest.mark.parametrize("fact", BANK.facts, ids=lambda f: f.id)


def test_bank_identity():
    assert (BANK.id, BANK.language, BANK.settings.distractors) == ("khasham", "en", 3)
    assert BANK.description and BANK.version
    (source,) = BANK.sources
    assert source.id == "wikipedia" and source.title == "Battle of Khasham (Wikipedia)"
    assert source.reference == "https://en.wikipedia.org/wiki/Battle_of_Khasham"
    assert source.text_file == "khasham.txt"


def test_source_text_is_the_seed_unedited():
    """The article ships as given (debris and all); quotes are checked against exactly this text."""
    assert hashlib.sha256(TEXT.encode("utf-8")).hexdigest() == SEED_SHA256
    assert TEXT.startswith("Battle of Khasham\n") and DEBRIS in TEXT


def test_enough_facts_with_unique_ids():
    assert len(BANK.facts) >= 40
    ids = [f.id for f in BANK.facts] + [s.id for s in BANK.sequences] + [q.id for q in BANK.questions]
    assert len(ids) == len(set(ids))


def test_every_cited_passage_is_covered():
    """Each paragraph of the article (title aside) is quoted by at least one fact."""
    quoted = {paragraph_of(f.quote) for f in BANK.facts}
    missing = [p[:60] for p in PARAGRAPHS[1:] if p not in quoted]
    assert not missing


@all_facts()
def test_quote_is_verbatim_and_free_of_debris(fact: Fact):
    paragraph_of(fact.quote)
    assert not any(
        piece in fact.quote for piece in ("US aircraft and artillery", "Foreign intervention", "against ISIL")
    )
    assert not MARKER.match(fact.quote.strip()), "quote the passage, not its leading markers"


@all_facts()
def test_citations_are_the_markers_standing_with_the_quote(fact: Fact):
    paragraph = paragraph_of(fact.quote)
    assert fact.citations == list(dict.fromkeys(standing_markers(paragraph, fact.quote)))
    assert "[ru]" not in fact.citations


@all_facts()
def test_answer_stands_in_quote(fact: Fact):
    if fact.answer is not None:
        assert fold(fact.answer) in fold(fact.quote)
        assert fact.question and fact.answer_kind


@all_facts()
def test_claims_are_attributed_and_asked_with_their_attribution(fact: Fact):
    if CLAIM.search(fact.quote):
        assert fact.attribution, f"{CLAIM.search(fact.quote).group()!r} in the quote"
    if fact.attribution:
        who = re.sub(r"^according to ", "", fold(fact.attribution))
        asked = [fact.question, fact.reverse.question if fact.reverse else None]
        for question in filter(None, asked):
            assert who in fold(question), f"{question!r} should say {fact.attribution!r}"


CONTESTED = [
    "first-deadly-clash",  # unconfirmed casualty accounts
    "wagner-casualty-accounts",
    "intercepts-syrian-official",  # intercepted communications
    "intercepts-permission",
    "intercepts-fast-and-strong",
    "intercepts-awaiting-approval",
    "us-statement-assault-time",  # the U.S. military's own account
    "us-statement-force-size",
    "us-statement-shia-militias",
    "us-statement-russian-contractors",
    "us-statement-target",
    "air-response-aircraft",
    "air-response-trigger",
    "depot-explosion-count",  # casualty figures
    "depot-explosion-russians",
    "depot-explosion-place",
    "claimed-pmc-killed",
    "claimed-pmc-wounded",
    "four-more-russians",
    "su57-reports",  # the Su-57 reports
    "su57-deployed",
    "su57-eastern-ghouta",
    "su57-us-personnel",
    "su57-retaliation",
]


@pytest.mark.parametrize("fact_id", CONTESTED)
def test_contested_facts_are_attributed(fact_id):
    fact = FACTS[fact_id]
    assert fact.attribution and fact.question
    assert fact.attribution.casefold().startswith("according to")


def test_six_aircraft_are_all_right_answers():
    fact = FACTS["air-response-aircraft"]
    right = " | ".join([fact.answer or "", *fact.also_right])
    for aircraft in ("AC-130", "F-22 Raptor", "F-15E Strike Eagle", "MQ-9 Reaper", "AH-64 Apache", "B-52"):
        assert aircraft in right
        assert aircraft in fact.quote
        assert not any(aircraft in d for d in fact.distractors)
    assert fact.attribution == "according to the U.S. military"


@pytest.mark.parametrize(
    ("fact_id", "answer", "amount", "approximate"),
    [
        ("agreement-cap", "400", 400, False),
        ("us-statement-force-size", "500", 500, False),
        ("first-crossing-size", "around 250", 250, True),
    ],
)
def test_fighter_figures(fact_id, answer, amount, approximate):
    fact = FACTS[fact_id]
    assert fact.answer == answer and fact.answer_kind == "number"
    assert fact.value is not None
    assert (fact.value.amount, fact.value.unit, fact.value.approximate) == (amount, "fighters", approximate)


def test_the_cap_explains_itself_as_a_wrong_option():
    assert FACTS["agreement-cap"].why_wrong == "the agreed cap on pro-government fighters in the salient"


def test_claimed_range_keeps_both_ends():
    value = FACTS["claimed-pmc-killed"].value
    assert value is not None and (value.amount, value.upper) == (80, 100)


@pytest.mark.parametrize("fact_id", ["yavlinsky-call", "putin-cancelled-engagements", "putin-trump-call"])
def test_12_february_events(fact_id):
    when = FACTS[fact_id].when
    assert when is not None and when.date == "2018-02-12" and when.time is None and when.after is None
    assert "12" in (when.label or "")


def test_every_dated_12_february_fact_is_on_that_day():
    for fact in BANK.facts:
        if fact.when and "12 February" in (fact.when.label or "") + fact.quote[:40]:
            assert fact.when.date == "2018-02-12", fact.id


@pytest.mark.parametrize(
    ("fact_id", "date", "part", "time", "approximate"),
    [
        ("tillerson-statement", "2018-01", "mid", None, False),
        ("battle-date", "2018-02-07", None, None, False),
        ("first-crossing-time", "2018-02-07", None, "05:00", True),
        ("us-statement-assault-time", "2018-02-07", None, "22:00", True),
        ("mq9-destroyed-t72", "2018-02-10", None, None, False),
        ("peskov-admission", "2018-02-14", None, None, False),
        ("wapo-report", "2018-02-22", None, None, False),
    ],
)
def test_points_in_time_at_the_sources_precision(fact_id, date, part, time, approximate):
    when = FACTS[fact_id].when
    assert when is not None
    assert (when.date, when.part, when.time, when.approximate) == (date, part, time, approximate)


def test_second_crossing_is_later_that_same_day_than_the_5am_attempt():
    when = FACTS["second-crossing"].when
    assert when is not None
    assert when.after == "first-crossing-time" and when.date == FACTS["first-crossing-time"].when.date
    assert when.time is None and when.label == "later that same day"
    # Neither before nor after the 10 p.m. assault: the article leaves that open.
    assert FACTS["us-statement-assault-time"].when.after is None


def test_no_invented_time_for_relative_passages():
    """ "Three weeks after the incident" and "Following the statement" give no date of their own."""
    for fact in BANK.facts:
        if (
            fact.quote.startswith(("Three weeks after", "Following the statement"))
            or "Three weeks" in fact.quote
        ):
            assert fact.when is None, fact.id


def test_mid_passage_markers_and_language_tag():
    assert FACTS["putin-secret-conference"].citations == ["[76]", "[77]", "[78]", "[79]"]
    assert FACTS["putin-trump-call"].citations == ["[76]", "[77]"]
    baranets = FACTS["baranets-excellent"]
    assert "[ru]" in baranets.quote and baranets.citations == ["[100]", "[101]"]


def test_unmarked_passages_have_no_citations():
    for fact in BANK.facts:
        if not leading_markers(paragraph_of(fact.quote)) and not MARKER.search(fact.quote):
            assert fact.citations == [], fact.id
    assert FACTS["battle-date"].citations == [] and FACTS["first-crossing-time"].citations == []


def test_peskov_both_ways():
    fact = FACTS["peskov-admission"]
    assert fact.answer == "Dmitry Peskov" and fact.reverse is not None
    assert fact.reverse.question == "What did Dmitry Peskov admit on 14 February?"
    assert fact.reverse.answer_kind == "claim"


def test_several_reverse_claims_to_draw_on():
    # What someone said; what someone did or secured are kinds of their own (issue 18: a reverse question's
    # options answer its grammar), so each of those brings distractors of its own.
    claims = {f.reverse.answer for f in BANK.facts if f.reverse and f.reverse.answer_kind == "claim"}
    assert len(claims) >= 3


@all_facts()
def test_teacher_distractors_are_not_right(fact: Fact):
    right = {fold(r) for r in [fact.answer or "", *fact.also_right] if r}
    for distractor in fact.distractors:
        assert fold(distractor) not in right
        assert not re.search(rf"(?<!\w){re.escape(fold(distractor))}(?!\w)", fold(fact.quote)), distractor


@all_facts()
def test_statement_numbers_come_from_the_quote(fact: Fact):
    """A cheap guard against facts from outside the article: every number in a statement is in its quote
    (a numeral may stand for the quote's number word)."""
    words = {"4": "four", "10": "ten"}
    for number in re.findall(r"(?<![\w\[-])\d+(?:[–-]\d+)?(?![\w\]])", fact.statement):
        assert number in fact.quote or words.get(number, "\0") in fact.quote, number


def test_every_asked_kind_has_enough_other_values():
    values: dict[str, set[str]] = {}
    asked = []
    for fact in BANK.facts:
        if fact.question:
            values.setdefault(fact.answer_kind, set()).add(fold(fact.answer))
            asked.append((fact.answer_kind, fact.answer, fact.distractors))
        if fact.reverse:
            values.setdefault(fact.reverse.answer_kind, set()).add(fold(fact.reverse.answer))
            asked.append((fact.reverse.answer_kind, fact.reverse.answer, fact.reverse.distractors))
    for kind, answer, own in asked:
        others = (values[kind] | {fold(d) for d in own}) - {fold(answer)}
        assert len(others) >= BANK.settings.distractors, (kind, answer)


def test_sequences_and_hand_questions_point_at_facts():
    assert BANK.sequences and BANK.questions
    for sequence in BANK.sequences:
        assert sequence.quote and norm(sequence.quote) in paragraph_of(sequence.quote)
        for item in sequence.items:
            assert isinstance(item, str) or item.fact is None or item.fact in FACTS
    for question in BANK.questions:
        assert question.fact in FACTS


KEY_ORDER = [
    "id",
    "statement",
    "quote",
    "source",
    "citations",
    "attribution",
    "tags",
    "question",
    "answer",
    "answer_kind",
    "distractors",
    "also_right",
    "why_wrong",
    "reverse",
    "when",
    "item",
    "value",
]


@pytest.mark.parametrize(
    "path",
    [BANK_DIR / "bank.toml", DOCS / "examples" / "solar-system" / "bank.toml"],
    ids=["khasham", "solar-system"],
)
def test_fact_keys_keep_one_order(path):
    """Diff-friendly: every fact lists its keys in the same order."""
    for fact in tomllib.loads(path.read_text(encoding="utf-8"))["facts"]:
        assert list(fact) == sorted(fact, key=KEY_ORDER.index), fact["id"]


def test_authoring_guide_shows_the_example_bank_in_full():
    guide = (DOCS / "authoring.md").read_text(encoding="utf-8")
    example = DOCS / "examples" / "solar-system"
    for name in ("bank.toml", "solar-system.txt"):
        assert (example / name).read_text(encoding="utf-8").strip() in guide, name
    assert "## Validation messages" in guide
