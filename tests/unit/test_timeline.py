"""Intervals at the source's precision, and orders the source decides (and only those)."""

from pathlib import Path

import pytest

from trainer.bank.calendar import minute
from trainer.bank.loaded import LoadedBank
from trainer.bank.models import Bank, Fact, When
from trainer.bank.timeline import Timeline, TimelineError, compare, interval, label
from trainer.bank.validation import validate
from trainer.questions.ordering import timeline_groups


def fact(fid, **when):
    return Fact(id=fid, statement=fid, quote=fid, source="s", when=When(**when))


def test_intervals():
    facts = {}
    assert interval(fact("y", date="2018"), facts) == (minute(2018, 1, 1), minute(2019, 1, 1))
    assert interval(fact("m", date="2018-12"), facts) == (minute(2018, 12, 1), minute(2019, 1, 1))
    assert interval(fact("e", date="2018-01", part="early"), facts) == (
        minute(2018, 1, 1),
        minute(2018, 1, 11),
    )
    assert interval(fact("mid", date="2018-01", part="mid"), facts) == (
        minute(2018, 1, 11),
        minute(2018, 1, 21),
    )
    assert interval(fact("l", date="2018-02", part="late"), facts) == (
        minute(2018, 2, 21),
        minute(2018, 3, 1),
    )
    assert interval(fact("d", date="2018-02-07"), facts) == (minute(2018, 2, 7), minute(2018, 2, 8))
    t = interval(fact("t", date="2018-02-07", time="22:00"), facts)
    assert t == (minute(2018, 2, 7, 22), minute(2018, 2, 7, 22, 1))
    a = interval(fact("a", date="2018-02-07", time="22:00", approximate=True), facts)
    assert a == (minute(2018, 2, 7, 21), minute(2018, 2, 7, 23, 1))


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (dict(date="2018-02-12"), dict(date="2018-02-12"), None),
        (dict(date="2018-02-07"), dict(date="2018-02-10"), -1),
        (dict(date="2018-02-07"), dict(date="2018-02-08"), -1),
        (dict(date="2018-02-07"), dict(date="2018-02-07", time="22:00", approximate=True), None),
        (
            dict(date="2018-02-07", time="05:00", approximate=True),
            dict(date="2018-02-07", time="22:00", approximate=True),
            -1,
        ),
        (dict(date="2018-02-07", time="22:00"), dict(date="2018-02-07", time="22:00"), None),
        (dict(date="2018-02-07", time="22:00"), dict(date="2018-02-07", time="22:01"), -1),
        (
            dict(date="2018-02-07", time="22:00", approximate=True),
            dict(date="2018-02-07", time="23:00"),
            None,
        ),
        (dict(date="2018-02-07", time="23:59"), dict(date="2018-02-08", time="00:00"), -1),
        (dict(date="2018-02-08", time="00:00"), dict(date="2018-02-08"), None),
        (dict(date="2018-01", part="mid"), dict(date="2018-01-22"), -1),
        (dict(date="2018-01", part="mid"), dict(date="2018-01-20"), None),
        (dict(date="2018-01"), dict(date="2018-02", part="early"), -1),
        (dict(date="2018"), dict(date="2018-02-07"), None),
        (dict(date="2017"), dict(date="2018-02-07"), -1),
    ],
)
def test_compare(first, second, expected):
    a, b = fact("a", **first), fact("b", **second)
    facts = {"a": a, "b": b}
    assert compare(a, b, facts) == expected
    assert compare(b, a, facts) == (None if expected is None else -expected)


def seventh_of_february():
    dawn = fact("dawn", date="2018-02-07", time="05:00", approximate=True)
    later = fact("later", date="2018-02-07", after="dawn", label="later that same day")
    even_later = fact("even-later", date="2018-02-07", after="later")
    assault = fact("assault", date="2018-02-07", time="22:00", approximate=True)
    before_dawn = fact("before", date="2018-02-07", time="02:00")
    next_day = fact("next", date="2018-02-08")
    return {f.id: f for f in (dawn, later, even_later, assault, before_dawn, next_day)}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("dawn", "later", -1),  # declared: `later` follows `dawn`
        ("later", "assault", None),  # "later that same day" may be before or after 10 p.m.
        ("dawn", "assault", -1),
        ("before", "later", -1),
        ("later", "next", -1),
        ("dawn", "even-later", -1),  # through the chain
        ("later", "even-later", -1),
        ("even-later", "assault", None),
    ],
)
def test_compare_after(a, b, expected):
    facts = seventh_of_february()
    assert compare(facts[a], facts[b], facts) == expected
    assert compare(facts[b], facts[a], facts) == (None if expected is None else -expected)


