"""Program pages: thin views over program.actions. Every page 404s for clinicians; rule
errors re-show the page with the message and status 400, changing nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.models import User
from hearth.accounts.roles import SignedInRequest, member_page
from hearth.core.middleware import not_activity
from hearth.core.text import localize
from hearth.program import actions, maps, pages, touch
from hearth.program.access import access_session, own_intake
from hearth.program.comfort import NEW_AREAS
from hearth.program.content import default_content
from hearth.program.forms import (
    ComfortMapForm,
    IntakeForm,
    ProposeForm,
    ReadinessForm,
    ReflectionForm,
)
from hearth.program.localized import localized_content
from hearth.program.markdown import render as render_markdown
from hearth.program.models import Reflection, Session
from hearth.program.state import situation
from hearth.safety.access import screening_due

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

View = Callable[..., HttpResponse]


def _why(exc: actions.ProgramError) -> str:
    """The rule's message in the reader's language (actions keep it English for the API)."""
    return localize(exc.args[0])


# --------------------------------------------------------------------------------------
# Overview, intake, plan, reading
# --------------------------------------------------------------------------------------


@member_page
def home(request: SignedInRequest) -> HttpResponse:
    return _home(request)


def _home(request: SignedInRequest, error: str = "") -> HttpResponse:
    context = pages.overview(request.user)
    return render(
        request, "program/home.html", {**context, "error": error}, status=400 if error else 200
    )


@member_page
def intake(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not user.has_accepted_privacy:
        return render(request, "program/privacy_first.html", status=403)
    existing = own_intake(user)
    form = (
        IntakeForm(request.POST) if request.method == "POST" else IntakeForm.from_intake(existing)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_intake(
                user, actions.IntakeAnswers(**pages.intake_answers(form.cleaned_data))
            )
        except actions.ProgramError as exc:
            form.add_error(None, _why(exc))
        else:
            messages.success(request, gettext("Your answers are saved. Only you can see them."))
            if screening_due(user):
                # The safety check comes before any couple exercise; then back to the plan.
                return redirect(f"{reverse('safety:screen')}?next={reverse('program:plan')}")
            return redirect("program:plan")
    status = 400 if form.errors else 200
    return render(
        request,
        "program/intake.html",
        {"form": form, "editing": existing is not None},
        status=status,
    )


@member_page
def plan(request: SignedInRequest) -> HttpResponse:
    return render(request, "program/plan.html", pages.plan_context(request.user))


@member_page
def reading(request: SignedInRequest) -> HttpResponse:
    return render(request, "program/reading.html", pages.reading_context(request.user))


@member_page
def page(request: SignedInRequest, page_id: str) -> HttpResponse:
    content = localized_content()
    found = content.pages.get(page_id)
    if found is None:
        raise Http404("No such page.")
    # Safe: the renderer escapes every character of the source before adding its own tags.
    body = mark_safe(render_markdown(found.body))  # noqa: S308
    return render(request, "program/page.html", {"page": found, "body": body})


@member_page
def exercise(request: SignedInRequest, exercise_id: str) -> HttpResponse:
    """An exercise's steps and ground rules, with the touch lists when it is in the
    person's plan (every exercise can be read, like the reading pages)."""
    context = pages.exercise_context(request.user, exercise_id)
    if context is None:
        raise Http404("No such exercise.")
    return render(request, "program/exercise.html", context)


# --------------------------------------------------------------------------------------
# The comfort map
# --------------------------------------------------------------------------------------


