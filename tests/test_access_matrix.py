"""Every URL pattern of the web app, tried as every persona.

The table below names, for each URL, who may open it. Everyone else gets a 404 (anonymous
visitors are sent to sign in instead) and nothing in the database changes. A URL missing
from the table fails the test: a new page has to say who it is for. The JSON API has its
own matrix over its routes in tests/api/test_access.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from hearth.accounts.models import SignIn, User
from hearth.accounts.sessions import handle
from hearth.api import tokens as api_tokens
from hearth.checkins import actions as checkin_actions
from hearth.core.models import AuditEvent, ReadStamp
from hearth.couples import actions as couple_actions
from hearth.measures import actions as measure_actions
from hearth.program.models import Program, Session
from tests import factories
from tests.conftest import Personas, build_personas
from tests.factories import care_link

MEMBERS = {"owner", "partner", "other", "solo", "stranger"}
CLINICIANS = {"clinician", "consented"}
# The staff account that runs the server: signed in, but neither a member nor a clinician.
# It has its own account pages and nothing of anyone's care.
OPERATORS = {"operator"}
SIGNED_IN = MEMBERS | CLINICIANS | OPERATORS
EVERYONE = SIGNED_IN | {"anonymous"}
PERSONAS = sorted(EVERYONE)


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    kwargs: Callable[[World], dict[str, Any]] | None = None
    # Asks for the password again before anything else, for whatever object is named: the
    # redirect to that step reveals nothing, and the object check follows it.
    confirms_first: bool = False


def rule(
    allowed: set[str],
    kwargs: Callable[[World], dict[str, Any]] | None = None,
    confirms_first: bool = False,
) -> Rule:
    return Rule(frozenset(allowed), kwargs, confirms_first)


@dataclass
class World:
    """The personas plus objects that belong to the owner (partner A) and her couple."""

    people: dict[str, User]
    administration_id: int
    result_id: int
    session_id: int
    link_id: int
    token_id: int
    invitation_token: str
    calendar_token: str
    care_token: str
    sign_in: str


def build_world(personas: Personas, password_hash: str) -> World:
    consented = factories.person(
        "consented@example.test", "Dr Ode", User.Role.CLINICIAN, password_hash=password_hash
    )
    operator = User.objects.create_superuser(
        email="operator@example.test", password=None, display_name="Ops"
    )
    owner = personas.partner_a
    link = care_link(
        owner,
        consented,
        results=True,
        sessions=True,
        reflections=True,
        risk_alerts=True,
    )
    finished = measure_actions.start(owner, "phq9")
    for page, items in ((0, range(1, 6)), (1, range(6, 10))):
        measure_actions.save_page(owner, finished.pk, page, {f"item-q{i}": "0" for i in items})
    sitting = measure_actions.start(owner, "gad7")
    program = Program.objects.create(
        couple=personas.couple, stage="couple-0", stage_since=date.today()
    )
    session = Session.objects.create(
        program=program,
        planned_for=timezone.now() + timedelta(days=1),
        stage="couple-0",
        exercise="couple-hands",
        turn_minutes=10,
        turns=2,
        status=Session.Status.SCHEDULED,
    )
    token = api_tokens.create_token(owner, "matrix", ["read"], 30)
    calendar = checkin_actions.new_calendar_token(owner, "en")
    invitation = couple_actions.create_invitation(personas.solo)
    care = _care_invitation(personas.other_a)
    elsewhere = Client()
    elsewhere.force_login(owner)
    sign_in = handle(SignIn.objects.get(session_key=elsewhere.session.session_key))
    return World(
        people={
            "owner": owner,
            "partner": personas.partner_b,
            "other": personas.other_a,
            "solo": personas.solo,
            "clinician": personas.clinician,
            "consented": consented,
            "stranger": personas.stranger,
            "operator": operator,
        },
        administration_id=sitting.pk,
        result_id=finished.pk,
        session_id=session.pk,
        link_id=link.pk,
        token_id=token.token.pk,
        invitation_token=invitation.token,
        calendar_token=calendar,
        care_token=care,
        sign_in=sign_in,
    )


def _care_invitation(client: User) -> str:
    from hearth.clinic import actions as clinic_actions

    return clinic_actions.create_invitation(client).token


SESSION = lambda w: {"session_id": w.session_id}  # noqa: E731
SITTING = lambda w: {"administration_id": w.administration_id}  # noqa: E731
CLIENT = lambda w: {"client_id": w.people["owner"].pk}  # noqa: E731
LINK = lambda w: {"link_id": w.link_id}  # noqa: E731

RULES: dict[str, Rule] = {
    # Public pages, and pages whose secret in the address is the key.
    **{
        name: rule(EVERYONE)
        for name in [
            "core:home",
            "core:healthz",
            "core:livez",
            "core:privacy",
            "core:away",
            "core:quick_exit",
            "core:manifest",
            "core:service_worker",
            "core:offline",
            "core:home_screen",
            "accounts:signup",
            "accounts:signup_clinician",
            "accounts:signup_sent",
            "accounts:login",
            "accounts:login_code",
            "accounts:password_reset",
            "accounts:password_reset_done",
            "accounts:password_reset_complete",
            "safety:crisis",
            "set_language",
        ]
    },
    "accounts:password_reset_confirm": rule(EVERYONE, lambda w: {"uidb64": "MQ", "token": "x-y"}),
    # A sealed sign-up link; one that does not open answers 410 to everyone.
    "accounts:signup_finish": rule(EVERYONE, lambda w: {"token": "not-a-sealed-link"}),
    "couples:join": rule(EVERYONE, lambda w: {"token": w.invitation_token}),
    # The operator's monitoring only (an address or a token it is given): nobody signed in.
    "ops:metrics": rule(set()),
    "checkins:calendar_feed": rule(EVERYONE, lambda w: {"token": w.calendar_token}),
    "clinic:join": rule(EVERYONE, lambda w: {"token": w.care_token}),
    # Anyone signed in: their own account.
    **{
        name: rule(SIGNED_IN)
        for name in [
            "accounts:logout",
            "accounts:account",
            "accounts:theme",
            "accounts:activity",
            "accounts:sign_out_everywhere",
            "accounts:sign_ins",
            "accounts:password_change",
            "safety:region",
            "accounts:confirm",
            "accounts:two_factor",
            "accounts:two_factor_start",
            "accounts:two_factor_confirm",
            "accounts:recovery_codes",
            "accounts:two_factor_off",
            "accounts:export",
            "accounts:export_json",
            "accounts:export_fhir",
            "accounts:delete",
            "api:tokens",
            "api:create",
            "couples:partner",
            "couples:invite",
            "couples:withdraw",
            "couples:join_code",
            "couples:leave",
        ]
    },
    "api:revoke": rule({"owner"}, lambda w: {"token_id": w.token_id}),
    "api:confirm_made": rule({"owner"}, lambda w: {"token_id": w.token_id}),
    "accounts:end_sign_in": rule({"owner"}, lambda w: {"name": w.sign_in}),
    # People using Hearth (not clinicians): their own data, no object in the address.
    **{
        name: rule(MEMBERS)
        for name in [
            "measures:index",
            "measures:download",
            "program:home",
            "program:intake",
            "program:plan",
            "program:comfort",
            "program:new_areas",
            "program:doctor_check",
            "program:reading",
            "program:propose_advance",
            "program:accept_advance",
            "program:decline_advance",
            "program:step_back",
            "program:pause_program",
            "program:resume_program",
            "program:sessions",
            "program:propose",
            "safety:home",
            "safety:screen",
            "safety:plan",
            "safety:plan_print",
            "safety:lift",
            "checkins:today",
            "checkins:insights",
            "checkins:sharing",
            "checkins:couple_insights",
            "checkins:talk",
            "checkins:wishes",
            "checkins:reminders",
            "checkins:calendar_new",
            "checkins:calendar_off",
            "clinic:my_care",
        ]
    },
    **{
        name: rule(MEMBERS, lambda w: {"instrument_id": "phq9"})
        for name in ["measures:start", "measures:share", "measures:choose"]
    },
    # Only a person with results has a history; a partner page needs a partner.
    "measures:history": rule({"owner"}, lambda w: {"instrument_id": "phq9"}),
    "measures:partner": rule({"owner", "partner", "other"}),
    "program:page": rule(MEMBERS, lambda w: {"page_id": "spectatoring"}),
    "program:exercise": rule(MEMBERS, lambda w: {"exercise_id": "hand-touch"}),
    "checkins:prompt": rule(MEMBERS, lambda w: {"prompt_id": _first_prompt()}),
    # The owner's own objects.
    "measures:take": rule({"owner"}, SITTING),
    "measures:result": rule({"owner"}, lambda w: {"administration_id": w.result_id}),
    "clinic:consent": rule({"owner"}, LINK, confirms_first=True),
    "clinic:end": rule({"owner"}, LINK),
    # The couple's shared session: both partners, nobody else, never a clinician.
    **{
        f"program:{name}": rule({"owner", "partner"}, SESSION)
        for name in [
            "session",
            "session_state",
            "answer",
            "cancel",
            "ready",
            "not_sure",
            "start",
            "settled",
            "body_check",
            "next_turn",
            "pause",
            "resume",
            "end",
            "reflect",
            "sharing",
        ]
    },
    # Clinicians: their own workspace; a client's pages only within consent.
    **{
        name: rule(CLINICIANS)
        for name in [
            "clinic:caseload",
            "clinic:caseload_csv",
            "clinic:profile",
        ]
    },
    # Either side may invite the other: a client their therapist, a therapist a client.
    **{name: rule(SIGNED_IN) for name in ["clinic:invite", "clinic:withdraw", "clinic:join_code"]},
    **{
        f"clinic:{name}": rule({"consented"}, CLIENT)
        for name in [
            "client",
            "homework",
            "questionnaire",
            "report",
            "report_pdf",
            "fhir",
            "discharge",
        ]
    },
}


def _first_prompt() -> str:
    from hearth.checkins.content import prompts

    return str(next(iter(prompts())).id)


def web_patterns() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                if inner.startswith("api:api-v1"):
                    continue  # the API's own matrix covers it
                yield from walk(pattern.url_patterns, inner)
            elif pattern.name:
                yield namespace + pattern.name, pattern

    yield from walk(get_resolver().url_patterns, "")


def test_every_url_says_who_it_is_for() -> None:
    names = {name for name, _ in web_patterns()}
    assert sorted(names - set(RULES)) == []
    assert sorted(set(RULES) - names) == []


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def client_as(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.people[persona])
    return client


def url_for(name: str, world: World) -> str:
    from django.urls import reverse

    spec = RULES[name]
    return reverse(name, kwargs=spec.kwargs(world) if spec.kwargs else None)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, password_hash: str) -> Iterator[World]:
    """Built once for the module (not per test: it was most of the module's time), inside a
    transaction rolled back at the module's end. Each test runs in a savepoint of it (the
    ``db`` fixture), so what one test's requests write is gone before the next one starts.
    Not once per session: that transaction would hold every other test module inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world(build_personas(password_hash), password_hash)
        transaction.set_rollback(True)


