"""Small typed readers for the safety data files.

Operators edit these files by hand, so every error names the file and the field. The readers
are deliberately strict (unknown keys are refused): a typo such as ``phnoe`` would otherwise
drop a crisis number without a word.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any


class DataFileError(ValueError):
    """A safety data file is missing or malformed. The message names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise DataFileError(path, "file not found") from error
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(path, f"not valid TOML ({error})") from error


class Table:
    """One TOML table, read field by field with errors that name file and place."""

    def __init__(self, path: Path, data: Mapping[str, Any], where: str = "") -> None:
        self.path = path
        self.data = data
        self.where = where

    def fail(self, problem: str) -> DataFileError:
        place = f"{self.where}: " if self.where else ""
        return DataFileError(self.path, place + problem)

    def only(self, allowed: Iterable[str]) -> None:
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise self.fail(f"unknown field(s) {', '.join(unknown)}")

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be a non-empty string")
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        return None if key not in self.data else self.text(key)

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"'{key}' must be a whole number")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' must be true or false")
        return value

    def day(self, key: str) -> date:
        value = self.data.get(key)
        # TOML has a native date type (last_checked = 2026-11-26); a datetime is refused
        # because the page shows a day, and a time zone would only confuse.
        if not isinstance(value, date) or isinstance(value, datetime):
            raise self.fail(f"'{key}' must be a date written as YYYY-MM-DD, without quotes")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{key}' must be a list of strings")
        return tuple(value)

    def tables(self, key: str) -> list[Table]:
        value = self.data.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(f"'{key}' must be a non-empty list of [[{key}]] tables")
        if not all(isinstance(v, dict) for v in value):
            raise self.fail(f"'{key}' must be a list of [[{key}]] tables")
        return [Table(self.path, v, _place(key, n, v)) for n, v in enumerate(value, start=1)]


def _place(key: str, number: int, table: Mapping[str, Any]) -> str:
    """'entries[3] ("Samaritans")': the error names the entry as the operator wrote it."""
    name = table.get("name")
    return (
        f'{key}[{number}] ("{name}")'
        if isinstance(name, str) and name.strip()
        else f"{key}[{number}]"
    )
