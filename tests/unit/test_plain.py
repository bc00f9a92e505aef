"""The line-mode front end: reading answers, and whole runs of `trainer study --plain` through a pipe."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import in_process
import pytest
import tomli_w
from factories import synthetic_bank, write_bank
from fsrs import State

from trainer.bank.loading import load_bank
from trainer.plain import BadInput, parse_response
from trainer.progress.store import ProgressStore
from trainer.questions.generate import generate
from trainer.questions.model import ItemKey, Question


def question(kind: str, n: int) -> Question:
    options = tuple(f"option {i}" for i in range(n))
    return Question(
        id=f"b/f/{kind}",
        key=ItemKey("b", "f", kind),
        kind=kind,  # type: ignore[arg-type]
        prompt="?",
        options=options,
        answer=0 if kind == "choice" else tuple(range(n)),
        facts=("f",),
        explanation="",
        citations=(),
        quote="",
        source="",
    )


CHOICE4 = question("choice", 4)
ORDER4 = question("order", 4)


@pytest.mark.parametrize(("line", "expected"), [("1", 0), ("4\n", 3), ("  2  ", 1), ("03", 2)])
def test_choice_answers(line, expected):
    assert parse_response(CHOICE4, line) == expected


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("7", "1 to 4"),
        ("0", "1 to 4"),
        ("abc", "1 to 4"),
        ("", "1 to 4"),
        ("1 2", "1 to 4"),
        ("-1", "1 to 4"),
        ("²", "1 to 4"),
        ("٣", "1 to 4"),
    ],
)
def test_choice_bad_input(line, hint):
    with pytest.raises(BadInput, match=hint) as info:
        parse_response(CHOICE4, line)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3 1 4 2", (2, 0, 3, 1)),
        ("3142", (2, 0, 3, 1)),
        ("3,1,4,2", (2, 0, 3, 1)),
        (" 1  2 3\t4 ", (0, 1, 2, 3)),
    ],
)
def test_order_answers(line, expected):
    assert parse_response(ORDER4, line) == expected


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("1 1 2", "1 is given twice"),
        ("1 1 2 3", "1 is given twice"),
        ("1 2 3", "4 is missing"),
        ("123", "123 is not an option"),  # run-together digits must give every option
        ("1 2 3 7", "7 is not an option"),
        ("1 2 3 4 5", "5 is not an option"),
        ("abc", "in the right order"),
        ("", "in the right order"),
        ("1 2 x 4", "in the right order"),
    ],
)
def test_order_bad_input(line, hint):
    with pytest.raises(BadInput, match=hint) as info:
        parse_response(ORDER4, line)
    assert "\n" not in str(info.value)


def test_order_run_together_only_up_to_nine_options():
    assert parse_response(question("order", 6), "654321") == (5, 4, 3, 2, 1, 0)


# ---- whole runs of `trainer study --plain`: in this process, or as a subprocess reading a pipe ----

ENV = {"TZ": "Europe/Berlin", "PYTHONIOENCODING": "utf-8"}
SEED = "3"


def study(*args: str, progress: Path, stdin: str | bytes = "", now: str | None = None) -> in_process.Ran[str]:
    extra = ["--now", now] if now else []
    return in_process.run(
        "study", "--plain", "--progress", str(progress), "--seed", SEED, *extra, *args, input=stdin, env=ENV
    )


class Plain:
    """Drives `trainer study --plain` one prompt at a time, as a person would: it only answers once the
    prompt has arrived, so a missing flush hangs (and fails) the test."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "trainer", "study", "--plain", "--seed", SEED, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **ENV},
        )
        self.transcript = ""

    def read(self) -> str | None:
        """Output up to the next prompt, or None when the program ended."""
        fd, buf = self.proc.stdout.fileno(), b""
        while not buf.endswith(b"answer> "):
            ready, _, _ = select.select([fd], [], [], 30)
            assert ready, f"no prompt within 30 s; output so far:\n{self.transcript}{buf.decode()}"
            chunk = os.read(fd, 65536)
            if not chunk:
                self.transcript += buf.decode()
                return None
            buf += chunk
        self.transcript += buf.decode()
        return buf.decode()

    def send(self, line: str) -> None:
        self.transcript += line + "\n"
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def finish(self) -> int:
        """End of input: the program must finish by itself."""
        self.proc.stdin.close()
        while self.read() is not None:
            pass
        return self.proc.wait(timeout=30)


