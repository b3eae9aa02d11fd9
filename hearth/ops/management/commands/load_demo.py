"""Load fictional demo people. Safe to run again: it changes nothing the second time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import PRIVACY_NOTICE_VERSION, TwoFactor, User
from hearth.core.registry import demo_loaders
from hearth.couples.access import household
from hearth.couples.models import Couple, Membership

DEMO_PASSWORD = "hearth-demo-2026"  # noqa: S105  (fictional demo accounts only)
DEMO_TOTP_SECRET = "HEARTHDEMOKEY234"  # noqa: S105  (the demo clinician's published key)
PEOPLE = [
    ("alex@demo.invalid", "Alex", User.Role.MEMBER, "partner in the demo couple"),
    ("sam@demo.invalid", "Sam", User.Role.MEMBER, "partner in the demo couple"),
    ("robin@demo.invalid", "Robin", User.Role.MEMBER, "using Hearth alone"),
    ("dr.lee@demo.invalid", "Dr Lee", User.Role.CLINICIAN, "clinician"),
]


class Command(BaseCommand):
    help = "Load fictional demo data (idempotent). Only for demos: never on a real service."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            people = {email: self._person(email, name, role) for email, name, role, _ in PEOPLE}
            self._couple(people["alex@demo.invalid"], people["sam@demo.invalid"])
            for loader in demo_loaders():
                loader(people)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, _name, _role, what in PEOPLE:
            self.stdout.write(f"  {email:<24} {what}")
        self.stdout.write(
            f"The clinician signs in with two steps: add the key {DEMO_TOTP_SECRET} to an "
            "authenticator app, or run `hearth demo_code` for the current code."
        )
        if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
            self.stdout.write(
                "No mail server is set, so emails (a new account's link, a password reset) "
                "are printed here, in this terminal."
            )

    def _person(self, email: str, name: str, role: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is not None:
            return user
        user = self._new_person(email, name, role)
        if role == User.Role.CLINICIAN:
            # Clinicians must use two-step sign-in; the demo one has a published key.
            TwoFactor.objects.create(
                user=user, secret=DEMO_TOTP_SECRET, confirmed_at=timezone.now()
            )
        return user

    def _new_person(self, email: str, name: str, role: str) -> User:
        joined = timezone.now() - timedelta(days=35)
        return User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            display_name=name,
            role=role,
            date_joined=joined,
            adult_attested_at=joined,
            privacy_accepted_at=joined,
            privacy_version=PRIVACY_NOTICE_VERSION,
        )

    def _couple(self, first: User, second: User) -> None:
        if household(first).membership is not None:
            return
        couple = Couple.objects.create()
        formed = timezone.now() - timedelta(days=28)
        Couple.objects.filter(pk=couple.pk).update(created_at=formed)
        for person in (first, second):
            membership = Membership.objects.create(couple=couple, user=person)
            Membership.objects.filter(pk=membership.pk).update(joined_at=formed)
