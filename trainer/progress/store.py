"""`ProgressStore`: the learner's progress file, durable after every answer and safe to share.

Each answer is one journal entry appended with one write and fsync'ed before `record` returns. Writers take
an exclusive lock on `PATH.lock` per write and first catch up with whatever another process appended (or
reload, if it compacted), so two programs studying from one file merge their answers. Compaction moves the
journal into a history part and rewrites the snapshot atomically (refreshing `PATH.bak`); it runs when the
journal reaches `journal_limit` entries, and at `close()` from `close_compact` entries. The one `record` starts
runs in a forked child (for a snapshot of `background_from` items or more), so no answer waits for it: the
child writes the new files aside, and the store puts them in place at a later write or at `close()`, only if
the file still holds what the child was given (see `_Compaction`).

Undo cuts the file back to before this process's last entry when nothing follows it; otherwise (another
writer appended after it, or compacted it away) it compacts without that answer.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import chain
from pathlib import Path

from trainer.progress import background, history, mainfile, restore, toml_tables
from trainer.progress.errors import ProgressError, backup_path
from trainer.progress.fileio import (
    WriteLock,
    atomic_write,
    make_dirs,
    put_in_place,
    remove_temp_files,
    stage,
    sync_data,
    sync_dir,
    temp_name,
)
from trainer.progress.model import Flag, ItemProgress, PersonalParameters, Review
from trainer.progress.tally import Tally, replayed, state_before
from trainer.questions.model import ItemKey
from trainer.readfile import Unusable, check_regular, read_regular

__all__ = ["ProgressError", "ProgressStore"]

JOURNAL_LIMIT = 1000
"""Start-up parses the snapshot and at most this many journal entries (about 0.4 MB)."""
CLOSE_COMPACT = 250
BACKGROUND_FROM = 1000
"""Items from which `record` compacts in a forked child; a smaller snapshot is written sooner than a fork."""
_RESULT = struct.Struct("<QQ?")
"""What a compaction's child reports: the staged snapshot's length and newlines, and if it staged a `.bak`."""


@dataclass
class _Recorded:
    """One answer this process wrote, and what undoing it needs."""

    review: Review
    before: ItemProgress | None
    state: int
    """The item's state before the answer, as its history line keeps it."""
    after: ItemProgress
    start: int
    end: int
    ident: tuple[int, int] | None
    last_entry: bytes
    lines: int


@dataclass
class _Compaction:
    """A compaction running in a child, of the file as `contents` held it when the child was forked: the
    journal's first `reviews` entries, which end at offset `end` with the bytes `last_entry` (after `lines`
    newlines), go to history part `part`, and the items as they stood then to a new snapshot. The child
    writes the part, the snapshot and the `.bak` copy to temp files (`staged`, in that order) and fsyncs
    them. Until the store renames them into place, under the lock, nothing has changed for any reader."""

    child: background.Child
    contents: mainfile.Contents = field(repr=False)
    end: int
    last_entry: bytes
    reviews: int
    lines: int
    part: int
    staged: tuple[Path, Path, Path]

    def discard(self) -> None:
        for temp in self.staged:
            with suppress(OSError):
                temp.unlink(missing_ok=True)


