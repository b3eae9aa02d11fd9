"""Program records: private intakes, the shared program state, sessions, readiness and
reflections.

Privacy: an Intake, a Readiness and a Reflection belong to one person. Only the effect of an
intake on the shared plan, and the parts of a reflection its author chose to share (with
the partner, a therapist, or both; see hearth.couples.sharing), ever reach anyone else.
Sensitive answers and free text are encrypted at rest; numbers stay queryable. The plan
itself is never stored: it is rebuilt from the intakes by plan.py.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.core.crypto import EncryptedTextField


def _tags(text: str | None) -> list[str]:
    return list(json.loads(text)) if text else []


class Intake(models.Model):
    """One person's private answers. Tag lists are stored as encrypted JSON."""

    class Pace(models.TextChoices):
        STEADY = "steady", _("A steady pace")
        SLOW = "slow", _("A slow pace, and I set it")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_intake"
    )
    concerns = EncryptedTextField(blank=True)  # JSON list of plan CONCERNS
    body_change_causes = EncryptedTextField(blank=True)  # JSON list
    physical = EncryptedTextField(blank=True)  # JSON list of plan PHYSICAL
    pain_areas = EncryptedTextField(blank=True)  # JSON list of AREAS
    off_limit_areas = EncryptedTextField(blank=True)  # JSON list of AREAS
    off_limit_activities = EncryptedTextField(blank=True)  # JSON list of ACTIVITIES
    medicines = EncryptedTextField(blank=True)  # JSON list of plan MEDICINES
    goals = EncryptedTextField(blank=True)
    physical_details = EncryptedTextField(blank=True)
    pace = models.CharField(max_length=8, choices=Pace.choices, default=Pace.STEADY)
    # The quiet body check at the swap of turns (gentle plans); the person can turn it off.
    body_check_off = models.BooleanField(default=False)
    # Before a stage that includes genitals, a person who told us about pain or body
    # changes is asked whether a doctor has checked it: "", "yes", "not_yet" or "go_on"
    # (not yet, and they chose to go on anyway). Encrypted like the answers it follows.
    doctor_check = EncryptedTextField(blank=True)
    session_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    times = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"intake-{self.pk}"

    def tag_lists(self) -> dict[str, list[str]]:
        return {name: _tags(getattr(self, name)) for name in TAG_FIELDS}

    def set_tags(self, name: str, values: Any) -> None:
        setattr(self, name, json.dumps(sorted(values)))


TAG_FIELDS = (
    "concerns",
    "body_change_causes",
    "physical",
    "pain_areas",
    "off_limit_areas",
    "off_limit_activities",
    "medicines",
)


