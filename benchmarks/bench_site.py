"""Site build speed and memory at 10,000 synthetic profiles.

Target: the whole build (validation, rendering, search index beside it) within 15 s and
1 GB, and rendering alone faster than Hugo's ~7 s for 10,000 pages (figures measured for
the issue: Pelican with a Markdown file per record ~22 s, Hugo ~7 s, a Pelican generator
rendering from YAML ~3 s).

Each build runs in a fresh process, as `invoke build` does, so imports and peak memory count.
Peak memory is the build process's peak plus the Pagefind process's peak (they overlap).

    python benchmarks/bench_site.py [--count 10000] [--seed 7] [--repeat 3] [--no-matches]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.synth import write_community  # noqa: E402

CHILD = """
import json, resource, sys, time
start = time.perf_counter()
from matcher.site.build import build_site
profiles, matches, out, search = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
report = build_site("pelicanconf.py", profiles=profiles, matches=matches, output=out, search=search)
seconds = time.perf_counter() - start
s = report.stats
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "build": report.seconds, "validate": s.validate_seconds,
                  "compute": s.compute_seconds,
                  "render": s.render_seconds, "pages": s.pages_seconds, "search_wait": s.search_wait_seconds,
                  "written": s.pages, "indexed": s.indexed, "published": s.published, "files": report.files,
                  "own_mb": own, "children_mb": children}))
"""

SEARCH_ALONE = """
import json, resource, sys, time
from pathlib import Path
from matcher.validate import validate_paths
from matcher.site.community import build_community
from matcher.site.search import SearchIndex, record_of
community = build_community(validate_paths([Path(sys.argv[1])]).profiles)
start = time.perf_counter()
index = SearchIndex(Path(sys.argv[2]))
index.add_all(record_of(p) for p in community.profiles)
count = index.finish()
print(json.dumps({"seconds": time.perf_counter() - start, "records": count,
                  "pagefind_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind; the median is reported")
    parser.add_argument("--no-matches", action="store_true", help="build without the matcher's output")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "profiles", Path(tmp) / "output"
        start = time.perf_counter()
        write_community(args.count, args.seed, folder)
        print(f"{args.count:,} synthetic profiles (seed {args.seed}) written in {time.perf_counter() - start:.1f} s")
        matches = Path(tmp) / "matches.json"
        if not args.no_matches:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "matcher", "match", "--profiles", str(folder), "--out", str(matches)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            size = matches.stat().st_size / 1e6
            print(
                f"matcher output for the profile pages: {size:.0f} MB,"
                f" made in {time.perf_counter() - start:.1f} s (not timed)"
            )
        print(f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.2f}\n")

        run(CHILD, str(folder), str(matches), str(out), "0")  # warm the disk cache and the .pyc files
        full = [run(CHILD, str(folder), str(matches), str(out), "1") for _ in range(args.repeat)]
        bare = [run(CHILD, str(folder), str(matches), str(out), "0") for _ in range(args.repeat)]
        alone = [run(SEARCH_ALONE, str(folder), str(Path(tmp) / "search-only")) for _ in range(args.repeat)]

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    peak = max(r["own_mb"] + r["children_mb"] for r in full)
    total = med(full, "seconds")
    rendering = med(bare, "compute") + med(bare, "render")
    last = full[-1]
    print(
        f"site: {last['published']:,.0f} profiles published, {last['written']:,.0f} pages written, "
        f"{last['indexed']:,.0f} search records, {last['files']:,.0f} files in all"
    )
    print(
        f"  whole build (as `invoke build`, process start to finish): {total:6.2f} s   target 15 s   "
        f"{'OK' if total <= 15 else 'OVER'}"
    )
    print(f"    validation                                           {med(full, 'validate'):6.2f} s")
    print(f"    computing pages, facets, dashboard                   {med(full, 'compute'):6.2f} s")
    print(f"    rendering and writing (Pagefind indexing beside it)  {med(full, 'render'):6.2f} s")
    print(f"    then waiting for the search index                    {med(full, 'search_wait'):6.2f} s")
    print(
        f"  peak memory (build + Pagefind):                         {peak:6.0f} MB  target 1024 MB "
        f"{'OK' if peak <= 1024 else 'OVER'}"
    )
    print(
        f"  rendering alone (no search index; computing + writing): {rendering:6.2f} s   Hugo ~7 s for as many pages   "
        f"{'faster' if rendering < 7 else 'SLOWER'}"
    )
    print(f"    of which profile, directory and facet pages            {med(bare, 'pages'):6.2f} s")
    print(
        f"  search index alone (records in, bundle written):         {med(alone, 'seconds'):6.2f} s, "
        f"Pagefind peak {max(r['pagefind_mb'] for r in alone):.0f} MB"
    )
    runs = ", ".join(f"{r['seconds']:.1f}" for r in full)
    print(f"  (median of {args.repeat}; every run: {runs} s)")


if __name__ == "__main__":
    main()
