"""Values sealed for their own row (hearth.core.crypto.RowBoundField).

Each value opens only in the row and field it was written for: someone who can write to the
database cannot move a person's "no" onto another row, or one field's value into another.
Such a value answers a clear 409 (a page in the person's language, or the API's JSON error
with code "unreadable"), never a server error. Writes that cannot bind a value to its row
are refused, and a new row is never left half written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.checkins.models import Wish
from hearth.core.crypto import RowBoundError, bulk_create_bound, new_key
from hearth.measures.models import Administration
from hearth.safety.models import RiskEvent, Screening
from tests.api.conftest import Api, token_for
from tests.conftest import Personas
from tests.migrating import latest, migrate

WISHES = "/checkins/wishes/"


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def write_raw(table: str, column: str, pk: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


@pytest.fixture
def wishes(personas: Personas) -> tuple[Wish, Wish]:
    """Ada's "yes" and "no" to two items."""
    couple, ada = personas.couple, personas.partner_a
    yes = Wish.objects.create(user=ada, couple=couple, item_id="hold_hands", choice="yes")
    no = Wish.objects.create(user=ada, couple=couple, item_id="slow_dance", choice="no")
    return yes, no


def test_a_value_reads_back_and_the_column_holds_no_plain_text(wishes: tuple[Wish, Wish]) -> None:
    yes, _ = wishes
    assert raw("checkins_wish", "choice", yes.pk).startswith("v1:")
    assert "yes" not in raw("checkins_wish", "choice", yes.pk)
    assert Wish.objects.get(pk=yes.pk).choice == "yes"
    assert dict(Wish.objects.values_list("item_id", "choice")) == {
        "hold_hands": "yes",
        "slow_dance": "no",
    }


def test_a_value_copied_to_another_row_does_not_open_and_the_page_answers_409(
    personas: Personas, wishes: tuple[Wish, Wish], client_for: Callable[..., Client]
) -> None:
    yes, no = wishes
    # Someone with database access turns Ada's "no" into a "yes" by copying the sealed value.
    write_raw("checkins_wish", "choice", no.pk, raw("checkins_wish", "choice", yes.pk))
    page = client_for(personas.partner_a).get(WISHES)
    assert page.status_code == 409
    assert "could not be opened" in page.content.decode()
    assert "Nothing was changed" in page.content.decode()


def test_the_409_page_is_in_german_for_a_german_speaker(
    personas: Personas, wishes: tuple[Wish, Wish], client_for: Callable[..., Client]
) -> None:
    yes, no = wishes
    write_raw("checkins_wish", "choice", no.pk, raw("checkins_wish", "choice", yes.pk))
    client = client_for(personas.partner_a)
    client.cookies["django_language"] = "de"
    page = client.get(WISHES, headers={"accept-language": "de"})
    assert page.status_code == 409
    assert "konnte nicht geöffnet werden" in page.content.decode()


def test_the_api_answers_the_json_error_with_code_unreadable(
    personas: Personas, wishes: tuple[Wish, Wish]
) -> None:
    yes, no = wishes
    write_raw("checkins_wish", "choice", no.pk, raw("checkins_wish", "choice", yes.pk))
    answer = Api(token_for(personas.partner_a)).get("/wishes")
    assert answer.status_code == 409
    body = answer.json()
    assert body["code"] == "unreadable"
    assert "could not be opened" in body["message"]


def test_a_value_copied_into_another_field_of_the_same_row_number_does_not_open(
    personas: Personas, wishes: tuple[Wish, Wish]
) -> None:
    yes, _ = wishes
    # A screening with the very same row number: only the table and field differ.
    Screening.objects.filter(pk=yes.pk).delete()
    screening = Screening.objects.create(
        pk=yes.pk, user=personas.partner_a, instrument="hark", result="clear"
    )
    write_raw("safety_screening", "result", screening.pk, raw("checkins_wish", "choice", yes.pk))
    with pytest.raises(Exception) as refused:
        Screening.objects.get(pk=screening.pk)
    assert getattr(refused.value, "code", "") == "unreadable"


def test_a_changed_value_does_not_open(wishes: tuple[Wish, Wish]) -> None:
    yes, _ = wishes
    stored = raw("checkins_wish", "choice", yes.pk)
    # A character well inside the body: near the end, base64 padding bits can change
    # without changing a byte.
    flipped = stored[:-10] + ("A" if stored[-10] != "A" else "B") + stored[-9:]
    write_raw("checkins_wish", "choice", yes.pk, flipped)
    with pytest.raises(Exception) as refused:
        list(Wish.objects.values_list("choice", flat=True))
    assert getattr(refused.value, "code", "") == "unreadable"


