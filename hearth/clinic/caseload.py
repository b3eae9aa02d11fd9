"""The clinician's caseload: one row per client, within each client's consent.

Everything is loaded in a fixed number of queries (one per kind of data, each filtered by
what its clients share with this clinician), then put together in Python. So the page
costs the same number of queries for 10 clients as for 500; only the rows grow. The sharing
choices come with the links themselves, as EXISTS columns (sharing.annotate_links), and the
session log follows the same both-partners rule as everywhere (sharing.log_allowed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import User
from hearth.clinic.access import active_links
from hearth.clinic.models import CareLink
from hearth.clinic.words import DIRECTION_WORDS
from hearth.core.languages import request_language
from hearth.core.text import localize
from hearth.couples.access import current_memberships
from hearth.couples.models import Share
from hearth.couples.sharing import LINK_KINDS, annotate_links, log_allowed
from hearth.measures import catalog, words
from hearth.measures.change import ChangeResult, Direction, reliable_change
from hearth.measures.definitions import Instrument
from hearth.measures.models import Administration, Schedule
from hearth.measures.scoring import band_for
from hearth.program.localized import localized_content
from hearth.program.models import Program, Session
from hearth.safety.models import RiskEvent

SESSION_DAYS = 14
MISSED_DAYS = 30
RISK_DAYS = 30
PAGE_SIZE = 50  # rows on one page of the caseload; the rest is a page away
SORTS = {
    "name": _("Name"),
    "stage": _("Stage"),
    "sessions": _("Sessions in the last 14 days"),
    "alerts": _("Alerts first"),
    "due": _("Questionnaires due or missed first"),
}
SHOWS = {
    "all": _("Everyone"),
    "alerts": _("Only with alerts"),
    "due": _("Only with questionnaires due or missed"),
    "couples": _("Only couples"),
    "alone": _("Only people on their own"),
}


@dataclass
class Score:
    instrument: Instrument
    latest: float
    latest_on: date
    band: str
    baseline: float
    baseline_on: date
    count: int
    change: ChangeResult | None

    @property
    def direction_words(self) -> str:
        return localize(DIRECTION_WORDS[self.change.direction]) if self.change else ""

    @property
    def rule_line(self) -> str:
        """The one rule the verdict follows, with its reference (measures.words)."""
        return words.rule_line(self.instrument)

    @property
    def alternative_lines(self) -> list[str]:
        return words.alternative_lines(self.instrument)

    @property
    def adapted(self) -> str | None:
        """The adapted-wording label, or None (measures.words)."""
        return words.adapted_label(self.instrument)

    @property
    def response(self) -> bool | None:
        """The PGIC: does the latest answer count as a response? None for the others."""
        return words.response(self.instrument, self.latest)

    @property
    def response_line(self) -> str | None:
        return words.response_line(self.instrument, self.latest)

    @property
    def deteriorated(self) -> bool:
        return self.change is not None and self.change.direction == Direction.DETERIORATED

    @property
    def arrow(self) -> str:
        """Which way the score moved since the first one (the verdict says what it means)."""
        if self.count < 2:
            return ""
        return "↑" if self.latest > self.baseline else "↓" if self.latest < self.baseline else "→"


@dataclass
class Row:
    link: CareLink
    client: User
    couple_id: int | None = None
    partner_name: str = ""  # only when the partner is on this caseload too
    stage: str | None = None  # None: not shared
    stage_order: int = -1
    sessions: int | None = None
    scores: list[Score] | None = None
    due: list[str] | None = None
    missed: int | None = None
    risk: int | None = None
    alerts: list[str] = field(default_factory=list)
    has_partner: bool = False  # linked with a partner now (on this caseload or not)
    # What this client shares with this clinician (sharing.Shared.scopes, from the link).
    scopes: dict[str, bool] = field(default_factory=dict)

    @property
    def group(self) -> tuple[int, int]:
        """Partners on the same caseload sort next to each other."""
        return (0, self.couple_id) if self.partner_name and self.couple_id else (1, self.client.pk)

    def score_for(self, instrument_id: str) -> Score | None:
        return next((s for s in self.scores or [] if s.instrument.id == instrument_id), None)


def _scoped(
    clinician: User, kind: str, rows: dict[int, Row] | None = None, only: list[int] | None = None
) -> QuerySet[CareLink, Any] | list[int]:
    """The clients who chose ``kind`` for this clinician (for the session log, their own
    yes; rows are then kept only where the rule allows). For the whole caseload a subquery:
    no id lists, so no growing queries. For a page (``only``, at most PAGE_SIZE ids) the
    ids whose link, read with the rows, carries that choice: the database then looks each
    one up by its index."""
    if rows is not None and only is not None:
        return [cid for cid in only if getattr(rows[cid].link, f"share_{kind}", False)]
    chose = Share.objects.filter(link=OuterRef("pk"), kind=kind)
    return active_links(clinician).filter(Exists(chose)).values("client_id")


def build(clinician: User, today: date | None = None) -> list[Row]:
    """Every client's whole row (the spreadsheet, the API)."""
    rows = _skeleton(clinician)
    _fill(clinician, rows, set(PARTS), today or timezone.localdate())
    return list(rows.values())


