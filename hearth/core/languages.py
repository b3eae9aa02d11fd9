"""Which language a content file's words are shown in: one rule for every app.

The interface text is translated through gettext catalogues. Content is different: the
program's stages, exercises and reading pages, the talk prompts and the wishes list are
data files. English is their source; a translation lives beside the English file in a
folder named by its language (``program/content/de/``, ``checkins/data/de/``), keyed by the
English ids, and changes words only. Each app's loader takes a content language; this
module decides which one a person gets, so every app answers that question the same way.

Pure Python at import time: the pure content modules use ``content_language`` and must not
pull in Django; ``request_language`` imports Django's translation only when called.
"""

from __future__ import annotations

# Languages that content files are written in; English is the source.
CONTENT_LANGUAGES: tuple[str, ...] = ("en", "de")
SOURCE_LANGUAGE = "en"


def content_language(language: str | None) -> str:
    """The content language for an interface language code ("de-at" -> "de"; a language
    with no content, or none at all, -> English)."""
    root = (language or SOURCE_LANGUAGE).split("-")[0].split("_")[0].lower()
    return root if root in CONTENT_LANGUAGES else SOURCE_LANGUAGE


def request_language() -> str:
    """The content language for the active interface language (the person's choice)."""
    from django.utils.translation import get_language

    return content_language(get_language())