def test_after_starts_with_the_earlier_fact():
    facts = seventh_of_february()
    assert interval(facts["later"], facts) == (minute(2018, 2, 7, 4), minute(2018, 2, 8))


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ([fact("a", date="2018-02-07", after="ghost")], "not a fact"),
        ([fact("a", date="2018-02-07", after="b"), fact("b", date="2018-02-07", after="a")], "circle"),
        (
            [fact("a", date="2018-02-07", after="b"), Fact(id="b", statement="b", quote="b", source="s")],
            "no `when`",
        ),
        ([fact("a", date="2018-02-07", after="b"), fact("b", date="2018-02-09")], "starts after"),
        ([fact("a", date="2018-02-30")], "no such date"),
        ([fact("a", date="2018", time="10:00")], "need a month or a day"),
        ([fact("a", date="2018-02", time="10:00")], "needs a day"),
        ([fact("a", date="2018-02-07", part="mid")], "for a month"),
    ],
)
def test_errors(facts, message):
    by_id = {f.id: f for f in facts}
    with pytest.raises(TimelineError, match=message):
        interval(facts[0], by_id)


@pytest.mark.parametrize(
    ("when", "same_as"),
    [
        (
            dict(date="\u0662\u0660\u0661\u0668-\u0660\u0662-\u0660\u0667"),
            dict(date="2018-02-07"),
        ),  # Arabic-Indic
        (
            dict(date="\uff12\uff10\uff11\uff18-02-07", time="1\uff19:30"),
            dict(date="2018-02-07", time="19:30"),
        ),
        (dict(date="2018-02-07\n"), dict(date="2018-02-07")),
        (dict(date="2018-02-07", time="22:00\n"), dict(date="2018-02-07", time="22:00")),
        (dict(date="\u0662\u0660\u0661\u0668"), dict(date="2018")),
    ],
)
def test_dates_the_schema_lets_through_in_other_digits_or_with_a_newline(when, same_as):
    assert interval(fact("a", **when), {}) == interval(fact("b", **same_as), {})


@pytest.mark.parametrize("when", [dict(date="2018-02-30", time="10:00"), dict(date="2018-02-30", part="mid")])
def test_no_such_day_is_said_first(when):
    with pytest.raises(TimelineError, match="no such date: 2018-02-30"):
        interval(fact("a", **when), {})


def test_interval_needs_a_when():
    with pytest.raises(TimelineError):
        interval(Fact(id="a", statement="a", quote="a", source="s"), {})


@pytest.mark.parametrize(
    ("when", "text"),
    [
        (dict(date="2018"), "2018"),
        (dict(date="2018-01", part="mid"), "mid-January 2018"),
        (dict(date="2018-02"), "February 2018"),
        (dict(date="2018-02-07"), "7 February 2018"),
        (dict(date="2018-02-07", time="22:00", approximate=True), "7 February 2018, around 22:00"),
        (dict(date="2018-02-07", time="05:30"), "7 February 2018, 05:30"),
        (dict(date="2018-02-07", after="x"), "7 February 2018 (later)"),
        (dict(date="2018-02-07", after="x", label="later that same day"), "later that same day"),
    ],
)
def test_label(when, text):
    assert label(When(**when)) == text


def chain(n: int) -> list[Fact]:
    """`n` facts on one day, each "later that same day" than the one before."""

    def witness(i: int, **when: object) -> Fact:
        text = f"Witness {i:04x} spoke."
        return Fact(id=f"f{i}", statement=text, quote=text, source="s", when=When(**when))

    first = witness(0, date="2018-02-07", time="05:00", approximate=True)
    return [first] + [witness(i, date="2018-02-07", after=f"f{i - 1}") for i in range(1, n)]


