"""The service worker installs and stores only the static shell on the device."""

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_the_service_worker_stores_only_the_static_shell(visitor: Any) -> None:
    v = visitor("pwa")
    v.goto("/login/")
    v.page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    v.page.reload()
    v.goto("/privacy/")
    cached = v.page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) {
                    urls.push(new URL(request.url).pathname);
                }
            }
            return urls;
        }"""
    )
    assert "/static/hearth/app.css" in cached
    assert all(path.startswith("/static/") or path == "/offline/" for path in cached), cached
