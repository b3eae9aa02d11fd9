"""System checks for Hearth's configuration. Ids are stable: tests and docs name them.

hearth.E001  no secret key outside demo/debug mode
hearth.E002  secret key too short or a known placeholder
hearth.E003  a HEARTH_* variable could not be parsed (message names it)
hearth.E004  HEARTH_ALLOWED_HOSTS allows every host
hearth.E005  no encryption key outside demo/debug mode
hearth.E006  an encryption key is not 32 bytes of URL-safe base64
hearth.E007  an https site URL with the redirect on, but no trusted proxy (it would loop)
hearth.E008  an app's hook does not load or cannot take its kind's arguments (names both)
hearth.W001  debug mode is on
hearth.W002  the site URL is not https outside demo/debug mode
hearth.W003  no mail server outside demo/debug mode (reset links would only reach the log)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from hearth.core.datafile import DataFileError

KEY_HINT = (
    "Make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))' "
    "and set it as HEARTH_SECRET_KEY, or put it in a file named by HEARTH_SECRET_KEY_FILE."
)


@register(Tags.security, deploy=False)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.SECRET_KEY_SOURCE == "missing":  # noqa: S105  (a source name, not a key)
        return [Error("HEARTH_SECRET_KEY is not set.", hint=KEY_HINT, id="hearth.E001")]
    key, generated = settings.SECRET_KEY, settings.SECRET_KEY_SOURCE == "demo"  # noqa: S105
    if not generated and (len(key) < 32 or "insecure" in key):
        return [
            Error(
                "HEARTH_SECRET_KEY is too short or a placeholder "
                "(use 32 or more random characters).",
                hint=KEY_HINT,
                id="hearth.E002",
            )
        ]
    return []


@register(Tags.compatibility, deploy=False)
def check_environment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(message, hint=f"Fix or unset {name}.", id="hearth.E003")
        for name, message in settings.CONFIG_ERRORS
    ]


@register(Tags.security, deploy=False)
def check_hosts(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if "*" in settings.ALLOWED_HOSTS:
        return [
            Error(
                "HEARTH_ALLOWED_HOSTS allows every host name.",
                hint="List the host names the site is served under, separated by commas.",
                id="hearth.E004",
            )
        ]
    return []


@register(Tags.security, deploy=False)
def check_debug(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if settings.DEBUG:
        messages.append(
            Warning(
                "Debug mode is on: error pages show internal details.",
                hint="Unset HEARTH_DEBUG outside development.",
                id="hearth.W001",
            )
        )
    if not (settings.DEBUG or settings.DEMO) and not settings.SECURE:
        host = settings.SITE_URL.split("://", 1)[-1].split(":", 1)[0]
        if host not in {"127.0.0.1", "localhost", "[::1]"}:
            messages.append(
                Warning(
                    "HEARTH_SITE_URL is not https: passwords and data would cross the network "
                    "in clear text.",
                    hint="Serve Hearth behind TLS and set HEARTH_SITE_URL to its https address.",
                    id="hearth.W002",
                )
            )
    return messages


@register(Tags.security, deploy=False)
def check_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from hearth.core.crypto import parse_key

    if settings.ENCRYPTION_KEY_SOURCE == "missing":
        return [
            Error(
                "HEARTH_ENCRYPTION_KEY is not set: private notes cannot be stored safely.",
                hint="Make one with: hearth new_key, and set it as HEARTH_ENCRYPTION_KEY "
                "(or put it in a file named by HEARTH_ENCRYPTION_KEY_FILE). Keep a copy: "
                "without it the encrypted notes cannot be read.",
                id="hearth.E005",
            )
        ]
    for name, value in [
        ("HEARTH_ENCRYPTION_KEY", settings.ENCRYPTION_KEY),
        *(("HEARTH_ENCRYPTION_OLD_KEYS", k) for k in settings.ENCRYPTION_OLD_KEYS),
    ]:
        try:
            parse_key(value)
        except ValueError:
            return [
                Error(
                    f"{name} holds a key that is not 32 bytes of URL-safe base64.",
                    hint="Make a valid key with: hearth new_key",
                    id="hearth.E006",
                )
            ]
    return []


@register(Tags.security, deploy=False)
def check_proxy(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    # `hearth serve` speaks plain HTTP: behind TLS, only the proxy's X-Forwarded-Proto can
    # tell a request came in over https. Without a trusted proxy every request looks plain
    # and would be redirected to https again and again.
    if settings.SECURE_SSL_REDIRECT and not settings.TRUSTED_PROXY_COUNT:
        return [
            Error(
                "HEARTH_SITE_URL is https, but HEARTH_TRUSTED_PROXY_COUNT is 0: every request "
                "would be redirected to https again, without end.",
                hint="Serve Hearth behind a TLS proxy and set HEARTH_TRUSTED_PROXY_COUNT to "
                "the number of proxies (1 for one Caddy), or set HEARTH_SSL_REDIRECT=false.",
                id="hearth.E007",
            )
        ]
    return []


@register(Tags.security, deploy=False)
def check_mail_server(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    # Without HEARTH_EMAIL_HOST every email (password reset links among them) is written to
    # the server's log instead of sent: nobody gets it, and anyone who reads the log could
    # take over an account with the link.
    if settings.DEBUG or settings.DEMO or settings.EMAIL_HOST:
        return []
    return [
        Warning(
            "No mail server is set (HEARTH_EMAIL_HOST): password reset links and every other "
            "email go to the server's log instead of to people.",
            hint="Set HEARTH_EMAIL_HOST, HEARTH_EMAIL_PORT, HEARTH_EMAIL_USER and "
            "HEARTH_EMAIL_PASSWORD (docs/deploy.md, Email). Until then, keep the log private.",
            id="hearth.W003",
        )
    ]


@register(Tags.compatibility, deploy=False)
def check_app_hooks(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    # Resolving every app's hooks here, once, turns a typo or a wrong signature into a refusal
    # to start (every worker runs these checks) instead of an error on the first page that
    # happens to use the hook.
    from hearth.core import registry

    return [
        Error(
            f"The {label} app's hook {kind} {problem}.",
            hint=f"Fix hooks() on the {label} app's AppConfig (hearth/core/registry.py "
            "says what each kind of hook takes and gives).",
            obj=label,
            id="hearth.E008",
        )
        for label, kind, problem in registry.problems()
    ]


def data_file_problems(
    load: Callable[[str], object],
    languages: Iterable[str],
    *,
    what: str,
    hint: str,
    check_id: str,
) -> list[CheckMessage]:
    """For an app's own start-up check: load its data files in each language and report each
    different mistake once, with the reader's message (file, entry, field) as it is. A
    mistake in the English file breaks every language, and one line about it is enough."""
    found: dict[str, None] = {}
    for language in languages:
        try:
            load(language)
        except DataFileError as error:
            found[str(error)] = None
    return [Error(f"{what} cannot be used: {message}", hint=hint, id=check_id) for message in found]
