"""Product text that is translated where it is shown. Pure Python at import time.

One way to write a message in Hearth: an English ``Text`` constant, kept as its template
and values, translated by ``localize`` on the page (the API answers in English).

- ``Text`` is a plain English ``str`` (so the pure engines, their tests and the API see
  ordinary text) that also keeps its message template and values. The engines cannot import
  Django, so they cannot call gettext; they name the constructor ``_`` so that
  ``makemessages`` finds the templates like any other message.
- ``localize`` translates a ``Text`` (or a plain catalogue string) into the active language;
  templates use it as ``{{ line|localized }}`` (``{% load hearth_text %}``).
- ``lazy_text`` is for a form's error or label that needs values and is built at import
  time: translated when shown, with ``%(name)s`` placeholders like every other message.

Django's translation is imported only when a function is called, as
``hearth.core.languages.request_language`` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Text(str):
    """``template % params`` in English; a tuple value is shown as a comma-separated list.

    A ``datetime`` value reads ``2026-12-04 08:35`` in the English text (the API's); on a
    page, ``localize`` writes it the way the reader's language writes dates and times.
    Pass it already in the reader's time zone.
    """

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, **params: object) -> Text:
        shown = {k: _english(v) for k, v in params.items()}
        text = super().__new__(cls, template % shown if params else template)
        text.template = template
        text.params = params
        return text


def _english(value: object) -> object:
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def localize(text: str) -> str:
    """The text in the active language; data text with no translation stays as it is."""
    from django.utils.translation import gettext

    if isinstance(text, Text):
        if not text.params:
            return gettext(text.template)
        return gettext(text.template) % {k: _value(v) for k, v in text.params.items()}
    return gettext(text) if text else text


def _value(value: object) -> object:
    from django.utils.translation import gettext

    if isinstance(value, tuple):
        return ", ".join(gettext(str(v)) for v in value)
    if isinstance(value, datetime):
        from django.utils.formats import date_format

        # The language's own date, then a 24-hour time: "a.m." would end a sentence early.
        return f"{date_format(value, 'DATE_FORMAT')} {value:%H:%M}"
    return localize(value) if isinstance(value, str) else value


def lazy_text(template: str, **params: object) -> StrPromise:
    """``template % params`` with the template translated when shown (gettext_lazy cannot
    take values). The values are shown as given: a word the person must type stays as it is.
    """
    from django.utils.functional import lazy
    from django.utils.translation import gettext

    return cast("StrPromise", lazy(lambda: gettext(template) % params, str)())
