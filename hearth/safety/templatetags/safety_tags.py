"""``{% help_region_form user as form %}``: the country choice on the account page.

The account page belongs to the accounts app; the choice belongs here, so the page only
includes ``safety/region_choice.html`` and this tag builds the form.
"""

from __future__ import annotations

from typing import Any

from django import template

from hearth.safety.forms import RegionForm

register = template.Library()


@register.simple_tag
def help_region_form(user: Any) -> RegionForm:
    return RegionForm.for_user(user)
