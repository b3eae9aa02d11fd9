"""Hearth as docs/deploy.md runs it, for the benchmark: app servers behind Caddy on 127.0.0.1.

The guide runs one app server per core, each with one worker and one thread
(docs/deploy/hearth.env), and Caddy in front with docs/deploy/Caddyfile, which hands each
request to the app server with the fewest requests in hand. Here the Caddyfile is the
guide's with only what a benchmark must change: plain HTTP on a free port of 127.0.0.1
instead of the site's name with TLS (no certificate; neither client nor Caddy spends time on
TLS), the app servers' own ports, and no admin endpoint. The app servers share the
benchmark's database and data folder, as the servers of one host do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.openloop import children
from tests.deploy import caddy
from tests.deploy.site import GUIDE_ENV, read_env_file
from tests.server import free_port, server_process


@dataclass(frozen=True)
class Stack:
    base: str  # Caddy's address: every request goes here
    pids: list[int]  # the app servers' and Caddy's processes, to run them below the clients
    workers: list[int]  # the app servers' worker processes, for their processor time


def guide_threads() -> dict[str, str]:
    """Workers and threads of one app server, as the guide's environment file sets them."""
    guide = read_env_file(GUIDE_ENV)
    return {key: guide[key] for key in ("HEARTH_WORKERS", "HEARTH_THREADS")}


def caddyfile(port: int, upstreams: list[str], folder: Path) -> str:
    """The guide's Caddyfile, serving plain HTTP on ``port`` in front of ``upstreams``."""
    upstream = f"reverse_proxy {' '.join(upstreams)} {{"
    options = ["auto_https off", f"http_port {port}"]
    return caddy.adapted(f"http://127.0.0.1:{port} {{", upstream, options, folder)


@contextmanager
def running(env: dict[str, str], folder: Path, servers: int) -> Iterator[Stack]:
    """``servers`` app servers configured as the guide says, and Caddy, until the block ends."""
    own = {**env, **guide_threads()}
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        upstreams, pids = [], []
        for n in range(servers):
            started = server_process(own, folder / f"app{n}.log", ready="/livez")
            base, process = stack.enter_context(started)
            upstreams.append(base.removeprefix("http://"))
            pids.append(process.pid)
        port = free_port()
        text = caddyfile(port, upstreams, folder)
        proxy = stack.enter_context(caddy.running(text, folder / "caddy", [port]))
        workers = [child for pid in pids for child in children(pid)]
        yield Stack(f"http://127.0.0.1:{port}", [*pids, proxy.pid], workers or pids)
