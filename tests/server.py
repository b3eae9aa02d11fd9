"""Start the real production server (`hearth serve`, granian) for tests, on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent
TEST_KEY = "test-only-key-" + "k" * 40
TEST_ENCRYPTION_KEY = "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyYnl0ZXM="  # 32 bytes, tests only


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """A clean environment: nothing from the caller's HEARTH_* or DATABASE_URL leaks in."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HEARTH_", "DJANGO_")) and k != "DATABASE_URL"
    }
    return {
        **base,
        "HEARTH_DATA_DIR": str(data_dir),
        "HEARTH_SECRET_KEY": TEST_KEY,
        "HEARTH_ENCRYPTION_KEY": TEST_ENCRYPTION_KEY,
        "HEARTH_LOG_LEVEL": "warning",
        **extra,
    }


def hearth(
    args: list[str], env: dict[str, str], timeout: float = 120, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "hearth"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
    )


# How long a server may take to answer its first request. A worker imports Django and every
# app before it answers; on two busy cores that took 40 to 46 s (measured 2026-12-02 at a
# load of 12 to 14), so 30 s failed every browser test of a run at once. The deploy tests
# use the same figure.
STARTUP_SECONDS = 120


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = STARTUP_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answered, even if with an error status
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not answer in time")


@contextmanager
def running_server(env: dict[str, str], log: Path, port: int | None = None) -> Iterator[str]:
    with server_process(env, log, port=port) as (base, _process):
        yield base


@contextmanager
def server_process(
    env: dict[str, str],
    log: Path,
    ready: str = "/healthz",
    seconds: float = STARTUP_SECONDS,
    cwd: Path | None = None,
    port: int | None = None,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`hearth serve` on a free port of 127.0.0.1, until the block ends: its base URL and
    process (the benchmark reads the workers' memory through it). ``cwd`` matters to run
    another release's code: granian imports the app from its working folder first."""
    # ``port``: one chosen beforehand, to name the site's own address in HEARTH_SITE_URL.
    # Never the HEARTH_PORT of ``env``: the deploy guide's env file says 8000 for every
    # server, and two servers on one port answered each other's tests.
    port = port or free_port()
    env = {**env, "HEARTH_PORT": str(port), "HEARTH_HOST": "127.0.0.1"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "hearth"), "serve"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=cwd,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + ready, process, seconds=seconds)
            yield base, process
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes], seconds: float = 15) -> None:
    """Ask a server to stop; kill it if it has not within ``seconds``."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
