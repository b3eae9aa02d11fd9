"""Each configuration problem is a system check with a stable id."""

from pathlib import Path

from django.core.checks import run_checks
from django.test import override_settings


def ids() -> set[str]:
    return {m.id for m in run_checks() if m.id and m.id.startswith("hearth.")}


def test_a_correct_configuration_raises_nothing() -> None:
    with override_settings(
        SECRET_KEY="k" * 50,
        SECRET_KEY_SOURCE="env",
        ENCRYPTION_KEY_SOURCE="env",
        DEBUG=False,
        EMAIL_HOST="smtp.example.org",
    ):
        # hearth.W020 is about the shipped help files, not the configuration: it stays while
        # any shipped entry is unchecked (tests/safety/test_checks_and_export.py).
        assert ids() - {"hearth.W020"} == set()


def test_a_missing_secret_key_is_an_error_with_a_recipe() -> None:
    with override_settings(SECRET_KEY_SOURCE="missing"):
        messages = [m for m in run_checks() if m.id == "hearth.E001"]
    assert messages and messages[0].is_serious()
    assert "secrets.token_urlsafe" in (messages[0].hint or "")


def test_a_short_or_placeholder_key_is_an_error() -> None:
    with override_settings(SECRET_KEY="short", SECRET_KEY_SOURCE="env"):
        assert "hearth.E002" in ids()
    with override_settings(SECRET_KEY="django-insecure-" + "x" * 40, SECRET_KEY_SOURCE="file"):
        assert "hearth.E002" in ids()


def test_an_unparsable_variable_is_an_error_naming_it() -> None:
    with override_settings(CONFIG_ERRORS=[("HEARTH_PORT", "HEARTH_PORT must be a whole number.")]):
        messages = [m for m in run_checks() if m.id == "hearth.E003"]
    assert [m.msg for m in messages] == ["HEARTH_PORT must be a whole number."]


def test_allowing_every_host_is_an_error() -> None:
    with override_settings(ALLOWED_HOSTS=["*"]):
        assert "hearth.E004" in ids()


def test_debug_mode_is_a_warning() -> None:
    with override_settings(DEBUG=True):
        assert "hearth.W001" in ids()


def test_a_public_site_without_https_is_a_warning() -> None:
    with override_settings(
        SITE_URL="http://clinic.example.org", SECURE=False, DEBUG=False, DEMO=False
    ):
        assert "hearth.W002" in ids()
    with override_settings(
        SITE_URL="https://clinic.example.org", SECURE=True, DEBUG=False, DEMO=False
    ):
        assert "hearth.W002" not in ids()


def test_a_missing_encryption_key_is_an_error_with_a_recipe() -> None:
    with override_settings(ENCRYPTION_KEY_SOURCE="missing"):
        messages = [m for m in run_checks() if m.id == "hearth.E005"]
    assert messages and "hearth new_key" in (messages[0].hint or "")


def test_a_malformed_encryption_key_is_an_error() -> None:
    with override_settings(ENCRYPTION_KEY="not-a-key", ENCRYPTION_KEY_SOURCE="env"):
        assert "hearth.E006" in ids()
    with override_settings(ENCRYPTION_OLD_KEYS=["short"], ENCRYPTION_KEY_SOURCE="env"):
        assert "hearth.E006" in ids()


def test_a_malformed_clinic_questionnaire_stops_the_start_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text('id = "broken"\ntitle = 3\n')
    with override_settings(INSTRUMENTS_DIRS=[str(tmp_path)]):
        messages = [m for m in run_checks() if m.id == "hearth.E010"]
    assert messages and messages[0].is_serious()
    assert "broken.toml" in messages[0].msg


def test_the_shipped_questionnaires_pass_the_start_up_check() -> None:
    assert "hearth.E010" not in ids()


def test_an_https_site_without_a_trusted_proxy_would_loop_and_is_an_error() -> None:
    with override_settings(SECURE_SSL_REDIRECT=True, TRUSTED_PROXY_COUNT=0):
        messages = [m for m in run_checks() if m.id == "hearth.E007"]
    assert messages and messages[0].is_serious()
    assert "HEARTH_TRUSTED_PROXY_COUNT" in (messages[0].hint or "")
    with override_settings(SECURE_SSL_REDIRECT=True, TRUSTED_PROXY_COUNT=1):
        assert "hearth.E007" not in ids()
    with override_settings(SECURE_SSL_REDIRECT=False, TRUSTED_PROXY_COUNT=0):
        assert "hearth.E007" not in ids()


def test_no_mail_server_outside_demo_mode_is_a_warning() -> None:
    """Without one, reset links only reach the server's log: nobody gets them."""
    plain = {"DEBUG": False, "DEMO": False}
    with override_settings(EMAIL_HOST="", **plain):
        (warning,) = [m for m in run_checks() if m.id == "hearth.W003"]
    assert not warning.is_serious() and "HEARTH_EMAIL_HOST" in warning.msg
    assert "reset links" in warning.msg
    with override_settings(EMAIL_HOST="smtp.example.org", **plain):
        assert "hearth.W003" not in ids()
    with override_settings(EMAIL_HOST="", DEBUG=False, DEMO=True):
        assert "hearth.W003" not in ids()
