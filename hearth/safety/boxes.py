"""Help for the web side: the ONE place every page that shows help gets its list from.

    from hearth.safety.boxes import box_context
    context.update(box_context(request.user, outcome))
    {% if outcome.show_crisis_resources %}{% include "safety/crisis_box.html" %}{% endif %}
    {% if outcome.offer_support_resources %}{% include "safety/support_box.html" %}{% endif %}

``help_for(user, focus)`` picks the region (the person's own choice, else the operator's
``HEARTH_REGION``), reads the files (the operator's ``HEARTH_RESOURCES_DIR`` first), puts the
entries in the order the situation needs and words them in the reader's language. The
PHQ-9 result, the check-in, the relationship check, "Your safety", the safety plan and the
public /support/help/ page all call it, so an operator's list shows everywhere or nowhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import get_language, gettext_lazy

from hearth.safety.resources import (
    Focus,
    Kind,
    RegionResources,
    ResourceEntry,
    load_resources,
    normalize_region,
)
from hearth.safety.rules import RiskOutcome

# Headings of the groups, in the reader's language. Plain words, no labels from the field.
KIND_HEADINGS = {
    Kind.ABUSE: gettext_lazy("If someone hurts, scares or controls you"),
    Kind.SEXUAL_VIOLENCE: gettext_lazy("After rape or sexual assault"),
    Kind.CRISIS: gettext_lazy("If you think about suicide or hurting yourself"),
    Kind.EMERGENCY: gettext_lazy("In danger right now"),
}


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


def operator_region() -> str:
    return normalize_region(getattr(settings, "REGION", None)) or "default"


def region_for(user: Any) -> str:
    """The person's own choice of country, else the operator's region."""
    from hearth.safety.models import HelpRegion

    if getattr(user, "is_authenticated", False) and user.pk:
        chosen = HelpRegion.objects.filter(user=user).values_list("region", flat=True).first()
        if chosen and normalize_region(chosen):
            return chosen
    return operator_region()


def region_resources(user: Any = None) -> RegionResources:
    # Read on every call, not cached: an operator's edit shows without a restart, and a
    # help page is not a hot path.
    return load_resources(region_for(user), resource_dirs())


@dataclass(frozen=True)
class ShownEntry:
    """One entry as a page shows it, in the reader's language."""

    entry: ResourceEntry
    purpose: str
    hours: str
    tip: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.entry, name)

    @property
    def last_checked(self) -> date | None:
        return self.entry.verified


@dataclass(frozen=True)
class ShownGroup:
    kind: Kind
    heading: str
    entries: tuple[ShownEntry, ...]


@dataclass(frozen=True)
class HelpList:
    resources: RegionResources
    focus: Focus
    groups: tuple[ShownGroup, ...]

    @property
    def entries(self) -> tuple[ShownEntry, ...]:
        return tuple(e for g in self.groups for e in g.entries)

    @property
    def place(self) -> str:
        return self.resources.name.get(get_language())

    @property
    def is_fallback(self) -> bool:
        return self.resources.is_fallback

    @property
    def emergency(self) -> ShownEntry | None:
        """The first emergency entry that has a number: what "call ... now" names."""
        return next((e for e in self.entries if e.kind == Kind.EMERGENCY and e.phone), None)


def _shown(entry: ResourceEntry, language: str | None) -> ShownEntry:
    return ShownEntry(
        entry=entry,
        purpose=entry.purpose.get(language),
        hours=entry.hours.get(language) if entry.hours else "",
        tip=entry.tip.get(language) if entry.tip else "",
    )


def help_for(user: Any = None, focus: Focus = Focus.GENERAL) -> HelpList:
    """The help to show this person now, in the order ``focus`` asks for."""
    resources = region_resources(user)
    language = get_language()
    groups = tuple(
        ShownGroup(
            kind=g.kind,
            heading=str(KIND_HEADINGS[g.kind]),
            entries=tuple(_shown(e, language) for e in g.entries),
        )
        for g in resources.groups(focus)
    )
    return HelpList(resources=resources, focus=focus, groups=groups)


def focus_for(outcome: RiskOutcome | None) -> Focus:
    """Danger from someone else: abuse help first. Any other risk: crisis lines first."""
    if outcome is not None and outcome.danger_from_someone:
        return Focus.DANGER
    if outcome is not None and outcome.show_crisis_resources:
        return Focus.SELF_HARM
    return Focus.GENERAL


def box_context(user: Any, outcome: RiskOutcome | None = None) -> dict[str, Any]:
    """What safety/crisis_box.html and safety/support_box.html need. When the answer paused
    the couple part, also what the partner now sees (safety/partner_sees.html)."""
    context = {
        "help": help_for(user, focus_for(outcome)),
        "offer_safety_plan": bool(outcome and outcome.offer_safety_plan),
        "danger_from_someone": bool(outcome and outcome.danger_from_someone),
    }
    if outcome is not None and outcome.pause_couple_exercises:
        context.update(partner_context(user))
    return context


def partner_context(user: Any) -> dict[str, Any]:
    """What the person is told their partner sees: the very words the partner's pages show
    (the program's and the check-ins' own texts, not a copy)."""
    from django.utils.translation import gettext

    from hearth.checkins.access import HOLD_NOTE
    from hearth.couples.access import household
    from hearth.program.actions import COUPLE_PAUSED
    from hearth.safety.access import MIN_PAUSE_DAYS

    return {
        "partner": household(user).partner if getattr(user, "is_authenticated", False) else None,
        "couple_paused_text": gettext(COUPLE_PAUSED),
        "hold_note": gettext(HOLD_NOTE),
        "min_days": MIN_PAUSE_DAYS,
    }
