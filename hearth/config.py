"""Typed parsing of HEARTH_* environment variables.

Parsing never raises: a bad value falls back to the default and is recorded in
``errors``, so that the problem is reported by a Django system check with a stable
id (see hearth.core.checks) instead of a traceback at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


@dataclass
class Env:
    """Reads variables from a mapping and remembers what could not be parsed."""

    source: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    errors: list[tuple[str, str]] = field(default_factory=list)

    def raw(self, name: str) -> str | None:
        return self.source.get(name)

    def text(self, name: str, default: str) -> str:
        value = self.raw(name)
        return default if value is None else value.strip()

    def flag(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.errors.append((name, f"{name} must be true or false, not {value!r}."))
        return default

    def number(self, name: str, default: int, minimum: int = 0) -> int:
        value = self.raw(name)
        if value is None or not value.strip():
            return default
        try:
            number = int(value.strip())
        except ValueError:
            self.errors.append((name, f"{name} must be a whole number, not {value!r}."))
            return default
        if number < minimum:
            self.errors.append((name, f"{name} must be at least {minimum}, not {number}."))
            return default
        return number

    def secret(self, name: str) -> tuple[str | None, str]:
        """Return (value, source) from NAME or from the file named by NAME_FILE."""
        direct = self.raw(name)
        if direct:
            return direct.strip(), "env"
        path = self.raw(f"{name}_FILE")
        if not path:
            return None, "missing"
        try:
            return Path(path).read_text(encoding="utf-8").strip(), "file"
        except OSError as exc:
            self.errors.append((f"{name}_FILE", f"{name}_FILE cannot be read: {exc.strerror}."))
            return None, "missing"

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.text(name, default).lower()
        if value in choices:
            return value
        allowed = ", ".join(choices)
        self.errors.append((name, f"{name} must be one of {allowed}, not {value!r}."))
        return default


def parse_database_url(url: str) -> dict[str, object]:
    """Turn postgres://user:pass@host:port/name?opt=v or sqlite:///path into DATABASES."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ValueError("the URL names no database (add /dbname at the end)")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": dict(parse_qsl(parts.query)),
        }
    if scheme == "sqlite":
        # As in common usage: sqlite:///relative/path and sqlite:////absolute/path.
        path = unquote(parts.path)[1:]
        if not path:
            raise ValueError("the URL names no file (use sqlite:////absolute/path.sqlite3)")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
    raise ValueError(f"the scheme {scheme or '(none)'!r} is not supported (use postgres or sqlite)")
