from __future__ import annotations

import math

import pytest

from hearth.measures.change import Direction, cutoff, reliable_change, reliable_change_index
from hearth.measures.definitions import ChangeNorms


def test_it_computes_the_jacobson_truax_index_by_hand():
    # s1 = 6, rxx = 0.89: SE = 6 * sqrt(0.11) = 1.98997; Sdiff = 2.81425; RC = -10 / 2.81425.
    assert reliable_change_index(18, 8, 6, 0.89) == pytest.approx(-3.55335, abs=1e-4)


def test_a_phq9_drop_that_crosses_the_cut_off_is_reliable_and_clinically_significant(
    instruments,
):
    result = reliable_change(instruments["phq9"], 18, 8, sample_sd=6)
    assert result.rci == pytest.approx(-3.55335, abs=1e-4)
    assert result.reliable is True
    assert result.direction is Direction.IMPROVED
    assert result.cutoff is not None and result.cutoff.kind == "b"
    assert result.cutoff.value == pytest.approx(2.9 + 2 * 3.5)  # 9.9
    assert result.clinically_significant is True


def test_a_small_phq9_change_is_not_reliable(instruments):
    # threshold = 1.96 * 2.81425 = 5.516 points
    result = reliable_change(instruments["phq9"], 12, 7, sample_sd=6)
    assert result.reliable is False
    assert result.direction is Direction.NO_RELIABLE_CHANGE
    assert result.clinically_significant is False


def test_a_reliable_rise_on_phq9_is_a_deterioration(instruments):
    result = reliable_change(instruments["phq9"], 5, 14, sample_sd=6)
    assert result.direction is Direction.DETERIORATED
    assert result.clinically_significant is True  # crossed 9.9 into the clinical range


def test_phq9_change_is_unknown_without_a_clinical_sd(instruments):
    result = reliable_change(instruments["phq9"], 20, 5)
    assert result.reliable is None and result.rci is None
    assert result.direction is Direction.UNKNOWN
    assert result.clinically_significant is None


def test_gad7_uses_the_published_six_point_threshold(instruments):
    assert reliable_change(instruments["gad7"], 15, 9).direction is Direction.IMPROVED
    assert reliable_change(instruments["gad7"], 15, 10).direction is Direction.NO_RELIABLE_CHANGE
    result = reliable_change(instruments["gad7"], 15, 9)
    assert result.cutoff is not None
    assert result.cutoff.value == pytest.approx(3.0 + 2 * 3.4)
    assert result.clinically_significant is True  # 15 -> 9 crosses 9.8


def test_gad7_prefers_the_index_when_a_sample_sd_is_given(instruments):
    result = reliable_change(instruments["gad7"], 15, 11, sample_sd=4)
    expected = -4 / (math.sqrt(2) * 4 * math.sqrt(1 - 0.83))
    assert result.rci == pytest.approx(expected)
    assert result.reliable is (abs(expected) > 1.96)


def test_for_csi4_higher_is_better(instruments):
    norms = ChangeNorms(rxx=0.9, rxx_reference="t", clinical_sd=4, clinical_reference="t")
    from dataclasses import replace

    csi4 = replace(instruments["csi4"], change=norms)
    assert reliable_change(csi4, 8, 16).direction is Direction.IMPROVED
    assert reliable_change(csi4, 16, 8).direction is Direction.DETERIORATED


def test_cut_off_c_weights_both_populations_by_hand():
    norms = ChangeNorms(clinical_mean=15, clinical_sd=5, functional_mean=3, functional_sd=3)
    found = cutoff(norms, higher_is_better=False)
    assert found is not None and found.kind == "c"
    assert found.value == pytest.approx((3 * 15 + 5 * 3) / (3 + 5))  # 7.5


def test_cut_off_a_lies_two_sds_toward_health_from_the_clinical_mean():
    norms = ChangeNorms(clinical_mean=15, clinical_sd=5)
    assert cutoff(norms, higher_is_better=False) is not None
    assert cutoff(norms, higher_is_better=False).value == 5  # type: ignore[union-attr]
    assert cutoff(norms, higher_is_better=True).value == 25  # type: ignore[union-attr]


def test_there_is_no_cut_off_without_norms():
    assert cutoff(ChangeNorms(), higher_is_better=False) is None
