from __future__ import annotations

from pathlib import Path

import pytest

from hearth.measures.definitions import DefinitionError, Instrument, load_instruments
from tests.measures.conftest import TOY

SHIPPED = {"phq9", "phq2", "gad7", "gad2", "pcptsd5", "csi4", "pgic"}


def _load_with(tmp_path: Path, text: str) -> dict[str, Instrument]:
    (tmp_path / "broken.toml").write_text(text)
    return load_instruments([tmp_path])


def test_it_ships_exactly_the_instruments_whose_licence_allows_it(
    instruments: dict[str, Instrument],
) -> None:
    assert set(instruments) == SHIPPED
    assert "bas2" not in instruments


def test_it_caches_the_shipped_set_but_returns_a_fresh_dict(
    instruments: dict[str, Instrument],
) -> None:
    again = load_instruments()
    assert again == instruments
    again.pop("phq9")
    assert "phq9" in load_instruments()


def test_it_gives_the_loinc_codes_from_clinical_notes(instruments: dict[str, Instrument]) -> None:
    assert (instruments["phq9"].loinc_panel, instruments["phq9"].loinc_total) == (
        "44249-1",
        "44261-6",
    )
    assert instruments["phq2"].loinc_total == "55758-7"
    assert instruments["gad7"].loinc_total == "70274-6"
    assert instruments["gad2"].loinc_total is None


def test_it_links_derived_instruments_to_their_parent(instruments: dict[str, Instrument]) -> None:
    assert [d.instrument.id for d in instruments["phq9"].derived] == ["phq2"]
    assert [d.instrument.id for d in instruments["gad7"].derived] == ["gad2"]


def test_it_knows_the_score_range_of_each_instrument(instruments: dict[str, Instrument]) -> None:
    ranges = {k: (v.min_score, v.max_score) for k, v in instruments.items()}
    assert ranges == {
        "phq9": (0, 27), "phq2": (0, 6), "gad7": (0, 21), "gad2": (0, 6),
        "pcptsd5": (0, 5), "csi4": (0, 21), "pgic": (1, 7),
    }  # fmt: skip


def test_every_instrument_has_a_licence_a_reference_and_a_missing_rule_source(
    instruments: dict[str, Instrument],
) -> None:
    for instrument in instruments.values():
        assert instrument.licence and instrument.licence_reference
        assert instrument.missing.source


def test_it_loads_extra_instruments_from_a_clinic_directory(toy_dir: Path) -> None:
    loaded = load_instruments([toy_dir])
    assert "toy" in loaded and "phq9" in loaded


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('id = "toy"', 'id = "toy"\ncolour = "red"'), "unknown field(s) colour"),
        (('title = "Toy scale"\n', ""), "missing field 'title'"),
        (("max = 2.9", "max = 2.5"), "leave a gap or overlap"),
        (("max = 5\n", "max = 4\n"), "must cover the whole score range"),
        (("reverse = true", 'reverse = "yes"'), "'reverse' must be true or false"),
        (('source = "total"', 'source = "zz"'), "neither 'total' nor an item id"),
        (('op = "<="', 'op = "=<"'), "op must be one of"),
        (('id = "b"', 'id = "a"'), "duplicate item id(s): a"),
        (('method = "mean"\n\n[missing]', 'method = "median"\n\n[missing]'), "'sum' or 'mean'"),
        (("max_missing = 1", "max_missing = 3"), "max_missing must be between 0 and 2"),
        (('items = ["a", "b"]', 'items = ["a", "q"]'), "unknown: ['q']"),
        (('id = "toy"', 'id = "Toy Scale"'), "must be short, lower-case"),
    ],
)
def test_it_refuses_a_malformed_definition_naming_the_file_and_problem(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    old, new = change
    assert old in TOY
    with pytest.raises(DefinitionError) as caught:
        _load_with(tmp_path, TOY.replace(old, new, 1))
    assert "broken.toml" in str(caught.value)
    assert message in str(caught.value)


def test_it_refuses_a_clinic_file_that_reuses_a_shipped_id(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="duplicate instrument id 'phq9'"):
        _load_with(tmp_path, TOY.replace('id = "toy"', 'id = "phq9"', 1))


def test_it_refuses_a_file_that_is_not_toml(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match=r"broken\.toml: not valid TOML"):
        _load_with(tmp_path, "id = ")


def test_it_refuses_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="instrument directory not found"):
        load_instruments([tmp_path / "nope"])


def test_it_refuses_a_derived_instrument_whose_parent_is_unknown(tmp_path: Path) -> None:
    text = TOY + '\n[derived_from]\ninstrument = "nope"\nitems = { a = "q1", b = "q2", c = "q3" }\n'
    with pytest.raises(DefinitionError, match="derived_from names unknown instrument 'nope'"):
        _load_with(tmp_path, text)


def test_it_refuses_change_norms_without_a_reference(tmp_path: Path) -> None:
    text = TOY + "\n[change]\nrxx = 0.8\n"
    with pytest.raises(DefinitionError, match="rxx needs a rxx_reference"):
        _load_with(tmp_path, text)
