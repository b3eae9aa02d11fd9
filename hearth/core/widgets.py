"""Form widgets shared by every app.

``TapScale``: a 0 to 10 answer as one row of large choices to tap, with the words for the
two ends and, for an optional question, an explicit "Skip". Underneath are native radio
buttons (one group, one name), so arrow keys, Tab and screen readers work as they do for
any radio group, and nothing needs JavaScript. The field keeps its own validation: the
widget only changes how the answer is given, so a bad value posted by hand still gets
the field's clear message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SKIP = _("Skip")


class TapScale(forms.Widget):
    template_name = "hearth/widgets/tap_scale.html"
    # Rendered inside a <fieldset> with the label as its <legend> (hearth/tap_scale.html).
    use_fieldset = True

    def __init__(
        self,
        low: StrOrPromise,
        high: StrOrPromise,
        *,
        skip: bool = True,
        lowest: int = 0,
        highest: int = 10,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.low, self.high, self.skip = low, high, skip
        self.lowest, self.highest = lowest, highest

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        current = "" if value is None else str(value)
        base = widget["attrs"].get("id") or f"id_{name}"
        widget["points"] = [
            {
                "value": str(n),
                "id": f"{base}_{n}",
                "checked": current == str(n),
                "end": self.low if n == self.lowest else self.high if n == self.highest else "",
            }
            for n in range(self.lowest, self.highest + 1)
        ]
        widget["low"], widget["high"] = self.low, self.high
        widget["lowest"], widget["highest"] = self.lowest, self.highest
        widget["skip"] = {"id": f"{base}_skip", "checked": current == ""} if self.skip else None
        widget["skip_label"] = SKIP
        return context

    def format_value(self, value: Any) -> str | None:
        return None if value in (None, "") else str(value)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def id_for_label(self, id_: str) -> str:
        # The group has no single input to point at: its <legend> names it.
        return ""
