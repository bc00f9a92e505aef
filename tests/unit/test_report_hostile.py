"""`trainer report` over hostile and damaged exports: a bad export is skipped by name with its reason, the
report is made from the others, nothing divides by zero, and no control character reaches the output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from factories import replaced, value_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_report import NOW, V1, day_of, export, item

from trainer.cli import main
from trainer.export.report import ExportError, build_report, load_export, render_csv, render_markdown
from trainer.sanitize import is_clean

GOOD = export("Ann", [item("f1", 2, 1, stability=5, days_ago=2)], [("2026-03-10", 2, 1)], V1)


def with_item(**changes: object) -> dict:
    return {**GOOD, "items": [{**GOOD["items"][0], **changes}]}


def text(document: object) -> bytes:
    return json.dumps(document).encode()


# Each: the bytes of a bad export, and what the message about it says.
BAD = {
    "deep": (b"[" * 100_000 + b"]" * 100_000, "nested deeper than any export"),
    "deep-in-a-key": (text({**GOOD, "x": 0}).replace(b'"x": 0', b'"x": ' + b"[" * 50_000 + b"]" * 50_000), "nested"),
    "huge-int": (text(with_item(reviews=0)).replace(b'"reviews": 0', b'"reviews": ' + b"9" * 5000), "not JSON"),
    "big-count": (text(with_item(reviews=10**13, correct=1)), "items[0].reviews"),
    "stability-zero": (text(with_item(stability=0)), "items[0].stability"),
    "stability-negative": (text(with_item(stability=-1.0)), "items[0].stability"),
    "stability-nan": (text(with_item(stability=0)).replace(b'"stability": 0', b'"stability": NaN'), "NaN"),
    "stability-inf": (text(with_item(stability=0)).replace(b'"stability": 0', b'"stability": 1e999'), "stability"),
    "infinity": (text(with_item(difficulty=0)).replace(b'"difficulty": 0', b'"difficulty": -Infinity'), "Infinity"),
    "difficulty-out": (text(with_item(difficulty=11.0)), "items[0].difficulty"),
    "more-right-than-answered": (text(with_item(reviews=1, correct=125)), "correct (125) is more than reviews (1)"),
    "day-more-right": (text({**GOOD, "days": [{"date": "2026-03-10", "reviews": 1, "correct": 2}]}), "days[0]"),
    "negative": (text(with_item(reviews=-3)), "items[0].reviews"),
    "surrogate": (text(with_item(statement="x")).replace(b'"statement": "x"', b'"statement": "\\ud800"'), "lone surrogate"),
    "surrogate-key": (text({**GOOD, "x": 1}).replace(b'"x"', b'"\\udfff"'), "lone surrogate"),
    "wrong-type": (text(with_item(citations="[1]")), "items[0].citations"),
    "items-not-a-list": (text({**GOOD, "items": {"a": 1}}), "items"),
    "end-of-time": (text(with_item(due="9999-12-31T23:59:59-01:00")), "end of the calendar"),
    "start-of-time": (text({**GOOD, "exported_at": "0001-01-01T00:00:00+01:00"}), "end of the calendar"),
    "not-utf8": (b'{"schema": "\xff"}', "not UTF-8"),
    "a-list": (b"[1, 2]", "not a trainer export"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_export_is_skipped_by_name_and_the_others_still_report(tmp_path, capsys, name):
    data, reason = BAD[name]
    good, bad = tmp_path / "ann.json", tmp_path / "bob.json"
    good.write_bytes(text(GOOD))
    bad.write_bytes(data)
    out = tmp_path / "class.md"
    status = main(["report", str(good), str(bad), "-o", str(out), "--now", "2026-03-10T12:00Z"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert f"skipped {bad}: " in err and reason in err and "Traceback" not in err
    skip, wrote = err.splitlines()  # one line for the file and why, one for what was written
    assert skip.startswith("trainer report: skipped") and wrote.startswith(f"wrote {out}: 1 learner")
    report = out.read_text()
    assert "| Ann |" in report and "nan" not in report.lower()


def test_no_usable_export_is_a_clear_error_and_nothing_is_written(tmp_path, capsys):
    bad = tmp_path / "bob.json"
    bad.write_bytes(BAD["stability-zero"][0])
    out = tmp_path / "class.md"
    assert main(["report", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "skipped" in err and "no usable export to report on; nothing written" in err
    assert not out.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_device_is_refused_unread(tmp_path):
    fifo = tmp_path / "bob.json"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="not a regular file"):
        load_export(fifo)  # would block forever if opened
    with pytest.raises(ExportError, match="not a regular file"):
        load_export(Path("/dev/zero"))


HOSTILE = "\x1b]52;c;cm0gLXJmIH4K\x1b\\ \x1b]2;owned\x07 \x1b[2J \x00 \x9b \u202e [/] [@click=app.quit]x \x7f"


@pytest.mark.parametrize("form", ["markdown", "csv"])
def test_no_control_character_from_an_export_reaches_the_report(tmp_path, capsys, form):
    hostile = export(
        HOSTILE,
        [item("f1", 2, 1, statement=f"Statement {HOSTILE}", cites=(HOSTILE,))],
        [("2026-03-10", 2, 1)],
        V1,
    )
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile))
    out = tmp_path / "class.out"
    assert main(["report", str(path), "--format", form, "-o", str(out), "--now", "2026-03-10T12:00Z"]) == 0
    assert main(["report", str(path), "--format", form, "--now", "2026-03-10T12:00Z"]) == 0
    for shown in (out.read_text(encoding="utf-8-sig"), capsys.readouterr().out):
        assert "\u241b" in shown and "52;c;" in shown  # shown, as its picture
        lines = shown.replace("\r\n", "\n")
        assert is_clean(lines, multiline=True), repr(lines)


# Fuzz: anything JSON can hold, in place of any value of a good export, is used or skipped, never a crash.
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["2026-03-10T09:00:00+00:00", "9999-12-31T23:59:59-12:00", "0001-01-01", "review"])
)
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=6)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(value_paths(GOOD)), value=_values)
def test_any_value_anywhere_is_used_or_skipped(tmp_path, where, value):
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(replaced(GOOD, where, value)), encoding="utf-8", errors="surrogatepass")
    try:
        loaded = load_export(path)
    except ExportError as e:
        assert str(e).startswith(f"{path}: ")
        return
    report = build_report([(path, loaded)], NOW, day_of=day_of)
    for rendered in (render_csv(report), render_markdown(report)):
        shown = rendered.decode("utf-8-sig").replace("\r\n", "\n")
        assert is_clean(shown, multiline=True) and "nan" not in shown.lower()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_are_used_or_skipped(tmp_path, data):
    path = tmp_path / "fuzz.json"
    path.write_bytes(data)
    with pytest.raises(ExportError):
        load_export(path)  # no such bytes are an export
