"""Pagefind's service is closed only once it holds no file open for writing: closed sooner, it exits
with a bundle's last bytes still in its writing threads (a file cut short)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from matcher.site import pagefind_service


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/fdinfo").is_dir(), reason="Linux's /proc")
def test_a_file_open_for_writing_is_told_from_pipes_devices_and_reading(tmp_path: Path) -> None:
    pid = str(os.getpid())
    with (tmp_path / "w.txt").open("w") as written, (tmp_path / "w.txt").open() as read, open(os.devnull, "w") as null:
        assert pagefind_service._open_for_writing(int(pid), str(written.fileno()))
        assert not pagefind_service._open_for_writing(int(pid), str(read.fileno()))
        assert not pagefind_service._open_for_writing(int(pid), str(null.fileno())), "/dev/null is not a file"
    reading, writing = os.pipe()
    try:
        assert not pagefind_service._open_for_writing(int(pid), str(writing)), "a pipe is not a file"
    finally:
        os.close(reading)
        os.close(writing)


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/fdinfo").is_dir(), reason="Linux's /proc")
def test_closing_waits_for_a_file_still_being_written(tmp_path: Path) -> None:
    """A stand-in service that writes a file for a while after answering: close() waits for it."""
    target = tmp_path / "big.bin"
    script = tmp_path / "service.py"
    script.write_text(  # as Pagefind: writing in a thread, and gone the moment its input closes
        "import os, sys, threading, time\n"
        "def write():\n"
        f"    with open({str(target)!r}, 'wb') as f:\n"
        "        for _ in range(20):\n"
        "            f.write(b'x' * 65536); f.flush(); time.sleep(0.02)\n"
        "threading.Thread(target=write).start()\n"
        "sys.stdin.read()\n"
        "os._exit(0)\n",
        encoding="utf-8",
    )
    service = pagefind_service.PagefindService.__new__(pagefind_service.PagefindService)
    import subprocess
    import threading

    service._process = subprocess.Popen(
        [sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    service._reader = threading.Thread(target=lambda: None)
    service._reader.start()
    while not target.exists():
        time.sleep(0.001)
    start = time.monotonic()
    service.close()
    assert target.stat().st_size == 20 * 65536
    assert time.monotonic() - start < 10, "and no longer than the writing"
