"""Token buckets in the database: no extra service, works on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.db import transaction

from hearth.core.models import TokenBucket


def bucket_key(scope: str, value: str) -> str:
    """A keyed digest, so the table never holds an email address or an IP address."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{scope}:{digest[:60]}"


def take(scope: str, value: str, capacity: int, window_seconds: int) -> bool:
    """Take one token; False when the bucket is empty. Refills fully over the window."""
    key = bucket_key(scope, value)
    now = time.time()
    rate = capacity / window_seconds
    with transaction.atomic():
        bucket = TokenBucket.objects.select_for_update().filter(key=key).first()
        if bucket is None:
            TokenBucket.objects.create(
                key=key, tokens=capacity - 1, updated_at=now, full_at=now + 1 / rate
            )
            return True
        tokens = min(capacity, bucket.tokens + (now - bucket.updated_at) * rate)
        allowed = tokens >= 1
        bucket.tokens = tokens - 1 if allowed else tokens
        bucket.updated_at = now
        bucket.full_at = now + (capacity - bucket.tokens) / rate
        bucket.save(update_fields=["tokens", "updated_at", "full_at"])
        return allowed


def reset(scope: str, value: str) -> None:
    TokenBucket.objects.filter(key=bucket_key(scope, value)).delete()


def client_ip(meta: dict[str, str]) -> str:
    """REMOTE_ADDR, or the address the configured number of proxies saw.

    X-Forwarded-For is only trusted when HEARTH_TRUSTED_PROXY_COUNT says how many
    proxies stand in front of the app; otherwise anyone could forge it.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= count:
            return hops[-count]
    return meta.get("REMOTE_ADDR", "") or "unknown"
