"""What the app adds to shared pages: the menu, the home panel, demo data, export, erasure."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from hearth.accounts.models import User
from hearth.checkins.models import CheckIn, PromptAnswer, Wish
from hearth.core.registry import erasers, exporters
from hearth.couples.models import Share
from tests.conftest import ClientFor, Personas


def test_the_menu_has_a_check_in_link_for_members_only(
    personas: Personas, client_for: ClientFor
) -> None:
    assert 'href="/checkins/"' in client_for(personas.partner_a).get("/").content.decode()
    assert 'href="/checkins/"' not in client_for(personas.clinician).get("/").content.decode()


def test_the_home_panel_says_whether_today_is_done_without_pressure(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    assert "Check in for today" in client.get("/").content.decode()
    client.post("/checkins/", {"mood": "5"})
    body = client.get("/").content.decode()
    assert "You checked in today." in body and "streak" not in body.lower()


def test_the_demo_loads_six_weeks_with_gaps_and_adds_nothing_twice(db: None) -> None:
    call_command("load_demo", stdout=io.StringIO())
    alex = User.objects.get(email="alex@demo.invalid")
    days = CheckIn.objects.filter(user=alex).count()
    assert 30 <= days < 42  # some days left missing
    counts = (
        CheckIn.objects.count(),
        Share.objects.filter(kind="checkin").count(),
        Wish.objects.count(),
    )
    assert PromptAnswer.objects.count() >= 4
    call_command("load_demo", stdout=io.StringIO())
    assert (
        CheckIn.objects.count(),
        Share.objects.filter(kind="checkin").count(),
        Wish.objects.count(),
    ) == counts
    assert not CheckIn.objects.filter(day__gte=timezone.localdate()).exists()


def test_the_export_holds_the_persons_own_data_only(
    personas: Personas, client_for: ClientFor
) -> None:
    a, b = client_for(personas.partner_a), client_for(personas.partner_b)
    a.post("/checkins/", {"mood": "5", "note": "mine"})
    b.post("/checkins/", {"mood": "9", "note": "theirs"})
    a.post("/checkins/wishes/", {"hold_hands": "yes"})
    b.post("/checkins/wishes/", {"hold_hands": "no"})
    collect = dict(exporters())["checkins"]
    data = collect(personas.partner_a)
    assert [c["note"] for c in data["checkins"]] == ["mine"]
    assert data["wishes"] == [{"couple": personas.couple.pk, "item": "hold_hands", "choice": "yes"}]
    assert "theirs" not in str(data) and "no" not in [w["choice"] for w in data["wishes"]]


def test_erasing_removes_all_of_it_and_nothing_of_the_partners(
    personas: Personas, client_for: ClientFor
) -> None:
    client_for(personas.partner_a).post("/checkins/", {"mood": "5"})
    client_for(personas.partner_b).post("/checkins/", {"mood": "9"})
    client_for(personas.partner_a).post("/checkins/calendar/new/")
    for erase in erasers():
        if erase.__module__.startswith("hearth.checkins"):
            erase(personas.partner_a)
    assert list(CheckIn.objects.values_list("user", flat=True)) == [personas.partner_b.pk]
    assert dict(exporters())["checkins"](personas.partner_a)["calendar_link"] is False


def test_the_demo_insights_show_a_comparison_once_sessions_are_known(
    db: None, client_for: ClientFor, providers: dict[str, Any]
) -> None:
    from hearth.checkins.demo import demo_session_days

    call_command("load_demo", stdout=io.StringIO())
    alex = User.objects.get(email="alex@demo.invalid")
    providers["sessions"][alex.pk] = demo_session_days(timezone.localdate())
    body = client_for(alex).get("/checkins/insights/").content.decode()
    mood = body.split('id="m-mood"', 1)[1].split("</section>", 1)[0]
    assert "a higher mood went together with the day after a session" in mood
