"""What the insights pages show: charts of each measure and the next-day comparison.

Glue between the stored check-ins, the session dates from other apps and the pure
``stats`` and ``chart`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import User
from hearth.checkins import chart, stats
from hearth.checkins.access import measures_both_share, own_checkins, partner_values
from hearth.checkins.models import CheckIn
from hearth.checkins.providers import session_dates
from hearth.checkins.stats import Measure
from hearth.couples.access import Household

WINDOW_DAYS = 42
LABELS = {
    Measure.MOOD: _("Mood"),
    Measure.STRESS: _("Stress"),
    Measure.CLOSENESS: _("Closeness"),
    Measure.DESIRE: _("Desire"),
    Measure.SLEEP_HOURS: _("Sleep (hours)"),
}


@dataclass(frozen=True)
class MeasureInsight:
    measure: Measure
    label: str
    chart: chart.Chart
    result: stats.MeasureResult
    summary: str

    @property
    def enough(self) -> bool:
        return isinstance(self.result, stats.Comparison)

    @property
    def more_days(self) -> int:
        """The fewest further check-ins that could meet the minimum (0 once it is met)."""
        r = self.result
        if isinstance(r, stats.Comparison):
            return 0
        kinds = r.more_needed_after_session + r.more_needed_after_other
        return max(kinds, r.minimum.total - r.n_after_session - r.n_after_other)


@dataclass(frozen=True)
class Row:
    day: date
    session: bool
    values: list[float | None]


def _top(measure: Measure) -> float:
    return 12 if measure is Measure.SLEEP_HOURS else 10


def _value(checkin: CheckIn, measure: Measure) -> float | None:
    value = getattr(checkin, measure.value)
    return None if value is None else float(value)


def _as_stats(rows: list[CheckIn]) -> dict[date, stats.CheckIn]:
    return {
        r.day: stats.CheckIn(
            mood=r.mood,
            stress=r.stress,
            closeness=r.closeness,
            desire=r.desire,
            sleep_hours=None if r.sleep_hours is None else float(r.sleep_hours),
        )
        for r in rows
    }


def personal(user: User, today: date) -> tuple[list[MeasureInsight], list[Row]]:
    """One insight per measure, and the table of the last six weeks' numbers."""
    rows = own_checkins(user)
    sessions = session_dates(user)
    results = stats.compare_after_sessions(_as_stats(rows), sessions, seed=user.pk or 0)
    start = today - timedelta(days=WINDOW_DAYS - 1)
    recent = [r for r in rows if r.day >= start]
    insights = [
        MeasureInsight(
            measure=m,
            label=str(LABELS[m]),
            chart=chart.build(
                [("You", {r.day: v for r in recent if (v := _value(r, m)) is not None})],
                start,
                today,
                top=_top(m),
                sessions=sessions,
            ),
            result=results[m],
            summary=stats.summarize(results[m]),
        )
        for m in Measure
    ]
    table = [Row(r.day, r.day in sessions, [_value(r, m) for m in Measure]) for r in recent]
    return insights, table


@dataclass(frozen=True)
class SharedMeasure:
    measure: Measure
    label: str
    chart: chart.Chart
    rows: list[tuple[date, float | None, float | None]]  # day, mine, partner's


def couple(home: Household, today: date) -> list[SharedMeasure]:
    """Charts of each measure that both partners share, both lines on one chart."""
    if home.partner is None:
        return []
    partner_name = home.partner.display_name
    start = today - timedelta(days=WINDOW_DAYS - 1)
    measures = measures_both_share(home)
    mine = {r.day: r for r in own_checkins(home.user, since=start)}
    theirs = partner_values(home, measures, start)
    sessions = session_dates(home.user)  # the viewer's own; a partner's stay theirs
    out = []
    for m in measures:
        my_values = {d: v for d, r in mine.items() if (v := _value(r, m)) is not None}
        their_values = {d: vals[m.value] for d, vals in theirs.items() if m.value in vals}
        days = sorted(set(my_values) | set(their_values))
        out.append(
            SharedMeasure(
                measure=m,
                label=str(LABELS[m]),
                chart=chart.build(
                    [("You", my_values), (partner_name, their_values)],
                    start,
                    today,
                    top=_top(m),
                    sessions=sessions,
                ),
                rows=[(d, my_values.get(d), their_values.get(d)) for d in days],
            )
        )
    return out
