"""Every shipped help file, and a sample operator file, rendered as people see it: every link
dials or texts exactly one number, in both languages, whatever the situation."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from hearth.safety.boxes import help_for
from hearth.safety.resources import PACKAGE_DIR, Focus, Kind, available_regions, load_file

OPERATOR = Path(__file__).parent / "operator"
NUMBER = r"\+?[0-9]{3,15}"
FILES = sorted(PACKAGE_DIR.glob("*.toml")) + sorted(OPERATOR.glob("*.toml"))


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def check_link(href: str) -> None:
    if href.startswith("tel:"):
        assert re.fullmatch(f"tel:{NUMBER}", href), href
    elif href.startswith("sms:"):
        parts = urlsplit(href)
        assert re.fullmatch(NUMBER, parts.path), href
        assert set(parse_qs(parts.query)) <= {"body"}, href
        assert all(re.fullmatch(r"[A-Za-z0-9]+", v) for v in parse_qs(parts.query).get("body", []))
    else:
        assert re.fullmatch(r"https://[^\s\"'<>]+", href), href


def render(region: str, focus: Focus, language: str, dirs: str = "") -> str:
    with override_settings(REGION=region, RESOURCES_DIR=dirs), translation.override(language):
        return render_to_string("safety/help_list.html", {"help": help_for(None, focus)})


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("focus", list(Focus))
@pytest.mark.parametrize("language", ["en", "de"])
def test_every_link_of_every_file_dials_or_texts_one_valid_number(
    path: Path, focus: Focus, language: str
) -> None:
    dirs = str(path.parent) if path.parent == OPERATOR else ""
    html = render(path.stem, focus, language, dirs)
    found = links(html)
    resources = load_file(path)
    expected = sum(bool(e.phone) + bool(e.text) + bool(e.web) for e in resources.entries)
    assert len(found) == expected  # every way to reach a service is a working link
    for href in found:
        check_link(href)
    # A link's text shows the same number it dials.
    for entry in resources.entries:
        if entry.phone:
            assert f'href="tel:{entry.phone}"' in html
        if entry.text:
            assert f'href="{entry.sms_url}"' in html


def test_the_sample_operator_file_replaces_the_shipped_list_everywhere_it_is_read() -> None:
    html = render("us", Focus.DANGER, "en", str(OPERATOR))
    assert "Riverside Safe Homes" in html and "988" not in html
    assert 'href="tel:+15555550100"' in html and 'href="sms:5555550101?body=SAFE"' in html


@pytest.mark.parametrize("region", available_regions())
def test_an_unchecked_entry_says_so_and_a_checked_one_shows_only_a_real_date(region: str) -> None:
    html = render(region, Focus.GENERAL, "en")
    resources = load_file(PACKAGE_DIR / f"{region}.toml")
    checked = [e for e in resources.entries if e.has_ways and e.verified]
    unchecked = [e for e in resources.entries if e.needs_checking]
    assert html.count("Last checked:") == len(checked)
    assert html.count("Not yet checked by us.") == len(unchecked)
    days = {e.verified.isoformat() for e in checked if e.verified}
    assert sum(html.count(f'<time datetime="{day}">') for day in days) == len(checked)


def test_the_list_in_danger_starts_with_abuse_help_you_can_text() -> None:
    html = render("us", Focus.DANGER, "en")
    order = [html.index(name) for name in ("National Domestic Violence Hotline", "RAINN", "988 ")]
    assert order == sorted(order)
    assert html.index("You can write to them") < html.index("RAINN")
    assert html.rindex("Emergency services") > html.index("Crisis Text Line")


def test_german_readers_get_german_headings_and_purposes() -> None:
    html = render("de", Focus.DANGER, "de")
    assert "Wenn Ihnen jemand weh tut, Angst macht oder Sie kontrolliert" in html
    assert "Kostenlose, vertrauliche Hilfe für Frauen" in html
    assert 'href="tel:116016"' in html


def test_the_emergency_entry_of_each_country_is_its_own_number() -> None:
    expected = {"us": "911", "gb": "999", "ie": "112", "de": "110", "at": "133", "ch": "117"}
    for region, number in expected.items():
        with override_settings(REGION=region):
            emergency = help_for(None, Focus.DANGER).emergency
        assert emergency is not None and emergency.phone == number
        assert emergency.kind == Kind.EMERGENCY