class ProgressStore:
    def __init__(
        self,
        path: Path,
        contents: mainfile.Contents,
        seen: os.stat_result | None,
        journal_limit: int,
        close_compact: int,
        background_from: int,
    ) -> None:
        self.path = path
        self.items: dict[ItemKey, ItemProgress] = contents.items
        self.learner: str | None = contents.learner
        self.flags: dict[ItemKey, Flag] = contents.flags
        """Questions the learner flagged as wrong, by key."""
        self._contents = contents
        self._ident: tuple[int, int] | None = None
        self._mtime: int | None = None
        if seen is not None:
            self._saw(seen)
        self._journal_limit = journal_limit
        self._close_compact = close_compact
        self._background_from = background_from
        self._compaction: _Compaction | None = None
        self._lock = WriteLock(path)
        self._recorded: list[_Recorded] = []
        self._answered = False
        """Whether `record` was called: a store only read from (statistics, export) never writes."""
        self._archived: tuple[int, Tally] | None = None
        """The tally of the history parts (their count, their answers), once read; kept up to date at compaction."""

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        journal_limit: int = JOURNAL_LIMIT,
        close_compact: int = CLOSE_COMPACT,
        background_from: int = BACKGROUND_FROM,
    ) -> ProgressStore:
        """Load `path` (nothing is created until the first write); `ProgressError` if it cannot be used,
        or if it is missing but its backup or history is there (see `trainer.progress.restore`).

        A symbolic link is resolved here, once: the history, backup, lock and every write are beside the
        file it leads to, and compaction replaces that file, so the link stays a link."""
        path = Path(os.path.realpath(path))
        try:
            data, seen = read_regular(path, mainfile.MAX_BYTES)
        except FileNotFoundError:
            restore.refuse_if_orphaned(path)
            return cls(path, mainfile.Contents(), None, journal_limit, close_compact, background_from)
        except Unusable as error:
            raise ProgressError(path, None, f"cannot read the progress file: {error.reason}") from None
        return cls(path, mainfile.parse(path, data), seen, journal_limit, close_compact, background_from)

    # ---- reading ----

    def reviews(self, since: datetime | None = None) -> list[Review]:
        """The whole history, oldest first; with `since`, only the answers given from then on (which reads
        only the history parts that reach that far). Parts are read here, never at start-up."""
        return list(self.history(since))

    def history(self, since: datetime | None = None) -> Iterator[Review]:
        """`reviews(since)` one history part at a time, so that memory does not grow with the history. Parts
        whose spans overlap (answers merged from two devices with skewed clocks) are read together and sorted."""
        contents = self._contents
        numbers = [
            number
            for number in range(1, contents.history_parts + 1)
            if since is None or (last := history.latest(self.path, number)) is None or last >= since
        ]
        journal = sorted(contents.journal, key=_time)
        if self._in_order(numbers, contents.journal):
            chunks: Iterator[list[Review]] = (
                sorted(history.read_part(self.path, number), key=_time) for number in numbers
            )
        else:
            everything = [review for number in numbers for review in history.read_part(self.path, number)]
            chunks = iter([sorted(everything + journal, key=_time)])
            journal = []
        for chunk in chain(chunks, [journal]):
            yield from chunk if since is None else (review for review in chunk if review.time >= since)

    def _in_order(self, numbers: Iterable[int], journal: list[Review]) -> bool:
        """Whether each part's answers all come before the next part's, and the journal's after them all."""
        latest: datetime | None = None
        for number in numbers:
            span = history.span(self.path, number)
            if span is None:
                return False
            if latest is not None and span[0] < latest:
                return False
            latest = span[1]
        return latest is None or not journal or min(map(_time, journal)) >= latest

    def tally(self) -> Tally | None:
        """The whole history's answers counted per quarter hour (`trainer.progress.tally`): the parts' from
        their heads (a part from before tallies is read whole), the journal's from memory. None where those
        counts could differ from counting the history in time order (an answer older than one archived
        before it, from another device with its clock behind): then count from `history()`."""
        contents = self._contents
        parts = contents.history_parts
        if self._archived is None or self._archived[0] != parts:
            self._archived = (parts, self._read_tally(parts))
        journal = Tally()
        for review, state in zip(contents.journal, contents.before, strict=True):
            journal.add(review, state)
        if not self._in_order(range(1, parts + 1), contents.journal):
            return None
        total = Tally()
        total.merge(self._archived[1])
        total.merge(journal)
        return total

    def _read_tally(self, parts: int) -> Tally:
        tally = Tally()
        states: dict[ItemKey, int] = {}
        for number in range(1, parts + 1):
            own = history.read_tally(self.path, number)
            if own is None:  # a part from before tallies: count its answers in order, as a full count would
                reviews = sorted(history.read_part(self.path, number), key=_time)
                own = Tally()
                for review, state in zip(reviews, replayed(reviews, states), strict=True):
                    own.add(review, state)
            tally.merge(own)
        return tally

    # ---- writing ----

    def record(self, review: Review) -> None:
        """Append one answer and fsync it; update `items`. `ProgressError` if it could not be saved."""
        entry = toml_tables.format_review(review).encode()
        running = self._compaction
        if running is not None:
            # Before the answer, so that a child done since the last one leaves nothing to copy after it.
            with suppress(ProgressError):
                self._finish_compaction(wait=False)
        with self._writing() as fd:
            contents = self._contents
            start = contents.end
            try:
                _write_at(fd, entry, start)
                sync_data(fd)
            except OSError:
                os.ftruncate(fd, start)  # leave no half entry behind, if the disk allows
                raise
            before = toml_tables.apply(self.items, review)
            self._recorded.append(
                _Recorded(
                    review,
                    before,
                    state_before(before),
                    self.items[review.key],
                    start,
                    start + len(entry),
                    self._ident,
                    contents.last_entry,
                    contents.lines,
                )
            )
            contents.end += len(entry)
            contents.lines += entry.count(b"\n")
            contents.last_entry = entry
            contents.journal.append(review)
            contents.before.append(state_before(before))
            self._saw(os.fstat(fd))
        self._answered = True
        # The answer is saved; compaction is only tidying, and is retried next time.
        # Not in the answer that installed one (it has had its share of waiting): in the next.
        due = running is None and len(contents.journal) >= self._journal_limit
        if due and (len(self.items) < self._background_from or not self._start_compaction()):
            with suppress(ProgressError):
                self._compact()

    def undo_last(self) -> Review | None:
        """Take back the last answer this process recorded: remove it from the file, restore the item."""
        if not self._recorded:
            return None
        mine = self._recorded[-1]
        with self._writing() as fd:
            contents = self._contents
            if mine.ident == self._ident and mine.end == contents.end:
                os.ftruncate(fd, mine.start)
                sync_data(fd)
                contents.journal.pop()
                contents.before.pop()
                contents.end, contents.last_entry, contents.lines = mine.start, mine.last_entry, mine.lines
                self._saw(os.fstat(fd))
                self._restore(mine)
            else:
                # Another process wrote after it, or compacted: rewrite without it.
                self._remove_elsewhere(mine)
                self._restore(mine)
                self._rewrite()
        self._recorded.pop()
        return mine.review

    @property
    def fsrs(self) -> PersonalParameters | None:
        """The learner's own FSRS parameters (`trainer optimize`); None: the defaults."""
        return self._contents.fsrs

    def set_fsrs(self, fit: PersonalParameters | None) -> None:
        """Keep `fit` (None: go back to the defaults) in the file's header; the snapshot is rewritten."""
        with self._writing():
            self._contents.fsrs = fit
            self._rewrite()

    def set_learner(self, name: str) -> None:
        with self._writing():
            self.learner = name
            self._rewrite()

    def flag(self, flag: Flag) -> None:
        """Keep `flag` (replacing an earlier one of its question). Rare, so the snapshot is rewritten."""
        with self._writing():
            self.flags[flag.key] = flag
            self._rewrite()

    def unflag(self, key: ItemKey) -> Flag | None:
        """Lift the flag on `key`; the flag it was, or None."""
        with self._writing():
            flag = self.flags.pop(key, None)
            if flag is not None:
                self._rewrite()
        return flag

    def close(self) -> None:
        """After answers, compact a grown journal (keeps start-up fast, `.bak` fresh); release the lock.
        `ProgressError` if that could not be written (a full disk, a read-only folder): every answer is
        still in the file, and compaction is tried again next time."""
        try:
            if self._compaction is not None:
                self._finish_compaction(wait=True)
            if self._answered and len(self._contents.journal) >= self._close_compact:
                self._compact()
        except ProgressError as error:
            raise ProgressError(
                self.path,
                None,
                f"every answer is saved in it, but tidying it up at close could not be written: {error.message}",
                hint="Nothing is lost; it is tidied up next time. Free some space or fix the folder's permissions.",
            ) from None
        finally:
            self._lock.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- compaction in a child ----

    def _start_compaction(self) -> bool:
        """Fork a child to stage a compaction of the file as it now stands; False if none could be forked."""
        contents, path = self._contents, self.path
        part = contents.history_parts + 1
        tag = f"{os.getpid()}.compacting"
        targets = (history.part_path(path, part), path, backup_path(path))
        fresh = mainfile.Contents(
            learner=self.learner, history_parts=part, fsrs=contents.fsrs, items=self.items, flags=self.flags
        )
        journal, before = contents.journal, contents.before

        def work() -> bytes:  # in the child, on its copy of all this
            make_dirs(mainfile.history_dir(path))
            stage(targets[0], history.render_part(path, part, journal, before), tag)
            data = mainfile.render(fresh, path)
            stage(path, data, tag)
            backup = not _holds_less(fresh, targets[2])
            if backup:
                stage(targets[2], data, tag)
            return _RESULT.pack(len(data), data.count(b"\n"), backup)

        child = background.Child.start(work)
        if child is None:
            return False
        staged = (temp_name(targets[0], tag), temp_name(path, tag), temp_name(targets[2], tag))
        self._compaction = _Compaction(
            child, contents, contents.end, contents.last_entry, len(journal), contents.lines, part, staged
        )
        return True

    def _finish_compaction(self, *, wait: bool) -> None:
        """Once the child is done (with `wait`, waiting for it), put what it staged in place, if the file
        still begins with what it was given; else (another process compacted, an undo cut into it, the
        child failed or its files were cleared away) drop it: it is tried again later."""
        job = self._compaction
        assert job is not None
        try:
            result = job.child.wait() if wait else job.child.poll()
        except background.ChildFailed:
            result = b""
        if result is None:
            return
        self._compaction = None
        try:
            if result:
                with self._writing() as fd:
                    if self._still_holds(fd, job):
                        self._install(fd, job, *_RESULT.unpack(result))
        finally:
            job.discard()

    def _still_holds(self, fd: int, job: _Compaction) -> bool:
        contents = self._contents
        start = job.end - len(job.last_entry)
        return (
            contents is job.contents  # not reloaded (another process compacted) nor rewritten here
            and contents.end >= job.end  # not cut back by an undo
            and os.pread(fd, len(job.last_entry), start) == job.last_entry
            and all(temp.exists() for temp in job.staged[:2])  # not cleared away by another compaction
        )

    def _install(self, fd: int, job: _Compaction, length: int, lines: int, backup: bool) -> None:
        """The staged snapshot gets the entries written since the fork (ours or another process's), then
        the part, the snapshot and the `.bak` are renamed into place in that order, the part's rename made
        durable before the others: a crash between them leaves a part the main file does not count yet
        (ignored, and replaced by the next compaction), or a `.bak` one compaction older or newer than the
        main file (each a whole snapshot, whose parts are all in place)."""
        contents, (part, main, copy) = self._contents, job.staged
        history.check_replaceable(self.path, job.part, contents.journal[: job.reviews])
        tail = os.pread(fd, contents.end - job.end, job.end)
        if tail:
            staged = os.open(main, os.O_WRONLY | os.O_CLOEXEC)
            try:
                _write_at(staged, tail, length)
                os.fsync(staged)
            finally:
                os.close(staged)
        put_in_place(part, history.part_path(self.path, job.part))
        try:
            put_in_place(main, self.path, sync=False)
        except OSError:
            history.part_path(self.path, job.part).unlink(missing_ok=True)
            raise
        if backup and copy.exists():
            put_in_place(copy, backup_path(self.path), sync=False)
        sync_dir(self.path.parent)  # both renames at once: a crash before leaves either of each, all whole
        last = contents.last_entry
        self._contents = mainfile.Contents(
            learner=self.learner,
            history_parts=job.part,
            fsrs=contents.fsrs,
            items=self.items,
            flags=self.flags,
            journal=contents.journal[job.reviews :],
            before=contents.before[job.reviews :],
            end=length + len(tail),
            last_entry=last if 0 < len(last) <= len(tail) else mainfile.JOURNAL_MARKER + tail,
            lines=lines + tail.count(b"\n"),
        )
        if self._archived is not None and self._archived[0] == contents.history_parts:
            archived = self._archived[1]  # the parts' tally, with the answers just moved into one
            for review, state in zip(
                contents.journal[: job.reviews], contents.before[: job.reviews], strict=True
            ):
                archived.add(review, state)
            self._archived = (job.part, archived)
        old = self._ident
        self._saw(os.stat(self.path))
        # This process's answers written since the fork are now at other offsets of the new file.
        for mine in self._recorded:
            if mine.ident == old and mine.start >= job.end:
                mine.ident, mine.start, mine.end = (
                    self._ident,
                    mine.start - job.end + length,
                    mine.end - job.end + length,
                )
                mine.lines += lines - job.lines
                if mine.start == length:
                    mine.last_entry = mainfile.JOURNAL_MARKER
        self._clear_leftovers()

    # ---- internals; all run with the lock held ----

    def _compact(self) -> None:
        with self._writing():
            self._rewrite()

    def _restore(self, mine: _Recorded) -> None:
        """The item as before the answer; if another process has answered it since, keep its state and only
        take this answer out of the counts."""
        key, before = mine.review.key, mine.before
        current = self.items.get(key)
        if current is None or current == mine.after:
            if before is None:
                self.items.pop(key, None)
            else:
                self.items[key] = before
            return
        self.items[key] = replace(
            current,
            reviews=current.reviews - 1,
            correct=current.correct - (mine.after.correct - (before.correct if before else 0)),
            lapses=current.lapses - (mine.after.lapses - (before.lapses if before else 0)),
        )

    def _remove_elsewhere(self, mine: _Recorded) -> None:
        """Drop the answer (the latest equal one) from the journal in memory, or else from its history part."""
        review, journal = mine.review, self._contents.journal
        for index in range(len(journal) - 1, -1, -1):
            if journal[index] == review:
                del journal[index]
                del self._contents.before[index]
                return
        for number in range(self._contents.history_parts, 0, -1):
            if history.remove_review(self.path, number, review):
                self._archived = None  # counted again from the parts' heads when next asked for
                return

    def _rewrite(self) -> None:
        """Compaction: journal -> a new history part, then a fresh snapshot, atomically (and as `.bak`)."""
        if self._compaction is not None:  # superseded by this one
            self._compaction.child.stop()
            self._compaction.discard()
            self._compaction = None
        contents = self._contents
        parts = contents.history_parts
        self._clear_leftovers()
        if contents.journal:
            parts += 1
            history.write_part(self.path, parts, contents.journal, contents.before)
        fresh = mainfile.Contents(
            learner=self.learner,
            history_parts=parts,
            fsrs=contents.fsrs,
            items=self.items,
            flags=self.flags,
        )
        data = mainfile.render(fresh, self.path)
        make_dirs(self.path.parent)
        if not _holds_less(fresh, backup_path(self.path)):
            atomic_write(backup_path(self.path), data)
        atomic_write(self.path, data)
        fresh.end, fresh.lines = len(data), data.count(b"\n")
        fresh.last_entry = mainfile.JOURNAL_MARKER
        if self._archived is not None and self._archived[0] == contents.history_parts and contents.journal:
            archived = self._archived[1]
            for review, state in zip(contents.journal, contents.before, strict=True):
                archived.add(review, state)
            self._archived = (parts, archived)
        self._contents = fresh
        self._saw(os.stat(self.path))

    def _clear_leftovers(self) -> None:
        """Temp files of writers that died mid-write (and, rarely, of another process's compaction being
        staged right now, which then finds them gone and gives up)."""
        remove_temp_files(self.path.parent, f".{self.path.name}.*tmp")
        remove_temp_files(mainfile.history_dir(self.path), ".*.tmp")

    def _saw(self, st: os.stat_result) -> None:
        """Remember the file as we last wrote or read it, to notice any change made by someone else."""
        self._ident, self._mtime = (st.st_dev, st.st_ino), st.st_mtime_ns

    def _writing(self) -> _Writing:
        return _Writing(self)

    def _catch_up(self, fd: int) -> None:
        """Bring memory in line with the file (another writer may have appended, undone or compacted)."""
        st = os.fstat(fd)
        contents = self._contents
        start = contents.end - len(contents.last_entry)
        # Only appends by other writers are read incrementally; any other change means reading it all again.
        same = (
            (st.st_dev, st.st_ino) == self._ident
            and (st.st_size > contents.end or (st.st_size == contents.end and st.st_mtime_ns == self._mtime))
            and os.pread(fd, len(contents.last_entry), start) == contents.last_entry
        )
        if not same:
            self._reload(_read_fd(fd), st)
        elif st.st_size > contents.end:
            appended = mainfile.parse_appended(
                self.path, os.pread(fd, st.st_size - contents.end, contents.end), contents.lines
            )
            for review in appended.reviews:
                contents.before.append(state_before(toml_tables.apply(self.items, review)))
            contents.journal.extend(appended.reviews)
            added = os.pread(fd, appended.length, contents.end)
            contents.lines += added.count(b"\n")
            contents.last_entry = appended.last_entry or contents.last_entry + added
            contents.end += appended.length
            contents.torn = appended.torn
            self._saw(st)
        if self._contents.torn:
            self._cut_torn(fd)

    def _reload(self, data: bytes, st: os.stat_result) -> None:
        contents = mainfile.parse(self.path, data)
        self.items.clear()
        self.items.update(contents.items)
        contents.items = self.items
        self.flags.clear()
        self.flags.update(contents.flags)
        contents.flags = self.flags
        self.learner, self._contents = contents.learner, contents
        self._saw(st)

    def _cut_torn(self, fd: int) -> None:
        """A writer died mid-entry: keep a copy of the file as `.torn`, then cut the unfinished entry off."""
        atomic_write(self.path.with_name(self.path.name + ".torn"), _read_fd(fd))
        os.ftruncate(fd, self._contents.end)
        sync_data(fd)
        self._contents.torn = False
        self._saw(os.fstat(fd))


