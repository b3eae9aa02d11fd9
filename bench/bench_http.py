"""Throughput, latency, growth and memory of the real server, as ratios measured in one run.

Run: ``.venv/bin/python bench/bench_http.py [--size small|large]``. With DATABASE_URL set
(``scripts/bench-postgres`` does that) it runs on PostgreSQL, otherwise on SQLite in a
temporary folder. It:

1. migrates a fresh database and seeds 10 couples with ``bench/seed_bulk.py``, then the
   benchmark's own people (bench/personas.py), who sign in through the real forms (the
   clinician with a two-step code);
2. serves it with ``hearth serve`` (granian, as ``make demo``) on 127.0.0.1 and drives it
   with wrk at 1, 8 and 32 clients, in three rounds (each page's figure is the median of
   the rounds): the bare view /livez (no database, no session: the framework's ceiling,
   measured in the same run), /healthz, the signed-in floor page (the privacy notice:
   session, person and layout, no app data), the partner's home, their newest
   questionnaire result, their check-in page, the caseload of a clinician with 22 clients
   and the first page (50) of one with 500;
3. sends each budgeted page an open-loop load (bench/openloop.py) at half of its measured
   capacity, after two seconds of the same load that are not counted (a warm-up, as wrk
   has), and takes the 99th percentile of latency (the median over the rounds), for
   reference only: one server with several threads is not how the guide runs Hearth;
4. unless ``--direct-only``, starts Hearth as docs/deploy.md runs it (bench/deployed.py:
   one app server of one worker and one thread per core, here two, behind Caddy with the
   guide's Caddyfile, plain HTTP) and measures the budgeted pages through Caddy the same
   way: wrk for the one-client median and the capacity, then the open loop at half of that
   capacity. The latency budget is checked on these figures, which are what people get;
5. with ``--size large``, seeds up to 100,000 couples and ten million check-ins and
   measures the same pages again: the growth figure is latency at the large size over the
   small size;
6. reads the peak resident memory (VmHWM) of each granian worker after all the load;
7. on SQLite, unless ``--no-peers``: builds Django's own admin and Wagtail's admin from the
   package registry, each in its own throwaway virtualenv (bench/peers.py), serves them the
   same way, and measures their signed-in pages (admin index, a change list of 10 users,
   Wagtail's dashboard) in the same rounds as Hearth's pages at the small size: every page is
   a share of the same bare view. Hearth's home and check-in should be at least as fast as
   the admin's change list.

For a quick look: ``--only home,floor --clients 8`` measures a few pages at one client
count (the bare view always runs too); ``BENCH_THREADS=N`` sets the server's threads per
worker (4 by default, as ``hearth serve``).

Budgets (issue 19), each a ratio measured in the same run: requests per second as a share of
the floor page's at the same client count, home at least 50 %, result and check-in at least
70 %, the caseload's page of 50 at least 30 %; the caseload flat from 22 to 500 clients (its
requests per second at 500 at least 80 % of those at 22); at a steady arrival rate of half
the page's capacity, p99 latency under 3 times the page's one-client median, both measured
through Caddy in front of the guide's app servers. Kept from
before: at the large size, median latency at one client within 1.25x of the small size (at
8 clients it is reported too, see growth_figures); a worker's peak memory under 150 MB.
Hearth's pages are measured as people get them, kept pages included (hearth/core/
readcache.py): wrk asks for the same page again and again, so nearly every load is a kept
one; bench/page_queries.py gives the queries of a kept and of a fresh build. The last line
is ``BENCH_JSON {...}`` for bench/run.py.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import deployed, openloop, peers  # noqa: E402
from hearth.accounts import totp  # noqa: E402  (pure: no Django)
from tests.server import hearth, server_env, server_process  # noqa: E402

CLIENTS = (1, 8, 32)
ROUNDS = 3
SMALL_COUPLES = 10
LARGE_COUPLES = 100_000
CHECKINS_PER_PERSON = 50  # 100,000 couples x 2 people x 50 days = ten million check-ins
# Requests per second as a share of the floor page's (%), per page.
FLOOR_BUDGETS = {
    "home": 50.0,
    "result": 70.0,
    "check-in": 70.0,
    "caseload": 30.0,
    "caseload 500": 30.0,
}
FLAT_BUDGET = 80.0  # the caseload of 500 clients' requests per second as % of 22 clients'
OPEN_LOOP_BUDGET = 3.0  # p99 at half capacity, as a multiple of the one-client median
OPEN_LOOP_SECONDS = 5
OPEN_LOOP_WARM_UP = 2  # seconds at the same rate before the counted runs of each page
GROWTH_BUDGET = 1.25
MEMORY_BUDGET_MB = 150.0
PEER_LIST = "django admin list"  # the page Hearth's home and check-in are held against
PEER_RIVALS = ("home", "check-in")


@dataclass
class Run:
    page: str
    clients: int
    rps: float
    p50_ms: float
    p99_ms: float
    bad: int  # non-2xx/3xx answers plus socket errors and timeouts: should be 0
    round: int = 1


@dataclass
class Figure:
    group: str
    name: str
    value: float
    unit: str
    budget: float | None
    higher_is_better: bool = True

    @property
    def ok(self) -> bool | None:
        if self.budget is None:
            return None
        return self.value >= self.budget if self.higher_is_better else self.value <= self.budget


# --- The server and its data ------------------------------------------------------------


def environment(data: Path, workers: int) -> dict[str, str]:
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{data}/hearth.sqlite3"
    return server_env(
        data,
        HEARTH_DATABASE_URL=database,
        HEARTH_WORKERS=str(workers),
        HEARTH_THREADS=os.environ.get("BENCH_THREADS", "4"),
        HEARTH_LOG_LEVEL="error",
    )


def must(args: list[str], env: dict[str, str], timeout: float = 3600) -> str:
    done = hearth(args, env, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit(f"hearth {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def bench_script(name: str, args: list[str], env: dict[str, str], timeout: float) -> str:
    """Run a Django script of bench/ in the benchmark's environment; its standard output."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / name), *args],
        env={**env, "DJANGO_SETTINGS_MODULE": "hearth.settings"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench/{name} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def seed(env: dict[str, str], couples: int, log: list[str]) -> float:
    """Add couples; returns the seconds seed_bulk reported for itself."""
    args = [f"--couples={couples}", f"--checkins-per-person={CHECKINS_PER_PERSON}"]
    out = bench_script("seed_bulk.py", args, env, timeout=3600)
    log.append(out.splitlines()[0])
    print(" ", out.splitlines()[0], flush=True)
    return float(json.loads(out.splitlines()[-1])["seed_seconds"])


def personas(env: dict[str, str]) -> dict[str, Any]:
    out = bench_script("personas.py", [], env, timeout=600)
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


# --- Signing in through the real forms ----------------------------------------------------


def _form_post(opener: urllib.request.OpenerDirector, url: str, fields: dict[str, str]) -> str:
    page = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, f"no form on {url}"
    data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token.group(1)}).encode()
    with opener.open(urllib.request.Request(url, data=data), timeout=30) as answer:
        return str(answer.geturl())


