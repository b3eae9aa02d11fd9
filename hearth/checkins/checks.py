"""Start-up check: the check-in prompts and wishes load in every language.

hearth.E031  a prompts or wishes file is malformed (the message names the file, the entry and
             the field). The files ship with Hearth, so this means an edited install.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.checks import CheckMessage, Error, register

from hearth.checkins.content import DATA, load_library
from hearth.core.datafile import DataFileError
from hearth.core.languages import CONTENT_LANGUAGES


@register()
def check_library(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return library_problems(DATA)


def library_problems(directory: Path) -> list[CheckMessage]:
    """One error per language whose prompts or wishes do not load, read fresh."""
    problems: list[CheckMessage] = []
    for language in CONTENT_LANGUAGES:
        try:
            load_library(directory, language)
        except DataFileError as error:
            problems.append(
                Error(
                    f"The check-in prompts cannot be used: {error}",
                    hint="Fix the file (or reinstall Hearth if you did not change it).",
                    id="hearth.E031",
                )
            )
    return problems
