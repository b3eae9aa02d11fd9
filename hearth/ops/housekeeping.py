"""`hearth housekeeping`: one command, run hourly from the same timer as the reminders.

It runs every registered pruner (see hearth/ops/prune.py and the ``pruners`` attribute of
each AppConfig), stores as missed the questionnaires whose time ran out (pages already show
them so: hearth/measures/access.py), then looks after accounts nobody has used for a long
time (see hearth/ops/inactive.py). Each pruner runs in its own transaction and writes one audit row
with what it removed; a run that removes nothing writes nothing, so running it again, or
twice at once, changes nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from hearth.core import audit, registry
from hearth.measures import actions as measures_actions
from hearth.ops import inactive, jobs

PRUNED = audit.kind("ops.pruned", gettext_lazy("Old records removed by housekeeping"))


@dataclass(frozen=True)
class Outcome:
    name: str
    count: int


def prune_all(now: datetime) -> list[Outcome]:
    outcomes = []
    for name, prune in registry.pruners():
        with transaction.atomic():
            count = prune(now)
            if count:
                audit.record(PRUNED, what=name, count=count)
        outcomes.append(Outcome(name, count))
    return outcomes


def run(now: datetime | None = None) -> list[Outcome]:
    now = now or timezone.now()
    with jobs.recorded("housekeeping"):
        outcomes = prune_all(now)
        # Not a pruner: it removes nothing, it stores what pages already show as missed.
        outcomes.append(Outcome("missed_questionnaires", measures_actions.store_missed(now)))
        outcomes += inactive.look_after(now)
    return outcomes