def shown(block: str) -> tuple[str, list[str]]:
    """The prompt and the options of the last question in `block`."""
    lines = block[block.rindex("Question ") :].splitlines()
    options = [m.group(1) for line in lines if (m := re.fullmatch(r"  \d+\. (.*)", line))]
    return lines[1], options


def reply(question, options: list[str], correct: bool) -> str:
    """The line that answers `question` (as printed: `options`) right, or wrong."""
    if question.kind == "choice":
        right = options.index(question.options[question.answer]) + 1
        return str(right if correct else right % len(options) + 1)
    order = [options.index(question.options[i]) + 1 for i in question.answer]
    return " ".join(map(str, order if correct else order[::-1]))


def session(bank_file: Path, progress: Path, now: str, answers, *extra: str) -> tuple[list, str, int]:
    """One run, in this process: `answers(question, asked_count) -> bool` says whether to answer right.
    Returns the questions asked, the transcript and the exit code."""
    # Orderings share a prompt: told apart by their items.
    by_prompt = {
        (q.prompt, frozenset(q.options) if q.kind == "order" else None): q
        for q in generate(load_bank(bank_file))
    }
    asked = []

    def reply_to(output: str) -> str | None:
        if not output.endswith("answer> "):
            return None  # asked for something else: the end of input
        prompt, options = shown(output)
        q = by_prompt.get((prompt, None)) or by_prompt[prompt, frozenset(options)]
        asked.append(q)
        return reply(q, options, answers(q, len(asked) - 1)) + "\n"

    run = in_process.run(
        "study", "--plain", "--seed", SEED, str(bank_file), "--progress", str(progress), "--now", now, *extra,
        input=reply_to, env=ENV,
    )  # fmt: skip
    return asked, run.stdout, run.returncode


@pytest.fixture(scope="module")
def bank_file(tmp_path_factory) -> Path:
    return write_bank(tmp_path_factory.mktemp("bank"), 30)


def items(progress: Path):
    store = ProgressStore.open(progress)
    try:
        return dict(store.items), store.reviews()
    finally:
        store.close()


def test_scheduling_over_simulated_days(bank_file, tmp_path):
    progress = tmp_path / "p.toml"
    always = lambda q, i: True  # noqa: E731

    # Day 1, 09:00: four new items (the daily limit), all right: each back in 10 minutes (learning step).
    day1, out, rc = session(bank_file, progress, "2026-03-02T09:00:00", always, "--new", "4")
    assert rc == 0 and len(day1) == 4 and "Session over: 4 of 4 right" in out
    state, reviews = items(progress)
    assert len(reviews) == 4 and all(state[q.key].card.state == State.Learning for q in day1)

    # 09:30: the same four are due again; no new ones (today's four are used up). Right: days away now.
    again, out, rc = session(bank_file, progress, "2026-03-02T09:30:00", always, "--new", "4")
    assert rc == 0 and [q.key for q in again] == [q.key for q in day1]
    state, _ = items(progress)
    first_due = {q.key: state[q.key].card.due for q in day1}
    assert all(state[k].card.state == State.Review for k in first_due)
    interval = {k: due - state[k].last_review for k, due in first_due.items()}
    assert all(i >= timedelta(days=1) for i in interval.values())

    # Day 2: four new items, none of day 1's (not due yet).
    day2, _, rc = session(bank_file, progress, "2026-03-03T09:00:00", always, "--new", "4")
    assert rc == 0 and len(day2) == 4 and not {q.key for q in day2} & set(first_due)

    # When day 1's items fall due they come back first; one is missed this time.
    when = max(first_due.values()) + timedelta(hours=1)
    missed = day1[1].key
    back, out, rc = session(
        bank_file, progress, when.isoformat(), lambda q, i: q.key != missed or i > 4, "--new", "0"
    )
    assert rc == 0
    assert {q.key for q in back[:4]} == set(first_due)
    assert [q.key for q in back].count(missed) == 2  # missed, then asked again later in the session
    assert "Missed:" in out
    state, reviews = items(progress)
    (miss,) = [r for r in reviews if not r.correct]
    assert miss.key == missed and miss.after.due - miss.time <= timedelta(minutes=10)  # relearning
    for key in first_due:
        new_interval = state[key].card.due - state[key].last_review
        if key == missed:
            assert new_interval < interval[key]  # relearnt: sooner than before the lapse
        else:
            assert new_interval > interval[key]  # right again: later than last time
    # Day 2's items (left in their learning step) are due as well, after day 1's (less likely recalled),
    # but for those that day 1's questions give away today: they wait for another day.
    later = [q.key for q in back[4:] if q.key != missed]
    assert later and set(later) <= {q.key for q in day2}
    assert len(back) == 4 + len(later) + 1 and len(reviews) == 4 + 4 + 4 + len(back)


