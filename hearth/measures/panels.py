"""The questionnaire block on the home page: what is due, plainly, without pressure."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from hearth.accounts.roles import is_member
from hearth.measures import access


def home(request: HttpRequest) -> str:
    user = request.user
    if not is_member(user):
        return ""
    # Names and days only: whether a sitting was started shows on the questionnaires page.
    seen = access.glance(user)
    upcoming, due = seen.coming_up, seen.due
    context = {
        "due": due,
        "names": ", ".join(instrument.short_title for instrument in due),
        "next": upcoming[0][1] if upcoming else None,
    }

    return render_to_string("measures/panel.html", context, request=request)
