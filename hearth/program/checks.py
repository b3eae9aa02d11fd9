"""Start-up check: the touch program's content loads in every language.

hearth.E030  a program content file is malformed (the message names the file, the entry and
             the field). The content ships with Hearth, so this means an edited install.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.checks import CheckMessage, register

from hearth.core.checks import data_file_problems
from hearth.program.content import CONTENT_DIR, LANGUAGES, load_content


@register()
def check_content(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return content_problems(CONTENT_DIR)


def content_problems(directory: Path) -> list[CheckMessage]:
    # Loaded fresh, not from default_content's cache, so the check sees the files as they are.
    return data_file_problems(
        lambda language: load_content(directory, language),
        LANGUAGES,
        what="The program's content",
        hint="Fix the file (or reinstall Hearth if you did not change it).",
        check_id="hearth.E030",
    )
