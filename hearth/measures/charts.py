"""A small, accessible SVG line chart of scores over time. No models or requests: only
Django's gettext, for the words around the numbers.

The SVG uses presentation attributes (fill, stroke, ...) and never ``style=""``, so a strict
Content-Security-Policy without 'unsafe-inline' still renders it. Screen readers get
role="img" with <title> and <desc>; the same data comes back as table rows, because a chart
alone is not an accessible way to read numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hearth.measures.definitions import Instrument
from hearth.measures.scoring import band_for, format_total

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
# Light, distinct tints for band shading; the line stays dark for contrast.
BAND_FILLS = ("#e8f3ec", "#f4f1de", "#fbe9d7", "#f8dcd6", "#f3cfd4", "#e9e4f2")
LINE_COLOUR = "#1f3b57"


@dataclass(frozen=True, slots=True)
class Point:
    when: date
    score: float


@dataclass(frozen=True, slots=True)
class TableRow:
    date: str
    score: str
    band: str


@dataclass(frozen=True, slots=True)
class Chart:
    svg: str
    caption: str
    rows: tuple[TableRow, ...]


def score_chart(
    instrument: Instrument,
    points: Sequence[Point],
    *,
    shade_bands: bool = True,
    chart_id: str = "chart",
) -> Chart:
    """Chart ``points`` (any order) on the instrument's full score range."""
    ordered = sorted(points, key=lambda p: p.when)
    caption = _caption(instrument, ordered)
    rows = tuple(_row(instrument, p) for p in ordered)
    scale = _Scale(instrument.min_score, instrument.max_score, ordered)
    parts = [
        _open_svg(chart_id),
        f'<title id="{chart_id}-title">{escape(_title(instrument))}</title>',
        f'<desc id="{chart_id}-desc">{escape(caption)}</desc>',
        *(_band_rects(instrument, scale) if shade_bands else []),
        *_axes(instrument, scale, ordered),
        *_line(scale, ordered),
        "</svg>",
    ]
    return Chart(svg="\n".join(parts), caption=caption, rows=rows)


def _open_svg(chart_id: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
    )


def _title(instrument: Instrument) -> str:
    return _("%(name)s scores over time") % {"name": instrument.short_title}


def _caption(instrument: Instrument, points: Sequence[Point]) -> str:
    low, high = format_total(instrument.min_score), format_total(instrument.max_score)
    scale = _("Scores run from %(low)s to %(high)s.") % {"low": low, "high": high}
    if not points:
        return _("No %(name)s scores yet.") % {"name": instrument.short_title} + " " + scale
    first, last = points[0], points[-1]
    # The English keeps its "score(s)" in both forms; German needs the two forms.
    counted = ngettext(
        "%(count)s %(name)s score(s) from %(first)s to %(last)s.",
        "%(count)s %(name)s score(s) from %(first)s to %(last)s.",
        len(points),
    ) % {
        "count": len(points),
        "name": instrument.short_title,
        "first": first.when.isoformat(),
        "last": last.when.isoformat(),
    }
    values = _("First %(first)s, latest %(last)s.") % {
        "first": format_total(first.score),
        "last": format_total(last.score),
    }
    better = (
        _("Higher scores are better.")
        if instrument.higher_is_better
        else _("Lower scores are better.")
    )
    return " ".join([counted, values, scale, better])


def _row(instrument: Instrument, point: Point) -> TableRow:
    band = band_for(instrument, point.score)
    return TableRow(point.when.isoformat(), format_total(point.score), band.label if band else "")


class _Scale:
    def __init__(self, low: float, high: float, points: Sequence[Point]) -> None:
        self.low, self.high = low, high
        self.first = points[0].when.toordinal() if points else 0
        self.days = max(1, points[-1].when.toordinal() - self.first) if points else 1
        self.single = len(points) <= 1

    def x(self, when: date) -> float:
        if self.single:
            return LEFT + (WIDTH - LEFT - RIGHT) / 2
        return LEFT + (when.toordinal() - self.first) / self.days * (WIDTH - LEFT - RIGHT)

    def y(self, score: float) -> float:
        span = (self.high - self.low) or 1
        return TOP + (self.high - score) / span * (HEIGHT - TOP - BOTTOM)


def _band_rects(instrument: Instrument, scale: _Scale) -> list[str]:
    rects = []
    for n, band in enumerate(sorted(instrument.bands, key=lambda b: b.min)):
        top, bottom = scale.y(band.max), scale.y(band.min)
        rects.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="{WIDTH - LEFT - RIGHT}" '
            f'height="{max(bottom - top, 1):.1f}" fill="{BAND_FILLS[n % len(BAND_FILLS)]}">'
            f"<title>{escape(_band_title(band.label, band.min, band.max))}</title></rect>"
        )
    return rects


def _band_title(label: str, low: float, high: float) -> str:
    return _("%(band)s: %(low)s to %(high)s") % {
        "band": label,
        "low": format_total(low),
        "high": format_total(high),
    }


def _axes(instrument: Instrument, scale: _Scale, points: Sequence[Point]) -> list[str]:
    base = HEIGHT - BOTTOM
    parts = [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" stroke="#555555" />',
        f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="#555555" />',
    ]
    for value in (instrument.min_score, instrument.max_score):
        parts.append(
            f'<text x="{LEFT - 6}" y="{scale.y(value) + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="#333333">{format_total(value)}</text>'
        )
    # The first date starts at its point and the last ends at its point, so neither runs
    # past the edge of the drawing; a lone point keeps its date centred.
    ends = [(points[0], "start"), (points[-1], "end")] if len(points) > 1 else []
    for point, anchor in ends or [(p, "middle") for p in points]:
        parts.append(
            f'<text x="{scale.x(point.when):.1f}" y="{base + 18}" text-anchor="{anchor}" '
            f'font-size="12" fill="#333333">{point.when.isoformat()}</text>'
        )
    return parts


def _line(scale: _Scale, points: Sequence[Point]) -> list[str]:
    coords = [(scale.x(p.when), scale.y(p.score)) for p in points]
    parts = []
    if len(coords) > 1:
        joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(
            f'<polyline points="{joined}" fill="none" stroke="{LINE_COLOUR}" '
            'stroke-width="2" stroke-linejoin="round" />'
        )
    for (x, y), point in zip(coords, points, strict=True):
        label = f"{point.when.isoformat()}: {format_total(point.score)}"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE_COLOUR}">'
            f"<title>{escape(label)}</title></circle>"
        )
    return parts
