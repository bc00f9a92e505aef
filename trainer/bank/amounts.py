"""A fact's `value` as the range of amounts the source allows, and amounts as people write them.

"about 250" is 225 to 275 (±10 %), "80–100" is 80 to 100, "more than 4,000" is anything above 4,000.
Magnitude questions order only facts whose ranges do not overlap; a choice question must not offer, as a
wrong answer, an amount the key's own range allows (`satisfies_bound`).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from trainer.bank import vocabulary

if TYPE_CHECKING:
    from trainer.bank.shapes import Quantity

SLACK = 0.1
"""An approximate amount ("about 250") is taken as ±10 %."""

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
NUMBER_WORDS = vocabulary.NUMBER_WORDS
"""Spelled numbers that may carry an amount ("six days"), each a word on its own."""


def bounds(value: Quantity) -> tuple[float, float]:
    """The lowest and highest amount the source allows (an open side is infinite)."""
    low, high = value.amount, value.upper if value.upper is not None else value.amount
    if value.approximate:
        low, high = low - abs(low) * SLACK, high + abs(high) * SLACK
    bound = value.bound
    if bound in ("more than", "at least"):
        high = math.inf
    elif bound is not None:  # less than, up to, at most
        low = -math.inf
    return low, high


def satisfies_bound(key: Quantity, candidate: float) -> bool:
    """Whether `candidate` is an amount the key's statement allows: "more than 4,000 km" allows 6,779, so
    6,779 is no wrong answer to it. For choice questions, to refuse such distractors. Strict where the
    source is ("more than 4,000" does not allow 4,000; "at least" does)."""
    low, high = bounds(key)
    if key.bound == "more than":
        return candidate > low
    if key.bound == "less than":
        return candidate < high
    return low <= candidate <= high


def written_value(numeral: str, exponent: str | None = None, scale: str | None = None) -> float:
    """The amount a numeral stands for: "4,000" 4000; "4.1" with scale "billion" 4.1e9; "6.42" with
    exponent "²³" (or "^23") 6.42e23."""
    number = float(numeral.replace(",", "").replace("\u2212", "-"))
    if exponent:  # " × 10²³", "×10^23", or the power alone: "²³", "^23"
        power = exponent.translate(_SUPERSCRIPT).replace("\u2212", "-")
        if "\u00d7" in power or "x" in power.lower():
            power = power.split("10", 1)[1]
        number *= 10.0 ** int(power.strip().lstrip("^"))
    if scale:
        number *= _SCALES[scale.lower()]
    return number


def same_amount(a: float, b: float) -> bool:
    """Equal, or equal but for the rounding of a float ("6.42 × 10²³" read back as 6.42e23)."""
    return a == b or math.isclose(a, b, rel_tol=1e-9)


def format_amount(x: float) -> str:
    """A number as people write it: "4,000", "2.5"; a very large or small one in scientific notation
    ("6.42 × 10²³"), never the float's expansion ("642,000,000,000,000,046,137,344")."""
    if x != 0 and not 1e-4 <= abs(x) < 1e15:
        mantissa, exponent = f"{x:.12e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        power = str(int(exponent)).translate(str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"))
        return f"{mantissa} × 10{power}"
    return f"{int(x):,}" if x.is_integer() else f"{x:,}"


_PREFIX = {"more than": "more than ", "at least": "at least ", "less than": "less than ", "up to": "up to "}


def amount_label(value: Quantity, written: str | None = None) -> str:
    """ "about 250 fighters", "80–100 PMCs", "more than 4,000 km": the teacher's `label` if any, else the
    number as the quote writes it (`written`, e.g. "4.1 billion") where it has a scale word or exponent,
    else formatted."""
    if value.label:
        return value.label
    if written is not None:
        amount = written
    else:
        amount = format_amount(value.amount) + (
            f"\u2013{format_amount(value.upper)}" if value.upper is not None else ""
        )
    prefix = _PREFIX.get(value.bound or "", "at most " if value.bound == "at most" else "")
    return f"{prefix}{'about ' if value.approximate else ''}{amount} {value.unit}"


SCALE_WORDS = "|".join(_SCALES)
EXPONENT = r"\s*[×x]\s*10(?:\^[-\u2212]?\d+|[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
NUMERAL_WITH_SCALE = re.compile(
    rf"(?P<num>\d[\d,]*(?:\.\d+)?)(?P<exp>{EXPONENT})?(?:\s+(?P<scale>{SCALE_WORDS})\b)?", re.IGNORECASE
)
