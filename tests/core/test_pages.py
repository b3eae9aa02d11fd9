"""Every page: security headers, no third-party requests, discreet titles, quick exit."""

import re

import pytest
from django.test import Client, override_settings
from pytest_django import DjangoAssertNumQueries

from tests.conftest import ClientFor, Personas

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
    personas: Personas, client_for: ClientFor, path: str
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


QUICK_EXIT_TOKEN = re.compile(
    r'<form id="quick-exit-form"[^>]*action="/quick-exit/"[^>]*>'
    r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">'
)


def strict_client(personas: Personas) -> Client:
    """A browser that keeps to CSRF as a real one does, signed in as Ada."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.partner_a)
    return client


def signed_in(client: Client) -> bool:
    return client.get("/account/").status_code == 200


def quick_exit_token(client: Client, page: str = "/account/") -> str:
    match = QUICK_EXIT_TOKEN.search(client.get(page).content.decode())
    assert match, "every page carries the quick exit's form with its token"
    return match[1]


def test_the_quick_exit_signs_out_in_the_background_while_the_page_leaves(
    personas: Personas,
) -> None:
    """The script's beacon: the form's own POST with its token, answered with nothing."""
    client = strict_client(personas)
    token = quick_exit_token(client)
    answer = client.post("/quick-exit/", {"csrfmiddlewaretoken": token, "beacon": "1"})
    assert answer.status_code == 204 and not answer.content
    assert not signed_in(client)


def test_without_the_script_the_quick_exit_form_signs_out_and_leaves(
    personas: Personas,
) -> None:
    client = strict_client(personas)
    token = quick_exit_token(client, "/partner/")
    answer = client.post("/quick-exit/", {"csrfmiddlewaretoken": token})
    assert answer.status_code == 302 and answer["Location"] == "/away/"
    assert not signed_in(client)


@override_settings(QUICK_EXIT_URL="https://weather.example.org/")
def test_the_form_leads_to_the_operators_exit_page(personas: Personas) -> None:
    client = strict_client(personas)
    answer = client.post("/quick-exit/", {"csrfmiddlewaretoken": quick_exit_token(client)})
    assert answer["Location"] == "https://weather.example.org/"


def test_a_link_to_the_neutral_page_from_another_site_signs_nobody_out(
    personas: Personas,
) -> None:
    """Any site could link or embed /away/: opening it only shows the weather."""
    client = strict_client(personas)
    body = client.get(
        "/away/", HTTP_REFERER="https://elsewhere.example/", HTTP_SEC_FETCH_SITE="cross-site"
    ).content.decode()
    assert "<title>Weather</title>" in body
    assert "Hearth" not in body and "partner" not in body.lower()
    assert signed_in(client)


@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site", None])
def test_a_post_from_another_site_signs_nobody_out_but_still_leaves(
    personas: Personas, fetch_site: str | None
) -> None:
    """No token that fits (a form on another site): nobody is signed out. Whoever pressed
    it is still sent away at once; a beacon gets a plain refusal."""
    client = strict_client(personas)
    client.get("/account/")  # the browser holds this site's CSRF cookie
    headers = {"Sec-Fetch-Site": fetch_site} if fetch_site else {}
    answer = client.post("/quick-exit/", {"csrfmiddlewaretoken": "x" * 64}, headers=headers)
    assert answer.status_code == 302 and answer["Location"] == "/away/"
    beacon = client.post("/quick-exit/", {"beacon": "1"}, headers=headers)
    assert beacon.status_code == 403
    assert signed_in(client)


def test_a_tab_open_since_before_the_last_sign_in_still_signs_out(
    personas: Personas,
) -> None:
    """Its token no longer fits (signing in renews it), but the browser says the post came
    from this site's own page, which no other site can claim."""
    client = strict_client(personas)
    stale = quick_exit_token(client)
    client.logout()
    client.force_login(personas.partner_a)
    client.cookies["csrftoken"] = "y" * 32  # the renewed secret
    assert signed_in(client)
    refused = client.post("/quick-exit/", {"csrfmiddlewaretoken": stale, "beacon": "1"})
    assert refused.status_code == 403 and signed_in(client)
    answer = client.post(
        "/quick-exit/",
        {"csrfmiddlewaretoken": stale, "beacon": "1"},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert answer.status_code == 204 and not signed_in(client)


@pytest.mark.django_db
def test_healthz_reports_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_a_person_is_signed_out_after_the_idle_time(
    personas: Personas, client_for: ClientFor
) -> None:
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
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
