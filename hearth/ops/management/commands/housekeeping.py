"""`hearth housekeeping`: remove what no longer does anything, and look after unused
accounts. Run it hourly from the same timer as `hearth send_reminders`; running it again,
or on two servers at once, removes and sends nothing more."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hearth.ops import housekeeping


class Command(BaseCommand):
    help = "Remove expired sessions, used rate limits, old invitations and keys (safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        for outcome in housekeeping.run():
            self.stdout.write(f"{outcome.name}: {outcome.count}")
