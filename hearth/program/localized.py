"""The program content in the language of the current request.

content.py is pure and knows nothing of requests; pages, plans and clinic views built for
a person call ``localized_content()`` so that stages, exercises, ground rules and reading
pages come in that person's interface language (German content lives in content/de/).
Which language that is, is decided in one place for every app: hearth.core.languages.
"""

from __future__ import annotations

from hearth.core.languages import request_language
from hearth.program.content import Content, default_content


def localized_content() -> Content:
    return default_content(request_language())
