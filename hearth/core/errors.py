"""Error pages in the site's own look, with no internal detail."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    return render(request, "core/error.html", {"title": title, "text": text}, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request, 404, _("Page not found"), _("There is nothing here, or it is not yours to see.")
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("Not allowed"),
        _("This page could not be opened. Please go back and try again."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        _("Please try again"),
        _(
            "This form was open too long or came from another page. "
            "Reload the page and send it again."
        ),
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request, 400, _("Something was not right"), _("The request could not be understood.")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(
        request, 500, _("Something went wrong"), _("Nothing was saved. Please try again soon.")
    )
