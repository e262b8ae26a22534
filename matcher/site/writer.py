"""Writing the site's files, and sharing the rendering of many pages between forked processes.

:class:`OutputWriter` writes one file with four system calls (``open``, ``write``, ``ftruncate``,
``close``: a Python text file object costs more than the write itself, 11,000 times), makes
each folder once, and, when asked to keep what is there (an incremental build), leaves a
file alone when its bytes have not changed, so its modification time says what changed.

:func:`fork_shares` starts forked copies of the building process, which take the pages in
chunks with this one, each process the next chunk when it is done with the last. A forked
copy inherits the templates and the computed community, so nothing is sent between
processes but a counter, and the files are the same whoever writes them. The parent's objects are moved
out of the cycle collector's reach first (``gc.freeze``): a collection in a child would
otherwise touch every object and copy every memory page the parent had.

:func:`in_child` runs one function in a forked copy while this process goes on, its result
sent back through a pipe (half the validation, the reading of ``matches.json``, the search index).
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class OutputWriter:
    """Files under ``root``, by their path relative to it (``people/ana.html``)."""

    root: str
    keep_unchanged: bool = False  # compare with the file already there, and leave it if it is the same
    written: int = 0
    unchanged: int = 0
    _folders: set[str] = field(default_factory=set)

    def write(self, save_as: str, text: str | bytes) -> bool:
        """Write ``text`` to ``save_as``; return False if the file already held exactly these bytes."""
        data = text.encode("utf-8") if isinstance(text, str) else text
        path = os.path.join(self.root, save_as)
        if self.keep_unchanged and _same_bytes(path, data):
            self.unchanged += 1
            return False
        self.folder(os.path.dirname(path))
        # Over the old bytes, then cut to length: truncating first frees the file's blocks and allocates
        # them again, eight times the cost of writing a changed page (measured on ext4).
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.ftruncate(fd, len(data))
        finally:
            os.close(fd)
        self.written += 1
        return True

    def folder(self, folder: str) -> None:
        """Make ``folder`` (absolute, or relative to the working directory) once per build and process.

        Processes sharing the pages make their folders as they go (``os.makedirs`` with ``exist_ok``
        takes a folder another made first as made): at 10,000 people, making the 1,262 folders
        beforehand, before the processes start, took 0.2 to 0.4 s of one core on this disk."""
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

    def remove(self, save_as: str) -> bool:
        """Delete a file an earlier build wrote and this one does not; return whether there was one."""
        try:
            os.unlink(os.path.join(self.root, save_as))
        except FileNotFoundError:
            return False
        return True


def mark_for_sweep(folder: str) -> bool:
    """Set the modification time of every file under ``folder`` to 0 (the epoch), which no write gives a
    file, so that :func:`sweep` can tell the files written since; whether there was such a folder.

    A search shard is written over its last bundle, not into a folder emptied first: Pagefind does
    not write a file named by the hash of its content again when it is there, and the files it does
    write go over old ones. A shard of 1,000 people was written in 0.10 s so, against 0.29 s into a
    new folder and 0.42 s into one just emptied (on this machine's ext4 without a journal, which
    checks every inode freed in the last seconds before it reuses one).
    """
    if not os.path.isdir(folder):
        return False
    for root, _dirs, files in os.walk(folder):
        for name in files:
            os.utime(os.path.join(root, name), ns=(0, 0), follow_symlinks=False)
    return True


def sweep(folder: str, used: Callable[[str], bool] = lambda _: False) -> int:
    """Delete the files under ``folder`` still marked by :func:`mark_for_sweep` (not written since) that
    are not ``used`` (their path relative to ``folder``, with ``/``); return how many."""
    removed = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            if os.lstat(path).st_mtime_ns == 0 and not used(os.path.relpath(path, folder).replace(os.sep, "/")):
                os.unlink(path)
                removed += 1
    return removed


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        if os.fstat(fd).st_size != len(data):
            return False
        return os.read(fd, len(data) + 1) == data
    finally:
        os.close(fd)


@dataclass
class Shares:
    """Forked processes rendering their share of the jobs; :meth:`join` waits and checks each."""

    children: list[Any] = field(default_factory=list)
    frozen: bool = False

    def join(self) -> None:
        """Wait for every child. A failed child fails the build."""
        try:
            for child in self.children:
                child.join()
                if child.exitcode != 0:
                    raise RuntimeError(f"a process rendering pages failed (exit code {child.exitcode})")
        finally:
            if self.frozen:
                gc.unfreeze()
                self.frozen = False


def fork_shares(jobs: Sequence[T], processes: int, run: Callable[[Iterable[T]], object]) -> tuple[Iterator[T], Shares]:
    """Start ``processes - 1`` forked children that run ``run`` on the jobs, and return this process's part.

    The jobs are taken in chunks, in their order, by whichever process is free: a process slowed
    down (by the search index beside it, or by heavier pages) simply takes fewer chunks, so all
    finish together. This process's part is an iterator that claims chunks as it is consumed.
    Where forking is not available, or asked for one process, every job is this process's.
    """
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods() or len(jobs) < 2:
        return iter(jobs), Shares()
    context = multiprocessing.get_context("fork")
    # The next chunk not yet taken, shared by all (its lock makes taking one atomic).
    taken = context.Value("q", 0)
    chunk = max(1, min(CHUNK, len(jobs) // (processes * 4)))
    # Until the children are joined, the objects they share with this process are not scanned
    # by the cycle collector, in either: a scan writes to every object, and every page written
    # to is copied. (Unfrozen again in Shares.join, unless they were frozen already: invoke live
    # freezes what it keeps between builds, and unfreezes it itself, matcher.site.build.settle.)
    children = Shares(frozen=gc.get_freeze_count() == 0)
    gc.freeze()
    for _ in range(processes - 1):
        child = context.Process(target=_run_child, args=(run, jobs, taken, chunk), name="render")
        child.start()
        children.children.append(child)
    return _claimed(jobs, taken, chunk), children


CHUNK = 64  # jobs taken at a time: a few tens of milliseconds of rendering


def _claimed(jobs: Sequence[T], taken: Any, chunk: int) -> Iterator[T]:
    """The jobs of each chunk this process takes, until none is left."""
    while True:
        with taken.get_lock():
            start = taken.value
            taken.value = start + chunk
        if start >= len(jobs):
            return
        yield from jobs[start : start + chunk]


def _run_child(run: Callable[[Iterable[T]], object], jobs: Sequence[T], taken: Any, chunk: int) -> None:
    gc.disable()  # a short-lived child makes no cycles worth collecting
    run(_claimed(jobs, taken, chunk))


class ChildFailed(RuntimeError):
    """A forked child ended without sending its result."""


def in_child(function: Callable[..., T], *args: Any) -> Callable[[], T]:
    """Start ``function(*args)`` in a forked copy of this process; the function returned waits for its
    result (pickled through a pipe), or raises :class:`ChildFailed` if the child ended without one.
    Where forking is not available, ``function`` runs in this process when the result is asked for."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return lambda: function(*args)

    @functools.wraps(function)
    def telling_nothing(tell: Callable[[Any], None], *given: Any) -> T:
        tell(None)
        return function(*given)

    return in_child_early(telling_nothing, *args)[1]


