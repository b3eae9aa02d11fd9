"""Couple state changes: invite, accept, withdraw, leave. Each checks its rules, runs in a
transaction and writes audit rows. Errors carry a message fit to show the person."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from hearth.accounts.models import User
from hearth.core import audit, invitations, mail, ratelimit, tokens
from hearth.core.errors import Refused
from hearth.core.invitations import Invitations, Problem, failing
from hearth.couples.access import household
from hearth.couples.models import Couple, CoupleEvent, Invitation, Membership

CODE_LENGTH = tokens.CODE_LENGTH


class CoupleError(Refused):
    """A rule stopped the change; str(error) is a plain message for the person, in English.

    Messages stay English here (marked for translation only) so that code can compare them;
    pages show them with `gettext(str(error))`, in the reader's language."""


NOT_VALID = gettext_noop(
    "This invitation is not valid. Check the link or code, or ask your partner for a new one."
)
USED = gettext_noop("This invitation has already been used. Each invitation works only once.")
EXPIRED = gettext_noop("This invitation has expired. Ask your partner to send a new one.")
WITHDRAWN = gettext_noop("This invitation was withdrawn. Ask your partner to send a new one.")
OWN = gettext_noop("This is your own invitation. Share it with your partner instead.")
ALREADY_LINKED = gettext_noop(
    "You are already linked with a partner. Leave that link first, then try again."
)
NO_LONGER = gettext_noop(
    "This invitation can no longer be used. Ask your partner to send a new one."
)
CLINICIAN = gettext_noop("Clinician accounts cannot be linked as a partner.")
TOO_MANY_TRIES = gettext_noop("Too many tries. Please wait an hour, or use the link instead.")
CODE_TRIES_PER_HOUR = 10


INVITATIONS = Invitations(Invitation, purpose="hearth-invitation")
PROBLEMS = {
    Problem.NOT_VALID: NOT_VALID,
    Problem.WITHDRAWN: WITHDRAWN,
    Problem.USED: USED,
    Problem.EXPIRED: EXPIRED,
}
NewInvitation = invitations.NewInvitation[Invitation]
normalise_code = tokens.normalise_code
find_by_token = INVITATIONS.find_by_token
find_by_code = INVITATIONS.find_by_code
open_invitation = INVITATIONS.open_for
invitation_waits = INVITATIONS.waits  # the home page's yes or no (core.facts)


def _check_can_link(user: User) -> None:
    if user.is_clinician:
        raise CoupleError(CLINICIAN)
    if household(user).membership is not None:
        raise CoupleError(ALREADY_LINKED)


@transaction.atomic
def create_invitation(user: User) -> NewInvitation:
    """A new one-time link and code; any earlier open invitation of this person is withdrawn."""
    _check_can_link(user)
    new = INVITATIONS.create(user)
    audit.record(CoupleEvent.INVITATION_CREATED, actor=user, invitation=new.invitation.pk)
    return new


INVITATION_EMAILED = audit.kind(
    "couple.invitation_emailed", gettext_lazy("Partner invitation sent by email")
)
EMAILS_PER_DAY = 5
TOO_MANY_EMAILS = gettext_noop(
    "You have sent several invitations by email today. Please share the link yourself."
)
NOT_SENT = gettext_noop("The email could not be sent just now. Please share the link yourself.")
# Discreet: a subject or a preview on someone else's screen says nothing about what it is for.
EMAIL_SUBJECT = gettext_noop("%(name)s sent you a link")


def invitation_email(user: User, link: str, code: str) -> str:
    name, hours = user.display_name, settings.INVITATION_HOURS
    lines = [
        gettext("Hello,"),
        "",
        gettext("%(name)s asks you to join them in an app you can use together.") % {"name": name},
        gettext("To accept, open this link and sign in or make an account:"),
        "",
        link,
        "",
        gettext("Or sign in and enter this code: %(code)s") % {"code": code},
        gettext("The link and the code work once, for %(hours)s hours.") % {"hours": hours},
        gettext("If you do not know %(name)s, you can ignore this message.") % {"name": name},
        "",
    ]
    return "\n".join(lines)


