"""Queries per page: built afresh, and answered with the kept page (hearth/core/readcache.py).

Run: ``.venv/bin/python bench/page_queries.py [--couples N]``; with DATABASE_URL set
(``scripts/bench-postgres``) on PostgreSQL, else on SQLite in a temporary folder. It builds
the HTTP benchmark's world (bench/profile_page.py: bulk couples and bench/personas.py),
loads each page once (a first load of the day may set things up), forgets the kept pages,
then counts the queries of a fresh build and of the next load, which gets the kept page.
Budget (issue 19): the home page in at most 6 queries, as people load it again and again
(kept); the fresh build's count is a reference (tests/test_query_counts.py holds it
constant whatever the data size). The last line is ``BENCH_JSON {...}`` for bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["HEARTH_READ_CACHE_MB"] = "8"  # as served: pages are kept

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import profile_page  # noqa: E402  (sets up Django in a throwaway database)
from hearth.core import readcache  # noqa: E402

HOME_BUDGET = 6
PAGES = {
    "floor": ("partner_a", "/privacy/"),
    "home": ("partner_a", "/"),
    "result": ("partner_a", "RESULT"),
    "check-in": ("partner_a", "/checkins/"),
    "caseload": ("clinician", "/clinic/"),
    "caseload 500": ("clinician_500", "/clinic/"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--couples", type=int, default=10)
    options = parser.parse_args()
    profile_page.build_world(options.couples)
    vendor = connection.vendor
    figures = []
    for page, (who, path) in PAGES.items():
        client = profile_page.signed_in(who)
        url = path.replace(
            "RESULT", f"/questionnaires/sitting/{profile_page._newest_result()}/result/"
        )
        assert client.get(url).status_code == 200, url
        readcache.forget_all()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        afresh, kept = counts
        print(f"{page:<14} {afresh:3} queries built afresh, {kept:3} kept", flush=True)
        figures += [
            {"group": f"{vendor}, queries", "name": f"{page}: queries, built afresh",
             "value": afresh, "unit": "", "budget": None, "higher_is_better": False, "ok": None},
            {"group": f"{vendor}, queries", "name": f"{page}: queries, kept page",
             "value": kept, "unit": "", "budget": HOME_BUDGET if page == "home" else None,
             "higher_is_better": False, "ok": kept <= HOME_BUDGET if page == "home" else None},
        ]  # fmt: skip
    print("BENCH_JSON " + json.dumps({"bench": f"queries-{vendor}", "figures": figures}))


if __name__ == "__main__":
    main()
