"""The people the HTTP benchmark signs in as, with some weeks of history. Fictional.

Run by bench_http.py in the benchmark's own environment (its data folder and database):
``python bench/personas.py`` prints one JSON line with what the benchmark needs: the
emails, the shared password, the clinician's authenticator secret and the id of the
partner's newest questionnaire sitting. Idempotent: a second run changes nothing.

Partner A and B are a couple three weeks into stage 1 with eight weeks of daily check-ins,
sessions and questionnaire sittings. The clinician has two-step sign-in on (as a real
clinician must) and a caseload of the couple plus the first 20 bulk people, so the caseload
page is the same size at every data size. A second clinician has 500 clients (half in
couples, a mix of consents, two PHQ-9 and two GAD-7 scores each, programs and risk events),
for the caseload's first page of 50 against the first one's 22 (see big_caseload).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from hearth.accounts import totp  # noqa: E402
from hearth.accounts.models import PRIVACY_NOTICE_VERSION, TwoFactor, User  # noqa: E402
from hearth.checkins.models import CheckIn  # noqa: E402
from hearth.clinic.models import CareLink  # noqa: E402
from hearth.core.crypto import bulk_create_bound  # noqa: E402
from hearth.couples import sharing  # noqa: E402
from hearth.couples.models import Couple, Membership, Share  # noqa: E402
from hearth.measures import catalog  # noqa: E402
from hearth.measures.demo import answers_for  # noqa: E402
from hearth.measures.models import Administration  # noqa: E402
from hearth.measures.scoring import score  # noqa: E402
from hearth.program.actions import IntakeAnswers, save_intake  # noqa: E402
from hearth.program.models import Program, Session  # noqa: E402
from hearth.safety.models import RiskEvent, Screening  # noqa: E402

PASSWORD = "bench only password 42"  # noqa: S105  (a throwaway database on 127.0.0.1)
EMAILS = {
    "partner_a": "bench-a@bench.invalid",
    "partner_b": "bench-b@bench.invalid",
    "clinician": "bench-dr@bench.invalid",
    "clinician_500": "bench-dr500@bench.invalid",
}
CASELOAD_BULK_PEOPLE = 20
BIG_CASELOAD = 500
DAYS = 56


def person(key: str, hashed: str, role: str = User.Role.MEMBER) -> User:
    now = timezone.now()
    user, _ = User.objects.get_or_create(
        email=EMAILS[key],
        defaults={
            "display_name": key.replace("_", " ").title(),
            "role": role,
            "password": hashed,
            "privacy_version": PRIVACY_NOTICE_VERSION,
            "adult_attested_at": now,
            "privacy_accepted_at": now,
        },
    )
    return user


def couple_history(a: User, b: User) -> None:
    couple = Couple.objects.create()
    for user, concerns in ((a, {"communication"}), (b, {"low_desire"})):
        Membership.objects.create(couple=couple, user=user)
        Screening.objects.create(user=user, instrument="hark", result=Screening.Result.CLEAR)
        save_intake(user, IntakeAnswers(concerns=frozenset(concerns), times=frozenset({"evening"})))
        checkins(user)
        sittings(user)
    program = Program.objects.create(
        couple=couple, stage="couple-1", stage_since=timezone.localdate() - timedelta(days=21)
    )
    sessions(program, a)


def checkins(user: User) -> None:
    today = timezone.localdate()
    CheckIn.objects.bulk_create(
        CheckIn(user=user, day=today - timedelta(days=n), mood=n % 11, stress=(3 * n) % 11,
                closeness=(5 * n) % 11, desire=(7 * n) % 11)
        for n in range(1, DAYS + 1)
    )  # fmt: skip


def sittings(user: User) -> None:
    known = catalog.instruments()
    now = timezone.now()
    for instrument_id in ("phq9", "gad7"):
        instrument = known[instrument_id]
        for ago, total in ((54, 12), (40, 10), (26, 9), (12, 7)):
            when = now - timedelta(days=ago)
            answers = answers_for(instrument, total)
            result = score(instrument, answers)
            Administration.objects.create(
                user=user, instrument_id=instrument_id, instrument_version=instrument.version,
                status=Administration.Status.COMPLETED, due_date=when.date(),
                window_end=catalog.window_end(when.date()), started_at=when, completed_at=when,
                answers=answers, total=result.total, band_id=result.band_id or "",
                flags=list(result.flag_ids),
                derived={d.instrument_id: d.total for d in result.derived},
            )  # fmt: skip


def sessions(program: Program, by: User) -> None:
    now = timezone.now()
    Session.objects.bulk_create(
        Session(program=program, proposed_by=by, planned_for=now - timedelta(days=ago),
                started_at=now - timedelta(days=ago), ended_at=now - timedelta(days=ago),
                stage="couple-1", exercise="whole-body-touch", turn_minutes=10, turns=2,
                status=Session.Status.DONE)
        for ago in (19, 15, 12, 8, 5, 2)
    )  # fmt: skip


def two_step(clinician: User, secret: str | None = None) -> str:
    """The clinician's authenticator secret, set up (confirmed) if it was not."""
    two_factor = TwoFactor.objects.filter(user=clinician).first()
    if two_factor is None:
        two_factor = TwoFactor.objects.create(
            user=clinician, secret=secret or totp.new_secret(), confirmed_at=timezone.now()
        )
    return str(two_factor.secret)