def sign_in(base: str, email: str, password: str, totp_secret: str = "") -> str:
    """The Cookie header of a fresh signed-in session (password, then code if needed)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    landed = _form_post(opener, f"{base}/login/", {"email": email, "password": password})
    if landed.endswith("/login/code/"):
        code = totp.totp(totp.decode_secret(totp_secret), time.time())
        landed = _form_post(opener, landed, {"code": code})
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies and "/login" not in landed, f"{email} did not sign in"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None


def status_of(url: str, cookie: str) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with opener.open(request, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


# --- Load -----------------------------------------------------------------------------------

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    assert match, f"not a wrk duration: {text!r}"
    number, unit = match.groups()
    return float(number) * _UNITS[unit]


def _percentile(found: dict[str, str], key: str, out: str) -> float:
    """wrk leaves out a percentile when too few requests ended; then its max stands in."""
    if key in found:
        return _ms(found[key])
    most = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out)
    return _ms(most.group(1)) if most else float("nan")


def wrk(url: str, clients: int, cookie: str, seconds: int) -> Run:
    # A 10 s timeout: a slow page should show as high latency, not as dropped requests.
    args = ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s"]
    args.append("--latency")
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*args, url], capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    percentile = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.MULTILINE))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    bad += sum(int(n) for n in errors.groups()) if errors else 0
    throughput = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert throughput, f"wrk printed no requests per second:\n{out}"
    rps = float(throughput.group(1))
    p50, p99 = (_percentile(percentile, key, out) for key in ("50", "99"))
    return Run("", clients, rps, p50, p99, bad)


def measure(
    pages: dict[str, tuple[str, str]],
    seconds: int,
    clients: tuple[int, ...] = CLIENTS,
    rounds: int = ROUNDS,
) -> list[Run]:
    """Every page (name -> URL, Cookie header) at every client count, in rounds; pages of one
    client count run back to back, so the floor, the bare view and the pages compared with
    them see the same machine load, and a burst of load from elsewhere spoils one round."""
    runs = []
    for name, (url, cookie) in pages.items():
        status = status_of(url, cookie)
        assert status == 200, f"{name} ({url}) answered {status}, not 200"
    for turn in range(1, rounds + 1):
        for count in clients:
            for name, (url, cookie) in pages.items():
                if turn == 1:
                    wrk(url, count, cookie, 1)  # warm up: connections, caches
                run = wrk(url, count, cookie, seconds)
                run.page, run.round = name, turn
                runs.append(run)
                print(
                    f"  {turn} {name:<22} {count:>2} clients: {run.rps:8.0f} req/s"
                    f"  p50 {run.p50_ms:6.1f} ms  p99 {run.p99_ms:6.1f} ms"
                    f"{'  ERRORS ' + str(run.bad) if run.bad else ''}",
                    flush=True,
                )
    return runs


def median_of(runs: list[Run], page: str, clients: int, value: str = "rps") -> float | None:
    found = [getattr(r, value) for r in runs if r.page == page and r.clients == clients]
    return statistics.median(found) if found else None


def ratio(runs: list[Run], page: str, base: str, clients: int) -> float | None:
    """The median over rounds of page's req/s over base's in the same round (%)."""
    rounds = {r.round for r in runs if r.page == page and r.clients == clients}
    shares = []
    for turn in rounds:
        top = [r.rps for r in runs if (r.page, r.clients, r.round) == (page, clients, turn)]
        bottom = [r.rps for r in runs if (r.page, r.clients, r.round) == (base, clients, turn)]
        if top and bottom and bottom[0]:
            shares.append(100 * top[0] / bottom[0])
    return round(statistics.median(shares), 1) if shares else None


# --- Memory ---------------------------------------------------------------------------------


def peak_memory_mb(server_pid: int) -> dict[int, float]:
    """VmHWM (peak resident set) of each granian worker process, in MB."""
    peaks = {}
    for pid in openloop.children(server_pid) or [server_pid]:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = re.search(r"VmHWM:\s+(\d+) kB", status)
        if kb:
            peaks[pid] = int(kb.group(1)) / 1024
    return peaks


# --- Figures --------------------------------------------------------------------------------


def throughput_figures(group: str, runs: list[Run]) -> list[Figure]:
    """Each budgeted page's requests per second as a share of the floor page's, at each
    client count (median of the rounds); the floor's own share of the bare view, and the
    caseload's flatness from 22 to 500 clients."""
    counts = sorted({r.clients for r in runs})
    figures = []
    for count in counts:
        floor = ratio(runs, "floor", "bare view", count)
        if floor is not None:
            figures.append(
                Figure(group, f"floor, {count} clients: req/s vs bare view", floor, "%", None)
            )
        for page, budget in FLOOR_BUDGETS.items():
            share = ratio(runs, page, "floor", count)
            if share is not None:
                figures.append(
                    Figure(group, f"{page}, {count} clients: req/s vs floor", share, "%", budget)
                )
        flat = ratio(runs, "caseload 500", "caseload", count)
        if flat is not None:
            figures.append(
                Figure(
                    group,
                    f"caseload 500 vs 22 clients, {count} clients: req/s",
                    flat,
                    "%",
                    FLAT_BUDGET,
                )
            )
    home = median_of(runs, "home", 8, "p99_ms")
    if home is not None:  # closed loop: mostly queueing on 2 cores; see open_loop_figures
        figures.append(Figure(group, "home, 8 clients: p99 latency", home, "ms", None, False))
    return figures