@dataclass
class Page:
    """One page of the caseload, and what the page says about the whole of it."""

    rows: list[Row]  # this page's rows, whole, in order
    page: DjangoPage[Row]
    total: int  # clients on the caseload
    columns: list[Instrument]  # a column per questionnaire with a score on the caseload


def page(clinician: User, sort: str, show: str, number: Any, today: date | None = None) -> Page:
    """One page of PAGE_SIZE clients, sorted and filtered as the whole list would be, with
    only the page's rows built whole. Every client gets a light row first (link, couple and
    sharing choices, in one query); the parts the sort and the filter read are then filled
    for all of them (for the default, by name, none), and every other part only for the
    page. So the default page costs the same work for 22 clients as for 500."""
    today = today or timezone.localdate()
    rows = _skeleton(clinician)
    needed = SORT_PARTS.get(sort, {"scores"}) | SHOW_PARTS[show]
    _fill(clinician, rows, needed, today)
    shown = Paginator(arrange(rows.values(), sort, show), PAGE_SIZE).get_page(number)
    on_page = {row.client.pk: row for row in shown}
    _fill(clinician, on_page, set(PARTS) - needed, today, only=list(on_page))
    everyone = columns(rows.values()) if "scores" in needed else _columns(clinician)
    return Page(list(shown), shown, len(rows), everyone)


_LINK_FIELDS = ("id", "client_id", "clinician_id", "status", "created_at", "ended_at")
_SHARE_COLUMNS = (*(f"share_{kind}" for kind in LINK_KINDS), "share_checkin", "share_reflections")


def _skeleton(clinician: User) -> dict[int, Row]:
    """A light row per client: the link with its sharing choices, the client (id and name;
    any other field is read when asked, as Django defers it), and the client's couple, all
    in the one query that lists the links, read as plain values: building 500 links and
    500 whole people as model objects cost more than the page of 50 itself."""
    current = current_memberships()
    links = (
        annotate_links(active_links(clinician))
        .annotate(
            couple_now=Subquery(
                current.filter(user_id=OuterRef("client_id")).values("couple_id")[:1]
            ),
            with_partner=Exists(
                current.filter(couple_id=OuterRef("couple_now")).exclude(
                    user_id=OuterRef("client_id")
                )
            ),
        )
        .values_list(
            *_LINK_FIELDS, "client__display_name", *_SHARE_COLUMNS, "couple_now", "with_partner"
        )
    )
    rows: dict[int, Row] = {}
    fields, shares = len(_LINK_FIELDS), len(_SHARE_COLUMNS)
    for values in links:
        link = CareLink.from_db(None, _LINK_FIELDS, values[:fields])
        for name, value in zip(_SHARE_COLUMNS, values[fields + 1 :], strict=False):
            setattr(link, name, value)
        couple_id, with_partner = values[fields + 1 + shares :]
        client = User.from_db(None, ["id", "display_name"], [link.client_id, values[fields]])
        rows[link.client_id] = Row(
            link=link, client=client, couple_id=couple_id, has_partner=bool(with_partner)
        )
    _couples(rows)
    _consent(rows)
    return rows


