"""History parts of answer lines: every answer reads back as written (as `archived` keeps it), a damaged
line or head is reported with its file and line, and the layout stays small."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_progress_store import HOSTILE

from trainer.progress import history
from trainer.progress.errors import ProgressError
from trainer.progress.model import CardState, Review
from trainer.questions.model import ItemKey

T0 = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)

reviews = st.builds(
    lambda micros, key, rating, correct, score, duration, state, due, practice, seed, response: Review(
        T0 + timedelta(microseconds=micros),
        ItemKey(*key),
        rating,
        correct,
        score,
        response,
        duration,
        CardState(state, 1, 2.5, 5.0, T0 + timedelta(microseconds=micros + due), T0),
        practice,
        seed,
    ),
    st.integers(0, 10**14),
    st.tuples(*[st.sampled_from(["b", "f1", *HOSTILE])] * 3),
    st.integers(1, 4),
    st.booleans(),
    st.sampled_from([0.0, 1.0, 0.5, 1 / 3]),
    st.integers(0, 10**9),
    st.integers(1, 3),
    st.integers(-(10**12), 10**13),
    st.booleans(),
    st.none() | st.integers(0, 2**31),
    st.text() | st.sampled_from(HOSTILE),
)


@given(st.lists(reviews, max_size=8))
def test_answers_read_back_as_written(tmp_path_factory, answers):
    main = tmp_path_factory.mktemp("p") / "progress.toml"
    before = [i % 4 for i in range(len(answers))]
    history.write_part(main, 1, answers, before)
    assert history.read_part_with_states(main, 1) == ([history.archived(r) for r in answers], before)


def _part(tmp_path, count=3):
    main = tmp_path / "progress.toml"
    answers = [
        Review(T0 + timedelta(minutes=i), ItemKey("b", f"f{i % 2}", "choice"), 3, True, 1.0, "x", 900,
               CardState(2, None, 2.0, 5.0, T0 + timedelta(days=1, minutes=i), T0))
        for i in range(count)
    ]  # fmt: skip
    history.write_part(main, 1, answers)
    return main, history.part_path(main, 1)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\t3\t1\t1\t900", "\t7\t1\t1\t900"),  # a rating of 7
        ("\t900\t", "\t-5\t"),  # a negative duration
        ('"x"', '"x'),  # an unclosed response
        ("Z\t0\t", "Z\t9\t"),  # an item not in `items`
        ("Z\t0\t", "Z\t-1\t"),
        ("\t86400\t", "\televen\t"),
    ],
)
def test_a_damaged_answer_line_is_named_by_its_line(tmp_path, old, new):
    main, part = _part(tmp_path)
    text = part.read_text()
    lines = text.splitlines()
    last = len(lines)
    assert old in lines[-1]
    part.write_text("\n".join([*lines[:-1], lines[-1].replace(old, new, 1)]) + "\n")
    with pytest.raises(ProgressError) as error:
        history.read_part(main, 1)
    assert error.value.line == last


def test_a_damaged_tally_is_named_by_its_line(tmp_path):
    main, part = _part(tmp_path)
    lines = part.read_text().splitlines()
    at = lines.index("quarters = [") + 1
    lines[at] = lines[at].replace(", 3, 3,", ", 3, 4,")  # more right than answered
    part.write_text("\n".join(lines) + "\n")
    with pytest.raises(ProgressError) as error:
        history.read_tally(main, 1)
    assert error.value.line == at + 1


def test_a_line_per_answer_with_each_item_named_once(tmp_path):
    _, part = _part(tmp_path, 50)
    text = part.read_text()
    assert text.count('"b", "f1", "choice"') == 1
    body = text[text.index("\n# answers: ") + 1 :].splitlines()[1:]
    assert len(body) == 50 and all(len(line) < 60 for line in body)


def test_a_malformed_item_is_named_by_its_line(tmp_path):
    main, part = _part(tmp_path)
    lines = part.read_text().splitlines()
    at = lines.index("items = [") + 2
    lines[at] = '  ["b", 7, "choice"],'
    part.write_text("\n".join(lines) + "\n")
    with pytest.raises(ProgressError) as error:
        history.read_part(main, 1)
    assert error.value.line == at + 1
