"""Helpers for the questionnaire web tests: take a questionnaire as a person would."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.measures import catalog
from hearth.measures.models import Administration, Schedule
from tests.conftest import PASSWORD, Response, present

PHQ9_LOW = {f"q{i}": 0 for i in range(1, 10)}
PHQ9_MID = {"q1": 2, "q2": 2, "q3": 2, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 1, "q9": 0}
PHQ9_RISK = {**PHQ9_MID, "q9": 2}


def form(answers: dict[str, int], page: int, then: str = "next") -> dict[str, str]:
    return {"page": str(page), "then": then, **{f"item-{k}": str(v) for k, v in answers.items()}}


def start(client: Client, instrument_id: str = "phq9") -> Administration:
    response = client.post(f"/questionnaires/{instrument_id}/start/")
    assert response.status_code == 302, response.content
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    return Administration.objects.get(pk=pk)


def take(client: Client, answers: dict[str, int], instrument_id: str = "phq9") -> Response:
    """Start and answer every page; returns the last response."""
    sitting = start(client, instrument_id)
    instrument = catalog.instruments()[instrument_id]
    response: Response | None = None
    for page, items in enumerate(catalog.pages(instrument)):
        chunk = {i.id: answers[i.id] for i in items if i.id in answers}
        response = client.post(f"/questionnaires/sitting/{sitting.pk}/", form(chunk, page))
        assert response.status_code == 302, response.content.decode()
        if "/result/" in response["Location"]:
            break
    return present(response)  # every questionnaire has a page


def fhir_download(client: Client) -> Response:
    """Download the questionnaire FHIR file as a person does: confirm the password (the step
    every export asks for), then press the button."""
    client.post("/account/confirm/", {"password": PASSWORD})
    return client.post("/questionnaires/my-data.fhir.json")


def make_due_again(user: User, instrument_id: str = "phq9", days_ago: int = 14) -> None:
    """Let time pass by moving the records back, not by mocking the clock."""
    shift = timedelta(days=days_ago)
    for sitting in Administration.objects.filter(user=user, instrument_id=instrument_id):
        sitting.due_date -= shift
        sitting.window_end -= shift
        sitting.started_at -= shift
        if sitting.completed_at:
            sitting.completed_at -= shift
        sitting.save()
    Schedule.objects.filter(user=user, instrument_id=instrument_id).update(
        next_due=timezone.localdate()
    )
