"""What each app contributes to shared pages and tasks: its menu items and its hooks.

A lower layer often needs something only higher apps know: the home page shows each app's
block, deleting an account erases every app's data. The higher app hands it down. Menu items
are data, a `nav` list on the AppConfig:

    nav = [(_("Questionnaires"), "measures:index", {"member"})]   # label, url name, roles

Everything that runs is a hook: a function the app returns from `hooks()` on its AppConfig,
in a `Hooks` record whose fields carry the type each function must have:

    def hooks(self) -> Hooks:
        from hearth.measures import demo, export, panels
        return Hooks(home_panel=panels.home, exporter=export.collect, eraser=export.erase, ...)

So mypy --strict checks every app's function against its kind, and a typo is an import
error, not a string found wrong on the day that code runs. The start-up check
(`hearth.E008`, hearth/core/checks.py) resolves every app's hooks once and refuses to start
when one does not load or cannot take the arguments its kind passes; every worker runs it
before serving. The imports sit inside `hooks()` so that reading the settings loads none of
an app's modules; resolving them all costs a worker about 0.5 MB (measured in
docs/architecture.md).

Core stays ignorant of the apps; apps stay out of core's templates.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cache
from typing import Any, get_args, get_type_hints

from django.apps import AppConfig, apps
from django.http import HttpRequest

# The person is `Any`: core sits below accounts and cannot name its User model.
HomePanel = Callable[[HttpRequest], str]
HomeFacts = Callable[[Any], dict[str, Any]]
DemoLoader = Callable[[dict[str, Any]], None]
Exporter = Callable[[Any], dict[str, Any]]
Eraser = Callable[[Any], None]
Pruner = Callable[[datetime], int]
PeopleLinks = Callable[[set[int]], set[int]]
SessionDates = Callable[[Any], set[date]]
ReminderItems = Callable[[Any, date], list[str]]
CalendarItem = tuple[datetime, datetime, str]
CalendarItems = Callable[[Any], list[CalendarItem]]
Revoker = Callable[[Any], int]
FhirBundle = Callable[[Any], dict[str, Any]]
LeaveOut = Callable[[dict[str, Any]], None]
CareLinks = Callable[[Any], list[Any]]


@dataclass(frozen=True)
class Hooks:
    """One app's hooks. A kind the app does not take part in stays None (or empty)."""

    home_panel: HomePanel | None = None  # f(request) -> its home block (HTML) or ""
    home_facts: HomeFacts | None = None  # f(user) -> {name: Exists(...)} (core.facts)
    demo_loader: DemoLoader | None = None  # f(people by demo key) -> None
    demo_order: int = 100  # loaders run in this order: what others build on goes first
    exporter: Exporter | None = None  # f(user) -> all of the person's data in this app
    eraser: Eraser | None = None  # f(user) -> None: delete it for good
    pruners: tuple[Pruner, ...] = ()  # f(now) -> rows removed (`hearth housekeeping`)
    partners_of_people: PeopleLinks | None = None  # f(ids) -> partners' ids (readcache)
    care_of_people: PeopleLinks | None = None  # f(ids) -> therapists' or clients' ids
    # What the check-ins app asks for (hearth/checkins/providers.py).
    session_dates: SessionDates | None = None  # f(user) -> days with a held session
    reminder_items: ReminderItems | None = None  # f(user, today) -> kinds due ("session")
    calendar_items: CalendarItems | None = None  # f(user) -> planned (start, end, uid)
    # What accounts asks, so that it never names the apps above it.
    revoke_access: Revoker | None = None  # f(user) -> ways in turned off, when sign-ins end
    fhir_bundle: FhirBundle | None = None  # f(user) -> FHIR R4 Bundle (one app gives it)
    leave_out_safety: LeaveOut | None = None  # f(whole export) -> None: drop safety answers
    # What couples' sharing asks: the person's active care links, as a client.
    care_links: CareLinks | None = None  # f(user) -> links (see couples.sharing.CareLinkLike)


# Kinds that only one app may give: the answer is that app's, not a sum of several.
ONE_APP_ONLY = ("fhir_bundle", "care_links")


def _declared(config: AppConfig) -> Callable[[], Hooks] | None:
    declare: Callable[[], Hooks] | None = getattr(config, "hooks", None)
    return declare


@cache
def _resolved() -> tuple[tuple[str, Hooks], ...]:
    """(app label, hooks) of every app that has hooks, in INSTALLED_APPS order; once."""
    return tuple(
        (config.label, declare())
        for config in apps.get_app_configs()
        if (declare := _declared(config)) is not None
    )


def forget() -> None:
    """Resolve again on next use (for tests that give an app other hooks)."""
    _resolved.cache_clear()


