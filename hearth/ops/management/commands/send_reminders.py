"""Send today's discreet reminders. Run it every hour (cron or a systemd timer); running it
more often, or twice, sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hearth.checkins.reminders import send_due
from hearth.ops import jobs


class Command(BaseCommand):
    help = "Send due reminder emails (safe to run again: nothing is sent twice a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        with jobs.recorded("send_reminders"):
            count = send_due()
        self.stdout.write(f"Reminders sent: {count}")
