from __future__ import annotations

import math

import pytest

from hearth.measures.change import Direction, cutoff, reliable_change, reliable_change_index
from hearth.measures.definitions import ChangeNorms, Instrument
from tests.conftest import present


def test_it_computes_the_jacobson_truax_index_by_hand() -> None:
    # s1 = 6, rxx = 0.89: SE = 6 * sqrt(0.11) = 1.98997; Sdiff = 2.81425; RC = -10 / 2.81425.
    assert reliable_change_index(18, 8, 6, 0.89) == pytest.approx(-3.55335, abs=1e-4)


@pytest.mark.parametrize(
    ("instrument", "before", "after", "direction"),
    [
        # Worked examples at the edges of each stored rule.
        ("phq9", 15, 9, Direction.IMPROVED),  # exactly 6 points: reliable
        ("phq9", 15, 10, Direction.NO_RELIABLE_CHANGE),  # one below
        ("phq9", 9, 15, Direction.DETERIORATED),  # 6 points up
        ("phq9", 10, 15, Direction.NO_RELIABLE_CHANGE),
        ("gad7", 12, 8, Direction.IMPROVED),  # exactly 4 points
        ("gad7", 12, 9, Direction.NO_RELIABLE_CHANGE),  # one below
        ("gad7", 8, 12, Direction.DETERIORATED),
        ("csi4", 10, 20, Direction.UNKNOWN),  # no published rule for change
    ],
)
def test_each_instrument_has_one_published_rule_judged_at_its_edges(
    instruments: dict[str, Instrument],
    instrument: str,
    before: int,
    after: int,
    direction: Direction,
) -> None:
    assert reliable_change(instruments[instrument], before, after).direction is direction


def test_the_phq9_rule_is_nhs_talking_therapies_six_points_with_lowes_mcid_beside_it(
    instruments: dict[str, Instrument],
) -> None:
    norms = instruments["phq9"].change
    assert norms.rule == "points" and norms.reliable_change_points == 6
    assert "NHS Talking Therapies" in norms.reliable_change_reference
    assert norms.alternative_points == 5 and "Lowe et al. 2004" in norms.alternative_reference


def test_the_gad7_rule_names_the_other_convention(instruments: dict[str, Instrument]) -> None:
    norms = instruments["gad7"].change
    assert norms.reliable_change_points == 4 and "NHS Talking Therapies" in (
        norms.reliable_change_reference
    )
    assert norms.alternative_points == 6 and "Bischoff" in norms.alternative_reference
    assert norms.reliable_change_reason == "same_service"


def test_a_phq9_drop_that_crosses_the_cut_off_is_reliable_and_clinically_significant(
    instruments: dict[str, Instrument],
) -> None:
    result = reliable_change(instruments["phq9"], 18, 8)
    assert result.rci is None and result.rule == "points"
    assert result.reliable is True
    assert result.direction is Direction.IMPROVED
    assert result.cutoff is not None and result.cutoff.kind == "b"
    assert result.cutoff.value == pytest.approx(2.9 + 2 * 3.5)  # 9.9
    assert result.clinically_significant is True


def test_a_reliable_rise_on_phq9_is_a_deterioration(instruments: dict[str, Instrument]) -> None:
    result = reliable_change(instruments["phq9"], 5, 14)
    assert result.direction is Direction.DETERIORATED
    assert result.clinically_significant is True  # crossed 9.9 into the clinical range


def test_gad7_uses_its_four_point_threshold_and_cut_off(instruments: dict[str, Instrument]) -> None:
    result = reliable_change(instruments["gad7"], 15, 9)
    assert result.cutoff is not None
    assert result.cutoff.value == pytest.approx(3.0 + 2 * 3.4)
    assert result.clinically_significant is True  # 15 -> 9 crosses 9.8


def test_csi4_uses_its_published_cut_off_but_never_guesses_reliability(
    instruments: dict[str, Instrument],
) -> None:
    result = reliable_change(instruments["csi4"], 10, 20)
    assert result.cutoff is not None and result.cutoff.kind == "published"
    assert result.cutoff.value == 13.5
    assert result.reliable is None and result.clinically_significant is None


def test_the_index_is_used_when_a_published_clinical_sd_is_stored(
    instruments: dict[str, Instrument],
) -> None:
    from dataclasses import replace

    norms = replace(instruments["gad7"].change, clinical_sd=4, clinical_reference="t")
    gad7 = replace(instruments["gad7"], change=norms)
    result = reliable_change(gad7, 15, 11)
    expected = -4 / (math.sqrt(2) * 4 * math.sqrt(1 - 0.83))
    assert result.rule == "index" and result.rci == pytest.approx(expected)
    assert result.reliable is (abs(expected) > 1.96)


def test_for_csi4_higher_is_better(instruments: dict[str, Instrument]) -> None:
    norms = ChangeNorms(rxx=0.9, rxx_reference="t", clinical_sd=4, clinical_reference="t")
    from dataclasses import replace

    csi4 = replace(instruments["csi4"], change=norms)
    assert reliable_change(csi4, 8, 16).direction is Direction.IMPROVED
    assert reliable_change(csi4, 16, 8).direction is Direction.DETERIORATED


def test_cut_off_c_weights_both_populations_by_hand() -> None:
    norms = ChangeNorms(clinical_mean=15, clinical_sd=5, functional_mean=3, functional_sd=3)
    found = cutoff(norms, higher_is_better=False)
    assert found is not None and found.kind == "c"
    assert found.value == pytest.approx((3 * 15 + 5 * 3) / (3 + 5))  # 7.5


def test_cut_off_a_lies_two_sds_toward_health_from_the_clinical_mean() -> None:
    norms = ChangeNorms(clinical_mean=15, clinical_sd=5)
    assert cutoff(norms, higher_is_better=False) is not None
    assert present(cutoff(norms, higher_is_better=False)).value == 5
    assert present(cutoff(norms, higher_is_better=True)).value == 25


def test_there_is_no_cut_off_without_norms() -> None:
    assert cutoff(ChangeNorms(), higher_is_better=False) is None