# The parts of a row beyond its skeleton, each filled for many rows in a fixed number of
# queries. Order matters: "due" adds to the missed count that "scores" sets.
PARTS: dict[str, Callable[..., None]] = {}


def _fill(
    clinician: User,
    rows: dict[int, Row],
    parts: set[str],
    today: date,
    only: list[int] | None = None,
) -> None:
    """Fill these parts of these rows; ``only``: just these clients' data is read (a page:
    at most PAGE_SIZE ids)."""
    if not rows or not parts:
        return
    now = timezone.now()
    for name, part in PARTS.items():
        if name in parts:
            part(clinician, rows, today=today, now=now, only=only)
    if parts & {"scores", "risk"}:
        for row in rows.values():
            row.alerts = _alerts(row)


def _couples(rows: dict[int, Row]) -> None:
    """The partner's name, only when the partner is on this caseload too."""
    members: dict[int, list[Row]] = defaultdict(list)
    for row in rows.values():
        if row.couple_id is not None:
            members[row.couple_id].append(row)
    for people in members.values():
        for row in people:
            others = [p.client.display_name for p in people if p is not row]
            row.partner_name = ", ".join(others)


def _consent(rows: dict[int, Row]) -> None:
    """Each row's scopes from its link's EXISTS columns. The session log needs the partner's
    own yes to this same clinician, so a partner who is not on this caseload has not given
    it; while it waits, the row shows nothing of the sessions."""
    own_log = {cid: bool(getattr(r.link, "share_sessions", False)) for cid, r in rows.items()}
    by_couple: dict[int, list[int]] = defaultdict(list)
    for cid, row in rows.items():
        if row.couple_id is not None:
            by_couple[row.couple_id].append(cid)
    for cid, row in rows.items():
        partner_yes = any(own_log[p] for p in by_couple.get(row.couple_id or 0, []) if p != cid)
        log = log_allowed(own_log[cid], row.has_partner, partner_yes)
        row.scopes = {
            "results": bool(getattr(row.link, "share_results", False)),
            "checkins": bool(getattr(row.link, "share_checkin", False)),
            "sessions": log,
            "participation": own_log[cid] and not log,
            "reflections": bool(getattr(row.link, "share_reflections", False)),
            "risk_alerts": bool(getattr(row.link, "share_risk_alerts", False)),
        }


def _program(clinician: User, rows: dict[int, Row], now: datetime, **scope: Any) -> None:
    """Stage and recent sessions, for clients who share their session log."""
    sharing = _scoped(clinician, "sessions", rows, scope.get("only"))
    couples = current_memberships().filter(user_id__in=sharing).values("couple_id")
    recent = Count(
        "sessions",
        filter=Q(
            sessions__started_at__gte=now - timedelta(days=SESSION_DAYS),
            sessions__status__in=(Session.Status.DONE, Session.Status.STOPPED),
        ),
    )
    # Two queries, not one with OR: "couple in (...) or owner in (...)" spans two columns,
    # and PostgreSQL then reads every program (24 ms at 100,000 couples, bench/); apart,
    # each one uses its own index.
    programs = [
        *Program.objects.filter(couple_id__in=couples).annotate(recent=recent),
        *Program.objects.filter(owner_id__in=sharing, couple__isnull=True).annotate(recent=recent),
    ]
    by_couple = {p.couple_id: p for p in programs if p.couple_id}
    by_owner = {p.owner_id: p for p in programs if p.couple_id is None}
    stages = {s.id: s for s in localized_content().stages}
    for row in rows.values():
        if not row.scopes["sessions"]:
            continue
        program = by_couple.get(row.couple_id) if row.couple_id else by_owner.get(row.client.pk)
        row.sessions = getattr(program, "recent", 0) if program else 0
        stage = stages.get(program.stage) if program else None
        row.stage = stage.title if stage else gettext("Not started")
        row.stage_order = stage.order if stage else -1


