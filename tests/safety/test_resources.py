"""Help files: kinds of help, one dialable number per field, checked dates, the right order."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from hearth.safety.resources import (
    PACKAGE_DIR,
    DataFileError,
    Focus,
    Kind,
    available_regions,
    load_all,
    load_resources,
    normalize_region,
)
from tests.german import DU
from tests.i18n.test_de_core_accounts_measures_safety import LONGEST_GERMAN_SENTENCE

SHIPPED = ("at", "ch", "de", "default", "gb", "ie", "us")
NUMBER = re.compile(r"^\+?[0-9]{3,15}$")

GOOD_FILE = """
region = "{region}"
name = "Somewhere"

[[entries]]
kind = "crisis"
name = "A local line"
phone = "0800000"
phone_shown = "0800 000"
purpose = "Call if you need to talk."

[[entries]]
kind = "emergency"
name = "Emergency"
phone = "111"
purpose = "Call in danger."
verified = 2026-12-01
source = "https://example.test/emergency"
"""


def write(folder: Path, region: str, text: str) -> Path:
    path = folder / f"{region}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_six_countries_and_the_default_are_shipped() -> None:
    assert available_regions() == SHIPPED


@pytest.mark.parametrize("region", SHIPPED)
def test_every_number_in_a_shipped_file_is_one_dialable_number(region: str) -> None:
    for entry in load_resources(region).entries:
        for number in (entry.phone, entry.text):
            assert number is None or NUMBER.match(number), (region, entry.name, number)
        if entry.phone_shown:
            assert re.sub(r"[^0-9+]", "", entry.phone_shown) == entry.phone


@pytest.mark.parametrize("region", SHIPPED)
def test_every_shipped_list_ends_with_an_emergency_entry_whatever_the_situation(
    region: str,
) -> None:
    for focus in Focus:
        assert load_resources(region).ordered(focus)[-1].kind == Kind.EMERGENCY


@pytest.mark.parametrize("region", ["us", "gb", "ie", "de", "at", "ch"])
def test_every_country_has_abuse_help_and_a_crisis_line(region: str) -> None:
    kinds = {e.kind for e in load_resources(region).entries}
    assert {Kind.ABUSE, Kind.CRISIS, Kind.EMERGENCY} <= kinds


def test_the_us_and_uk_lists_have_abuse_and_sexual_violence_services() -> None:
    for region in ("us", "gb", "ie", "de"):
        kinds = {e.kind for e in load_resources(region).entries}
        assert Kind.SEXUAL_VIOLENCE in kinds, region


def test_a_verified_entry_names_the_page_that_was_read() -> None:
    for resources in load_all():
        for entry in resources.entries:
            if entry.verified is not None:
                assert entry.verified in (date(2026, 12, 2), date(2026, 12, 3))
                assert entry.source and entry.source.startswith(("https://", "http://"))


def test_entries_nobody_could_check_are_shipped_marked_unverified() -> None:
    us = {e.name: e for e in load_resources("us").entries}
    assert us["National Domestic Violence Hotline"].needs_checking
    assert not us["RAINN National Sexual Assault Hotline"].needs_checking
    assert load_resources("us").unverified


def test_the_default_list_names_no_number_and_needs_no_check() -> None:
    default = load_resources("default")
    assert all(e.phone is None and e.text is None and e.web is None for e in default.entries)
    assert default.unverified == ()


def test_links_are_built_from_the_one_number() -> None:
    us = {e.name: e for e in load_resources("us").entries}
    hotline = us["National Domestic Violence Hotline"]
    assert hotline.tel_url == "tel:18007997233"
    assert hotline.sms_url == "sms:88788?body=START"
    assert hotline.shown_number == "1-800-799-7233"
    assert us["988 Suicide & Crisis Lifeline"].sms_url == "sms:988"


def test_the_uk_emergency_entry_says_how_to_call_without_speaking() -> None:
    emergency = next(e for e in load_resources("gb").entries if e.kind == Kind.EMERGENCY)
    assert emergency.tel_url == "tel:999" and emergency.silent
    assert emergency.tip and "55" in emergency.tip.get("en")


def test_texts_come_in_english_and_german() -> None:
    gb = load_resources("gb")
    assert gb.name.get("de") == "Vereinigtes Königreich"
    samaritans = next(e for e in gb.entries if e.name == "Samaritans")
    assert samaritans.purpose.get("de").startswith("Rufen Sie")
    assert samaritans.purpose.get("fr") == samaritans.purpose.get("en")  # English otherwise


@pytest.mark.parametrize("region", SHIPPED)
def test_every_shipped_text_comes_in_english_and_in_plain_german(region: str) -> None:
    """What a person reads next to a number is in their language: German readers never get
    an English purpose, hours or tip. The German holds to the catalogues' own rules (the
    Sie-form, sentences of 20 words at most; tests/i18n)."""
    resources = load_resources(region)
    assert {"en", "de"} <= set(resources.name.by_language)
    for entry in resources.entries:
        for words in (entry.purpose, entry.hours, entry.tip):
            if words is None:
                continue
            assert {"en", "de"} <= set(words.by_language), (region, entry.name)
            german = words.get("de")
            assert not DU.search(german), (region, entry.name, german)
            longest = max(len(s.split()) for s in re.split(r"(?<=[.!?:])\s+", german))
            assert longest <= LONGEST_GERMAN_SENTENCE, (region, entry.name, german)


# --- order ---------------------------------------------------------------------------------


def kinds(region: str, focus: Focus) -> list[Kind]:
    return [g.kind for g in load_resources(region).groups(focus)]


def test_danger_from_someone_puts_abuse_and_sexual_violence_help_before_crisis_lines() -> None:
    assert kinds("us", Focus.DANGER) == [
        Kind.ABUSE,
        Kind.SEXUAL_VIOLENCE,
        Kind.CRISIS,
        Kind.EMERGENCY,
    ]


def test_thoughts_of_self_harm_put_crisis_lines_first() -> None:
    assert kinds("gb", Focus.SELF_HARM)[0] == Kind.CRISIS
    assert kinds("gb", Focus.SELF_HARM)[-1] == Kind.EMERGENCY


def test_in_danger_services_you_can_text_or_use_silently_come_first_in_each_group(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "nz",
        GOOD_FILE.format(region="nz")
        + """
