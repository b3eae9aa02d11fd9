"""Carry every earlier sharing choice over into Share rows, and back again.

Before this, sharing lived in four places: measures.ShareSetting (a questionnaire's scores
for the partner), checkins.CheckinShare (a check-in measure for the partner), the
reflection's own share_* flags (for the partner, and through the care link's
"reflections" column for the therapist too), and the care link's results, sessions,
reflections and risk_alerts columns.

Forward, each becomes rows of one model:
- a ShareSetting or CheckinShare row: a partner share in the same couple;
- a care link's results, sessions or risk_alerts column: a therapist share on that link;
- a shared reflection part: a partner share (in the couple of the session's program) and,
  for each active care link whose "reflections" column was on, a therapist share on that
  link. The therapist could already see that part, so nobody loses or gains a reader.
  (A "reflections" column alone, with no part shared, showed nothing and carries nothing:
  a therapist now gets a part only when it is chosen for them, reflection by reflection.)

Backward, the rows go back into the old tables and columns. The old columns cannot say
"the therapist but not the partner", so backward never shows anyone more: a reflection
flag is set for a part shared with the partner, and a link's "reflections" column only
where the therapist was shared every part the partner was.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

PARTS = (
    ("share_numbers", "reflection_numbers"),
    ("share_distractions", "reflection_distractions"),
    ("share_text", "reflection_text"),
)
LINK_COLUMNS = ("results", "sessions", "risk_alerts")


def forward(apps: Any, schema_editor: Any) -> None:
    Share = apps.get_model("couples", "Share")
    ShareSetting = apps.get_model("measures", "ShareSetting")
    CheckinShare = apps.get_model("checkins", "CheckinShare")
    Reflection = apps.get_model("program", "Reflection")
    CareLink = apps.get_model("clinic", "CareLink")
    rows = []
    for s in ShareSetting.objects.order_by("pk"):
        rows.append(
            Share(
                owner_id=s.user_id,
                to="partner",
                kind="instrument",
                detail=s.instrument_id,
                couple_id=s.couple_id,
                created_at=s.created_at,
            )
        )
    for s in CheckinShare.objects.order_by("pk"):
        rows.append(
            Share(
                owner_id=s.user_id,
                to="partner",
                kind="checkin",
                detail=s.measure,
                couple_id=s.couple_id,
                created_at=s.created_at,
            )
        )
    for link in CareLink.objects.filter(status="active").order_by("pk"):
        for column in LINK_COLUMNS:
            if getattr(link, column):
                rows.append(
                    Share(owner_id=link.client_id, to="therapist", kind=column, link_id=link.pk)
                )
    reflection_links: dict[int, list[int]] = {}
    for link in CareLink.objects.filter(status="active", reflections=True):
        reflection_links.setdefault(link.client_id, []).append(link.pk)
    shared = Reflection.objects.filter(share_numbers=True) | Reflection.objects.filter(
        share_distractions=True
    )
    shared = shared | Reflection.objects.filter(share_text=True)
    for r in shared.select_related("session__program").order_by("pk"):
        couple_id = r.session.program.couple_id
        for flag, kind in PARTS:
            if not getattr(r, flag):
                continue
            if couple_id is not None:
                rows.append(
                    Share(
                        owner_id=r.user_id,
                        to="partner",
                        kind=kind,
                        couple_id=couple_id,
                        reflection_id=r.pk,
                        created_at=r.created_at,
                    )
                )
            for link_id in reflection_links.get(r.user_id, []):
                rows.append(
                    Share(
                        owner_id=r.user_id,
                        to="therapist",
                        kind=kind,
                        link_id=link_id,
                        reflection_id=r.pk,
                        created_at=r.created_at,
                    )
                )
    Share.objects.bulk_create(rows, batch_size=500)


def backward(apps: Any, schema_editor: Any) -> None:
    Share = apps.get_model("couples", "Share")
    ShareSetting = apps.get_model("measures", "ShareSetting")
    CheckinShare = apps.get_model("checkins", "CheckinShare")
    Reflection = apps.get_model("program", "Reflection")
    CareLink = apps.get_model("clinic", "CareLink")
    partner = Share.objects.filter(to="partner", reflection__isnull=True)
    ShareSetting.objects.bulk_create(
        ShareSetting(
            user_id=s.owner_id, couple_id=s.couple_id, instrument_id=s.detail, created_at=s.created_at
        )
        for s in partner.filter(kind="instrument").order_by("pk")
    )
    CheckinShare.objects.bulk_create(
        CheckinShare(user_id=s.owner_id, couple_id=s.couple_id, measure=s.detail, created_at=s.created_at)
        for s in partner.filter(kind="checkin").order_by("pk")
    )
    therapist = Share.objects.filter(to="therapist")
    for column in LINK_COLUMNS:
        ids = therapist.filter(kind=column).values_list("link_id", flat=True)
        CareLink.objects.filter(pk__in=list(ids)).update(**{column: True})
    # The old flags showed a part to the partner and, through the link's column, to the
    # therapist. So a flag is set only for a part the partner may see, and a link's column
    # only where that shows the therapist nothing they were not already shown.
    for flag, kind in PARTS:
        ids = Share.objects.filter(to="partner", kind=kind).values_list("reflection_id", flat=True)
        Reflection.objects.filter(pk__in=list(ids)).update(**{flag: True})
    told: dict[int, set[tuple[int, str]]] = {}
    for link_id, reflection_id, kind in therapist.filter(reflection__isnull=False).values_list(
        "link_id", "reflection_id", "kind"
    ):
        told.setdefault(link_id, set()).add((reflection_id, kind))
    for link in CareLink.objects.filter(pk__in=list(told)):
        flagged = set(
            Share.objects.filter(to="partner", owner_id=link.client_id, reflection__isnull=False)
            .values_list("reflection_id", "kind")
        )
        if flagged <= told[link.pk]:
            CareLink.objects.filter(pk=link.pk).update(reflections=True)
    Share.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("couples", "0002_share"),
        ("measures", "0002_administration_language_source"),
        ("checkins", "0003_calendar_language"),
        ("program", "0005_consent_in_the_room"),
        ("clinic", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
