"""Intervals at the source's precision, and orders the source decides (and only those)."""

import pytest

from trainer.bank.calendar import minute
from trainer.bank.models import Fact, When
from trainer.bank.timeline import TimelineError, compare, interval, label


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