[[entries]]
kind = "abuse"
name = "Voice only"
phone = "0800111"
purpose = "Call."

[[entries]]
kind = "abuse"
name = "Text line"
text = "4334"
purpose = "Text."

[[entries]]
kind = "abuse"
name = "Chat"
web = "https://example.test/chat"
by_text = true
purpose = "Chat."
""",
    )
    resources = load_resources("nz", [tmp_path])
    abuse = resources.groups(Focus.DANGER)[0]
    assert [e.name for e in abuse.entries] == ["Text line", "Chat", "Voice only"]
    # Other situations keep the file's own order.
    general = next(g for g in resources.groups(Focus.GENERAL) if g.kind == Kind.ABUSE)
    assert [e.name for e in general.entries] == ["Voice only", "Text line", "Chat"]


# --- regions and folders -------------------------------------------------------------------


@pytest.mark.parametrize("region", ["fr", "xx", "", None, "US-CA"])
def test_an_unknown_region_falls_back_to_the_default_list(region: str | None) -> None:
    resources = load_resources(region)
    assert resources.region == "default"
    assert resources.is_fallback


@pytest.mark.parametrize("region", ["../default", "../../etc/passwd", "us/../gb", "u s"])
def test_a_region_code_that_looks_like_a_path_is_never_opened(region: str) -> None:
    assert normalize_region(region) is None
    assert load_resources(region).region == "default"


@pytest.mark.parametrize(("given", "code"), [(" GB ", "gb"), ("ca_qc", "ca-qc"), ("us", "us")])
def test_region_codes_are_normalized(given: str, code: str) -> None:
    assert normalize_region(given) == code


def test_an_operator_folder_can_add_a_region(tmp_path: Path) -> None:
    write(tmp_path, "nz", GOOD_FILE.format(region="nz"))
    resources = load_resources("nz", extra_dirs=[tmp_path])
    assert resources.name.get("en") == "Somewhere"
    assert [e.name for e in resources.unverified] == ["A local line"]
    assert "nz" in available_regions([tmp_path])


def test_an_operator_folder_replaces_a_shipped_region(tmp_path: Path) -> None:
    write(tmp_path, "us", GOOD_FILE.format(region="us"))
    resources = load_resources("us", extra_dirs=[tmp_path])
    assert resources.source == tmp_path / "us.toml"
    assert [e.phone for e in resources.entries] == ["0800000", "111"]


def test_every_shipped_file_is_named_after_its_region() -> None:
    for path in PACKAGE_DIR.glob("*.toml"):
        assert load_resources(path.stem).region == path.stem


# --- malformed files -----------------------------------------------------------------------

NZ = GOOD_FILE.format(region="nz")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("region = ", "not valid TOML"),
        (NZ.replace('name = "Somewhere"\n', ""), "'name'"),
        (NZ.replace('phone = "111"', 'phone = "999 or 112"'), "must be one number"),
        (NZ.replace('phone = "111"', 'phone = "0800 123"'), "digits only"),
        (NZ.replace('phone = "111"', 'phone = "tel:111"'), "'phone'"),
        (NZ.replace('phone = "111"', "phone = 111"), "'phone' must be a non-empty string"),
        (NZ.replace('"0800 000"', '"0800 001"'), "must be the same number"),
        (NZ.replace('kind = "crisis"', 'kind = "helpline"'), "'kind' must be one of"),
        (NZ.replace("phone =", "phnoe ="), "unknown field(s) phnoe"),
        (NZ.replace('source = "https://example.test/emergency"\n', ""), "'source' must name"),
        (NZ.replace("2026-12-01", '"last week"'), "YYYY-MM-DD"),
        (NZ.replace("2026-12-01", "2062-12-01"), "'verified' (2062-12-01) is after today"),
        (NZ.replace('purpose = "Call if you need to talk."', ""), "purpose"),
        (NZ.split("[[entries]]")[0], "entries"),
        (NZ.replace('kind = "emergency"', 'kind = "crisis"'), 'kind "emergency"'),
        (NZ.replace('name = "Somewhere"', "last_checked = 2026-01-01"), "set 'verified' on each"),
        (NZ + 'silent = "yes"\n', "true or false"),
        (NZ + 'text_word = "START"\n', "'text_word' needs a 'text'"),
        (NZ + 'web = "http://example.test"\n', "one https:// address"),
        (NZ.replace('purpose = "Call in danger."', 'purpose.de = "Rufen"'), "English text"),
    ],
)
def test_a_malformed_file_raises_an_error_naming_the_file(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = write(tmp_path, "nz", text)
    with pytest.raises(DataFileError) as error:
        load_resources("nz", extra_dirs=[tmp_path])
    assert str(path) in str(error.value)
    assert problem in str(error.value)
    assert error.value.path == path


def test_the_error_names_the_entry_by_its_place_and_name(tmp_path: Path) -> None:
    write(tmp_path, "nz", NZ.replace('phone = "111"', 'phone = "999 or 112"'))
    with pytest.raises(DataFileError, match=r'entries\[2\] \("Emergency"\): .phone.'):
        load_resources("nz", extra_dirs=[tmp_path])


def test_load_all_finds_a_malformed_operator_file_at_start_up(tmp_path: Path) -> None:
    write(tmp_path, "nz", "region = 'nz'\n")
    with pytest.raises(DataFileError, match=r"nz\.toml"):
        load_all([tmp_path])


def test_edits_show_up_without_a_restart(tmp_path: Path) -> None:
    write(tmp_path, "nz", NZ)
    assert load_resources("nz", [tmp_path]).name.get("en") == "Somewhere"
    write(tmp_path, "nz", NZ.replace("Somewhere", "Aotearoa"))
    assert load_resources("nz", [tmp_path]).name.get("en") == "Aotearoa"
