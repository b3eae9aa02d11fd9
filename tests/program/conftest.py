"""Shared personas for the pure program tests (no Django needed)."""

from __future__ import annotations

import importlib.resources
import importlib.util
import sys
import types
from typing import IO

import pytest

from hearth.program.content import Content, default_content
from hearth.program.plan import Intake


def _shim_pkg_resources() -> None:
    """textstat 0.7.3 imports ``pkg_resources``, which setuptools >= 81 no longer ships.

    It only uses ``resource_stream`` (for its easy-word list, not for Flesch-Kincaid), so a
    stand-in over importlib.resources is enough for tests. Remove once textstat is upgraded
    or setuptools pinned below 81.
    """
    if importlib.util.find_spec("pkg_resources") is None:
        shim = types.ModuleType("pkg_resources")

        def resource_stream(package: str, resource: str) -> IO[bytes]:
            return importlib.resources.files(package).joinpath(resource).open("rb")

        shim.resource_stream = resource_stream  # type: ignore[attr-defined]
        sys.modules["pkg_resources"] = shim


_shim_pkg_resources()


@pytest.fixture(scope="session")
def content() -> Content:
    return default_content()


@pytest.fixture
def partner_a() -> Intake:
    return Intake(person="a")


@pytest.fixture
def partner_b() -> Intake:
    return Intake(person="b")
