"""The one-time codes match RFC 4226 and RFC 6238, allow one step of drift, and never repeat."""

from __future__ import annotations

import pytest

from hearth.accounts import totp

RFC_SEEDS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}

# RFC 6238 appendix B: time, then the 8-digit code for SHA-1, SHA-256 and SHA-512.
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]

# RFC 4226 appendix D: HOTP values for counters 0 to 9.
RFC4226 = ["755224", "287082", "359152", "969429", "338314"]
RFC4226 += ["254676", "287922", "162583", "399871", "520489"]

SECRET = totp.new_secret()
T = 1_700_000_000.0


@pytest.mark.parametrize(("counter", "expected"), list(enumerate(RFC4226)))
def test_hotp_matches_rfc_4226(counter: int, expected: str) -> None:
    assert totp.hotp(RFC_SEEDS["sha1"], counter) == expected


@pytest.mark.parametrize(("when", "sha1", "sha256", "sha512"), RFC6238)
def test_totp_matches_rfc_6238(when: int, sha1: str, sha256: str, sha512: str) -> None:
    for digest, expected in [("sha1", sha1), ("sha256", sha256), ("sha512", sha512)]:
        assert totp.totp(RFC_SEEDS[digest], when, digits=8, digest=digest) == expected


def code_at(when: float) -> str:
    return totp.totp(totp.decode_secret(SECRET), when)


def test_a_new_secret_is_160_bits_of_base32() -> None:
    assert len(totp.decode_secret(SECRET)) == 20
    assert totp.new_secret() != SECRET


def test_the_current_code_matches_its_step() -> None:
    assert totp.matching_step(SECRET, code_at(T), T, None) == totp.step_at(T)


def test_one_step_of_clock_drift_either_way_is_accepted() -> None:
    assert totp.matching_step(SECRET, code_at(T - 30), T, None) == totp.step_at(T) - 1
    assert totp.matching_step(SECRET, code_at(T + 30), T, None) == totp.step_at(T) + 1


def test_two_steps_of_drift_are_refused() -> None:
    assert totp.matching_step(SECRET, code_at(T - 60), T, None) is None
    assert totp.matching_step(SECRET, code_at(T + 60), T, None) is None


def test_a_used_code_is_refused_within_its_window() -> None:
    step = totp.matching_step(SECRET, code_at(T), T, None)
    assert totp.matching_step(SECRET, code_at(T), T + 5, step) is None


def test_an_older_code_is_refused_once_a_newer_one_was_used() -> None:
    used = totp.step_at(T)
    assert totp.matching_step(SECRET, code_at(T - 30), T, used) is None


@pytest.mark.parametrize("bad", ["", "12345", "1234567", "abcdef", "12 34 5x", "9" * 500])
def test_malformed_codes_never_match(bad: str) -> None:
    assert totp.matching_step(SECRET, bad, T, None) is None


def test_the_setup_address_names_the_app_and_the_settings() -> None:
    uri = totp.provisioning_uri("ABCD", "ada@example.test", "Notes")
    assert uri.startswith("otpauth://totp/Notes:ada@example.test?")
    for part in ["secret=ABCD", "issuer=Notes", "algorithm=SHA1", "digits=6", "period=30"]:
        assert part in uri