def test_bad_input_gets_a_hint_and_the_same_prompt(bank_file, tmp_path):
    p = Plain(str(bank_file), "--progress", str(tmp_path / "p.toml"), "--now", "2026-03-02T09:00:00")
    first = p.read()
    assert first.count("Question 1 of") == 1
    for bad, hint in (("7", "1 to 4"), ("abc", "1 to 4"), ("", "1 to 4"), ("1 1 2", "1 to 4")):
        p.send(bad)
        block = p.read()
        # The line echoed (input is a pipe), one hint line, the prompt again.
        assert block.splitlines() == [bad, block.splitlines()[1], "answer> "]
        assert hint in block and "Question" not in block
    p.send("u")
    assert "Nothing to undo" in p.read()
    assert p.finish() == 0
    assert not (tmp_path / "p.toml").exists()  # nothing answered, nothing written


def test_end_of_input_exits_0_with_answers_saved(bank_file, tmp_path):
    progress = tmp_path / "p.toml"
    # A choice, then an ordering (the first new ordering comes second).
    result = study(str(bank_file), progress=progress, stdin="1\n2 1 3 4\n", now="2026-03-02T09:00:00")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("answer> ") == 3 and "Session over:" in result.stdout
    _, reviews = items(progress)
    assert len(reviews) == 2


def test_q_quits_and_u_undoes(bank_file, tmp_path):
    progress = tmp_path / "p.toml"
    result = study(
        str(bank_file), progress=progress, stdin="1\n2 1 3 4\nu\nq\n3\n", now="2026-03-02T09:00:00"
    )
    assert result.returncode == 0, result.stderr
    assert "Answer taken back." in result.stdout
    assert result.stdout.count("Question 2 of") == 2  # asked again after the undo
    assert result.stdout.count("answer> ") == 4  # nothing read after q
    _, reviews = items(progress)
    assert len(reviews) == 1


