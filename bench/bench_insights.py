"""Insights for one person with five years of daily check-ins.

Prints the time to compute every measure's after-session comparison (2,000 bootstrap
resamples each) and the ratio to the budget of one second. Run: .venv/bin/python
bench/bench_insights.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hearth.checkins.stats import CheckIn, compare_after_sessions

BUDGET_SECONDS = 1.0
RUNS = 5


def five_years() -> tuple[dict[date, CheckIn], set[date]]:
    start = date(2021, 1, 1)
    checkins: dict[date, CheckIn] = {}
    sessions: set[date] = set()
    for n in range(1826):
        day = start + timedelta(days=n)
        if n % 7 in (1, 4):
            sessions.add(day)
        if n % 11 == 3:
            continue
        value = (n * 7) % 11
        checkins[day] = CheckIn(value, 10 - value, (n * 3) % 11, (n * 5) % 11, 5 + (n % 9) / 2)
    return checkins, sessions


def main() -> None:
    checkins, sessions = five_years()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        compare_after_sessions(checkins, sessions)
        timings.append(time.perf_counter() - started)
    median, low, high = (statistics.median(timings), min(timings), max(timings))
    verdict = "PASS" if median < BUDGET_SECONDS else "MISS"
    print(f"insights, 5 years ({len(checkins)} check-ins, {len(sessions)} session days)")
    print(
        f"  median {median * 1e3:.0f} ms (min {low * 1e3:.0f}, max {high * 1e3:.0f}), {RUNS} runs"
    )
    print(f"  budget {BUDGET_SECONDS * 1e3:.0f} ms, ratio {median / BUDGET_SECONDS:.2f}: {verdict}")
    figure = {
        "group": "insights",
        "name": f"a couple's insights, 5 years of daily data ({len(checkins)} check-ins)",
        "value": round(median * 1e3, 1),
        "unit": "ms",
        "budget": BUDGET_SECONDS * 1e3,
        "higher_is_better": False,
        "ok": median < BUDGET_SECONDS,
    }
    print("BENCH_JSON " + json.dumps({"bench": "insights", "figures": [figure]}))


if __name__ == "__main__":
    main()
