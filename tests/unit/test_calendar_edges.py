"""Dates at the ends of the calendar (issue 12): `when` of 9999-12-31 23:59, and 9999 or 0001 approximate,
and a 2,000-fact `after` chain, through every command that reads a bank, as a learner runs them."""

from __future__ import annotations

from pathlib import Path

import in_process
import pytest
import tomli_w

EDGES = [
    {"date": "9999-12-31", "time": "23:59"},
    {"date": "9999-12-31", "time": "23:59", "approximate": True},
    {"date": "9999", "approximate": True},
    {"date": "0001", "approximate": True},
    {"date": "0001-01-01", "time": "00:00", "approximate": True},
    {"date": "4th millennium BC"},
    {"date": "after 9999"},
    {"date": "before 0001"},
]


def edge_bank(folder: Path) -> Path:
    facts = []
    for i, when in enumerate(EDGES):
        text = f"Witness {chr(65 + i)} spoke at the edge of time."
        facts.append({"id": f"edge-{i}", "statement": text, "quote": text, "source": "s", "when": when})
        facts[-1] |= {"question": "Who spoke?", "answer": f"Witness {chr(65 + i)}", "answer_kind": "person"}
    table = {"id": "edges", "title": "Edges", "sources": [{"id": "s", "title": "S", "reference": "r"}]}
    path = folder / "bank.toml"
    path.write_text(tomli_w.dumps({**table, "facts": facts}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["questions"],
        ["questions", "--json"],
        ["study", "--plain", "--now", "2026-03-02T09:00:00"],
    ],
)
def test_calendar_edges_reach_no_overflow(tmp_path, command):
    bank = edge_bank(tmp_path)
    extra = ["--progress", str(tmp_path / "p.toml")] if command[0] == "study" else []
    result = in_process.run(command[0], str(bank), *command[1:], *extra)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
