"""Places to turn to, per region, read from operator-editable TOML files.

Each ``<region>.toml`` in this folder (and in the operator's folders, searched first) holds a
region code, a display name and a list of entries. Each entry is one service of one *kind*:

- ``crisis``: someone to talk to about thoughts of suicide or self-harm;
- ``abuse``: help when a partner, an ex-partner or someone at home hurts, scares or controls you;
- ``sexual_violence``: help after rape or sexual assault;
- ``emergency``: the local emergency number (every list ends with it).

Every way to reach a service is checked when the file loads: ``phone`` and ``text`` hold one
dialable number each, digits with an optional leading ``+`` and nothing else, so every
``tel:`` and ``sms:`` link is built from exactly one number. ``verified`` is the day someone
checked the entry against the service's own website, and ``source`` the page they read; an
entry without it is shown as "not yet checked".

``default.toml`` is used for any region without a file of its own; it names no number on
purpose, because a wrong number in a crisis is worse than none.

Pure Python, no Django. Nothing is cached, so an operator's edit shows without a restart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote

from hearth.core.datafile import DataFileError, Table, read_toml

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_REGION = "default"
FALLBACK_LANGUAGE = "en"

# Region codes become file names, so they are checked before any file is opened: this is
# what stops a code such as "../../secrets" from reading outside the resource folders.
# ISO 3166-1 alpha-2, optionally with a short subdivision ("us", "gb", "ca-qc").
_REGION_CODE = re.compile(r"^[a-z]{2}(-[a-z0-9]{1,3})?$")
# One number a phone can dial: 3 to 15 digits (E.164 allows 15), an optional leading "+".
_NUMBER = re.compile(r"^\+?[0-9]{3,15}$")
# How a number is written for people to read: the same digits, grouped.
_SHOWN_NUMBER = re.compile(r"^\+?[0-9][0-9 ()\-]*$")
# A word to send by text, such as START or HOME.
_TEXT_WORD = re.compile(r"^[A-Za-z0-9]{1,20}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


class Kind(StrEnum):
    CRISIS = "crisis"
    ABUSE = "abuse"
    SEXUAL_VIOLENCE = "sexual_violence"
    EMERGENCY = "emergency"


class Focus(StrEnum):
    """What the person just told us, which decides the order of the list."""

    DANGER = "danger"  # danger from someone else: abuse and sexual-violence help first
    SELF_HARM = "self_harm"  # thoughts of harming oneself: crisis lines first
    GENERAL = "general"  # the public help page and gentle support: crisis lines first


# Kinds in the order each focus shows them. Emergency is always last.
ORDER: Mapping[Focus, tuple[Kind, ...]] = MappingProxyType(
    {
        Focus.DANGER: (Kind.ABUSE, Kind.SEXUAL_VIOLENCE, Kind.CRISIS, Kind.EMERGENCY),
        Focus.SELF_HARM: (Kind.CRISIS, Kind.ABUSE, Kind.SEXUAL_VIOLENCE, Kind.EMERGENCY),
        Focus.GENERAL: (Kind.CRISIS, Kind.ABUSE, Kind.SEXUAL_VIOLENCE, Kind.EMERGENCY),
    }
)

ENTRY_FIELDS = (
    "kind",
    "name",
    "purpose",
    "phone",
    "phone_shown",
    "text",
    "text_word",
    "web",
    "hours",
    "tip",
    "silent",
    "by_text",
    "verified",
    "source",
)

__all__ = [
    "DEFAULT_REGION",
    "ORDER",
    "DataFileError",
    "Focus",
    "HelpGroup",
    "Kind",
    "RegionResources",
    "ResourceEntry",
    "Words",
    "available_regions",
    "load_all",
    "load_resources",
    "normalize_region",
]


@dataclass(frozen=True, slots=True)
class Words:
    """A text in one or more languages (``{"en": ..., "de": ...}``)."""

    by_language: Mapping[str, str]

    def get(self, language: str | None) -> str:
        code = (language or FALLBACK_LANGUAGE).split("-")[0].lower()
        for key in (code, FALLBACK_LANGUAGE):
            if key in self.by_language:
                return self.by_language[key]
        return next(iter(self.by_language.values()))

    @property
    def all(self) -> tuple[str, ...]:
        return tuple(self.by_language.values())


@dataclass(frozen=True, slots=True)
class ResourceEntry:
    """One place to turn to."""

    kind: Kind
    name: str
    purpose: Words
    phone: str | None = None  # digits, optional leading "+": what a tel: link dials
    phone_shown: str | None = None  # the same number as people write it ("0808 2000 247")
    text: str | None = None  # digits: the number an sms: link writes to
    text_word: str | None = None  # the word to send, if the service asks for one
    web: str | None = None
    hours: Words | None = None
    tip: Words | None = None  # e.g. how to use it without speaking
    silent: bool = False  # usable without being heard speaking (text, chat, a silent call)
    by_text: bool = False  # usable by text message or chat
    verified: date | None = None  # the day it was checked on the service's own pages
    source: str | None = None  # the page that was read then

    @property
    def tel_url(self) -> str | None:
        return f"tel:{self.phone}" if self.phone else None

    @property
    def sms_url(self) -> str | None:
        """An RFC 5724 sms: link; the word to send is filled in as the message body."""
        if not self.text:
            return None
        body = f"?body={quote(self.text_word)}" if self.text_word else ""
        return f"sms:{self.text}{body}"

    @property
    def shown_number(self) -> str | None:
        return self.phone_shown or self.phone

    @property
    def is_verified(self) -> bool:
        return self.verified is not None

    @property
    def has_ways(self) -> bool:
        """True when it names a number or an address: something that can be wrong."""
        return bool(self.phone or self.text or self.web)

    @property
    def needs_checking(self) -> bool:
        return self.has_ways and not self.is_verified

    @property
    def texts(self) -> tuple[str, ...]:
        """Every text a person may read for this entry, in every language."""
        parts = [*self.purpose.all]
        for words in (self.hours, self.tip):
            if words is not None:
                parts += words.all
        return tuple(parts)


@dataclass(frozen=True, slots=True)
class HelpGroup:
    kind: Kind
    entries: tuple[ResourceEntry, ...]


@dataclass(frozen=True, slots=True)
class RegionResources:
    region: str
    name: Words
    entries: tuple[ResourceEntry, ...]
    source: Path
    # True when the person's region had no file and the default list is shown instead.
    is_fallback: bool = False

    @property
    def unverified(self) -> tuple[ResourceEntry, ...]:
        return tuple(e for e in self.entries if e.needs_checking)

    def groups(self, focus: Focus) -> tuple[HelpGroup, ...]:
        """The entries in the order ``focus`` asks for, one group per kind that has any.

        For danger from someone else, services that can be used by text or without speaking
        come first within each group: the person who hurts them may be in the room. The
        emergency group always comes last.
        """
        groups = []
        for kind in ORDER[focus]:
            entries = [e for e in self.entries if e.kind == kind]
            if focus == Focus.DANGER:
                # sorted() is stable: within "silent first", the file's own order is kept.
                entries.sort(key=lambda e: not (e.silent or e.by_text))
            if entries:
                groups.append(HelpGroup(kind, tuple(entries)))
        return tuple(groups)

    def ordered(self, focus: Focus) -> tuple[ResourceEntry, ...]:
        return tuple(e for g in self.groups(focus) for e in g.entries)


def normalize_region(region: str | None) -> str | None:
    """A clean region code, or None when the code is empty or not a plausible code."""
    code = (region or "").strip().lower().replace("_", "-")
    if code == DEFAULT_REGION or _REGION_CODE.match(code):
        return code
    return None


def load_resources(region: str | None, extra_dirs: Sequence[Path] = ()) -> RegionResources:
    """Resources for ``region``; the default list when there is no file for it.

    Operator folders in ``extra_dirs`` are searched first, in order, so an operator can
    replace a shipped list or add a region without touching the package. A malformed file
    raises ``DataFileError`` naming the file and the entry: ``load_all`` at start-up finds
    it before anyone in crisis does.
    """
    code = normalize_region(region)
    if code is not None:
        path = _find(code, extra_dirs)
        if path is not None:
            return _load_file(path)
    path = _find(DEFAULT_REGION, extra_dirs)
    if path is None:  # pragma: no cover - the package ships default.toml
        raise DataFileError(PACKAGE_DIR / "default.toml", "file not found")
    fallback = _load_file(path)
    return RegionResources(
        region=fallback.region,
        name=fallback.name,
        entries=fallback.entries,
        source=fallback.source,
        is_fallback=code != DEFAULT_REGION,
    )


def available_regions(extra_dirs: Sequence[Path] = ()) -> tuple[str, ...]:
    """Every region code with a file, sorted (``default`` included)."""
    codes = {p.stem for d in _search_dirs(extra_dirs) for p in d.glob("*.toml")}
    return tuple(sorted(c for c in codes if normalize_region(c) == c))


def load_all(extra_dirs: Sequence[Path] = ()) -> tuple[RegionResources, ...]:
    """Load every region file; raises on the first malformed one (for a start-up check)."""
    return tuple(load_resources(code, extra_dirs) for code in available_regions(extra_dirs))


def all_files(extra_dirs: Sequence[Path] = ()) -> tuple[Path, ...]:
    """Every resource file, shipped or the operator's, including ones another folder hides."""
    return tuple(
        sorted(
            p
            for d in _search_dirs(extra_dirs)
            for p in d.glob("*.toml")
            if normalize_region(p.stem) == p.stem
        )
    )


