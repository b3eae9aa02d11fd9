"""`hearth housekeeping`: what it removes, what it keeps, and that a second run (or two at
once) changes nothing more. Each test builds rows of a known age and runs it at a known time."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from hearth.accounts.models import SignIn, User
from hearth.accounts.sessions import SessionStore
from hearth.api.models import ApiToken
from hearth.checkins.models import SentReminder
from hearth.clinic.models import CareInvitation
from hearth.core import ratelimit
from hearth.core.models import AuditEvent, TokenBucket
from hearth.couples.models import Invitation
from hearth.ops import housekeeping, prune
from hearth.ops.models import JobRun
from tests.checkins.test_reminders import TELLING
from tests.conftest import PASSWORD, Personas

NOW = timezone.now()


def removed(now: datetime = NOW) -> dict[str, int]:
    return {o.name: o.count for o in housekeeping.run(now)}


def pruned_events() -> list[dict[str, Any]]:
    return [e.detail for e in AuditEvent.objects.filter(kind=housekeeping.PRUNED).order_by("id")]


def a_session(expires: datetime) -> str:
    store = SessionStore()
    store["seen"] = 1
    store.create()
    SignIn.objects.filter(session_key=store.session_key).update(expire_date=expires)
    return str(store.session_key)


def test_expired_sessions_go_and_live_ones_stay(db: None) -> None:
    old, live = a_session(NOW - timedelta(minutes=1)), a_session(NOW + timedelta(minutes=20))
    assert removed()["expired_sessions"] == 1
    assert list(SignIn.objects.values_list("session_key", flat=True)) == [live]
    assert old != live
    assert removed()["expired_sessions"] == 0  # a second run removes nothing more
    assert pruned_events() == [{"what": "expired_sessions", "count": 1}]  # and writes nothing


@override_settings(LOGIN_RATE_PER_IP=2)
def test_a_spent_rate_limit_stays_until_it_has_filled_up_again(db: None) -> None:
    for _ in range(3):
        ratelimit.take("login-ip", "203.0.113.9", 2, 900)
    assert not ratelimit.take("login-ip", "203.0.113.9", 2, 900)  # throttled
    bucket = TokenBucket.objects.get()
    assert bucket.full_at == pytest.approx(bucket.updated_at + 900 * (2 - bucket.tokens) / 2)

    assert removed(timezone.now())["full_rate_limit_buckets"] == 0
    assert not ratelimit.take("login-ip", "203.0.113.9", 2, 900)  # housekeeping freed nobody

    later = datetime.fromtimestamp(TokenBucket.objects.get().full_at + 1, tz=UTC)
    assert removed(later)["full_rate_limit_buckets"] == 1
    assert not TokenBucket.objects.exists()


def test_a_bucket_with_tokens_left_is_full_again_sooner(db: None) -> None:
    ratelimit.take("signup-ip", "198.51.100.4", 20, 3600)
    bucket = TokenBucket.objects.get()
    assert bucket.full_at - bucket.updated_at == pytest.approx(3600 / 20)


def invitation(model: type[Any], user: User, n: int, **times: datetime) -> Any:
    fields = {"expires_at": NOW + timedelta(hours=72), **times}
    return model.objects.create(
        inviter=user, token_digest=f"t{n}", code_digest=f"c{n}", created_at=NOW, **fields
    )


@pytest.mark.parametrize(
    ("model", "name"),
    [(Invitation, "ended_partner_invitations"), (CareInvitation, "ended_care_invitations")],
)
def test_invitations_go_a_month_after_they_ended(
    personas: Personas, model: type[Any], name: str
) -> None:
    month = timedelta(days=30, minutes=1)
    user = personas.solo
    kept = [
        invitation(model, user, 1),  # open
        invitation(model, user, 2, expires_at=NOW - timedelta(days=2)),  # expired lately
        invitation(model, user, 3, revoked_at=NOW - timedelta(days=29)),
    ]
    invitation(model, user, 4, expires_at=NOW - month)
    invitation(model, user, 5, used_at=NOW - month)
    invitation(model, user, 6, revoked_at=NOW - month)
    assert removed()[name] == 3
    assert set(model.objects.values_list("pk", flat=True)) == {i.pk for i in kept}
    assert removed()[name] == 0


@override_settings(KEEP_ENDED_DAYS=7)
def test_the_operator_sets_how_long_ended_rows_stay(personas: Personas) -> None:
    invitation(Invitation, personas.solo, 1, revoked_at=NOW - timedelta(days=8))
    assert removed()["ended_partner_invitations"] == 1


def key(user: User, n: int, **fields: Any) -> ApiToken:
    values = {"expires_at": NOW + timedelta(days=90), **fields}
    return ApiToken.objects.create(
        user=user, name=f"key {n}", digest=f"d{n}", hint="abcd", **values
    )


def test_switched_off_and_expired_keys_go_after_a_month(personas: Personas) -> None:
    user, month = personas.partner_a, timedelta(days=31)
    kept = [key(user, 1), key(user, 2, revoked_at=NOW - timedelta(days=1))]
    key(user, 3, revoked_at=NOW - month)
    key(user, 4, expires_at=NOW - month)
    assert removed()["ended_api_keys"] == 2
    assert set(ApiToken.objects.values_list("pk", flat=True)) == {k.pk for k in kept}


def test_the_reminder_log_keeps_a_week(personas: Personas) -> None:
    today = timezone.localdate(NOW)
    for days in (0, 6, 8, 30):
        SentReminder.objects.create(
            user=personas.solo, kind="checkin", day=today - timedelta(days=days)
        )
    assert removed()["old_reminder_log"] == 2
    assert SentReminder.objects.filter(day__lt=today - timedelta(days=7)).count() == 0


def old_events(count: int, days: int) -> None:
    for _ in range(count):
        AuditEvent.objects.create(kind="account.signed_in")
    # Rows of a known age: the guarded manager refuses update(), so past it, as erasure does.
    AuditEvent._base_manager.update(created_at=NOW - timedelta(days=days))


def test_the_audit_log_is_kept_for_good_by_default(db: None) -> None:
    old_events(3, 4000)
    assert removed()["old_audit_events"] == 0
    assert AuditEvent.objects.count() == 3


@override_settings(AUDIT_RETENTION_DAYS=365)
def test_an_audit_retention_removes_older_rows_only(db: None) -> None:
    old_events(3, 400)
    AuditEvent.objects.create(kind="account.signed_in")
    assert removed()["old_audit_events"] == 3
    assert pruned_events() == [{"what": "old_audit_events", "count": 3}]
    assert removed()["old_audit_events"] == 0
    assert AuditEvent.objects.filter(kind="account.signed_in").count() == 1


def test_the_command_prints_what_it_removed_and_records_its_run(db: None, capsys: Any) -> None:
    a_session(timezone.now() - timedelta(seconds=1))
    call_command("housekeeping")
    assert "expired_sessions: 1" in capsys.readouterr().out
    run = JobRun.objects.get(name="housekeeping")
    assert run.ok and run.finished_at is not None and run.finished_at >= run.started_at


def test_used_sign_up_links_go_once_their_day_is_long_over(db: None) -> None:
    from hearth.accounts.models import UsedSignUpLink

    UsedSignUpLink.objects.create(link="old", used_at=NOW - timedelta(days=3))
    UsedSignUpLink.objects.create(link="recent", used_at=NOW - timedelta(hours=30))
    assert prune.spent_sign_up_links(NOW) == 1
    assert list(UsedSignUpLink.objects.values_list("link", flat=True)) == ["recent"]


def test_every_pruner_is_registered_in_one_list(db: None) -> None:
    from hearth.core import registry

    names = [name for name, _prune in registry.pruners()]
    assert names == [o.name for o in housekeeping.prune_all(NOW)]
    assert {"expired_sessions", "full_rate_limit_buckets", "ended_api_keys"} <= set(names)


# --- Accounts nobody uses -----------------------------------------------------------------


def quiet_since(user: User, days: int) -> None:
    User.objects.filter(pk=user.pk).update(
        date_joined=NOW - timedelta(days=days + 10), last_login=NOW - timedelta(days=days)
    )


def test_unused_accounts_are_left_alone_by_default(personas: Personas) -> None:
    quiet_since(personas.solo, 3000)
    removed()
    assert mail.outbox == [] and User.objects.filter(pk=personas.solo.pk).exists()


@override_settings(INACTIVE_ACCOUNT_DAYS=365)
def test_an_unused_account_gets_one_discreet_email_and_stays(personas: Personas) -> None:
    quiet_since(personas.solo, 400)
    quiet_since(personas.partner_a, 100)
    assert removed()["inactive_accounts_warned"] == 1
    (message,) = mail.outbox
    assert message.to == ["solo@example.test"]
    assert not TELLING.search(str(message.subject)) and not TELLING.search(str(message.body))
    assert "365 days" in message.body and "delete" in message.body

    for later in (NOW + timedelta(days=1), NOW + timedelta(days=400)):
        assert removed(later)["inactive_accounts_deleted"] == 0
    to_solo = [m for m in mail.outbox if m.to == ["solo@example.test"]]
    assert len(to_solo) == 1  # one email per quiet spell
    assert User.objects.filter(pk=personas.solo.pk).exists()  # deletion is off
    assert AuditEvent.objects.filter(subject=personas.solo, kind="ops.inactive_warned").count() == 1


@override_settings(INACTIVE_ACCOUNT_DAYS=365, INACTIVE_ACCOUNT_DELETE=True, INACTIVE_NOTICE_DAYS=30)
def test_with_deletion_on_the_account_goes_on_the_day_the_email_named(
    personas: Personas,
) -> None:
    quiet_since(personas.solo, 400)
    removed()
    (message,) = mail.outbox
    assert "deleted on" in message.body
    assert removed(NOW + timedelta(days=29))["inactive_accounts_deleted"] == 0
    assert removed(NOW + timedelta(days=30))["inactive_accounts_deleted"] == 1
    assert not User.objects.filter(email="solo@example.test").exists()
    assert AuditEvent.objects.filter(subject_ref=f"user-{personas.solo.pk}").filter(
        kind="ops.inactive_deleted"
    )
    assert removed(NOW + timedelta(days=31))["inactive_accounts_deleted"] == 0


@override_settings(INACTIVE_ACCOUNT_DAYS=365, INACTIVE_ACCOUNT_DELETE=True, INACTIVE_NOTICE_DAYS=30)
def test_signing_in_after_the_email_keeps_the_account(personas: Personas) -> None:
    quiet_since(personas.solo, 400)
    removed()
    response = Client().post("/login/", {"email": "solo@example.test", "password": PASSWORD})
    assert response.status_code == 302
    assert removed(NOW + timedelta(days=60))["inactive_accounts_deleted"] == 0
    assert User.objects.filter(pk=personas.solo.pk).exists()
    # A new quiet year brings a new email, not a deletion.
    removed(NOW + timedelta(days=400))
    assert [m.to for m in mail.outbox].count(["solo@example.test"]) == 2


@override_settings(INACTIVE_ACCOUNT_DAYS=365)
def test_a_key_in_use_counts_as_use(personas: Personas) -> None:
    quiet_since(personas.solo, 400)
    key(personas.solo, 1, last_used_at=NOW - timedelta(days=2))
    assert removed()["inactive_accounts_warned"] == 0


@override_settings(INACTIVE_ACCOUNT_DAYS=30, INACTIVE_ACCOUNT_DELETE=True)
def test_operators_are_never_warned_or_deleted(db: None, password_hash: str) -> None:
    operator = User.objects.create_superuser("op@example.test", "x" * 12, display_name="Op")
    quiet_since(operator, 3000)
    removed()
    removed(NOW + timedelta(days=100))
    assert mail.outbox == [] and User.objects.filter(pk=operator.pk).exists()


def test_nothing_removed_writes_no_audit_row(db: None) -> None:
    before = time.time()
    removed()
    removed()
    assert pruned_events() == [] and time.time() - before < 30
