"""Caddy, as docs/deploy/Caddyfile configures it, in front of Hearth on 127.0.0.1.

The test configuration is the guide's file with only what a test must change: the site's
name, the app servers' ports, a certificate made for the test instead of one from the
internet, ports above 1024, and every listener on 127.0.0.1 (and, for the two-server tests
only, servers that take turns: see tests/deploy/test_two_servers.py).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.deploy import tls
from tests.server import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
GUIDE_CADDYFILE = ROOT / "docs" / "deploy" / "Caddyfile"
GUIDE_SITE = "hearth.example.org {"
GUIDE_UPSTREAM = "reverse_proxy 127.0.0.1:8000 127.0.0.1:8001 {"
GUIDE_POLICY = "lb_policy least_conn"


def caddy_binary() -> str:
    found = shutil.which("caddy")
    assert found, "Caddy is missing: scripts/system-deps installs Debian's caddy package."
    return found


@dataclass(frozen=True)
class Proxy:
    https_port: int
    http_port: int
    certificates: tls.Certificates

    @property
    def site_url(self) -> str:
        return f"https://{tls.SITE}:{self.https_port}"


def configuration(
    proxy: Proxy,
    upstreams: list[str],
    folder: Path,
    show_upstream: bool = False,
    source: Path = GUIDE_CADDYFILE,
    take_turns: bool = False,
) -> str:
    certs = proxy.certificates
    site = f"{tls.SITE} {{\n\ttls {certs.cert} {certs.key}"
    upstream = f"reverse_proxy {' '.join(upstreams)} {{"
    if show_upstream:  # the two-server test needs to know which server answered
        upstream += "\n\t\theader_down X-Test-Upstream {http.reverse_proxy.upstream.hostport}"
    options = [
        f"http_port {proxy.http_port}",
        f"https_port {proxy.https_port}",
        "skip_install_trust",
    ]
    return adapted(site, upstream, options, folder, source, take_turns)


def adapted(
    site: str,
    upstream: str,
    options: list[str],
    folder: Path,
    source: Path = GUIDE_CADDYFILE,
    take_turns: bool = False,
) -> str:
    """The guide's Caddyfile with its site line and upstream line replaced, and global options
    that keep Caddy to 127.0.0.1, without its admin endpoint, its state in ``folder``."""
    text = source.read_text(encoding="utf-8")
    assert GUIDE_SITE in text and GUIDE_UPSTREAM in text, "the guide's Caddyfile changed shape"
    if take_turns:  # see tests/deploy/test_two_servers.py: which server answers must be known
        assert GUIDE_POLICY in text, "the guide's Caddyfile changed its policy"
        text = text.replace(GUIDE_POLICY, "lb_policy round_robin")
    text = text.replace(GUIDE_SITE, site).replace(GUIDE_UPSTREAM, upstream)
    lines = [
        "admin off",
        *options,
        "default_bind 127.0.0.1",
        f"storage file_system {folder / 'storage'}",
    ]
    return "{\n" + "".join(f"\t{line}\n" for line in lines) + "}\n\n" + text


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"caddy exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("caddy did not listen in time")


def new_proxy(folder: Path) -> Proxy:
    return Proxy(free_port(), free_port(), tls.make(folder / "tls"))


@contextmanager
def running_caddy(
    proxy: Proxy,
    upstreams: list[str],
    folder: Path,
    show_upstream: bool = False,
    source: Path = GUIDE_CADDYFILE,
    take_turns: bool = False,
) -> Iterator[Proxy]:
    """Caddy with the guide's configuration until the block ends; stopped whatever happens."""
    text = configuration(proxy, upstreams, folder, show_upstream, source, take_turns)
    with running(text, folder, [proxy.https_port, proxy.http_port]):
        yield proxy


@contextmanager
def running(text: str, folder: Path, ports: list[int]) -> Iterator[subprocess.Popen[bytes]]:
    """Caddy with this configuration, once it listens on every port, until the block ends."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "Caddyfile"
    config.write_text(text, encoding="utf-8")
    home = {"HOME": str(folder), "XDG_DATA_HOME": str(folder), "XDG_CONFIG_HOME": str(folder)}
    with (folder / "caddy.log").open("wb") as log:
        process = subprocess.Popen(
            [caddy_binary(), "run", "--config", str(config), "--adapter", "caddyfile"],
            env={"PATH": "/usr/bin:/bin", **home},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            for port in ports:
                wait_for_port(port, process)
            yield process
        finally:
            stop(process, 10)
