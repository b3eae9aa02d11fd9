"""A query whose SQL is built once (hearth.core.prepared) answers as the ORM answers: the
session's own query, on this run's database, for live, ended and unknown sign-ins."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import MultipleObjectsReturned
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.accounts import sessions
from hearth.accounts.models import SignIn, User
from hearth.core import readcache
from hearth.core.prepared import Prepared
from tests.accounts.test_sign_out_everywhere import signed_in
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def fields_of(row: Any) -> dict[str, Any]:
    """Every column an instance was loaded with, and its annotations."""
    return {key: value for key, value in row.__dict__.items() if key != "_state"}


def same_as_the_orm(key: str, now: Any, oldest: Any) -> SignIn | None:
    """The prepared answer, after checking it field by field against the ORM's."""
    found = sessions._SIGN_IN.one(key=key, now=now, oldest=oldest)
    expected = sessions._sign_in_query(key, now, oldest).first()
    if expected is None:
        assert found is None
        return None
    assert found is not None
    assert fields_of(found) == fields_of(expected)
    assert found._state.db == expected._state.db and not found._state.adding
    if expected.user is None:
        assert found.user is None
    else:
        assert found.user is not None
        assert fields_of(found.user) == fields_of(expected.user)
    return found


def key_of(user: User) -> str:
    return signed_in(user).cookies["sessionid"].value


def test_the_session_query_is_kept_on_this_database() -> None:
    """If this fails the ORM builds the query on every signed-in request again."""
    plan = sessions._SIGN_IN.plan()
    assert plan is not None
    assert plan.model is SignIn and [name for name, _ in plan.places] == ["key", "now", "oldest"]


def test_a_live_sign_in_brings_its_person_and_stamps_in_one_query(personas: Personas) -> None:
    key = key_of(personas.partner_a)
    SignIn.objects.filter(session_key=key).update(browser="Firefox", system="Android")
    readcache.new_stamps([personas.partner_a.pk])
    now = timezone.now()
    with CaptureQueriesContext(connection) as captured:
        sessions._SIGN_IN.one(key=key, now=now, oldest=sessions.oldest_start(now))
    assert len(captured) == 1
    found = same_as_the_orm(key, now, sessions.oldest_start(now))
    assert found is not None and found.user == personas.partner_a
    assert (found.browser, found.system) == ("Firefox", "Android")
    everyone, own = readcache.stamps_of(personas.partner_a.pk)
    assert found.__dict__["stamp_person"] == own is not None
    assert found.__dict__["stamp_everyone"] == everyone


def test_ended_and_unknown_sign_ins_find_nothing(personas: Personas) -> None:
    key = key_of(personas.partner_b)
    row = SignIn.objects.get(session_key=key)
    now = timezone.now()
    assert same_as_the_orm(key, row.expire_date, sessions.oldest_start(now)) is None
    assert same_as_the_orm(key, now, row.started_at) is None
    assert same_as_the_orm(key + "x", now, sessions.oldest_start(now)) is None
    assert same_as_the_orm(key, now, sessions.oldest_start(now)) is not None


def test_a_visitor_s_session_has_no_person() -> None:
    now = timezone.now()
    SignIn.objects.create(
        session_key="v" * 32, session_data="{}", expire_date=now + timedelta(hours=1)
    )
    found = same_as_the_orm("v" * 32, now, sessions.oldest_start(now))
    assert found is not None and found.user is None and found.user_id is None


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    expires=st.integers(min_value=-3600, max_value=3600),
    started=st.integers(min_value=-3600, max_value=3600),
    micro=st.integers(min_value=0, max_value=999_999),
)
def test_the_boundaries_of_time_fall_where_the_orm_puts_them(
    personas: Personas, expires: int, started: int, micro: int
) -> None:
    """Ends and starts a few seconds either side of now, at any microsecond (SQLite keeps
    times as text: a whole second is written without its ".000000")."""
    now = timezone.now().replace(microsecond=micro)
    SignIn.objects.update_or_create(
        session_key="b" * 32,
        defaults={
            "session_data": "{}",
            "user": personas.solo,
            "expire_date": now + timedelta(seconds=expires // 60, microseconds=expires),
            "started_at": now - timedelta(days=14) + timedelta(seconds=started // 60),
        },
    )
    for moment in (now, now.replace(microsecond=0)):
        same_as_the_orm("b" * 32, moment, sessions.oldest_start(moment))


def test_the_page_itself_signs_in_through_the_kept_query(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a test of the ORM: the session engine's own load runs the remembered SQL."""
    client = signed_in(personas.partner_a)
    ran: list[str] = []
    run = Prepared._run

    def counted(self: Prepared[Any], plan: Any, *args: Any) -> Any:
        ran.append(plan.sql)
        return run(self, plan, *args)

    monkeypatch.setattr(Prepared, "_run", counted)
    assert client.get("/privacy/").status_code == 200
    assert ran == [sessions._SIGN_IN.plan().sql]  # type: ignore[union-attr]


def by_name(key: str, also: str) -> QuerySet[SignIn]:
    return SignIn.objects.filter(session_key__in=[key, also])


def test_a_sample_that_is_not_one_parameter_leaves_the_query_to_the_orm(
    personas: Personas,
) -> None:
    """Two values with the same sample cannot be told apart among the parameters (here
    the ORM even sends the value once: it drops repeats from an IN list)."""
    field = SignIn._meta.get_field("session_key")
    unsure = Prepared(by_name, key=(field, "same"), also=(field, "same"))
    assert unsure.plan() is None
    key = key_of(personas.partner_a)
    found = unsure.one(key=key, also="none such")
    assert found is not None and found.session_key == key


def test_two_rows_for_a_query_that_wants_one_raise_as_get_does(personas: Personas) -> None:
    field = SignIn._meta.get_field("session_key")
    both = Prepared(by_name, key=(field, "sample one"), also=(field, "sample two"))
    assert both.plan() is not None
    first, second = key_of(personas.partner_a), key_of(personas.partner_b)
    with pytest.raises(MultipleObjectsReturned):
        both.one(key=first, also=second)
    found = both.one(key=first, also="none such")
    assert found is not None and found.user_id == personas.partner_a.pk
