"""State changes for accounts. Each runs in a transaction and writes its audit row."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext, gettext_lazy

from hearth.accounts import signup as signup_links
from hearth.accounts import totp
from hearth.accounts.models import (
    PRIVACY_NOTICE_VERSION,
    AccountEvent,
    RecoveryCode,
    SignIn,
    TwoFactor,
    UsedSignUpLink,
    User,
    normalise_email,
)
from hearth.accounts.signup import SignUp
from hearth.core import audit, mail, ratelimit, registry
from hearth.core.errors import Refused
from hearth.core.languages import content_language, request_language


@transaction.atomic
def sign_up(email: str, display_name: str, password: str, role: str = User.Role.MEMBER) -> User:
    """An account made at once, for commands and tests; the web's sign-up goes through the
    emailed link (sign_up_email, finish_sign_up)."""
    now = timezone.now()
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name,
        role=role,
        adult_attested_at=now,
        privacy_accepted_at=now,
        privacy_version=PRIVACY_NOTICE_VERSION,
        language=request_language(),
    )
    audit.record(AccountEvent.SIGNED_UP, actor=user, role=role)
    return user


SIGN_UP_MAILS_PER_HOUR = 3
SIGN_UP_SUBJECT = gettext_lazy("Finish creating your account")
LINK_GONE = gettext_lazy("This link no longer works. A link works for 24 hours, and only once.")
ALREADY_HAS_ACCOUNT = gettext_lazy("This email address already has an account. Please sign in.")


def sign_up_email(signup: SignUp) -> tuple[str, str, str] | None:
    """After the sign-up form has answered: the email to send, or None.

    A new address gets the sealed link; an address with an account gets a discreet note
    with the way to sign in or set a new password. At most three an hour to one address,
    so the form cannot be used to flood someone's mailbox."""
    if not ratelimit.take("signup-email", signup.email, SIGN_UP_MAILS_PER_HOUR, 3600):
        return None
    known = User.objects.filter(email=signup.email).first()
    # A note to an existing account is written in the language its owner chose, as the
    # failed-tries notice is: the sign-up form's language is the sender's, maybe not theirs.
    with translation.override(known.language if known is not None else signup.language):
        if known is not None:
            body = render_to_string(
                "accounts/signup_known_email.txt",
                {
                    "sign_in": mail.site_link(reverse("accounts:login")),
                    "reset": mail.site_link(reverse("accounts:password_reset")),
                },
            )
        else:
            path = reverse("accounts:signup_finish", args=[signup_links.seal(signup)])
            body = render_to_string("accounts/signup_email.txt", {"link": mail.site_link(path)})
        return signup.email, str(SIGN_UP_SUBJECT), body


def sign_up_link_used(token: str) -> bool:
    return UsedSignUpLink.objects.filter(link=signup_links.link_id(token)).exists()


@transaction.atomic
def finish_sign_up(token: str) -> User:
    """The button on the link's page: make the account the link holds, once."""
    signup = signup_links.open_link(token)
    if signup is None:
        raise AccountError(str(LINK_GONE))
    try:
        with transaction.atomic():
            UsedSignUpLink.objects.create(link=signup_links.link_id(token))
    except IntegrityError:
        raise AccountError(str(LINK_GONE)) from None
    if User.objects.filter(email=signup.email).exists():
        raise AccountError(str(ALREADY_HAS_ACCOUNT))
    now = timezone.now()
    try:
        # Two links for one new address, pressed at the same moment: both pass the check
        # above, and the unique address lets only one account in.
        with transaction.atomic():
            user = User.objects.create(
                email=signup.email,
                password=signup.password_hash,
                display_name=signup.display_name,
                role=signup.role,
                adult_attested_at=now,
                privacy_accepted_at=now,
                privacy_version=PRIVACY_NOTICE_VERSION,
                language=content_language(signup.language),
            )
    except IntegrityError:
        raise AccountError(str(ALREADY_HAS_ACCOUNT)) from None
    audit.record(AccountEvent.SIGNED_UP, actor=user, role=signup.role)
    return user


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    throttled: bool = False
    needs_code: bool = False
    # What to do once the answer is sent: the lookup, audit row and email of a failure.
    afterwards: Callable[[], tuple[str, str, str] | None] | None = None


