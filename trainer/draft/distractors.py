"""Wrong options for a draft's date or amount answer whose kind has too few other answers in the bank: the
answer in the very form the article writes it, with its year moved or its number scaled, so that options
differ only in the value asked about. None stands in the fact's quote (the validator refuses such a one)."""

from __future__ import annotations

import re

_YEAR = re.compile(r"\b\d{3,4}\b")
_BC_YEAR = re.compile(r"\b\d{1,4}\b")
_YEAR_OF = {"year-bc": _BC_YEAR, "decade": re.compile(r"\b\d{3}0(?=s\b)")}
_NUMBER = re.compile(r"[−-]?\d[\d,]*(?:\.\d+)?")
_YEAR_SHIFTS = {
    "date": (-1, 1, -2, 2, 3),
    "month": (-1, 1, -2, 2, 3),
    "year": (-10, 10, -20, 20, 30),
    "year-bc": (50, -50, 100, -100, 150),
    "decade": (-10, 10, -20, 20, 30),
}
_FACTORS = (2, 0.5, 3, 10, 0.1)
_SHARE_FACTORS = (0.5, 0.75, 0.25, 0.9)
"""A share cannot double: 99.8 per cent becomes 49.9, 74.8, 24.9 per cent."""
_SHARE = re.compile(r"%|per ?cent", re.I)


def distractors(answer: str, kind: str, quote: str, wanted: int) -> list[str]:
    """Up to `wanted` wrong options, in a fixed order."""
    found: list[str] = []
    for candidate in _candidates(answer, kind):
        if len(found) == wanted:
            break
        if candidate != answer and candidate not in quote and candidate not in found:
            found.append(candidate)
    return found


def _candidates(answer: str, kind: str) -> list[str]:
    if kind in _YEAR_SHIFTS:
        years = list(_YEAR_OF[kind].finditer(answer) if kind in _YEAR_OF else _YEAR.finditer(answer))
        if len(years) != 1:
            return []
        m = years[0]
        return [
            f"{answer[: m.start()]}{int(m.group()) + shift}{answer[m.end() :]}"
            for shift in _YEAR_SHIFTS[kind]
        ]
    numbers = list(_NUMBER.finditer(answer))
    if len(numbers) != 1:
        return []
    m = numbers[0]
    factors = _SHARE_FACTORS if _SHARE.search(answer) else _FACTORS
    return [f"{answer[: m.start()]}{_scaled(m.group(), factor)}{answer[m.end() :]}" for factor in factors]


def _scaled(number: str, factor: float) -> str:
    """`number` times `factor`, written as `number` is: the same decimals, grouping and minus sign."""
    minus = number[0] in "−-"
    digits = number.lstrip("−-").replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = float(digits) * factor
    if (not decimals and not float(round(value))) or (decimals and round(value, decimals) == 0):
        decimals += 1
    text = f"{value:,.{decimals}f}" if "," in number else f"{value:.{decimals}f}"
    return (number[0] if minus else "") + text
