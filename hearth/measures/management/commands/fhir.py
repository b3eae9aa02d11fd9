"""``hearth fhir import FILE --email PERSON``: read a FHIR file of questionnaire answers
into a person's history (hearth.measures.fhir_import). All or nothing: a file with any
problem imports nothing, and each problem is printed with the entry it is in."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hearth.accounts.models import User
from hearth.measures.fhir_import import import_file
from hearth.measures.fhir_read import FhirRefused


class Command(BaseCommand):
    help = "Import questionnaire answers from a FHIR file into one person's history."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        reader = actions.add_parser(
            "import",
            help="import a FHIR Bundle (or one QuestionnaireResponse) of PHQ-9, GAD-7 or "
            "Hearth questionnaire answers",
        )
        reader.add_argument("file", help="a FHIR JSON file ('-' is not accepted)")
        reader.add_argument("--email", required=True, help="the person the answers belong to")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text. Nothing was imported.") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path} is not JSON ({exc.msg}, line {exc.lineno}).") from None
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {options['email']!r}.")
        try:
            created = import_file(user, data)
        except FhirRefused as exc:
            raise CommandError(f"Nothing was imported from {path}:\n{exc}") from None
        names = ", ".join(sorted({f"{a.instrument_id}" for a in created}))
        self.stdout.write(
            f"Imported {len(created)} questionnaire result(s) for {user.email} ({names})."
        )
