"""Safety pages: crisis lines (public), "Your safety", the private check, the safety plan.

Every page but the crisis page is for members only and shows the signed-in person's own
data; nothing here takes an id, so there is no one else's object to ask for. Clinicians
and operators get a 404 (they have no safety plan or check of their own here).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from hearth.accounts.roles import SignedInRequest, member_page, signed_in
from hearth.core.crypto import Unreadable
from hearth.safety import access, actions
from hearth.safety.boxes import box_context, help_for, partner_context
from hearth.safety.coercion import load_screen
from hearth.safety.forms import PlanForm, ScreenForm
from hearth.safety.plan import STEPS, StepId, crisis_line_suggestions
from hearth.safety.resources import Focus

View = Callable[..., HttpResponse]


def crisis(request: HttpRequest) -> HttpResponse:
    """Readable without signing in: a person in crisis may not be signed in."""
    return render(request, "safety/crisis.html", {"help": help_for(request.user)})


@member_page
def home(request: SignedInRequest) -> HttpResponse:
    user = request.user
    state = access.pause_state(user)
    context = {
        "help": help_for(user),
        "plan": access.load_plan(user),
        "pause": state,
        "can_end": state is not None and state.can_end(timezone.localdate()),
        "check_due": access.screening_due(user),
        **partner_context(user),
    }
    return render(request, "safety/home.html", context)


@member_page
@require_POST
def lift(request: SignedInRequest) -> HttpResponse:
    try:
        actions.end_own_pause(request.user, confirmed=request.POST.get("confirm") == "yes")
    except actions.SafetyError as error:
        messages.error(request, str(error))
        return redirect("safety:home")
    messages.success(request, _("Done. Exercises for two can be offered again."))
    return redirect("safety:home")


def _next_url(request: HttpRequest) -> str:
    """Where to go after a clear check: only a page on this site (the program sends us)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@member_page
@require_http_methods(["GET", "POST"])
def screen(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = ScreenForm(request.POST if request.method == "POST" else None)
    context = {
        "screen": load_screen(),
        "form": form,
        "next": _next_url(request),
        **partner_context(user),
    }
    if request.method != "POST":
        return render(request, "safety/screen.html", context)
    if not form.is_valid():
        return render(request, "safety/screen.html", context, status=400)
    result = actions.record_screening(user, form.cleaned_data)
    # The result is shown in the answer to the form, never at an address of its own: there
    # is no page someone else could open later from the history to learn how it went.
    return render(
        request,
        "safety/screen_result.html",
        {
            **context,
            **box_context(user, result.outcome),
            "result": str(result.result),
            "help": help_for(user, Focus.DANGER),  # the check is about a partner: abuse first
        },
    )


@member_page
@require_http_methods(["GET", "POST"])
def plan(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                actions.save_plan(user, form.cleaned_data)
            except actions.SafetyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your plan is saved. Only you can see it."))
                return redirect("safety:plan")
    else:
        try:
            form = PlanForm(initial=access.load_plan(user).as_dict())
        except Unreadable:
            # The help on this page matters more than the saved words: show it, say the
            # plan could not be opened, and let the person write it again.
            form = PlanForm()
            messages.warning(request, PLAN_UNREADABLE)
    suggestions = crisis_line_suggestions(
        help_for(user, Focus.SELF_HARM).resources,
        call=_("call %(number)s"),
        text=_("text %(number)s"),
    )
    context = {"form": form, "suggestions": suggestions, "suggest_for": StepId.PROFESSIONALS}
    return render(request, "safety/plan.html", context, status=400 if form.errors else 200)


PLAN_UNREADABLE = gettext_lazy(
    "Your saved plan could not be opened, so the boxes are empty. Nothing was changed. "
    "You can write your plan again here. The help below still works."
)


@member_page
def plan_print(request: SignedInRequest) -> HttpResponse:
    saved = access.load_plan(request.user)
    steps = [(step, saved.text(step.id)) for step in STEPS]
    context = {"steps": steps, "help": help_for(request.user, Focus.SELF_HARM)}
    return render(request, "safety/plan_print.html", context)


@login_required
@require_POST
def region(request: HttpRequest) -> HttpResponse:
    """The country for help lines, chosen on the account page (any signed-in person)."""
    user = signed_in(request)
    try:
        actions.set_help_region(user, str(request.POST.get("region", "")))
    except actions.SafetyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved. The help lines you see now fit that country."))
    return redirect(reverse("accounts:account") + "#help-region-heading")
