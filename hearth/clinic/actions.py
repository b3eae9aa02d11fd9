"""Clinic state changes. Each checks access and rules, runs in a transaction and writes its
audit rows (ids and codes only). Errors carry a message fit to show the person."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hearth.accounts.models import User
from hearth.accounts.roles import is_clinician, is_member, require_clinician
from hearth.clinic.access import access_client_link, access_own_link
from hearth.clinic.models import CareInvitation, CareLink, ClinicianProfile, Homework
from hearth.core import audit, invitations, tokens
from hearth.core.errors import Refused
from hearth.core.invitations import Invitations, Problem, failing
from hearth.core.text import Text
from hearth.couples import sharing
from hearth.couples.access import household
from hearth.couples.models import Share
from hearth.measures import actions as measures_actions
from hearth.measures import catalog
from hearth.program.localized import localized_content

INVITED = audit.kind("clinic.invitation_created", _("Therapist invitation created"))
INVITATION_WITHDRAWN = audit.kind(
    "clinic.invitation_withdrawn", _("Therapist invitation withdrawn")
)
LINKED = audit.kind("clinic.linked", _("Linked with a therapist"))
LINK_ENDED = audit.kind("clinic.link_ended", _("Therapist link ended"))
CONSENT_CHANGED = audit.kind("clinic.consent_changed", _("What your therapist may see was changed"))
VIEWED = audit.kind("clinic.viewed", _("Your therapist looked at your shared data"))
LISTED = audit.kind("clinic.listed", _("Your therapist saw your summary in their client list"))
REPORTED = audit.kind("clinic.reported", _("Your therapist made a report or download"))
HOMEWORK = audit.kind("clinic.homework", _("Your therapist gave you homework"))
QUESTIONNAIRE = audit.kind("clinic.questionnaire", _("Your therapist asked for a questionnaire"))
PROFILE = audit.kind("clinic.profile_saved", _("Therapist profile saved"))

INSTRUCTIONS_MAX = 2000
LATEST_REQUEST_DAYS = 60

# Messages stay English here (the API shows them as they are); pages translate them when
# shown (see core/text.py). gettext_noop marks them for the catalogue.
NOT_VALID = gettext_noop(
    "This invitation is not valid. Check the link or code, or ask for a new one."
)
USED = gettext_noop("This invitation has already been used. Each invitation works only once.")
EXPIRED = gettext_noop("This invitation has expired. Please ask for a new one.")
WITHDRAWN = gettext_noop("This invitation was withdrawn. Please ask for a new one.")
OWN = gettext_noop("This is your own invitation. Share it with the other person instead.")
WRONG_SIDE = gettext_noop(
    "This invitation is for a client to accept. Ask your client to invite you instead."
)
NEEDS_CLINICIAN = gettext_noop(
    "This invitation is for a therapist to accept. Send it to your therapist."
)
ALREADY = gettext_noop("You are already linked with each other.")
NOT_A_STAGE = gettext_noop("Please choose a stage from the list.")
NOT_AN_EXERCISE = gettext_noop("Please choose exercises from the list.")
NO_TEXT = gettext_noop("Please write a few words of instructions.")
TOO_LONG = Text(
    gettext_noop("Please keep the instructions under %(count)s characters."),
    count=INSTRUCTIONS_MAX,
)
NOT_ASKABLE = gettext_noop("Please choose a questionnaire from the list.")
BAD_DAY = Text(
    gettext_noop("Please choose a day from today up to %(days)s days ahead."),
    days=LATEST_REQUEST_DAYS,
)
ALREADY_OPEN = gettext_noop(
    "This questionnaire is already started. It stays open until it is done."
)


class ClinicError(Refused):
    """A rule stopped the change; str(error) is a plain message for the person."""


# ---------------------------------------------------------------------------------------------
# Invitations

INVITATIONS = Invitations(CareInvitation, purpose="hearth-care-invitation")
PROBLEMS = {
    Problem.NOT_VALID: NOT_VALID,
    Problem.WITHDRAWN: WITHDRAWN,
    Problem.USED: USED,
    Problem.EXPIRED: EXPIRED,
}
NewInvitation = invitations.NewInvitation[CareInvitation]
normalise_code = tokens.normalise_code
find_by_token = INVITATIONS.find_by_token
find_by_code = INVITATIONS.find_by_code
open_invitation = INVITATIONS.open_for


def _can_invite(user: User) -> None:
    if not (is_member(user) or is_clinician(user)):
        raise ClinicError(NOT_VALID)


@transaction.atomic
def create_invitation(user: User) -> NewInvitation:
    """A new one-time link and code; the person's earlier open invitation stops working."""
    _can_invite(user)
    new = INVITATIONS.create(user)
    audit.record(INVITED, actor=user, invitation=new.invitation.pk)
    return new


