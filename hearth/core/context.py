from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext

from hearth.core.pwa import NEUTRAL_NAME
from hearth.core.registry import nav_items


def app(request: HttpRequest) -> dict[str, Any]:
    """Values every page needs: the (possibly neutral) app name, quick exit, app links."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    discreet = request.COOKIES.get("hearth_discreet") == "1"
    return {
        # On a device set to discreet, the neutral name replaces the real one everywhere.
        "app_name": gettext(NEUTRAL_NAME) if discreet else settings.APP_NAME,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "app_nav": nav_items(role) if role else [],
        "discreet_device": discreet,
    }
