"""System checks for the safety data files. Ids are stable: tests and docs name them.

hearth.E020  a crisis resource file (shipped or in HEARTH_RESOURCES_DIR) cannot be read
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register

from hearth.safety.boxes import resource_dirs
from hearth.safety.resources import DataFileError, available_regions, load_resources


@register(Tags.compatibility, deploy=False)
def check_resource_files(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Load every region file at start-up, so a typo is found before someone in crisis."""
    dirs = resource_dirs()
    problems: list[CheckMessage] = [
        _error(f"HEARTH_RESOURCES_DIR names {d}, which is not a folder.")
        for d in dirs
        if not d.is_dir()
    ]
    for code in available_regions(dirs):
        try:
            load_resources(code, dirs)
        except DataFileError as error:
            problems.append(_error(f"Crisis resource file {error}"))
    return problems


def _error(message: str) -> Error:
    return Error(
        message,
        hint="Fix the file (see the comments in hearth/safety/resources/us.toml), "
        "then run `hearth check` again.",
        id="hearth.E020",
    )
