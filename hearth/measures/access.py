"""The only ways to load questionnaire data for a person. Missing and forbidden look alike.

A person reads their own administrations. A partner reads scores of the instruments the
owner shares with their current couple, and nothing else: never item answers, never flags.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.couples.access import household
from hearth.couples.sharing import PARTNER, shared_with
from hearth.measures import catalog
from hearth.measures.definitions import Instrument
from hearth.measures.models import Administration


def access_instrument(instrument_id: str, language: str | None = None) -> Instrument:
    """An instrument that is asked on its own, in ``language`` where it has a validated
    translation (English without one), else 404."""
    found = catalog.instruments(language).get(instrument_id)
    if found is None or found.derived_from is not None:
        raise Http404("No such questionnaire.")
    return found


def access_administration(user: User, administration_id: int) -> Administration:
    """The person's own administration, else 404 (also for partners and clinicians)."""
    found = Administration.objects.filter(pk=administration_id, user=user).first()
    if found is None:
        raise Http404("No such questionnaire.")
    return found


def completed(user: User, instrument_id: str) -> QuerySet[Administration]:
    """The person's own completed sittings of one instrument, oldest first."""
    return Administration.objects.filter(
        user=user, instrument_id=instrument_id, status=Administration.Status.COMPLETED
    ).order_by("completed_at", "pk")


def shared_ids(owner: User) -> set[str]:
    """Instruments the owner shares with the partner they are linked with now."""
    return set(shared_with(owner, PARTNER).instruments)


def partner_shared_scores(viewer: User) -> tuple[User | None, dict[str, list[Administration]]]:
    """The viewer's partner and, per shared instrument, their completed sittings.

    Only ``total``, ``band_id`` and ``completed_at`` are loaded: answers and flags stay
    in the database, so a template cannot show them even by mistake.
    """
    partner = household(viewer).partner
    if partner is None:
        return None, {}
    scores: dict[str, list[Administration]] = {}
    for instrument_id in sorted(shared_ids(partner)):
        rows = completed(partner, instrument_id).only(
            "pk", "instrument_id", "total", "band_id", "completed_at"
        )
        scores[instrument_id] = list(rows)
    return partner, scores
