"""State changes for accounts. Each runs in a transaction and writes its audit row."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from hearth.accounts.models import PRIVACY_NOTICE_VERSION, User, normalise_email
from hearth.core import audit, ratelimit
from hearth.core.models import AuditEvent


@transaction.atomic
def sign_up(email: str, display_name: str, password: str, role: str = User.Role.MEMBER) -> User:
    now = timezone.now()
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name,
        role=role,
        adult_attested_at=now,
        privacy_accepted_at=now,
        privacy_version=PRIVACY_NOTICE_VERSION,
    )
    audit.record(AuditEvent.Kind.SIGNED_UP, actor=user, role=role)
    return user


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    throttled: bool = False


def sign_in(request: HttpRequest, email: str, password: str) -> SignInResult:
    """Check the password, within per-account and per-address token buckets.

    Both buckets are spent before the password is checked, so a guesser learns nothing
    from timing once throttled, and a correct password does not refill the address bucket.
    """
    email = normalise_email(email)
    window = settings.LOGIN_RATE_WINDOW_SECONDS
    address = ratelimit.client_ip(request.META)
    ip_ok = ratelimit.take("login-ip", address, settings.LOGIN_RATE_PER_IP, window)
    account_ok = ratelimit.take("login-account", email, settings.LOGIN_RATE_PER_ACCOUNT, window)
    if not (ip_ok and account_ok):
        return SignInResult(user=None, throttled=True)
    user = authenticate(request, username=email, password=password)
    if not isinstance(user, User):
        known = User.objects.filter(email=email).first()
        if known is not None:
            audit.record(AuditEvent.Kind.SIGN_IN_FAILED, subject=known)
        return SignInResult(user=None)
    ratelimit.reset("login-account", email)
    audit.record(AuditEvent.Kind.SIGNED_IN, actor=user)
    return SignInResult(user=user)
