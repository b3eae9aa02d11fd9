"""The production server as an operator starts it: `hearth serve` (granian)."""

import json
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from tests.server import BIN, free_port, hearth, running_server, server_env, stop, wait_for


def test_it_refuses_to_start_without_a_secret_key_and_says_how_to_make_one(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    del env["HEARTH_SECRET_KEY"]
    result = hearth(["serve"], env, timeout=60)
    assert result.returncode != 0
    assert "hearth.E001" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr


def test_it_refuses_to_start_without_an_encryption_key(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    del env["HEARTH_ENCRYPTION_KEY"]
    result = hearth(["serve"], env, timeout=60)
    assert result.returncode != 0
    assert "hearth.E005" in result.stderr


def test_it_refuses_to_start_with_an_unparsable_setting(tmp_path: Path) -> None:
    result = hearth(["serve"], server_env(tmp_path, HEARTH_SESSION_IDLE_MINUTES="soon"), timeout=60)
    assert result.returncode != 0
    assert "hearth.E003" in result.stderr and "HEARTH_SESSION_IDLE_MINUTES" in result.stderr


def test_healthz_says_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    env = server_env(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:9/absent")
    with running_server(env, tmp_path / "server.log") as base:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=10)
            raise AssertionError("expected 503")
        except urllib.error.HTTPError as error:
            assert error.code == 503
            assert json.loads(error.read()) == {"status": "error", "database": "unavailable"}


def test_the_served_app_answers_healthz_and_serves_its_own_static_files(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    migrated = hearth(["migrate", "--noinput"], env)
    assert migrated.returncode == 0, migrated.stderr
    with running_server(env, tmp_path / "server.log") as base:
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:
            assert json.loads(response.read()) == {"status": "ok", "database": "ok"}
        with urllib.request.urlopen(f"{base}/static/hearth/app.css", timeout=10) as response:
            assert response.status == 200 and b"--accent" in response.read()
    assert (tmp_path / "hearth.sqlite3").exists()


def test_the_sqlite_database_runs_in_wal_mode(tmp_path: Path) -> None:
    assert hearth(["migrate", "--noinput"], server_env(tmp_path)).returncode == 0
    with sqlite3.connect(tmp_path / "hearth.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def run_in_a_worker(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a fresh interpreter set up as a server worker is (it imports
    hearth.wsgi itself); fails the test if the script fails."""
    env = server_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="hearth.settings",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done


def test_a_server_worker_starts_without_the_libraries_only_rare_pages_need(
    tmp_path: Path,
) -> None:
    """The calendar feed's and the two-step QR code's libraries load when such a page is
    asked for, not in every worker at start-up (about 5 MB together: issue 19, worker memory)."""
    script = "import sys, hearth.wsgi; print(sorted({'icalendar', 'segno'} & set(sys.modules)))"
    done = run_in_a_worker(tmp_path, script)
    assert done.stdout.strip() == "[]"


def test_a_server_worker_keeps_the_collectors_full_passes_short(tmp_path: Path) -> None:
    """A started worker moves what it loaded out of the collector's way (hearth.core.
    collector): a full pass then looks at a small part of its objects, not all of them
    (about 125,000, which took 50 to 110 ms a pass under load: issue 19). After its first
    request it settles again, taking in what that request loaded."""
    script = (
        "import gc, io, hearth.wsgi as w\n"
        "frozen, loose = gc.get_freeze_count(), len(gc.get_objects())\n"
        "environ = {'REQUEST_METHOD': 'GET', 'PATH_INFO': '/livez', 'SERVER_NAME': '127.0.0.1',"
        " 'SERVER_PORT': '80', 'HTTP_HOST': '127.0.0.1', 'wsgi.input': io.BytesIO(),"
        " 'wsgi.url_scheme': 'http'}\n"
        "answer = w.application(environ, lambda status, headers: print(status))\n"
        "b''.join(answer)\n"
        "answer.close()\n"
        "print(frozen, loose, gc.get_freeze_count())\n"
    )
    done = run_in_a_worker(tmp_path, script)
    status, counts = done.stdout.strip().splitlines()
    assert status == "200 OK"
    frozen, loose, frozen_after = (int(n) for n in counts.split())
    assert frozen > 50_000
    assert loose < frozen / 10
    assert frozen_after > frozen


def test_serve_says_how_to_give_a_port_when_the_port_is_not_one(tmp_path: Path) -> None:
    for args, said in (
        (["--port", "eighty"], "Usage: hearth serve [--port N]"),
        (["--port"], "Usage: hearth serve [--port N]"),
        (["--port", "70000"], "a port is a number from 1 to 65535"),
    ):
        result = hearth(["serve", *args], server_env(tmp_path), timeout=60)
        assert result.returncode != 0 and said in result.stderr, result.stderr[-500:]


def test_two_servers_started_at_once_on_one_data_folder_both_serve_whole_files(
    tmp_path: Path,
) -> None:
    """The deploy guide starts one app server per core, on one host with one data folder, at
    the same moment: each copies the static files there as it starts, one at a time."""
    env = server_env(tmp_path)
    assert hearth(["migrate", "--noinput"], env).returncode == 0
    css = (Path(__file__).resolve().parents[2] / "hearth/core/static/hearth/app.css").read_bytes()
    ports = [free_port(), free_port()]
    with ExitStack() as both:
        servers = [
            subprocess.Popen(
                [str(BIN / "hearth"), "serve", "--port", str(port)],
                env=env,
                stdout=both.enter_context((tmp_path / f"app{port}.log").open("wb")),
                stderr=subprocess.STDOUT,
            )
            for port in ports
        ]
        for server in servers:
            both.callback(stop, server)
        for port, server in zip(ports, servers, strict=True):
            wait_for(f"http://127.0.0.1:{port}/static/hearth/app.css", server)
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/static/hearth/app.css", timeout=10
            ) as response:
                assert response.read() == css