def sign_in(request: HttpRequest, email: str, password: str, code: str = "") -> SignInResult:
    """Check the password, within per-account and per-address token buckets.

    Both buckets are spent before the password is checked, so a guesser learns nothing
    from timing once throttled, and a correct password does not refill the address bucket.

    A full bucket must not lock the owner out (a stranger can keep it full with one wrong
    try every few minutes), so the owner has two ways past it: the password together with a
    code from their app (``code``, checked only after a correct password), and a reset link
    (a finished reset empties the account's bucket). Without a code, a right password and a
    wrong one get the same refusal.

    Whether the address has an account is looked up only after the answer (``afterwards``):
    known and unknown addresses run the same queries before it.
    """
    email = normalise_email(email)
    window = settings.LOGIN_RATE_WINDOW_SECONDS
    address = ratelimit.client_ip(request.META)
    ip_ok = ratelimit.take("login-ip", address, settings.LOGIN_RATE_PER_IP, window)
    account_ok = ratelimit.take("login-account", email, settings.LOGIN_RATE_PER_ACCOUNT, window)
    if not (ip_ok and account_ok):
        held = partial(_failed_sign_in, email, account_held=not account_ok)
        if code and _code_tries_left(address, window):
            user = _password_and_code(request, email, password, code)
            if user is not None:
                return SignInResult(user=user)
        return SignInResult(user=None, throttled=True, afterwards=held)
    user = authenticate(request, username=email, password=password)
    if not isinstance(user, User):
        return SignInResult(user=None, afterwards=partial(_failed_sign_in, email, False))
    ratelimit.reset("login-account", email)
    if two_factor_on(user):
        if code and second_step(user, code).ok:
            return SignInResult(user=user)
        # Not signed in yet: the code step records the sign-in once it succeeds.
        return SignInResult(user=user, needs_code=True)
    audit.record(AccountEvent.SIGNED_IN, actor=user)
    return SignInResult(user=user)


def _code_tries_left(address: str, window: int) -> bool:
    """Password-and-code tries have their own per-address bucket: someone on the same
    network who fills the address bucket with password guesses does not block them."""
    return ratelimit.take("login-ip-code", address, settings.LOGIN_RATE_PER_IP, window)


def _password_and_code(request: HttpRequest, email: str, password: str, code: str) -> User | None:
    """The owner's way past a full bucket: the right password, then a right code (within
    the account's own code bucket). None, and nothing said, when either is wrong."""
    user = authenticate(request, username=email, password=password)
    if not isinstance(user, User) or not two_factor_on(user):
        return None
    if not second_step(user, code).ok:
        return None
    ratelimit.reset("login-account", email)
    return user


FAILED_TRIES_NOTICE = gettext_lazy("Sign-in attempts on your account")
FAILED_TRIES_BODY = gettext_lazy(
    "Hello,\n\n"
    "Someone tried to sign in to your account several times with a wrong password. "
    "For a while, your password alone will not sign you in.\n\n"
    "If this was you: sign in with your password and a code from your app. Or ask for a "
    "new password on the sign-in page.\n\n"
    "If it was not you: your account is safe as long as nobody knows your password. "
    "You can choose a new one, and turn on two-step sign-in.\n\n"
    "We send this at most once a day."
)