_FAILED = object()


def in_child_early(
    function: Callable[..., T], *args: Any
) -> tuple[Callable[[], Any], Callable[[], T]]:
    """:func:`in_child` for a function that has something to tell before it is done: it is called as
    ``function(tell, *args)``, and ``tell(value)``, called once, sends ``value`` at once. The first
    function returned waits for that value, the second for the result (each a :class:`ChildFailed`
    if the child ended without it). Where forking is not available, ``function`` runs in this process
    when either is asked for."""
    if "fork" not in multiprocessing.get_all_start_methods():
        told: list[Any] = []
        done: list[T] = []

        def here() -> T:
            if not done:
                done.append(function(told.append, *args))
            return done[0]

        return lambda: (here(), told[0])[1], here
    reader, writer = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_send_early, args=(function, args, writer))
    child.start()
    writer.close()
    received: list[Any] = []

    def receive() -> Any:
        try:
            # from our own forked child, through a pipe nothing else holds
            value = pickle.loads(reader.recv_bytes())  # noqa: S301
        except EOFError:
            value = _FAILED
        if value is _FAILED:
            reader.close()
            child.join()
            raise ChildFailed(f"a forked process running {function.__name__} failed (exit code {child.exitcode})")
        return value

    def early() -> Any:
        if not received:
            received.append(receive())
        return received[0]

    def result() -> T:
        early()  # (the first message is the early one)
        try:
            value: T = receive()
        finally:
            reader.close()
            child.join()
        if child.exitcode != 0:
            raise ChildFailed(f"a forked process running {function.__name__} failed (exit code {child.exitcode})")
        return value

    return early, result


def _send_early(function: Callable[..., Any], args: tuple[Any, ...], conn: Any) -> None:
    gc.disable()  # a short-lived copy: a collection would touch, and so copy, every page it shares

    def tell(value: Any) -> None:
        conn.send_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    conn.send_bytes(pickle.dumps(function(tell, *args), protocol=pickle.HIGHEST_PROTOCOL))
    conn.close()