def test_update_filter_and_plain_bulk_create_are_refused(
    personas: Personas, wishes: tuple[Wish, Wish]
) -> None:
    yes, _ = wishes
    # Each in its own savepoint: the refusal comes from inside Django's own transaction.
    with pytest.raises(RowBoundError), transaction.atomic():
        Wish.objects.filter(pk=yes.pk).update(choice="no")
    with pytest.raises(RowBoundError):
        Wish.objects.filter(choice="yes").exists()
    with pytest.raises(RowBoundError):
        # Passed as a mapping: django-stubs' plugin asks the field for this lookup while
        # type checking, and the refusal would crash mypy instead of the query.
        Wish.objects.filter(**{"choice__in": ["yes", "maybe"]}).count()
    yes.choice = "no"
    with pytest.raises(RowBoundError), transaction.atomic():
        Wish.objects.bulk_update([yes], ["choice"])
    new = Wish(user=personas.partner_b, couple=personas.couple, item_id="cuddle", choice="yes")
    with pytest.raises(RowBoundError), transaction.atomic():
        Wish.objects.bulk_create([new])
    assert Wish.objects.get(pk=yes.pk).choice == "yes"
    assert not Wish.objects.filter(user=personas.partner_b).exists()


def test_bulk_create_bound_seals_each_row_for_itself(personas: Personas) -> None:
    made = bulk_create_bound(
        Wish,
        [
            Wish(user=personas.partner_b, couple=personas.couple, item_id=item, choice=choice)
            for item, choice in (("cuddle", "yes"), ("hold_hands", "maybe"), ("slow_dance", "no"))
        ],
    )
    assert all(w.pk for w in made)
    assert dict(Wish.objects.values_list("item_id", "choice")) == {
        "cuddle": "yes",
        "hold_hands": "maybe",
        "slow_dance": "no",
    }
    assert all(raw("checkins_wish", "choice", w.pk).startswith("v1:") for w in made)