def hooks_of(label: str) -> Hooks:
    """One app's hooks, by its label (an app without hooks has none of any kind)."""
    return dict(_resolved()).get(label, Hooks())


def _each(kind: str) -> Iterator[tuple[str, Any]]:
    for label, hooks in _resolved():
        value = getattr(hooks, kind)
        if value:
            yield label, value


def nav_items(role: str) -> list[tuple[str, str]]:
    """(label, url name) of the app pages a person in this role can open."""
    return [
        (label, url_name)
        for config in apps.get_app_configs()
        for label, url_name, roles in getattr(config, "nav", ())
        if role in roles
    ]


def home_panels() -> list[HomePanel]:
    return [panel for _label, panel in _each("home_panel")]


def home_facts() -> list[HomeFacts]:
    return [facts for _label, facts in _each("home_facts")]


def demo_loaders() -> list[DemoLoader]:
    """In `demo_order` (default 100): data others build on, like safety checks, goes first."""
    ordered = sorted((hooks for _label, hooks in _resolved()), key=lambda h: h.demo_order)
    return [hooks.demo_loader for hooks in ordered if hooks.demo_loader]


def exporters() -> list[tuple[str, Exporter]]:
    """(app label, collect function) for the person's data export."""
    return list(_each("exporter"))


def erasers() -> list[Eraser]:
    return [erase for _label, erase in _each("eraser")]


def pruners() -> list[tuple[str, Pruner]]:
    """(name, prune function) of everything `hearth housekeeping` removes, from every app."""
    return [(prune.__name__, prune) for _label, each in _each("pruners") for prune in each]


def people_hooks(kind: str) -> list[PeopleLinks]:
    """The functions apps give for ``kind``: each takes people's ids and gives the ids of
    people linked to them (hearth/core/readcache.py's circle)."""
    return [linked for _label, linked in _each(kind)]


def revokers() -> list[Revoker]:
    return [revoke for _label, revoke in _each("revoke_access")]


def fhir_bundle() -> FhirBundle | None:
    return next((make for _label, make in _each("fhir_bundle")), None)


def safety_leavers() -> list[LeaveOut]:
    return [leave_out for _label, leave_out in _each("leave_out_safety")]


def care_links() -> CareLinks | None:
    return next((links for _label, links in _each("care_links")), None)


def providers(kind: str) -> list[Callable[..., Any]]:
    """Every app's function of one kind, for the app that asks (check-ins' providers)."""
    return [provide for _label, provide in _each(kind)]


# --- The start-up check -----------------------------------------------------------------------


def _arity(kind: str) -> int:
    """How many arguments a hook of this kind is called with, read from its field's type."""
    hint = get_type_hints(Hooks)[kind]
    for part in (hint, *get_args(hint)):
        args = get_args(part)
        if args and isinstance(args[0], list):
            return len(args[0])
    return 0


def _shape_problem(kind: str, value: Any) -> str | None:
    """Why this hook cannot be called as its kind calls it, or None when it can."""
    if kind == "demo_order":
        return None if isinstance(value, int) else "is not a whole number"
    if kind == "pruners" and not isinstance(value, tuple):
        return "is not a tuple of functions"
    count = _arity(kind)
    for function in value if kind == "pruners" else (value,):
        if function is None:
            continue
        if not callable(function):
            return f"is {function!r}, not a function"
        try:
            inspect.signature(function).bind(*[None] * count)
        except TypeError:
            return f"{function.__qualname__} cannot take {count} argument(s)"
    return None


def problems() -> list[tuple[str, str, str]]:
    """(app label, hook kind or "hooks", what is wrong) for every app's hooks."""
    found: list[tuple[str, str, str]] = []
    givers: dict[str, list[str]] = {kind: [] for kind in ONE_APP_ONLY}
    for config in apps.get_app_configs():
        declare = _declared(config)
        if declare is None:
            continue
        try:
            hooks = declare()
        except Exception as error:  # any failure to load is reported, with the app named
            found.append((config.label, "hooks", f"{type(error).__name__}: {error}"))
            continue
        if not isinstance(hooks, Hooks):
            found.append((config.label, "hooks", "hooks() did not return a Hooks record"))
            continue
        for field in fields(Hooks):
            problem = _shape_problem(field.name, getattr(hooks, field.name))
            if problem:
                found.append((config.label, field.name, problem))
        givers.update({k: [*v, config.label] for k, v in givers.items() if getattr(hooks, k)})
    for kind, labels in givers.items():
        for label in labels[1:]:
            found.append((label, kind, f"is given by {labels[0]} already (one app only)"))
    return found
