"""Home, health check, privacy notice and the neutral quick-exit page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from hearth.core.readcache import kept
from hearth.core.registry import home_panels


@kept
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    # Every block, the partner block included, comes from the apps (AppConfig.home_panel).
    context = {"panels": [html for panel in home_panels() if (html := panel(request))]}
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
    """The neutral page the quick exit lands on. Opening it changes nothing: a link to it
    from another site must not sign anyone out (the quick exit's POST does that)."""
    return render(request, "core/away.html")


def _sign_out_and_leave(request: HttpRequest) -> HttpResponse:
    logout(request)
    if request.POST.get("beacon") == "1":
        return HttpResponse(status=204)
    return redirect(settings.QUICK_EXIT_URL)


_sign_out_with_token = csrf_protect(_sign_out_and_leave)


@csrf_exempt  # checked inside: Django's CSRF token, or the browser's word (below)
@require_POST
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Sign out: the quick exit's own form. The script sends it in the background
    ("beacon") while the page leaves at once; without the script the form's answer leads
    to the exit page.

    A post from another site never signs anyone out. The form's CSRF token proves where it
    came from, as for every form; a browser that says the post came from this site's own
    page (Sec-Fetch-Site: same-origin, a header no other site's page can set) is believed
    without the token, so that a tab open since before the last sign-in (its token no
    longer fits) still signs out. A post that proves neither signs nobody out but still
    leaves (hearth.core.errors.csrf_failure)."""
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        return _sign_out_and_leave(request)
    return _sign_out_with_token(request)
