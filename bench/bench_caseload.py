"""Benchmark: the clinician's caseload page at 10 and at 500 clients.

Run with ``.venv/bin/python bench/bench_caseload.py [ROUNDS]``. It builds a throwaway SQLite
database in a temporary folder, seeds two clinicians (10 and 500 clients, half in couples,
each with a mix of consents, two PHQ-9 and two GAD-7 scores, a program and a few risk
events) with bulk_create, then times GET /clinic/ through Django's test Client in turns,
every load built afresh (HEARTH_READ_CACHE_MB=0: the page's build, not its kept copy).
It prints the median milliseconds per request, the query count and the ratio. No budget is
asserted here: the fixed query count is asserted in tests/clinic/test_caseload.py.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = tempfile.mkdtemp(prefix="hearth-bench-")
os.environ.update(
    HEARTH_DEBUG="1",
    HEARTH_DATA_DIR=DATA,
    HEARTH_DATABASE_URL=f"sqlite:///{DATA}/bench.sqlite3",
    # Every load builds the page: this measures the build, not the kept page.
    HEARTH_READ_CACHE_MB="0",
    DJANGO_SETTINGS_MODULE="hearth.settings",
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import personas  # noqa: E402
from hearth.accounts.models import User  # noqa: E402

SIZES = (10, 500)


def seed(size: int) -> User:
    clinician = User.objects.create(
        email=f"dr{size}@bench.invalid", display_name="Dr", role=User.Role.CLINICIAN
    )
    # A clinician must have two-step sign-in on before any clinic page opens.
    personas.two_step(clinician)
    personas.big_caseload(clinician, size)
    return clinician


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    call_command("migrate", verbosity=0)
    clients = {}
    for size in SIZES:
        client = Client(SERVER_NAME="localhost")
        client.force_login(seed(size))
        client.get("/clinic/")  # warm up; notes the day's listing once per client
        clients[size] = client
    times: dict[int, list[float]] = {size: [] for size in SIZES}
    for _ in range(rounds):
        for size in SIZES:
            start = time.perf_counter()
            response = clients[size].get("/clinic/")
            times[size].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
    for size in SIZES:
        with CaptureQueriesContext(connection) as captured:
            clients[size].get("/clinic/")
        median = statistics.median(times[size])
        print(
            f"{size:>4} clients: {median:8.1f} ms per request (median of {rounds}), "
            f"{len(captured)} queries"
        )
    ratio = statistics.median(times[SIZES[1]]) / statistics.median(times[SIZES[0]])
    print(
        f"ratio {SIZES[1]}/{SIZES[0]} clients: {ratio:.1f}x time for {SIZES[1] // SIZES[0]}x rows"
    )
    figures = [
        {"group": "caseload (test client)", "name": f"caseload of {size} clients, median",
         "value": round(statistics.median(times[size]), 1), "unit": "ms", "budget": None,
         "higher_is_better": False, "ok": None}
        for size in SIZES
    ] + [
        {"group": "caseload (test client)", "name": f"time for {SIZES[1]} vs {SIZES[0]} clients",
         "value": round(ratio, 1), "unit": "x", "budget": None, "higher_is_better": False,
         "ok": None}
    ]  # fmt: skip
    print("BENCH_JSON " + json.dumps({"bench": "caseload", "figures": figures}))


if __name__ == "__main__":
    main()
