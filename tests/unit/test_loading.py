"""Loading banks: every kind of bad input is one FILE:LINE:COLUMN line and exit 1, never a traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_validation import explained  # tests/unit is on sys.path, as for every test module

from trainer.bank.files import MAX_BYTES
from trainer.bank.loading import load_bank, load_banks
from trainer.bank.positions import TomlPositions
from trainer.bank.problems import BankError, Problem
from trainer.bank.validation import validate
from trainer.cli import main
from trainer.commands.schema import bank_schema
from trainer.paths import bundled_banks

GOOD = """\
id = "tiny"
title = "Tiny"

[[sources]]
id = "src"
title = "A source"
reference = "https://example.org"
text_file = "source.txt"

[[facts]]
id = "one"
statement = "One is a number."
quote = "[1] One is a number."
source = "src"
citations = ["[1]"]
"""
LINE = re.compile(
    r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+)$", re.M
)


def bank_file(folder: Path, content: str | bytes = GOOD, source: str = "[1] One is a number.\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(source, encoding="utf-8")
    path = folder / "bank.toml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def typo(old, new):
    return GOOD.replace(old, new, 1)


def sparse_50mb(path: Path) -> None:
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: no disk used, and the loader must not read it


GARBAGE = [
    # (name, make the bank file at path, expected line, words of the message)
    (
        "not-utf8",
        lambda p: p.write_bytes(GOOD.replace('"Tiny"', '"Ti\xffny"').encode("latin-1")),
        2,
        "not UTF-8",
    ),
    ("bom", lambda p: p.write_bytes(b"\xef\xbb\xbf" + GOOD.encode()), 1, "byte order mark"),
    ("empty", lambda p: p.write_bytes(b""), 1, "the file is empty"),
    ("blank", lambda p: p.write_bytes(b"\n  \n\t\n"), 1, "the file is empty"),
    ("syntax", lambda p: p.write_text(typo('title = "Tiny"', 'title = "Tiny')), 2, "TOML syntax"),
    ("duplicate-key", lambda p: p.write_text(GOOD + 'id = "again"\n'), 16, "TOML syntax: duplicate key"),
    (
        "wrong-type",
        lambda p: p.write_text(typo('title = "Tiny"', "title = 3")),
        2,
        'expected text: write it in quotes, "3"',
    ),
    (
        "wrong-type-list",
        lambda p: p.write_text(typo('citations = ["[1]"]', 'citations = "[1]"')),
        15,
        "valid list",
    ),
    (
        "typo",
        lambda p: p.write_text(typo("quote =", "qoute =")),
        13,
        "unknown key `qoute` (did you mean `quote`?)",
    ),
    (
        "missing-key",
        lambda p: p.write_text(typo('statement = "One is a number."\n', "")),
        10,
        "missing required key `statement`",
    ),
    ("no-sources", lambda p: p.write_text('id = "tiny"\ntitle = "T"\n'), 1, "missing required key `sources`"),
    (
        "missing-source",
        lambda p: p.write_text(typo('"source.txt"', '"gone.txt"')),
        8,
        "text_file 'gone.txt': no such file",
    ),
    (
        "escape",
        lambda p: p.write_text(typo('"source.txt"', '"../../etc/passwd"')),
        8,
        "leads out of the bank's folder",
    ),
    ("absolute", lambda p: p.write_text(typo('"source.txt"', '"/etc/passwd"')), 8, "not an absolute path"),
    ("nul", lambda p: p.write_text(typo('"source.txt"', '"so\\u0000urce.txt"')), 8, "not a usable path"),
    ("huge", sparse_50mb, 1, "file too large (50 MB; the limit is 32 MB)"),
    ("missing", lambda p: None, 1, "no such file"),
    (
        "bool",
        lambda p: p.write_text(typo('title = "Tiny"', "title = true")),
        2,
        'expected text: write it in quotes, "true"',
    ),
    (
        "datetime",
        lambda p: p.write_text(typo('title = "Tiny"', "title = 2018-02-07T10:00:00")),
        2,
        '"2018-02-07T10:00:00"',
    ),
    (
        "bad-date",
        lambda p: p.write_text(GOOD + "when = { date = 2018-02-07 }\n"),
        16,
        'write it in quotes, "2018-02-07"',
    ),
    ("bad-id", lambda p: p.write_text(typo('id = "one"', 'id = "One Two"')), 11, "not a valid id"),
    ("bad-marker", lambda p: p.write_text(typo('["[1]"]', '["1"]')), 15, "not a citation marker"),
    ("deep", lambda p: p.write_text("a = " + "[" * 20000 + "]" * 20000), 1, "nested more than 100 deep"),
    ("deep-unclosed", lambda p: p.write_text("a = " + "[{a=" * 5000), 1, "nested more than 100 deep"),
    ("deep-keys", lambda p: p.write_text(GOOD + ".".join(["a"] * 5000) + " = 1\n"), 1, "unknown key `a`"),
    ("newer-format", lambda p: p.write_text("format = 2\n" + GOOD), 1, "unknown bank format 2"),
]


def make(tmp_path: Path, build) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "source.txt").write_text("[1] One is a number.\n", encoding="utf-8")
    path = folder / "bank.toml"
    build(path)
    return path


@pytest.mark.parametrize(("name", "build", "line", "words"), GARBAGE, ids=[g[0] for g in GARBAGE])
def test_garbage_is_one_line_and_exit_1(tmp_path, capsys, name, build, line, words):
    path = make(tmp_path, build)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    problems = list(LINE.finditer(out))
    assert len(problems) == 1, out
    found = problems[0]
    assert found["file"] == str(path) or Path(found["file"]).resolve() == path.resolve()
    assert (int(found["line"]), found["sev"]) == (line, "error")
    assert words in found["msg"], out
    assert out.rstrip().splitlines()[-1].endswith("not loaded, 1 error, 0 warnings")


def test_brackets_inside_strings_are_no_nesting(tmp_path):
    path = bank_file(tmp_path / "s", GOOD.replace('"A source"', '"' + "[" * 500 + '"'))
    assert load_bank(path).bank.sources[0].title == "[" * 500


def test_special_files_are_refused_unopened(tmp_path):
    fifo = tmp_path / "bank.toml"
    os.mkfifo(fifo)  # opening it would block
    with pytest.raises(BankError, match="not a regular file"):
        load_bank(fifo)


@pytest.mark.parametrize(("name", "build", "line", "words"), GARBAGE, ids=[g[0] for g in GARBAGE])
def test_every_loading_message_is_explained_in_the_authoring_guide(tmp_path, name, build, line, words):
    with pytest.raises(BankError) as caught:
        load_bank(make(tmp_path, build))
    assert [p.message for p in caught.value.problems if not explained(p.message)] == []


def test_symlink_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    path = bank_file(tmp_path / "bank")
    (tmp_path / "bank" / "source.txt").unlink()
    (tmp_path / "bank" / "source.txt").symlink_to(outside)
    with pytest.raises(BankError) as caught:
        load_bank(path)
    [problem] = caught.value.problems
    assert "leads out of the bank's folder" in problem.message and problem.key_path == "sources[0].text_file"


def test_symlink_loop_is_refused(tmp_path):
    path = bank_file(tmp_path / "bank")
    (tmp_path / "bank" / "source.txt").unlink()
    (tmp_path / "bank" / "source.txt").symlink_to(tmp_path / "bank" / "source.txt")
    with pytest.raises(BankError, match=r"text_file 'source.txt' is not a usable path \(Symlink loop"):
        load_bank(path)


def test_symlink_inside_the_folder_and_subfolders_are_fine(tmp_path):
    folder = tmp_path / "bank"
    path = bank_file(folder, typo('"source.txt"', '"texts/../texts/link.txt"'))
    (folder / "texts").mkdir()
    (folder / "texts" / "link.txt").symlink_to(folder / "source.txt")
    assert load_bank(path).source_texts == {"src": "[1] One is a number.\n"}


def test_source_text_errors(tmp_path):
    path = bank_file(tmp_path / "a")
    (tmp_path / "a" / "source.txt").write_bytes(b"ok\n\xfe")
    message = (
        r"bank.toml:8:13: error: text_file 'source.txt': not UTF-8 text \(byte 0xfe at line 2, column 1\)"
    )
    with pytest.raises(BankError, match=message):
        load_bank(path)
    (tmp_path / "a" / "source.txt").write_bytes(b"\xef\xbb\xbf[1] One is a number.")
    assert load_bank(path).source_texts["src"] == "[1] One is a number."  # a BOM in plain text is dropped


def test_a_folder_is_not_a_bank_file(tmp_path):
    with pytest.raises(BankError, match="is a folder, not a file"):
        load_bank(tmp_path)


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = make(tmp_path, sparse_50mb)
    monkeypatch.setattr("builtins.open", _no_read_open(open))
    with pytest.raises(BankError, match="file too large"):
        load_bank(path)


def _no_read_open(real_open):
    def guarded(*args, **kwargs):
        f = real_open(*args, **kwargs)
        f.read = lambda *a: pytest.fail("read a file that is too large")  # type: ignore[method-assign]
        return f

    return guarded


def test_a_file_at_the_limit_is_read(tmp_path):
    path = bank_file(tmp_path / "b", GOOD + "#" * (MAX_BYTES - len(GOOD)))
    assert os.path.getsize(path) == MAX_BYTES
    assert load_bank(path).id == "tiny"


def test_union_items_report_only_the_form_written(tmp_path):
    seq = '\n[[sequences]]\nid = "s"\nprompt = "p"\nitems = ["a", { txt = "b" }, 3, "d"]\n'
    with pytest.raises(BankError) as caught:
        load_bank(bank_file(tmp_path / "c", GOOD + seq))
    assert [(p.line, p.key_path, p.message) for p in caught.value.problems] == [
        (20, "sequences[0].items[1].txt", "unknown key `txt` (did you mean `text`?)"),
        (20, "sequences[0].items[2]", 'expected text: write it in quotes, "3"'),
    ]
    assert [p.column for p in caught.value.problems] == [17, 30]


def test_a_missing_key_without_a_near_miss_is_reported(tmp_path):
    seq = '\n[[sequences]]\nid = "s"\nprompt = "p"\nitems = ["a", { fact = "one" }, "c"]\n'
    with pytest.raises(BankError) as caught:
        load_bank(bank_file(tmp_path / "c", GOOD + seq))
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (20, 15, "missing required key `text`")
    ]


def test_unknown_key_without_close_match_lists_known_keys(tmp_path):
    with pytest.raises(BankError) as caught:
        load_bank(bank_file(tmp_path / "d", typo("[[facts]]", "[settings]\nzzz = 1\n\n[[facts]]")))
    [problem] = caught.value.problems
    assert problem.message.startswith("unknown key `zzz`; known keys: distractors, ordering_rule")
    assert (problem.line, problem.column) == (11, 1)


def test_load_banks_collects_the_problems_of_all(tmp_path):
    good = bank_file(tmp_path / "good")
    bad1 = bank_file(tmp_path / "bad1", typo("quote =", "qoute ="))
    bad2 = bank_file(tmp_path / "bad2", b"")
    assert [b.id for b in load_banks([str(good), str(tmp_path / "good")])] == ["tiny"]  # one file, once
    with pytest.raises(BankError) as caught:
        load_banks([str(bad1), str(good), str(bad2)])
    assert {Path(p.file).parent.name for p in caught.value.problems} == {"bad1", "bad2"}


def test_an_unknown_bank_name_lists_the_bundled_ones(capsys):
    assert main(["validate", "no-such-bank"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        "no-such-bank:1:1: error: no bundled bank or file named 'no-such-bank' (bundled banks: "
    )
    assert "khasham" in out.splitlines()[0]


def test_banks_studied_together_need_ids_of_their_own(tmp_path, capsys):
    first, second = bank_file(tmp_path / "first"), bank_file(tmp_path / "second")
    with pytest.raises(BankError) as caught:
        load_banks([str(first), str(second)])
    [problem] = caught.value.problems
    assert (Path(problem.file).parent.name, problem.line, problem.column) == ("second", 1, 6)
    assert problem.message.startswith("bank id `tiny` is also the id of ") and "first" in problem.message
    assert explained(problem.message)
    assert main(["validate", str(first), str(second)]) == 1
    assert "bank id `tiny` is also the id of" in capsys.readouterr().out


def test_load_banks_without_names_loads_every_bundled_bank():
    assert [b.path for b in load_banks([])] == list(bundled_banks().values())


def test_positions():
    text = 'a = 1\n[t]\nb = "x"\n[[arr]]\nc = { d = [1,\n  2] }\n[[arr]]\ne = """multi\nline"""\n'
    positions = TomlPositions(text)
    assert positions.find(("a",)) == (1, 5)
    assert positions.find(("a",), key=True) == (1, 1)
    assert positions.find(("t",)) == (3, 1)  # a [header] table: its first key
    assert positions.find(("t", "b")) == (3, 5)
    assert positions.find(("arr", 0)) == (4, 1)
    assert positions.find(("arr", 0, "c", "d", 1)) == (6, 3)
    assert positions.find(("arr", 1, "e")) == (8, 5)
    assert positions.find(("arr", 1, "missing")) == (7, 1)  # the table that lacks it
    assert positions.find(("arr", 5, "c")) == (4, 3)  # the key `arr` of `[[arr]]`
    assert positions.find(("nothing", 0)) == (1, 1)
    assert TomlPositions("a = [").find(("a",)) == (1, 1)


def test_problem_text_and_json():
    problem = Problem("b.toml", 3, 7, "error", "bad", "facts[3].quote")
    assert str(problem) == "b.toml:3:7: error: bad (facts[3].quote)"
    assert str(Problem("b.toml", 1, 1, "warning", "hm")) == "b.toml:1:1: warning: hm"
    assert problem.to_json() == {
        "file": "b.toml",
        "line": 3,
        "column": 7,
        "severity": "error",
        "message": "bad",
        "key_path": "facts[3].quote",
    }


# --- the command --------------------------------------------------------------------------------------


def test_validate_clean_bank_prints_a_summary(tmp_path, capsys):
    path = bank_file(tmp_path / "ok")
    assert main(["validate", str(path), "--strict"]) == 0
    assert capsys.readouterr().out.endswith("): 1 facts, 0 errors, 0 warnings\n")


def test_warnings_fail_only_with_strict(tmp_path, capsys):
    path = bank_file(tmp_path / "w", typo('citations = ["[1]"]', "citations = []"))
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert ":15:13: warning: [1] stands with the quoted passage" in out and "0 errors, 1 warning" in out
    assert main(["validate", str(path), "--strict"]) == 1


def test_validate_json(tmp_path, capsys):
    good = bank_file(tmp_path / "ok")
    bad = bank_file(tmp_path / "bad", typo("quote =", "qoute ="))
    assert main(["validate", str(good), str(bad), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert (out["errors"], out["warnings"]) == (1, 0)
    [problem] = out["problems"]
    assert (
        problem["line"] == 13 and problem["severity"] == "error" and problem["key_path"] == "facts[0].qoute"
    )
    assert [(b["id"], b["facts"], b["errors"]) for b in out["banks"]] == [("tiny", 1, 0), (None, None, 1)]


def test_problems_are_sorted_by_file_then_line(tmp_path, capsys):
    b = bank_file(tmp_path / "b", typo("quote =", "qoute =").replace('title = "Tiny"', "title = 3"))
    a = bank_file(tmp_path / "a", b"\xff")
    assert main(["validate", str(b), str(a)]) == 1
    lines = list(LINE.finditer(capsys.readouterr().out))
    assert [(Path(m["file"]).parent.name, int(m["line"])) for m in lines] == [("a", 1), ("b", 2), ("b", 13)]


def test_validate_usage_error_is_exit_2(capsys):
    assert main(["validate"]) == 2
    assert "usage: trainer validate" in capsys.readouterr().err


def test_real_process_reports_garbage_without_traceback(tmp_path):
    path = make(tmp_path, lambda p: p.write_text(typo("quote =", "qoute =")))
    huge = make(tmp_path / "x", sparse_50mb) if (tmp_path / "x").mkdir() is None else None
    run = subprocess.run(
        [sys.executable, "-m", "trainer", "validate", str(path), str(huge)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert "13:1: error: unknown key `qoute` (did you mean `quote`?) (facts[0].qoute)" in run.stdout
    assert "1:1: error: file too large" in run.stdout


def test_schema_command(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == bank_schema()
    assert schema["$schema"].startswith("https://json-schema.org/") and schema["title"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"id", "title", "sources"}


def test_schema_knows_every_key_of_the_bundled_bank():
    """Every key a real bank uses is described by the schema (with a description a language server can
    show), so an editor checking against it accepts the bank; and no table allows unknown keys."""
    import toml_rs

    schema = bank_schema()
    defs = schema["$defs"]

    def resolve(node):
        if "$ref" in node:
            return defs[node["$ref"].rsplit("/", 1)[-1]]
        for branch in node.get("anyOf", []):
            if "$ref" in branch or branch.get("type") in ("object", "array"):
                return resolve(branch)
        return node

    def walk(value, node, where):
        node = resolve(node)
        if isinstance(value, dict):
            assert node.get("additionalProperties") is False, where
            for key, inner in value.items():
                assert key in node["properties"], f"{where}.{key}"
                assert node["properties"][key].get("description"), f"{where}.{key}"
                walk(inner, node["properties"][key], f"{where}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, node["items"], f"{where}[]")

    for path in bundled_banks().values():
        walk(toml_rs.loads(path.read_text(encoding="utf-8")), schema, path.parent.name)


# --- any bytes at all -----------------------------------------------------------------------------------

KHASHAM = bundled_banks()["khasham"]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 40), st.binary(max_size=12)),
        min_size=1,
        max_size=4,
    )
)
def test_a_damaged_bank_is_problems_never_a_crash(tmp_path, edits):
    """Bytes cut out and spliced in anywhere: loading and validating give problems or a bank, nothing else."""
    data = bytearray(KHASHAM.read_bytes())
    for where, cut, insert in edits:
        i = int(where * len(data))
        data[i : i + cut] = insert
    folder = tmp_path / "damaged"
    folder.mkdir(exist_ok=True)
    (folder / "khasham.txt").write_bytes((KHASHAM.parent / "khasham.txt").read_bytes())
    (folder / "bank.toml").write_bytes(bytes(data))
    try:
        problems = validate(load_bank(folder / "bank.toml"))
    except BankError as exc:
        problems = exc.problems
    for problem in problems:
        assert re.match(r"^.+:\d+:\d+: (error|warning): .+", str(problem))
