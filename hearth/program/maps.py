"""Comfort maps between the database and the pure rules in comfort.py.

A stored map holds only the marks the person chose; the rest come from
``comfort.default_marks`` each time the map is read: every area "not yet" in a gentle plan,
else what the person's own intake ruled out. So a map nobody opened never opens an area a
gentle plan keeps closed. Reading a partner's map is for the touch lists only (pages build
them); no page or API reply ever carries another person's marks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hearth.accounts.models import User
from hearth.program import comfort
from hearth.program.models import ComfortMap, Intake
from hearth.program.state import Situation, person_id, situation


def plan_gentle(sit: Situation) -> bool:
    """Whether this person's maps start closed. Without a plan yet, they do."""
    plan = sit.progress_plan
    return True if plan is None else plan.gentle


def _defaults(
    intake: Intake | None, gentle: bool
) -> dict[comfort.Direction, dict[str, comfort.Mark]]:
    tags = intake.tag_lists() if intake is not None else {}
    return comfort.default_marks(
        gentle=gentle, off_limits=tags.get("off_limit_areas", ()), sore=tags.get("pain_areas", ())
    )


def _build(
    user_id: int, stored: dict[str, Any], intake: Intake | None, gentle: bool
) -> comfort.ComfortMap:
    chosen: dict[str, dict[str, comfort.Mark]] = {d: stored.get(d, {}) for d in comfort.DIRECTIONS}
    return comfort.build_map(
        person_id(user_id),
        _defaults(intake, gentle),
        chosen,
        new_areas_chosen=bool(stored.get("new_areas", False)),
    )


def comfort_maps(user_ids: Iterable[int], gentle: bool) -> dict[int, comfort.ComfortMap]:
    """The maps of these people (two queries), for building touch lists."""
    ids = list(user_ids)
    intakes = {i.user_id: i for i in Intake.objects.filter(user_id__in=ids)}
    stored = {m.user_id: m.stored() for m in ComfortMap.objects.filter(user_id__in=ids)}
    return {uid: _build(uid, stored.get(uid, {}), intakes.get(uid), gentle) for uid in ids}


def own_map(user: User) -> comfort.ComfortMap:
    sit = situation(user)
    return comfort_maps([user.pk], plan_gentle(sit))[user.pk]


def has_chosen_new_areas(user: User) -> bool:
    record = ComfortMap.objects.filter(user=user).first()
    return record is not None and bool(record.stored().get("new_areas", False))
