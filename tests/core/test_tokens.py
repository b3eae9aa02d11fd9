from hearth.core import tokens


def test_the_same_secret_gives_different_digests_for_different_purposes() -> None:
    secret = tokens.new_secret()
    first = tokens.keyed_digest("hearth-invitation", secret)
    assert first == tokens.keyed_digest("hearth-invitation", secret)
    assert first != tokens.keyed_digest("hearth-calendar", secret)
    assert secret not in first


def test_codes_avoid_look_alike_characters_and_read_back_in_any_case() -> None:
    code = tokens.new_code()
    assert len(code) == tokens.CODE_LENGTH and not set(code) & set("01OIL")
    typed = " " + tokens.pretty_code(code).lower() + " "
    assert tokens.normalise_code(typed) == code


def test_secrets_are_long_and_new_each_time() -> None:
    assert len({tokens.new_secret() for _ in range(50)}) == 50
    assert len(tokens.new_secret()) >= 43
