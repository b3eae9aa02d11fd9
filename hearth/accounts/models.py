"""People who use Hearth. Email is the login; the display name is what a partner sees."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.core import audit
from hearth.core.crypto import EncryptedTextField

PRIVACY_NOTICE_VERSION = "2026-11"


class AccountEvent:
    """The audit kinds accounts writes (hearth.core.audit). Declared with the models, so they
    are known (and their labels readable) as soon as the app loads."""

    SIGNED_UP = audit.kind("account.signed_up", _("Account created"))
    SIGNED_IN = audit.kind("account.signed_in", _("Signed in"))
    SIGN_IN_FAILED = audit.kind("account.sign_in_failed", _("A sign-in attempt failed"))
    SIGNED_OUT = audit.kind("account.signed_out", _("Signed out"))
    PASSWORD_RESET_REQUESTED = audit.kind(
        "account.password_reset_requested", _("Password reset asked for")
    )
    PASSWORD_CHANGED = audit.kind("account.password_changed", _("Password changed"))


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, role=User.Role.OPERATOR)
        return self.create_user(email, password, **extra)


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively: store them lower-case and trimmed."""
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        MEMBER = "member", "Person using Hearth"
        CLINICIAN = "clinician", "Clinician"
        OPERATOR = "operator", "Operator"

    class Theme(models.TextChoices):
        """How pages look: like the device (light or dark as it says), or always one."""

        SYSTEM = "system", _("Like my device")
        LIGHT = "light", _("Light")
        DARK = "dark", _("Dark")

    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=60)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    adult_attested_at = models.DateTimeField(null=True)
    privacy_accepted_at = models.DateTimeField(null=True)
    privacy_version = models.CharField(max_length=16, blank=True)
    # db_default too: bulk loaders that write rows with SQL need not know about it.
    theme = models.CharField(
        max_length=8, choices=Theme.choices, default=Theme.SYSTEM, db_default=Theme.SYSTEM
    )
    # The language emails are written in (reminders, notices): sent by a job with no
    # request, they cannot ask the device. The one the person signed up, last signed in or
    # last chose the language in.
    language = models.CharField(max_length=8, default="en", db_default="en")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    def __str__(self) -> str:
        return f"user-{self.pk}"

    @property
    def is_clinician(self) -> bool:
        return self.role == self.Role.CLINICIAN

    @property
    def has_accepted_privacy(self) -> bool:
        return self.privacy_version == PRIVACY_NOTICE_VERSION and self.adult_attested_at is not None


class TwoFactor(models.Model):
    """A person's authenticator secret. Two-factor sign-in is on once ``confirmed_at`` is set.

    The secret is encrypted at rest; ``last_used_step`` remembers the newest time step used,
    so the same code (or an older one) is refused for the rest of its window.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"two-factor-{self.pk}"

    @property
    def is_on(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A one-time code for when the phone is lost. Only a keyed digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery-code-{self.pk}"


class SignIn(AbstractBaseSession):
    """A browser session, kept in the database with whose it is (hearth.accounts.sessions).

    Django's own session columns, plus the person once they are signed in, a short device
    name (browser and system, never a place) and when it began and was last used, so the
    person can see their sign-ins and end any of them. A row with no person is a visitor's
    session (a sign-in half done, a language choice).
    """

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="sign_ins"
    )
    browser = models.CharField(max_length=30, blank=True)
    system = models.CharField(max_length=30, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "-last_used_at"])]

    @classmethod
    def get_session_store_class(cls) -> type[Any]:
        from hearth.accounts.sessions import SessionStore

        return SessionStore


class UsedSignUpLink(models.Model):
    """A sign-up link that made its account: it never makes another, even after that
    account was deleted. Only a digest of the link's nonce; gone after the link expired."""

    link = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"used-sign-up-link-{self.pk}"
