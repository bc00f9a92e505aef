"""docs/item-writing.md names the test that holds each rule: every test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

UNIT = Path(__file__).parent
DOC = UNIT.parents[1] / "docs" / "item-writing.md"


def test_every_test_the_item_writing_rules_name_exists():
    text = DOC.read_text(encoding="utf-8")
    named = re.findall(r"`(test_\w+\.py)(?:::(\w+))?", text)
    assert named
    missing = [
        f"{file}::{name}"
        for file, name in named
        if not (UNIT / file).exists()
        or (name and f"def {name}(" not in (UNIT / file).read_text(encoding="utf-8"))
    ]
    assert missing == []