def _failed_sign_in(email: str, account_held: bool) -> tuple[str, str, str] | None:
    """After a failed sign-in has been answered: an audit row on the account, if there is
    one, and once its limit is used up a discreet email to its owner, at most once a day."""
    known = User.objects.filter(email=email).first()
    if known is None:
        return None
    audit.record(AccountEvent.SIGN_IN_FAILED, subject=known)
    if not account_held or not ratelimit.take("failed-tries-notice", str(known.pk), 1, 86400):
        return None
    with translation.override(known.language):
        return known.email, str(FAILED_TRIES_NOTICE), str(FAILED_TRIES_BODY)


# --- Ending every sign-in and key -----------------------------------------------------------

ENDED_EVERYWHERE = audit.kind(
    "account.ended_everywhere", gettext_lazy("Signed out everywhere and access keys turned off")
)


class Why:
    """Why every sign-in and key ended (the audit row's ``why``)."""

    ASKED = "asked"  # the person pressed "Sign out everywhere"
    RESET = "password_reset"
    CHANGED = "new_password"
    TWO_STEP_ON = "two_step_on"
    TWO_STEP_OFF = "two_step_off"


@dataclass(frozen=True)
class Ended:
    """What ``end_everywhere`` stopped: sign-ins (other than the one kept) and access keys."""

    sign_ins: int
    keys: int


def end_everywhere(user: User, why: str, keep: str | None = None) -> Ended:
    """Sign the person out everywhere but the session ``keep`` (this browser, when the person
    just proved who they are in it) and turn off every access key.

    Someone who once knew the password, or held the unlocked phone, may have signed in
    elsewhere or made a key; a key would outlive any new password. So a reset, a password
    change, turning two-step sign-in on or off, and "Sign out everywhere" all end both.
    Call it inside the action's transaction. The keys belong to the API app, which turns
    them off through its `revoke_access` hook (hearth.core.registry).
    """
    rows = SignIn.objects.filter(user=user).exclude(session_key=keep or "")
    working = rows.filter(expire_date__gt=timezone.now()).count()
    rows.delete()
    ended = Ended(sign_ins=working, keys=sum(revoke(user) for revoke in registry.revokers()))
    audit.record(ENDED_EVERYWHERE, actor=user, why=why, sign_ins=ended.sign_ins, keys=ended.keys)
    return ended


SIGN_IN_ENDED = audit.kind("account.sign_in_ended", gettext_lazy("Signed out on one device"))


@transaction.atomic
def end_sign_in(user: User, sign_in: SignIn) -> None:
    """ "Sign out there": one of the person's own sign-ins (loaded with access_sign_in)."""
    SignIn.objects.filter(pk=sign_in.pk, user=user).delete()
    audit.record(SIGN_IN_ENDED, actor=user, browser=sign_in.browser, system=sign_in.system)


