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
