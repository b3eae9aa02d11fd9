"""bench/seed_bulk.py: fast fictional data for the benchmarks, never on a real database."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from bench import seed_bulk
from hearth.accounts.models import User
from hearth.checkins.models import CheckIn
from hearth.couples.access import household
from hearth.couples.models import Couple, Membership
from hearth.measures.models import Administration
from hearth.program.models import Program
from hearth.safety.models import Screening

pytestmark = pytest.mark.django_db


def seed(couples: int, per_person: int, *extra: str) -> dict[str, object]:
    out = io.StringIO()
    call_command(seed_bulk.Command(), f"--couples={couples}", f"--checkins-per-person={per_person}",
                 *extra, stdout=out)  # fmt: skip
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("seeded ")
    result: dict[str, object] = json.loads(lines[-1])
    return result


def test_it_adds_couples_with_their_history_and_can_add_more() -> None:
    report = seed(3, 5)
    assert report["rows"] == 6 + 3 + 6 + 6 + 3 + 6 * 4 + 6 * 5
    assert User.objects.count() == 6 and Couple.objects.count() == 3
    assert Membership.objects.filter(left_at__isnull=True).count() == 6
    assert Screening.objects.count() == 6 and Program.objects.count() == 3
    assert Administration.objects.count() == 24 and CheckIn.objects.count() == 30
    seed(2, 1)  # ids continue where the first run stopped
    assert User.objects.count() == 10 and CheckIn.objects.count() == 34
    first = User.objects.order_by("pk").first()
    assert first is not None and household(first).partner is not None


def test_its_people_cannot_sign_in(client: Client) -> None:
    seed(1, 0)
    person = User.objects.get(pk=User.objects.order_by("pk").values_list("pk", flat=True)[0])
    assert person.email.endswith("@bulk.invalid")
    assert not person.has_usable_password()
    response = client.post("/login/", {"email": person.email, "password": ""})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 400)


def test_it_refuses_a_database_with_real_people(password_hash: str) -> None:
    User.objects.create(email="someone@example.test", display_name="Someone",
                        password=password_hash)  # fmt: skip
    with pytest.raises(CommandError, match="real accounts"):
        seed(1, 1)
    assert CheckIn.objects.count() == 0
    seed(1, 1, "--yes-this-is-a-test-database")
    assert CheckIn.objects.count() == 2


@pytest.mark.parametrize("args", [(0, 1), (1, -1), (1, 3651)])
def test_it_refuses_sizes_out_of_range(args: tuple[int, int]) -> None:
    with pytest.raises(CommandError):
        seed(*args)
    assert User.objects.count() == 0


def test_it_is_not_among_the_commands_an_operator_sees() -> None:
    from django.core.management import get_commands

    assert "seed_bulk" not in get_commands()


def test_it_runs_as_a_script_the_way_the_http_benchmark_calls_it() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = Path(seed_bulk.__file__)
    done = subprocess.run(
        [sys.executable, str(script), "--help"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hearth.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--couples" in done.stdout and "--checkins-per-person" in done.stdout