def _back_to(request: HttpRequest) -> str | None:
    """Where to go after saving: a program page the person came from (a session), or none."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if safe and target.startswith("/program/") else None


@member_page
def comfort_map(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not user.has_accepted_privacy:
        return render(request, "program/privacy_first.html", status=403)
    form = None
    if request.method == "POST":
        form = ComfortMapForm(request.POST, directions=pages.map_directions(situation(user)))
        if form.is_valid():
            try:
                actions.save_comfort_map(user, form.marks())
            except actions.ProgramError as exc:
                form.add_error(None, _why(exc))
            else:
                messages.success(request, gettext("Your comfort map is saved. Only you see it."))
                return redirect(_back_to(request) or "program:comfort")
    context = pages.comfort_context(user, form)
    status = 400 if form is not None and form.errors else 200
    return render(
        request, "program/comfort.html", {**context, "next": _back_to(request)}, status=status
    )


@member_page
def new_areas(request: SignedInRequest) -> HttpResponse:
    """The private choice about the areas later stages add (chest, genitals): until the
    person saves it, those areas stay out of every touch list they are part of."""
    user = request.user
    if not user.has_accepted_privacy:
        return render(request, "program/privacy_first.html", status=403)
    directions = pages.map_directions(situation(user))
    form = ComfortMapForm(request.POST or None, directions=directions, areas=NEW_AREAS)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_comfort_map(user, form.marks(), new_areas=True)
        except actions.ProgramError as exc:
            form.add_error(None, _why(exc))
        else:
            messages.success(request, gettext("Your choice is saved. Only you see it."))
            return redirect(_back_to(request) or "program:comfort")
    if not form.is_bound:
        form.initial_from(maps.own_map(user))
    context = {**pages.comfort_context(user, form), "next": _back_to(request)}
    return render(request, "program/new_areas.html", context, status=400 if form.errors else 200)


# --------------------------------------------------------------------------------------
# Stage changes
# --------------------------------------------------------------------------------------


def _program_step(action: Callable[[User], object], done: StrOrPromise) -> View:
    @member_page
    @require_POST
    def view(request: SignedInRequest) -> HttpResponse:
        try:
            action(request.user)
        except actions.ProgramError as exc:
            return _home(request, error=_why(exc))
        messages.success(request, done)
        return redirect("program:home")

    return view


propose_advance = _program_step(
    actions.propose_advance, _("Your proposal is saved. Moving on needs everyone's yes.")
)
accept_advance = _program_step(actions.accept_advance, _("You said yes."))
decline_advance = _program_step(actions.decline_advance, _("Fine. You stay at this stage for now."))
step_back = _program_step(actions.step_back, _("You stepped back a stage. That is always fine."))
pause_program = _program_step(actions.pause_program, _("The program is paused for now."))
resume_program = _program_step(actions.resume_program, _("Welcome back. The program is on again."))


# --------------------------------------------------------------------------------------
# Sessions
# --------------------------------------------------------------------------------------


@member_page
def sessions(request: SignedInRequest) -> HttpResponse:
    return _sessions(request, None)


def _sessions(request: SignedInRequest, form: ProposeForm | None, error: str = "") -> HttpResponse:
    context = pages.sessions_context(request.user, form)
    status = 400 if error or (form is not None and form.errors) else 200
    return render(request, "program/sessions.html", {**context, "error": error}, status=status)


@member_page
@require_POST
def propose(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = ProposeForm(request.POST, exercises=pages.exercise_choices(user))
    if not form.is_valid():
        return _sessions(request, form)
    try:
        session = actions.propose_session(
            user, form.cleaned_data["planned_for"], form.cleaned_data["exercise"]
        )
    except actions.ProgramError as exc:
        return _sessions(request, form, error=_why(exc))
    return redirect("program:session", session_id=session.pk)


def _session_page(
    request: SignedInRequest, session: Session, error: str = "", **forms: Any
) -> HttpResponse:
    context = pages.session_context(request.user, session, **forms)
    status = 400 if error or any(f.errors for f in forms.values()) else 200
    return render(request, "program/session.html", {**context, "error": error}, status=status)


@member_page
def session(request: SignedInRequest, session_id: int) -> HttpResponse:
    return _session_page(request, access_session(request.user, session_id))


@not_activity
@member_page
@require_GET
@never_cache
def session_state(request: SignedInRequest, session_id: int) -> JsonResponse:
    """The session page's fingerprint (pages.session_state), asked every few seconds by
    follow.js while a partner's step would change the page: the page reloads when it moves."""
    user = request.user
    found = access_session(user, session_id)
    answered = pages.ready_people(found)
    shown = pages.session_touch(situation(user), default_content(), found)
    return JsonResponse({"state": pages.session_state(found, answered, touch.fingerprint(shown))})


