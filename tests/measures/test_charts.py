from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from hearth.measures.charts import Point, score_chart
from hearth.measures.definitions import Instrument
from tests.conftest import present

SVG = "{http://www.w3.org/2000/svg}"


def _xml(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


POINTS = [Point(date(2025, 2, 1), 12), Point(date(2025, 1, 1), 18), Point(date(2025, 3, 1), 7)]


def test_the_chart_is_well_formed_accessible_svg(instruments: dict[str, Instrument]) -> None:
    chart = score_chart(instruments["phq9"], POINTS, chart_id="phq9-chart")
    root = _xml(chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "phq9-chart-title phq9-chart-desc"
    assert present(root.find(f"{SVG}title")).text == "PHQ-9 scores over time"
    assert "First 18, latest 7" in present(present(root.find(f"{SVG}desc")).text)


def test_the_chart_needs_no_inline_styles(instruments: dict[str, Instrument]) -> None:
    svg = score_chart(instruments["phq9"], POINTS).svg
    assert "style=" not in svg and "<style" not in svg


def test_the_chart_shades_bands_only_when_asked(instruments: dict[str, Instrument]) -> None:
    shaded = _xml(score_chart(instruments["phq9"], POINTS).svg)
    plain = _xml(score_chart(instruments["phq9"], POINTS, shade_bands=False).svg)
    assert len(shaded.findall(f"{SVG}rect")) == 5
    assert plain.findall(f"{SVG}rect") == []
    assert len(plain.findall(f"{SVG}circle")) == 3


def test_the_table_rows_follow_the_dates_with_band_labels(
    instruments: dict[str, Instrument],
) -> None:
    rows = score_chart(instruments["phq9"], POINTS).rows
    assert [(r.date, r.score, r.band) for r in rows] == [
        ("2025-01-01", "18", "Moderately severe"),
        ("2025-02-01", "12", "Moderate"),
        ("2025-03-01", "7", "Mild"),
    ]


def test_higher_scores_sit_higher_on_the_chart(instruments: dict[str, Instrument]) -> None:
    root = _xml(score_chart(instruments["phq9"], POINTS, shade_bands=False).svg)
    ys = [float(present(c.get("cy"))) for c in root.findall(f"{SVG}circle")]
    assert ys[0] < ys[1] < ys[2]  # 18, then 12, then 7


def test_an_empty_or_single_point_chart_still_renders(instruments: dict[str, Instrument]) -> None:
    empty = score_chart(instruments["csi4"], [])
    _xml(empty.svg)
    assert "No CSI-4 scores yet" in empty.caption
    single = score_chart(instruments["csi4"], [Point(date(2025, 1, 1), 14)])
    _xml(single.svg)
    assert "Higher scores are better" in single.caption


def test_the_first_and_last_dates_stay_inside_the_drawing(
    instruments: dict[str, Instrument],
) -> None:
    points = [Point(date(2026, 1, 1), 12), Point(date(2026, 2, 1), 4)]
    svg = score_chart(instruments["phq9"], points).svg
    assert 'text-anchor="start" font-size="12" fill="#333333">2026-01-01<' in svg
    assert 'text-anchor="end" font-size="12" fill="#333333">2026-02-01<' in svg
