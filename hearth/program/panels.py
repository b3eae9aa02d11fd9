"""The program's block on the home page: what is next, what was done, and where the plan
stands. Calm by design: no counts to keep up, nothing overdue."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from hearth.accounts.roles import is_member
from hearth.program.pages import overview


def home(request: HttpRequest) -> str:
    user = request.user
    if not is_member(user):
        return ""
    return render_to_string("program/panel.html", overview(user), request=request)
