"""Fuzzing progress loading: whatever bytes a progress file holds, opening it gives a store or a
`ProgressError`, never another exception, and never changes a byte of it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_progress_store import review

from trainer.progress import mainfile, toml_tables
from trainer.progress.errors import ProgressError
from trainer.progress.store import ProgressStore


def _valid_file() -> bytes:
    reviews = [review(i, fact=f"f{i % 3}") for i in range(4)]
    items: dict = {}
    for r in reviews[:2]:
        toml_tables.apply(items, r)
    contents = mainfile.Contents(learner="Ann", history_parts=0, items=items)
    head = mainfile.render(contents, Path("progress.toml"))
    return head + "".join(toml_tables.format_review(r) for r in reviews[2:]).encode()


VALID = _valid_file()
PIECES = st.sampled_from(
    [
        b"[", b"]", b"{", b"}", b'"', b"'", b'"""', b"#", b"\\", b"\n", b"\r", b"\x00", b"=", b",", b" ",
        b"[[item]]\n", b"[[review]]\n", b"# end\n", b"nan", b"inf", b"-inf", b"-1", b"0.0", b"1e999",
        b"9999-12-31T23:59:59Z", b"0001-01-01T00:00:00Z", b"2024-02-30T00:00:00Z", b"99999999999999999999",
        b"schema = 1\n", b"schema = 2\n", b"history_parts = 7\n", b"card = {}", b"after = 3", b"\xff\xfe",
        b"a.b.c.d = 1\n", b"[" * 200, b"\xed\xa0\x80",
    ]
)  # fmt: skip


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """The valid file with a few slices replaced by pieces of TOML, bad values and bad bytes."""
    data = VALID
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 40)))
        data = data[:start] + b"".join(draw(st.lists(PIECES, max_size=4))) + data[end:]
    return data


def _open(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.toml"
        path.write_bytes(data)
        try:
            store = ProgressStore.open(path)
            store.reviews()
        except ProgressError as error:
            assert str(error)
        assert path.read_bytes() == data
        assert sorted(p.name for p in Path(folder).iterdir()) == ["progress.toml"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_progress_file_opens_or_is_refused(data: bytes) -> None:
    _open(data)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))
    )
)
def test_any_bytes_open_or_are_refused(data: bytes) -> None:
    _open(b"schema = 1\n" + data if data[:1] == b"#" else data)
