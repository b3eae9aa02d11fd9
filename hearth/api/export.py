"""The person's access keys in their data export: names, permissions and dates, never digests."""

from __future__ import annotations

from typing import Any

from hearth.accounts.models import User
from hearth.api.access import own_tokens


def collect(user: User) -> dict[str, Any]:
    return {
        "access_keys": [
            {
                "name": t.name,
                "ends_in": t.hint,
                "scopes": t.scopes,
                "created_at": t.created_at,
                "expires_at": t.expires_at,
                "revoked_at": t.revoked_at,
                "last_used_at": t.last_used_at,
            }
            for t in own_tokens(user)
        ]
    }
