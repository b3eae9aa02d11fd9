"""Yes-or-no questions several home panels ask about one person, answered in one query.

Most people have no clinician, no access key waiting to be confirmed, and either have or have
not checked in today; each panel asked its own question in its own query, and each query
costs about half a millisecond of ORM time. Apps declare their questions (``home_facts`` on
the AppConfig: f(user) -> {name: an EXISTS expression about that person}); the first panel
to ask gets every answer in one SELECT on the person's own row, remembered for the rest of
the GET request (core.memo). A panel whose answer is yes then reads what it shows.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from hearth.core.memo import per_request
from hearth.core.registry import home_facts


@per_request
def facts_of(user: Any) -> dict[str, bool]:
    """Every app's answer about this person, keyed by the names the apps gave."""
    asked: dict[str, Any] = {}
    for declare in home_facts():
        asked.update(declare(user))
    if not asked:
        return {}
    row = get_user_model().objects.filter(pk=user.pk).annotate(**asked).values(*asked).first()
    return {name: bool(row and row[name]) for name in asked}