def cpu_seconds(pid: int) -> float:
    """Processor time (user and system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def open_loop_figures(
    group: str,
    pages: dict[str, tuple[str, str]],
    runs: list[Run],
    rows: list[dict[str, Any]],
    workers: list[int] | None = None,
    rounds: int = ROUNDS,
    budget: float | None = OPEN_LOOP_BUDGET,
    setup: str = "direct",
) -> list[Figure]:
    """Each budgeted page at a steady arrival rate of half its measured capacity (the best
    median req/s over the client counts): p99 latency over its own one-client median. Like
    every figure here, the median of ``rounds`` runs: on two shared cores one run's p99 moved
    by 3x between identical runs (issue 19 notes); each run's figures are in the table."""
    figures = []
    for page in ["floor", *FLOOR_BUDGETS]:
        if page not in pages:
            continue
        counts = {r.clients for r in runs if r.page == page}
        alone = median_of(runs, page, 1, "p50_ms")
        capacity = max(median_of(runs, page, c) or 0.0 for c in counts) if counts else 0.0
        if alone is None or not capacity:
            continue
        url, cookie = pages[page]
        pids = workers or []
        # Warm up at the same rate first, not counted, as wrk does before its first round:
        # the first run of each page was often the slowest (the bench of 2026-12-03: p99 up to 60 %
        # above the next two), which is the change of page, not the steady rate measured here.
        openloop.run(url, capacity / 2, OPEN_LOOP_WARM_UP, cookie, ahead=max(CLIENTS))
        p99s = []
        for turn in range(1, rounds + 1):
            before = [cpu_seconds(pid) for pid in pids]
            result = openloop.run(url, capacity / 2, OPEN_LOOP_SECONDS, cookie, ahead=max(CLIENTS))
            split = [
                round(cpu_seconds(pid) - was, 2) for pid, was in zip(pids, before, strict=True)
            ]
            p99s.append(result.p99_ms)
            rows.append(
                {
                    "page": page,
                    "setup": setup,
                    "round": turn,
                    "one_client_p50_ms": alone,
                    "worker_cpu_s": split,
                    **asdict(result),
                }
            )
            print(
                f"  {turn} open loop ({setup}) {page:<12} {result.rate:7.1f} req/s:"
                f" p50 {result.p50_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms"
                f" (one client: {alone:.1f} ms)  sent late p99 {result.send_late_p99_ms:.1f} ms,"
                f" {result.connections} connections, {result.priority} client,"
                f" worker cpu {split} s"
                f"{'  ERRORS ' + str(result.bad) if result.bad else ''}",
                flush=True,
            )
        figures.append(
            Figure(
                group,
                f"{page}: open-loop p99 at half capacity vs one-client median",
                round(statistics.median(p99s) / alone, 2),
                "x",
                None if page == "floor" else budget,
                False,
            )
        )
    return figures


