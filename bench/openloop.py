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

The client is one thread on plain sockets (no asyncio): it took about 0.19 ms of processor
time a request, against 0.27 ms for the asyncio client it replaced, and on two shared cores
that time is taken from the server it measures. It runs with a real-time priority where
allowed (``first_in_line``).

Run alone: ``.venv/bin/python bench/openloop.py URL RATE [SECONDS] [COOKIE]``.
"""

from __future__ import annotations

import json
import math
import os
import select
import socket
import sys
import time
import urllib.parse
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path

MOST_CONNECTIONS = 64  # open at once at most; a request due when all are busy waits
TIMEOUT = 10.0  # seconds an answer may take; a slower one counts as bad
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
    # "real-time" when the client ran ahead of every ordinary process (see first_in_line),
    # "normal" when the system refused it (not root): then only the server's niceness helps.
    priority: str = "normal"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.99: p99)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class _Connection:
    """One kept-alive connection and the request it carries, if any."""

    __slots__ = ("answer", "due", "need", "sock")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.due = 0.0  # when the request on it was due (time.monotonic)
        self.answer = bytearray()
        self.need = 0  # the whole answer's length in bytes, once its head is in (0: not yet)

    def status(self) -> int | None:
        """The answer's status once all of it has come, else None."""
        if not self.need:
            end = self.answer.find(b"\r\n\r\n")
            if end < 0:
                return None
            lines = bytes(self.answer[:end]).decode("latin-1").split("\r\n")
            length = [
                v
                for k, _, v in (x.partition(":") for x in lines[1:])
                if k.strip().lower() == "content-length"
            ]
            if not length:
                raise ConnectionError("an answer without Content-Length")
            self.need = end + 4 + int(length[0])
        if len(self.answer) < self.need:
            return None
        return int(self.answer[9:12])


def _connect(host: str, port: int) -> _Connection:
    sock = socket.create_connection((host, port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setblocking(False)
    return _Connection(sock)


@contextmanager
def first_in_line() -> Iterator[str]:
    """Run this thread with a real-time priority while it measures, where the system allows
    it (root, or CAP_SYS_NICE); yields "real-time" or "normal".

    On two shared cores a woken server thread can hold the core for a few milliseconds
    before the client gets it, even with the server niced below the client: the client then
    sends late and reads late, and both count as the server's latency. A client on another
    machine does not wait for this machine's server. With the priority the client runs as
    soon as a request is due or an answer comes; it sleeps in ``select`` otherwise, so it
    takes no more processor time than before. Measured on home at half capacity: sent late
    p99 1.2 to 1.5 ms without it, 0.16 to 0.2 ms with it."""
    try:
        before = os.sched_getscheduler(0), os.sched_getparam(0)
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1))
    except OSError:
        yield "normal"
        return
    try:
        yield "real-time"
    finally:
        os.sched_setscheduler(0, before[0], before[1])


def run(url: str, rate: float, seconds: float = 5.0, cookie: str = "", ahead: int = 0) -> Result:
    """``ahead``: connections opened before the first request (0: only as requests need).

    One thread, plain sockets and ``select``: on two shared cores every bit of processor
    time the client spends is taken from the server it measures. ``select`` waits to the
    microsecond, so a request goes out when it is due (``epoll``, under asyncio, rounds its
    wait up to the next millisecond, and that lateness was counted as the server's)."""
    with first_in_line() as priority:
        return _run(url, rate, seconds, cookie, ahead, priority)


def _run(url: str, rate: float, seconds: float, cookie: str, ahead: int, priority: str) -> Result:
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    ask = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: keep-alive\r\n"
        + (f"Cookie: {cookie}\r\n" if cookie else "")
        + "\r\n"
    ).encode()
    idle = deque(_connect(host, port) for _ in range(ahead))
    opened = len(idle)
    busy: dict[socket.socket, _Connection] = {}
    waiting: deque[float] = deque()  # due times of requests that wait for a connection
    latencies: list[float] = []
    late: list[float] = []
    bad = 0
    count = int(rate * seconds)
    interval = 1 / rate
    start = time.monotonic() + 0.05
    sent = 0  # requests that have become due
    ended = 0  # requests answered or failed

    def drop(connection: _Connection) -> None:
        nonlocal bad, ended, opened
        busy.pop(connection.sock, None)
        connection.sock.close()
        opened -= 1
        bad += 1
        ended += 1

    while ended < count:
        now = time.monotonic()
        while sent < count and start + sent * interval <= now:
            waiting.append(start + sent * interval)
            sent += 1
        while waiting and (idle or opened < MOST_CONNECTIONS):
            if idle:
                connection = idle.popleft()
            else:
                try:
                    connection = _connect(host, port)
                except OSError:
                    waiting.popleft()
                    bad += 1
                    ended += 1
                    continue
                opened += 1
            connection.due = waiting.popleft()
            connection.answer.clear()
            connection.need = 0
            late.append((time.monotonic() - connection.due) * 1000)
            busy[connection.sock] = connection
            try:
                if connection.sock.send(ask) != len(ask):
                    raise ConnectionError("the request did not fit the socket's buffer")
            except (OSError, ConnectionError):
                drop(connection)
        # Wait until the next request is due, or an answer comes, or the oldest times out.
        if sent < count:
            wait = start + sent * interval - time.monotonic()
        elif busy:
            wait = min(c.due for c in busy.values()) + TIMEOUT - time.monotonic()
        else:
            continue  # every request has ended
        if not busy:
            time.sleep(max(0.0, wait))
            continue
        readable = select.select(list(busy), [], [], max(0.0, wait))[0]
        for sock in readable:
            connection = busy[sock]
            try:
                data = sock.recv(1 << 18)
                if not data:
                    raise ConnectionError("closed")
                connection.answer += data
                status = connection.status()
            except BlockingIOError:
                continue
            except (OSError, ConnectionError, ValueError, IndexError):
                drop(connection)
                continue
            if status is None:
                continue
            latencies.append((time.monotonic() - connection.due) * 1000)
            bad += status != 200
            ended += 1
            del busy[sock]
            idle.append(connection)
        now = time.monotonic()
        for connection in [c for c in busy.values() if now - c.due > TIMEOUT]:
            drop(connection)
    for connection in idle:
        connection.sock.close()
    return Result(
        rate=round(rate, 1),
        sent=count,
        bad=bad,
        p50_ms=round(percentile(latencies, 0.50), 2),
        p99_ms=round(percentile(latencies, 0.99), 2),
        max_ms=round(max(latencies, default=math.nan), 2),
        send_late_p99_ms=round(percentile(late, 0.99), 2),
        connections=opened,
        priority=priority,
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


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if len(arguments) < 2:
        sys.exit(__doc__)
    seconds = float(arguments[2]) if len(arguments) > 2 else 5.0
    cookie = arguments[3] if len(arguments) > 3 else ""
    print(json.dumps(asdict(run(arguments[0], float(arguments[1]), seconds, cookie))))
