"""Upgrading a site made by release v0.1.0 in place, with `hearth migrate` from this code.

The old release is taken from git by its commit id and run with the same packages. It
makes a PostgreSQL database with people, a couple, an encrypted note, a care link, an
access key and a signed-in session. The current code migrates it, and the pages, the API
and the same browser session read everything back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy import postgres, release
from tests.deploy.client import Browser
from tests.server import STARTUP_SECONDS, hearth, server_env, server_process

PASSWORD = "an old song on the radio 19"
NOTE = "The long walk on Sunday felt good for both of us."
OLD_DATA = f"""
import datetime
import json
from django.utils import timezone
from hearth.accounts import actions as accounts
from hearth.api.tokens import create_token
from hearth.checkins.models import CheckIn, Wish
from hearth.clinic.models import CareLink
from hearth.couples.models import Couple, Membership
from hearth.measures.models import Administration
from hearth.safety.models import RiskEvent, Screening

ada = accounts.sign_up("ada@example.test", "Ada", {PASSWORD!r})
ben = accounts.sign_up("ben@example.test", "Ben", {PASSWORD!r})
kim = accounts.sign_up("kim@example.test", "Dr Kim", {PASSWORD!r}, role="clinician")
couple = Couple.objects.create()
for person in (ada, ben):
    Membership.objects.create(couple=couple, user=person)
CheckIn.objects.create(user=ada, day=timezone.localdate(), mood=6, note={NOTE!r})
CareLink.objects.create(client=ada, clinician=kim, results=True)
# Plain at rest in v0.1.0; sealed per row by the upgrade's migrations.
Wish.objects.create(user=ada, couple=couple, item_id="hold_hands", choice="maybe")
Screening.objects.create(user=ben, positive=False)
RiskEvent.objects.create(
    user=ben, source="questionnaire", reasons=["phq9_item9"], level="urgent",
    resolved_at=timezone.now(),
)
month_ago = timezone.now() - datetime.timedelta(days=30)
Administration.objects.create(
    user=ben, instrument_id="phq9", instrument_version="1", status="completed",
    due_date=month_ago.date(), window_end=month_ago.date(), started_at=month_ago,
    completed_at=month_ago, answers={{"q1": 2, "q9": 0}}, total=2.0,
)
print(json.dumps({{"key": create_token(ada, "Phone", ["read"], 30).secret}}))
"""


@dataclass(frozen=True)
class Upgraded:
    env: dict[str, str]
    key: str
    cookies: dict[str, str]
    migrations_before: str


def port_of(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Upgraded]:
    folder = tmp_path_factory.mktemp("upgrade")
    old_code = release.checkout(release.V0_1_0, folder / "v0.1.0")
    with postgres.fresh_database() as database:
        env = server_env(folder / "data", HEARTH_DATABASE_URL=database)
        old = release.running(env, old_code)
        for args in (["migrate", "--noinput"], ["shell", "-c", OLD_DATA]):
            made = hearth(args, old, cwd=old_code)
            assert made.returncode == 0, made.stderr[-3000:]
        key = json.loads(made.stdout.strip().splitlines()[-1])["key"]

        # Ada signs in on the old release's server, which is then stopped for the upgrade.
        with server_process(old, folder / "old.log", seconds=STARTUP_SECONDS, cwd=old_code) as (
            base,
            _process,
        ):
            browser = Browser("127.0.0.1", port_of(base))
            fields = {"email": "ada@example.test", "password": PASSWORD}
            assert browser.post_form("/login/", fields).status == 302

        pending = hearth(["showmigrations", "--plan"], env)
        assert pending.returncode == 0, pending.stderr[-2000:]
        upgrade = hearth(["migrate", "--noinput"], env)
        assert upgrade.returncode == 0, upgrade.stderr[-3000:]
        yield Upgraded(env, key, dict(browser.cookies), pending.stdout)


def test_the_upgrade_had_new_migrations_to_apply(upgraded: Upgraded) -> None:
    assert "[ ]" in upgraded.migrations_before  # this round added migrations
    after = hearth(["migrate", "--check"], upgraded.env)
    assert after.returncode == 0, after.stdout + after.stderr  # and none is left


def test_everything_reads_back_through_the_pages_after_the_upgrade(
    upgraded: Upgraded, tmp_path: Path
) -> None:
    with server_process(upgraded.env, tmp_path / "new.log", seconds=STARTUP_SECONDS) as (
        base,
        _process,
    ):
        ada = Browser("127.0.0.1", port_of(base), cookies=dict(upgraded.cookies))
        # The session made by the old release still signs Ada in.
        checkin = ada.get("/checkins/")
        assert checkin.status == 200, checkin.status
        assert NOTE in checkin.body  # decrypted with the same key after the upgrade
        assert "Ben" in ada.get("/partner/").body  # the couple
        assert "Dr Kim" in ada.get("/clinic/my-care/").body  # the care link

        api = Browser("127.0.0.1", port_of(base))
        me = api.get("/api/v1/me", Authorization=f"Bearer {upgraded.key}")
        assert me.status == 200 and json.loads(me.body)["display_name"] == "Ada"


SEALED_READ = """
import json
from django.db import connection
from hearth.checkins.models import Wish
from hearth.measures.models import Administration
from hearth.safety.models import RiskEvent, Screening

