"""Clinic pages: thin views over clinic.actions, each loading data through clinic.access.

Clinician pages answer 404 to anyone who is not a clinician; client pages answer 404 to
clinicians. A client without an active link, or without the scope a page needs, is a 404.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hearth.accounts.models import User
from hearth.accounts.roles import SignedInRequest, clinician_page, member_page, signed_in
from hearth.accounts.sudo import require_recent_auth
from hearth.checkins.forms import MEASURE_CHOICES
from hearth.clinic import actions, caseload, reports, timeline
from hearth.clinic.access import (
    access_client_link,
    access_own_link,
    client_links,
    profile_of,
    shared,
)
from hearth.clinic.forms import (
    SCOPE_LABELS,
    CodeForm,
    ConsentForm,
    EndForm,
    HomeworkForm,
    ProfileForm,
    QuestionnaireForm,
)
from hearth.clinic.models import SCOPES, CareLink, Homework
from hearth.core import mail, ratelimit
from hearth.core.readcache import kept
from hearth.core.text import localize
from hearth.couples.access import household
from hearth.program.homework import NEVER_OVERRIDES, homework_flags

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

View = Callable[..., HttpResponse]
CODE_TRIES_PER_HOUR = 10


# ---------------------------------------------------------------------------------------------
# Clinician: caseload, profile, invitations


def _homework_saved(people: int) -> str:
    if people > 1:
        return gettext(
            "The homework is saved. It is on the home page of your client and their partner."
        )
    return gettext("The homework is saved. It is on the home page of your client.")


def _choice(
    request: HttpRequest, name: str, allowed: Mapping[str, StrOrPromise], default: str
) -> str:
    value = request.GET.get(name, default)
    if value not in allowed:
        messages.error(
            request,
            gettext("That choice is not on the list. Showing “%(choice)s”.")
            % {"choice": allowed[default]},
        )
        return default
    return value


def _caseload_page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    clinician = signed_in(request)
    sorts = caseload.sorts()
    sort = _choice(request, "sort", sorts, "name")
    show = _choice(request, "show", caseload.SHOWS, "all")
    # Paged on the server: a page shows PAGE_SIZE clients, and only those are built whole
    # and noted in their logs as listed (a client on another page was not shown).
    shown = caseload.page(clinician, sort, show, request.GET.get("page"))
    actions.record_listing(clinician, [r.client.pk for r in shown.rows])
    context = {
        "entries": [(row, [(i, row.score_for(i.id)) for i in shown.columns]) for row in shown.rows],
        "columns": shown.columns,
        "page": shown.page,
        "rules": caseload.rules(shown.columns),
        "total": shown.total,
        "sort": sort,
        "ascending": sort in caseload.ASCENDING,
        "show": show,
        "sorts": sorts,
        "shows": caseload.SHOWS,
        "profile": profile_of(clinician),
        "invitation": actions.open_invitation(clinician),
        "code_form": extra.pop("code_form", CodeForm()),
        "invitation_hours": settings.INVITATION_HOURS,
        **extra,
    }
    return render(request, "clinic/caseload.html", context, status=status)


@clinician_page
@kept
def caseload_page(request: SignedInRequest) -> HttpResponse:
    return _caseload_page(request)


@clinician_page
def caseload_csv(request: SignedInRequest) -> HttpResponse:
    clinician = request.user
    rows = sorted(caseload.build(clinician), key=caseload.SORT_KEYS["name"])
    for row in rows:
        if row.scores is not None:
            actions.record_report(clinician, row.client, "caseload_csv", ["results"])
    response = HttpResponse(reports.caseload_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="caseload-scores.csv"'
    return response


@clinician_page
def profile(request: SignedInRequest) -> HttpResponse:
    clinician = request.user
    current = profile_of(clinician)
    initial = {name: getattr(current, name) for name in actions.PROFILE_FIELDS} if current else {}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            actions.save_profile(clinician, form.cleaned_data)
            messages.success(
                request, gettext("Your profile is saved. Clients see it before they link with you.")
            )
            return redirect("clinic:caseload")
        return render(request, "clinic/profile.html", {"form": form}, status=400)
    return render(request, "clinic/profile.html", {"form": form})


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    """Clinician or client: a new one-time link and code, shown once."""
    user = signed_in(request)
    try:
        new = actions.create_invitation(user)
    except actions.ClinicError as exc:
        messages.error(request, localize(exc.args[0]))
        return redirect("core:home")
    link = mail.site_link(reverse("clinic:join", args=[new.token]))
    page = _caseload_page if user.is_clinician else _my_care_page
    return page(request, new_link=link, new_code=new.pretty_code)


@login_required
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    actions.withdraw_invitation(user)
    messages.info(request, gettext("The invitation was withdrawn. It no longer works."))
    return redirect("clinic:caseload" if user.is_clinician else "clinic:my_care")


@login_required
@require_POST
def join_code(request: HttpRequest) -> HttpResponse:
    """Clinician or client: accept the other side's invitation by its code."""
    user = signed_in(request)
    page = _caseload_page if user.is_clinician else _my_care_page
    form = CodeForm(request.POST)
    if not form.is_valid():
        return page(request, status=400, code_form=form)
    if not ratelimit.take("care-code", str(user.pk), CODE_TRIES_PER_HOUR, 3600):
        form.add_error(
            "code", gettext("Too many tries. Please wait an hour, or use the link instead.")
        )
        return page(request, status=400, code_form=form)
    try:
        invitation = actions.check_invitation(actions.find_by_code(form.cleaned_data["code"]), user)
        actions.accept_invitation(user, invitation.pk)
    except actions.ClinicError as exc:
        form.add_error("code", localize(exc.args[0]))
        return page(request, status=400, code_form=form)
    return _linked(request, user)


