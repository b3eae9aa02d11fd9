"""Line charts of check-in measures over time, as plain coordinates for an SVG template.

Pure Python, no Django. A missing day breaks the line (nothing is drawn across a gap, so
no value is suggested for a day that has none); every value also gets a dot, so a single
day between gaps still shows. Days with a session get a shaded band.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 24, 12, 32


@dataclass(frozen=True, slots=True)
class Line:
    name: str
    segments: tuple[str, ...]  # "x,y x,y ..." for <polyline points>
    dots: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    lines: tuple[Line, ...]
    bands: tuple[tuple[float, float], ...]  # (x, width) of each session day
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str], ...]
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = HEIGHT - BOTTOM


def build(
    series: Sequence[tuple[str, Mapping[date, float]]],
    start: date,
    end: date,
    *,
    top: float = 10,
    sessions: Collection[date] = (),
) -> Chart:
    """A chart of each named series from ``start`` to ``end`` (inclusive), 0 to ``top``."""
    days = (end - start).days + 1
    if days < 1 or top <= 0:
        raise ValueError("the chart needs at least one day and a positive top")
    step = (WIDTH - LEFT - RIGHT) / days

    def x(day: date) -> float:
        return round(LEFT + ((day - start).days + 0.5) * step, 1)

    def y(value: float) -> float:
        return round(HEIGHT - BOTTOM - value / top * (HEIGHT - TOP - BOTTOM), 1)

    lines = tuple(_line(name, values, start, days, x, y) for name, values in series)
    bands = tuple(
        (round(x(d) - step / 2, 1), round(step, 1)) for d in sorted(sessions) if start <= d <= end
    )
    y_ticks = tuple((y(v), _number(v)) for v in (0, top / 2, top))
    x_ticks = tuple((x(d), d.strftime("%b %-d")) for d in _label_days(start, end))
    return Chart(WIDTH, HEIGHT, lines, bands, y_ticks, x_ticks)


def _line(
    name: str,
    values: Mapping[date, float],
    start: date,
    days: int,
    x: Callable[[date], float],
    y: Callable[[float], float],
) -> Line:
    segments: list[str] = []
    current: list[str] = []
    dots: list[tuple[float, float]] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        value = values.get(day)
        if value is None:
            if len(current) > 1:
                segments.append(" ".join(current))
            current = []
            continue
        dots.append((x(day), y(value)))
        current.append(f"{x(day)},{y(value)}")
    if len(current) > 1:
        segments.append(" ".join(current))
    return Line(name, tuple(segments), tuple(dots))


def _label_days(start: date, end: date) -> list[date]:
    span = (end - start).days
    if span == 0:
        return [start]
    return [start + timedelta(days=round(span * i / 3)) for i in range(4)]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
