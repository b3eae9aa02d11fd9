"""What measures tells the check-ins app's reminders (see hearth/checkins/providers.py)."""

from __future__ import annotations

from datetime import date

from hearth.accounts.models import User
from hearth.measures import access


def reminder_items(user: User, today: date) -> list[str]:
    # Read only: a first use reads the baseline as due; closed windows read as moved on.
    return ["questionnaire"] if access.due_now(user) else []