def _linked(request: HttpRequest, user: User) -> HttpResponse:
    if user.is_clinician:
        messages.success(
            request, gettext("You are linked. You see only what your client chooses to share.")
        )
        return redirect("clinic:caseload")
    messages.success(
        request, gettext("You are linked. Nothing is shared until you choose it below.")
    )
    return redirect("clinic:my_care")


def join(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link. Anyone may open it; only a signed-in person can accept."""
    invitation = actions.find_by_token(token)
    user = request.user if isinstance(request.user, User) else None
    try:
        actions.check_invitation(invitation, user)
    except actions.ClinicError as exc:
        status = 404 if invitation is None else 410
        return render(request, "clinic/join.html", {"error": localize(exc.args[0])}, status=status)
    assert invitation is not None
    if request.method == "POST" and user is not None:
        try:
            actions.accept_invitation(user, invitation.pk)
        except actions.ClinicError as exc:
            return render(request, "clinic/join.html", {"error": localize(exc.args[0])}, status=410)
        return _linked(request, user)
    inviter = invitation.inviter
    context = {"inviter": inviter, "profile": profile_of(inviter), "token": token}
    return render(request, "clinic/join.html", context)


# ---------------------------------------------------------------------------------------------
# Clinician: one client


def _client_context(link: CareLink) -> dict[str, Any]:
    client, given = link.client, shared(link)
    scopes = given.scopes
    return {
        "link": link,
        "client": client,
        "scopes": scopes,
        "scope_labels": SCOPE_LABELS,
        "stage": timeline.stage(client) if scopes["sessions"] else None,
        "measures": timeline.measures(client) if scopes["results"] else None,
        "due": timeline.due(client) if scopes["results"] else None,
        "checkins": timeline.checkins(client, link.clinician) if scopes["checkins"] else None,
        "sessions": timeline.sessions(client) if scopes["sessions"] else None,
        "participation": timeline.participation(client) if scopes["participation"] else None,
        # The partner-only parts never reach here: only what was shared with this therapist.
        "reflections": timeline.reflections(client, given) if scopes["reflections"] else None,
        "risks": timeline.risks(client) if scopes["risk_alerts"] else None,
        "fit_checked": scopes["sessions"],
        "homework": [(h, _fit(link, h, scopes["sessions"])) for h in timeline.homework(link)],
    }


def _fit(link: CareLink, item: Homework, log_shared: bool) -> list[str]:
    """Flags (for the clinician) where homework does not fit the client's plan now.

    The flags tell the couple's stage and something of both comfort maps, so they show
    only to a therapist who may see the session log (both partners said yes). Otherwise
    the page says Hearth does not check homework against the plan (FIT_NOT_CHECKED)."""
    if not log_shared:
        return []
    return [gettext(flag) for flag in homework_flags(link.client, item.stage, item.exercises)]


def _client_page(
    request: HttpRequest, client_id: int, status: int = 200, **forms: Any
) -> HttpResponse:
    clinician = signed_in(request)
    link = access_client_link(clinician, client_id)
    context = _client_context(link)
    shown = [scope for scope in SCOPES if context["scopes"][scope]]
    actions.record_view(clinician, link.client, "client_page", shown)
    context["homework_form"] = forms.get("homework_form") or HomeworkForm()
    context["questionnaire_form"] = forms.get("questionnaire_form") or QuestionnaireForm(
        initial={"due": timeline.today()}
    )
    return render(request, "clinic/client.html", context, status=status)


@clinician_page
def client(request: SignedInRequest, client_id: int) -> HttpResponse:
    return _client_page(request, client_id)


@clinician_page
@require_POST
def homework(request: SignedInRequest, client_id: int) -> HttpResponse:
    clinician = request.user
    access_client_link(clinician, client_id)
    form = HomeworkForm(request.POST)
    if form.is_valid():
        try:
            made = actions.assign_homework(clinician, client_id, **form.cleaned_data)
        except actions.ClinicError as exc:
            form.add_error(None, localize(exc.args[0]))
        else:
            messages.success(request, _homework_saved(len(made)))
            flags = _fit(made[0].link, made[0], shared(made[0].link).sessions)
            if flags:
                messages.warning(request, " ".join([*flags, gettext(NEVER_OVERRIDES)]))
            return redirect("clinic:client", client_id)
    return _client_page(request, client_id, status=400, homework_form=form)


@clinician_page
@require_POST
def questionnaire(request: SignedInRequest, client_id: int) -> HttpResponse:
    clinician = request.user
    access_client_link(clinician, client_id, "results")
    form = QuestionnaireForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.request_questionnaire(clinician, client_id, data["instrument"], data["due"])
        except actions.ClinicError as exc:
            form.add_error(None, localize(exc.args[0]))
        else:
            messages.success(
                request, gettext("The questionnaire is on your client's list for that day.")
            )
            return redirect("clinic:client", client_id)
    return _client_page(request, client_id, status=400, questionnaire_form=form)


@clinician_page
def report(request: SignedInRequest, client_id: int) -> HttpResponse:
    link = access_client_link(request.user, client_id)
    built = reports.build(link)
    shown = [s for s in SCOPES if built.scopes[s]]
    actions.record_report(request.user, link.client, "report_html", shown)
    context = {"report": built, "sections": reports.sections(built)}
    return render(request, "clinic/report.html", context)


@clinician_page
def report_pdf(request: SignedInRequest, client_id: int) -> HttpResponse:
    link = access_client_link(request.user, client_id)
    built = reports.build(link)
    shown = [s for s in SCOPES if built.scopes[s]]
    actions.record_report(request.user, link.client, "report_pdf", shown)
    response = HttpResponse(reports.pdf_bytes(built), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="progress-user-{client_id}.pdf"'
    return response


@clinician_page
def fhir(request: SignedInRequest, client_id: int) -> HttpResponse:
    link = access_client_link(request.user, client_id, "results")
    bundle = reports.fhir(link)
    actions.record_report(request.user, link.client, "fhir", ["results"])
    response = JsonResponse(bundle, content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="results-user-{client_id}.json"'
    return response


@clinician_page
@require_POST
def discharge(request: SignedInRequest, client_id: int) -> HttpResponse:
    link = access_client_link(request.user, client_id)
    actions.end_link(request.user, link.pk)
    messages.info(
        request, gettext("The link has ended. You no longer see anything of this client.")
    )
    return redirect("clinic:caseload")


# ---------------------------------------------------------------------------------------------
# Client: my therapist


def _my_care_page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    client = signed_in(request)
    forms_by_link = extra.pop("consent_forms", {})
    links = [
        (
            link,
            forms_by_link.get(link.pk) or _consent_form(client, link),
            EndForm(prefix=f"end{link.pk}"),
            _elsewhere(client, link),
        )
        for link in client_links(client)
    ]
    context = {
        "links": links,
        "invitation": actions.open_invitation(client),
        "code_form": extra.pop("code_form", CodeForm()),
        "invitation_hours": settings.INVITATION_HOURS,
        **extra,
    }
    return render(request, "clinic/my_care.html", context, status=status)


def _consent_form(client: User, link: CareLink, data: Any = None) -> ConsentForm:
    given = shared(link)
    initial = {"results": given.results, "sessions": given.sessions_own}
    initial["risk_alerts"] = given.risk_alerts
    return ConsentForm(
        data, initial=initial, prefix=f"link{link.pk}", couple=household(client).partner is not None
    )


def _elsewhere(client: User, link: CareLink) -> dict[str, Any]:
    """What the client shares with this therapist from other pages, and whether the session
    log waits for the partner: the consent page says all of it."""
    given = shared(link)
    labels = [str(label) for code, label in MEASURE_CHOICES if code in given.checkin]
    return {
        "checkins": labels,
        "reflections": len(given.reflections),
        "log_waits": given.participation,
    }


@member_page
def my_care(request: SignedInRequest) -> HttpResponse:
    return _my_care_page(request)


@member_page  # outermost: a clinician gets the same 404 as for any page not theirs
@require_recent_auth  # granting is the risky step: someone else at an open screen
@require_POST
def consent(request: SignedInRequest, link_id: int) -> HttpResponse:
    client = request.user
    link = access_own_link(client, link_id)
    form = _consent_form(client, link, request.POST)
    if not form.is_valid():  # pragma: no cover - checkboxes cannot be invalid
        return _my_care_page(request, status=400, consent_forms={link.pk: form})
    changed = actions.set_consent(client, link.pk, form.cleaned_data)
    messages.success(
        request,
        gettext("Saved. Your therapist sees the change right away.")
        if changed
        else gettext("Nothing changed."),
    )
    return redirect("clinic:my_care")


@member_page
@require_POST
def end(request: SignedInRequest, link_id: int) -> HttpResponse:
    client = request.user
    link = access_own_link(client, link_id)
    form = EndForm(request.POST, prefix=f"end{link.pk}")
    if not form.is_valid():
        messages.error(
            request, gettext("Please tick the box to confirm, then press the button again.")
        )
        return redirect("clinic:my_care")
    actions.end_link(client, link.pk)
    messages.info(
        request, gettext("The link has ended. Your therapist no longer sees anything of yours.")
    )
    return redirect("clinic:my_care")
