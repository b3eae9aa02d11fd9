"""The one data-file reader: every mistake names the file, the entry and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from hearth.core.datafile import DataFileError, Table, read_toml


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "list.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_syntax_error_names_the_line_the_entry_and_the_key(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name = "x"\n[[entries]]\nphone = "1"\n[[entries]]\nphone = 08 12\n')
    with pytest.raises(DataFileError) as caught:
        read_toml(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not valid TOML at line 5 ([[entries]] 2, 'phone'): ")
    assert (caught.value.entry, caught.value.field) == ("[[entries]] 2", "phone")


def test_a_missing_file_and_a_file_that_is_not_text_are_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"nope\.toml: file not found"):
        read_toml(tmp_path / "nope.toml")
    (tmp_path / "bin.toml").write_bytes(b"name = '\xff'\n")
    with pytest.raises(DataFileError, match=r"bin\.toml: not valid TOML: the file is not UTF-8"):
        read_toml(tmp_path / "bin.toml")


def test_an_unknown_key_is_refused_with_the_entry_and_the_key(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[entries]]\nname = "Lifeline"\nphnoe = "988"\n')
    entries = Table(path, read_toml(path)).tables("entries")
    with pytest.raises(DataFileError) as caught:
        entries[0].only(("name", "phone"))
    assert str(caught.value) == f'{path}: entries[1] ("Lifeline"): unknown field(s) phnoe'
    assert caught.value.field == "phnoe"


def test_a_wrong_type_and_a_missing_field_name_the_field(tmp_path: Path) -> None:
    path = _write(tmp_path, '[scoring]\nmax = "ten"\n')
    scoring = Table(path, read_toml(path)).table("scoring")
    with pytest.raises(DataFileError, match=r"list\.toml: \[scoring\]: 'max' must be a number"):
        scoring.number("max")
    with pytest.raises(DataFileError, match=r"\[scoring\]: missing field 'min'") as caught:
        scoring.require(("min", "max"))
    assert caught.value.field == "min"


def test_an_app_gets_its_own_subclass_so_its_callers_still_catch_it(tmp_path: Path) -> None:
    class AppError(DataFileError):
        pass

    path = _write(tmp_path, "a = \n")
    with pytest.raises(AppError, match=r"list\.toml: not valid TOML at line 1 \('a'\)"):
        read_toml(path, AppError)
    with pytest.raises(AppError, match=r"'a' must be a table"):
        Table(path, {"a": 1}, error=AppError).table("a")
