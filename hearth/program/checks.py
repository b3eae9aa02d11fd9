"""Start-up check: the touch program's content loads in every language.

hearth.E030  a program content file is malformed (the message names the file, the entry and
             the field). The content ships with Hearth, so this means an edited install.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.checks import CheckMessage, Error, register

from hearth.program.content import CONTENT_DIR, LANGUAGES, ContentError, load_content


@register()
def check_content(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return content_problems(CONTENT_DIR)


def content_problems(directory: Path) -> list[CheckMessage]:
    """One error per language whose content does not load; loaded fresh, not from a cache,
    so the check sees the files as they are now."""
    problems: list[CheckMessage] = []
    for language in LANGUAGES:
        try:
            load_content(directory, language)
        except ContentError as error:
            problems.append(
                Error(
                    f"The program's content cannot be used: {error}",
                    hint="Fix the file (or reinstall Hearth if you did not change it).",
                    id="hearth.E030",
                )
            )
    return problems