def test_an_after_chain_is_placed_in_linear_time(monkeypatch):
    """Each fact of a chain of 2,000 is placed once, and the `after` forest is walked once, however the
    facts are asked for (here latest first, the worst order for a walk back along the chain)."""
    facts = chain(2000)
    by_id = {f.id: f for f in facts}
    placed, walks = [], []
    place_after, follows = Timeline._place_after, Timeline._follows
    monkeypatch.setattr(
        Timeline, "_place_after", lambda self, f: (placed.append(f.id), place_after(self, f))[1]
    )
    monkeypatch.setattr(Timeline, "_follows", lambda self: (walks.append(1), follows(self))[1])
    timeline = Timeline(by_id)
    for f in reversed(facts):
        timeline.interval(f)
    assert sorted(placed) == sorted(f.id for f in facts[1:])
    assert [timeline.compare(facts[i], facts[i + 1]) for i in range(0, 1999, 7)] == [-1] * len(
        range(0, 1999, 7)
    )
    assert timeline.compare(facts[1999], facts[0]) == 1
    assert len(placed) == 1999 and timeline._tour is not None


def test_a_chain_of_2000_validates_and_generates(tmp_path):
    """The whole of `validate` and of the ordering groups on a 2,000-fact chain (13-19 s for 1,000 before
    the chain was placed once per fact): bounded by counting, here only that it finishes and is right."""
    table = {
        "id": "chain",
        "title": "Chain",
        "sources": [{"id": "s", "title": "S", "reference": "r"}],
        "facts": [f.model_dump(exclude_none=True) for f in chain(2000)],
    }
    loaded = LoadedBank(Bank.model_validate(table), Path("chain.toml"))
    # No warning either: "Witness 002a spoke." keeps no year of 2018-02-07 (its month 2 is no year).
    assert validate(loaded) == []
    groups = timeline_groups(loaded.bank, Timeline(loaded.facts_by_id))
    assert groups and all(len(g.members) == 4 for g in groups)


def test_offsets_place_a_fact_that_long_after_another():
    landing = fact("landing", date="1944-06-06")
    later = fact("later", after="landing", offset="6 days")
    inside = fact("inside", date="1944-06", after="landing", offset="6 days")
    by_id = {f.id: f for f in (landing, later, inside)}
    assert interval(later, by_id) == (minute(1944, 6, 12), minute(1944, 6, 13))
    assert interval(inside, by_id) == (minute(1944, 6, 12), minute(1944, 6, 13))
    assert compare(landing, later, by_id) == -1
    # An offset that leaves the fact's own date is an error.
    wrong = fact("wrong", date="1944-05", after="landing", offset="6 days")
    with pytest.raises(TimelineError, match="falls outside its own"):
        interval(wrong, {**by_id, "wrong": wrong})
    # Without a date or an offset: any time after the other fact.
    open_ended = fact("open", after="landing")
    assert interval(open_ended, {**by_id, "open": open_ended})[0] == minute(1944, 6, 6)


def test_approximate_dates_are_widened_by_their_margin():
    by_id: dict[str, Fact] = {}
    c1450 = fact("c", date="c. 1450")
    start, end = interval(c1450, by_id)  # five years of at most 366 days on each side
    assert minute(1444) < start <= minute(1445) and minute(1456) <= end < minute(1457)
    ten = fact("t", date="1450", approximate=True, margin="10 years")
    start, end = interval(ten, by_id)
    assert minute(1440, 1, 3) > start >= minute(1439, 12, 20) and end >= minute(1461)
    # "c. 1450" is not ordered against 1449 or 1451, but is against 1400.
    assert compare(c1450, fact("y", date="1451"), by_id) is None
    assert compare(c1450, fact("y", date="1449"), by_id) is None
    assert compare(fact("y", date="1400"), c1450, by_id) == -1


@pytest.mark.parametrize(
    ("when", "label_text"),
    [
        (dict(date="9999-12-31", time="23:59"), "31 December 9999, 23:59"),
        (dict(date="9999", approximate=True), "c. 9999"),
        (dict(date="0001", approximate=True), "c. 1"),
        (dict(date="3500 BC"), "3500 BC"),
        (dict(after="x", offset="6 days"), "6 days later"),
    ],
)
def test_calendar_edges_place_and_label_without_overflow(when, label_text):
    x = fact("x", date="9999-12-31", time="23:59", approximate=True)
    f = fact("f", **when)
    by_id = {"x": x, "f": f}
    start, end = interval(f, by_id)
    assert start < end
    assert label(f.when) == label_text
