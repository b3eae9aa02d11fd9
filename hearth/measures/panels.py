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
    outlook = access.outlook(user)
    upcoming, due = outlook.coming_up, outlook.due
    context = {
        "due": due,
        "names": ", ".join(d.instrument.short_title for d in due),
        "next": upcoming[0][1] if upcoming else None,
    }

    return render_to_string("measures/panel.html", context, request=request)
