"""What a source's `marker_pattern` may be: a regular expression that cannot backtrack catastrophically.

Python's `re` backtracks, so a pattern like `(a+)+$` takes time exponential in the text it is tried on, and a
bank could hang `trainer validate` (and every study session) with one line. A citation marker is short and
simple (`[38]`, `[a]`, `^12`), so the few constructs that cause exponential backtracking are refused, each
with the rule it breaks: a repetition inside a repetition, a choice (`|`) inside a repetition, and
backreferences. Checked on the pattern's parse tree, as `re` itself reads it.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}

NESTED = "repeats a part that itself repeats (as in `(a+)+`), which can take exponential time to match"
CHOICE = "repeats a choice `|` (as in `(a|ab)*`), which can take exponential time; use a character class"
BACKREFERENCE = "uses a backreference (as in `(a)\\1`), which can take exponential time to match"


def marker_pattern_problem(pattern: str) -> str | None:
    """Why `pattern` may not be a marker pattern (a valid regular expression assumed), or None."""
    try:
        parsed = _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None  # compiling it says what is wrong
    return _problem(list(parsed), repeated=False)


def _problem(items: list[tuple[Any, Any]], repeated: bool) -> str | None:
    for op, av in items:
        inner: list[list[tuple[Any, Any]]] = []
        inside_repeat = repeated
        if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            return BACKREFERENCE
        if op in _REPEATS:
            _low, high, sub = av
            if high > 1:
                if repeated:
                    return NESTED
                inside_repeat = True
            inner = [list(sub)]
        elif op is sre.BRANCH:
            if repeated:
                return CHOICE
            inner = [list(branch) for branch in av[1]]
        elif op is sre.SUBPATTERN:
            inner = [list(av[-1])]
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            inner = [list(av[1])]
        elif op is sre.ATOMIC_GROUP:
            inner = [list(av)]
        for sub_items in inner:
            if problem := _problem(sub_items, inside_repeat):
                return problem
    return None
