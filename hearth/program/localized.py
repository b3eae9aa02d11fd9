"""The program content in the language of the current request.

content.py is pure and knows nothing of requests; pages, plans and clinic views built for
a person call ``localized_content()`` so that stages, exercises, ground rules and reading
pages come in that person's interface language (German content lives in content/de/).
"""

from __future__ import annotations

from django.utils.translation import get_language

from hearth.program.content import Content, content_language, default_content


def request_language() -> str:
    """The content language for the active interface language ("de-at" -> "de")."""
    return content_language(get_language())


def localized_content() -> Content:
    return default_content(request_language())
