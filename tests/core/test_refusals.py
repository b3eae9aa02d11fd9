"""One Refused base: a refusal no view shows itself is a clear page (pages) or the JSON error
shape (API), never a server error, and it changes nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from hearth.accounts.actions import AccountError
from hearth.api.tokens import TokenError
from hearth.api.v1.api import api
from hearth.checkins.actions import CheckinError
from hearth.clinic.actions import ClinicError
from hearth.core.datafile import DataFileError
from hearth.core.models import AuditEvent
from hearth.couples.actions import CoupleError
from hearth.measures.actions import AnswerError, MeasureError
from hearth.measures.definitions import DefinitionError
from hearth.measures.scoring import ScoringError
from hearth.program.actions import ProgramError
from hearth.program.comfort import MapError
from hearth.program.content import ContentError
from hearth.program.plan import IntakeError
from hearth.safety.actions import SafetyError
from tests.conftest import ClientFor, Personas, present

REFUSALS = [
    AccountError,
    AnswerError,
    CheckinError,
    ClinicError,
    CoupleError,
    MeasureError,
    ProgramError,
    SafetyError,
    TokenError,
]
# Mistakes in code or in a data file: an operator must see them as server errors.
NOT_REFUSALS = [DefinitionError, ScoringError, ContentError, DataFileError, IntakeError, MapError]


def test_every_refusal_has_the_one_base_and_data_errors_do_not() -> None:
    from hearth.core.errors import Refused  # here, so the tests below run on older code too

    assert all(issubclass(kind, Refused) for kind in REFUSALS)
    assert not any(issubclass(kind, Refused) for kind in NOT_REFUSALS)


@pytest.mark.parametrize("kind", [k for k in REFUSALS if k is not AnswerError])
def test_the_api_answers_every_refusal_with_a_409_in_the_one_shape(kind: type) -> None:
    # SafetyError, AccountError and TokenError had no mapping: a server error.
    request = RequestFactory().post("/api/v1/anything")
    response = api.on_exception(request, kind("That cannot be done now, for this reason."))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {
        "code": "refused",
        "message": "That cannot be done now, for this reason.",
        "fields": {},
    }


def test_the_api_answers_refused_answers_with_a_422_naming_each_question() -> None:
    request = RequestFactory().post("/api/v1/anything")
    refusal = AnswerError("Please answer every question.", {"q1": "Please choose an answer."})
    response = api.on_exception(request, refusal)
    assert response.status_code == 422
    assert json.loads(response.content) == {
        "code": "invalid_input",
        "message": "Please answer every question.",
        "fields": {"q1": "Please choose an answer."},
    }


PAGES = {
    "couple": ("You are not linked with a partner.", "Sie sind mit keiner Partnerin"),
    "safety": ("Nothing is paused.", "Nichts ist pausiert."),
    "account": ("Turn on two-step sign-in first.", "Schalten Sie zuerst die Anmeldung"),
    "token": ("Please give the key a name", "Bitte geben Sie dem Schlüssel einen Namen"),
    "checkin": ("This needs a linked partner.", None),
    "clinic": ("Please choose a stage from the list.", "Bitte wählen Sie eine Stufe aus der"),
    "measure": ("This questionnaire cannot be added or removed.", "Dieser Fragebogen kann"),
    "program": ("Please choose one of the answers.", None),
}


@pytest.mark.urls("tests.core.refusal_urls")
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_a_refusal_no_view_shows_is_a_clear_page_that_changed_nothing(
    personas: Personas, client_for: ClientFor, kind: str
) -> None:
    client: Client = client_for(personas.solo)
    events = AuditEvent.objects.count()
    response = client.post(f"/test-refusal/{kind}/")
    assert response.status_code == 409
    text = response.content.decode()
    assert "That could not be done" in text
    assert PAGES[kind][0] in text
    assert 'href="/"' in text  # a way on: the home page
    assert AuditEvent.objects.count() == events


@pytest.mark.urls("tests.core.refusal_urls")
@pytest.mark.parametrize("kind", sorted(k for k, (_, de) in PAGES.items() if de))
def test_the_refusal_page_speaks_the_reader_s_language(
    personas: Personas, client_for: ClientFor, kind: str
) -> None:
    client: Client = client_for(personas.solo)
    response = client.post(f"/test-refusal/{kind}/", headers={"accept-language": "de"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Das ging nicht" in text
    assert present(PAGES[kind][1]) in text
