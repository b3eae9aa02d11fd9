"""The data migration that moved every earlier sharing choice into couples.Share.

The old tables and columns are built for real (the migrations are run back to before the
move), filled, migrated forward, compared row by row, read back through shared_with, and
migrated back again to the same old rows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hearth.accounts.models import User
from hearth.couples.sharing import PARTNER, THERAPIST, shared_with
from tests.migrating import latest, migrate

BEFORE = [
    ("couples", "0001_initial"),
    ("measures", "0002_administration_language_source"),
    ("checkins", "0003_calendar_language"),
    ("program", "0005_consent_in_the_room"),
    ("clinic", "0001_initial"),
]


def old_world(apps: Any) -> dict[str, Any]:
    """People, a couple, care links and reflections with every kind of old choice."""
    user = apps.get_model("accounts", "User")
    people = {
        key: user.objects.create(
            email=f"{key}@example.test", display_name=key.title(), role=role, password="!"
        )
        for key, role in [
            ("ada", "member"),
            ("ben", "member"),
            ("sol", "member"),
            ("kim", "clinician"),
            ("lee", "clinician"),
        ]
    }
    couple = apps.get_model("couples", "Couple").objects.create()
    membership = apps.get_model("couples", "Membership")
    for key in ("ada", "ben"):
        membership.objects.create(couple=couple, user=people[key])
    setting = apps.get_model("measures", "ShareSetting")
    setting.objects.create(user=people["ada"], couple=couple, instrument_id="phq9")
    setting.objects.create(user=people["ben"], couple=couple, instrument_id="gad7")
    checkin_share = apps.get_model("checkins", "CheckinShare")
    for measure in ("mood", "sleep_hours"):
        checkin_share.objects.create(user=people["ada"], couple=couple, measure=measure)
    care = apps.get_model("clinic", "CareLink")
    links = {
        "ada": care.objects.create(
            client=people["ada"],
            clinician=people["kim"],
            results=True,
            sessions=True,
            reflections=True,
        ),
        "ben": care.objects.create(client=people["ben"], clinician=people["kim"], sessions=True),
        "sol": care.objects.create(
            client=people["sol"], clinician=people["kim"], reflections=True, risk_alerts=True
        ),
        # Ending a link turned every column off, and nothing of it may come back.
        "ended": care.objects.create(
            client=people["ada"],
            clinician=people["lee"],
            status="ended",
            ended_at=timezone.now(),
        ),
    }
    program = apps.get_model("program", "Program")
    session = apps.get_model("program", "Session")
    reflection = apps.get_model("program", "Reflection")
    when = timezone.now() - timedelta(days=1)

    def held(holder: dict[str, Any]) -> Any:
        made = program.objects.create(stage="couple-0", stage_since=when.date(), **holder)
        return session.objects.create(
            program=made,
            planned_for=when,
            stage="couple-0",
            exercise="holding-hands",
            turn_minutes=5,
            turns=2,
            status="done",
        )

    ours, alone = held({"couple": couple}), held({"owner": people["sol"]})
    scores = {"comfort": 5, "closeness": 6, "anxiety": 2}
    reflections = {
        "ada": reflection.objects.create(
            session=ours, user=people["ada"], share_numbers=True, share_text=True, **scores
        ),
        "ben": reflection.objects.create(
            session=ours, user=people["ben"], share_distractions=True, **scores
        ),
        # The old code never let a person alone share a part: nothing to carry over.
        "sol": reflection.objects.create(session=alone, user=people["sol"], **scores),
    }
    return {"people": people, "couple": couple, "links": links, "reflections": reflections}


def old_rows(apps: Any) -> dict[str, Any]:
    return {
        "settings": sorted(
            apps.get_model("measures", "ShareSetting").objects.values_list(
                "user_id", "couple_id", "instrument_id"
            )
        ),
        "checkins": sorted(
            apps.get_model("checkins", "CheckinShare").objects.values_list(
                "user_id", "couple_id", "measure"
            )
        ),
        "links": sorted(
            apps.get_model("clinic", "CareLink").objects.values_list(
                "pk", "results", "sessions", "reflections", "risk_alerts"
            )
        ),
        "reflections": sorted(
            apps.get_model("program", "Reflection").objects.values_list(
                "pk", "share_numbers", "share_distractions", "share_text"
            )
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_every_old_choice_is_carried_over_and_back() -> None:
    try:
        old_apps = migrate(BEFORE)
        world = old_world(old_apps)
        before = old_rows(old_apps)
        new_apps = migrate(latest())

        p = {key: u.pk for key, u in world["people"].items()}
        couple = world["couple"].pk
        link = {key: care.pk for key, care in world["links"].items()}
        r = {key: made.pk for key, made in world["reflections"].items()}
        rows = set(
            new_apps.get_model("couples", "Share").objects.values_list(
                "owner_id", "to", "kind", "detail", "couple_id", "link_id", "reflection_id"
            )
        )
        assert rows == {
            (p["ada"], "partner", "instrument", "phq9", couple, None, None),
            (p["ben"], "partner", "instrument", "gad7", couple, None, None),
            (p["ada"], "partner", "checkin", "mood", couple, None, None),
            (p["ada"], "partner", "checkin", "sleep_hours", couple, None, None),
            (p["ada"], "therapist", "results", "", None, link["ada"], None),
            (p["ada"], "therapist", "sessions", "", None, link["ada"], None),
            (p["ben"], "therapist", "sessions", "", None, link["ben"], None),
            (p["sol"], "therapist", "risk_alerts", "", None, link["sol"], None),
            # A shared part: the partner saw it, and so did the therapist (Ada's link had
            # "reflections" on), so it becomes a share with each.
            (p["ada"], "partner", "reflection_numbers", "", couple, None, r["ada"]),
            (p["ada"], "partner", "reflection_text", "", couple, None, r["ada"]),
            (p["ada"], "therapist", "reflection_numbers", "", None, link["ada"], r["ada"]),
            (p["ada"], "therapist", "reflection_text", "", None, link["ada"], r["ada"]),
            # Ben's link had "reflections" off: his part stays with his partner only.
            (p["ben"], "partner", "reflection_distractions", "", couple, None, r["ben"]),
        }

        ada, ben, sol = (User.objects.get(pk=p[k]) for k in ("ada", "ben", "sol"))
        kim, lee = (User.objects.get(pk=p[k]) for k in ("kim", "lee"))
        to_kim = shared_with(ada, THERAPIST, kim)
        assert (to_kim.results, to_kim.sessions, to_kim.risk_alerts) == (True, True, False)
        assert to_kim.reflections == {r["ada"]: {"numbers", "text"}}
        assert shared_with(ada, PARTNER).instruments == {"phq9"}
        assert shared_with(ada, PARTNER).checkin == {"mood", "sleep_hours"}
        assert shared_with(ben, PARTNER).reflections == {r["ben"]: {"distractions"}}
        assert shared_with(ben, THERAPIST, kim).reflections == {}
        assert shared_with(sol, THERAPIST, kim).risk_alerts
        assert not shared_with(ada, THERAPIST, lee).results  # the ended link stays empty

        back_apps = migrate(BEFORE)
        # Every row comes back as it was, with one change the new model cannot hold: Sol's
        # "reflections" column with no part ever shared (it showed nothing, and a therapist
        # now gets a part only when it is chosen for them, reflection by reflection).
        sol_link = (link["sol"], False, False, True, True)
        assert sol_link in before["links"]
        expected = {
            **before,
            "links": sorted(
                (link["sol"], False, False, False, True) if row == sol_link else row
                for row in before["links"]
            ),
        }
        assert old_rows(back_apps) == expected
    finally:
        migrate(latest())
