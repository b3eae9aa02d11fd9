"""``{{ line|localized }}``: translate text built by the pure engines (see program/text.py)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

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