@pytest.fixture
def second_write_fails() -> Iterator[None]:
    """The database refuses the write that seals a new row's values."""

    def refuse(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith("UPDATE") and "checkins_wish" in sql:
            raise DatabaseError("the disk is full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


@pytest.mark.django_db(transaction=True)
def test_a_new_row_and_its_sealed_value_are_one_write(
    personas: Personas, second_write_fails: None
) -> None:
    with pytest.raises(DatabaseError):
        Wish.objects.create(
            user=personas.partner_a, couple=personas.couple, item_id="cuddle", choice="yes"
        )
    # Inside a caller's transaction the failure takes the caller's whole transaction back.
    with pytest.raises(DatabaseError), transaction.atomic():
        Wish.objects.create(
            user=personas.partner_a, couple=personas.couple, item_id="kiss", choice="no"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM checkins_wish")
        assert cursor.fetchone()[0] == 0  # no row with a placeholder left behind


def statements(captured: CaptureQueriesContext) -> list[str]:
    """Savepoints and the statements on the wishes table (a write outside a request also
    renews the read cache's stamps, which is not this field's cost)."""
    sql = [q["sql"] for q in captured.captured_queries]
    return [s.split()[0] for s in sql if "checkins_wish" in s or "SAVEPOINT" in s]


def test_a_new_row_costs_one_insert_and_one_update_and_a_change_one_update(
    personas: Personas,
) -> None:
    with transaction.atomic(), CaptureQueriesContext(connection) as made:
        wish = Wish.objects.create(
            user=personas.partner_a, couple=personas.couple, item_id="cuddle", choice="yes"
        )
    assert statements(made) == ["INSERT", "UPDATE"]
    wish.choice = "no"
    with transaction.atomic(), CaptureQueriesContext(connection) as changed:
        wish.save()
    assert statements(changed) == ["UPDATE"]
    assert Wish.objects.get(pk=wish.pk).choice == "no"


def test_rotation_seals_each_row_again_with_the_new_key(wishes: tuple[Wish, Wish]) -> None:
    yes, no = wishes
    old = raw("checkins_wish", "choice", yes.pk)
    fresh = new_key()
    with override_settings(ENCRYPTION_KEY=fresh, ENCRYPTION_OLD_KEYS=[_current_key()]):
        call_command("rotate_key")
        rotated = raw("checkins_wish", "choice", yes.pk)
        assert rotated != old and old.split(":")[1] != rotated.split(":")[1]
    with override_settings(ENCRYPTION_KEY=fresh, ENCRYPTION_OLD_KEYS=[]):
        # The old key is gone and every row still opens, each in its own row only.
        assert dict(Wish.objects.values_list("item_id", "choice")) == {
            "hold_hands": "yes",
            "slow_dance": "no",
        }
        write_raw("checkins_wish", "choice", no.pk, rotated)
        with pytest.raises(Exception) as refused:
            Wish.objects.get(pk=no.pk)
        assert getattr(refused.value, "code", "") == "unreadable"


def _current_key() -> str:
    from django.conf import settings

    return str(settings.ENCRYPTION_KEY)


# --- the four sealed fields at rest, and their migrations ------------------------------------

SEALED = [
    ("checkins_wish", "choice"),
    ("safety_screening", "result"),
    ("safety_riskevent", "reasons"),
    ("measures_administration", "answers"),
]


def raw_column(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY id")  # noqa: S608
        return [str(value) for (value,) in cursor.fetchall()]


def test_no_sealed_column_holds_plain_text(
    personas: Personas, client_for: Callable[..., Client]
) -> None:
    ada = personas.partner_a
    client_for(ada).post(WISHES, {"hold_hands": "yes", "slow_dance": "maybe"})
    RiskEvent.objects.create(
        user=ada, source="checkin", reasons=["checkin_self_harm"], level="urgent"
    )
    today = timezone.localdate()
    Administration.objects.create(
        user=ada, instrument_id="phq9", instrument_version="1", due_date=today,
        window_end=today, started_at=timezone.now(), answers={"q9": 2, "q1": 1},
    )  # fmt: skip
    plain = {
        "checkins_wish": ("yes", "maybe"),
        "safety_screening": ("clear",),  # the personas' own checks
        "safety_riskevent": ("checkin_self_harm",),
        "measures_administration": ('"q9"', '"q1"'),  # quotes never occur in base64
    }
    for table, column in SEALED:
        stored = raw_column(table, column)
        assert stored, table
        assert all(value.startswith("v1:") for value in stored), (table, stored)
        assert not any(word in value for value in stored for word in plain[table]), table
    assert Administration.objects.get().answers == {"q9": 2, "q1": 1}
    assert RiskEvent.objects.get().reasons == ["checkin_self_harm"]


BEFORE_SEALING = [
    ("checkins", "0004_shares_move_to_couples"),
    ("measures", "0003_shares_move_to_couples"),
    ("safety", "0004_hark_results"),
]


def old_values(apps: Any) -> dict[str, Any]:
    return {
        "wishes": sorted(apps.get_model("checkins", "Wish").objects.values_list("pk", "choice")),
        "results": sorted(
            apps.get_model("safety", "Screening").objects.values_list("pk", "result")
        ),
        "reasons": sorted(
            apps.get_model("safety", "RiskEvent").objects.values_list("pk", "reasons")
        ),
        "answers": sorted(
            apps.get_model("measures", "Administration").objects.values_list("pk", "answers")
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_the_migrations_seal_existing_rows_and_open_them_again_when_reversed() -> None:
    try:
        old = migrate(BEFORE_SEALING)
        user = old.get_model("accounts", "User")
        ada, ben = (
            user.objects.create(email=f"{n}@example.test", display_name=n, password="!")
            for n in ("ada", "ben")
        )
        couple = old.get_model("couples", "Couple").objects.create()
        wish = old.get_model("checkins", "Wish")
        for person, choice in ((ada, "no"), (ben, "yes")):
            wish.objects.create(user=person, couple=couple, item_id="hold_hands", choice=choice)
        screening = old.get_model("safety", "Screening")
        screening.objects.create(user=ada, instrument="hark", result="positive")
        screening.objects.create(user=ben, instrument="hark", result="clear")
        old.get_model("safety", "RiskEvent").objects.create(
            user=ada, source="coercion", reasons=["coercion_positive"], level="urgent"
        )
        today = timezone.localdate()
        old.get_model("measures", "Administration").objects.create(
            user=ben, instrument_id="phq9", instrument_version="1", due_date=today,
            window_end=today, started_at=timezone.now(), answers={"q9": 1, "q2": 3},
        )  # fmt: skip
        before = old_values(old)
        assert raw_column("checkins_wish", "choice") == ["no", "yes"]

        migrate(latest())
        for table, column in SEALED:
            assert all(v.startswith("v1:") for v in raw_column(table, column)), table
        assert sorted(Wish.objects.values_list("pk", "choice")) == before["wishes"]
        assert sorted(Screening.objects.values_list("pk", "result")) == before["results"]
        assert sorted(RiskEvent.objects.values_list("pk", "reasons")) == before["reasons"]
        assert sorted(Administration.objects.values_list("pk", "answers")) == before["answers"]

        back = migrate(BEFORE_SEALING)
        assert old_values(back) == before
        assert raw_column("checkins_wish", "choice") == ["no", "yes"]
        assert raw_column("safety_screening", "result") == ["positive", "clear"]
    finally:
        migrate(latest())


def test_a_person_whose_values_do_not_open_can_still_erase_their_account(
    personas: Personas, wishes: tuple[Wish, Wish]
) -> None:
    """Erasure never needs to read a sealed value, so a damaged row cannot block it."""
    from hearth.accounts.actions import delete_account

    ada = personas.partner_a
    RiskEvent.objects.create(user=ada, source="checkin", reasons=["low_mood"], level="check")
    for table, column in SEALED:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {column} = 'v1:broken:AAAA'")  # noqa: S608
    delete_account(ada)
    for table, _ in SEALED:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = %s", [ada.pk])  # noqa: S608
            assert cursor.fetchone()[0] == 0, table
