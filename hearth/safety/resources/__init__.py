"""Crisis resources per region, read from operator-editable TOML files.

Each ``<region>.toml`` in this folder (and in an optional operator folder) holds a region code,
a display name, the day the entries were last checked and a list of entries. ``default.toml``
is used for any region without a file of its own; it names no number on purpose.

Pure Python, no Django: the web side picks the region (from the person's settings or the
operator's default) and caches the result if it wants to. Nothing is cached here, so an
operator's edit shows up without a restart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hearth.safety._toml import DataFileError, Table, read_toml

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_REGION = "default"

# Region codes become file names, so they are checked before any file is opened: this is
# what stops a code such as "../../secrets" from reading outside the resource folders.
# ISO 3166-1 alpha-2, optionally with a short subdivision ("us", "gb", "ca-qc").
_REGION_CODE = re.compile(r"^[a-z]{2}(-[a-z0-9]{1,3})?$")

ENTRY_FIELDS = ("name", "phone", "text", "web", "hours", "purpose", "emergency", "to_check")
CHECKABLE_FIELDS = frozenset({"name", "phone", "text", "web", "hours", "purpose"})

__all__ = [
    "DEFAULT_REGION",
    "DataFileError",
    "RegionResources",
    "ResourceEntry",
    "available_regions",
    "load_all",
    "load_resources",
    "normalize_region",
]


@dataclass(frozen=True, slots=True)
class ResourceEntry:
    """One place to turn to. Ways to reach it are plain strings, shown as written."""

    name: str
    purpose: str
    phone: str | None = None
    text: str | None = None
    web: str | None = None
    hours: str | None = None
    emergency: bool = False
    # Fields the operator still has to confirm (facts not from CLINICAL.md or a widely
    # known emergency number). Shown to operators, never to the person in distress.
    to_check: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RegionResources:
    region: str
    name: str
    last_checked: date
    entries: tuple[ResourceEntry, ...]
    source: Path
    # True when the person's region had no file and the default list is shown instead.
    is_fallback: bool = False

    @property
    def needs_checking(self) -> tuple[ResourceEntry, ...]:
        return tuple(e for e in self.entries if e.to_check)


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
    raises ``DataFileError`` naming the file: run ``load_all`` at start-up to find out early.
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
        last_checked=fallback.last_checked,
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


def _search_dirs(extra_dirs: Sequence[Path]) -> Iterable[Path]:
    yield from (Path(d) for d in extra_dirs)
    yield PACKAGE_DIR


def _find(code: str, extra_dirs: Sequence[Path]) -> Path | None:
    for folder in _search_dirs(extra_dirs):
        candidate = folder / f"{code}.toml"
        if candidate.is_file():
            return candidate
    return None


def _load_file(path: Path) -> RegionResources:
    table = Table(path, read_toml(path))
    table.only(("region", "name", "last_checked", "entries"))
    region = table.text("region")
    if region != path.stem:
        raise table.fail(f"'region' is {region!r} but the file is named {path.name}")
    return RegionResources(
        region=region,
        name=table.text("name"),
        last_checked=table.day("last_checked"),
        entries=tuple(_entry(t) for t in table.tables("entries")),
        source=path,
    )


def _entry(table: Table) -> ResourceEntry:
    table.only(ENTRY_FIELDS)
    to_check = table.strings("to_check")
    unknown = sorted(set(to_check) - CHECKABLE_FIELDS)
    if unknown:
        raise table.fail(f"'to_check' names unknown field(s) {', '.join(unknown)}")
    return ResourceEntry(
        name=table.text("name"),
        purpose=table.text("purpose"),
        phone=table.optional_text("phone"),
        text=table.optional_text("text"),
        web=table.optional_text("web"),
        hours=table.optional_text("hours"),
        emergency=table.boolean("emergency", default=False),
        to_check=to_check,
    )
