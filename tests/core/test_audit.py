import pytest

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