def load_file(path: Path) -> RegionResources:
    return _load_file(path)


def _search_dirs(extra_dirs: Sequence[Path]) -> Iterable[Path]:
    yield from (Path(d) for d in extra_dirs)
    yield PACKAGE_DIR


def _find(code: str, extra_dirs: Sequence[Path]) -> Path | None:
    for folder in _search_dirs(extra_dirs):
        candidate = folder / f"{code}.toml"
        if candidate.is_file():
            return candidate
    return None


_OLD_FIELDS = {
    "last_checked": "set 'verified' on each entry instead (see the shipped files)",
    "to_check": "leave 'verified' out until the entry is checked",
    "emergency": 'write kind = "emergency" instead',
}


def _load_file(path: Path) -> RegionResources:
    table = Table(path, read_toml(path))
    _refuse_old_fields(table)
    table.only(("region", "name", "entries"))
    region = table.text("region")
    if region != path.stem:
        raise table.fail(f"'region' is {region!r} but the file is named {path.name}")
    entries = tuple(_entry(t) for t in table.tables("entries"))
    if not any(e.kind == Kind.EMERGENCY for e in entries):
        raise table.fail('there must be an entry of kind "emergency" (every list ends with it)')
    return RegionResources(region=region, name=_words(table, "name"), entries=entries, source=path)