def as_deployed(
    vendor: str,
    env: dict[str, str],
    data: Path,
    paths: dict[str, tuple[str, str]],
    how: tuple[tuple[int, ...], int, int, int],
    tables: dict[str, list[dict[str, Any]]],
    open_rows: list[dict[str, Any]],
) -> list[Figure]:
    """The budgeted pages (name -> path, Cookie header) through Caddy in front of the guide's
    app servers (bench/deployed.py), ``how`` = client counts, seconds, rounds, servers: wrk
    for the one-client median and the capacity, then the open loop at half of it."""
    clients, seconds, rounds, servers = how
    print(f"== {vendor}: as deployed (docs/deploy.md), {servers} app servers", flush=True)
    with deployed.running(env, data / "deployed", servers) as stack:
        for pid in stack.pids:
            openloop.below_the_clients(pid)
        via = {
            name: (stack.base + path, cookie)
            for name, (path, cookie) in paths.items()
            if name in {"bare view", "floor", *FLOOR_BUDGETS}
        }
        behind = measure(via, seconds, clients, rounds)
        tables[f"{vendor}, as deployed"] = [asdict(r) for r in behind]
        return open_loop_figures(
            f"{vendor}, open loop as deployed",
            via,
            behind,
            open_rows,
            stack.workers,
            rounds,
            setup="deployed",
        )


