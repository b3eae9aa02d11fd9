"""English text from the pure engines that the web layer can still translate. No Django here.

The engines (plan, progression, check-in statistics) must not import Django, so they cannot
call gettext. They build ``Text`` instead: a plain English ``str`` (so their own tests and
callers see ordinary text) that also keeps its message template and values. Pages translate
it with ``hearth.program.templatetags.hearth_text.localize``. The engines name the
constructor ``_`` so that ``makemessages`` finds the templates like any other message.
"""

from __future__ import annotations

from collections.abc import Mapping


class Text(str):
    """``template % params`` in English; a tuple value is shown as a comma-separated list."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, **params: object) -> Text:
        shown = {k: ", ".join(v) if isinstance(v, tuple) else v for k, v in params.items()}
        text = super().__new__(cls, template % shown if params else template)
        text.template = template
        text.params = params
        return text
