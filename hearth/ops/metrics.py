"""Request counts and latencies per route, for the Prometheus text page (`/metrics`).

Each process counts in memory. An app server runs several worker processes: each writes
its counts to a file of its own in `$HEARTH_DATA_DIR/metrics/` at most once every few
seconds, and the page adds up every file of this app server plus its own live counts.
`hearth serve` empties the folder when it starts (counters start again at zero, which
Prometheus expects after a restart). Several app servers are scraped one by one, each on
its own address, and Prometheus adds them up.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
FLUSH_SECONDS = 5.0
Key = tuple[str, str, str]  # route, method, status class


class Counts:
    """One process's counts: requests per (route, method, status class) and latencies."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: dict[Key, int] = defaultdict(int)
        # per route: one count per bucket, then the sum of seconds and the number of requests
        self.latency: dict[str, list[float]] = {}
        self.flushed = 0.0

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        with self.lock:
            self.requests[(route, method, f"{status // 100}xx")] += 1
            row = self.latency.get(route)
            if row is None:
                row = self.latency[route] = [0.0] * (len(BUCKETS) + 2)
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    row[i] += 1
                    break
            row[-2] += seconds
            row[-1] += 1
        if time.monotonic() - self.flushed > FLUSH_SECONDS:
            self.flush()

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "requests": [[*key, n] for key, n in self.requests.items()],
                "latency": {route: list(row) for route, row in self.latency.items()},
            }

    def flush(self) -> None:
        """Write this process's counts to its own file (a new file renamed into place)."""
        self.flushed = time.monotonic()
        folder = folder_path()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"worker-{os.getpid()}.json"
            partial = folder / f".worker-{os.getpid()}.partial"
            partial.write_text(json.dumps(self.snapshot()), encoding="utf-8")
            partial.replace(target)
        except OSError:
            pass  # counting must never break a request


COUNTS = Counts()


def folder_path() -> Path:
    return Path(settings.DATA_DIR) / "metrics"


def clear() -> None:
    """Called by `hearth serve` before its workers start."""
    folder = folder_path()
    if folder.is_dir():
        for path in folder.glob("*worker-*"):
            path.unlink(missing_ok=True)


def combined() -> dict[str, Any]:
    """Every worker's counts on this app server, this process's live ones included."""
    requests: dict[Key, int] = defaultdict(int)
    latency: dict[str, list[float]] = {}
    own = f"worker-{os.getpid()}.json"
    snapshots = [COUNTS.snapshot()]
    for path in sorted(folder_path().glob("worker-*.json")):
        if path.name != own:
            try:
                snapshots.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue
    for snap in snapshots:
        for route, method, status, n in snap["requests"]:
            requests[(route, method, status)] += n
        for route, row in snap["latency"].items():
            total = latency.setdefault(route, [0.0] * (len(BUCKETS) + 2))
            for i, value in enumerate(row):
                total[i] += value
    return {"requests": requests, "latency": latency, "workers": len(snapshots)}