class _Writing:
    """`with store._writing() as fd:` the lock held, the main file open and caught up; OSError -> ProgressError."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store
        self.fd: int | None = None

    def __enter__(self) -> int:
        store = self.store
        try:
            store._lock.acquire()
            try:
                self.fd = _open_for_writing(store.path)
            except FileNotFoundError:
                store._rewrite()  # a new file, or one that vanished: write what we know
                self.fd = _open_for_writing(store.path)
            store._catch_up(self.fd)
        except (OSError, Unusable) as error:
            self._release()
            raise _save_error(store.path, error) from None
        except BaseException:
            self._release()
            raise
        return self.fd

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        self._release()
        if isinstance(error, OSError):
            raise _save_error(self.store.path, error) from None

    def _release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        self.store._lock.release()


def _save_error(path: Path, error: OSError | Unusable) -> ProgressError:
    return ProgressError(
        path,
        None,
        f"could not save progress: {getattr(error, 'strerror', None) or error}",
        hint="Answers saved before this one are safe; free some space or fix the permissions, then retry.",
    )


def _write_at(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def _read_fd(fd: int) -> bytes:
    size = os.fstat(fd).st_size
    chunks, offset = [], 0
    while chunk := os.pread(fd, max(size - offset, 1 << 16), offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _open_for_writing(path: Path) -> int:
    """The main file, open to append to; `Unusable` if something else has taken its place (a FIFO ...)."""
    fd = os.open(path, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        check_regular(os.fstat(fd), mainfile.MAX_BYTES)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _holds_less(fresh: mainfile.Contents, backup: Path) -> bool:
    """Whether a new snapshot knows fewer items, answers or history parts than the backup it would replace
    (a file recreated empty beside its backup; an undone answer): then the backup is kept as it is. One that
    cannot be read is kept too, as nobody can tell what it holds."""
    try:
        data, _ = read_regular(backup, mainfile.MAX_BYTES)
        kept = mainfile.parse(backup, data)
    except FileNotFoundError:
        return False
    except (Unusable, ProgressError):
        return True
    return (
        len(fresh.items) < len(kept.items)
        or _answers(fresh) < _answers(kept)
        or fresh.history_parts < kept.history_parts
    )


def _answers(contents: mainfile.Contents) -> int:
    return sum(item.reviews for item in contents.items.values())


def _time(review: Review) -> datetime:
    return review.time
