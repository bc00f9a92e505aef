"""The forms of `when.date`, read as spans on one calendar: BC years, approximate dates, decades, centuries,
ranges, bounds; the calendar's arithmetic against the standard library's where both reach."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.bank import calendar
from trainer.bank.calendar import NEVER_AFTER, NEVER_BEFORE, DateError, parse, year_of


def years(text: str) -> tuple[int | None, int | None]:
    """The first and last astronomical year a date's span touches (None: open)."""
    span = parse(text)
    first = None if span.start <= NEVER_BEFORE else year_of(span.start)
    last = None if span.end >= NEVER_AFTER else year_of(span.end - 1)
    return first, last


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("1781", 1781, 1781, "year"),
        ("2012-08", 2012, 2012, "month"),
        ("1969-07-20", 1969, 1969, "day"),
        ("3500 BC", -3499, -3499, "year"),
        ("753 BCE", -752, -752, "year"),
        ("1 BC", 0, 0, "year"),
        ("AD 105", 105, 105, "year"),
        ("105 CE", 105, 105, "year"),
        ("15 March 44 BC", -43, -43, "day"),
        ("March 44 BC", -43, -43, "month"),
        ("1760s", 1760, 1769, "decade"),
        ("the 1760s", 1760, 1769, "decade"),
        ("320s BC", -328, -319, "decade"),
        ("18th century", 1700, 1800, "century"),
        ("late 18th century", 1760, 1800, "century"),
        ("the late 18th century", 1760, 1800, "century"),
        ("5th century BC", -499, -399, "century"),
        ("1st century BC", -99, 0, "century"),
        ("4th millennium BC", -3999, -2999, "millennium"),
        ("late 1816", 1816, 1816, "year"),
        ("1022–1063", 1022, 1063, "range"),
        ("1022 to 1063", 1022, 1063, "range"),
        ("530–522 BC", -529, -521, "range"),
        ("1816-06 to 1816-08", 1816, 1816, "range"),
        ("before AD 220", None, 219, "bound"),
        ("by 1455", None, 1455, "bound"),
        ("after 1066", 1067, None, "bound"),
        ("since 1830", 1830, None, "bound"),
        ("from the late 1830s onwards", 1836, None, "bound"),
        ("9999-12-31", 9999, 9999, "day"),
        ("0001", 1, 1, "year"),
    ],
)
def test_forms(text, first, last, precision):
    assert years(text) == (first, last)
    assert parse(text).precision == precision


def test_approximate_forms_say_so_and_keep_their_span():
    for text, plain in [("c. 1450", "1450"), ("circa 1450", "1450"), ("about 3500 BC", "3500 BC")]:
        approx = parse(text)
        assert approx.approximate and approx[:2] == parse(plain)[:2]
    assert parse("465 BC to c. 425 BC").approximate


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("-3500", 'date = "3500 BC"'),
        ("\u22123500", 'date = "3500 BC"'),
        ("0 BC", "there is no year 0"),
        ("1063–1022", "ends before it begins"),
        ("2018-02-30", "no such date"),
        ("the olden days", "5th century BC"),
        ("0th century", "no 0th century"),
    ],
)
def test_what_cannot_be_read_says_what_to_write(text, words):
    with pytest.raises(DateError, match=None) as caught:
        parse(text)
    assert words in str(caught.value)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_day_numbers_agree_with_the_standard_library(day):
    days = calendar.days_from_civil(day.year, day.month, day.day)
    assert days == day.toordinal() - date(1970, 1, 1).toordinal()
    assert year_of(days * calendar.MINUTES_PER_DAY) == day.year


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 5000), st.integers(1, 5000))
def test_bc_years_count_down(a, b):
    """N BC is before M BC exactly when N > M, and every BC year is before AD 1."""
    first, second = parse(f"{a} BC"), parse(f"{b} BC")
    assert (first.end <= second.start) == (a > b)
    assert first.end <= parse("0001").start


def test_durations():
    day = calendar.MINUTES_PER_DAY
    assert calendar.duration("6 days") == (6 * day, 6 * day)
    assert calendar.duration("three weeks") == (21 * day, 21 * day)
    assert calendar.duration("an hour") == (60, 60)
    assert calendar.duration("1 month") == (28 * day, 31 * day)
    assert calendar.duration("2 centuries")[1] == 2 * 36525 * day
    with pytest.raises(DateError, match="cannot read the duration"):
        calendar.duration("a while")
