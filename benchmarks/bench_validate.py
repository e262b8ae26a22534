"""Validation speed: 10,000 synthetic profiles against the floor of reading and parsing them.

The floor is what any validator must pay: read each file and parse it with libyaml's C
loader (yaml.CSafeLoader), nothing more. Target: full validation within 2x the floor.

    python benchmarks/bench_validate.py [--count 10000] [--seed 7] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matcher.profile.validate import validate_paths
from matcher.synth import write_community


def floor(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def full(folder: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = validate_paths([folder])
    elapsed = time.perf_counter() - start
    assert result.ok, [str(p) for p in result.problems[:5]]
    return elapsed, len(result.profiles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs for each figure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_community(args.count, args.seed, folder)
        files = sorted(folder.glob("*.yml"))
        size = sum(f.stat().st_size for f in files)
        floor(files)  # warm the page cache and the schema/pycountry caches before timing
        validate_paths([folder])
        floors, fulls = [], []
        for _ in range(args.repeat):
            gc.collect()
            floors.append(floor(files))
            gc.collect()
            elapsed, profiles = full(folder)
            fulls.append(elapsed)
    best_floor, best_full = min(floors), min(fulls)
    print(f"profiles:               {len(files):,} files, {size / 1e6:.1f} MB")
    print(f"floor (read + C parse): {best_floor:6.2f} s  ({best_floor / len(files) * 1e6:,.0f} µs/file)")
    print(
        f"validate (everything):  {best_full:6.2f} s  ({best_full / len(files) * 1e6:,.0f} µs/file),"
        f" {profiles:,} valid profiles"
    )
    ratio = best_full / best_floor
    print(f"ratio:                  {ratio:6.2f}x the floor (target: within 2x) -> {'MET' if ratio <= 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
