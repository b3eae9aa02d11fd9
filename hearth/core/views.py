"""Home, health check, privacy notice and the neutral quick-exit page."""

from __future__ import annotations

from django.contrib.auth import logout
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.models import User
from hearth.core.readcache import kept
from hearth.core.registry import home_panels
from hearth.couples import actions as couple_actions
from hearth.couples.access import partner_of


@kept
def home(request: HttpRequest) -> HttpResponse:
    if not isinstance(request.user, User):
        return render(request, "core/welcome.html")
    user = request.user
    partner = partner_of(user)
    context = {
        "partner": partner,
        "ended_notice": couple_actions.pending_end_notice(user),
        # Only shown to someone not linked yet.
        "invitation": couple_actions.open_invitation(user) if partner is None else None,
        "panels": [html for panel in home_panels() if (html := panel(request))],
    }
    return render(request, "core/home.html", context)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
@never_cache
def livez(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. No database, no session: also the framework's ceiling
    in the benchmarks."""
    return JsonResponse({"status": "ok"})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def away(request: HttpRequest) -> HttpResponse:
    """The neutral page the quick exit lands on. It also signs the person out."""
    logout(request)
    return render(request, "core/away.html")


@csrf_exempt  # Only signs out; must work from any page at once, even with a stale token.
@require_POST
def quick_exit(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponse(status=204)
