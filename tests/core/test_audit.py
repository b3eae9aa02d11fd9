import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.accounts.models import AccountEvent
from hearth.core import audit
from hearth.core.models import AuditEvent
from tests.conftest import Personas


def test_audit_rows_cannot_be_changed_or_deleted(personas: Personas) -> None:
    event = audit.record(AccountEvent.SIGNED_IN, actor=personas.solo)
    event.kind = AccountEvent.SIGNED_OUT
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).kind == AccountEvent.SIGNED_IN


def test_audit_rows_survive_the_deletion_of_the_account(personas: Personas) -> None:
    audit.record(AccountEvent.SIGNED_IN, actor=personas.solo)
    solo_id = personas.solo.pk
    personas.solo.delete()
    event = AuditEvent.objects.get(actor_ref=f"user-{solo_id}")
    assert event.actor_id is None and event.subject_ref == f"user-{solo_id}"


def test_the_audit_queryset_refuses_update_delete_and_bulk_update(personas: Personas) -> None:
    event = audit.record(AccountEvent.SIGNED_IN, actor=personas.solo)
    rows = AuditEvent.objects.filter(pk=event.pk)
    with pytest.raises(ValueError, match="append-only"):
        rows.update(kind=AccountEvent.SIGNED_OUT)
    with pytest.raises(ValueError, match="append-only"):
        rows.delete()
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.all().delete()
    event.kind = AccountEvent.SIGNED_OUT
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.bulk_update([event], ["kind"])
    assert AuditEvent.objects.get(pk=event.pk).kind == AccountEvent.SIGNED_IN


def test_record_many_writes_one_row_per_person_in_one_insert(personas: Personas) -> None:
    ids = [personas.solo.pk, personas.partner_a.pk]
    with CaptureQueriesContext(connection) as queries:
        audit.record_many(AccountEvent.SIGNED_IN, actor=personas.solo, subject_ids=ids, n=1)
    # (Outside a request, any write also renews the kept pages' stamps: not counted here.)
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "core_auditevent"')]
    assert len(inserts) == 1
    rows = AuditEvent.objects.filter(actor=personas.solo).order_by("subject_id")
    assert [(r.subject_id, r.subject_ref, r.actor_ref, r.detail) for r in rows] == [
        (pk, f"user-{pk}", f"user-{personas.solo.pk}", {"n": 1}) for pk in sorted(ids)
    ]


def test_record_many_for_nobody_touches_no_table(personas: Personas) -> None:
    with CaptureQueriesContext(connection) as queries:
        audit.record_many(AccountEvent.SIGNED_IN, actor=personas.solo, subject_ids=[])
    assert len(queries) == 0  # not even a transaction: on SQLite that takes the write lock


def test_erase_before_removes_only_older_rows(personas: Personas) -> None:
    old = audit.record(AccountEvent.SIGNED_IN, actor=personas.solo)
    cutoff = timezone.now()
    new = audit.record(AccountEvent.SIGNED_OUT, actor=personas.solo)
    assert audit.erase_before(cutoff) == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [new.pk]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_deleting_an_account_keeps_its_rows_with_the_pseudonym(personas: Personas) -> None:
    from hearth.accounts.actions import delete_account

    audit.record(AccountEvent.SIGNED_IN, actor=personas.solo)
    solo_id = personas.solo.pk
    delete_account(personas.solo)
    # Read from the rows: django-stubs types a nullable key's values_list column as never None.
    refs = {row.actor_id for row in AuditEvent.objects.filter(actor_ref=f"user-{solo_id}")}
    assert refs == {None}