@transaction.atomic
def change_password(user: User, new_password: str, keep: str | None) -> Ended:
    """A new password (the current one was checked with confirm_identity): every other
    sign-in ends and every key is turned off; ``keep`` is this browser's session."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(AccountEvent.PASSWORD_CHANGED, actor=user)
    return end_everywhere(user, Why.CHANGED, keep)


@transaction.atomic
def sign_out_everywhere(user: User) -> Ended:
    return end_everywhere(user, Why.ASKED)


@transaction.atomic
def password_was_reset(user: User) -> Ended:
    """After a completed reset (the new password is saved): nobody else stays in."""
    audit.record(AccountEvent.PASSWORD_CHANGED, actor=user, reset=True)
    return end_everywhere(user, Why.RESET)


# --- Two-factor sign-in ---------------------------------------------------------------------

TWO_FACTOR_ON = audit.kind("account.two_factor_on", gettext_lazy("Two-step sign-in turned on"))
TWO_FACTOR_OFF = audit.kind("account.two_factor_off", gettext_lazy("Two-step sign-in turned off"))
RECOVERY_CODES_MADE = audit.kind(
    "account.recovery_codes_made", gettext_lazy("New recovery codes made")
)
RECOVERY_CODE_USED = audit.kind(
    "account.recovery_code_used", gettext_lazy("A recovery code was used")
)
SECOND_STEP_FAILED = audit.kind(
    "account.second_step_failed", gettext_lazy("A sign-in code was wrong")
)
CONFIRMED = audit.kind("account.confirmed", gettext_lazy("Password confirmed for a protected step"))
EXPORTED = audit.kind("account.exported", gettext_lazy("Your data was downloaded"))
DELETED = audit.kind("account.deleted", gettext_lazy("Account deleted"))

RECOVERY_CODE_COUNT = 10
# 10 characters from a 31-letter alphabet (no 0/O, 1/I/L): about 50 bits, typed by hand.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_LENGTH = 10
CODE_TRIES_PER_ACCOUNT = 5
CODE_TRIES_WINDOW = 900


class AccountError(Refused):
    """A rule stopped the change; str(error) is a plain message for the person."""


def two_factor_on(user: User) -> bool:
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


def _recovery_digest(code: str) -> str:
    # A keyed digest rather than argon2: the codes are random (about 50 bits), and checking
    # one against ten slow hashes at each sign-in would cost seconds of server time.
    key = hashlib.sha256(f"hearth-recovery:{settings.SECRET_KEY}".encode()).digest()
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return hmac.new(key, cleaned.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def start_two_factor(user: User) -> TwoFactor:
    """A new, not yet confirmed secret. Refused while two-step sign-in is on."""
    if two_factor_on(user):
        raise AccountError(gettext("Two-step sign-in is already on."))
    TwoFactor.objects.filter(user=user).delete()
    return TwoFactor.objects.create(user=user, secret=totp.new_secret())


def pending_two_factor(user: User) -> TwoFactor | None:
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=True).first()


@dataclass(frozen=True)
class TwoStepOn:
    recovery_codes: list[str]
    ended: Ended


@transaction.atomic
def confirm_two_factor(user: User, code: str, keep: str | None = None) -> TwoStepOn:
    """Turn two-step sign-in on with a first code from the app: new recovery codes, and every
    other sign-in and every key ends (``keep`` is this browser's session)."""
    setup = TwoFactor.objects.select_for_update().filter(user=user).first()
    if setup is None or setup.is_on:
        raise AccountError(gettext("Please start the set-up again."))
    step = totp.matching_step(setup.secret, code, time.time(), None)
    if step is None:
        raise AccountError(
            gettext("That code did not work. Check the time on your phone and try again.")
        )
    setup.confirmed_at, setup.last_used_step = timezone.now(), step
    setup.save(update_fields=["confirmed_at", "last_used_step"])
    audit.record(TWO_FACTOR_ON, actor=user)
    codes = _replace_recovery_codes(user)
    return TwoStepOn(codes, end_everywhere(user, Why.TWO_STEP_ON, keep))


def _replace_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=_recovery_digest(code)) for code in codes
    )
    audit.record(RECOVERY_CODES_MADE, actor=user, count=len(codes))
    return [f"{code[:5]}-{code[5:]}" for code in codes]


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    if not two_factor_on(user):
        raise AccountError(gettext("Turn on two-step sign-in first."))
    return _replace_recovery_codes(user)


def unused_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def turn_off_two_factor(user: User, keep: str | None = None) -> Ended:
    """Every other sign-in and every key ends too (``keep`` is this browser's session)."""
    if user.is_clinician:
        raise AccountError(gettext("Clinician accounts must keep two-step sign-in on."))
    TwoFactor.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    audit.record(TWO_FACTOR_OFF, actor=user)
    return end_everywhere(user, Why.TWO_STEP_OFF, keep)


def _use_totp(user: User, code: str) -> bool:
    setup = TwoFactor.objects.select_for_update().filter(user=user).first()
    if setup is None or not setup.is_on:
        return False
    step = totp.matching_step(setup.secret, code, time.time(), setup.last_used_step)
    if step is None:
        return False
    setup.last_used_step = step
    setup.save(update_fields=["last_used_step"])
    return True


