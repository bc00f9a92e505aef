"""The line-mode front end (`trainer study --plain`): for screen readers, slow links and scripts.

It prints a question with numbered options, reads one line after the prompt `answer> `, and prints the
verdict with its explanation and source. Plain words rather than symbols, one thing per line, and a flush
before every prompt so that it works through a pipe. It only drives `StudySession`; all study logic is there.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TextIO, assert_never

from trainer.questions.model import Grade, Kind, Question
from trainer.sanitize import visible
from trainer.wording import until_at

if TYPE_CHECKING:
    from trainer.study.session import Feedback, StudySession, Summary

PROMPT = "answer> "
COMMANDS_HINT = "u undoes the last answer, q quits"
_NUMBER = re.compile(r"[0-9]+")


class BadInput(ValueError):
    """A line that is not an answer to the question; its message is the one-line hint."""


def parse_response(question: Question, line: str) -> int | tuple[int, ...]:
    """The 0-based response a line of input stands for: `2` for a choice, `3 1 4 2` or `3142` for an order."""
    n = len(question.options)
    text = line.strip()
    match question.kind:
        case Kind.CHOICE:
            if not _NUMBER.fullmatch(text) or not 1 <= int(text) <= n:
                raise BadInput(f"Type the number of one option, 1 to {n} ({COMMANDS_HINT}).")
            return int(text) - 1
        case Kind.ORDER:
            return _parse_order(text, n)
        case _:
            assert_never(question.kind)


def _parse_order(text: str, n: int) -> tuple[int, ...]:
    tokens = [t for t in re.split(r"[\s,]+", text) if t]
    if len(tokens) == 1 and n <= 9 and len(text) == n and _NUMBER.fullmatch(text):
        tokens = list(text)  # "3142"
    example = _example(n)
    if not tokens or not all(_NUMBER.fullmatch(t) for t in tokens):
        raise BadInput(f"Type the numbers 1 to {n} in the right order, e.g. {example} ({COMMANDS_HINT}).")
    numbers = [int(t) for t in tokens]
    if outside := [x for x in numbers if not 1 <= x <= n]:
        raise BadInput(f"{outside[0]} is not an option: use the numbers 1 to {n}, each once.")
    if repeated := sorted({x for x in numbers if numbers.count(x) > 1}):
        raise BadInput(f"{repeated[0]} is given twice: use each number from 1 to {n} once.")
    if len(numbers) != n:
        missing = sorted(set(range(1, n + 1)) - set(numbers))
        raise BadInput(f"{missing[0]} is missing: put all {n} numbers in order, e.g. {example}.")
    return tuple(x - 1 for x in numbers)


def _missed_answer(q: Question, g: Grade) -> str:
    match q.kind:
        case Kind.CHOICE:
            assert isinstance(q.answer, int) and isinstance(g.response, int)
            return f"Answer: {q.options[q.answer]} (you chose {q.options[g.response]})."
        case Kind.ORDER:
            assert isinstance(q.answer, tuple)
            return f"Right order: {' | '.join(q.options[i] for i in q.answer)} (your score {g.score:.2f})."
        case _:
            assert_never(q.kind)


def _example(n: int) -> str:
    return " ".join(str(i) for i in [*range(2, n + 1), 1])


class PlainStudy:
    def __init__(
        self,
        session: StudySession,
        stdin: TextIO,
        stdout: TextIO,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.stdin = stdin
        self.out = stdout
        self.clock = clock
        # A terminal echoes what is typed; from a pipe, echo it so the transcript reads as a dialogue.
        self.echo = not stdin.isatty()

    def say(self, *lines: str) -> None:
        """Every line shown goes out here: bank text through the sanitising boundary, so an ESC in a prompt
        is shown as `␛`, never obeyed by the terminal."""
        for line in lines:
            self.out.write(visible(line, multiline=True) + "\n")

    def run(self) -> int:
        """Ask until the session ends, the learner quits (`q`) or input ends; every answer is already saved."""
        if self.session.current is None:
            self.say("Nothing is due and no new questions are left for today.")
            self.out.flush()
            return 0
        while (question := self.session.current) is not None:
            self.show(question)
            started = self.clock()
            while True:
                self.out.write(PROMPT)
                self.out.flush()
                line = self.stdin.readline()
                if not line:  # end of input: everything answered is saved already
                    self.say("")
                    return self.finish()
                if self.echo:
                    self.say(line.rstrip("\r\n"))
                command = line.strip().lower()
                if command == "q":
                    return self.finish()
                if command == "u":
                    self.say("Answer taken back." if self.session.undo() else "Nothing to undo yet.")
                    break
                try:
                    response = parse_response(question, line)
                except BadInput as hint:
                    self.say(str(hint))
                    continue
                duration_ms = int((self.clock() - started) * 1000)
                self.show_feedback(self.session.answer(response, duration_ms))
                break
        return self.finish()

    def show(self, q: Question) -> None:
        answered, planned = self.session.position
        self.say("", f"Question {answered + 1} of {planned}", q.prompt)
        match q.kind:
            case Kind.CHOICE:
                pass
            case Kind.ORDER:
                n = len(q.options)
                self.say(f"Put these in order: type the option numbers, first to last (e.g. {_example(n)}).")
            case _:
                assert_never(q.kind)
        for i, option in enumerate(q.options, 1):
            self.say(f"  {i}. {option}")

    def show_feedback(self, feedback: Feedback) -> None:
        q, g = feedback.question, feedback.grade
        match q.kind:
            case Kind.CHOICE:
                self._choice_verdict(q, g)
            case Kind.ORDER:
                self._order_verdict(q, g)
            case _:
                assert_never(q.kind)
        self.say(f"Explanation: {q.explanation}")
        if q.quote:
            self.say(f"Quote: {q.quote}")
        if q.citations:
            self.say(f"Citations: {' '.join(q.citations)}")
        if q.source:
            self.say(f"Source: {q.source}")
        self.say(f"Next review: {until_at(feedback.due, self.session.now())}")

    def _choice_verdict(self, q: Question, g: Grade) -> None:
        assert isinstance(q.answer, int) and isinstance(g.response, int)
        if g.correct:
            self.say(f"Right: {q.options[q.answer]}")
            return
        # The explanation goes on to say what each wrong option really is, where the bank knows.
        self.say(
            f"Wrong. You chose {g.response + 1}. {q.options[g.response]}",
            f"The answer is {q.answer + 1}. {q.options[q.answer]}",
        )

    def _order_verdict(self, q: Question, g: Grade) -> None:
        verdict = "Right" if g.correct else "Partly right" if g.score > 0 else "Wrong"
        self.say(f"{verdict}: score {g.score:.2f}.")
        for v in g.items:
            if v.placed_at == v.belongs_at:
                place = "in place"
            else:  # under the longest-ordered-subset rule a shifted item can still count
                place = f"{'in order' if v.correct else 'misplaced'}, belongs at {v.belongs_at + 1}"
            note = v.note or (q.notes[v.option] if v.option < len(q.notes) else None)
            detail = f" ({note.text})" if note else ""  # its date or value, with its markers
            self.say(f"  {v.placed_at + 1}. {q.options[v.option]}: {place}{detail}")
        if not g.correct:
            assert isinstance(q.answer, tuple)
            self.say(f"The right order: {' '.join(str(i + 1) for i in q.answer)}")

    def finish(self) -> int:
        self.say(*summary_lines(self.session.summary(), self.session.now()))
        self.out.flush()
        return 0


def summary_lines(summary: Summary, now: datetime) -> list[str]:
    if not summary.answered:
        return ["No questions answered; nothing changed."]
    lines = [
        "",
        f"Session over: {summary.correct} of {summary.answered} right, score {summary.score:g} of {summary.answered}.",
    ]
    if summary.missed:
        lines.append("Missed:")
        for m in summary.missed:
            q, g = m.question, m.grade
            answer = _missed_answer(q, g)

            cites = f" {' '.join(q.citations)}" if q.citations else ""
            lines += [f"  - {q.prompt}", f"    {answer}{cites} Source: {q.source}"]
    if summary.earliest_due:
        lines.append(f"Next review due {until_at(summary.earliest_due, now)}.")
    lines.append("Next due per question:")
    for n in summary.next_due:
        lines.append(f"  {until_at(n.due, now)}: {n.question.prompt}")
    return lines