PEER_PAGES = {name for peer in peers.PEERS for name in peer.pages}


def peer_figures(group: str, runs: list[Run]) -> list[Figure]:
    """Hearth's home and check-in against the admin's change list, at each client count:
    requests per second as a share of the change list's (at least 100%)."""
    return [
        Figure(group, f"{page} vs {PEER_LIST}, {count} clients: req/s", share, "%", 100.0)
        for page in PEER_RIVALS
        for count in sorted({r.clients for r in runs})
        if (share := ratio(runs, page, PEER_LIST, count)) is not None
    ]


def shares(runs: list[Run]) -> list[dict[str, Any]]:
    """Each page's requests per second as a share of the bare view, one row per page."""
    rows: dict[str, dict[str, Any]] = {}
    for run in runs:
        row = rows.setdefault(run.page, {"page": run.page, "peer": run.page in PEER_PAGES})
        row[str(run.clients)] = ratio(runs, run.page, "bare view", run.clients)
    return list(rows.values())


def growth_figures(group: str, small: list[Run], large: list[Run]) -> list[Figure]:
    """Median latency at the large size over the small size, per page.

    Budgeted at one client: that median is the page's own time, so it shows what the data
    size does. At 8 clients the median is mostly waiting in line (8 requests on 2 cores), and
    it moved by up to a quarter between two runs of the same code here, more than the budget's
    margin: it is kept as a reference figure, without a budget.
    """
    figures = []
    for page in sorted({r.page for r in large} - {"bare view", "floor", "healthz"}):
        for count in (1, 8):
            before = median_of(small, page, count, "p50_ms")
            after = median_of(large, page, count, "p50_ms")
            if before and after:
                figures.append(
                    Figure(
                        group,
                        f"{page}, {count} client{'s' if count > 1 else ''}: "
                        "median latency, 100,000 vs 10 couples",
                        round(after / before, 2),
                        "x",
                        GROWTH_BUDGET if count == 1 else None,
                        False,
                    )
                )
    return figures


def pages_for(people: dict[str, Any], base: str) -> dict[str, tuple[str, str]]:
    partner = sign_in(base, people["partner_a"], people["password"])
    doctor = sign_in(base, people["clinician"], people["password"], people["totp_secret"])
    doctor_500 = sign_in(base, people["clinician_500"], people["password"], people["totp_secret"])
    paths = {
        "bare view": ("/livez", ""),
        "healthz": ("/healthz", ""),
        # The cheapest signed-in page (a fixed text in the site layout): what the session,
        # the sign-in check and the layout alone cost; a reference, with no budget of its own.
        "floor": ("/privacy/", partner),
        "home": ("/", partner),
        "result": (f"/questionnaires/sitting/{people['result_id']}/result/", partner),
        "check-in": ("/checkins/", partner),
        "caseload": ("/clinic/", doctor),  # 22 clients
        "caseload 500": ("/clinic/", doctor_500),  # its first page: 50 of 500 clients
    }
    return {name: (base + path, cookie) for name, (path, cookie) in paths.items()}