raw = {}
with connection.cursor() as cursor:
    for table, column in [("checkins_wish", "choice"), ("safety_screening", "result"),
                          ("safety_riskevent", "reasons"), ("measures_administration", "answers")]:
        cursor.execute(f"SELECT {column} FROM {table}")
        raw[table] = [str(v) for (v,) in cursor.fetchall()]
print(json.dumps({
    "wish": Wish.objects.get().choice,
    "screening": Screening.objects.get().result,
    "reasons": RiskEvent.objects.get().reasons,
    "answers": Administration.objects.get().answers,
    "raw": raw,
}))
"""


def test_values_written_plain_by_the_old_release_are_sealed_and_read_back(
    upgraded: Upgraded,
) -> None:
    read = hearth(["shell", "-c", SEALED_READ], upgraded.env)
    assert read.returncode == 0, read.stderr[-3000:]
    found = json.loads(read.stdout.strip().splitlines()[-1])
    assert found["wish"] == "maybe"
    assert found["screening"] == "clear"  # v0.1.0's positive=False
    assert found["reasons"] == ["phq9_item9"]
    assert found["answers"] == {"q1": 2, "q9": 0}
    for table, values in found["raw"].items():
        assert values and all(v.startswith("v1:") for v in values), table
        plain = ("maybe", "clear", '"phq9_item9"', '"q1"')  # quotes never occur in base64
        assert not any(w in v for v in values for w in plain), table


def test_signing_in_again_works_after_the_upgrade(upgraded: Upgraded, tmp_path: Path) -> None:
    with server_process(upgraded.env, tmp_path / "new.log", seconds=STARTUP_SECONDS) as (
        base,
        _process,
    ):
        browser = Browser("127.0.0.1", port_of(base))
        fields = {"email": "ben@example.test", "password": PASSWORD}
        assert browser.post_form("/login/", fields).status == 302
        assert "Ada" in browser.get("/partner/").body


def test_a_care_links_choice_survives_the_upgrade(upgraded: Upgraded, tmp_path: Path) -> None:
    """The choice made on the link in v0.1.0 (results yes, the rest no) is now a Share."""
    with server_process(upgraded.env, tmp_path / "new.log", seconds=STARTUP_SECONDS) as (
        base,
        _process,
    ):
        ada = Browser("127.0.0.1", port_of(base))
        fields = {"email": "ada@example.test", "password": PASSWORD}
        assert ada.post_form("/login/", fields).status == 302
        care = ada.get("/clinic/my-care/").body
        assert "Dr Kim" in care
        ticked = set(re.findall(r'<input type="checkbox" name="link\d+-(\w+)"[^>]* checked', care))
        assert ticked == {"results"}
