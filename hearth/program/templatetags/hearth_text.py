"""``{{ line|localized }}``: translate text built by the pure engines (see program/text.py)."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from hearth.program.content import STEP_LINK
from hearth.program.text import Text

register = template.Library()


def _value(value: object) -> object:
    if isinstance(value, tuple):
        return ", ".join(gettext(str(v)) for v in value)
    return localize(value) if isinstance(value, str) else value


def localize(text: str) -> str:
    """The text in the active language; data text with no translation stays as it is."""
    if isinstance(text, Text):
        if not text.params:
            return gettext(text.template)
        return gettext(text.template) % {k: _value(v) for k, v in text.params.items()}
    return gettext(text) if text else text


@register.filter
def localized(text: str) -> str:
    return localize(text)


@register.filter
def step(text: str, linked: bool = True) -> SafeString:
    """An exercise step as HTML: escaped, with "[words](#touch-areas)" as a link to the touch
    list on the same page (content.py allows no other target), or plain words where the
    page shows no list."""
    parts: list[str] = []
    last = 0
    for match in STEP_LINK.finditer(text):
        parts.append(escape(text[last : match.start()]))
        words = match.group(1)
        parts.append(
            format_html('<a href="{}">{}</a>', match.group(2), words) if linked else escape(words)
        )
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped
