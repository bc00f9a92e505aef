import json
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from stats_data import (
    LEARNING,
    RELEARNING,
    REVIEW,
    items_from,
    key,
    make_bank,
    review,
    state,
    t,
)

from trainer.progress.model import ItemProgress
from trainer.study.clock import study_day
from trainer.study.stats import compute_stats, study_days

UTC = UTC


def stats_for(reviews, now, **kw):
    kw.setdefault("tz", UTC)
    return compute_stats(items_from(reviews), reviews, t(now), **kw)


@pytest.mark.parametrize(
    ("times", "now", "streak", "studied_today"),
    [
        # 03:30 belongs to the day before: 1 March and 2 March (03:00 on the 3rd) are both studied.
        (["2026-03-01T10:00Z", "2026-03-03T03:00Z"], "2026-03-03T12:00Z", 2, False),
        # 05:00 on the 3rd is the 3rd itself, leaving the 2nd empty: only today counts.
        (["2026-03-01T10:00Z", "2026-03-03T05:00Z"], "2026-03-03T12:00Z", 1, True),
        # Before 4 a.m. "today" is still the 2nd; studied then.
        (["2026-03-01T10:00Z", "2026-03-02T20:00Z"], "2026-03-03T03:59Z", 2, True),
        # At 4 a.m. the 3rd begins, not yet studied: the streak up to yesterday stands.
        (["2026-03-01T10:00Z", "2026-03-02T20:00Z"], "2026-03-03T04:00Z", 2, False),
        # Last study two days ago: the streak is broken.
        (["2026-03-01T10:00Z"], "2026-03-03T12:00Z", 0, False),
        ([], "2026-03-03T12:00Z", 0, False),
    ],
)
def test_streak_across_the_day_boundary(times, now, streak, studied_today):
    reviews = [review(when, key(f"f{i}")) for i, when in enumerate(times)]
    s = stats_for(reviews, now)
    assert (s.streak, s.studied_today) == (streak, studied_today)


def test_streak_uses_local_time():
    berlin = ZoneInfo("Europe/Berlin")
    # 03:30 UTC on 2 March is 04:30 in Berlin (2 March) but, before 4 a.m. UTC, still 1 March in UTC.
    reviews = [review("2026-03-01T12:00Z", key("a")), review("2026-03-02T03:30Z", key("b"))]
    assert stats_for(reviews, "2026-03-02T12:00Z", tz=berlin).streak == 2
    assert stats_for(reviews, "2026-03-02T12:00Z", tz=UTC).streak == 1


def test_true_retention_counts_only_reviews_of_learned_items():
    a, b = key("a"), key("b")
    reviews = [
        review("2026-03-01T10:00Z", a, 3, LEARNING),  # new: not counted
        review("2026-03-01T10:10Z", a, 3, REVIEW),  # from Learning: not counted
        review("2026-03-01T10:20Z", b, 4, REVIEW),  # new, graduates at once: not counted
        review("2026-03-05T10:00Z", a, 1, RELEARNING),  # learned, forgotten: counted, not recalled
        review("2026-03-05T10:05Z", a, 3, REVIEW),  # from Relearning: not counted
        review("2026-03-06T10:00Z", b, 2, REVIEW),  # learned, Hard: counted, recalled
        review("2026-03-09T10:00Z", a, 3, REVIEW),  # learned, Good: counted, recalled
    ]
    s = stats_for(reviews, "2026-03-10T12:00Z")
    assert (s.retention.recalled, s.retention.reviews) == (2, 3)
    assert s.retention.rate == pytest.approx(2 / 3)
    assert s.to_json()["retention"] == {"rate": pytest.approx(2 / 3), "recalled": 2, "reviews": 3}


def test_retention_of_the_last_30_days_leaves_older_reviews_out():
    a = key("a")
    reviews = [
        review("2026-01-01T10:00Z", a, 4, REVIEW),
        review("2026-01-10T10:00Z", a, 1, RELEARNING),  # counted overall only
        review("2026-01-11T10:00Z", a, 3, REVIEW),
        review("2026-03-01T10:00Z", a, 3, REVIEW),  # counted in both
    ]
    s = stats_for(reviews, "2026-03-02T12:00Z")
    assert (s.retention.recalled, s.retention.reviews) == (1, 2)
    assert (s.retention_month.recalled, s.retention_month.reviews) == (1, 1)


def test_no_reviews_gives_no_retention_rate():
    s = stats_for([], "2026-03-02T12:00Z")
    assert s.retention.rate is None and s.to_json()["retention"]["rate"] is None


def test_due_now_and_due_per_study_day():
    now = t("2026-03-10T12:00Z")

    def item(name, due):
        k = key(name)
        return k, ItemProgress(k, state(due=t(due), last=now - timedelta(days=1)), reviews=1, correct=1)

    items = dict(
        [
            item("overdue", "2026-03-08T09:00Z"),  # today (overdue)
            item("now", "2026-03-10T12:00Z"),  # today, due now
            item("later-today", "2026-03-11T03:59Z"),  # still the 10th's study day
            item("tomorrow", "2026-03-11T04:00Z"),
            item("day7", "2026-03-16T23:00Z"),  # 7th day from today (the 16th)
            item("day8", "2026-03-17T05:00Z"),  # beyond 7 days
            item("day30", "2026-04-08T10:00Z"),  # the 30th day
            item("day31", "2026-04-09T10:00Z"),  # beyond
        ]
    )
    items[key("never")] = ItemProgress(key("never"), state(LEARNING, due=now), reviews=0)  # not seen: ignored
    s = compute_stats(items, [], now, tz=UTC)
    assert s.due_now == 2
    assert len(s.due_per_day) == 30
    assert s.due_per_day[0].day.isoformat() == "2026-03-10"
    counts = {d.day.isoformat(): d.count for d in s.due_per_day if d.count}
    assert counts == {"2026-03-10": 3, "2026-03-11": 1, "2026-03-16": 1, "2026-03-17": 1, "2026-04-08": 1}
    assert (s.due_next_7, s.due_next_30) == (5, 7)


def test_history_today_and_totals():
    reviews = [
        review("2026-03-09T10:00Z", key("a"), 3),
        review("2026-03-09T11:00Z", key("b"), 1),
        review("2026-03-10T03:00Z", key("c"), 1),  # still the 9th
        review("2026-03-10T09:00Z", key("a"), 3),
        review("2026-03-10T10:00Z", key("b"), 3),
    ]
    s = stats_for(reviews, "2026-03-10T12:00Z")
    assert len(s.history) == 28
    assert s.history[-1].day.isoformat() == "2026-03-10"
    assert (s.history[-1].reviews, s.history[-1].correct) == (2, 2)
    assert (s.history[-2].reviews, s.history[-2].correct, s.history[-2].accuracy) == (
        3,
        1,
        pytest.approx(1 / 3),
    )
    assert s.history[0].accuracy is None
    assert (s.today_reviews, s.today_correct) == (2, 2)
    assert (s.total_reviews, s.total_correct, s.items_seen) == (5, 3, 3)


def test_per_bank_figures():
    bank = make_bank("b1", {"f1": "One.", "f2": "Two.", "f3": "Three."})
    reviews = [
        review("2026-03-01T10:00Z", key("f1"), 3, REVIEW, stability=30),
        review("2026-03-02T10:00Z", key("f2"), 1, LEARNING, stability=0.5),
        review("2026-03-03T10:00Z", key("x", bank="gone"), 3, REVIEW, stability=1),
    ]
    candidates = {"b1": {key(f) for f in ("f1", "f2", "f3")} | {key("f1", "reverse")}}
    s = stats_for(reviews, "2026-03-10T12:00Z", banks=[bank], candidates=candidates)
    b1, gone = s.banks
    assert (b1.bank, b1.title, b1.seen, b1.due, b1.new, b1.learned) == ("b1", "Bank one", 2, 1, 2, 1)
    assert b1.last_studied == t("2026-03-02T10:00Z")
    assert (gone.bank, gone.title, gone.new, gone.due, gone.learned) == ("gone", None, None, 1, 1)


def test_weakest_facts_lowest_recall_first_with_statements():
    bank = make_bank("b1", {"strong": "Strong.", "weak": "[bold]x weak.", "mid": "Mid."})
    reviews = [
        review("2026-03-01T10:00Z", key("strong"), 3, REVIEW, stability=100),
        review("2026-03-01T10:00Z", key("weak"), 3, REVIEW, stability=1),
        review("2026-03-01T10:00Z", key("mid"), 3, REVIEW, stability=10),
        # A second form of "mid" recalled just as well as "strong": its mean lies between.
        review("2026-03-01T10:00Z", key("mid", "reverse"), 3, REVIEW, stability=100),
        review("2026-03-01T10:00Z", key("unknown"), 3, REVIEW, stability=50),
    ]
    s = stats_for(reviews, "2026-03-11T10:00Z", banks=[bank])
    assert [f.fact for f in s.weakest] == ["weak", "mid", "unknown", "strong"]
    weak = s.weakest[0]
    assert weak.text.statement == "[bold]x weak." and weak.text.citations == ("[1]", "[2]")
    assert weak.recall < s.weakest[1].recall < s.weakest[3].recall <= 1
    assert s.weakest[2].text.statement == "unknown"  # not in any loaded bank: its id
    mid = s.weakest[1]
    assert mid.reviews == 2


def test_weakest_ties_broken_by_lapses_and_limited_to_ten():
    reviews = [review("2026-03-01T10:00Z", key(f"f{i:02}"), 3, REVIEW) for i in range(12)]
    # Same stability and time: same recall. f07 lapsed once (Again from Review).
    reviews.append(review("2026-03-01T10:00Z", key("f07"), 1, REVIEW))
    s = stats_for(reviews, "2026-03-01T12:00Z")
    assert len(s.weakest) == 10
    assert s.weakest[0].fact == "f07" and s.weakest[0].lapses == 1


def test_to_json_is_plain_json_with_iso_times():
    reviews = [review("2026-03-09T10:00Z", key("f1"), 3)]
    doc = stats_for(reviews, "2026-03-10T12:00Z", banks=[make_bank()]).to_json()
    assert json.loads(json.dumps(doc)) == doc
    assert doc["schema"] == "trainer-stats/1"
    assert doc["now"] == "2026-03-10T12:00:00+00:00"
    assert doc["banks"][0]["last_studied"] == "2026-03-09T10:00:00+00:00"
    assert doc["weakest"][0]["statement"] == "The first fact."
    assert len(doc["due_per_day"]) == 30 and len(doc["history"]) == 28


@pytest.mark.parametrize(
    "zone", ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe"]
)
@pytest.mark.parametrize("start", ["2026-03-07T00:00Z", "2026-10-03T00:00Z"])  # both sides of DST changes
def test_study_days_agrees_with_study_day(zone, start):
    tz = ZoneInfo(zone)
    moments = [t(start) + timedelta(minutes=7 * n) for n in range(3000)]  # about 15 days
    for order in (moments, moments[::-1], moments[::2] + moments[1::2]):
        day_of = study_days(4, tz)
        assert [day_of(m) for m in order] == [study_day(m, 4, tz) for m in order]
