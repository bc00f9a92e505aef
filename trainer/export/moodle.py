"""Moodle XML of a bank's questions, built with lxml (which escapes every text), for Moodle's question bank
import.

Each bank is a category `$course$/top/<bank title>`, followed by its questions: a choice is a `multichoice`
question (one right answer, options shuffled; each wrong option's feedback says why it is wrong, with its
citation; the general feedback is the explanation with the quote, its markers and the source); an ordering
is an `ordering` question (qtype_ordering, part of Moodle since 4.4) whose grading type is the bank's
ordering rule, which follows qtype_ordering's own rules one to one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from trainer.export.formats import Exported
from trainer.export.questiontext import (
    BankQuestions,
    as_html,
    lead,
    name,
    note,
    right_order,
    sourced_html,
    tags,
)
from trainer.questions.model import Question

GRADING_TYPES = {
    "absolute_position": "ABSOLUTE_POSITION",
    "longest_ordered_subset": "LONGEST_ORDERED_SUBSET",
    "relative_next": "RELATIVE_NEXT_EXCLUDE_LAST",
}
"""The bank's ordering rule -> qtype_ordering's `<gradingtype>` (see `trainer.questions.grading`)."""

PENALTY = "0.3333333"
"""Moodle's default share lost per wrong try in interactive quizzes."""

# Not allowed in XML 1.0 even escaped; `visible` has already replaced the control characters.
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def _xml(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _text(parent: etree._Element, tag: str, value: str, *, html: bool = True) -> etree._Element:
    """`<tag format="html"><text>value</text></tag>`, the shape Moodle gives every text."""
    element = etree.SubElement(parent, tag, format="html") if html else etree.SubElement(parent, tag)
    etree.SubElement(element, "text").text = _xml(value)
    return element


def _value(parent: etree._Element, tag: str, value: str) -> None:
    etree.SubElement(parent, tag).text = value


def category(bank: BankQuestions) -> etree._Element:
    question = etree.Element("question", type="category")
    # In a Moodle category path "/" separates categories; a "/" in a name is written "//". Names are
    # escaped as HTML too: Moodle shows them as HTML (and cleans tags out of them on import).
    _text(question, "category", f"$course$/top/{as_html(bank.title).replace('/', '//')}", html=False)
    _text(question, "info", as_html(bank.loaded.bank.description))
    return question


def _common(q: Question, qtype: str) -> etree._Element:
    question = etree.Element("question", type=qtype)
    _text(question, "name", as_html(name(q)), html=False)
    _text(question, "questiontext", as_html(q.prompt))
    _text(question, "generalfeedback", sourced_html(q))
    _value(question, "defaultgrade", "1")
    _value(question, "penalty", PENALTY)
    _value(question, "hidden", "0")
    _value(question, "idnumber", _xml(q.id[:100]))  # Moodle's limit; for matching a re-import
    return question


def _tags(question: etree._Element, values: Sequence[str]) -> None:
    element = etree.SubElement(question, "tags")
    for value in values:
        etree.SubElement(etree.SubElement(element, "tag"), "text").text = _xml(as_html(value))


def multichoice(bank: BankQuestions, q: Question) -> etree._Element:
    question = _common(q, "multichoice")
    _value(question, "single", "true")
    _value(question, "shuffleanswers", "true")
    _value(question, "answernumbering", "abc")
    _value(question, "showstandardinstruction", "0")
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(question, tag, "")
    for i, option in enumerate(q.options):
        right = i == q.answer
        answer = etree.SubElement(question, "answer", fraction="100" if right else "0", format="html")
        etree.SubElement(answer, "text").text = _xml(as_html(option))
        _text(answer, "feedback", as_html(lead(q) if right else note(q, i)))
    _tags(question, tags(bank.loaded, q))
    return question


def ordering(bank: BankQuestions, q: Question) -> etree._Element:
    question = _common(q, "ordering")
    _value(question, "layouttype", "VERTICAL")
    _value(question, "selecttype", "ALL")
    _value(question, "selectcount", str(len(q.options)))
    _value(question, "gradingtype", GRADING_TYPES[q.ordering_rule])
    _value(question, "showgrading", "SHOW")
    _value(question, "numberingstyle", "none")
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(question, tag, "")
    _value(question, "shownumcorrect", "1")
    # The items in their right order: qtype_ordering takes the order of the answers as the right one
    # (and writes each one's position as its fraction); Moodle shuffles them for the learner.
    answer_order = q.answer if isinstance(q.answer, tuple) else (q.answer,)
    for position, (option, item) in enumerate(zip(answer_order, right_order(q), strict=True), start=1):
        answer = etree.SubElement(question, "answer", fraction=str(position), format="html")
        etree.SubElement(answer, "text").text = _xml(as_html(item))
        _text(answer, "feedback", as_html(note(q, option)))
    _tags(question, tags(bank.loaded, q))
    return question


def document(banks: Sequence[BankQuestions]) -> etree._Element:
    quiz = etree.Element("quiz")
    for bank in banks:
        quiz.append(category(bank))
        for q in bank.questions:
            quiz.append(multichoice(bank, q) if q.kind == "choice" else ordering(bank, q))
    return quiz


def render(banks: Sequence[BankQuestions]) -> Exported:
    data = etree.tostring(document(banks), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Exported(data, sum(len(b.questions) for b in banks))
