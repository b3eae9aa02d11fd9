"""Print the demo clinician's current two-step code. Demo mode only."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hearth.accounts import totp
from hearth.ops.management.commands.load_demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the demo clinician's current two-step sign-in code (demo mode only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError("This only works in demo mode (HEARTH_DEMO=1).")
        code = totp.totp(totp.decode_secret(DEMO_TOTP_SECRET), time.time())
        self.stdout.write(f"{code} (for dr.lee@demo.invalid, good for about 30 seconds)")
