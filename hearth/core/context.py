from typing import Any

from django.conf import settings
from django.http import HttpRequest


def app(request: HttpRequest) -> dict[str, Any]:
    """Values every page needs: the (possibly neutral) app name and the quick exit target."""
    return {"app_name": settings.APP_NAME, "quick_exit_url": settings.QUICK_EXIT_URL}
