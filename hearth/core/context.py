from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext

from hearth.core.pwa import NEUTRAL_NAME
from hearth.core.registry import nav_items

# The site layout's own links, by short name: they never change while the server runs, so
# they are looked up once, not on every page (about a tenth of a simple page's time).
LAYOUT_LINKS = {
    "home": "core:home",
    "quick_exit": "core:quick_exit",
    "manifest": "core:manifest",
    "privacy": "core:privacy",
    "home_screen": "core:home_screen",
    "crisis": "safety:crisis",
    "partner": "couples:partner",
    "account": "accounts:account",
    "login": "accounts:login",
    "signup": "accounts:signup",
    "logout": "accounts:logout",
    "set_language": "set_language",
}


@cache
def _links(prefix: str) -> dict[str, str]:
    return {key: reverse(name) for key, name in LAYOUT_LINKS.items()}


@cache
def _nav(role: str, prefix: str) -> list[tuple[str, str]]:
    """(label, address) of the app pages for a role. Labels stay lazy: each page shows
    them in its own language."""
    return [(label, reverse(url_name)) for label, url_name in nav_items(role)]


def app(request: HttpRequest) -> dict[str, Any]:
    """Values every page needs: the (possibly neutral) app name, quick exit, app links."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    discreet = request.COOKIES.get("hearth_discreet") == "1"
    prefix = get_script_prefix()  # the site's path when served below a folder
    return {
        # On a device set to discreet, the neutral name replaces the real one everywhere.
        "app_name": gettext(NEUTRAL_NAME) if discreet else settings.APP_NAME,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "app_nav": _nav(role, prefix) if role else [],
        "site_links": _links(prefix),
        "discreet_device": discreet,
    }