@transaction.atomic
def withdraw_invitation(user: User) -> None:
    invitation = INVITATIONS.withdraw(user)
    if invitation is not None:
        audit.record(INVITATION_WITHDRAWN, actor=user, invitation=invitation.pk)


def check_invitation(invitation: CareInvitation | None, user: User | None) -> CareInvitation:
    """Raise ClinicError unless the invitation can be accepted (by this user, if given)."""
    invitation = INVITATIONS.check(invitation, failing(ClinicError, PROBLEMS))
    if user is not None:
        _check_acceptor(invitation, user)
    return invitation


def _check_acceptor(invitation: CareInvitation, user: User) -> None:
    if invitation.inviter_id == user.pk:
        raise ClinicError(OWN)
    client, clinician = _sides(invitation.inviter, user)
    if clinician.role != User.Role.CLINICIAN or client.role != User.Role.MEMBER:
        raise ClinicError(WRONG_SIDE if user.is_clinician else NEEDS_CLINICIAN)
    if CareLink.objects.filter(
        client=client, clinician=clinician, status=CareLink.Status.ACTIVE
    ).exists():
        raise ClinicError(ALREADY)


def _sides(inviter: User, acceptor: User) -> tuple[User, User]:
    """(client, clinician) whichever of the two made the invitation."""
    return (acceptor, inviter) if inviter.is_clinician else (inviter, acceptor)


def accept_invitation(user: User, invitation_id: int) -> CareLink:
    try:
        return INVITATIONS.accept(invitation_id, lambda found: _accept(user, found))
    except IntegrityError as exc:
        # Two acceptances raced: the unique constraint kept the rule; report it plainly.
        raise ClinicError(USED) from exc


def _accept(user: User, found: CareInvitation | None) -> CareLink:
    invitation = check_invitation(found, user)
    client, clinician = _sides(invitation.inviter, user)
    link = CareLink.objects.create(client=client, clinician=clinician)
    CareInvitation.objects.filter(pk=invitation.pk).update(used_at=timezone.now())
    audit.record(LINKED, actor=user, subject=client, link=link.pk, clinician=clinician.pk)
    return link


# ---------------------------------------------------------------------------------------------
# Consent


@transaction.atomic
def set_consent(client: User, link_id: int, choices: Mapping[str, bool]) -> list[str]:
    """Apply the client's choices on the link itself (``sharing.LINK_KINDS``: results, the
    session log, safety alerts) for those named in ``choices``; returns those changed.

    One audit row per changed choice. The link row is locked, so two tabs saving at once
    cannot leave a choice in a state nobody chose.
    """
    link = access_own_link(client, link_id)
    link = CareLink.objects.select_for_update().get(pk=link.pk)
    unknown = set(choices) - set(sharing.LINK_KINDS)
    if unknown:
        raise ClinicError(gettext_noop("That choice is not one of the kinds of data listed."))
    changed = []
    for kind in sharing.LINK_KINDS:
        if kind in choices:
            wanted = {""} if choices[kind] else set()
            added, removed = sharing.choose(client, sharing.THERAPIST, kind, wanted, link=link)
            if added or removed:
                changed.append(str(kind))
    for scope in changed:
        audit.record(
            CONSENT_CHANGED,
            actor=client,
            subject=client,
            clinician=link.clinician_id,
            scope=scope,
            granted=choices[scope],
        )
    return changed


@transaction.atomic
def end_link(user: User, link_id: int) -> None:
    """The client (or the clinician) ends the link. Everything stops at once, for good."""
    if user.is_clinician:
        link = CareLink.objects.filter(
            pk=link_id, clinician=user, status=CareLink.Status.ACTIVE
        ).first()
    else:
        link = access_own_link(user, link_id)
    if link is None:
        raise ClinicError(gettext_noop("This link has already ended."))
    CareLink.objects.filter(pk=link.pk).update(
        status=CareLink.Status.ENDED, ended_at=timezone.now()
    )
    Share.objects.filter(link=link).delete()  # ending is final: nothing comes back by itself
    audit.record(
        LINK_ENDED, actor=user, subject=link.client, link=link.pk, clinician=link.clinician_id
    )


# ---------------------------------------------------------------------------------------------
# Profile


