"""The caseload: consented columns only, alerts, sorting, filtering, a fixed query count."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.accounts.models import User
from hearth.clinic import caseload
from hearth.clinic.models import CareLink
from hearth.core.crypto import bulk_create_bound
from hearth.core.models import AuditEvent
from hearth.couples import sharing
from hearth.couples.models import Couple, Membership
from hearth.measures.definitions import Instrument
from hearth.measures.models import Schedule
from hearth.program.models import Program, Session
from hearth.safety.models import RiskEvent
from tests.conftest import ClientFor, Personas
from tests.factories import care_link, sitting


def row_of(body: str, user: User) -> str:
    start = body.index(f'data-client="{user.pk}"')
    return body[start : body.index("</tr>", start)]


def cell(row: str, name: str) -> str:
    start = row.index(f'col-{name}"')
    return row[start : row.index("</td>", start)]


def test_a_client_who_shares_results_but_not_sessions(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician, results=True)
    Program.objects.create(couple=personas.couple, stage="couple-1", stage_since="2026-01-01")
    sitting(personas.partner_a, "gad7", 14, 30)
    sitting(personas.partner_a, "gad7", 6, 2)
    row = row_of(
        client_for(personas.clinician).get("/clinic/").content.decode(), personas.partner_a
    )
    assert "Not shared" in cell(row, "sessions") and "Not shared" in cell(row, "stage")
    scores = cell(row, "score-gad7")
    assert "GAD-7" in scores and "6" in scores and "Reliably better" in scores


def test_partners_show_as_a_couple_and_the_log_needs_both(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician, sessions=True)
    ben = care_link(personas.partner_b, personas.clinician)
    program = Program.objects.create(
        couple=personas.couple, stage="couple-1", stage_since="2026-01-01"
    )
    Session.objects.create(
        program=program,
        planned_for=timezone.now() - timedelta(days=2),
        started_at=timezone.now() - timedelta(days=2),
        stage="couple-1",
        exercise="whole-body-touch",
        turn_minutes=10,
        turns=2,
        status=Session.Status.DONE,
    )
    body = client_for(personas.clinician).get("/clinic/").content.decode()
    a, b = row_of(body, personas.partner_a), row_of(body, personas.partner_b)
    assert "With Ben" in a and "With Ada" in b
    # The session log is about both: Ada's yes alone shows nothing of it, not even the stage.
    assert "Waits for partner" in cell(a, "stage") and "Waits for partner" in cell(a, "sessions")
    assert "Touch for its own sake" not in body
    assert "Not shared" in cell(b, "sessions") and "Not shared" in cell(b, "stage")
    sharing.choose(personas.partner_b, sharing.THERAPIST, "sessions", {""}, link=ben)
    body = client_for(personas.clinician).get("/clinic/").content.decode()
    for row in (row_of(body, personas.partner_a), row_of(body, personas.partner_b)):
        assert "Touch for its own sake" in cell(row, "stage")
        assert ">1<" in cell(row, "sessions").replace('"col-sessions">', ">") + "<"


def test_reliable_worsening_and_risk_alerts_show_only_where_shared(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician, results=True, risk_alerts=True)
    care_link(personas.solo, personas.clinician, results=True)
    for person in (personas.partner_a, personas.solo):
        sitting(person, "gad7", 4, 30)
        sitting(person, "gad7", 16, 2)
        RiskEvent.objects.create(
            user=person,
            source="questionnaire",
            reasons=["phq9_item9"],
            level="urgent",
            alert_clinician=True,
        )
    body = client_for(personas.clinician).get("/clinic/").content.decode()
    a, solo = (
        cell(row_of(body, personas.partner_a), "alerts"),
        cell(row_of(body, personas.solo), "alerts"),
    )
    assert "GAD-7 reliably worse" in a and "Safety answer to follow up" in a
    assert "GAD-7 reliably worse" in solo and "Safety answer" not in solo


def test_the_relationship_check_never_reaches_the_caseload(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician, risk_alerts=True)
    RiskEvent.objects.create(
        user=personas.partner_a,
        source="coercion",
        reasons=["coercion_positive"],
        level="urgent",
        alert_clinician=True,
    )
    body = client_for(personas.clinician).get("/clinic/").content.decode()
    assert "Safety answer" not in row_of(body, personas.partner_a)


def test_phq9_change_is_judged_against_the_caseload_once_it_has_ten_people(
    personas: Personas, client_for: ClientFor
) -> None:
    people = [personas.partner_a] + [
        User.objects.create(email=f"c{n}@example.test", display_name=f"C{n}") for n in range(9)
    ]
    for n, person in enumerate(people):
        care_link(person, personas.clinician, results=True)
        sitting(person, "phq9", 8 + n % 5, 30)  # first scores 8..12: SD about 1.5
    sitting(personas.partner_a, "phq9", 2, 2)  # 8 -> 2: far beyond 1.96 * Sdiff (about 1.4)
    body = client_for(personas.clinician).get("/clinic/").content.decode()
    assert "Reliably better" in cell(row_of(body, personas.partner_a), "score-phq9")
    page = client_for(personas.clinician).get(f"/clinic/clients/{personas.partner_a.pk}/")
    assert "Reliably better" in page.content.decode()


def test_due_and_missed_questionnaires(personas: Personas, client_for: ClientFor) -> None:
    care_link(personas.solo, personas.clinician, results=True)
    today = timezone.localdate()
    Schedule.objects.create(user=personas.solo, instrument_id="phq9", next_due=today)
    Schedule.objects.create(
        user=personas.solo, instrument_id="gad7", next_due=today - timedelta(days=20)
    )
    due = cell(
        row_of(client_for(personas.clinician).get("/clinic/").content.decode(), personas.solo),
        "due",
    )
    assert "PHQ-9" in due and "GAD-7" not in due and "Missed lately: 1" in due


def test_sort_and_filter_by_query_parameters(personas: Personas, client_for: ClientFor) -> None:
    care_link(personas.partner_a, personas.clinician, results=True)
    care_link(personas.solo, personas.clinician, results=True)
    sitting(personas.partner_a, "phq9", 5, 2)
    sitting(personas.solo, "phq9", 20, 2)
    clinician = client_for(personas.clinician)
    body = clinician.get("/clinic/?sort=phq9").content.decode()
    assert body.index(f'data-client="{personas.solo.pk}"') < body.index(
        f'data-client="{personas.partner_a.pk}"'
    )
    alone = clinician.get("/clinic/?show=alone").content.decode()
    assert f'data-client="{personas.solo.pk}"' in alone
    assert f'data-client="{personas.partner_a.pk}"' not in alone


def test_an_unknown_sort_falls_back_with_a_message(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.solo, personas.clinician)
    response = client_for(personas.clinician).get("/clinic/?sort=<script>")
    assert response.status_code == 200
    assert "That choice is not on the list." in response.content.decode()


def test_the_list_is_noted_in_each_clients_log_once_a_day(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician)
    clinician = client_for(personas.clinician)
    clinician.get("/clinic/")
    clinician.get("/clinic/")
    rows = AuditEvent.objects.filter(kind="clinic.listed", subject=personas.partner_a)
    assert rows.count() == 1 and rows.get().actor == personas.clinician


def test_the_csv_holds_only_shared_results(personas: Personas, client_for: ClientFor) -> None:
    care_link(personas.partner_a, personas.clinician, results=True)
    care_link(personas.partner_b, personas.clinician, sessions=True)
    sitting(personas.partner_a, "phq9", 12, 20)
    sitting(personas.partner_a, "phq9", 9, 2)
    sitting(personas.partner_b, "phq9", 22, 2)
    response = client_for(personas.clinician).get("/clinic/caseload.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_client = {r["client"]: r for r in rows}
    assert by_client[f"user-{personas.partner_a.pk}"]["latest_score"] == "9"
    assert by_client[f"user-{personas.partner_b.pk}"]["questionnaire"] == "not shared"
    assert "22" not in response.content.decode()
    reported = AuditEvent.objects.filter(kind="clinic.reported")
    assert [r.subject for r in reported] == [personas.partner_a]


def test_a_clinician_with_no_clients_sees_an_empty_caseload(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.clinician).get("/clinic/").content.decode()
    assert "No clients yet." in body


# ---------------------------------------------------------------------------------------------
# Query count: the list must not cost more queries with more clients.


def seed(clinician: User, count: int, prefix: str) -> None:
    """``count`` clients, half in couples, each sharing a different mix, with some data."""
    users = User.objects.bulk_create(
        User(email=f"{prefix}{n}@example.test", display_name=f"P{n}", password="!")
        for n in range(count)
    )
    couples = Couple.objects.bulk_create(Couple() for _ in range(count // 4))
    Membership.objects.bulk_create(
        Membership(couple=couples[n // 2], user=users[n]) for n in range(len(couples) * 2)
    )
    links = CareLink.objects.bulk_create(CareLink(client=u, clinician=clinician) for u in users)
    for n, care in enumerate(links):
        chosen = {"results": n % 2 == 0, "sessions": n % 3 != 0, "risk_alerts": n % 4 == 0}
        for kind, on in chosen.items():
            if on:
                sharing.choose(care.client, sharing.THERAPIST, kind, {""}, link=care)
    Program.objects.bulk_create(
        [Program(couple=c, stage="couple-1", stage_since="2026-01-01") for c in couples]
        + [
            Program(owner=u, stage="solo-1", stage_since="2026-01-01")
            for u in users[len(couples) * 2 :]
        ]
    )
    for n, u in enumerate(users):
        sitting(u, "phq9", 10 + n % 5, 30)
        sitting(u, "phq9", 8, 2)
    bulk_create_bound(  # reasons are sealed per row
        RiskEvent,
        [
            RiskEvent(user=u, source="questionnaire", level="urgent", alert_clinician=True)
            for u in users[::3]
        ],
    )


def queries_for_caseload(client: Client) -> int:
    # The first load of the day notes each client on the page once (see actions).
    client.get("/clinic/?sort=alerts")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/clinic/?sort=alerts")
    assert response.status_code == 200
    return len(captured)


def test_the_caseload_costs_the_same_queries_for_10_and_200_clients(
    personas: Personas, second_clinician: User, client_for: ClientFor
) -> None:
    seed(personas.clinician, 10, "small")
    seed(second_clinician, 200, "large")
    small = queries_for_caseload(client_for(personas.clinician))
    large = queries_for_caseload(client_for(second_clinician))
    assert small == large
    assert large <= 15
    body = client_for(second_clinician).get("/clinic/").content.decode()
    assert body.count('class="client-row"') == 50  # the first of four pages


@pytest.mark.parametrize(
    "name",
    [
        "=HYPERLINK(1)",
        " =HYPERLINK(1)",
        "   +1+1",
        "\t=1+1",
        " -1+1",
        " @SUM(1)",
        "\u00a0=1+1",
        "\uff1d1+1",
        "\n=1+1",
    ],
)
def test_a_name_that_would_run_as_a_formula_is_plain_text_in_the_csv(
    personas: Personas, client_for: ClientFor, name: str
) -> None:
    """Leading spaces or tabs do not hide a formula from a spreadsheet app, nor from us."""
    User.objects.filter(pk=personas.partner_a.pk).update(display_name=name)
    care_link(personas.partner_a, personas.clinician)  # one "not shared" line with the name
    response = client_for(personas.clinician).get("/clinic/caseload.csv")
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["name"] == "'" + name


@pytest.mark.parametrize("name", ["Ada", " Ada", "Ada = Bea", "Ada-Lou", "2+2"])
def test_an_ordinary_name_is_left_as_it_is_in_the_csv(
    personas: Personas, client_for: ClientFor, name: str
) -> None:
    User.objects.filter(pk=personas.partner_a.pk).update(display_name=name)
    care_link(personas.partner_a, personas.clinician)  # one "not shared" line with the name
    response = client_for(personas.clinician).get("/clinic/caseload.csv")
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["name"] == name


# ---------------------------------------------------------------------------------------------
# A page is built for its own clients only (issue 19): the same work for 60 clients as 200.


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # the first load of the day notes each client on the page
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_default_page_costs_the_same_queries_for_22_and_200_clients(
    personas: Personas, second_clinician: User, client_for: ClientFor
) -> None:
    seed(personas.clinician, 22, "small")
    seed(second_clinician, 200, "large")
    small = queries_for(client_for(personas.clinician), "/clinic/")
    large = queries_for(client_for(second_clinician), "/clinic/?page=2")
    assert small == large


def test_a_page_builds_the_scores_of_its_own_fifty_clients_only(
    personas: Personas,
    second_clinician: User,
    client_for: ClientFor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Scores are summarised (baseline, band, reliable change) only for the rows shown:
    before, every client's were, then all but 50 thrown away."""
    seed(personas.clinician, 60, "small")
    seed(second_clinician, 200, "large")
    summarised: list[str] = []
    real = caseload.summarise

    def counting(
        instrument: Instrument, points: list[tuple[float, datetime]]
    ) -> caseload.Score:  # the real summary, counted
        summarised.append(instrument.id)
        return real(instrument, points)

    monkeypatch.setattr(caseload, "summarise", counting)
    built = {}
    for who, size in ((personas.clinician, 60), (second_clinician, 200)):
        summarised.clear()
        body = client_for(who).get("/clinic/").content.decode()
        assert body.count('class="client-row"') == 50
        built[size] = len(summarised)
    # Half the clients share results, each with one PHQ-9 history: 25 on a page of 50.
    assert built == {60: 25, 200: 25}


