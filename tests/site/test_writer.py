"""Forked renderers share the pages by taking chunks as they go: every page is rendered once, by somebody."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from matcher.site import writer


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_every_job_is_done_exactly_once(tmp_path: Path, processes: int) -> None:
    jobs = list(range(1000))

    def run(todo: Iterable[int]) -> int:
        done = list(todo)
        (tmp_path / f"{os.getpid()}.txt").write_text("\n".join(map(str, done)), encoding="utf-8")
        return len(done)

    own, children = writer.fork_shares(jobs, processes, run)
    mine = run(own)
    children.join()
    parts = [p.read_text(encoding="utf-8").split() for p in tmp_path.glob("*.txt")]
    assert len(parts) == processes
    assert sorted(int(j) for part in parts for j in part) == jobs
    assert mine == len((tmp_path / f"{os.getpid()}.txt").read_text(encoding="utf-8").split())


def test_a_slow_process_takes_fewer_chunks(tmp_path: Path) -> None:
    """The work follows who is free: a child slowed down on each job leaves most of them to this process."""
    jobs = list(range(400))
    parent = os.getpid()

    def run(todo: Iterable[int]) -> None:
        done = []
        for job in todo:
            if os.getpid() != parent:
                time.sleep(0.002)
            done.append(job)
        (tmp_path / f"{os.getpid()}.txt").write_text("\n".join(map(str, done)), encoding="utf-8")

    own, children = writer.fork_shares(jobs, 2, run)
    run(own)
    children.join()
    counts = {p.stem: len(p.read_text(encoding="utf-8").split()) for p in tmp_path.glob("*.txt")}
    assert counts.pop(str(parent)) > 3 * sum(counts.values())


def test_a_failed_child_fails_the_build() -> None:
    def run(todo: Iterable[int]) -> None:
        if os.getpid() != parent:
            os._exit(3)  # as a renderer that crashed
        list(todo)

    parent = os.getpid()
    own, children = writer.fork_shares(list(range(100)), 2, run)
    run(own)
    with pytest.raises(RuntimeError, match="exit code 3"):
        children.join()


def test_processes_make_the_folders_they_share_as_they_go(tmp_path: Path) -> None:
    """No folder is made beforehand: three processes writing into the same new nested folders (each
    folder reached by several of them, in chunks of one) all succeed, and every file is there."""
    out = writer.OutputWriter(str(tmp_path / "site"))
    jobs = [f"a/{n % 7}/b/{n % 3}/{n}.html" for n in range(600)]

    def run(todo: Iterable[str]) -> None:
        for path in todo:
            out.write(path, path)

    original = writer.CHUNK
    writer.CHUNK = 1
    try:
        own, children = writer.fork_shares(jobs, 3, run)
        run(own)
        children.join()
    finally:
        writer.CHUNK = original
    assert sorted(str(p.relative_to(tmp_path / "site")) for p in (tmp_path / "site").rglob("*.html")) == sorted(jobs)
    assert all((tmp_path / "site" / p).read_text(encoding="utf-8") == p for p in jobs)


def _tell_then_work(tell: object, pause: float, fail: bool) -> str:
    if fail:
        raise RuntimeError("before telling")
    tell(os.getpid())  # type: ignore[operator]
    time.sleep(pause)
    return "done"


@pytest.mark.parametrize("fork", [True, False])
def test_a_forked_copy_tells_its_early_value_before_it_is_done(monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    """The search's copy sends every card's hash at once, then indexes: the early value is there well
    before the result; where there is no fork, both are made here; a copy that fails tells nothing."""
    if not fork:
        monkeypatch.setattr(writer.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    started = time.monotonic()
    early, result = writer.in_child_early(_tell_then_work, 1.5, False)
    told = early()
    assert (told != os.getpid()) is fork
    if fork:
        assert time.monotonic() - started < 1.2, "the early value waited for the work"
    assert result() == "done" and early() == told
    if fork:
        early, result = writer.in_child_early(_tell_then_work, 0, True)
        with pytest.raises(writer.ChildFailed):
            early()
