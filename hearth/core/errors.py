"""Refusals, and error pages in the site's own look, with no internal detail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hearth.core.text import localize


class Refused(Exception):
    """A rule stopped a change a person asked for; ``str(error)`` is a plain message for them.

    Every app's refusal subclasses this (``CoupleError``, ``ProgramError``, ...). A page that
    can show the message beside its form catches the refusal itself. Anything it does not
    catch is answered once for all pages (``RefusalMiddleware``: this message on an error
    page) and once for the API (one handler: the JSON error shape). Nothing was changed: the
    actions raise before they write, or inside their transaction.

    A mistake in the code or a broken data file is not a refusal (``DefinitionError``,
    ``ContentError``, ``DataFileError``, ``ScoringError``): that stays a server error, for
    the operator to see and mend.
    """

    status: ClassVar[int] = 409  # the same request again would be refused again
    code: ClassVar[str] = "refused"

    @property
    def fields(self) -> Mapping[str, str]:
        """Field name -> problem, when the refusal is about particular answers."""
        return {}


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
    if request.path_info == reverse("core:quick_exit") and request.POST.get("beacon") != "1":
        # The quick exit's form with a token that no longer fits (a tab open since before
        # the last sign-in), or a post from another site: nobody is signed out, but the
        # person at this screen still leaves at once.
        return redirect(settings.QUICK_EXIT_URL)
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


def refused(request: HttpRequest, refusal: Refused) -> HttpResponse:
    """A refusal no view showed itself: its own message, never a server error."""
    return _page(request, refusal.status, _("That could not be done"), localize(str(refusal)))


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(
        request, 500, _("Something went wrong"), _("Nothing was saved. Please try again soon.")
    )