class ComfortMap(models.Model):
    """A person's private comfort map: only the marks they chose themselves, as encrypted
    JSON ({"receive": {area: mark}, "give": {area: mark}, "new_areas": bool}). Unchosen
    marks come from comfort.default_marks when the map is read, so a plan that becomes
    gentle later still starts every untouched area at "not yet". Nobody else reads it:
    partners see only the touch lists it leads to (program.maps)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comfort_map"
    )
    data = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"comfort-map-{self.pk}"

    def stored(self) -> dict[str, Any]:
        return dict(json.loads(self.data)) if self.data else {}

    def store(self, value: dict[str, Any]) -> None:
        self.data = json.dumps(value, sort_keys=True)


class Program(models.Model):
    """The shared progress of a couple, or of one person alone (couple is then null).

    Stage and proposal live here; everything else about the plan is rebuilt from intakes.
    """

    couple = models.ForeignKey(
        "couples.Couple", null=True, blank=True, on_delete=models.CASCADE, related_name="programs"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="solo_programs",
    )
    stage = models.CharField(max_length=32)
    stage_since = models.DateField()
    paused_at = models.DateTimeField(null=True, blank=True)
    # The last "not yet" to a proposed step forward: who said it, to whose proposal, when.
    # That proposer waits seven days before proposing again; the decliner may propose.
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_proposal_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_on = models.DateField(null=True, blank=True)
    proposal_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposal_agreed = models.JSONField(default=list, blank=True)  # user ids who said yes
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["couple"], condition=Q(couple__isnull=False), name="one_program_per_couple"
            ),
            models.UniqueConstraint(
                fields=["owner"], condition=Q(couple__isnull=True), name="one_solo_program"
            ),
            models.CheckConstraint(
                condition=Q(couple__isnull=False, owner__isnull=True)
                | Q(couple__isnull=True, owner__isnull=False),
                name="program_has_one_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"program-{self.pk}"

    @property
    def is_couple(self) -> bool:
        return self.couple_id is not None


class Session(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for an answer")
        DECLINED = "declined", _("Not this time")
        SCHEDULED = "scheduled", _("Planned")
        NOT_TODAY = "not_today", _("Not today")
        RUNNING = "running", _("In progress")
        PAUSED = "paused", _("Paused")
        DONE = "done", _("Done")
        STOPPED = "stopped", _("Ended early")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    planned_for = models.DateTimeField()
    stage = models.CharField(max_length=32)
    exercise = models.CharField(max_length=64)
    turn_minutes = models.PositiveSmallIntegerField()
    turns = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    # Who gives in turn 1 when partners take turns (chosen at the start); they swap after.
    first_giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The touch lists as they were at the start, as encrypted JSON {"giver:receiver": [area]}:
    # while the session runs, a list shows only what is open now and was open then, so an
    # area opened mid-session waits for the next one, and a change toward "no" counts at once.
    areas_at_start = EncryptedTextField(blank=True)
    # Begins with the settling screen for everyone (a "not sure" chose it).
    settle_first = models.BooleanField(default=False)
    # The pause belongs to whoever pressed it: only they can go on; either can end.
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who said no to the suggested time, and when: the proposer waits 48 hours.
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    turn = models.PositiveSmallIntegerField(default=0)
    turn_started_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["program", "-planned_for"])]

    def __str__(self) -> str:
        return f"session-{self.pk}"

    @property
    def held(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.STOPPED)


class Readiness(models.Model):
    """A person's private answer before a session. The partner never sees which answer."""

    class Answer(models.TextChoices):
        READY = "ready", _("Ready")
        NOT_SURE = "not_sure", _("Not sure")
        NOT_TODAY = "not_today", _("Not today")

    class Choice(models.TextChoices):
        """What a "not sure" chose instead of a plain start."""

        NONE = "", _("Nothing yet")
        SETTLE = "settle", _("Begin with settling")
        SWITCH = "switch", _("A shorter or earlier exercise")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="readiness")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_readiness"
    )

    answer = models.CharField(max_length=10, choices=Answer.choices)
    choice = models.CharField(max_length=8, choices=Choice.choices, blank=True, default="")
    # This person's own steps in the running session: the settling screen done or skipped,
    # and the last turn whose quiet body check they answered.
    settled_at = models.DateTimeField(null=True, blank=True)
    checked_turn = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_readiness_each")
        ]

    def __str__(self) -> str:
        return f"readiness-{self.pk}"

    @property
    def counts_as_ready(self) -> bool:
        """ "Not sure" is not "ready": it counts once the person chose how to begin."""
        return self.answer == self.Answer.READY or (
            self.answer == self.Answer.NOT_SURE and bool(self.choice)
        )


class Reflection(models.Model):
    """A person's private notes after a session. Parts are shared only by their choice, with
    their partner or their therapist, each on its own (hearth.couples.sharing)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reflections")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_reflections"
    )
    comfort = models.PositiveSmallIntegerField()  # 0-10
    closeness = models.PositiveSmallIntegerField()  # 0-10
    anxiety = models.PositiveSmallIntegerField()  # 0-10
    distractions = EncryptedTextField(blank=True)
    text = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_reflection_each"),
            models.CheckConstraint(
                condition=Q(comfort__lte=10, closeness__lte=10, anxiety__lte=10),
                name="reflection_scores_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"reflection-{self.pk}"