def email_invitation(user: User, new: NewInvitation, link: str, address: str) -> None:
    """Send the new invitation to the address the person typed. The address is not stored;
    the audit row says only that an email went out. Raises CoupleError when it did not."""
    if not ratelimit.take("invite-email", str(user.pk), EMAILS_PER_DAY, 86400):
        raise CoupleError(TOO_MANY_EMAILS)
    subject = gettext(EMAIL_SUBJECT) % {"name": user.display_name}
    body = invitation_email(user, link, new.pretty_code)
    if not mail.send(address, subject, body):
        raise CoupleError(NOT_SENT)
    audit.record(INVITATION_EMAILED, actor=user, invitation=new.invitation.pk)


@transaction.atomic
def withdraw_invitation(user: User) -> None:
    invitation = INVITATIONS.withdraw(user)
    if invitation is not None:
        audit.record(CoupleEvent.INVITATION_REVOKED, actor=user, invitation=invitation.pk)


def check_invitation(invitation: Invitation | None, user: User | None) -> Invitation:
    """Raise CoupleError unless this invitation can be accepted (by this user, if given)."""
    invitation = INVITATIONS.check(invitation, failing(CoupleError, PROBLEMS))
    if user is not None and invitation.inviter_id == user.pk:
        raise CoupleError(OWN)
    if household(invitation.inviter).membership is not None:
        raise CoupleError(NO_LONGER)
    if user is not None:
        _check_can_link(user)
    return invitation


def join_by_code(user: User, code: str) -> Couple:
    """Accept the invitation a code stands for. Tries are limited per person, so codes
    cannot be guessed; the web page and the API both come here."""
    if not ratelimit.take("invite-code", str(user.pk), CODE_TRIES_PER_HOUR, 3600):
        raise CoupleError(TOO_MANY_TRIES)
    invitation = check_invitation(find_by_code(code), user)
    return accept_invitation(user, invitation.pk)


def accept_invitation(user: User, invitation_id: int) -> Couple:
    try:
        return INVITATIONS.accept(invitation_id, lambda found: _accept(user, found))
    except IntegrityError as exc:
        # Two acceptances raced: the unique constraint kept the rule; report it plainly.
        raise CoupleError(NO_LONGER) from exc


def _accept(user: User, found: Invitation | None) -> Couple:
    invitation = check_invitation(found, user)
    now = timezone.now()
    couple = Couple.objects.create()
    Membership.objects.create(couple=couple, user=invitation.inviter)
    Membership.objects.create(couple=couple, user=user)
    invitation.used_at, invitation.used_by = now, user
    invitation.save(update_fields=["used_at", "used_by"])
    Invitation.objects.filter(
        inviter__in=[user, invitation.inviter], used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    for person in (invitation.inviter, user):
        audit.record(CoupleEvent.COUPLE_JOINED, actor=user, subject=person, couple=couple.pk)
    return couple


@transaction.atomic
def leave_couple(user: User) -> None:
    """End the couple for both. Nobody's agreement is needed; the other gets a neutral notice."""
    home = household(user)
    membership, partner = home.membership, home.partner
    if membership is None:
        raise CoupleError(gettext_noop("You are not linked with a partner."))
    now = timezone.now()
    couple = membership.couple
    couple.ended_at = now
    couple.save(update_fields=["ended_at"])
    Membership.objects.filter(couple=couple, left_at__isnull=True).update(left_at=now)
    if partner is not None:
        Membership.objects.filter(couple=couple, user=partner).update(ended_notice_pending=True)
    for person in (user, partner):
        if person is not None:
            audit.record(CoupleEvent.COUPLE_LEFT, actor=user, subject=person, couple=couple.pk)


def pending_end_notice(user: User) -> bool:
    """True once after a partner ended the link; showing it clears it.

    Read first, write only when there is a notice: this runs on every home page load, and
    an UPDATE, even of no rows, takes SQLite's write lock and queues behind other writers.
    """
    if not household(user).end_notice:  # read with the partner, in the same query
        return False
    pending = Membership.objects.filter(user=user, ended_notice_pending=True)
    return pending.update(ended_notice_pending=False) > 0
