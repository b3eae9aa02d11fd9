"""The one reader for the TOML data files every app ships or an operator adds.

Help lists, questionnaires and their translations, the touch program, check-in prompts: each
is a TOML file that someone edits by hand. They are all read here, so that a mistake in any
of them is reported the same way: ``DataFileError`` names the file, the entry (the table
the mistake is in, as the person wrote it: ``entries[3] ("Samaritans")``) and the field.

The reader is strict: a key the app does not know is refused, never ignored. A typo such as
``phnoe`` would otherwise drop a crisis number, or ``reverse`` a questionnaire item's
scoring, without a word.

Pure Python, no Django: the apps' pure engines load their data through it.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any


class DataFileError(ValueError):
    """A data file is missing or malformed.

    ``str(error)`` is the whole message for the operator: "<file>: <entry>: <problem>",
    where the problem names the field. The parts are kept too, for checks and tests.
    """

    def __init__(self, path: Path | str, problem: str, *, entry: str = "", field: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.entry = entry
        self.field = field
        place = f"{entry}: " if entry else ""
        super().__init__(f"{path}: {place}{problem}")


def read_toml(path: Path, error: type[DataFileError] = DataFileError) -> dict[str, Any]:
    """The file's top table. ``error`` lets an app raise its own subclass, which code
    outside this module already catches by name."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error(path, "file not found") from exc
    except UnicodeDecodeError as exc:
        raise error(path, "not valid TOML: the file is not UTF-8 text") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(error, path, text, str(exc)) from exc


_AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)$")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\"'-]+)\s*=")


def _syntax_error(error: type[DataFileError], path: Path, text: str, detail: str) -> DataFileError:
    """Name the line, the table around it and the key on it: tomllib gives only a line."""
    found = _AT_LINE.search(detail)
    if found is None:  # an error at the end of the file has no line number
        return error(path, f"not valid TOML ({detail})")
    number = int(found.group(1))
    lines = text.splitlines()[:number]
    entry = _table_at(lines)
    key = _KEY.match(lines[-1]) if lines else None
    field = key.group(1).strip("\"'") if key else ""
    where = ", ".join(p for p in (entry, f"'{field}'" if field else "") if p)
    found_at = f"line {number}" + (f" ({where})" if where else "")
    # "<file>: not valid TOML at ...": the place is in the sentence, so the message does not
    # repeat the entry in front of it; the parts are still kept for checks and tests.
    problem = error(path, f"not valid TOML at {found_at}: {detail[: found.start()]}")
    problem.entry, problem.field = entry, field
    return problem


def _table_at(lines: list[str]) -> str:
    """The table the last of ``lines`` belongs to: "[licence]" or "[[entries]] 3"."""
    counts: dict[str, int] = {}
    current = ""
    for line in lines:
        header = _HEADER.match(line)
        if header is None:
            continue
        name = header.group(2)
        if header.group(1) == "[[":
            counts[name] = counts.get(name, 0) + 1
            current = f"[[{name}]] {counts[name]}"
        else:
            current = f"[{name}]"
    return current


class Table:
    """One TOML table, read field by field. Every error names the file, this entry and the
    field; ``error`` is the class raised (an app's subclass of ``DataFileError``)."""

    def __init__(
        self,
        path: Path,
        data: Any,
        entry: str = "",
        error: type[DataFileError] = DataFileError,
    ) -> None:
        self.path = path
        self.where = entry
        self.error = error
        if not isinstance(data, Mapping):
            raise self.fail("must be a table")
        self.data: Mapping[str, Any] = data

    def fail(self, problem: str, field: str = "") -> DataFileError:
        return self.error(self.path, problem, entry=self.where, field=field)

    def only(self, allowed: Iterable[str]) -> None:
        """Refuse any key not in ``allowed``: a misspelt field is an error, not a default."""
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise self.fail(f"unknown field(s) {', '.join(unknown)}", field=unknown[0])

    def require(self, required: Iterable[str]) -> None:
        missing = sorted(set(required) - set(self.data))
        if missing:
            names = ", ".join(repr(m) for m in missing)
            raise self.fail(f"missing field{'s' if len(missing) > 1 else ''} {names}", missing[0])

    def text(self, key: str, *, strip: bool = True) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be a non-empty string", key)
        return value.strip() if strip else value

    def optional_text(self, key: str) -> str | None:
        return None if key not in self.data else self.text(key)

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"'{key}' must be a whole number", key)
        return value

    def number(self, key: str) -> float | None:
        """A finite number, or None when the field is absent."""
        value = self.data.get(key)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(f"'{key}' must be a number", key)
        return float(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' must be true or false", key)
        return value

    def day(self, key: str) -> date:
        value = self.data.get(key)
        # TOML has a native date type (last_checked = 2026-11-26); a datetime is refused
        # because the page shows a day, and a time zone would only confuse.
        if not isinstance(value, date) or isinstance(value, datetime):
            raise self.fail(f"'{key}' must be a date written as YYYY-MM-DD, without quotes", key)
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{key}' must be a list of strings", key)
        return tuple(value)

    def values(self, key: str) -> list[Any]:
        """A list of any values (absent: empty); the caller checks what is in it."""
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"'{key}' must be a list", key)
        return value

    def table(self, key: str, entry: str = "") -> Table:
        """The sub-table ``[key]`` (absent: empty), named ``entry`` in errors."""
        value = self.data.get(key, {})
        if not isinstance(value, Mapping):
            raise self.fail(f"'{key}' must be a table", key)
        return Table(self.path, value, entry or self._inner(f"[{key}]"), self.error)

    def tables(self, key: str, *, required: bool = True) -> list[Table]:
        """The ``[[key]]`` tables, each named by its number and its name or id."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or (required and not value):
            needs = "a non-empty list" if required else "a list"
            raise self.fail(f"'{key}' must be {needs} of [[{key}]] tables", key)
        if not all(isinstance(v, Mapping) for v in value):
            raise self.fail(f"'{key}' must be a list of [[{key}]] tables", key)
        return [
            Table(self.path, v, self._inner(_place(key, n, v)), self.error)
            for n, v in enumerate(value, start=1)
        ]

    def _inner(self, place: str) -> str:
        """A table inside this one is named with this one: 'items[3] ("q3") options[2]'."""
        return f"{self.where} {place}" if self.where else place


def _place(key: str, number: int, table: Mapping[str, Any]) -> str:
    """'entries[3] ("Samaritans")': the entry as the person wrote it, by number and name."""
    name = table.get("name", table.get("id"))
    return (
        f'{key}[{number}] ("{name}")'
        if isinstance(name, str) and name.strip()
        else f"{key}[{number}]"
    )
