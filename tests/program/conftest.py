"""Shared personas for the pure program tests (no Django needed)."""

from __future__ import annotations

import pytest

from hearth.program.content import Content, default_content
from hearth.program.plan import Intake


@pytest.fixture(scope="session")
def content() -> Content:
    return default_content()


@pytest.fixture
def partner_a() -> Intake:
    return Intake(person="a")


@pytest.fixture
def partner_b() -> Intake:
    return Intake(person="b")
