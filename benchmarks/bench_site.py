"""Site build at 10,000 synthetic people: ours against Hugo plus Pagefind, and our incremental rebuilds.

Both sides build the same synthetic community (``python -m matcher synth``) in the same run,
taking turns (ours, Hugo, ours, Hugo, ...) so that the load of the machine falls on both alike;
the medians and their ratio are printed. Each run writes into a new folder (:func:`fresh_folder`).

- **Ours**: what ``invoke build`` does with the matcher's output given: validation, every
  page, the data files and the Pagefind search index, in a fresh process from nothing.
- **Hugo plus Pagefind**: Debian's ``hugo`` (``apt-get install hugo``) on a minimal site made
  from the same profiles (a page each with the person's words, plus topic, language and country
  pages), then the same ``pagefind`` binary over its output. Without ``hugo`` this side is
  skipped, and the output says so.
- **Where the difference is**: ours again without the search index against Hugo alone (the pages), and
  what the index adds to each: ours makes it beside its pages, Pagefind indexes Hugo's after them.
- **Incremental**: after an incremental build, one person's bio is edited and ``invoke build``'s
  work is timed in a fresh process (the matcher's key says it need not run); then a mentor's
  topic (the matcher runs: its time is shown apart); then the same bio edit rebuilt inside a
  long-lived process, as ``invoke live`` does.

Peak memory is the build process's peak plus its largest child's (Pagefind, a renderer).

- **Languages** (``--languages en,fr,es,ar``): the site in one language against the same site in
  all of them, from nothing, taking turns.

    python benchmarks/bench_site.py [--count 10000] [--seed 7] [--repeat 3] [--matches FILE] [--languages L,L]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.cache import match_needed  # noqa: E402
from matcher.synth import write_community  # noqa: E402

OURS = """
import json, resource, sys, time
start = time.perf_counter()
from matcher.site.build import build_site
profiles, matches, out, incremental = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
search = sys.argv[5] != "0" if len(sys.argv) > 5 else None  # "0": the pages alone, no search index
report = build_site("pelicanconf.py", profiles=profiles, matches=matches, output=out, incremental=incremental,
                    search=search, exiting=True)  # as invoke build ends
s = report.stats
print(json.dumps({"seconds": time.perf_counter() - start, "validate": s.validate_seconds,
    "compute": s.compute_seconds, "render": s.render_seconds, "search_wait": s.search_wait_seconds,
    "rendered": s.pages, "skipped": s.skipped, "indexed": s.indexed, "files": report.files,
    "peak_mb": report.peak_rss_mb}))
