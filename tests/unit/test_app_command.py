"""`trainer` / `trainer app`: bad options are refused before Textual is even imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = """
import sys
from trainer.cli import main
code = main(sys.argv[1:])
print(code, "textual" in sys.modules)
"""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--now", "yesterday"], "--now: 'yesterday' is not an ISO 8601 date-time"),
        (["study", "--limit", "0"], "--limit: must be 1 or more, not 0"),
        (["app", "--new", "-1"], "--new: must be 0 or more, not -1"),
    ],
)
def test_bad_options_exit_2_without_textual(args: list[str], message: str) -> None:
    run = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["2", "False"]
    assert message in run.stderr
    assert "Traceback" not in run.stderr
