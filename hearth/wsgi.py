"""WSGI entry point. Refuses to start when the configuration has a serious problem."""

from __future__ import annotations

import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")

application = get_wsgi_application()


def _refuse_unsafe_start() -> None:
    from django.core import checks

    serious = [m for m in checks.run_checks() if m.is_serious()]
    if serious:
        for message in serious:
            print(f"{message.id}: {message.msg} {message.hint or ''}", file=sys.stderr)
        raise SystemExit("Hearth will not start until the problems above are fixed.")


_refuse_unsafe_start()

from hearth.core.collector import settle_this_worker  # noqa: E402  (after the app is loaded)
from hearth.core.mail import start_outbox  # noqa: E402

settle_this_worker()
start_outbox()
