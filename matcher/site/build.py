"""Build the whole site into a folder: Pelican with the plugin (the Pagefind search index included).

``invoke build``, the benchmark and the tests all call :func:`build_site`, so there is
one way to build. Settings come from pelicanconf.py (or publishconf.py) through Pelican's
own ``read_settings(override=...)``.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import os
import resource
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals

from matcher.profile.loader import paused_gc
from matcher.site.incremental import BuildState, kept_beside, state_path
from matcher.site.plugin import SEARCH_LATER_SETTING, STATE_SETTING, BuildStats, stats_ready
from matcher.site.search import finish_later
from matcher.site.settings import SETTINGS_KEY, refuse_placeholders


@dataclass
class BuildReport:
    output: Path
    stats: BuildStats
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # this process and the Pagefind service, each at its peak
    notes: list[str] = field(default_factory=list)

    @functools.cached_property
    def files(self) -> int:
        """How many files the output folder holds, counted when asked (a walk of 20,000 files is 0.1 s of a
        live rebuild), other languages' folders inside it included."""
        return sum(len(names) for _folder, _dirs, names in os.walk(self.output))  # no stat per file

    def summary(self) -> str:
        s = self.stats
        lines = [
            f"Built {self.output}: {s.published} people published ({s.hidden_stale} hidden as stale),"
            f" {s.pages} pages written, {s.indexed} indexed for search.",
            f"  {self.seconds:.2f} s in all: validation {s.validate_seconds:.2f} s,"
            f" computing {s.compute_seconds:.2f} s, rendering {s.render_seconds:.2f} s,"
            f" then waiting for the search index {s.search_wait_seconds:.2f} s;"
            f" peak memory {self.peak_rss_mb:.0f} MB",
        ]
        if s.relationships_unresolved:
            n = s.relationships_unresolved
            lines.append(f"  {n} private relationship{'s' * (n != 1)} not resolved: no key.")
        if s.relationships_unusable:
            n = s.relationships_unusable
            lines.append(
                f"  {n} relationship file{'s' * (n != 1)} not shown: problems (python -m matcher validate says"
                " which), or someone in it is not published."
            )
        return "\n".join(lines + self.notes)


