"""``{{ line|localized }}``: show a ``Text`` (see hearth/core/text.py) in the active language."""

from __future__ import annotations

from django import template

from hearth.core.text import localize

register = template.Library()


@register.filter
def localized(text: str) -> str:
    return localize(text)