def _scores(clinician: User, rows: dict[int, Row], today: date, **scope: Any) -> None:
    known = catalog.instruments(request_language())
    sittings = (
        Administration.objects.filter(
            user_id__in=_scoped(clinician, "results", rows, scope.get("only")),
            status__in=(Administration.Status.COMPLETED, Administration.Status.MISSED),
        )
        .order_by("user_id", "instrument_id", "completed_at", "pk")
        .values_list("user_id", "instrument_id", "status", "total", "completed_at", "due_date")
    )
    done: dict[tuple[int, str], list[tuple[float, datetime]]] = defaultdict(list)
    missed: dict[int, int] = defaultdict(int)
    recent = today - timedelta(days=MISSED_DAYS)
    for user_id, instrument_id, status, total, completed_at, due_date in sittings:
        if status == Administration.Status.MISSED:
            missed[user_id] += due_date >= recent
        elif total is not None and completed_at is not None and instrument_id in known:
            done[(user_id, instrument_id)].append((total, completed_at))
    for row in rows.values():
        if row.scopes["results"]:
            row.scores, row.missed = [], missed[row.client.pk]
    for (user_id, instrument_id), points in sorted(done.items()):
        score = summarise(known[instrument_id], points)
        rows[user_id].scores.append(score)  # type: ignore[union-attr]


def summarise(instrument: Instrument, points: list[tuple[float, datetime]]) -> Score:
    """Latest score against the first one (the baseline), oldest first in ``points``.

    Change is judged only by the instrument's own published rule (measures.change), the
    same one the person's own page uses: never by an SD estimated from this caseload.
    """
    (first, first_at), (last, last_at) = points[0], points[-1]
    band = band_for(instrument, last)
    change = reliable_change(instrument, first, last) if len(points) > 1 else None
    return Score(
        instrument=instrument,
        latest=last,
        latest_on=timezone.localdate(last_at),
        band=band.label if band else "",
        baseline=first,
        baseline_on=timezone.localdate(first_at),
        count=len(points),
        change=change,
    )


def _due(clinician: User, rows: dict[int, Row], today: date, **scope: Any) -> None:
    """Due now, and overdue ones whose window passed before the client came back.

    A questionnaire the client has no schedule for yet is due today, as their own list
    shows it (measures.access.missing_schedules): measures stores it when they start one."""
    known = catalog.instruments(request_language())
    schedules = Schedule.objects.filter(
        user_id__in=_scoped(clinician, "results", rows, scope.get("only"))
    ).values_list("user_id", "instrument_id", "next_due", "active")
    have: dict[int, set[str]] = defaultdict(set)
    due: dict[int, list[str]] = defaultdict(list)
    for row in rows.values():
        if row.scopes["results"]:
            row.due = []
    for user_id, instrument_id, next_due, active in schedules:
        have[user_id].add(instrument_id)
        row = rows[user_id]
        if not active or next_due > today or instrument_id not in known or row.due is None:
            continue
        if instrument_id in catalog.COUPLE_IDS and row.couple_id is None:
            continue  # measures asks the CSI-4 only while linked
        if catalog.window_end(next_due) < today:
            row.missed = (row.missed or 0) + 1
        else:
            due[user_id].append(instrument_id)
    for row in rows.values():
        if row.due is not None:
            offered = catalog.offered_ids(row.couple_id is not None)
            ids = due[row.client.pk] + [i for i in offered if i not in have[row.client.pk]]
            row.due = [known[i].short_title for i in sorted(ids) if i in known]


