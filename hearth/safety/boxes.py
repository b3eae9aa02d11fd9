"""Crisis resources for the web side: which folders, which region, and the context of the
reusable boxes other apps include on a result page.

    from hearth.safety.boxes import box_context
    context.update(box_context(outcome))
    {% if outcome.show_crisis_resources %}{% include "safety/crisis_box.html" %}{% endif %}
    {% if outcome.offer_support_resources %}{% include "safety/support_box.html" %}{% endif %}
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings

from hearth.safety.resources import RegionResources, load_resources
from hearth.safety.rules import RiskOutcome


def resource_dirs() -> tuple[Path, ...]:
    """Operator folders (HEARTH_RESOURCES_DIR, paths separated by ':'), searched first."""
    value: Any = getattr(settings, "RESOURCES_DIR", None)
    if not value:
        return ()
    if isinstance(value, str | Path):
        parts = str(value).split(os.pathsep)
    else:
        parts = [str(v) for v in value]
    return tuple(Path(p) for p in parts if p.strip())


def region_resources() -> RegionResources:
    """The operator's region for now; a per-person region can be added here later."""
    # Read on every call, not cached: an operator's edit shows without a restart, and a
    # crisis page is not a hot path.
    return load_resources(getattr(settings, "REGION", None), resource_dirs())


def box_context(outcome: RiskOutcome | None = None) -> dict[str, Any]:
    """What safety/crisis_box.html and safety/support_box.html need."""
    return {
        "crisis_resources": region_resources(),
        "offer_safety_plan": bool(outcome and outcome.offer_safety_plan),
    }
