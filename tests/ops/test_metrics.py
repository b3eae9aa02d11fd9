"""`/metrics`: Prometheus text, only for the operator's addresses or token."""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import Client, override_settings
from pytest_django import Settings

from hearth.ops import metrics

TOKEN = "metrics-test-token-" + "m" * 20
HERE = [ipaddress.ip_network("127.0.0.1/32")]


def value(text: str, name: str, **labels: str) -> float:
    inner = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = re.escape(name + ("{" + inner + "}" if inner else "")) + r" ([0-9.e+-]+)$"
    match = re.search(pattern, text, re.MULTILINE)
    assert match, f"{name} {labels} not in:\n{text[:2000]}"
    return float(match[1])


def scrape(**extra: Any) -> Any:
    return Client().get("/metrics", **extra)


def test_nobody_reads_the_metrics_until_the_operator_says_who(db: None) -> None:
    assert scrape().status_code == 404


@override_settings(METRICS_TOKEN=TOKEN)
def test_the_token_opens_them_and_a_wrong_one_does_not(db: None) -> None:
    assert scrape(HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    assert scrape(HTTP_AUTHORIZATION=f"Bearer {TOKEN}x").status_code == 404
    assert scrape(HTTP_AUTHORIZATION=TOKEN).status_code == 404


@override_settings(METRICS_ALLOW=HERE, TRUSTED_PROXY_COUNT=1)
def test_an_allowed_address_reads_them_and_a_forwarded_one_is_not_believed(db: None) -> None:
    assert scrape().status_code == 200  # the test client connects from 127.0.0.1
    assert scrape(REMOTE_ADDR="203.0.113.5").status_code == 404
    assert scrape(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 404


def livez_count(text: str) -> float:
    if 'route="core:livez"' not in text:
        return 0.0
    return value(text, "hearth_requests_total", route="core:livez", method="GET", status="2xx")


@override_settings(METRICS_ALLOW=HERE)
def test_requests_are_counted_per_route_with_their_latency(db: None) -> None:
    before = scrape().content.decode()
    for _ in range(3):
        Client().get("/livez")
    text = scrape().content.decode()
    assert livez_count(text) - livez_count(before) == 3
    assert value(text, "hearth_request_duration_seconds_bucket", route="core:livez", le="+Inf") >= 3
    assert "# TYPE hearth_request_duration_seconds histogram" in text
    assert value(text, "hearth_database_up") == 1


@override_settings(METRICS_ALLOW=HERE)
def test_the_hourly_jobs_report_their_last_run(db: None) -> None:
    call_command("housekeeping")
    call_command("send_reminders")
    text = scrape().content.decode()
    for job in ("housekeeping", "send_reminders"):
        assert value(text, "hearth_job_last_run_ok", job=job) == 1
        assert value(text, "hearth_job_seconds_since_start", job=job) < 600


def test_the_counts_of_every_worker_are_added_up(
    db: None, tmp_path: Path, settings: Settings
) -> None:
    settings.DATA_DIR = tmp_path
    other = metrics.Counts()
    other.observe("core:home", "GET", 200, 0.02)
    other.observe("core:home", "GET", 500, 0.2)
    folder = metrics.folder_path()
    folder.mkdir(exist_ok=True)
    (folder / "worker-999999.json").write_text(json.dumps(other.snapshot()))
    combined = metrics.combined()
    assert combined["requests"][("core:home", "GET", "5xx")] >= 1
    assert combined["workers"] == 2
    metrics.clear()
    assert not list(folder.glob("worker-*"))
