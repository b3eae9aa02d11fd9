"""Open-loop load: requests sent at a steady rate, whether or not the server keeps up.

wrk (closed loop) sends a client's next request only when its last answer came back, so a
slow server is asked less often and its queue never shows ("coordinated omission"). Here
request n is due at start + n / rate; its latency counts from that moment, so time spent
waiting for a free connection or in the server's queue is in the figure, as it would be for
a person pressing a link. Used by bench_http.py at half of each page's measured capacity.

The connections are opened before the first request, as many as the most clients wrk used to
measure that capacity (32). Each granian worker listens on its own socket and the kernel
hands each new connection to one of them; with the few connections a light load opens on
demand, one worker could hold most of them and carry most of the load alone (measured: 4.35
against 2.07 seconds of processor time) while the other idled. Many people each bring their
own connection; so does this client. It also records how late it sent each request: the
latency figure is only about the server when that lateness is small.

Run alone: ``.venv/bin/python bench/openloop.py URL RATE [SECONDS] [COOKIE]``.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import sys
import urllib.parse
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path

MOST_CONNECTIONS = 64  # open at once at most; a request due when all are busy waits
SERVER_NICENESS = 5  # the server's threads run below the clients' (see below_the_clients)


@dataclass
class Result:
    rate: float  # requests a second asked for
    sent: int
    bad: int  # answers other than 200, and failed connections
    p50_ms: float
    p99_ms: float
    max_ms: float
    # How late the generator itself sent (p99): the figure above is only about the server
    # when this is small. On two shared cores the generator waits for a core too.
    send_late_p99_ms: float = math.nan
    connections: int = 0  # opened during the run


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.99: p99)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class _Connections:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )
        self.opened = 0

    async def take(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.idle.empty() and self.opened < MOST_CONNECTIONS:
            self.opened += 1
            try:
                return await asyncio.open_connection(self.host, self.port)
            except OSError:
                self.opened -= 1
                raise
        return await self.idle.get()

    async def open_ahead(self, count: int) -> None:
        """Open ``count`` connections before the first request is due, as that many people
        would have: the kernel spreads them over the server's workers."""
        for _ in range(count):
            self.opened += 1
            self.idle.put_nowait(await asyncio.open_connection(self.host, self.port))

    def give_back(self, pair: tuple[asyncio.StreamReader, asyncio.StreamWriter]) -> None:
        self.idle.put_nowait(pair)

    def drop(self, pair: tuple[asyncio.StreamReader, asyncio.StreamWriter]) -> None:
        pair[1].close()
        self.opened -= 1


async def _fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, ask: bytes) -> int:
    """Send one request on a kept-alive connection; read the whole answer; its status."""
    writer.write(ask)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    if "content-length" not in headers:
        raise ConnectionError("an answer without Content-Length")
    await reader.readexactly(int(headers["content-length"]))
    return status


async def _run(url: str, rate: float, seconds: float, cookie: str, ahead: int) -> Result:
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    ask = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: keep-alive\r\n"
        + (f"Cookie: {cookie}\r\n" if cookie else "")
        + "\r\n"
    ).encode()
    pool = _Connections(host, port)
    await pool.open_ahead(ahead)
    loop = asyncio.get_running_loop()
    latencies: list[float] = []
    late: list[float] = []
    bad = 0
    count = int(rate * seconds)
    start = loop.time() + 0.05

    async def one(n: int) -> None:
        nonlocal bad
        due = start + n / rate
        await asyncio.sleep(max(0.0, due - loop.time()))
        try:
            pair = await pool.take()
        except OSError:
            bad += 1
            return
        late.append((loop.time() - due) * 1000)
        try:
            status = await asyncio.wait_for(_fetch(*pair, ask), timeout=10)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, TimeoutError):
            pool.drop(pair)
            bad += 1
            return
        pool.give_back(pair)
        latencies.append((loop.time() - due) * 1000)
        bad += status != 200

    await asyncio.gather(*(one(n) for n in range(count)))
    while not pool.idle.empty():
        pool.idle.get_nowait()[1].close()
    return Result(
        rate=round(rate, 1),
        sent=count,
        bad=bad,
        p50_ms=round(percentile(latencies, 0.50), 2),
        p99_ms=round(percentile(latencies, 0.99), 2),
        max_ms=round(max(latencies, default=math.nan), 2),
        send_late_p99_ms=round(percentile(late, 0.99), 2),
        connections=pool.opened,
    )


def below_the_clients(server_pid: int, niceness: int = SERVER_NICENESS) -> None:
    """Run every thread of a server and its workers at a lower priority than the clients
    that measure it. Here clients and server share two cores; a real client runs on another
    machine, and its clock does not wait while the server has the processor. Without this the
    open-loop client sent its requests up to tens of milliseconds late, and that lateness was
    counted as the server's. The server still gets every cycle the clients leave."""
    for pid in [server_pid, *children(server_pid)]:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with suppress(ProcessLookupError):
                os.setpriority(os.PRIO_PROCESS, int(task.name), niceness)


def children(pid: int) -> list[int]:
    """The ids of a process's child processes (a granian server's workers)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def run(url: str, rate: float, seconds: float = 5.0, cookie: str = "", ahead: int = 0) -> Result:
    """``ahead``: connections opened before the first request (0: only as requests need)."""
    return asyncio.run(_run(url, rate, seconds, cookie, ahead))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if len(arguments) < 2:
        sys.exit(__doc__)
    seconds = float(arguments[2]) if len(arguments) > 2 else 5.0
    cookie = arguments[3] if len(arguments) > 3 else ""
    print(json.dumps(asdict(run(arguments[0], float(arguments[1]), seconds, cookie))))
