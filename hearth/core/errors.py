"""Error pages in the site's own look, with no internal detail."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    return render(request, "core/error.html", {"title": title, "text": text}, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request, 404, "Page not found", "There is nothing here, or it is not yours to see."
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request, 403, "Not allowed", "This page could not be opened. Please go back and try again."
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        "Please try again",
        "This form was open too long or came from another page. Reload the page and send it again.",
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400, "Something was not right", "The request could not be understood.")


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, 500, "Something went wrong", "Nothing was saved. Please try again soon.")