# A refused request may still write these: its audit row, a rate-limit token, a session, and
# then the new stamps of the kept pages around the person (hearth/core/readcache.py: a
# random number per person, no data of theirs).
MAY_CHANGE = {"core.AuditEvent", "core.TokenBucket", "accounts.SignIn", "core.ReadStamp"}


def changed(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return [label for label in before if before[label] != after[label] and label not in MAY_CHANGE]


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_persona_gets_exactly_what_the_table_says(db: None, world: World, name: str) -> None:
    spec = RULES[name]
    url = url_for(name, world)
    allowed_405: set[str] = set()  # methods the route takes from nobody allowed either
    refused_405: list[tuple[str, str]] = []
    for persona in PERSONAS:
        for method in ("get", "post"):
            before = row_counts() if persona not in spec.allowed else {}
            response = getattr(client_as(world, persona), method)(url)
            status = response.status_code
            assert status < 500, (name, persona, method, status)
            if persona in spec.allowed:
                assert status != 404, (name, persona, method, "should be allowed")
                if status == 405:
                    allowed_405.add(method)
                continue
            if status == 405:
                refused_405.append((persona, method))
            # 405 (wrong method) shows nothing either.
            refused = {404, 405}
            if persona == "anonymous":
                assert status in refused | {302}, (name, method, status)
                if status == 302:
                    assert response["Location"].startswith("/login/"), (name, method)
            elif spec.confirms_first and status == 302:
                assert response["Location"].startswith("/account/confirm/"), (name, persona)
            else:
                assert status in refused, (name, persona, method, status)
            assert changed(before, row_counts()) == [], (name, persona, method)
    # A refusal is a 404. A 405 only where the route takes that method from nobody: else it
    # would tell a refused person that the address is there for someone.
    if spec.allowed:
        assert [r for r in refused_405 if r[1] not in allowed_405] == [], name


# --- Opening a page changes nothing --------------------------------------------------------

WRITE = re.compile(r'^\s*(?:INSERT(?: OR \w+)? INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.I)

# What a page may still write when it is only opened, each for its reason. Anything else is
# a change, which belongs in an action behind a POST (docs/architecture.md).
GET_MAY_WRITE = {
    SignIn._meta.db_table: "the session's last-seen time, which idle sign-out reads",
    ReadStamp._meta.db_table: "a write renews the kept pages' stamps around the person",
    AuditEvent._meta.db_table: "someone reading another person's data is recorded (privacy)",
}
# The audit rows that opening a page writes: a clinician reading a client's data, listing
# them, or making a report; a partner reading shared scores. docs/privacy.md asks for each.
READING_RECORDED = {"clinic.viewed", "clinic.listed", "clinic.reported", "measures.partner_viewed"}


def test_opening_any_page_writes_only_the_reasoned_exceptions(db: None, world: World) -> None:
    """Every page of the table, opened (GET) by each signed-in person it is for, with every
    database statement watched. The session's own first writes happen before watching."""
    writes: dict[str, set[str]] = {}
    opening = [""]

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        found = WRITE.match(sql)
        if found:
            writes.setdefault(found.group(1), set()).add(opening[0])
        return execute(sql, params, many, context)

    recorded: set[str] = set()
    for name, spec in sorted(RULES.items()):
        for persona in sorted(spec.allowed & SIGNED_IN):
            client = client_as(world, persona)
            client.get("/privacy/")  # the session's first request writes it; not this test's
            opening[0] = f"{name} as {persona}"
            last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            with connection.execute_wrapper(watch):
                client.get(url_for(name, world))
            recorded |= set(AuditEvent.objects.filter(pk__gt=last).values_list("kind", flat=True))
    unexpected = {table: sorted(pages) for table, pages in writes.items()}
    for table in GET_MAY_WRITE:
        unexpected.pop(table, None)
    assert unexpected == {}
    assert recorded <= READING_RECORDED
