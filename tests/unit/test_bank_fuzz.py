"""Bank loading under arbitrary input (issue 12): any bytes, any text, any value in place of any value of a
good bank give a `LoadedBank` or a `BankError`, never another exception; a bank that loads validates,
generates and previews without raising, and its preview holds no raw control character."""

from __future__ import annotations

import tomllib
from pathlib import Path

import tomli_w
from factories import replaced, value_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_loading import GOOD, bank_file

from trainer.bank.cache import BankCache
from trainer.bank.loaded import LoadedBank
from trainer.bank.loading import load_bank
from trainer.bank.problems import BankError
from trainer.bank.validation import validate
from trainer.commands.questions import preview
from trainer.questions.generate import generate
from trainer.sanitize import is_clean, visible

# The profile's count (tests/conftest.py), at most 100: each example loads and validates a whole bank.
FUZZ = settings(
    max_examples=min(settings.default.max_examples, 100),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def load_or_refuse(path: Path, cache: BankCache | None = None) -> LoadedBank | None:
    try:
        loaded = load_bank(path, cache)
    except BankError as error:
        assert error.problems and all(p.file and p.line >= 1 and p.column >= 1 for p in error.problems)
        return None
    validate(loaded)
    for n, question in enumerate(generate(loaded), 1):
        assert is_clean(visible(preview(n, question), multiline=True), multiline=True)
    return loaded


@FUZZ
@given(data=st.binary(max_size=400))
def test_any_bytes(tmp_path, data):
    path = bank_file(tmp_path / "bytes")
    path.write_bytes(data)
    load_or_refuse(path)


@FUZZ
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text(tmp_path, text):
    path = bank_file(tmp_path / "text")
    path.write_text(text, encoding="utf-8")
    load_or_refuse(path)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(GOOD)), junk=st.text(max_size=20))
def test_a_good_bank_cut_short_or_spliced(tmp_path, cut, junk):
    path = bank_file(tmp_path / "cut")
    path.write_text(GOOD[:cut] + junk + GOOD[cut:][: len(GOOD) // 3], encoding="utf-8", errors="replace")
    load_or_refuse(path)


_GOOD_DATA = tomllib.loads(GOOD)
_HOSTILE_TEXT = st.sampled_from(
    [
        "\x1b]52;c;cm0gLXJmIH4K\x1b\\",
        "\x1b]2;owned\x07",
        "\x1b[2J",
        "\x00",
        "\x9b",
        "\u202e",
        "[/]",
        "[@click=app.quit]x",
    ]
)
_values = st.recursive(
    st.none().map(lambda _: "")
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats()
    | st.text(max_size=12)
    | _HOSTILE_TEXT
    | st.dates()
    | st.datetimes(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)


@FUZZ
@given(where=st.sampled_from(value_paths(_GOOD_DATA)), value=_values)
def test_any_value_anywhere(tmp_path, where, value):
    path = bank_file(tmp_path / "value")
    path.write_text(tomli_w.dumps(replaced(_GOOD_DATA, where, value)), encoding="utf-8")
    cache = BankCache(tmp_path / "cache", tmp_path / "data" / "key")
    fresh = load_or_refuse(path, cache)
    cached = load_or_refuse(path, cache)  # from the cache when it loaded: the same outcome
    assert (fresh is None) == (cached is None)
