"""The `hearth` command.

hearth demo           migrate, load the fictional demo data, print logins, serve (demo mode)
hearth serve [--port N]
                      check the configuration, migrate nothing, serve with granian
                      (on HEARTH_PORT, or on N: the deploy guide runs one per core)
hearth score ...      batch-score questionnaire CSV files (no database needed)
hearth fhir import FILE --email PERSON
                      read a FHIR file of questionnaire answers into a person's history
hearth <command>      any Django management command (migrate, check, load_demo, ...)
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    import django

    django.setup()


def _refuse_if_unsafe() -> None:
    from django.core import checks

    serious = [m for m in checks.run_checks() if m.is_serious()]
    for message in serious:
        print(f"{message.id}: {message.msg}\n    {message.hint or ''}", file=sys.stderr)
    if serious:
        raise SystemExit("Hearth will not start until the problems above are fixed.")


def _port_argument(args: list[str]) -> int | None:
    """The N of ``--port N`` (None without it); exits with a plain message if it is not a port."""
    if not args:
        return None
    if len(args) != 2 or args[0] != "--port" or not args[1].isdigit():
        raise SystemExit("Usage: hearth serve [--port N]")
    port = int(args[1])
    if not 1 <= port <= 65535:
        raise SystemExit(f"--port {port}: a port is a number from 1 to 65535.")
    return port


def _collect_static() -> None:
    """Copy the static files into HEARTH_DATA_DIR. The guide starts several app servers on
    one host, with one data folder, at the same moment: a lock file lets one copy at a time,
    so that no server reads a file while another is replacing it."""
    import fcntl

    from django.conf import settings
    from django.core.management import call_command

    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    with (settings.STATIC_ROOT.parent / ".collectstatic.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        call_command("collectstatic", interactive=False, verbosity=0)


def serve(args: list[str] | None = None) -> int:
    """Replace this process with granian serving the WSGI app (a production server)."""
    chosen = _port_argument(args or [])
    _setup_django()
    _refuse_if_unsafe()
    from django.conf import settings

    _collect_static()
    from hearth.ops import metrics

    metrics.clear()  # the workers' counts start again at zero, as Prometheus expects
    host = settings.ENV.text("HEARTH_HOST", "127.0.0.1")
    port = chosen or settings.ENV.number("HEARTH_PORT", 8000, minimum=1)
    print(f"Serving {settings.APP_NAME} on http://{host}:{port} (press Ctrl+C to stop)")
    granian = shutil.which("granian", path=str(Path(sys.executable).parent)) or "granian"
    args = [
        granian,
        "--interface", "wsgi",
        "--host", host,
        "--port", str(port),
        "--workers", str(settings.ENV.number("HEARTH_WORKERS", 1, minimum=1)),
        "--blocking-threads", str(settings.ENV.number("HEARTH_THREADS", 4, minimum=1)),
        "--no-ws",
        "hearth.wsgi:application",
    ]  # fmt: skip
    sys.stdout.flush()
    os.execv(granian, args)  # noqa: S606  (fixed program from our own virtualenv)


def demo() -> int:
    os.environ["HEARTH_DEMO"] = "1"
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo")
    return serve()


def manage(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hearth", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "help"
    if command == "score":
        from hearth.measures.cli import main as score_main

        return score_main(args[1:])
    if command == "demo":
        return demo()
    if command == "serve":
        return serve(args[1:])
    if command in {"help", "-h", "--help"}:
        print(__doc__)
        return 0
    return manage(args)


if __name__ == "__main__":
    raise SystemExit(main())
