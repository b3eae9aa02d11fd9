import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from hearth.accounts.models import TwoFactor, User


@pytest.mark.django_db
def test_the_demo_loads_once_and_its_clinician_can_sign_in_with_a_code() -> None:
    first, second = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=first)
    users = User.objects.count()
    call_command("load_demo", stdout=second)
    assert User.objects.count() == users == 4
    assert "hearth-demo-2026" in first.getvalue() and "demo_code" in first.getvalue()
    clinician = User.objects.get(email="dr.lee@demo.invalid")
    assert TwoFactor.objects.get(user=clinician).is_on
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command("demo_code", stdout=out)
    assert re.match(r"^\d{6} ", out.getvalue())


def test_the_demo_code_is_refused_outside_demo_mode() -> None:
    with override_settings(DEMO=False), pytest.raises(CommandError, match="demo mode"):
        call_command("demo_code")


@pytest.mark.django_db
def test_the_demo_says_where_its_emails_go_when_no_mail_server_is_set() -> None:
    # A visitor who signs up on the demo gets "check your email": the link must be findable.
    printed, sent = io.StringIO(), io.StringIO()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
        call_command("load_demo", stdout=printed)
    assert "emails (a new account's link, a password reset) are printed here" in printed.getvalue()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"):
        call_command("load_demo", stdout=sent)
    assert "printed here" not in sent.getvalue()
