import pytest
from django.test import override_settings

from hearth.core import ratelimit
from hearth.core.models import TokenBucket


@pytest.mark.django_db
def test_a_bucket_allows_its_capacity_then_refuses() -> None:
    results = [ratelimit.take("t", "someone", capacity=3, window_seconds=3600) for _ in range(5)]
    assert results == [True, True, True, False, False]


@pytest.mark.django_db
def test_buckets_are_separate_per_value_and_store_no_raw_value() -> None:
    for _ in range(3):
        ratelimit.take("t", "ada@example.test", capacity=3, window_seconds=3600)
    assert ratelimit.take("t", "ben@example.test", capacity=3, window_seconds=3600)
    assert not any(
        "example.test" in key for key in TokenBucket.objects.values_list("key", flat=True)
    )


@pytest.mark.django_db
def test_a_bucket_refills_over_its_window() -> None:
    assert ratelimit.take("t", "x", capacity=1, window_seconds=3600)
    assert not ratelimit.take("t", "x", capacity=1, window_seconds=3600)
    TokenBucket.objects.update(updated_at=0)  # as if the window had long passed
    assert ratelimit.take("t", "x", capacity=1, window_seconds=3600)


def test_forwarded_addresses_are_ignored_without_a_trusted_proxy() -> None:
    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert ratelimit.client_ip(meta) == "10.0.0.1"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert ratelimit.client_ip(meta) == "1.2.3.4"
    spoofed = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"}
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert ratelimit.client_ip(spoofed) == "1.2.3.4"
