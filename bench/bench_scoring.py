"""Benchmark: batch PHQ-9 scoring against only reading the same file with the csv module.

Run with ``.venv/bin/python bench/bench_scoring.py [ROWS]``. It writes ROWS random PHQ-9
administrations (fixed seed, default 1,000,000) to a temporary file, then times, in turns,
(a) reading it with ``csv.reader`` and (b) scoring it to /dev/null with ``hearth score``'s
engine. It reports the best of several runs of each, and, once, the plain reference way
(``score_csv(..., fast=False)``) as a reference figure: what the fast module buys.

Budget: at least 1,000,000 rows a second, and scoring under 2x the plain read.
Answers are uniform at random, the worst case for the memo (about 260,000 distinct rows).
"""

from __future__ import annotations

import csv
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hearth.measures.batch import score_csv  # noqa: E402
from hearth.measures.definitions import load_instruments  # noqa: E402

SEED = 20240501
ROUNDS = 5
RATE_BUDGET = 1_000_000
RATIO_BUDGET = 2.0
PLAIN_ROWS = 20_000


def write_rows(path: Path, rows: int) -> None:
    rng = random.Random(SEED)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "date", *(f"q{i}" for i in range(1, 10))])
        for n in range(rows):
            answers = [rng.randrange(4) for _ in range(9)]
            writer.writerow([n, f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}", *answers])


def read_only(path: Path) -> int:
    count = 0
    with path.open(newline="") as handle:
        for _ in csv.reader(handle):
            count += 1
    return count - 1


def score_all(path: Path, *, fast: bool = True) -> int:
    phq9 = load_instruments()["phq9"]
    with path.open(newline="") as source, open(os.devnull, "w") as sink:
        return score_csv(phq9, source, sink, fast=fast).rows


def score_plain(path: Path) -> int:
    return score_all(path, fast=False)


def best_time(fn: Callable[[Path], int], path: Path, times: list[float]) -> None:
    start = time.perf_counter()
    fn(path)
    times.append(time.perf_counter() - start)


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "phq9.csv"
        write_rows(path, rows)
        read_times: list[float] = []
        score_times: list[float] = []
        for _ in range(ROUNDS):  # alternate, so both see the same machine load
            best_time(read_only, path, read_times)
            best_time(score_all, path, score_times)
        # The plain way scores every distinct row with the engine (~100 us each): a subset.
        plain_rows = min(rows, PLAIN_ROWS)
        plain_path = Path(tmp) / "phq9-plain.csv"
        write_rows(plain_path, plain_rows)
        plain_times: list[float] = []
        best_time(score_plain, plain_path, plain_times)
    read_best, score_best = min(read_times), min(score_times)
    rate, ratio = rows / score_best, score_best / read_best
    print(f"rows:             {rows:,}")
    print(f"csv read only:    {read_best:.3f} s  ({rows / read_best:,.0f} rows/s)")
    print(f"batch scoring:    {score_best:.3f} s  ({rate:,.0f} rows/s)")
    print(f"ratio:            {ratio:.2f}x the plain read")
    plain_rate = plain_rows / plain_times[0]
    print(f"plain reference:  {plain_rate:,.0f} rows/s (first {plain_rows:,} rows, one run)")
    print(
        f"budget rate:      >= {RATE_BUDGET:,} rows/s  {'PASS' if rate >= RATE_BUDGET else 'MISS'}"
    )
    print(f"budget ratio:     < {RATIO_BUDGET}x  {'PASS' if ratio < RATIO_BUDGET else 'MISS'}")
    figures = [
        {"group": "scoring", "name": f"batch PHQ-9 scoring of {rows:,} rows", "value": round(rate),
         "unit": "rows/s", "budget": RATE_BUDGET, "higher_is_better": True,
         "ok": rate >= RATE_BUDGET},
        {"group": "scoring", "name": "scoring time vs reading the same CSV",
         "value": round(ratio, 2), "unit": "x", "budget": RATIO_BUDGET, "higher_is_better": False,
         "ok": ratio < RATIO_BUDGET},
        {"group": "scoring", "name": "plain reference way (reference figure)",
         "value": round(plain_rate), "unit": "rows/s", "budget": None,
         "higher_is_better": True, "ok": True},
    ]  # fmt: skip
    print("BENCH_JSON " + json.dumps({"bench": "scoring", "figures": figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
