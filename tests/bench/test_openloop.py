"""bench/openloop.py: every request is sent, answered or counted as bad, and the client
leaves its thread's priority as it found it."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench import openloop


class _Page(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # kept-alive connections, as the bench's servers
    body = b"x" * 20_000  # about the size of a Hearth page, more than one read
    served: list[str] = []

    def do_GET(self) -> None:
        self.served.append(self.headers.get("Cookie", ""))
        if self.path == "/close":  # a server that drops the connection without an answer
            self.close_connection = True
            return
        status = 500 if self.path == "/fails" else 200
        self.send_response(status)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving() -> Iterator[str]:
    _Page.served = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_every_request_is_sent_once_and_answered() -> None:
    with serving() as base:
        result = openloop.run(f"{base}/page", 200, 0.5, cookie="hearth_session=abc", ahead=4)
    assert (result.sent, result.bad) == (100, 0)
    assert len(_Page.served) == 100
    assert set(_Page.served) == {"hearth_session=abc"}
    assert 0 < result.p50_ms <= result.p99_ms <= result.max_ms < 10_000
    assert result.connections >= 4


def test_a_failed_answer_counts_as_bad() -> None:
    with serving() as base:
        result = openloop.run(f"{base}/fails", 100, 0.2, ahead=2)
    assert (result.sent, result.bad) == (20, 20)


def test_a_dropped_connection_counts_as_bad_and_does_not_hang() -> None:
    with serving() as base:
        result = openloop.run(f"{base}/close", 100, 0.2, ahead=2)
    assert (result.sent, result.bad) == (20, 20)
    assert result.connections == 0  # every dropped connection was closed


def test_the_client_gives_back_its_priority() -> None:
    before = os.sched_getscheduler(0), os.sched_getparam(0).sched_priority
    with serving() as base:
        result = openloop.run(f"{base}/page", 100, 0.1)
    assert result.priority in {"real-time", "normal"}
    assert (os.sched_getscheduler(0), os.sched_getparam(0).sched_priority) == before
    if _may_raise_priority():  # the bench's figures need it wherever it is allowed
        assert result.priority == "real-time"


def _may_raise_priority() -> bool:
    """Whether this process holds CAP_SYS_NICE (bit 23 of its effective capabilities)."""
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(x for x in status if x.startswith("CapEff:"))
    return bool(int(line.split()[1], 16) >> 23 & 1)
