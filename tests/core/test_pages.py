"""Every page: security headers, no third-party requests, discreet titles, quick exit."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import Personas

PUBLIC_PAGES = ["/", "/login/", "/signup/", "/signup/clinician/", "/privacy/", "/password/reset/"]
PRIVATE_PAGES = ["/", "/partner/", "/account/"]


def assert_safe_page(body: str, headers: dict[str, str]) -> None:
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'self'" in csp
    # No reference to any other server: no CDN, no web fonts, no trackers.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", body)
    assert "<script>" not in body and " style=" not in body
    assert headers["Cache-Control"].startswith("no-store")


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_safe_and_have_a_quick_exit(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert_safe_page(body, dict(response.headers))
    assert 'id="quick-exit"' in body


@pytest.mark.parametrize("path", PRIVATE_PAGES)
def test_private_pages_are_safe_and_have_a_quick_exit(
    personas: Personas, client_for, path: str
) -> None:
    response = client_for(personas.partner_a).get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert_safe_page(body, dict(response.headers))
    assert 'id="quick-exit"' in body


@pytest.mark.django_db
def test_titles_use_the_neutral_name_when_one_is_set(client: Client) -> None:
    with override_settings(APP_NAME="Daily notes"):
        body = client.get("/login/").content.decode()
    assert "<title>Sign in · Daily notes</title>" in body
    assert "Hearth" not in body


@pytest.mark.django_db
def test_unknown_pages_get_a_plain_404(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_quick_exit_signs_the_person_out(personas: Personas, client_for) -> None:
    client = client_for(personas.partner_a)
    assert client.post(reverse("core:quick_exit")).status_code == 204
    assert client.get("/account/").status_code == 302


def test_the_neutral_page_signs_out_and_says_nothing_about_the_app(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.partner_a)
    body = client.get("/away/").content.decode()
    assert "<title>Weather</title>" in body
    assert "Hearth" not in body and "partner" not in body.lower()
    assert client.get("/account/").status_code == 302


@pytest.mark.django_db
def test_healthz_reports_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_a_person_is_signed_out_after_the_idle_time(personas: Personas, client_for) -> None:
    client = client_for(personas.partner_a)
    assert client.get("/account/").status_code == 200
    session = client.session
    session["seen"] = 0.0  # long ago
    session.save()
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/account/").status_code == 302


@pytest.mark.django_db
def test_livez_answers_without_touching_the_database(
    client: Client, django_assert_num_queries
) -> None:
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
