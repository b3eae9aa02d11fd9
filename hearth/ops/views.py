"""`/metrics`: Prometheus text for the operator's monitoring, and for nobody else.

Served only to an address in HEARTH_METRICS_ALLOW (addresses or networks, as the app
server sees the connection: X-Forwarded-For is not used here) or with the bearer token
HEARTH_METRICS_TOKEN. Anyone else, and everyone while neither is set, gets a plain 404.
"""

from __future__ import annotations

import hmac
import ipaddress
import time

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hearth.ops import metrics
from hearth.ops.models import JobRun


def allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_ALLOW)


def _labels(**values: str) -> str:
    inner = ",".join(f'{k}="{v}"' for k, v in values.items())
    return "{" + inner + "}"


def request_lines() -> list[str]:
    counts = metrics.combined()
    lines = [
        "# HELP hearth_requests_total Requests answered, by route, method and status class.",
        "# TYPE hearth_requests_total counter",
    ]
    for (route, method, status), n in sorted(counts["requests"].items()):
        lines.append(
            f"hearth_requests_total{_labels(route=route, method=method, status=status)} {n}"
        )
    lines += [
        "# HELP hearth_request_duration_seconds Time to answer, by route.",
        "# TYPE hearth_request_duration_seconds histogram",
    ]
    for route, row in sorted(counts["latency"].items()):
        running = 0.0
        for bound, n in zip(metrics.BUCKETS, row, strict=False):
            running += n
            le = _labels(route=route, le=str(bound))
            lines.append(f"hearth_request_duration_seconds_bucket{le} {running:g}")
        lines.append(
            f"hearth_request_duration_seconds_bucket{_labels(route=route, le='+Inf')} {row[-1]:g}"
        )
        lines.append(f"hearth_request_duration_seconds_sum{_labels(route=route)} {row[-2]:.6f}")
        lines.append(f"hearth_request_duration_seconds_count{_labels(route=route)} {row[-1]:g}")
    lines += [
        "# HELP hearth_worker_processes Worker processes whose counts are included.",
        "# TYPE hearth_worker_processes gauge",
        f"hearth_worker_processes {counts['workers']}",
    ]
    return lines


def database_lines() -> list[str]:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        up = 1
    except DatabaseError:
        up = 0
    return [
        "# HELP hearth_database_up 1 when the database answered a query.",
        "# TYPE hearth_database_up gauge",
        f"hearth_database_up {up}",
        "# HELP hearth_database_ping_seconds Time for the database to answer SELECT 1.",
        "# TYPE hearth_database_ping_seconds gauge",
        f"hearth_database_ping_seconds {time.perf_counter() - started:.6f}",
    ]


def job_lines() -> list[str]:
    """The scheduled jobs (the hourly timer): when each last finished, and whether it worked."""
    lines = [
        "# HELP hearth_job_last_finished_timestamp_seconds When the job last finished.",
        "# TYPE hearth_job_last_finished_timestamp_seconds gauge",
        "# HELP hearth_job_last_run_ok 1 when the job's last run worked.",
        "# TYPE hearth_job_last_run_ok gauge",
        "# HELP hearth_job_seconds_since_start Seconds since the job last started.",
        "# TYPE hearth_job_seconds_since_start gauge",
    ]
    now = timezone.now()
    try:
        runs = list(JobRun.objects.order_by("name"))
    except DatabaseError:
        return lines
    for run in runs:
        job = _labels(job=run.name)
        if run.finished_at is not None:
            lines.append(
                f"hearth_job_last_finished_timestamp_seconds{job} {run.finished_at.timestamp():.0f}"
            )
        lines.append(f"hearth_job_last_run_ok{job} {int(run.ok)}")
        lines.append(
            f"hearth_job_seconds_since_start{job} {(now - run.started_at).total_seconds():.0f}"
        )
    return lines


@require_GET
@never_cache
def metrics_page(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        raise Http404
    text = "\n".join([*request_lines(), *database_lines(), *job_lines()]) + "\n"
    return HttpResponse(text, content_type="text/plain; version=0.0.4; charset=utf-8")