def shape(row: caseload.Row) -> tuple[object, ...]:
    """What a row shows, for comparing two ways of building it."""
    scores = (
        [
            (s.instrument.id, s.latest, s.baseline, s.count, s.change and s.change.direction)
            for s in row.scores or []
        ]
        if row.scores is not None
        else None
    )
    return (
        row.client.pk,
        row.couple_id,
        row.partner_name,
        row.has_partner,
        row.stage,
        row.sessions,
        scores,
        row.due,
        row.missed,
        row.risk,
        row.alerts,
        row.scopes,
    )


def test_every_sort_filter_and_page_shows_what_the_whole_list_would(
    personas: Personas, client_for: ClientFor
) -> None:
    """The page, built alone, against the whole list built, sorted, filtered and paged as
    before: the same clients in the same order with the same cells, and the same columns."""
    seed(personas.clinician, 110, "many")
    users = list(User.objects.filter(email__startswith="many").order_by("pk"))
    today = timezone.localdate()
    for n, user in enumerate(users[::4]):
        Schedule.objects.create(user=user, instrument_id="gad7", next_due=today - timedelta(n))
    for user in users[::5]:
        sitting(user, "phq9", 24, 1)  # reliably worse: an alert
    whole = caseload.build(personas.clinician, today)
    for sort in caseload.sorts():
        for show in caseload.SHOWS:
            arranged = caseload.arrange(whole, sort, show)
            for number in (1, 2, 3):  # past the end: the last page, as Django pages
                expected = list(Paginator(arranged, 50).get_page(number))
                got = caseload.page(personas.clinician, sort, show, number, today)
                assert [shape(r) for r in got.rows] == [shape(r) for r in expected], (
                    sort,
                    show,
                    number,
                )
                assert got.total == len(whole)
                assert got.columns == caseload.columns(whole)
