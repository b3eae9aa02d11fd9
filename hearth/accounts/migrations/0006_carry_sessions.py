"""Carry the sign-ins made before the SignIn table over to it.

Before 0005 sessions lived in Django's own django_session table. Without this step an
upgrade would sign everyone out. Each live session becomes a SignIn row for its person; its
lifetime (HEARTH_SESSION_MAX_DAYS) starts at the upgrade, as the old table kept no start.
The old table is left as it was, so a roll-back to the earlier release still finds it.
"""

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.db import migrations
from django.utils import timezone


def carry_over(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if "django_session" not in connection.introspection.table_names():
        return  # a new install: nothing to carry
    SignIn = apps.get_model("accounts", "SignIn")
    User = apps.get_model("accounts", "User")
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT session_key, session_data, expire_date FROM django_session"
            " WHERE expire_date > %s",
            [now],
        )
        rows = cursor.fetchall()
    people = set(User.objects.values_list("pk", flat=True))
    decoder = SessionBase()
    kept = []
    for key, data, expires in rows:
        user_id = decoder.decode(data).get(SESSION_KEY)  # {} when it does not verify
        person = int(user_id) if user_id and int(user_id) in people else None
        kept.append(
            SignIn(
                session_key=key,
                session_data=data,
                expire_date=expires,
                user_id=person,
                started_at=now,
                last_used_at=now,
            )
        )
    SignIn.objects.bulk_create(kept, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_sign_ins")]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
