"""One-time invitations, the same mechanism for a partner and for a therapist.

An invitation is a link and a short code, shown once to the person who made it; the database
keeps only keyed digests of them. It stays open until it is used, withdrawn or expired, and
a new one withdraws the person's earlier open one.

Each app keeps its own model with the same fields (inviter, token_digest, code_digest,
created_at, expires_at, used_at, revoked_at), its own words for each problem, and its own
rules for who may accept and what accepting creates. This module holds what is the same:
making, finding, withdrawing, the checks every invitation passes, and the locked accept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from hearth.core import tokens

M = TypeVar("M", bound=models.Model)
R = TypeVar("R")


class Problem(StrEnum):
    """Why an invitation cannot be accepted, whoever tries."""

    NOT_VALID = "not_valid"  # unknown, or its maker's account is closed
    WITHDRAWN = "withdrawn"
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True)
class NewInvitation(Generic[M]):
    invitation: M
    token: str
    code: str

    @property
    def pretty_code(self) -> str:
        return tokens.pretty_code(self.code)


@dataclass(frozen=True)
class Invitations(Generic[M]):
    model: type[M]
    purpose: str  # keeps each kind's digests apart: a partner link never opens a care link

    def digest(self, kind: str, value: str) -> str:
        return tokens.keyed_digest(self.purpose, f"{kind}:{value}")

    def _unused(self, user: Any) -> models.QuerySet[M]:
        return self.model._default_manager.filter(
            inviter=user, used_at__isnull=True, revoked_at__isnull=True
        )

    @transaction.atomic
    def create(self, user: Any) -> NewInvitation[M]:
        """A new link and code; the person's earlier open invitation stops working."""
        now = timezone.now()
        self._unused(user).update(revoked_at=now)
        token, code = tokens.new_secret(), tokens.new_code()
        invitation = self.model._default_manager.create(
            inviter=user,
            token_digest=self.digest("token", token),
            code_digest=self.digest("code", code),
            created_at=now,
            expires_at=now + timedelta(hours=settings.INVITATION_HOURS),
        )
        return NewInvitation(invitation, token, code)

    def _open(self, user: Any) -> models.QuerySet[M]:
        return self._unused(user).filter(expires_at__gt=timezone.now())

    def open_for(self, user: Any) -> M | None:
        return self._open(user).first()

    def waits(self) -> models.Exists:
        """For core.facts: has the person (the outer row) an open invitation? The rows
        open_for reads, asked as a yes or no."""
        return models.Exists(self._open(models.OuterRef("pk")))

    @transaction.atomic
    def withdraw(self, user: Any) -> M | None:
        """Withdraw the person's open invitation; returns it (None if there was none)."""
        invitation = self.open_for(user)
        if invitation is not None:
            self.model._default_manager.filter(pk=invitation.pk).update(revoked_at=timezone.now())
        return invitation

    def find_by_token(self, token: str) -> M | None:
        found = self.model._default_manager.select_related("inviter")
        return found.filter(token_digest=self.digest("token", token)).first()

    def find_by_code(self, code: str) -> M | None:
        code = tokens.normalise_code(code)
        if len(code) != tokens.CODE_LENGTH:
            return None
        found = self.model._default_manager.select_related("inviter")
        return found.filter(code_digest=self.digest("code", code)).first()

    def check(self, invitation: M | None, fail: Callable[[Problem], Exception]) -> M:
        """The invitation if it is still open, else raise ``fail(problem)``."""
        row: Any = invitation  # any of the apps' invitation models (same fields)
        if invitation is None or not row.inviter.is_active:
            raise fail(Problem.NOT_VALID)
        if row.revoked_at is not None:
            raise fail(Problem.WITHDRAWN)
        if row.used_at is not None:
            raise fail(Problem.USED)
        if row.expires_at <= timezone.now():
            raise fail(Problem.EXPIRED)
        return invitation

    def accept(self, invitation_id: int, finish: Callable[[M | None], R]) -> R:
        """Run ``finish`` on the invitation locked for this transaction, so two people
        accepting at once are taken one after the other. ``finish`` checks it again (it
        may have changed since the page was shown) and makes what accepting makes."""
        with transaction.atomic():
            invitation = (
                self.model._default_manager.select_for_update()
                .select_related("inviter")
                .filter(pk=invitation_id)
                .first()
            )
            return finish(invitation)


def failing(error: type[Exception], words: Mapping[Problem, str]) -> Callable[[Problem], Exception]:
    """``fail`` for ``Invitations.check``: the app's error with the app's words."""
    return lambda problem: error(words[problem])