def test_ordering_in_plain_mode_with_hostile_text(tmp_path):
    hostile = ["[13] first", "[ru] second", "[/] third", "[bold]x fourth"]
    bank = {
        "id": "seq",
        "title": "Sequences",
        "sources": [{"id": "src", "title": "The [B]x Source", "reference": "ref"}],
        "sequences": [
            {
                "id": "s1",
                "prompt": "Put [@click=app.quit]x in order",
                "items": hostile,
                "explanation": "Because [13].",
                "source": "src",
                "quote": "q [/]",
                "citations": ["[2]"],
            }
        ],
    }
    path = tmp_path / "bank.toml"
    path.write_text(tomli_w.dumps(bank), encoding="utf-8")
    p = Plain(str(path), "--progress", str(tmp_path / "p.toml"), "--now", "2026-03-02T09:00:00")
    block = p.read()
    prompt, options = shown(block)
    assert prompt == "Put [@click=app.quit]x in order" and sorted(options) == sorted(hostile)
    assert "in order" in block and "e.g." in block
    p.send("1 1 2")
    assert "1 is given twice" in p.read()
    order = [options.index(item) + 1 for item in hostile]
    swapped = order[1::-1] + order[2:]  # the first two swapped
    p.send("".join(map(str, swapped)))
    assert p.finish() == 0
    out = p.transcript
    assert "Partly right: score 0.75" in out and "misplaced, belongs at 1" in out and "in place" in out
    assert "Because [13]." in out and "Citations: [2]" in out and "Source: The [B]x Source" in out
    _, (review,) = items(tmp_path / "p.toml")
    assert review.rating == 2 and review.score == 0.75  # Hard: partly right
    assert review.response == " | ".join([hostile[1], hostile[0], *hostile[2:]])


def test_progress_kept_across_a_reworded_fact(tmp_path):
    folder = tmp_path / "bank"
    bank_file = write_bank(folder, 30)
    progress = tmp_path / "p.toml"
    asked, _, rc = session(bank_file, progress, "2026-03-02T09:00:00", lambda q, i: True, "--limit", "2")
    assert rc == 0 and len(asked) == 2 and asked[0].kind == "choice"
    key = asked[0].key
    table, _ = synthetic_bank(30)
    for fact in table["facts"]:
        if fact["id"] == key.fact:
            fact["statement"] = "Reworded: " + fact["statement"]
            fact["question"] = "Reworded, " + fact["question"]
    bank_file.write_text(tomli_w.dumps(table), encoding="utf-8")
    asked, _, rc = session(bank_file, progress, "2026-03-02T09:30:00", lambda q, i: True, "--new", "0")
    (again,) = [q for q in asked if q.key == key]
    assert rc == 0 and len(asked) == 2 and again.prompt.startswith("Reworded, ")
    state, reviews = items(progress)
    assert state[key].reviews == 2 and [r.key for r in reviews].count(key) == 2


def test_bad_now_is_a_usage_error(bank_file, tmp_path):
    result = study(str(bank_file), progress=tmp_path / "p.toml", now="next tuesday")
    assert result.returncode == 2 and "ISO 8601" in result.stderr and "Traceback" not in result.stderr


def test_broken_bank_prints_problems(tmp_path):
    path = tmp_path / "bank.toml"
    path.write_text('id = "x"\ntitle = "X"\nfacts = [\n', encoding="utf-8")
    result = study(str(path), progress=tmp_path / "p.toml")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"bank\.toml:\d+:\d+: ", result.stderr)
    assert not (tmp_path / "p.toml").exists()


def test_broken_progress_file_is_left_untouched(bank_file, tmp_path):
    progress = tmp_path / "p.toml"
    garbage = b"schema = 1\n[[item]\nnot toml at all \x00\xff"
    progress.write_bytes(garbage)
    result = study(str(bank_file), progress=progress, stdin="1\n")
    assert result.returncode == 1 and str(progress) in result.stderr and "Traceback" not in result.stderr
    assert progress.read_bytes() == garbage


def test_undecodable_input_gets_a_hint(bank_file, tmp_path):
    result = in_process.run_bytes(
        "study", "--plain", str(bank_file), "--progress", str(tmp_path / "p.toml"), "--now", "2026-03-02T09:00:00",
        input=b"\xff\xfe\n1\n", env=ENV,
    )  # fmt: skip
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert b"1 to 4" in result.stdout
    assert len(items(tmp_path / "p.toml")[1]) == 1


@pytest.mark.parametrize("args", [["--limit", "0"], ["--new", "-1"]])
def test_bad_numbers_are_usage_errors(bank_file, tmp_path, args):
    result = study(str(bank_file), *args, progress=tmp_path / "p.toml")
    assert result.returncode == 2 and "Traceback" not in result.stderr and args[0] in result.stderr
