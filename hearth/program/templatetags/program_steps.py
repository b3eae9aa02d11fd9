"""``{{ line|step }}``: an exercise step with its link to the touch list on the same page."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from hearth.program.content import STEP_LINK

register = template.Library()


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
