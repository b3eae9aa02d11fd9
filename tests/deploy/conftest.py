"""Every test here starts real servers (Caddy, Hearth, PostgreSQL) on 127.0.0.1: they run
once, in their own step (`make test-deploy`, under scripts/pgtest), not in each database's
pass of the suite."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/deploy/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.deploy)
