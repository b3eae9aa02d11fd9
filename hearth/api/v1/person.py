"""The person and their couple: profile, data export, partner link, invitations, leaving."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from hearth.accounts import actions as account_actions
from hearth.accounts import export
from hearth.api.v1.auth import TokenAuth, user_of
from hearth.api.v1.common import Id, member, replies
from hearth.api.v1.errors import ApiError
from hearth.couples import actions as couple_actions
from hearth.couples.access import access_couple, current_memberships, household

router = Router(tags=["person"])


class PartnerOut(Schema):
    display_name: str


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    role: str
    partner: PartnerOut | None


@router.get("/me", response=replies(200, MeOut), summary="Your own profile")
def me(request: HttpRequest) -> dict[str, Any]:
    user = user_of(request)
    partner = household(user).partner
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "partner": {"display_name": partner.display_name} if partner else None,
    }


@router.get(
    "/me/export",
    response=replies(200, dict[str, Any]),
    auth=TokenAuth("export"),
    summary="Download all your data (needs a key with the 'export' permission)",
)
def export_data(request: HttpRequest, leave_out_safety: bool = False) -> dict[str, Any]:
    """Everything, as the web's download. ``leave_out_safety=true`` leaves the safety answers
    out, as the export page offers: what is left reads the same whatever was answered."""
    # The web asks for the password again before a download. A key is made only after that
    # same check, and "export" must be chosen on its own, so the choice was deliberate.
    user = user_of(request)
    account_actions.record_export(user, "api-json")
    data: dict[str, Any] = export.collect(user, leave_out_safety=leave_out_safety)
    return data


# --- couple ----------------------------------------------------------------------------------


class CoupleOut(Schema):
    linked: bool
    couple_id: int | None
    partner: PartnerOut | None
    open_invitation_expires_at: datetime | None


class MemberOut(Schema):
    display_name: str
    joined_at: datetime
    is_you: bool


class InvitationOut(Schema):
    code: str
    link_path: str
    expires_at: datetime


class LeaveIn(Schema):
    confirm: bool


class JoinIn(Schema):
    code: str


@router.get("/couple", response=replies(200, CoupleOut), tags=["couple"])
def couple(request: HttpRequest) -> dict[str, Any]:
    user = member(request)
    home = household(user)
    partner = home.partner
    invitation = couple_actions.open_invitation(user)
    return {
        "linked": home.is_couple,
        "couple_id": home.couple_id,
        "partner": {"display_name": partner.display_name} if partner else None,
        "open_invitation_expires_at": invitation.expires_at if invitation else None,
    }


@router.get("/couples/{couple_id}/members", response=replies(200, list[MemberOut]), tags=["couple"])
def couple_members(request: HttpRequest, couple_id: Id) -> list[dict[str, Any]]:
    user = member(request)
    found = access_couple(user, couple_id)
    rows = current_memberships().filter(couple=found).select_related("user")
    return [
        {"display_name": m.user.display_name, "joined_at": m.joined_at, "is_you": m.user == user}
        for m in rows.order_by("joined_at", "pk")
    ]


@router.post("/couple/invitation", response=replies(201, InvitationOut), tags=["couple"])
def invite(request: HttpRequest) -> Status[Any]:
    """A new one-time code and link path for a partner, shown once (only digests are kept)."""
    user = member(request)
    new = couple_actions.create_invitation(user)
    return Status(
        201,
        {
            "code": new.pretty_code,
            "link_path": f"/join/{new.token}/",
            "expires_at": new.invitation.expires_at,
        },
    )


@router.post("/couple/join", response=replies(200, CoupleOut), tags=["couple"])
def join(request: HttpRequest, payload: JoinIn) -> dict[str, Any]:
    """Link up with a partner by the 8-character code they gave you (tries are limited)."""
    user = member(request)
    couple_actions.join_by_code(user, payload.code[:40])
    return couple(request)


@router.delete("/couple/invitation", response=replies(204, None), tags=["couple"])
def withdraw(request: HttpRequest) -> Status[Any]:
    couple_actions.withdraw_invitation(member(request))
    return Status(204, None)


@router.post("/couple/leave", response=replies(204, None), tags=["couple"])
def leave(request: HttpRequest, payload: LeaveIn) -> Status[Any]:
    """End the partner link for both. Send {"confirm": true}; both keep their own data."""
    user = member(request)
    if not payload.confirm:
        raise ApiError(
            422, "invalid_input", "Please confirm to end the link.", {"confirm": "required"}
        )
    couple_actions.leave_couple(user)
    return Status(204, None)