def _risk(clinician: User, rows: dict[int, Row], now: datetime, **scope: Any) -> None:
    counts = dict(
        RiskEvent.objects.filter(
            user_id__in=_scoped(clinician, "risk_alerts", rows, scope.get("only")),
            alert_clinician=True,
            resolved_at__isnull=True,
            created_at__gte=now - timedelta(days=RISK_DAYS),
        )
        # Never the relationship check: the clinician may see the partner too (safety.rules).
        .exclude(source=RiskEvent.Source.COERCION)
        .values("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    for row in rows.values():
        if row.scopes["risk_alerts"]:
            row.risk = counts.get(row.client.pk, 0)


PARTS.update(program=_program, scores=_scores, due=_due, risk=_risk)


def _columns(clinician: User) -> list[Instrument]:
    """The questionnaires with a score on this caseload, in one query (what ``columns``
    gives once every row's scores are read)."""
    known = catalog.instruments(request_language())
    ids = (
        Administration.objects.filter(
            user_id__in=_scoped(clinician, "results"),
            status=Administration.Status.COMPLETED,
            total__isnull=False,
            completed_at__isnull=False,
        )
        .values_list("instrument_id", flat=True)
        .distinct()
    )
    shown = [known[i] for i in set(ids) if i in known]
    return sorted(shown, key=lambda i: catalog.sort_key(i.id))


def _alerts(row: Row) -> list[str]:
    alerts = [
        gettext("%(title)s reliably worse") % {"title": s.instrument.short_title}
        for s in row.scores or []
        if s.deteriorated
    ]
    if row.risk:
        alerts.append(gettext("Safety answer to follow up"))
    return alerts


# ---------------------------------------------------------------------------------------------
# Sorting and filtering (query parameters; the page needs no script)


def _score_key(instrument_id: str) -> Callable[[Row], Any]:
    def key(row: Row) -> tuple[int, float]:
        score = row.score_for(instrument_id)
        return (0, -score.latest) if score else (1, 0.0)

    return key


def _waiting(row: Row) -> int:
    return len(row.due or []) + (row.missed or 0)


SORT_KEYS: dict[str, Callable[[Row], Any]] = {
    "name": lambda r: (r.group, r.client.display_name.lower(), r.client.pk),
    "stage": lambda r: (r.stage is None, -r.stage_order, r.client.display_name.lower()),
    "sessions": lambda r: (r.sessions is None, -(r.sessions or 0), r.client.display_name.lower()),
    "alerts": lambda r: (-len(r.alerts), -(r.risk or 0), r.client.display_name.lower()),
    "due": lambda r: (r.due is None, -_waiting(r), r.client.display_name.lower()),
}
# Ascending only by name; every other sort puts the most (alerts, score, stage...) first.
ASCENDING = {"name"}
# The parts of every row each sort and filter reads (a score sort: "scores"). The default,
# by name and everyone, reads only the light rows.
SORT_PARTS: dict[str, set[str]] = {
    "name": set(),
    "stage": {"program"},
    "sessions": {"program"},
    "alerts": {"scores", "risk"},
    "due": {"scores", "due"},
}
SHOW_PARTS: dict[str, set[str]] = {
    "all": set(),
    "alerts": {"scores", "risk"},
    "due": {"scores", "due"},
    "couples": set(),
    "alone": set(),
}


def sorts() -> dict[str, str]:
    """Every sort on offer: the fixed ones, then the latest score of each questionnaire."""
    scores = {
        i.id: gettext("Latest %(title)s") % {"title": i.short_title}
        for i in sorted(catalog.instruments().values(), key=lambda i: catalog.sort_key(i.id))
    }
    return {**{key: str(label) for key, label in SORTS.items()}, **scores}


def columns(rows: Iterable[Row]) -> list[Instrument]:
    """The questionnaires with a score on this caseload, in catalogue order: one column each."""
    shown = {s.instrument.id: s.instrument for r in rows for s in r.scores or []}
    return sorted(shown.values(), key=lambda i: catalog.sort_key(i.id))


FILTERS: dict[str, Callable[[Row], bool]] = {
    "all": lambda r: True,
    "alerts": lambda r: bool(r.alerts),
    "due": lambda r: bool(r.due) or bool(r.missed),
    "couples": lambda r: r.couple_id is not None,
    "alone": lambda r: r.couple_id is None,
}


def arrange(rows: Iterable[Row], sort: str, show: str) -> list[Row]:
    kept = [r for r in rows if FILTERS[show](r)]
    return sorted(kept, key=SORT_KEYS.get(sort) or _score_key(sort))


def rules(shown: Iterable[Instrument]) -> list[list[str]]:
    """The rule (and any other published rule) of each questionnaire shown (its columns, in
    catalogue order): what the caseload's verdicts mean."""
    return [[words.rule_line(i), *words.alternative_lines(i), *_adapted(i)] for i in shown]


def _adapted(instrument: Instrument) -> list[str]:
    label = words.adapted_label(instrument)
    return [f"{instrument.short_title}: {label}."] if label else []
