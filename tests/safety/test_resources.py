from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hearth.safety.resources import (
    PACKAGE_DIR,
    DataFileError,
    available_regions,
    load_all,
    load_resources,
    normalize_region,
)

CHECKED = date(2026, 11, 26)

GOOD_FILE = """
region = "{region}"
name = "Somewhere"
last_checked = 2026-12-01

[[entries]]
name = "A local line"
phone = "0800 000"
purpose = "Call if you need to talk."
to_check = ["phone"]
"""


def write(folder: Path, region: str, text: str) -> Path:
    path = folder / f"{region}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def phones(region: str) -> set[str | None]:
    return {e.phone for e in load_resources(region).entries}


def test_the_us_list_has_988_to_call_or_text_and_911() -> None:
    us = load_resources("us")
    lifeline = next(e for e in us.entries if e.phone == "988")
    assert lifeline.text == "988"
    assert "911" in phones("us")
    assert not us.is_fallback


@pytest.mark.parametrize("region", ["gb", "ie"])
def test_the_uk_and_irish_lists_have_samaritans_and_the_emergency_numbers(region: str) -> None:
    found = phones(region)
    assert "116 123" in found
    assert any(p and "999" in p and "112" in p for p in found)


def test_shipped_lists_were_checked_on_the_day_the_facts_were_gathered() -> None:
    for resources in load_all():
        assert resources.last_checked == CHECKED


def test_every_shipped_list_has_an_emergency_entry() -> None:
    for resources in load_all():
        assert any(e.emergency for e in resources.entries), resources.region


def test_facts_not_from_the_clinical_notes_are_marked_for_the_operator() -> None:
    samaritans = next(e for e in load_resources("gb").entries if e.phone == "116 123")
    assert samaritans.to_check == ("hours",)
    assert load_resources("gb").needs_checking == (samaritans,)


def test_the_default_list_names_no_number() -> None:
    default = load_resources("default")
    assert all(e.phone is None and e.text is None for e in default.entries)
    assert not default.is_fallback


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
    assert resources.name == "Somewhere"
    assert resources.last_checked == date(2026, 12, 1)
    assert resources.entries[0].to_check == ("phone",)
    assert "nz" in available_regions([tmp_path])


def test_an_operator_folder_replaces_a_shipped_region(tmp_path: Path) -> None:
    write(tmp_path, "us", GOOD_FILE.format(region="us"))
    resources = load_resources("us", extra_dirs=[tmp_path])
    assert resources.source == tmp_path / "us.toml"
    assert [e.phone for e in resources.entries] == ["0800 000"]


def test_an_operator_folder_can_replace_the_default(tmp_path: Path) -> None:
    write(tmp_path, "default", GOOD_FILE.format(region="default"))
    resources = load_resources("zz", extra_dirs=[tmp_path])
    assert resources.is_fallback
    assert resources.source == tmp_path / "default.toml"


def test_shipped_regions_are_listed() -> None:
    assert available_regions() == ("default", "gb", "ie", "us")


def test_every_shipped_file_is_named_after_its_region() -> None:
    for path in PACKAGE_DIR.glob("*.toml"):
        assert load_resources(path.stem).region == path.stem


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("region = ", "not valid TOML"),
        (GOOD_FILE.format(region="nz").replace('name = "Somewhere"\n', ""), "'name'"),
        (GOOD_FILE.format(region="nz").replace("2026-12-01", '"2026-12-01"'), "last_checked"),
        (GOOD_FILE.format(region="nz").replace("2026-12-01", "2026-12-01T10:00:00"), "date"),
        (GOOD_FILE.format(region="xx"), "named nz.toml"),
        (GOOD_FILE.format(region="nz").replace("phone =", "phnoe ="), "unknown field(s) phnoe"),
        (GOOD_FILE.format(region="nz").replace('"phone"]', '"colour"]'), "to_check"),
        (
            GOOD_FILE.format(region="nz").replace('purpose = "Call if you need to talk."', ""),
            "purpose",
        ),
        (GOOD_FILE.format(region="nz").split("[[entries]]")[0], "entries"),
        (GOOD_FILE.format(region="nz") + 'emergency = "yes"\n', "true or false"),
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


def test_the_error_says_which_entry_is_wrong(tmp_path: Path) -> None:
    text = GOOD_FILE.format(region="nz") + '\n[[entries]]\nname = "Second"\nto_check = []\n'
    write(tmp_path, "nz", text)
    with pytest.raises(DataFileError, match=r"entries\[2\]: 'purpose'"):
        load_resources("nz", extra_dirs=[tmp_path])


def test_load_all_finds_a_malformed_operator_file_at_start_up(tmp_path: Path) -> None:
    write(tmp_path, "nz", "region = 'nz'\n")
    with pytest.raises(DataFileError, match=r"nz\.toml"):
        load_all([tmp_path])


def test_edits_show_up_without_a_restart(tmp_path: Path) -> None:
    write(tmp_path, "nz", GOOD_FILE.format(region="nz"))
    assert load_resources("nz", [tmp_path]).name == "Somewhere"
    write(tmp_path, "nz", GOOD_FILE.format(region="nz").replace("Somewhere", "Aotearoa"))
    assert load_resources("nz", [tmp_path]).name == "Aotearoa"