"""

HUGO = """
import json, resource, subprocess, sys, time
from pagefind.service import get_executable
site, out = sys.argv[1], sys.argv[2]
start = time.perf_counter()
subprocess.run(["hugo", "--quiet", "--source", site, "--destination", out], check=True)
hugo = time.perf_counter() - start
used = resource.getrusage(resource.RUSAGE_CHILDREN)
hugo_cpu = used.ru_utime + used.ru_stime
subprocess.run([str(get_executable()), "--site", out, "--silent"], check=True)
print(json.dumps({"seconds": time.perf_counter() - start, "hugo": hugo, "hugo_cpu": hugo_cpu,
    "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

# The site in several languages, from nothing, as `invoke build` builds community.toml's languages.
LANGUAGES = """
import json, os, sys, time
start = time.perf_counter()
from pathlib import Path
from matcher.site.build import peak_rss_mb
from matcher.site.languages import build_languages
profiles, matches, out, languages = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4].split(",")
reports = build_languages(Path("pelicanconf.py"), languages, output=out, profiles=profiles, matches=matches,
                          exiting=True)  # as invoke build ends
seconds = time.perf_counter() - start
# (the whole folder once: the first language's report would count the others, built inside its folder)
files = sum(len(names) for _folder, _dirs, names in os.walk(out))
print(json.dumps({"seconds": seconds, "peak_mb": peak_rss_mb(), "files": files}))
"""

# `invoke build` after an edit: the matcher's key decides whether it runs, then an incremental build.
REBUILD = """
import json, subprocess, sys, time
from pathlib import Path
start = time.perf_counter()
from matcher.cache import match_needed, write_stamp
from matcher.site.build import build_site
profiles, matches, out = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
needed, inputs = match_needed(matches, profiles)
match = 0.0
if needed:
    m = time.perf_counter()
    subprocess.run([sys.executable, "-m", "matcher", "match", "--profiles", str(profiles), "--out", str(matches),
                    "--previous", str(matches), "--quiet"], check=True, capture_output=True)
    write_stamp(matches, inputs)
    match = time.perf_counter() - m
report = build_site("pelicanconf.py", profiles=profiles, matches=matches, output=out, incremental=True,
                    exiting=True)  # as invoke build ends
print(json.dumps({"seconds": time.perf_counter() - start, "match": match, "rendered": report.stats.pages,
                  "indexed": report.stats.indexed, "peak_mb": report.peak_rss_mb}))
"""

# `invoke live`: one process builds, then builds again after each edit (the matcher runs when a topic changes);
# the pages are served when the build returns, the search index follows.
LIVE = """
import json, subprocess, sys, time
from pathlib import Path
sys.path.insert(0, "benchmarks")
from bench_site import edit_bio, edit_topic
from matcher.cache import match_needed, write_stamp
from matcher.site.build import build_site, finish_live, settle
from matcher.site.incremental import state_path
from matcher.site.search import finish_later
profiles, matches, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]).resolve()
build_site("pelicanconf.py", profiles=profiles, matches=matches, output=out, incremental=True,
           search_later=True)
finish_live(out)
rows = []
for n in range(int(sys.argv[4])):
    for kind, edit in (("bio", edit_bio), ("topic", edit_topic)):
        edit(profiles, 200 + n)
        start = time.perf_counter()
        needed, inputs = match_needed(matches, profiles)
        if needed:
            subprocess.run([sys.executable, "-m", "matcher", "match", "--profiles", str(profiles), "--out",
                            str(matches), "--previous", str(matches), "--quiet"], check=True, capture_output=True)
            write_stamp(matches, inputs)
        match = time.perf_counter() - start
        report = build_site("pelicanconf.py", profiles=profiles, matches=matches, output=out, incremental=True,
                            search_later=True)
        pages = time.perf_counter() - start
        # what invoke live does in a thread (finish_live), the search timed before the garbage collection
        finish_later(out, state_path(out))
        rows.append({"kind": kind, "match": match, "pages": pages, "search": time.perf_counter() - start,
                     "rendered": report.stats.pages})
        settle()
print(json.dumps(rows))
"""


# --- the Hugo side: a minimal Hugo site made from the same profiles (for this benchmark only) ---

HUGO_CONFIG = """baseURL = "/"
title = "Hugo side of the benchmark"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[taxonomies]
topic = "topics"
language = "languages"
country = "countries"
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="/">Home</a></nav><main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1><p>{{ .Params.headline }}</p>
{{ .Content }}
<ul>{{ range .Params.topics }}<li><a href="/topics/{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>
<ul>{{ range .Params.languages }}<li><a href="/languages/{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>
<p>{{ range .Params.countries }}<a href="/countries/{{ . | urlize }}/">{{ . }}</a>{{ end }}</p></article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
}


def hugo_version() -> str | None:
    if shutil.which("hugo") is None:
        return None
    result = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=False)
    return result.stdout.split(" BuildDate")[0].strip() or "hugo"


def write_hugo_site(profiles: Path, site: Path) -> None:
    """A page per person (name, headline, bio, offer and goals as Markdown; topics, languages and
    country as taxonomies, so Hugo makes their pages too), JSON front matter, three layouts."""
    import yaml

    (site / "content" / "people").mkdir(parents=True, exist_ok=True)
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(profiles.glob("*.yml")):
        p = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        mentor, mentee = p.get("mentor") or {}, p.get("mentee") or {}
        front = {
            "title": p["name"],
            "headline": p["headline"],
            "topics": sorted({*mentor.get("topics", []), *mentee.get("topics", [])}),
            "languages": [lang["code"] for lang in p["languages"]],
            "countries": [p["location"]["country"]],
        }
        body = "\n\n".join(t for t in (p.get("bio"), mentor.get("offer"), mentee.get("goals")) if t)
        page = json.dumps(front, ensure_ascii=False) + "\n\n" + body + "\n"
        (site / "content" / "people" / f"{path.stem}.md").write_text(page, encoding="utf-8")


def run(code: str, *args: str) -> Any:
    # Each child imports the project as `invoke build` normally does, from the bytecode Python keeps in
    # __pycache__: a shell that sets PYTHONDONTWRITEBYTECODE would time compiling its modules every run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False, env=env
    )
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(code: str, *args: str) -> dict[str, float]:
    """Run a child and add its wall time from outside (interpreter start and imports included), and the
    processor time it and its own children used (every core: less noisy than wall time on a busy machine)."""
    start, cpu = time.perf_counter(), _children_cpu()
    row: dict[str, float] = run(code, *args)
    row["wall"] = time.perf_counter() - start
    row["cpu"] = _children_cpu() - cpu
    return row


def _profile_with(folder: Path, needle: str, n: int) -> Path:
    """The n-th profile (by name, cycling) whose text has ``needle``: the same person for the same n."""
    paths = [p for p in sorted(folder.glob("*.yml")) if needle in p.read_text(encoding="utf-8")]
    return paths[(n * 7919) % len(paths)]


def edit_bio(folder: Path, n: int) -> Path:
    """Change one person's bio (words only: the matcher does not read it)."""
    path = _profile_with(folder, "\nbio:", n)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("bio:"))
    if lines[at].rstrip().endswith(("|", "|-", ">", ">-")):
        at += 1
        indent = len(lines[at]) - len(lines[at].lstrip())
        lines[at] = f"{lines[at][:indent]}Edited ({n}). {lines[at][indent:]}"
    else:
        lines[at] = lines[at].replace("bio: ", f"bio: Edited ({n}). ", 1)
    path.write_text("".join(lines), encoding="utf-8")
    return path


def edit_topic(folder: Path, n: int) -> Path:
    """Change one mentor's first topic to one they did not have (the matcher reads it)."""
    from matcher.profile.schema import vocabulary

    path = _profile_with(folder, "\nmentor:\n  topics:\n", n)
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("\nmentor:\n  topics:\n    - ", 1)
    first, rest = tail.split("\n", 1)
    new = next(t for t in vocabulary("topic") if t != first and f"- {t}\n" not in text)
    path.write_text(f"{head}\nmentor:\n  topics:\n    - {new}\n{rest}", encoding="utf-8")
    return path


def fresh_folder(tmp: Path, name: str) -> Path:
    """A folder no run has written into yet (``name-1``, ``name-2``...), deleted once every run of its kind is done.

    Deleting the last run's output before the next run would time the disk, not the build: on a
    file system without a journal (this machine's ext4), the kernel skips every inode freed in the
    last few minutes when it allocates one for a new file, checking each, so every run was
    slower than the one before, by up to half (a run 6.4 s after a quiet spell, 10.4 s two runs
    later, the same build), and Hugo (a folder per page) more than ours. A journaled file system,
    what a user's machine has, does not do that.
    """
    n = 1
    while (tmp / f"{name}-{n}").exists():
        n += 1
    return tmp / f"{name}-{n}"


def med(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def cold_rounds(args: argparse.Namespace, folder: Path, matches: Path, tmp: Path, hugo: bool) -> None:
    ours: list[dict[str, float]] = []
    theirs: list[dict[str, float]] = []
    pages: list[dict[str, float]] = []  # ours without the search index: what Hugo alone does
    site = tmp / "hugo-site"
    if hugo:
        write_hugo_site(folder, site)
    for n in range(args.repeat + 1):  # the first round warms the disk cache and the .pyc files; not counted
        # Each run writes into a folder of its own, never one just emptied (see fresh_folder).
        row = timed(OURS, str(folder), str(matches), str(fresh_folder(tmp, "ours")), "0")
        ours.append(row) if n else None
        alone = timed(OURS, str(folder), str(matches), str(fresh_folder(tmp, "ours-pages")), "0", "0")
        pages.append(alone) if n else None
        if hugo:
            other = timed(HUGO, str(site), str(fresh_folder(tmp, "hugo-public")))
            other["wall"] = other["seconds"]
            theirs.append(other) if n else None
        print(
            f"  round {n}{' (warm-up)' if not n else ''}: ours {row['wall']:.1f} s"
            + (f", Hugo + Pagefind {other['seconds']:.1f} s" if hugo else ""),
            flush=True,
        )
    last = ours[-1]
    print(f"\ncold build of {args.count:,} people ({last['files']:,.0f} files), median of {args.repeat}:")
    print(
        f"  ours (validation, {last['rendered']:,.0f} pages, data, search index) {med(ours, 'wall'):6.2f} s"
        f"   peak {max(r['peak_mb'] for r in ours):5.0f} MB"
    )
    print(
        f"    validation {med(ours, 'validate'):.2f} s, computing {med(ours, 'compute'):.2f} s,"
        f" rendering {med(ours, 'render'):.2f} s, then waiting for Pagefind {med(ours, 'search_wait'):.2f} s"
    )
    if hugo:
        ratio = med(ours, "wall") / med(theirs, "seconds")
        print(
            f"  Hugo + Pagefind                                       {med(theirs, 'seconds'):6.2f} s"
            f"   peak {max(r['peak_mb'] for r in theirs):5.0f} MB   (Hugo alone {med(theirs, 'hugo'):.2f} s)"
        )
        print(f"  ratio ours / Hugo + Pagefind: {ratio:.2f}  {'faster' if ratio < 1 else 'SLOWER'}")
        cpu = med(ours, "cpu") / med(theirs, "cpu")
        print(
            f"  processor time (all cores): ours {med(ours, 'cpu'):.1f} s, Hugo + Pagefind {med(theirs, 'cpu'):.1f} s"
            f" (ratio {cpu:.2f})"
        )
        # Where the difference is: the pages (ours without a search index, Hugo alone), then the search index
        # (what it adds to ours, made while the pages are; Pagefind over Hugo's pages, after them).
        print(
            f"  the pages alone: ours {med(pages, 'wall'):.2f} s (processor {med(pages, 'cpu'):.1f} s),"
            f" Hugo {med(theirs, 'hugo'):.2f} s (processor {med(theirs, 'hugo_cpu'):.1f} s)"
        )
        theirs_search = [r["cpu"] - r["hugo_cpu"] for r in theirs]
        print(
            f"  the search index: adds {med(ours, 'wall') - med(pages, 'wall'):.2f} s to ours"
            f" (processor {med(ours, 'cpu') - med(pages, 'cpu'):.1f} s, made beside the pages),"
            f" Pagefind after Hugo {med(theirs, 'seconds') - med(theirs, 'hugo'):.2f} s"
            f" (processor {statistics.median(theirs_search):.1f} s)"
        )
    runs = ", ".join(f"{r['wall']:.1f}" for r in ours)
    other_runs = ", ".join(f"{r['seconds']:.1f}" for r in theirs)
    print(f"  every run: ours {runs} s" + (f"; Hugo + Pagefind {other_runs} s" if hugo else ""))


def language_rounds(args: argparse.Namespace, folder: Path, matches: Path, tmp: Path) -> None:
    """One language against several, from nothing, taking turns; medians and the ratio."""
    languages = args.languages.split(",")
    one: list[dict[str, float]] = []
    many: list[dict[str, float]] = []
    for n in range(args.repeat + 1):
        for rows, codes in ((one, languages[:1]), (many, languages)):
            out = fresh_folder(tmp, f"languages-{len(codes)}")
            row = timed(LANGUAGES, str(folder), str(matches), str(out), ",".join(codes))
            rows.append(row) if n else None
    for done in sorted(tmp.glob("languages-*")):
        shutil.rmtree(done)
    ratio = med(many, "wall") / med(one, "wall")
    print(f"\nthe site in {len(languages)} languages ({args.languages}) from nothing, median of {args.repeat}:")
    print(f"  one language    {med(one, 'wall'):6.2f} s   peak {max(r['peak_mb'] for r in one):5.0f} MB")
    print(
        f"  {len(languages)} languages     {med(many, 'wall'):6.2f} s   peak {max(r['peak_mb'] for r in many):5.0f} MB"
        f"   ({max(r['files'] for r in many):,.0f} files)"
    )
    print(f"  ratio: {ratio:.2f}   target 1.6")


def incremental_rounds(args: argparse.Namespace, folder: Path, matches: Path, tmp: Path) -> None:
    out = tmp / "incremental"
    timed(OURS, str(folder), str(matches), str(out), "1")  # the build an edit follows
    # As `invoke build` leaves it: the matcher's output stamped with the key of what it was made from
    # (unstamped, the first edit would run the matcher by the files' times, and be timed with it).
    needed, _inputs = match_needed(matches, folder)
    assert not needed, "the matcher's output is older than the profiles it was made from"
    os.sync()  # its 200 MB on their way to the disk would be timed with the first rebuilds
    bio: list[dict[str, float]] = []
    topic: list[dict[str, float]] = []
    for n in range(args.repeat):
        edit_bio(folder, n)
        bio.append(timed(REBUILD, str(folder), str(matches), str(out)))
        edit_topic(folder, n)
        topic.append(timed(REBUILD, str(folder), str(matches), str(out)))
    live: list[dict[str, Any]] = run(LIVE, str(folder), str(matches), str(out), str(args.repeat))
    print("\nrebuild after one edit (invoke build, fresh process), median of", args.repeat)
    print(
        f"  a bio edit (no matching):      {med(bio, 'wall'):6.2f} s   target 1.5 s"
        f"   ({med(bio, 'rendered'):.0f} pages written, {med(bio, 'indexed'):,.0f} records indexed)"
    )
    over = med(topic, "wall") - med(topic, "match")
    print(
        f"  a topic edit (matcher runs):   {med(topic, 'wall'):6.2f} s = matching {med(topic, 'match'):.2f} s"
        f" + {over:.2f} s   target match + 2 s   ({med(topic, 'rendered'):.0f} pages written,"
        f" {med(topic, 'indexed'):,.0f} records indexed)"
    )
    print("rebuild after one edit in `invoke live` (one process; the search index follows the pages)")
    for kind in ("bio", "topic"):
        rows = [r for r in live if r["kind"] == kind]
        match = med(rows, "match")
        target = "1.5 s" if kind == "bio" else f"match + 2 s = {match + 2:.2f} s"
        print(
            f"  a {kind} edit: pages served after {med(rows, 'pages'):5.2f} s (matching {match:.2f} s of it),"
            f" everything, search included, after {med(rows, 'search'):5.2f} s   target {target}"
            f"   ({med(rows, 'rendered'):.0f} pages written)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of each kind; medians are reported")
    parser.add_argument("--matches", help="use this matcher output instead of running the matcher once")
    parser.add_argument("--no-incremental", action="store_true", help="only the cold builds")
    parser.add_argument(
        "--languages", default="", help="also time the site in these languages against the first alone (en,fr,es,ar)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        folder = tmp / "profiles"
        write_community(args.count, args.seed, folder)
        matches = tmp / "matches.json"
        if args.matches:
            shutil.copy(args.matches, matches)
        else:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "matcher", "match", "--profiles", str(folder), "--out", str(matches), "--quiet"],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            print(f"matcher output made in {time.perf_counter() - start:.1f} s (not part of the timings)")
        version = hugo_version()
        missing = "hugo is not installed (Debian: apt-get install hugo): the Hugo + Pagefind side is skipped"
        print(
            f"{args.count:,} synthetic people (seed {args.seed}); {os.cpu_count()} cores;"
            f" load average {os.getloadavg()[0]:.2f}; {version or missing}"
        )
        cold_rounds(args, folder, matches, tmp, hugo=version is not None)
        # Their gigabytes, still being written to the disk, would slow the rebuilds timed next.
        for done in sorted(tmp.glob("ours-*")) + sorted(tmp.glob("hugo-public-*")):
            shutil.rmtree(done)
        os.sync()  # (what is left of them to write, before the rebuilds are timed)
        if not args.no_incremental:
            incremental_rounds(args, folder, matches, tmp)
        if args.languages:
            language_rounds(args, folder, matches, tmp)
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
