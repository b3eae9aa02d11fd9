"""The installable web app: manifest, service worker and offline page.

The service worker caches the static shell only (style sheet, script, icons and a plain
offline page). Pages are never cached on the device: they hold private data.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET

DISCREET_COOKIE = "hearth_discreet"
# Marked for translation here, translated when shown (in the device's language).
NEUTRAL_NAME = gettext_noop("Notes")
WORKER = Path(__file__).parent / "static" / "hearth" / "sw.js"
SHELL = ["hearth/app.css", "hearth/dark.css", "hearth/app.js", "hearth/icon.svg"]


def is_discreet(request: HttpRequest) -> bool:
    return request.COOKIES.get(DISCREET_COOKIE) == "1"


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    discreet = request.GET.get("discreet") == "1"
    name = gettext(NEUTRAL_NAME) if discreet else settings.APP_NAME

    icon = "neutral" if discreet else "app"
    body = {
        "name": name,
        "short_name": name,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fdfaf6",
        "theme_color": "#5a626e" if discreet else "#8a3b12",
        "icons": [
            {
                "src": static(f"hearth/icons/{icon}-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in (192, 512)
        ],
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    shell = [static(path) for path in SHELL] + ["/offline/"]
    script = WORKER.read_text(encoding="utf-8").replace("__SHELL__", repr(shell).replace("'", '"'))
    response = HttpResponse(script, content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "core/offline.html")


def home_screen(request: HttpRequest) -> HttpResponse:
    """Choose a neutral name and icon for this device's home screen (a cookie on the device)."""
    if request.method == "POST":
        response = redirect("core:home_screen")
        if request.POST.get("discreet") == "on":
            response.set_cookie(
                DISCREET_COOKIE,
                "1",
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=settings.SECURE,
                httponly=True,
            )
        else:
            response.delete_cookie(DISCREET_COOKIE)
        return response
    return render(request, "core/home_screen.html", {"discreet": is_discreet(request)})
