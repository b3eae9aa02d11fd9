"""One way to write product text: English ``Text`` that each page shows in its own language."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from hearth.accounts.forms import TYPE_TO_CONFIRM
from hearth.checkins.actions import NOTE_MAX, NOTE_TOO_LONG
from hearth.core.text import Text, lazy_text, localize


def test_text_reads_as_english_and_keeps_its_template_and_values() -> None:
    text = Text(NOTE_TOO_LONG, count=NOTE_MAX)
    assert text == "Please keep the note under 2000 characters."
    assert text.template == NOTE_TOO_LONG
    assert dict(text.params) == {"count": NOTE_MAX}
    assert Text("%(places)s", places=("hands", "feet")) == "hands, feet"


def test_localize_shows_the_same_text_in_german() -> None:
    with translation.override("de"):
        assert localize(Text(NOTE_TOO_LONG, count=NOTE_MAX)) == (
            "Bitte halten Sie die Notiz unter 2000 Zeichen."
        )
        assert localize(Text("Reliably better")) == "Verlässlich besser"
        assert localize("A name nobody translated") == "A name nobody translated"


def test_lazy_text_is_translated_when_shown_and_keeps_the_word_to_type() -> None:
    later = lazy_text(NOTE_TOO_LONG, count=NOTE_MAX)
    with translation.override("de"):
        assert str(later) == "Bitte halten Sie die Notiz unter 2000 Zeichen."
        assert str(TYPE_TO_CONFIRM) == "Bitte geben Sie zur Bestätigung DELETE ein."
    with translation.override("en"):
        assert str(later) == "Please keep the note under 2000 characters."
        assert str(TYPE_TO_CONFIRM) == "Please type DELETE to confirm."


def test_the_template_filters_translate_text_and_link_steps() -> None:
    page = Template(
        "{% load hearth_text program_steps %}"
        "<p>{{ line|localized }}</p><p>{{ step|step }}</p><p>{{ step|step:False }}</p>"
    )
    context = Context({"line": Text("Reliably better"), "step": "Rest <b> on [the list](#areas)"})
    with translation.override("de"):
        html = page.render(context)
    assert "<p>Verlässlich besser</p>" in html
    assert '<p>Rest &lt;b&gt; on <a href="#areas">the list</a></p>' in html
    assert "<p>Rest &lt;b&gt; on the list</p>" in html


def test_a_date_in_a_message_is_written_the_reader_s_way() -> None:
    from datetime import datetime

    from hearth.program.actions import SUGGEST_AGAIN_FROM

    text = Text(SUGGEST_AGAIN_FROM, when=datetime(2026, 12, 4, 8, 35))
    assert "again from 2026-12-04 08:35." in text
    with translation.override("de"):
        assert "Sie können ab 4. Dezember 2026 08:35 wieder" in localize(text)
    with translation.override("en"):
        assert "again from Dec. 4, 2026 08:35. Your partner" in localize(text)
