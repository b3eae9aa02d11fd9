"""Hearth behind Caddy with TLS, configured as docs/deploy/ says, on 127.0.0.1 only.

One app server (SQLite) behind one Caddy with a certificate the test makes. People are told
apart by the loopback address they come from (127.0.0.2, 127.0.0.3): Caddy sees those,
Hearth sees only Caddy's 127.0.0.1 and what Caddy says in X-Forwarded-For. Everything
started here is stopped when the module ends; every wait has a time limit.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from hearth.core.middleware import CSP
from tests.deploy import site, tls
from tests.deploy.client import Answer, Browser
from tests.server import hearth

UNKNOWN = itertools.count()
METRICS_TOKEN = "metrics-" + "t" * 32
LIMIT = 3  # sign-in tries per address per window, small for the test


@contextmanager
def stack(folder: Path, settings: Mapping[str, str] | None = None) -> Iterator[site.Stack]:
    limits = {"HEARTH_LOGIN_RATE_PER_IP": str(LIMIT), "HEARTH_METRICS_TOKEN": METRICS_TOKEN}
    with site.stack(folder, settings={**limits, **(settings or {})}) as running:
        yield running


@pytest.fixture(scope="module")
def behind_caddy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[site.Stack]:
    with stack(tmp_path_factory.mktemp("proxy")) as running:
        yield running


def sign_in(browser: Browser, email: str, password: str = site.PASSWORD, **headers: str) -> Answer:
    return browser.post_form("/login/", {"email": email, "password": password}, **headers)


def test_plain_http_is_redirected_to_https(behind_caddy: site.Stack) -> None:
    plain = Browser(tls.SITE, behind_caddy.proxy.http_port)
    answer = plain.get("/login/?next=/account/")
    assert answer.status == 308
    # Caddy names the standard https port (443), as on a real server.
    assert answer.header("Location") == f"https://{tls.SITE}/login/?next=/account/"
    assert "Set-Cookie" not in answer.headers and answer.body == ""


def test_the_certificate_is_checked_and_pages_come_over_https(behind_caddy: site.Stack) -> None:
    answer = behind_caddy.browser().get("/login/")
    assert answer.status == 200 and 'name="password"' in answer.body
    stranger = Browser(
        tls.SITE, behind_caddy.proxy.https_port, ca=Path("/etc/ssl/certs/ca-certificates.crt")
    )
    with pytest.raises(OSError, match="CERTIFICATE_VERIFY_FAILED"):
        stranger.get("/login/")  # a certificate no public authority signed is refused


def test_hsts_csp_and_the_other_headers_arrive_intact(behind_caddy: site.Stack) -> None:
    answer = behind_caddy.browser().get("/login/")
    assert answer.header("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert answer.header("Content-Security-Policy") == CSP
    assert answer.header("X-Frame-Options") == "DENY"
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert answer.header("Referrer-Policy") == "same-origin"
    assert answer.header("Cross-Origin-Opener-Policy") == "same-origin"
    assert answer.header("Permissions-Policy").startswith("camera=()")
    assert answer.header("Cache-Control") == "no-store, max-age=0"
    assert answer.header("Server") == ""  # the guide's Caddyfile names no server


def test_cookies_are_secure_http_only_and_for_this_host_only(behind_caddy: site.Stack) -> None:
    browser = behind_caddy.browser()
    answer = sign_in(browser, "ada@example.test")
    assert answer.status == 302 and answer.header("Location") == "/"
    session = next(c for c in answer.set_cookies if c.startswith("sessionid="))
    attributes = {part.strip().split("=")[0].lower() for part in session.split(";")[1:]}
    assert {"secure", "httponly", "samesite", "path"} <= attributes
    assert "domain" not in attributes  # host-only: no other name under the domain gets it
    csrf = next(c for c in answer.set_cookies if c.startswith("csrftoken="))
    assert "Secure" in csrf and "Domain" not in csrf
    home = browser.get("/")
    assert home.status == 200 and "Ada" in home.body  # the session works through the proxy
    chosen = browser.post_form("/i18n/setlang/", {"language": "de", "next": "/"}, page="/")
    language = next(c for c in chosen.set_cookies if c.startswith("django_language="))
    assert "Secure" in language and "HttpOnly" in language and "Domain" not in language


def tries(browser: Browser, count: int, **headers: str) -> list[int]:
    """Failed sign-ins with a new address each time, so only the address limit can bite."""
    return [
        sign_in(
            browser, f"nobody{next(UNKNOWN)}@example.test", "wrong password 1", **headers
        ).status
        for _ in range(count)
    ]


def test_the_sign_in_limit_counts_the_person_not_the_proxy(behind_caddy: site.Stack) -> None:
    first, second = behind_caddy.browser("127.0.0.2"), behind_caddy.browser("127.0.0.3")
    assert tries(first, LIMIT + 1) == [200] * LIMIT + [429]
    # Someone else behind the same proxy still gets in: the limit was 127.0.0.2's alone.
    assert tries(second, 1) == [200]
    assert sign_in(second, "ada@example.test").status == 302


def test_a_forged_forwarded_for_does_not_escape_the_limit(behind_caddy: site.Stack) -> None:
    browser = behind_caddy.browser("127.0.0.4")
    assert tries(browser, LIMIT) == [200] * LIMIT
    # Caddy replaces what the client claims with the address it really saw.
    assert tries(browser, 2, X_Forwarded_For="203.0.113.7") == [429, 429]


def test_metrics_are_not_served_through_the_proxy(behind_caddy: site.Stack) -> None:
    assert behind_caddy.browser().get("/metrics").status == 404


def test_metrics_are_served_on_the_app_servers_port_with_the_token(
    behind_caddy: site.Stack,
) -> None:
    behind_caddy.browser().get("/login/")
    direct = behind_caddy.direct()
    assert direct.get("/metrics").status == 404
    page = direct.get("/metrics", Authorization=f"Bearer {METRICS_TOKEN}")
    assert page.status == 200 and "hearth_database_up 1" in page.body
    assert re.search(
        r'^hearth_requests_total\{route="accounts:login",method="GET",status="2xx"\} [1-9]',
        page.body,
        re.MULTILINE,
    )


def test_each_request_is_one_json_line_with_caddys_request_id(behind_caddy: site.Stack) -> None:
    answer = behind_caddy.browser().get("/login/?next=/private-path/")
    request_id = answer.header("X-Request-ID")
    assert re.fullmatch(r"[0-9a-f-]{36}", request_id)  # Caddy's, passed on and back
    log = (behind_caddy.folder / "app0.log").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in log.splitlines() if line.startswith('{"event"')]
    (line,) = [line for line in lines if line["request_id"] == request_id]
    assert (line["route"], line["status"], line["method"]) == ("accounts:login", 200, "GET")
    assert "private-path" not in log and "127.0.0.1" not in json.dumps(lines)


def test_health_checks_answer_on_the_app_servers_own_port(behind_caddy: site.Stack) -> None:
    direct = behind_caddy.direct()
    for path in ("/healthz", "/livez"):
        assert direct.get(path).status == 200  # no redirect to https for the proxy's checks
    assert direct.get("/login/").status == 301  # a person's page is never served plain


def test_hearth_check_deploy_is_clean_in_this_configuration(behind_caddy: site.Stack) -> None:
    result = hearth(["check", "--deploy"], behind_caddy.env)
    assert result.returncode == 0, result.stderr
    report = result.stdout + result.stderr
    assert "Error" not in report and "ERRORS" not in report
    assert site.configuration_issues(report, behind_caddy.env) == [], report
    assert "System check identified" in report


def test_with_no_trusted_proxy_x_forwarded_for_is_ignored(tmp_path: Path) -> None:
    # HEARTH_TRUSTED_PROXY_COUNT=0 behind a proxy: every request seems to come from the
    # proxy, so one bucket holds everybody (the redirect must be off, or it would loop).
    zero = {"HEARTH_TRUSTED_PROXY_COUNT": "0", "HEARTH_SSL_REDIRECT": "false"}
    with stack(tmp_path, zero) as running:
        first, second = running.browser("127.0.0.2"), running.browser("127.0.0.3")
        assert tries(first, LIMIT) == [200] * LIMIT
        assert tries(second, 1) == [429]
        assert tries(running.browser("127.0.0.5"), 1, X_Forwarded_For="198.51.100.1") == [429]
