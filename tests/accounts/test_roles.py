"""Who is asking: one answer (hearth/accounts/roles.py) for every page, action and endpoint.

A member is an active account of a person using Hearth; a clinician an active clinician
account. Operators and deactivated accounts are neither, on every app's pages alike. The
checks hold under ``python -O``, which drops asserts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from hearth.accounts.models import User
from hearth.accounts.roles import (
    SignedInRequest,
    clinician_page,
    is_clinician,
    is_member,
    member_page,
    require_clinician,
    require_member,
    signed_in,
)
from hearth.api.v1.auth import user_of
from hearth.api.v1.errors import ApiError

ROOT = Path(__file__).resolve().parents[2]


def person(role: str, active: bool = True) -> User:
    """An unsaved account: the checks read only the role and whether it is active."""
    return User(email=f"{role}@example.test", role=role, is_active=active)


MEMBER = person(User.Role.MEMBER)
CLINICIAN = person(User.Role.CLINICIAN)
OPERATOR = User(email="ops@example.test", role=User.Role.OPERATOR, is_staff=True)
GONE_MEMBER = person(User.Role.MEMBER, active=False)
GONE_CLINICIAN = person(User.Role.CLINICIAN, active=False)
EVERYONE = {
    "member": MEMBER,
    "clinician": CLINICIAN,
    "operator": OPERATOR,
    "deactivated member": GONE_MEMBER,
    "deactivated clinician": GONE_CLINICIAN,
    "anonymous": AnonymousUser(),
}


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_only_an_active_member_is_a_member_and_only_an_active_clinician_a_clinician(
    name: str,
) -> None:
    who = EVERYONE[name]
    assert is_member(who) is (name == "member")
    assert is_clinician(who) is (name == "clinician")


@pytest.mark.parametrize("name", sorted(set(EVERYONE) - {"member"}))
def test_anyone_but_a_member_gets_a_404_from_require_member(name: str) -> None:
    with pytest.raises(Http404):
        require_member(EVERYONE[name])


@pytest.mark.parametrize("name", sorted(set(EVERYONE) - {"clinician"}))
def test_anyone_but_a_clinician_gets_a_404_from_require_clinician(name: str) -> None:
    with pytest.raises(Http404):
        require_clinician(EVERYONE[name])


def test_the_checks_give_back_the_person_they_let_through() -> None:
    assert require_member(MEMBER) is MEMBER
    assert require_clinician(CLINICIAN) is CLINICIAN


def test_code_behind_a_sign_in_that_finds_nobody_answers_403() -> None:
    request = RequestFactory().get("/account/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        signed_in(request)
    request.user = MEMBER
    assert signed_in(request) is MEMBER


def test_an_api_request_without_a_key_s_account_answers_401() -> None:
    request = RequestFactory().get("/api/v1/me")
    with pytest.raises(ApiError) as refused:
        user_of(request)
    assert refused.value.status_code == 401
    request.auth = AnonymousUser()  # type: ignore[attr-defined]
    with pytest.raises(ApiError):
        user_of(request)
    request.auth = MEMBER  # type: ignore[attr-defined]
    assert user_of(request) is MEMBER


def _request(user: Any) -> Any:
    request = RequestFactory().get("/somewhere/?page=2")
    request.user = user
    request.session = SessionStore()
    return request


@pytest.mark.parametrize(
    ("decorator", "allowed"), [(member_page, "member"), (clinician_page, "clinician")]
)
def test_a_page_decorator_lets_in_its_people_sends_visitors_to_sign_in_404s_the_rest(
    decorator: Callable[..., Any], allowed: str
) -> None:
    seen: list[User] = []

    @decorator
    def page(request: SignedInRequest, number: int) -> HttpResponse:
        seen.append(request.user)
        return HttpResponse(str(number))

    for name, who in EVERYONE.items():
        if name == allowed:
            assert page(_request(who), 7).content == b"7"
            assert seen == [who]
        elif name == "anonymous":
            response = page(_request(who), 7)
            assert response.status_code == 302
            assert response["Location"] == "/login/?next=/somewhere/%3Fpage%3D2"
        else:
            with pytest.raises(Http404):
                page(_request(who), 7)
    assert len(seen) == 1


# One member page of each app, called straight with an account that cannot reach it.
# (A deactivated account cannot sign in through the browser; these prove the gate itself
# refuses it, so no other way in, such as a kept session, gets past.)
MEMBER_PAGES: list[tuple[str, str, dict[str, Any]]] = [
    ("hearth.checkins.views", "today", {}),
    ("hearth.checkins.views", "reminders", {}),
    ("hearth.measures.views", "index", {}),
    ("hearth.program.views", "home", {}),
    ("hearth.safety.views", "home", {}),
    ("hearth.safety.views", "plan_print", {}),
    ("hearth.clinic.views", "my_care", {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("module", "name", "kwargs"), MEMBER_PAGES)
@pytest.mark.parametrize("who", ["operator", "deactivated member", "clinician"])
def test_every_app_refuses_operators_and_deactivated_accounts_alike(
    module: str, name: str, kwargs: dict[str, Any], who: str
) -> None:
    import importlib

    view = getattr(importlib.import_module(module), name)
    user = {"operator": OPERATOR, "deactivated member": GONE_MEMBER, "clinician": CLINICIAN}[who]
    saved = User.objects.create(
        email=f"{who.replace(' ', '-')}-{name}@example.test",
        role=user.role,
        is_active=user.is_active,
        is_staff=user.is_staff,
    )
    with pytest.raises(Http404):
        view(_request(saved), **kwargs)


CHECKS_UNDER_O = """
import django
django.setup()
from django.http import Http404
from django.contrib.auth.models import AnonymousUser
from hearth.accounts.models import User
from hearth.accounts.roles import require_clinician, require_member

try:
    assert False
except AssertionError:
    raise SystemExit("asserts still run: not optimised")

refused = 0
for user in [
    User(role=User.Role.OPERATOR),
    User(role=User.Role.MEMBER, is_active=False),
    User(role=User.Role.CLINICIAN),
    AnonymousUser(),
]:
    try:
        require_member(user)
    except Http404:
        refused += 1
for user in [User(role=User.Role.MEMBER), User(role=User.Role.CLINICIAN, is_active=False)]:
    try:
        require_clinician(user)
    except Http404:
        refused += 1
print(refused)
"""


def test_the_checks_hold_when_python_drops_asserts() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hearth.settings"}
    result = subprocess.run(
        [sys.executable, "-O", "-c", CHECKS_UNDER_O],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "6"
