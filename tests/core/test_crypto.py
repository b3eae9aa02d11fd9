import pytest
from django.core.management import call_command
from django.test import override_settings

from hearth.core.crypto import DecryptionError, KeyRing, keyring, new_key, parse_key


def ring(*keys: str) -> KeyRing:
    return KeyRing(parse_key(keys[0]), tuple(parse_key(k) for k in keys[1:]))


def test_text_round_trips_and_is_not_readable_when_stored() -> None:
    r = ring(new_key())
    stored = r.encrypt("we held hands for ten minutes", "program.reflection.text")
    assert "hands" not in stored and stored.startswith("v1:")
    assert r.decrypt(stored, "program.reflection.text") == "we held hands for ten minutes"


def test_the_same_text_encrypts_differently_each_time() -> None:
    r = ring(new_key())
    assert r.encrypt("same", "x") != r.encrypt("same", "x")


def test_a_value_moved_to_another_field_does_not_open() -> None:
    r = ring(new_key())
    stored = r.encrypt("private", "safety.plan.steps")
    with pytest.raises(DecryptionError):
        r.decrypt(stored, "program.reflection.text")


def test_a_changed_value_does_not_open() -> None:
    r = ring(new_key())
    stored = r.encrypt("private", "x")
    tampered = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    with pytest.raises(DecryptionError):
        r.decrypt(tampered, "x")


def test_an_old_key_still_opens_old_values_after_rotation() -> None:
    old, new = new_key(), new_key()
    stored = ring(old).encrypt("from before", "x")
    rotated = ring(new, old)
    assert rotated.needs_rotation(stored)
    assert rotated.decrypt(stored, "x") == "from before"
    with pytest.raises(DecryptionError):
        ring(new).decrypt(stored, "x")


@pytest.mark.parametrize("bad", ["", "short", "!!!not base64!!!", "QUJD"])
def test_a_malformed_key_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        parse_key(bad)


def test_the_configured_ring_uses_the_current_key() -> None:
    key = new_key()
    with override_settings(ENCRYPTION_KEY=key, ENCRYPTION_OLD_KEYS=[]):
        assert keyring().current == parse_key(key)


def test_new_key_prints_a_valid_key(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("new_key")
    assert len(parse_key(capsys.readouterr().out.strip())) == 32
