"""Apps hand their functions to shared pages and tasks as typed hooks, checked at start-up."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import AppConfig, apps
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from hearth.core import registry
from hearth.core.registry import Hooks

DOTTED_PATH = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
# Django's own attributes: `name` is the app's package, the auto field a model field class.
DJANGO_OWN = {"name", "label", "default_auto_field", "verbose_name", "path", "module"}


@pytest.fixture
def give_hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, Any], None]]:
    """Give one installed app other hooks, as a typo in its AppConfig would."""

    def give(label: str, declare: Any) -> None:
        monkeypatch.setattr(apps.get_app_config(label), "hooks", declare)
        registry.forget()

    yield give
    monkeypatch.undo()
    registry.forget()


def start_up_errors() -> str:
    """What `hearth check` (and so `hearth serve` and every worker) refuses to start with."""
    with pytest.raises(SystemCheckError) as refused:
        call_command("check")
    return str(refused.value)


def test_every_apps_hooks_load_and_fit_their_kind() -> None:
    assert registry.problems() == []


def test_a_hook_that_cannot_take_its_arguments_stops_the_start_naming_app_and_hook(
    give_hooks: Callable[[str, Any], None],
) -> None:
    def panel(request: Any, extra: Any) -> str:
        return ""

    # mypy refuses this already; the check is for what reaches a server unchecked.
    give_hooks("measures", lambda: Hooks(home_panel=panel))  # type: ignore[arg-type]
    errors = start_up_errors()
    assert "hearth.E008" in errors
    assert "The measures app's hook home_panel" in errors
    assert "cannot take 1 argument(s)" in errors


def test_a_hook_that_does_not_load_stops_the_start_naming_app_and_what_is_missing(
    give_hooks: Callable[[str, Any], None],
) -> None:
    def declare() -> Hooks:
        from hearth.measures import export

        return Hooks(exporter=export.colect)  # type: ignore[attr-defined]

    give_hooks("measures", declare)
    errors = start_up_errors()
    assert "The measures app's hook hooks AttributeError" in errors
    assert "colect" in errors


def test_a_dotted_path_string_is_not_a_hook(give_hooks: Callable[[str, Any], None]) -> None:
    hooks = Hooks(eraser="hearth.program.export.erase")  # type: ignore[arg-type]
    give_hooks("program", lambda: hooks)
    assert registry.problems() == [
        ("program", "eraser", "is 'hearth.program.export.erase', not a function")
    ]


def test_every_pruner_is_checked_one_by_one(give_hooks: Callable[[str, Any], None]) -> None:
    from hearth.ops import prune

    def forgot_now() -> int:
        return 0

    pruners = (prune.expired_sessions, forgot_now)
    give_hooks("ops", lambda: Hooks(pruners=pruners))  # type: ignore[arg-type]
    assert registry.problems() == [
        (
            "ops",
            "pruners",
            "test_every_pruner_is_checked_one_by_one.<locals>.forgot_now cannot take 1 argument(s)",
        )
    ]


def dotted_paths(config_class: type[AppConfig]) -> list[str]:
    """The app's own attributes (and its bases' below AppConfig) holding a dotted path."""
    found = []
    for klass in config_class.__mro__:
        if klass is AppConfig or not issubclass(klass, AppConfig):
            continue
        for name, value in vars(klass).items():
            if name.startswith("_") or name in DJANGO_OWN:
                continue
            values = value if isinstance(value, list | tuple | set) else [value]
            if any(isinstance(v, str) and DOTTED_PATH.match(v) for v in values):
                found.append(name)
    return found


def test_no_app_config_names_a_function_by_a_dotted_path() -> None:
    found = {
        config.label: dotted_paths(type(config))
        for config in apps.get_app_configs()
        if config.name.startswith("hearth.")
    }
    assert {label: names for label, names in found.items() if names} == {}


def test_the_dotted_path_test_would_see_one() -> None:
    class Old(AppConfig):
        name = "hearth.old"
        exporter = "hearth.program.export.collect"
        pruners = ["hearth.ops.prune.expired_sessions"]
        verbose_name = "Old things"

    assert dotted_paths(Old) == ["exporter", "pruners"]


def test_a_kind_only_one_app_may_give_is_refused_from_a_second(
    give_hooks: Callable[[str, Any], None],
) -> None:
    from hearth.measures import results

    # The program is installed after measures, which gives the FHIR export already.
    give_hooks("program", lambda: Hooks(fhir_bundle=results.fhir_bundle))
    assert registry.problems() == [
        ("program", "fhir_bundle", "is given by measures already (one app only)")
    ]
