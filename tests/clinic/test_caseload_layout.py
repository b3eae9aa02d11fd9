"""The caseload's layout: one line per client with score, arrow and verdict; sortable by
its column headers; paged on the server, 50 clients a page."""

from __future__ import annotations

import re

from hearth.accounts.models import User
from hearth.clinic.models import CareLink
from hearth.core.models import AuditEvent
from tests.clinic.test_caseload import cell, row_of
from tests.conftest import ClientFor, Personas
from tests.factories import care_link, sitting


def many(clinician: User, count: int) -> list[User]:
    users = User.objects.bulk_create(
        User(email=f"many{n}@example.test", display_name=f"Client {n:03d}", password="!")
        for n in range(count)
    )
    CareLink.objects.bulk_create(CareLink(client=u, clinician=clinician) for u in users)
    return users


def names(body: str) -> list[str]:
    return re.findall(r'<th scope="row" class="col-client"><a [^>]*>([^<]+)</a>', body)


def test_each_score_shows_the_latest_an_arrow_and_the_verdict_in_its_own_column(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician, results=True)
    sitting(personas.partner_a, "gad7", 14, 30)
    sitting(personas.partner_a, "gad7", 6, 2)
    sitting(personas.partner_a, "phq9", 9, 2)
    body = client_for(personas.clinician).get("/clinic/").content.decode()
    headers = re.findall(r'<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]+)', body)
    assert headers[:4] == ["Client", "Couple", "Stage", "Sessions, last 14 days"]
    assert headers[4:6] == ["PHQ-9", "GAD-7"]
    row = row_of(body, personas.partner_a)
    gad7 = cell(row, "score-gad7")
    assert '<span class="score-value">6</span>' in gad7
    assert '<span class="arrow" aria-hidden="true">↓</span>' in gad7
    assert '<span class="verdict verdict-improved">Reliably better</span>' in gad7
    assert "first 14" in gad7
    phq9 = cell(row, "score-phq9")
    assert '<span class="score-value">9</span>' in phq9 and "arrow" not in phq9


def test_a_client_without_a_score_on_one_questionnaire_shows_none_yet(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician, results=True)
    care_link(personas.solo, personas.clinician)
    sitting(personas.partner_a, "gad7", 7, 2)
    link_b = care_link(personas.partner_b, personas.clinician, results=True)
    body = client_for(personas.clinician).get("/clinic/").content.decode()
    assert "None yet" in cell(row_of(body, link_b.client), "score-gad7")
    assert "Not shared" in cell(row_of(body, personas.solo), "score-gad7")


def test_the_column_headers_sort_and_say_which_way(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician, results=True)
    care_link(personas.solo, personas.clinician, results=True)
    sitting(personas.partner_a, "gad7", 5, 2)
    sitting(personas.solo, "gad7", 18, 2)
    clinician = client_for(personas.clinician)
    body = clinician.get("/clinic/").content.decode()
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=name">Client' in body
    assert '<a href="?sort=gad7">GAD-7</a>' in body
    assert names(body) == ["Ada", "Sol"]
    body = clinician.get("/clinic/?sort=gad7&page=3").content.decode()
    assert '<th scope="col" aria-sort="descending"><a href="?sort=gad7">GAD-7' in body
    assert names(body) == ["Sol", "Ada"]


def test_fifty_clients_a_page_and_the_pages_link_to_each_other(
    personas: Personas, client_for: ClientFor
) -> None:
    many(personas.clinician, 120)
    clinician = client_for(personas.clinician)
    first = clinician.get("/clinic/").content.decode()
    assert len(names(first)) == 50 and names(first)[0] == "Client 000"
    assert "Showing 120 of 120 clients." in first and "Page 1 of 3" in first
    assert '<a href="?page=2" rel="next">Next page</a>' in first and 'rel="prev"' not in first
    last = clinician.get("/clinic/?page=3").content.decode()
    assert names(last) == [f"Client {n:03d}" for n in range(100, 120)]
    assert '<a href="?page=2" rel="prev">Previous page</a>' in last
    sorted_page = clinician.get("/clinic/?sort=stage&show=all&page=2").content.decode()
    assert 'href="?sort=stage&amp;show=all&amp;page=3" rel="next"' in sorted_page


def test_a_page_that_is_not_there_shows_the_nearest_one(
    personas: Personas, client_for: ClientFor
) -> None:
    many(personas.clinician, 60)
    clinician = client_for(personas.clinician)
    for page, expected in [("99", 10), ("0", 10), ("x", 50), ("-1", 10), ("1" * 40, 10)]:
        response = clinician.get(f"/clinic/?page={page}")
        assert response.status_code == 200
        assert len(names(response.content.decode())) == expected, page


def test_only_the_clients_on_the_page_are_noted_as_listed(
    personas: Personas, client_for: ClientFor
) -> None:
    users = many(personas.clinician, 60)
    client_for(personas.clinician).get("/clinic/")
    listed = set(
        AuditEvent.objects.filter(kind="clinic.listed").values_list("subject_id", flat=True)
    )
    assert listed == {u.pk for u in users[:50]}
