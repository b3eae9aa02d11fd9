"""What the request log and the metrics counts cost per request.

Two figures from one run: the middleware alone around a view that does nothing (its own
cost: the id, the route, the counts, the line written to /dev/null), and the bare view
`/livez` through Django's whole middleware stack with the test client, with and without the
middleware (a noisier figure: the difference is small next to the run-to-run spread on a
busy machine). Run: .venv/bin/python bench/bench_requestlog.py
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

from django.http import HttpResponse  # noqa: E402
from django.test import Client, RequestFactory, modify_settings  # noqa: E402
from django.urls import resolve  # noqa: E402

from hearth.ops.requestlog import RequestLogMiddleware  # noqa: E402

REQUESTS = 3000
ROUNDS = 5
MIDDLEWARE = "hearth.ops.requestlog.RequestLogMiddleware"


def per_request_us(client: Client) -> float:
    started = time.perf_counter()
    for _ in range(REQUESTS):
        client.get("/livez", HTTP_HOST="127.0.0.1")
    return (time.perf_counter() - started) / REQUESTS * 1e6


def middleware_alone_us() -> float:
    answer = HttpResponse()
    request = RequestFactory().get("/livez")
    request.resolver_match = resolve("/livez")
    middleware = RequestLogMiddleware(lambda _request: answer)
    started = time.perf_counter()
    for _ in range(REQUESTS * 5):
        middleware(request)
    return (time.perf_counter() - started) / (REQUESTS * 5) * 1e6


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
    alone = statistics.median(middleware_alone_us() for _ in range(ROUNDS))
    a, b = statistics.median(with_log), statistics.median(without)
    print(f"the middleware alone, median of {ROUNDS} x {REQUESTS * 5} calls: {alone:.1f} us")
    print(f"/livez through every middleware, median of {ROUNDS} x {REQUESTS} requests")
    print(f"  with the request log and counts: {a:8.1f} us per request")
    print(f"  without:                         {b:8.1f} us per request")
    print(f"  cost of logging and counting:    {a - b:8.1f} us per request ({a / b:.2f}x)")


if __name__ == "__main__":
    main()
