"""The program's own page texts read at US grade 8 or below, stay non-explicit, and press
nobody (the content files and messages: test_content, and tests/test_reading_level.py)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from hearth.program import actions
from tests.conftest import ClientFor, Personas
from tests.factories import screened
from tests.program.helpers import give_intake, held, scheduled, url
from tests.program.test_content import EXPLICIT_WORDS, PRESSURE_WORDS
from tests.reading import MAX_GRADE, grade

pytestmark = pytest.mark.django_db


def visible_text(page: str) -> str:
    main = page.split("<main")[1].split("</main>")[0]
    main = re.sub(r"<(h\d|li|p|legend|label|dt|dd|button)[^>]*>", ". ", main)
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


def test_every_program_page_reads_plainly_and_presses_nobody(
    personas: Personas, client_for: ClientFor
) -> None:
    a, b = personas.partner_a, personas.partner_b
    screened(a, b)
    give_intake(a)
    give_intake(b)
    session = held(a, b)
    client = client_for(a)
    texts = {
        name: visible_text(client.get(url(name)).content.decode())
        for name in ("home", "intake", "plan", "sessions", "reading")
    }
    texts["session"] = visible_text(client.get(url("session", session.pk)).content.decode())
    paused = scheduled(a, b)

    def session_page(person: Any = a) -> str:
        return visible_text(client_for(person).get(url("session", paused.pk)).content.decode())

    actions.record_readiness(b, paused.pk, "ready")
    actions.record_readiness(a, paused.pk, "not_sure")
    texts["not sure"] = session_page()
    actions.resolve_not_sure(a, paused.pk, "settle")
    texts["start"] = session_page()
    actions.start_session(a, paused.pk, stop_signal_agreed=True)
    texts["settling"] = session_page()
    actions.mark_settled(a, paused.pk)
    texts["running"] = session_page()
    actions.pause_session(a, paused.pk)
    texts["grounding"] = session_page()
    assert "Take a moment" in texts["grounding"]
    texts["paused by the partner"] = session_page(b)
    for name in ("comfort", "new_areas"):
        texts[name] = visible_text(client.get(url(name)).content.decode())
    texts["exercise"] = visible_text(
        client.get(url("exercise", "whole-body-touch")).content.decode()
    )
    for name, text in texts.items():
        assert grade(text) <= MAX_GRADE, name
        lowered = text.lower()
        for word in (*EXPLICIT_WORDS, *PRESSURE_WORDS):
            assert not re.search(rf"\b{re.escape(word)}", lowered), (name, word)
