"""What measures tells the check-ins app's reminders (see hearth/checkins/providers.py)."""

from __future__ import annotations

from datetime import date

from hearth.accounts.models import User
from hearth.measures import actions


def reminder_items(user: User, today: date) -> list[str]:
    # due_now refreshes: first use creates the baseline schedule; windows roll on.
    return ["questionnaire"] if actions.due_now(user) else []
