from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running a site: housekeeping, request logs, metrics and sending email."""

    name = "hearth.ops"
    label = "ops"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Operations")

    # What `hearth housekeeping` removes (see hearth/ops/housekeeping.py). Another app adds
    # its own the same way: a `pruners` list of dotted paths on its AppConfig.
    pruners = [
        "hearth.ops.prune.expired_sessions",
        "hearth.ops.prune.spent_sign_up_links",
        "hearth.ops.prune.full_rate_limit_buckets",
        "hearth.ops.prune.ended_partner_invitations",
        "hearth.ops.prune.ended_care_invitations",
        "hearth.ops.prune.ended_api_keys",
        "hearth.ops.prune.old_reminder_log",
        "hearth.ops.prune.old_audit_events",
    ]