@contextmanager
def peer_pages(
    data: Path, workers: int, wanted: bool, only: set[str] | None
) -> Iterator[dict[str, tuple[str, str]]]:
    """The peers' pages while their servers run (none when not wanted)."""
    if not wanted or (only is not None and not only & PEER_PAGES):
        yield {}
        return
    print("== peers: Django admin and Wagtail from the package registry", flush=True)
    threads = int(os.environ.get("BENCH_THREADS", "4"))
    with peers.running(data / "peers", workers, threads, only) as found:
        yield found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("small", "large"), default="small")
    parser.add_argument("--couples", type=int, default=LARGE_COUPLES, help="the large size")
    parser.add_argument("--seconds", type=int, default=3, help="each wrk run")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--only", default="", help="comma-separated page names, for a quick look (bare view stays)"
    )
    parser.add_argument("--clients", default=",".join(map(str, CLIENTS)), help="e.g. 8 or 1,8,32")
    parser.add_argument(
        "--direct-only",
        action="store_true",
        help="leave out the app servers behind Caddy, as docs/deploy.md runs them",
    )
    parser.add_argument(
        "--no-peers", action="store_true", help="leave out Django's admin and Wagtail's"
    )
    options = parser.parse_args()
    vendor = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    figures: list[Figure] = []
    tables: dict[str, list[dict[str, Any]]] = {}
    notes: list[str] = []
    side_by_side: list[dict[str, Any]] = []
    open_rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        data = Path(tmp)
        env = environment(data, options.workers)
        must(["migrate", "--verbosity=0"], env)
        print(f"== {vendor}: {SMALL_COUPLES} couples", flush=True)
        seed(env, SMALL_COUPLES, notes)
        people = personas(env)
        server = server_process(env, data / "server.log", ready="/livez", seconds=60)
        with server as (base, process):
            openloop.below_the_clients(process.pid)
            pages = pages_for(people, base)
            wanted = {"bare view", *options.only.split(",")} if options.only else None
            if wanted:
                pages = {name: page for name, page in pages.items() if name in wanted}
            clients = tuple(int(n) for n in options.clients.split(","))
            with_peers = not options.no_peers and vendor == "sqlite"
            with peer_pages(data, options.workers, with_peers, wanted) as rivals:
                small = measure({**pages, **rivals}, options.seconds, clients, options.rounds)
            group = f"{vendor}, {SMALL_COUPLES} couples"
            tables[group] = [asdict(r) for r in small]
            figures += throughput_figures(group, small)
            figures += open_loop_figures(
                f"{vendor}, open loop, straight to one server (reference)",
                pages,
                small,
                open_rows,
                openloop.children(process.pid),
                options.rounds,
                budget=None,  # the budget is for the arrangement people reach: see below
            )
            if with_peers:
                figures += peer_figures(f"{vendor}, peers", small)
                side_by_side = shares(small)
                notes.append(
                    "Peers: " + ", ".join(peers.VERSIONS) + ", each in its own throwaway "
                    "virtualenv, served by granian like Hearth, on SQLite."
                )
            if not options.direct_only:
                paths = {name: (url.removeprefix(base), c) for name, (url, c) in pages.items()}
                how = (clients, options.seconds, options.rounds, options.workers)
                figures += as_deployed(vendor, env, data, paths, how, tables, open_rows)
            if options.size == "large":
                print(f"== {vendor}: {options.couples:,} couples", flush=True)
                took = seed(env, options.couples - SMALL_COUPLES, notes)
                group = f"{vendor}, {options.couples:,} couples"
                figures.append(Figure(group, "seed_bulk time", took, "s", None, False))
                large = measure(pages, options.seconds, clients, options.rounds)
                tables[group] = [asdict(r) for r in large]
                figures += throughput_figures(group, large)
                figures += growth_figures(group, small, large)
            peaks = peak_memory_mb(process.pid)
        figures.append(
            Figure(
                f"{vendor}, memory",
                f"peak resident memory of a worker ({len(peaks)} workers)",
                round(max(peaks.values()), 1),
                "MB",
                MEMORY_BUDGET_MB,
                False,
            )
        )
        bad = sum(r["bad"] for rows in tables.values() for r in rows)
    report = {
        "bench": f"http-{vendor}",
        "size": options.size,
        "figures": [{**asdict(f), "ok": f.ok} for f in figures],
        "tables": tables,
        "shares": side_by_side,
        "open_loop": open_rows,
        "notes": notes,
        "errors": bad,
    }
    print("BENCH_JSON " + json.dumps(report))
    if bad:
        print(f"WARNING: {bad} requests failed or timed out; see the errors column.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
