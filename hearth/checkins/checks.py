"""Start-up check: the check-in prompts and wishes load in every language.

hearth.E031  a prompts or wishes file is malformed (the message names the file, the entry and
             the field). The files ship with Hearth, so this means an edited install.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.checks import CheckMessage, register

from hearth.checkins.content import DATA, load_library
from hearth.core.checks import data_file_problems
from hearth.core.languages import CONTENT_LANGUAGES


@register()
def check_library(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return library_problems(DATA)


def library_problems(directory: Path) -> list[CheckMessage]:
    # Read fresh, not from library()'s cache, so the check sees the files as they are.
    return data_file_problems(
        lambda language: load_library(directory, language),
        CONTENT_LANGUAGES,
        what="The check-in prompts",
        hint="Fix the file (or reinstall Hearth if you did not change it).",
        check_id="hearth.E031",
    )
