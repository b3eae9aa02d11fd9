"""Fuzzing the live API with schemathesis: the real server (granian), a file SQLite database.

Pass 1: for every operation in /api/v1/openapi.json, EXAMPLES generated requests with
partner A's key (half valid input, half input the document forbids): never a server error,
every response (status, content type, body) matches the document, and a request without
the key is refused (``ignored_auth``).
Pass 2: with the key of another couple, generated requests aimed at partner A's own ids:
every one is a 404, exactly as for an object that does not exist.

Run alone with ``-s`` to see how many requests were sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import APIOperation
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from tests.server import hearth, running_server, server_env

EXAMPLES = 20
# The API has 60 operations. An empty or cut document would let every check below pass
# without sending a single request, so fewer than this fails the run.
MIN_OPERATIONS = 50
CROSS_EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    ignored_auth,
]
SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from hearth.accounts.models import User
from hearth.api import tokens
from hearth.api.models import ApiToken
from hearth.clinic.models import CareLink
from hearth.couples.models import Couple, Membership
from hearth.program.models import Program, Reflection, Session
from tests.api.conftest import finish_phq9
from tests.factories import care_link

def person(key, role="member"):
    return User.objects.create_user(
        f"{key}@example.test", "a long walk by the sea 24", display_name=key.title(), role=role,
        privacy_version="2026-11", adult_attested_at=timezone.now(),
        privacy_accepted_at=timezone.now(),
    )

def couple(first, second):
    made = Couple.objects.create()
    for member in (first, second):
        Membership.objects.create(couple=made, user=member)
    return made

def key(user):
    new = tokens.create_token(user, "fuzz", ["read", "write", "export"], 30)
    # Far above any person's use: the fuzzer must reach the endpoints, not the limit.
    ApiToken.objects.filter(pk=new.token.pk).update(rate_per_minute=100000)
    return new.secret

a, b, c, d = (person(k) for k in ("ada", "ben", "cleo", "dev"))
doctor = person("kim", "clinician")
ours, theirs = couple(a, b), couple(c, d)
program = Program.objects.create(couple=ours, stage="couple-0", stage_since=timezone.localdate())
session = Session.objects.create(
    program=program, proposed_by=a, planned_for=timezone.now() - timedelta(days=1),
    stage="couple-0", exercise="holding-hands", turn_minutes=5, turns=2, status="done",
)
Reflection.objects.create(session=session, user=a, comfort=5, closeness=6, anxiety=1)
care_link(a, doctor, results=True, sessions=True)
print("WORLD=" + json.dumps({
    "a": key(a), "c": key(c),
    "ids": {
        "couple_id": ours.pk, "session_id": session.pk, "client_id": a.pk,
        "administration_id": finish_phq9(a).pk, "page": 0,
    },
}))
"""
OWNED = ("couple_id", "session_id", "client_id", "administration_id")
SENT = {"requests": 0}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    data = tmp_path_factory.mktemp("api-fuzz")
    env = server_env(data, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    for step in (["migrate", "--noinput"], ["shell", "-c", SETUP]):
        done = hearth(step, env)
        assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("WORLD="))
    with running_server(env, data / "server.log") as base:
        yield base, json.loads(line.removeprefix("WORLD="))
    print(f"\nschemathesis sent {SENT['requests']} generated requests")


def operations(base: str) -> list[APIOperation[Any, Any, Any, Any]]:
    loaded = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json")
    found = []
    for result in loaded.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # a part of the document schemathesis cannot read, named
        found.append(result.ok())
    assert len(found) >= MIN_OPERATIONS, f"the API document has only {len(found)} operations"
    return found


def run_examples(
    operation: Any, examples: int, test: Any, mode: GenerationMode = GenerationMode.POSITIVE
) -> None:
    """Hypothesis over one operation. (schemathesis's pytest plugin does not work with
    pytest 9 yet, so each operation's strategy is driven by hand, with the same settings.)"""

    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        SENT["requests"] += 1
        test(case)

    run()


def test_no_server_errors_and_every_response_matches_the_document(
    live: tuple[str, dict[str, Any]],
) -> None:
    base, world = live
    headers = {"Authorization": f"Bearer {world['a']}"}

    def check(case: Any) -> None:
        case.call_and_validate(base_url=base, headers=headers, checks=CHECKS)

    for operation in operations(base):
        # Valid input per the document, then input it forbids (wrong types, bad ids, ...).
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            run_examples(operation, EXAMPLES // 2, check, mode)


def test_another_couples_key_never_reaches_partner_a_s_objects(
    live: tuple[str, dict[str, Any]],
) -> None:
    base, world = live
    headers = {"Authorization": f"Bearer {world['c']}"}
    aimed = [op for op in operations(base) if any(f"{{{k}}}" in op.path for k in OWNED)]
    assert len(aimed) >= 20

    def check(case: Any) -> None:
        params = case.path_parameters or {}
        case.path_parameters = {**params, **{k: world["ids"][k] for k in params}}
        response = case.call(base_url=base, headers=headers)
        where = (case.method, case.formatted_path, response.text)
        assert response.status_code in (404, 422), where
        # 422 only for a generated body the document itself rejects, before any lookup.
        code = "not_found" if response.status_code == 404 else "invalid_input"
        assert response.json()["code"] == code, where

    for operation in aimed:
        run_examples(operation, CROSS_EXAMPLES, check)