def _use_recovery_code(user: User, code: str) -> bool:
    used = RecoveryCode.objects.filter(
        user=user, digest=_recovery_digest(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if used:
        audit.record(RECOVERY_CODE_USED, actor=user)
    return bool(used)


@transaction.atomic
def check_second_factor(user: User, code: str) -> bool:
    """A code from the app, or an unused recovery code. Each works only once."""
    code = code.strip()[:64]
    return bool(code) and (_use_totp(user, code) or _use_recovery_code(user, code))


@dataclass(frozen=True)
class CodeResult:
    ok: bool
    throttled: bool = False


def second_step(user: User, code: str) -> CodeResult:
    """The sign-in code step, within a per-account token bucket (codes are only 6 digits)."""
    if not ratelimit.take("signin-code", str(user.pk), CODE_TRIES_PER_ACCOUNT, CODE_TRIES_WINDOW):
        return CodeResult(ok=False, throttled=True)
    if not check_second_factor(user, code):
        audit.record(SECOND_STEP_FAILED, subject=user)
        return CodeResult(ok=False)
    ratelimit.reset("signin-code", str(user.pk))
    audit.record(AccountEvent.SIGNED_IN, actor=user, two_step=True)
    return CodeResult(ok=True)


def confirm_identity(user: User, password: str, code: str) -> bool:
    """Re-authentication before a protected step: the password, and a code if 2FA is on."""
    if not ratelimit.take("confirm", str(user.pk), CODE_TRIES_PER_ACCOUNT, CODE_TRIES_WINDOW):
        raise AccountError(gettext("Too many tries. Please wait 15 minutes and try again."))
    if not user.check_password(password):
        return False
    if two_factor_on(user) and not check_second_factor(user, code):
        return False
    ratelimit.reset("confirm", str(user.pk))
    audit.record(CONFIRMED, actor=user)
    return True


# --- Export and deletion --------------------------------------------------------------------


def remember_language(user: User, language: str | None = None) -> None:
    """Keep the language this person's emails are written in: ``language`` (the active one
    if not given) as a content language, so a job can write in it later."""
    chosen = content_language(language) if language else request_language()
    if user.language != chosen:
        user.language = chosen
        User.objects.filter(pk=user.pk).update(language=chosen)


def set_theme(user: User, theme: str) -> None:
    """Remember how this person's pages look (a display choice: no audit row)."""
    user.theme = User.Theme(theme)
    User.objects.filter(pk=user.pk).update(theme=user.theme)


def record_export(user: User, kind: str) -> None:
    audit.record(EXPORTED, actor=user, format=kind)


@transaction.atomic
def delete_account(user: User) -> None:
    """Delete the person and all their data for good.

    Each app erases its part; the first is couples, which ends the partner link exactly as
    when a person leaves, so the partner sees the same neutral notice. Audit rows stay, with
    the person's pseudonym only (their foreign keys become NULL when the user row goes).
    """
    audit.record(DELETED, actor=user)
    for erase in registry.erasers():
        erase(user)
    user.delete()


# --- Password reset -------------------------------------------------------------------------

RESET_MAILS_PER_HOUR = 3


def reset_email(email: str, language: str) -> tuple[str, str, str] | None:
    """After the reset form has answered: the email for this address, or None.

    None for an address with no account, and once three links went to the address this
    hour: asking again sends nothing more, but the links already sent keep working. The
    page said the same whatever happens here, before any of it ran."""
    email = normalise_email(email)
    if not ratelimit.take("reset-account", email, RESET_MAILS_PER_HOUR, 3600):
        return None
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None or not user.has_usable_password():
        return None
    audit.record(AccountEvent.PASSWORD_RESET_REQUESTED, subject=user)
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override(language):
        subject = render_to_string("accounts/password_reset_subject.txt").strip()
        body = render_to_string("accounts/password_reset_email.txt", {"link": mail.site_link(path)})
    return user.email, " ".join(subject.splitlines()), body
