"""Whose claim a sentence reports: "according to X", "X said/claimed/alleged", ", X said,". A claim word
with no one named ("reportedly", "unconfirmed") is found too, so the draft asks the teacher whose it is."""

from __future__ import annotations

import re
from typing import NamedTuple

from trainer.bank.validation import CLAIM_WORDS

_VERBS = r"(?:said|says|claimed|claims|alleged|alleges|stated|states|wrote|writes|reported|reports|argued|argues|believed|believes|estimated|estimates|suggested|suggests)"
_AGENT = r"(?P<agent>(?:the |The )?[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|the|de|von|van|al-\w+))*)"
_ACCORDING = re.compile(r"\b[Aa]ccording to (?P<agent>[^,;:.]+(?:\.[A-Z]\.[^,;:.]*)*)")
_INSERTED = re.compile(r",\s*" + _AGENT + r"\s+" + _VERBS + r",")
_SUBJECT = re.compile(
    r"^(?P<agent>[A-Z][\w'’ .-]{0,40}?)\s+(?:have |has |had )?(?:also |later |then |\w+ly )?" + _VERBS + r"\b"
)
_DETERMINERS = ("Some ", "Many ", "Most ", "Several ", "The ", "Other ")
# "X, who wrote his Histories" names an author, not a claim: only verbs of saying count here.
_WHO = re.compile(_AGENT + r",\s+who\s+(?:said|says|claimed|claims|alleged|alleges|stated|states)\b")


class Claim(NamedTuple):
    attribution: str | None
    """`according to WHO`, or None where the sentence names no one."""
    word: str | None
    """The claim word the validator would warn about, if any."""


def find_claim(sentence: str) -> Claim:
    word = CLAIM_WORDS.search(sentence.casefold())
    claim_word = word.group() if word else None
    for pattern in (_ACCORDING, _INSERTED, _SUBJECT, _WHO):
        m = pattern.search(sentence)
        if m is not None:
            agent = m.group("agent").strip()
            if agent and len(agent.split()) <= 8:
                if agent.startswith(_DETERMINERS):
                    agent = agent[0].lower() + agent[1:]
                return Claim(f"according to {agent}", claim_word)
    return Claim(None, claim_word)
