"""Questionnaire pages. Thin over measures.actions; loading goes through measures.access."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hearth.accounts import sudo
from hearth.accounts.models import User
from hearth.accounts.roles import SignedInRequest, member_page
from hearth.core.languages import request_language
from hearth.core.readcache import kept
from hearth.couples.access import household
from hearth.measures import access, actions, catalog, results, words
from hearth.measures.models import Administration
from hearth.safety.boxes import box_context
from hearth.safety.rules import Level, evaluate


@member_page
@never_cache
def index(request: SignedInRequest) -> HttpResponse:
    user = request.user
    outlook = access.outlook(user)
    known = catalog.instruments(request_language())
    taken = (
        Administration.objects.filter(user=user, status=Administration.Status.COMPLETED)
        .values_list("instrument_id", flat=True)
        .distinct()
    )
    context = {
        "due": outlook.due,
        "coming_up": outlook.coming_up,
        "taken": [known[i] for i in sorted(set(taken)) if i in known],
        "optional": _optional(user),
        "english_note": words.english_note(
            [known[d.instrument.id] for d in outlook.due]
            + [known[i.id] for i, _ in outlook.coming_up]
            + [known[i] for i in set(taken) if i in known]
            + [known[i] for i in catalog.OPTIONAL_IDS if i in known]
        ),
        "partner": household(user).partner,
        "window_days": catalog.WINDOW_DAYS,
        "interval_days": catalog.INTERVAL_DAYS,
    }
    return render(request, "measures/index.html", context)


def _optional(user: User) -> list[tuple[Any, bool]]:
    active = set(user.measure_schedules.filter(active=True).values_list("instrument_id", flat=True))
    known = catalog.instruments(request_language())
    return [(known[i], i in active) for i in catalog.OPTIONAL_IDS if i in known]


@member_page
@require_POST
def start(request: SignedInRequest, instrument_id: str) -> HttpResponse:
    try:
        sitting = actions.start(request.user, instrument_id, request_language())
    except actions.MeasureError as exc:
        messages.info(request, str(exc))
        return redirect("measures:index")
    return redirect("measures:take", sitting.pk)


@member_page
@never_cache
def take(request: SignedInRequest, administration_id: int) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        actions.mark_missed(user)  # a change stores what the page reads (a closed window)
    sitting = access.access_administration(user, administration_id)
    if sitting.status == Administration.Status.COMPLETED:
        return redirect("measures:result", sitting.pk)
    if access.status_of(sitting) == Administration.Status.MISSED:
        messages.info(request, actions.TOO_LATE)
        return redirect("measures:index")
    if request.method == "POST":
        return _save(request, user, sitting)
    return _page(request, sitting, _requested_page(request, sitting))


def _requested_page(request: HttpRequest, sitting: Administration) -> int:
    instrument = access.access_instrument(sitting.instrument_id, sitting.language)
    reached = access.current_page(sitting, instrument) or 0
    wanted = request.GET.get("page", "")
    page = int(wanted) - 1 if wanted.isdigit() else reached
    return page if 0 <= page <= reached else reached


def _page(
    request: HttpRequest,
    sitting: Administration,
    page: int,
    error: actions.AnswerError | None = None,
    posted: dict[str, str] | None = None,
) -> HttpResponse:
    # The sitting's language, set when it started: one sitting is one language version.
    instrument = access.access_instrument(sitting.instrument_id, sitting.language)
    pages = catalog.pages(instrument)
    chosen = posted if posted is not None else _saved_choices(sitting)
    questions = [
        {
            "item": item,
            # Extra questions are unnumbered and optional, as on the published form.
            "number": None if optional else instrument.items.index(item) + 1,
            "optional": optional,
            "name": actions.FIELD_PREFIX + item.id,
            "chosen": chosen.get(actions.FIELD_PREFIX + item.id, ""),
            "error": error.items.get(item.id, "") if error else "",
        }
        for item in pages[page]
        for optional in [catalog.is_optional(instrument, item)]
    ]
    after_gate = instrument.gate is not None and page > 0
    context = {
        "instrument": instrument,
        "sitting": sitting,
        "lead": instrument.gate.lead if after_gate and instrument.gate else "",
        "adapted": words.adapted_label(instrument),
        "adapted_why": words.adapted_why(instrument),
        "english_note": words.english_note([instrument]),
        "questions": questions,
        "page": page,
        "page_number": page + 1,
        "page_total": len(pages),
        "last_page": page == len(pages) - 1,
        "error": error,
    }
    return render(request, "measures/take.html", context, status=400 if error else 200)


def _saved_choices(sitting: Administration) -> dict[str, str]:
    return {actions.FIELD_PREFIX + k: str(v) for k, v in sitting.answers.items()}


def _save(request: HttpRequest, user: User, sitting: Administration) -> HttpResponse:
    raw_page = request.POST.get("page", "")
    page = int(raw_page) if raw_page.isdigit() else -1
    posted = {k: str(v) for k, v in request.POST.items() if k.startswith(actions.FIELD_PREFIX)}
    try:
        saved = actions.save_page(user, sitting.pk, page, request.POST)
    except actions.AnswerError as exc:
        instrument = access.access_instrument(sitting.instrument_id)
        shown = page if 0 <= page < len(catalog.pages(instrument)) else 0
        return _page(request, sitting, shown, exc, posted)
    except actions.MeasureError as exc:
        messages.info(request, str(exc))
        return redirect("measures:index")
    if saved.finished:
        return redirect("measures:result", sitting.pk)
    if request.POST.get("then") == "stop":
        messages.info(request, _("Your answers are saved. You can carry on later from here."))
        return redirect("measures:index")
    return redirect("measures:take", sitting.pk)


@member_page
@never_cache
@kept
def result(request: SignedInRequest, administration_id: int) -> HttpResponse:
    user = request.user
    sitting = access.access_administration(user, administration_id)
    if sitting.status != Administration.Status.COMPLETED:
        raise Http404("No result yet.")
    history = list(access.completed(user, sitting.instrument_id))
    outcome = evaluate(access.signal_for(sitting))
    context = {
        "r": results.result(sitting, history, request_language()),
        "outcome": outcome,
        # The same help, from the same function, as every other page (the operator's files
        # included): crisis lines first after PHQ-9 item 9.
        **(box_context(user, outcome) if outcome.level != Level.NONE else {}),
    }
    return render(request, "measures/result.html", context)


@member_page
@never_cache
def history(request: SignedInRequest, instrument_id: str) -> HttpResponse:
    user = request.user
    instrument = access.access_instrument(instrument_id, request_language())
    sittings = list(access.completed(user, instrument.id))
    if not sittings:
        raise Http404("No results yet.")
    context = {
        "instrument": instrument,
        "english_note": words.english_note([instrument]),
        "sittings": list(reversed(sittings)),
        "chart": results.chart_for(instrument, sittings, f"chart-{instrument.id}"),
        "partner": household(user).partner,
        "shared": instrument.id in access.shared_ids(user),
        "latest": sittings[-1],
    }
    return render(request, "measures/history.html", context)


@member_page
@require_POST
def share(request: SignedInRequest, instrument_id: str) -> HttpResponse:
    user = request.user
    choice = request.POST.get("share")
    if choice not in ("on", "off"):
        messages.error(request, _("Please choose whether to share or not."))
        return redirect("measures:history", instrument_id)
    try:
        actions.set_share(user, instrument_id, choice == "on")
    except actions.MeasureError as exc:
        messages.error(request, str(exc))
        return redirect("measures:history", instrument_id)
    text = (
        _("Your partner can now see these scores.")
        if choice == "on"
        else _("Your partner can no longer see these scores.")
    )

    messages.success(request, text)
    return redirect("measures:history", instrument_id)


@member_page
@require_POST
def choose(request: SignedInRequest, instrument_id: str) -> HttpResponse:
    user = request.user
    try:
        if request.POST.get("add") == "yes":
            actions.add_instrument(user, instrument_id)
        else:
            actions.remove_instrument(user, instrument_id)
    except actions.MeasureError as exc:
        messages.error(request, str(exc))
    return redirect("measures:index")


@member_page
@never_cache
def partner(request: SignedInRequest) -> HttpResponse:
    user = request.user
    other, scores = access.partner_shared_scores(user)
    if other is None:
        raise Http404("No partner.")
    known = catalog.instruments(request_language())
    shown = [
        {
            "instrument": known[i],
            "latest": rows[-1],
            "chart": results.chart_for(known[i], rows, f"partner-chart-{i}"),
        }
        for i, rows in scores.items()
        if rows and i in known
    ]
    if shown:
        actions.record_partner_view(user)
    return render(request, "measures/partner.html", {"partner": other, "shown": shown})


@member_page
@require_POST
@never_cache
def download(request: SignedInRequest) -> HttpResponse:
    """The person's results as a FHIR file. Like every other export (it holds the answer
    about self-harm), it asks for the password again first; a clinician gets the 404 of any
    page not theirs before that step."""
    user = request.user
    if not sudo.has_recent_auth(request):
        return sudo.ask_for_password(request)
    bundle = results.fhir_bundle(user)
    actions.record_export(user, len(bundle["entry"]))
    response = HttpResponse(
        json.dumps(bundle, indent=2, ensure_ascii=False), content_type="application/fhir+json"
    )
    response["Content-Disposition"] = 'attachment; filename="questionnaires-fhir.json"'
    return response