def pelican_settings(
    settings_file: str | Path | None = "pelicanconf.py",
    *,
    profiles: str | Path | None = None,
    matches: str | Path | None = None,
    output: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Pelican's settings with our overrides applied (``MENTOR_COMMONS`` keys merged, not replaced)."""
    from pelican.settings import read_settings

    base = read_settings(str(settings_file) if settings_file else None)
    site = dict(base.get(SETTINGS_KEY) or {})
    extra = dict(overrides or {})
    site.update(extra.pop(SETTINGS_KEY, {}) or {})
    if profiles is not None:
        site["profiles"] = str(Path(profiles).resolve())
    if matches is not None:
        site["matches"] = str(Path(matches).resolve())
    # Like Pelican's own PATH, folders named in the settings file are relative to it.
    here = Path(settings_file).resolve().parent if settings_file else Path.cwd()
    for key in ("profiles", "matches", "relationships", "introductions"):
        if site.get(key) is not None and not Path(site[key]).is_absolute():
            site[key] = str(here / site[key])
    override: dict[str, Any] = {SETTINGS_KEY: site, **extra}
    if output is not None:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    return dict(read_settings(str(settings_file) if settings_file else None, override=override))


def peak_rss_mb() -> float:
    """Peak resident memory of this process plus that of the largest finished child (the Pagefind service)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def _clear_in_background(output: Path) -> subprocess.Popen[bytes] | None:
    """Move the last build aside and delete it in another process while this one validates.

    Deleting tens of thousands of files takes seconds on a slow disk; Pelican would do it
    before anything else. A separate process (not a thread) keeps this one free to fork.
    """
    if not output.exists():
        return None
    aside = output.with_name(f".{output.name}.old-{os.getpid()}")
    output.rename(aside)
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    return subprocess.Popen([sys.executable, "-c", code, str(aside)])


def _run_pelican(settings: dict[str, Any], out: Path) -> tuple[BuildStats, list[str], BuildState | None]:
    """Run Pelican; return the plugin's statistics, the files Pelican itself wrote (its guidance pages)
    and the plugin's state of an incremental build (not saved yet)."""
    from pelican import Pelican

    captured: list[BuildStats] = []
    states: list[BuildState | None] = []
    written: list[str] = []

    def receive(_sender: Any, stats: BuildStats, state: BuildState | None = None) -> None:
        captured.append(stats)
        states.append(state)

    def pelican_wrote(path: str, context: Any = None) -> None:
        written.append(os.path.relpath(path, out))

    stats_ready.connect(receive)
    signals.content_written.connect(pelican_wrote)
    logging.getLogger("pelican").setLevel(logging.WARNING)
    try:
        Pelican(settings).run()
    finally:
        stats_ready.disconnect(receive)
        signals.content_written.disconnect(pelican_wrote)
    return (captured[-1] if captured else BuildStats()), written, (states[-1] if states else None)


def _content_cache(settings: Mapping[str, Any], state_file: Path) -> dict[str, Any]:
    """Pelican's own cache of what its readers made of the guidance pages (Markdown, a tenth of a second of
    each rebuild), for incremental builds: kept beside the state, in a folder named by a hash of every
    setting (Pelican checks each file's time, not the settings it was read with), the others deleted.
    A setting whose text changes from one process to the next (a function's address) only means the
    cache is not reused by the next process."""
    made_with = repr(sorted((k, repr(v)) for k, v in settings.items() if k.isupper()))
    key = hashlib.sha1(made_with.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
    return {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
        "CHECK_MODIFIED_METHOD": "mtime",
        "CACHE_PATH": str(kept_beside(state_file, "pelican-cache", key)),
    }


def _forget_pelican_leftovers(out: Path, state: BuildState, written: list[str]) -> None:
    """Delete the pages Pelican wrote last time and not this time (a guidance page removed); remember these,
    and save the state: the build is done (its file is written once, at the end: loading and saving
    again the keys of 11,000 pages took a tenth of a second)."""
    for gone in sorted(set(state.others) - set(written)):
        (out / gone).unlink(missing_ok=True)
    state.others = sorted(set(written))
    state.save()


def build_site(
    settings_file: str | Path | None = "pelicanconf.py",
    *,
    profiles: str | Path | None = None,
    matches: str | Path | None = None,
    output: str | Path | None = None,
    search: bool | None = None,
    overrides: Mapping[str, Any] | None = None,
    incremental: bool = False,
    search_later: bool = False,
    exiting: bool = False,
) -> BuildReport:
    """Build the site (with its search index unless ``search`` is False); return what it took.

    With publishconf.py (``MENTOR_COMMONS['publish']``), placeholders in community.toml stop the
    build (:class:`matcher.settings.PublishRefused`, in words) before the output folder is touched:
    the last published site stays as it was.

    ``incremental``: keep the output folder and render only the pages whose inputs changed since
    the last incremental build into it (:mod:`matcher.site.incremental`; its state is kept beside
    the folder). The files are the same as a cold build's. Without it, or without that state,
    the folder is built from nothing. ``search_later`` (``invoke live``, with ``incremental``):
    return once the pages are written, and let the search bundle be finished by
    :func:`matcher.site.plugin.finish_search_later` (the old bundle serves until then).

    ``exiting``: the process ends after this build (``invoke build``): :func:`before_exit` is called
    before the cycle collector, paused during the build, is back. Called after, it comes too late:
    the first object made once the collector is back has it walk everything the build made since
    the pause (0.1 s at 10,000 people).
    """
    extra = dict(overrides or {})
    if search is not None:
        extra[SETTINGS_KEY] = {**(extra.get(SETTINGS_KEY) or {}), "search": search}
    settings = pelican_settings(settings_file, profiles=profiles, matches=matches, output=output, overrides=extra)
    refuse_placeholders(settings)
    out = Path(settings["OUTPUT_PATH"])
    reader_cache = _content_cache(settings, state_path(out)) if incremental else {}  # (the settings as given)

    start = time.perf_counter()
    state_file = state_path(out)
    warm = incremental and state_file.exists() and (out / "index.html").exists()
    if not warm:
        state_file.unlink(missing_ok=True)  # it described a folder that is about to be rebuilt from nothing
    cleaner = _clear_in_background(out) if settings.get("DELETE_OUTPUT_DIRECTORY") and not warm else None
    if cleaner is not None or warm:
        settings["DELETE_OUTPUT_DIRECTORY"] = False
    if incremental:
        settings.update(reader_cache)
        settings[STATE_SETTING] = str(state_file)
        settings[SEARCH_LATER_SETTING] = search_later
    try:
        # A build makes millions of objects that live until it ends, and each full collection would walk
        # them all again: 0.7 s of a 3 s rebuild in a new process. What little it leaves in cycles is
        # collected later (by the next collection, or by invoke live's settle).
        with paused_gc():
            stats, written, state = _run_pelican(settings, out)
            if state is not None:  # an incremental build's (saved still paused: see ``exiting``)
                _forget_pelican_leftovers(out, state, written)
            if exiting:
                before_exit()
    finally:
        if cleaner is not None:
            cleaner.wait()
    return BuildReport(output=out, stats=stats, seconds=time.perf_counter() - start, peak_rss_mb=peak_rss_mb())


def finish_live(output: Path) -> None:
    """What ``invoke live`` does after each build has returned (in a thread: the pages are served
    meanwhile): wait for its search index to be written and moved in, then :func:`settle`."""
    finish_later(output, state_path(output))
    settle()


def settle() -> None:
    """After a build in a long-lived process (``invoke live``), once its search index is written: collect
    the garbage once, then freeze what is left (:func:`gc.freeze`).

    What such a process keeps between builds (profiles, cards, their HTML, the parsed matches:
    hundreds of megabytes at 10,000 people) would otherwise be walked by each full collection
    during the next build, 0.2 to 0.4 s of a one-second rebuild. Frozen objects are never
    collected, so each call first unfreezes them: what the last build left behind is collected here,
    between builds, where nobody waits for it.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def before_exit() -> None:
    """In a process that builds once and ends (``invoke build``, a pull request's ``check`` job): move
    what the build left out of the cycle collector's reach, so that the interpreter's last collection,
    as it exits, does not walk the profiles, cards and templates still held (0.3 s of the exit's
    0.4 s at 10,000 people). Nothing is collected after it; a process that goes on building
    (``invoke live``) settles instead (:func:`settle`). ``build_site(exiting=True)`` calls it before
    the collector it paused is back, which is when it saves the most.

    What the project's modules hold (the validation memo, the caches of cards, records and pages'
    HTML: millions of small objects at 10,000 people) is also left for the system to take back with
    the process. An ending interpreter clears each module, and so takes apart, object by object, all
    they held: 0.05 s of a 1.5 s rebuild. Held in a cycle the freeze puts beyond every collection,
    it is not taken apart. Nothing in them needs finalizing (they hold no open file nor process)."""
    held: list[Any] = [dict(vars(m)) for name, m in list(sys.modules.items()) if name.partition(".")[0] == "matcher"]
    held.append(held)
    gc.freeze()
