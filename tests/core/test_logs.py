"""What reaches the operator's log when a page fails: the error's kind, the code it passed
through and the route, never the error's text or the page's path (hearth/core/logs.py)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from hearth.core.logs import NoUserText
from hearth.urls import urlpatterns as site

WROTE = "I have not told anyone about the night in March"
TOKEN = "inv-7f3a9c2e1b5d4a8f"


def fails(request: HttpRequest, token: str) -> HttpResponse:
    try:
        raise ValueError(f"could not read {WROTE!r}")
    except ValueError as error:
        raise IntegrityError(f"failed row: {WROTE}") from error


urlpatterns = [path("fails/<str:token>/", fails, name="fails"), *site]


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """The console handler that settings.LOGGING installs, writing into a buffer."""
    (handler,) = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and isinstance(h.formatter, NoUserText)
    ]
    buffer = io.StringIO()
    stream = handler.setStream(buffer)
    level = handler.level
    handler.setLevel(logging.ERROR)
    try:
        yield buffer
    finally:
        handler.setStream(stream)
        handler.setLevel(level)


@override_settings(ROOT_URLCONF=__name__)
def test_a_failed_page_is_logged_by_kind_place_and_route(console: io.StringIO) -> None:
    client = Client(raise_request_exception=False)
    assert client.get(f"/fails/{TOKEN}/").status_code == 500
    text = console.getvalue()
    assert "Internal Server Error: route fails" in text
    assert "django.db.utils.IntegrityError" in text and "builtins.ValueError" in text
    assert "which came from" in text and "in fails" in text  # the view's own frame
    assert WROTE not in text and "night in March" not in text
    assert TOKEN not in text


def test_a_logged_exception_loses_its_text_whatever_the_logger(console: io.StringIO) -> None:
    try:
        raise KeyError(WROTE)
    except KeyError:
        logging.getLogger("hearth.anything").exception("while doing a thing")
    text = console.getvalue()
    assert "while doing a thing" in text and "builtins.KeyError" in text
    assert WROTE not in text


def consoles_reached_from(name: str) -> list[logging.StreamHandler[Any]]:
    """Every console handler a record of this logger reaches (pytest's own left out)."""
    found: list[logging.StreamHandler[Any]] = []
    logger: logging.Logger | None = logging.getLogger(name)
    while logger is not None:
        found += [
            h
            for h in logger.handlers
            if isinstance(h, logging.StreamHandler) and not type(h).__module__.startswith("_pytest")
        ]
        logger = logger.parent if logger.propagate else None
    return found


@override_settings(ROOT_URLCONF=__name__, DEBUG=True)
def test_with_debug_on_no_console_writes_the_error_s_text() -> None:
    """Django's default logging adds a console handler for DEBUG that writes the whole
    traceback with its message; Hearth's settings leave it out."""
    buffer = io.StringIO()
    handlers = consoles_reached_from("django.request")
    saved = [(h, h.setStream(buffer), h.level) for h in handlers]
    try:
        for handler in handlers:
            handler.setLevel(logging.ERROR)
        client = Client(raise_request_exception=False)
        assert client.get(f"/fails/{TOKEN}/").status_code == 500
    finally:
        for handler, stream, level in saved:
            handler.setStream(stream)
            handler.setLevel(level)
    written = buffer.getvalue()
    assert "django.db.utils.IntegrityError" in written
    assert WROTE not in written and TOKEN not in written
