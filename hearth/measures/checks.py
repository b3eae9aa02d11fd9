"""Start-up check: every questionnaire definition, shipped or the clinic's own, must load.

hearth.E010  a definition file is malformed (the message names the file and the problem)
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from hearth.core.languages import CONTENT_LANGUAGES
from hearth.measures import catalog
from hearth.measures.definitions import DefinitionError


@register()
def check_instruments(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        for language in CONTENT_LANGUAGES:
            catalog.instruments(language)
    except DefinitionError as exc:
        return [
            Error(
                f"A questionnaire definition cannot be used: {exc}",
                hint="Fix the file or remove it from HEARTH_INSTRUMENTS_DIR.",
                id="hearth.E010",
            )
        ]
    return []
