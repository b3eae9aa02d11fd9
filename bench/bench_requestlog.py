"""What the request log and the metrics counts cost per request.

Runs the bare view `/livez` through Django's whole middleware stack with the test client,
once with the request log middleware as configured (a JSON line written to a file, the
counts kept) and once without it, in the same run, and prints the time per request of each
and the difference in microseconds. Run: .venv/bin/python bench/bench_requestlog.py
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
os.environ.setdefault("HEARTH_DEBUG", "1")
os.environ.setdefault("HEARTH_DATA_DIR", tempfile.mkdtemp(prefix="hearth-bench-log-"))

import django

django.setup()

from django.test import Client, modify_settings  # noqa: E402

REQUESTS = 3000
ROUNDS = 5
MIDDLEWARE = "hearth.ops.requestlog.RequestLogMiddleware"


def per_request_us(client: Client) -> float:
    started = time.perf_counter()
    for _ in range(REQUESTS):
        client.get("/livez", HTTP_HOST="127.0.0.1")
    return (time.perf_counter() - started) / REQUESTS * 1e6


def main() -> None:
    sink = open(os.devnull, "w")  # noqa: SIM115  (the lines are written, then thrown away)
    for handler in logging.getLogger("hearth.requests").handlers:
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(sink)
    with_log, without = [], []
    for _ in range(ROUNDS):
        with_log.append(per_request_us(Client()))
        with modify_settings(MIDDLEWARE={"remove": [MIDDLEWARE]}):
            without.append(per_request_us(Client()))
    a, b = statistics.median(with_log), statistics.median(without)
    print(f"/livez through every middleware, median of {ROUNDS} x {REQUESTS} requests")
    print(f"  with the request log and counts: {a:8.1f} us per request")
    print(f"  without:                         {b:8.1f} us per request")
    print(f"  cost of logging and counting:    {a - b:8.1f} us per request ({a / b:.2f}x)")


if __name__ == "__main__":
    main()