PROFILE_FIELDS = (
    "full_name",
    "profession",
    "registration_number",
    "registration_body",
    "practice",
    "bio",
)


@transaction.atomic
def save_profile(clinician: User, values: Mapping[str, str]) -> ClinicianProfile:
    require_clinician(clinician)
    profile, _ = ClinicianProfile.objects.get_or_create(user=clinician)
    for name in PROFILE_FIELDS:
        setattr(profile, name, values.get(name, "").strip())
    profile.updated_at = timezone.now()
    profile.save()
    audit.record(PROFILE, actor=clinician)
    return profile


# ---------------------------------------------------------------------------------------------
# Homework and questionnaires


def check_homework(stage: str, exercises: Iterable[str], instructions: str) -> list[str]:
    content = localized_content()
    if stage and stage not in {s.id for s in content.stages}:
        raise ClinicError(NOT_A_STAGE)
    chosen = list(dict.fromkeys(exercises))
    if not set(chosen) <= {e.id for e in content.exercises}:
        raise ClinicError(NOT_AN_EXERCISE)
    if not instructions.strip():
        raise ClinicError(NO_TEXT)
    if len(instructions) > INSTRUCTIONS_MAX:
        raise ClinicError(TOO_LONG)
    return chosen


def homework_links(clinician: User, client: User, with_partner: bool) -> list[CareLink]:
    """The client's link, plus the partner's when they too are linked with this clinician."""
    links = [access_client_link(clinician, client.pk)]
    partner = household(client).partner if with_partner else None
    if partner is not None:
        other = CareLink.objects.filter(
            clinician=clinician, client=partner, status=CareLink.Status.ACTIVE
        ).first()
        if other is not None:
            links.append(other)
    return links


@transaction.atomic
def assign_homework(
    clinician: User,
    client_id: int,
    *,
    stage: str,
    exercises: Iterable[str],
    instructions: str,
    with_partner: bool,
) -> list[Homework]:
    link = access_client_link(clinician, client_id)
    chosen = check_homework(stage, exercises, instructions)
    made = []
    for each in homework_links(clinician, link.client, with_partner):
        item = Homework.objects.create(
            link=each, stage=stage, exercises=chosen, instructions=instructions.strip()
        )
        audit.record(HOMEWORK, actor=clinician, subject=each.client, homework=item.pk)
        made.append(item)
    return made


def askable_ids() -> list[str]:
    """Questionnaires a clinician may ask for: every one people take, not the short forms."""
    return sorted(i for i, x in catalog.instruments().items() if x.derived_from is None)


@transaction.atomic
def request_questionnaire(clinician: User, client_id: int, instrument_id: str, due: date) -> None:
    """Bring one questionnaire forward (or add it) so it is due for the client on ``due``,
    through the measures action (which only moves a due day earlier and leaves a sitting
    that is already open alone)."""
    link = access_client_link(clinician, client_id, "results")
    today = timezone.localdate()
    if instrument_id not in askable_ids():
        raise ClinicError(NOT_ASKABLE)
    if not today <= due <= today + timedelta(days=LATEST_REQUEST_DAYS):
        raise ClinicError(BAD_DAY)
    client = link.client
    try:
        measures_actions.bring_forward(client, instrument_id, due)
    except measures_actions.MeasureError as exc:
        raise ClinicError(ALREADY_OPEN) from exc
    audit.record(QUESTIONNAIRE, actor=clinician, subject=client, instrument=instrument_id)


# ---------------------------------------------------------------------------------------------
# Recording what a clinician looked at


def record_view(clinician: User, client: User, what: str, scopes: Iterable[str]) -> None:
    audit.record(VIEWED, actor=clinician, subject=client, what=what, scopes=sorted(scopes))


def record_report(clinician: User, client: User, what: str, scopes: Iterable[str]) -> None:
    audit.record(REPORTED, actor=clinician, subject=client, what=what, scopes=sorted(scopes))


def record_listing(clinician: User, client_ids: Iterable[int]) -> None:
    """Note in each client's log that the clinician's list showed their summary.

    Once per client per day rather than on every load: the list is opened many times a day,
    and a row each time would bury the client's sign-ins in their own log. Opening a
    client's page, a report or a download is recorded every time. One read on a steady day;
    a bulk insert only for clients not yet listed today.
    """
    ids = set(client_ids)
    if not ids:
        return
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    # A page's clients (the API: the whole list).
    seen = audit.subjects_recorded_since(LISTED, actor=clinician, subject_ids=ids, since=start)
    audit.record_many(LISTED, actor=clinician, subject_ids=ids - seen, what="caseload")
