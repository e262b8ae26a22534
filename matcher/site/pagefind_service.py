"""Pagefind's indexing service (``pagefind --service``, the process behind its Python API), spoken to directly.

The wire format is that of the ``pagefind.service`` module: base64-encoded JSON messages, each
followed by a comma. Its asyncio client waits 0.1 s before reading each answer, which takes
many minutes for 10,000 records, so answers are read here by a plain thread, and a message's
answer is waited for only when it is needed (:meth:`PagefindService.answer`).
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import os
import stat
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import cbor2


def get_executable() -> Path | None:
    """The Pagefind binary of the ``pagefind[bin]`` package (its module, and asyncio with it, loaded when needed)."""
    from pagefind.service import get_executable as found

    executable: Path | None = found()
    return executable


def bundle_uses(folder: Path) -> Callable[[str], bool]:
    """Whether a file of the Pagefind bundle in ``folder`` is one it uses, by the bundle's own metadata.

    Pagefind names its metadata, fragments, word and filter chunks by a hash of what they hold
    (``fragment/en_2a8ba49.pf_fragment``); ``pagefind-entry.json`` names the metadata of each language
    (``pagefind.en_556b908b9f.pf_meta``), which names the rest (CBOR, gzipped, after Pagefind's
    signature). A hashed file named nowhere is an older bundle's. A bundle that cannot be read uses
    every file (nothing is deleted by mistake).
    """
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        names = {str(language["hash"]) for language in entry["languages"].values()}
        for name in list(names):
            data = gzip.decompress((folder / f"pagefind.{name}.pf_meta").read_bytes())
            names.update(_strings(cbor2.loads(data.removeprefix(SIGNATURE))))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError, cbor2.CBORDecodeError):
        return lambda _path: True
    return lambda path: path.rsplit("/", 1)[-1].split(".")[-2] in names if "." in path else False


SIGNATURE = b"pagefind_dcd"  # what each of Pagefind's compressed files starts with, once decompressed


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


class SearchIndexError(RuntimeError):
    """Pagefind failed: the site is not published without its search."""


class PagefindService:
    """One ``pagefind --service`` process: :meth:`send` a payload, :meth:`answer` waits for its answer."""

    def __init__(self, executable: Path | str) -> None:
        self._process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, args=(self._process.stdout,), name="pagefind", daemon=True)
        self._reader.start()

    def send(self, payload: dict[str, Any]) -> int:
        """Write one message (buffered: :meth:`flush` or :meth:`answer` sends it); its id."""
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}, ensure_ascii=False)
        assert self._process.stdin is not None
        self._process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        return self._next_id

    def flush(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.flush()

    def _read(self, stream: IO[bytes] | None) -> None:
        assert stream is not None
        buffer = b""
        while chunk := stream.read1(1 << 16):  # type: ignore[attr-defined]
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                response = json.loads(base64.b64decode(raw))
                with self._cond:
                    self._answers[response.get("message_id") or 0] = response.get("payload", {})
                    self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def answer(self, message_id: int) -> dict[str, Any]:
        """The answer to a message sent; a :class:`SearchIndexError` if it is an error or Pagefind stopped."""
        self.flush()
        with self._cond:
            while message_id not in self._answers:
                if not self._reader.is_alive():
                    problem = self._answers.get(0, {}).get("message", "it stopped")
                    raise SearchIndexError(f"the Pagefind service failed: {problem}")
                self._cond.wait(timeout=1)
            answer = self._answers.pop(message_id)
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind: {answer.get('message')}")
        return answer

    def close(self) -> None:
        """Let the process end (its input closed) once its files are written, or end it after 30 s.

        Pagefind answers ``WriteFiles`` when it has handed the last bytes to its writing threads
        (tokio's files, not flushed), and it exits the moment its input closes: closed at once,
        a large file could be cut short (seen: a bundle's UI script cut at 128 KiB on a busy
        machine). So its input is closed only once it holds no file open for writing.
        """
        if self._process.poll() is None:
            self._wait_for_writes()
            assert self._process.stdin is not None
            with contextlib.suppress(BrokenPipeError):
                self._process.stdin.close()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._reader.join(timeout=10)

    def _wait_for_writes(self, limit: float = 30.0) -> None:
        """Until the process has no file open for writing (Linux's /proc; elsewhere, a short pause)."""
        fds = Path(f"/proc/{self._process.pid}/fd")
        if not fds.is_dir():
            time.sleep(0.5)
            return
        deadline = time.monotonic() + limit
        # (not its standard streams: ours, pipes and /dev/null, which it does not write files through)
        while time.monotonic() < deadline and any(
            _open_for_writing(self._process.pid, fd.name) for fd in _listed(fds) if fd.name not in {"0", "1", "2"}
        ):
            time.sleep(0.005)


def _listed(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:  # the process ended meanwhile
        return []


def _open_for_writing(pid: int, fd: str) -> bool:
    """Whether the process's descriptor is a regular file opened to write (its flags in /proc/PID/fdinfo)."""
    try:
        regular = stat.S_ISREG(os.stat(f"/proc/{pid}/fd/{fd}").st_mode)  # (not its pipes, nor /dev/null)
        info = Path(f"/proc/{pid}/fdinfo/{fd}").read_text(encoding="ascii")
    except OSError:
        return False
    if not regular:
        return False
    flags = int(next(line.split()[1] for line in info.splitlines() if line.startswith("flags:")), 8)
    return flags & (os.O_WRONLY | os.O_RDWR) != 0
