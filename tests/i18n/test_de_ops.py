"""The operations app's German: housekeeping emails and audit labels, checked with the same
rules as the other apps' catalogues."""

from __future__ import annotations

from django.core import mail
from django.test import override_settings
from django.utils import translation

from hearth.ops import inactive
from tests.i18n.catalogue import parse_po, po_path
from tests.i18n.test_de_program_checkins_clinic_api import (
    test_placeholders_and_tags_are_kept as _placeholders_kept,
)
from tests.i18n.test_de_program_checkins_clinic_api import (
    test_the_compiled_catalogue_matches_the_source as _compiled_matches,
)


def test_every_ops_entry_is_translated_compiled_and_keeps_its_placeholders() -> None:
    entries = parse_po(po_path("ops"))
    assert len(entries) >= 9
    assert [e.msgid for e in entries if e.fuzzy or not e.msgstr] == []
    _compiled_matches("ops")
    _placeholders_kept("ops")


@override_settings(INACTIVE_ACCOUNT_DAYS=365)
def test_the_unused_account_email_reads_in_german() -> None:
    with translation.override("de"):
        text = inactive.body(None)
    assert "Ihr Konto wurde seit 365 Tagen nicht genutzt." in text
    assert "Kontoseite" in text and mail.outbox == []
