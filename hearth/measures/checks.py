"""Start-up check: every questionnaire definition, shipped or the clinic's own, must load.

hearth.E010  a definition or translation file is malformed (the message names the file, the
             entry and the field)
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, register

from hearth.core.checks import data_file_problems
from hearth.core.languages import CONTENT_LANGUAGES
from hearth.measures import catalog


@register()
def check_instruments(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return data_file_problems(
        catalog.instruments,
        CONTENT_LANGUAGES,
        what="A questionnaire definition",
        hint="Fix the file or remove it from HEARTH_INSTRUMENTS_DIR.",
        check_id="hearth.E010",
    )
