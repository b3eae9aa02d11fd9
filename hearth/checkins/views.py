"""Check-in pages: today's check-in, insights, talk prompts, wishes, reminders, calendar.

Thin over ``actions`` and ``access``. Every page but the calendar feed needs a signed-in
person using Hearth for themselves; a clinician gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.models import User
from hearth.accounts.roles import SignedInRequest, member_page
from hearth.checkins import access, actions, ical, insights
from hearth.checkins.forms import (
    SAFETY_FIELDS,
    AnswerForm,
    CheckinForm,
    RemindersForm,
    SharingForm,
    WishesForm,
)
from hearth.checkins.models import CheckIn
from hearth.checkins.stats import DEFAULT_MINIMUM, Measure
from hearth.core import mail
from hearth.core.languages import request_language
from hearth.core.readcache import kept
from hearth.core.text import localize
from hearth.couples.access import Household, household
from hearth.couples.sharing import therapist_links
from hearth.safety.boxes import box_context


def _initial(checkin: CheckIn | None) -> dict[str, Any]:
    if checkin is None:
        return {}
    fields = [*(m.value for m in Measure), "note", *SAFETY_FIELDS]
    return {f: getattr(checkin, f) for f in fields}


@member_page
@kept
def today(request: SignedInRequest) -> HttpResponse:
    user = request.user
    day = timezone.localdate()
    existing = access.checkin_on(user, day)
    done = existing is not None
    if request.method != "POST":
        form = CheckinForm(initial=_initial(existing))
        return render(request, "checkins/today.html", {"form": form, "done": done, "day": day})
    form = CheckinForm(request.POST)
    if not form.is_valid():
        context = {"form": form, "done": done, "day": day}
        return render(request, "checkins/today.html", context, status=400)
    data = form.cleaned_data
    values = actions.Values(**{m.value: data.get(m.value) for m in Measure})
    safety = actions.Safety(**{f: data[f] for f in SAFETY_FIELDS})
    saved = actions.save_checkin(user, day, values, note=data["note"], safety=safety)
    outcome = saved.outcome
    if outcome.show_crisis_resources or outcome.offer_support_resources:
        context = {"outcome": outcome, **box_context(user, outcome)}
        return render(request, "checkins/saved.html", context)
    messages.success(request, gettext("Thank you. Your check-in for today is saved."))
    return redirect("checkins:today")


@member_page
@require_GET
def insights_page(request: SignedInRequest) -> HttpResponse:
    user = request.user
    measures, table = insights.personal(user, timezone.localdate())
    home = household(user)
    shared = access.shared_measures(user) if home.is_couple else set()
    therapists = therapist_links(user)
    initial = {
        "partner": [m.value for m in shared],
        "therapist": [m.value for m in access.therapist_choice(user)],
    }
    context = {
        "insights": measures,
        "table": table,
        "labels": list(insights.LABELS.values()),
        "minimum": DEFAULT_MINIMUM,
        "household": home,
        "therapists": therapists,
        "sharing_form": SharingForm(
            couple=home.is_couple,
            therapist=bool(therapists),
            partner_name=home.partner.display_name if home.partner is not None else "",
            initial=initial,
        ),
    }
    return render(request, "checkins/insights.html", context)


@member_page
@require_POST
def sharing(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = SharingForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Please choose from the list."))
        return redirect("checkins:insights")
    try:
        data = form.cleaned_data
        # A choice for someone who is not there is refused (set_sharing says why), and one
        # left empty for them is simply not asked.
        partner = [Measure(m) for m in data["partner"]]
        therapist = [Measure(m) for m in data["therapist"]]
        actions.set_sharing(
            user,
            partner if partner or household(user).is_couple else None,
            therapist if therapist or therapist_links(user) else None,
        )
    except actions.CheckinError as exc:
        messages.error(request, localize(exc.args[0]))
        return redirect("checkins:insights")
    messages.success(
        request, gettext("Your sharing choices are saved. You can change them at any time.")
    )
    return redirect("checkins:insights")


@member_page
@require_GET
def couple_insights(request: SignedInRequest) -> HttpResponse:
    user = request.user
    home = household(user)
    if home.alone:
        return render(request, "checkins/no_partner.html", {"what": gettext("shared check-ins")})
    measures = insights.couple(home, timezone.localdate())
    if measures:
        actions.note_partner_view(user, home)
    context = {"household": home, "measures": measures}
    return render(request, "checkins/couple.html", context)


def _hold(home: Household) -> dict[str, Any]:
    """While the couple part is paused: the same words the program pages show, and why
    nothing new appears here (see access.on_hold)."""
    from hearth.program.actions import COUPLE_PAUSED

    if not access.on_hold(home):
        return {"hold": False}
    return {
        "hold": True,
        "couple_paused_text": gettext(COUPLE_PAUSED),
        "hold_note": gettext(access.HOLD_NOTE),
    }


@member_page
@require_GET
def talk(request: SignedInRequest) -> HttpResponse:
    user = request.user
    home = household(user)
    if home.alone:
        return render(request, "checkins/no_partner.html", {"what": gettext("talk prompts")})
    context = {"states": access.all_prompt_states(home), "household": home, **_hold(home)}
    return render(request, "checkins/talk.html", context)


@member_page
def prompt(request: SignedInRequest, prompt_id: str) -> HttpResponse:
    user = request.user
    home = household(user)
    if home.alone:
        return render(request, "checkins/no_partner.html", {"what": gettext("talk prompts")})
    state = access.prompt_state(home, prompt_id)
    form = AnswerForm(initial={"text": state.mine or ""})
    if request.method == "POST":
        form = AnswerForm(request.POST)
        try:
            if form.is_valid():
                actions.answer_prompt(user, prompt_id, form.cleaned_data["text"])
                messages.success(request, gettext("Your answer is saved."))
                return redirect("checkins:prompt", prompt_id=prompt_id)
        except actions.CheckinError as exc:
            form.add_error("text", localize(exc.args[0]))
    status = 400 if form.errors else 200
    context = {"state": state, "form": form, "household": home, **_hold(home)}
    return render(request, "checkins/prompt.html", context, status=status)


@member_page
def wishes(request: SignedInRequest) -> HttpResponse:
    user = request.user
    home = household(user)
    if home.alone:
        return render(request, "checkins/no_partner.html", {"what": gettext("the wishes list")})
    form = WishesForm(initial=access.my_wishes(home))
    if request.method == "POST":
        form = WishesForm(request.POST)
        if form.is_valid():
            actions.save_wishes(user, form.cleaned_data)
            messages.success(request, gettext("Your choices are saved. Only you can see them."))
            return redirect("checkins:wishes")
    context = {"form": form, "matches": access.wish_matches(home), "household": home, **_hold(home)}
    return render(request, "checkins/wishes.html", context, status=400 if form.errors else 200)


def _reminders_page(request: HttpRequest, user: User, **extra: Any) -> HttpResponse:
    pref = actions.reminder_preference(user)
    form = extra.pop("form", None) or RemindersForm(
        initial={"kinds": pref.kinds, "hour": pref.hour} if pref else None
    )
    # The title the person's calendar shows: in the language of their link when they have
    # one (it may differ from this page's), else in the language a new link would get.
    language = actions.calendar_language(user)
    context = {
        "form": form,
        "has_calendar": language is not None,
        "calendar_title": ical.title(language or request_language()),
        "calendar_name": ical.name(language or request_language()),
        "calendar_in_other_language": language not in (None, request_language()),
        **extra,
    }
    return render(request, "checkins/reminders.html", context, status=400 if form.errors else 200)


@member_page
def reminders(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        return _reminders_page(request, user)
    form = RemindersForm(request.POST)
    if not form.is_valid():
        return _reminders_page(request, user, form=form)
    actions.set_reminders(user, form.cleaned_data["kinds"], form.cleaned_data["hour"])
    messages.success(request, gettext("Your reminder choices are saved."))
    return redirect("checkins:reminders")


@member_page
@require_POST
def calendar_new(request: SignedInRequest) -> HttpResponse:
    user = request.user
    token = actions.new_calendar_token(user, request_language())
    # Shown once: only a digest is stored, so this page is the only place the link appears.
    link = mail.site_link(reverse("checkins:calendar_feed", args=[token]))
    return _reminders_page(request, user, new_link=link)


@member_page
@require_POST
def calendar_off(request: SignedInRequest) -> HttpResponse:
    user = request.user
    actions.revoke_calendar(user)
    messages.info(request, gettext("The calendar link is turned off. It no longer works."))
    return redirect("checkins:reminders")


@require_GET
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """For calendar apps: no session, the secret link is the key. Unknown or revoked: 404."""
    feed = actions.calendar_feed(token)
    if feed is None:
        raise Http404("No such calendar.")
    body = ical.feed(feed.user, feed.language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="planned.ics"'
    return response
