"""The prompt library and wishes list: enough items, nothing explicit (their reading level:
tests/test_reading_level.py)."""

from __future__ import annotations

import re

import pytest

from hearth.checkins import chart
from hearth.checkins.content import prompts, wish_items

EXPLICIT = re.compile(
    r"\b(sex\w*|genital\w*|orgasm\w*|naked|nude|breast\w*|arous\w*|erotic\w*|penis|vagina\w*|"
    r"intercourse|foreplay|kinky|fetish\w*|porn\w*)\b",
    re.IGNORECASE,
)


def test_there_are_at_least_20_prompts_and_15_wishes() -> None:
    assert len(prompts()) >= 20 and len(wish_items()) >= 15


@pytest.mark.parametrize("text", [p.text for p in prompts()] + [w.label for w in wish_items()])
def test_every_text_is_non_explicit(text: str) -> None:
    # Its reading level is checked with every catalogue's, in tests/test_reading_level.py.
    assert not EXPLICIT.search(text), text


def test_ids_are_unique_and_usable_in_links() -> None:
    ids = [p.id for p in prompts()] + [w.id for w in wish_items()]
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)
    assert len({p.id for p in prompts()}) == len(prompts())


def test_a_missing_day_breaks_the_chart_line() -> None:
    from datetime import date

    d = date(2026, 11, 1)
    values = {d: 5.0, date(2026, 11, 2): 6.0, date(2026, 11, 4): 7.0}
    built = chart.build([("You", values)], d, date(2026, 11, 4), sessions={date(2026, 11, 2)})
    (line,) = built.lines
    assert len(line.segments) == 1 and len(line.segments[0].split()) == 2
    assert len(line.dots) == 3 and len(built.bands) == 1


def test_a_higher_value_is_drawn_higher() -> None:
    from datetime import date

    d = date(2026, 11, 1)
    built = chart.build([("You", {d: 2.0, date(2026, 11, 2): 9.0})], d, date(2026, 11, 2))
    (low, high) = built.lines[0].dots
    assert high[1] < low[1]


@pytest.mark.parametrize("module", ["hearth.checkins.chart", "hearth.checkins.content"])
def test_the_pure_modules_import_nothing_from_django(module: str) -> None:
    import subprocess
    import sys

    code = f"import sys, {module}; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