def _refuse_old_fields(table: Table) -> None:
    for key, advice in _OLD_FIELDS.items():
        if key in table.data:
            raise table.fail(f"'{key}' is no longer used: {advice}")


def _entry(table: Table) -> ResourceEntry:
    _refuse_old_fields(table)
    table.only(ENTRY_FIELDS)
    kind = table.text("kind")
    if kind not in set(Kind):
        raise table.fail(f"'kind' must be one of {', '.join(k.value for k in Kind)}")
    phone = _number(table, "phone")
    text = _number(table, "text")
    entry = ResourceEntry(
        kind=Kind(kind),
        name=table.text("name"),
        purpose=_words(table, "purpose"),
        phone=phone,
        phone_shown=_shown(table, phone),
        text=text,
        text_word=_text_word(table, text),
        web=_web(table, "web"),
        hours=_optional_words(table, "hours"),
        tip=_optional_words(table, "tip"),
        silent=table.boolean("silent", default=text is not None),
        by_text=table.boolean("by_text", default=text is not None),
        verified=_verified(table),
        source=_source(table),
    )
    if entry.verified is not None and entry.source is None:
        raise table.fail("'source' must name the page you checked when 'verified' is set")
    return entry


def _number(table: Table, key: str) -> str | None:
    value = table.optional_text(key)
    if value is not None and not _NUMBER.match(value):
        raise table.fail(
            f"'{key}' must be one number, digits only with an optional leading +, "
            f'like "08082000247" (found {value!r}); write a second number as its own entry'
        )
    return value


def _shown(table: Table, phone: str | None) -> str | None:
    shown = table.optional_text("phone_shown")
    if shown is None:
        return None
    if phone is None:
        raise table.fail("'phone_shown' needs a 'phone'")
    if not _SHOWN_NUMBER.match(shown) or re.sub(r"[^0-9+]", "", shown) != phone:
        raise table.fail(
            f"'phone_shown' ({shown!r}) must be the same number as 'phone' ({phone!r})"
        )
    return shown


def _text_word(table: Table, text: str | None) -> str | None:
    word = table.optional_text("text_word")
    if word is None:
        return None
    if text is None:
        raise table.fail("'text_word' needs a 'text' number")
    if not _TEXT_WORD.match(word):
        raise table.fail("'text_word' must be one word of letters or digits, like START")
    return word


def _web(table: Table, key: str) -> str | None:
    value = table.optional_text(key)
    if value is not None and (not value.startswith("https://") or any(c.isspace() for c in value)):
        raise table.fail(f"'{key}' must be one https:// address (found {value!r})")
    return value


def _source(table: Table) -> str | None:
    # The page that was read: http or https (some services' own pages are plain http). It is
    # kept for operators and the report, never shown as a link.
    value = table.optional_text("source")
    if value is not None and (
        not value.startswith(("https://", "http://")) or any(c.isspace() for c in value)
    ):
        raise table.fail(f"'source' must be one web address (found {value!r})")
    return value


def _verified(table: Table) -> date | None:
    value = table.data.get("verified")
    if value is None or value == "":
        return None
    day = table.day("verified")
    # "Last checked" must name a day that has been: a typo such as 2062 for 2026 would tell
    # a person in crisis that a number was checked when nobody did. One day of slack covers
    # a file written where the calendar is already a day ahead.
    if day > date.today() + timedelta(days=1):
        raise table.fail(
            f"'verified' ({day.isoformat()}) is after today: write the day you checked the entry"
        )
    return day


def _words(table: Table, key: str) -> Words:
    value = table.data.get(key)
    if isinstance(value, dict):
        found = {}
        for language, text in value.items():
            if not _LANGUAGE.match(language) or not isinstance(text, str) or not text.strip():
                raise table.fail(f"'{key}.{language}' must be a non-empty text (language: en, de)")
            found[language] = text.strip()
        if FALLBACK_LANGUAGE not in found:
            raise table.fail(f"'{key}' needs an English text ({key}.en)")
        return Words(MappingProxyType(found))
    return Words(MappingProxyType({FALLBACK_LANGUAGE: table.text(key)}))


def _optional_words(table: Table, key: str) -> Words | None:
    return None if key not in table.data else _words(table, key)