def clinician_with_caseload(hashed: str, clients: list[User]) -> str:
    clinician = person("clinician", hashed, User.Role.CLINICIAN)
    secret = two_step(clinician)
    bulk = User.objects.filter(email__endswith="@bulk.invalid").order_by("pk")
    for client in [*clients, *bulk[:CASELOAD_BULK_PEOPLE]]:
        link, made = CareLink.objects.get_or_create(client=client, clinician=clinician)
        for kind in ("results", "sessions", "risk_alerts") if made else ():
            sharing.choose(client, sharing.THERAPIST, kind, {""}, link=link)
    big = person("clinician_500", hashed, User.Role.CLINICIAN)
    two_step(big, secret)
    if not CareLink.objects.filter(clinician=big).exists():
        big_caseload(big, BIG_CASELOAD)
    return secret


def big_caseload(clinician: User, size: int) -> list[User]:
    """``size`` new clients of this clinician, in bulk: half in couples, each with a mix of
    consents, two PHQ-9 and two GAD-7 scores and a program, and a risk event for every
    seventh."""
    tag = clinician.pk
    users = User.objects.bulk_create(
        User(email=f"c{tag}-{n}@bench.invalid", display_name=f"Client {n}") for n in range(size)
    )
    couples = Couple.objects.bulk_create(Couple() for _ in range(size // 4))
    Membership.objects.bulk_create(
        Membership(couple=couples[n // 2], user=users[n]) for n in range(len(couples) * 2)
    )
    links = CareLink.objects.bulk_create(CareLink(client=u, clinician=clinician) for u in users)
    chosen = (("results", 5, False), ("sessions", 2, True), ("risk_alerts", 3, True))
    Share.objects.bulk_create(
        Share(owner_id=link.client_id, to="therapist", kind=kind, link=link)
        for n, link in enumerate(links)
        for kind, every, on_multiples in chosen
        if (n % every == 0) == on_multiples
    )
    solo = users[len(couples) * 2 :]
    since = timezone.localdate() - timedelta(days=60)
    Program.objects.bulk_create(
        [Program(couple=c, stage="couple-1", stage_since=since) for c in couples]
        + [Program(owner=u, stage="solo-1", stage_since=since) for u in solo]
    )
    # Answers and reasons are sealed per row: inserted, then sealed with the new ids.
    bulk_create_bound(Administration, _scores(users))
    bulk_create_bound(
        RiskEvent,
        [
            RiskEvent(user=u, source="questionnaire", level="urgent", alert_clinician=True)
            for u in users[::7]
        ],
    )
    return users


def _scores(users: list[User]) -> list[Administration]:
    now, rows = timezone.now(), []
    for n, user in enumerate(users):
        for instrument_id in ("phq9", "gad7"):
            for days, total in ((40, 10 + n % 8), (5, 6 + n % 9)):
                when = now - timedelta(days=days)
                rows.append(
                    Administration(
                        user=user, instrument_id=instrument_id, instrument_version="1",
                        status=Administration.Status.COMPLETED, due_date=when.date(),
                        window_end=catalog.window_end(when.date()), started_at=when,
                        completed_at=when, total=total,
                    )
                )  # fmt: skip
    return rows


@transaction.atomic
def main() -> None:
    hashed = make_password(PASSWORD)
    a, b = person("partner_a", hashed), person("partner_b", hashed)
    if not Membership.objects.filter(user=a).exists():
        couple_history(a, b)
    secret = clinician_with_caseload(hashed, [a, b])
    newest = Administration.objects.filter(user=a).order_by("-completed_at").first()
    assert newest is not None
    print(
        json.dumps({**EMAILS, "password": PASSWORD, "totp_secret": secret, "result_id": newest.pk})
    )


if __name__ == "__main__":
    main()
