from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Hooks


class OpsConfig(AppConfig):
    """Running a site: housekeeping, request logs, metrics and sending email."""

    name = "hearth.ops"
    label = "ops"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Operations")

    def hooks(self) -> Hooks:
        # What `hearth housekeeping` removes (see hearth/ops/housekeeping.py). Another app
        # adds its own the same way: `pruners` in the Hooks its AppConfig returns.
        from hearth.ops import prune

        return Hooks(
            pruners=(
                prune.expired_sessions,
                prune.spent_sign_up_links,
                prune.full_rate_limit_buckets,
                prune.ended_partner_invitations,
                prune.ended_care_invitations,
                prune.ended_api_keys,
                prune.old_reminder_log,
                prune.old_audit_events,
            )
        )
