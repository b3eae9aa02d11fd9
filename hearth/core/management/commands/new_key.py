from typing import Any

from django.core.management.base import BaseCommand

from hearth.core.crypto import new_key


class Command(BaseCommand):
    help = "Print a new random encryption key for HEARTH_ENCRYPTION_KEY."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(new_key())
