"""System checks for the safety data files. Ids are stable: tests and docs name them.

hearth.E020  a help file (shipped or in HEARTH_RESOURCES_DIR) cannot be read, or an entry in
             it is malformed (a phone number that is not one number, say); the message
             names the file and the entry. It stops `hearth serve`.
hearth.W020  a help file has entries nobody has checked against the service's own pages
             yet (no `verified` date); the message names the file and the entries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning, register

from hearth.safety.boxes import resource_dirs
from hearth.safety.resources import DataFileError, RegionResources, all_files, load_file

HINT = "Fix the file (the comments in hearth/safety/resources/us.toml explain each field), then run `hearth check` again."  # noqa: E501


@register(Tags.compatibility, deploy=False)
def check_resource_files(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Load every help file at start-up, so a typo is found before someone in crisis."""
    dirs = resource_dirs()
    problems: list[CheckMessage] = [
        Error(
            f"HEARTH_RESOURCES_DIR names {d}, which is not a folder.", hint=HINT, id="hearth.E020"
        )
        for d in dirs
        if not d.is_dir()
    ]
    for path in all_files(dirs):
        try:
            loaded = load_file(path)
        except DataFileError as error:
            problems.append(Error(f"Help file {error}", hint=HINT, id="hearth.E020"))
        else:
            problems += _unverified(path, loaded)
    return problems


def _unverified(path: Path, loaded: RegionResources) -> list[CheckMessage]:
    names = [e.name for e in loaded.unverified]
    if not names:
        return []
    return [
        Warning(
            f"Help file {path}: {len(names)} entries not yet checked: {'; '.join(names)}. "
            'People see "not yet checked" next to them.',
            hint="Check each against the service's own website, then set `verified` (the "
            "day) and `source` (the page you read).",
            id="hearth.W020",
        )
    ]