def _session_step(run: Callable[[HttpRequest, User, int], object]) -> View:
    """A POST button on a session page: run the action, show the page again."""

    @member_page
    @require_POST
    def view(request: SignedInRequest, session_id: int) -> HttpResponse:
        user = request.user
        found = access_session(user, session_id)
        try:
            run(request, user, found.pk)
        except actions.ProgramError as exc:
            found.refresh_from_db()
            return _session_page(request, found, error=_why(exc))
        return redirect("program:session", session_id=found.pk)

    return view


def _flag(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) == "1"


answer = _session_step(lambda r, u, s: actions.answer_session(u, s, _flag(r, "accept")))
cancel = _session_step(lambda r, u, s: actions.cancel_session(u, s))


def _first_giver(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("first_giver", ""))
    except ValueError:
        return None


start = _session_step(
    lambda r, u, s: actions.start_session(
        u, s, _first_giver(r), stop_signal_agreed=_flag(r, "stop_signal")
    )
)
not_sure = _session_step(
    lambda r, u, s: actions.resolve_not_sure(
        u, s, r.POST.get("choice", ""), r.POST.get("exercise", "")
    )
)
settled = _session_step(lambda r, u, s: actions.mark_settled(u, s))
body_check = _session_step(lambda r, u, s: actions.answer_body_check(u, s, _turn(r)))
pause = _session_step(lambda r, u, s: actions.pause_session(u, s))
resume = _session_step(lambda r, u, s: actions.resume_session(u, s))
end = _session_step(lambda r, u, s: actions.end_session(u, s))


def _turn(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("turn", ""))
    except ValueError:
        return -1


next_turn = _session_step(lambda r, u, s: actions.next_turn(u, s, _turn(r)))


@member_page
@require_POST
def ready(request: SignedInRequest, session_id: int) -> HttpResponse:
    user = request.user
    found = access_session(user, session_id)
    form = ReadinessForm(request.POST)
    if not form.is_valid():
        return _session_page(request, found, readiness_form=form)
    try:
        actions.record_readiness(user, found.pk, form.cleaned_data["answer"])
    except actions.ProgramError as exc:
        found.refresh_from_db()
        return _session_page(request, found, error=_why(exc))
    return redirect("program:session", session_id=found.pk)


@member_page
@require_POST
def doctor_check(request: SignedInRequest) -> HttpResponse:
    """The private answer before a stage that includes genitals; back to where it was asked."""
    try:
        actions.answer_doctor_check(request.user, request.POST.get("answer", ""))
    except actions.ProgramError as exc:
        return _home(request, error=_why(exc))
    return redirect(_back_to(request) or "program:home")


@member_page
def reflect(request: SignedInRequest, session_id: int) -> HttpResponse:
    user = request.user
    found = access_session(user, session_id)
    if Reflection.objects.filter(session=found, user=user).exists():
        if request.method == "POST":
            return _session_page(
                request,
                found,
                error=gettext("You have already written a reflection for this session."),
            )
        return redirect("program:session", session_id=found.pk)
    form = ReflectionForm(request.POST or None)
    sharing = pages.sharing_form(user, found, data=request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid() and sharing.is_valid():
        try:
            answers = pages.reflection_answers(form, sharing.cleaned_data)
            actions.save_reflection(user, found.pk, answers)
        except actions.ProgramError as exc:
            form.add_error(None, _why(exc))
        else:
            messages.success(request, gettext("Your reflection is saved."))
            return redirect("program:session", session_id=found.pk)
    if form.errors or sharing.errors:
        status = 400
    context = {
        "session": found,
        "form": form,
        "sharing": sharing,
        "couple": found.program.is_couple,
        "can_share": bool(sharing.fields),
    }
    return render(request, "program/reflect.html", context, status=status)


@member_page
@require_POST
def sharing(request: SignedInRequest, session_id: int) -> HttpResponse:
    user = request.user
    found = access_session(user, session_id)
    form = pages.sharing_form(user, found, data=request.POST)
    if not form.is_valid():
        return _session_page(request, found, error=gettext("Please choose from the list."))
    data = form.cleaned_data
    try:
        actions.set_sharing(
            user, found.pk, partner=data.get("partner", []), therapist=data.get("therapist", [])
        )
    except actions.ProgramError as exc:
        return _session_page(request, found, error=_why(exc))
    messages.success(request, gettext("Your sharing choices are saved."))
    return redirect("program:session", session_id=found.pk)
