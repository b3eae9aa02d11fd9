"""Fictional demo check-ins for the demo couple. Idempotent: a second run adds nothing.

About six weeks of days with a few gaps (missing days stay missing). Mood and closeness are
set a little higher on days after a "session" day so the insights page has something to
show. The days follow the program app's demo sessions when it provides any; otherwise
made-up days, for the demo only.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hearth.accounts.models import User
from hearth.checkins.models import CheckIn, PromptAnswer, Wish
from hearth.checkins.providers import session_dates
from hearth.checkins.stats import Measure
from hearth.couples import sharing
from hearth.couples.access import household

DAYS = 42
DEMO_SESSION_WEEKDAYS = (1, 4, 6)  # Tuesday, Friday, Sunday


def demo_session_days(today: date) -> set[date]:
    start = today - timedelta(days=DAYS)
    return {
        start + timedelta(days=n)
        for n in range(DAYS)
        if (start + timedelta(days=n)).weekday() in DEMO_SESSION_WEEKDAYS
    }


def load(people: dict[str, Any]) -> None:
    alex, sam = people.get("alex@demo.invalid"), people.get("sam@demo.invalid")
    if not isinstance(alex, User) or not isinstance(sam, User):
        return
    today = timezone.localdate()
    for seed, person in enumerate((alex, sam)):
        _checkins(person, today, random.Random(f"demo-{seed}"))
    membership = household(alex).membership
    if membership is None:
        return
    couple = membership.couple
    for person in (alex, sam):
        wanted = {Measure.MOOD.value, Measure.CLOSENESS.value}
        sharing.choose(person, sharing.PARTNER, sharing.Kind.CHECKIN, wanted, couple_id=couple.pk)
    _talk(alex, sam, couple)


def _checkins(person: User, today: date, rng: random.Random) -> None:
    if CheckIn.objects.filter(user=person).exists():
        return
    # The program app's demo loader runs first (INSTALLED_APPS order): follow its sessions
    # when there are any, so the lift lines up with what the insights page reads.
    sessions = session_dates(person) or demo_session_days(today)
    rows = []
    for n in range(DAYS, 0, -1):
        day = today - timedelta(days=n)
        if rng.random() < 0.12:
            continue  # a missed day, left missing
        lift = 2 if day - timedelta(days=1) in sessions else 0
        rows.append(
            CheckIn(
                user=person,
                day=day,
                mood=min(10, rng.randint(3, 6) + lift),
                stress=max(0, rng.randint(3, 7) - lift // 2),
                closeness=min(10, rng.randint(4, 6) + lift),
                desire=rng.randint(2, 6),
                sleep_hours=Decimal(rng.choice(["6", "6.5", "7", "7.5", "8"])),
            )
        )
    CheckIn.objects.bulk_create(rows)


ANSWERS = {
    "good_moment": ("Our walk by the river on Sunday.", "Cooking together on Friday night."),
    "hard_day": ("A cup of tea and some quiet.", "A long hug when I get home."),
}
WISHES = {
    "hold_hands": ("yes", "yes"),
    "back_massage": ("yes", "maybe"),
    "slow_dance": ("maybe", "no"),
    "shared_bath": ("no", "maybe"),
    "read_aloud": ("yes", "yes"),
}


def _talk(alex: User, sam: User, couple: Any) -> None:
    for prompt_id, texts in ANSWERS.items():
        for person, text in zip((alex, sam), texts, strict=True):
            PromptAnswer.objects.get_or_create(
                user=person, couple=couple, prompt_id=prompt_id, defaults={"text": text}
            )
    for item_id, choices in WISHES.items():
        for person, choice in zip((alex, sam), choices, strict=True):
            Wish.objects.get_or_create(
                user=person, couple=couple, item_id=item_id, defaults={"choice": choice}
            )
