"""What each app contributes to shared pages, declared on its AppConfig:

    nav = [("Questionnaires", "measures:index", {"member"})]   # label, url name, roles
    home_panel = "hearth.measures.panels.home"   # f(request) -> str (HTML) or ""
    home_facts = "hearth.clinic.panels.facts"    # f(user) -> {name: Exists(...)} (core.facts)
    demo_loader = "hearth.measures.demo.load"    # f(people: dict[str, User]) -> None
    exporter = "hearth.measures.export.collect"  # f(user) -> dict: all of the person's data
    eraser = "hearth.measures.export.erase"      # f(user) -> None: delete it for good
    pruners = ["hearth.ops.prune.expired_sessions"]  # f(now) -> rows removed (housekeeping)
    partners_of_people = "hearth.couples.access.partners_ever"  # f(ids) -> ids (readcache)
    care_of_people = "hearth.clinic.access.care_counterparts"   # f(ids) -> ids (readcache)

Core stays ignorant of the apps; apps stay out of core's templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


def _contributions(attribute: str) -> Iterator[Any]:
    for config in apps.get_app_configs():
        value = getattr(config, attribute, None)
        if value:
            yield value


def nav_items(role: str) -> list[tuple[str, str]]:
    """(label, url name) of the app pages a person in this role can open."""
    return [
        (label, url_name)
        for items in _contributions("nav")
        for label, url_name, roles in items
        if role in roles
    ]


def home_panels() -> list[Callable[[Any], str]]:
    return [import_string(path) for path in _contributions("home_panel")]


def home_facts() -> list[Callable[[Any], dict[str, Any]]]:
    return [import_string(path) for path in _contributions("home_facts")]


def demo_loaders() -> list[Callable[[dict[str, Any]], None]]:
    """In `demo_order` (default 100): data others build on, like safety checks, goes first."""
    configs = [c for c in apps.get_app_configs() if getattr(c, "demo_loader", None)]
    configs.sort(key=lambda c: getattr(c, "demo_order", 100))
    return [import_string(getattr(c, "demo_loader")) for c in configs]  # noqa: B009


def exporters() -> list[tuple[str, Callable[[Any], dict[str, Any]]]]:
    """(app label, collect function) for the person's data export."""
    return [
        (config.label, import_string(getattr(config, "exporter")))  # noqa: B009
        for config in apps.get_app_configs()
        if getattr(config, "exporter", None)
    ]


def erasers() -> list[Callable[[Any], None]]:
    return [import_string(path) for path in _contributions("eraser")]


def pruners() -> list[tuple[str, Callable[[Any], int]]]:
    """(name, prune function) of everything `hearth housekeeping` removes, from every app."""
    return [
        (path.rsplit(".", 1)[-1], import_string(path))
        for paths in _contributions("pruners")
        for path in paths
    ]


def people_hooks(attribute: str) -> list[Callable[[set[int]], set[int]]]:
    """The functions apps give for ``attribute``: each takes people's ids and gives the ids
    of people linked to them (hearth/core/readcache.py's circle)."""
    return [import_string(path) for path in _contributions(attribute)]
