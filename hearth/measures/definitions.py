"""Instrument definitions: typed, frozen data loaded from TOML files.

Each questionnaire lives in one TOML file (see ``instruments/``). This module turns those
files into frozen dataclasses and refuses anything malformed with a message that names the
file and the problem, so a clinic that adds its own instruments learns what to fix.

Pure Python: no Django import here or anywhere in ``hearth.measures`` scoring code.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

from hearth.core.datafile import DataFileError, read_toml

PACKAGE_DIR = Path(__file__).resolve().parent / "instruments"

ScoringMethod = Literal["sum", "mean"]
MissingRule = Literal["prorate", "refuse"]
FlagKind = Literal["risk", "screen"]
Comparison = Literal[">", ">=", "<", "<=", "=="]

COMPARISONS: Mapping[str, Any] = {
    ">": float.__gt__,
    ">=": float.__ge__,
    "<": float.__lt__,
    "<=": float.__le__,
    "==": float.__eq__,
}


class DefinitionError(DataFileError):
    """A definition file is malformed. The message names the file, the entry and the field.

    Its own name stays because the start-up check and ``hearth-measures`` catch it."""


@dataclass(frozen=True, slots=True)
class Option:
    value: int
    label: str
    loinc: str | None = None  # the LOINC answer code (LA...), where one was checked


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: str
    options: tuple[Option, ...]
    reverse: bool = False
    required: bool = False
    scored: bool = True
    loinc: str | None = None  # the LOINC question code, where one was checked

    @property
    def values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.options)

    @property
    def min_value(self) -> int:
        return min(o.value for o in self.options)

    @property
    def max_value(self) -> int:
        return max(o.value for o in self.options)

    def scored_value(self, value: int) -> int:
        """The value that counts towards scores: reverse-keyed items are mirrored."""
        return self.min_value + self.max_value - value if self.reverse else value


@dataclass(frozen=True, slots=True)
class Band:
    id: str
    label: str
    meaning: str
    min: float
    max: float


@dataclass(frozen=True, slots=True)
class Flag:
    """A rule that raises a flag. ``source`` is ``total`` or an item id."""

    id: str
    kind: FlagKind
    source: str
    op: Comparison
    value: float
    label: str
    meaning: str

    def applies(self, observed: float) -> bool:
        return bool(COMPARISONS[self.op](float(observed), float(self.value)))


@dataclass(frozen=True, slots=True)
class Subscale:
    id: str
    title: str
    items: tuple[str, ...]
    method: ScoringMethod


@dataclass(frozen=True, slots=True)
class MissingPolicy:
    rule: MissingRule
    max_missing: int
    source: str


@dataclass(frozen=True, slots=True)
class Gate:
    """An entry question: any answer outside ``open_values`` closes the instrument.

    ``lead`` introduces the questions that follow the gate (as the published form does)."""

    item: str
    open_values: frozenset[int]
    closed_total: float
    lead: str = ""


@dataclass(frozen=True, slots=True)
class Response:
    """Answers that count as a response to treatment in clinicians' reports (PGIC)."""

    values: frozenset[int]
    reference: str


@dataclass(frozen=True, slots=True)
class ChangeNorms:
    """The one change rule of an instrument, with its references (Jacobson & Truax 1991).

    Every page, report, CSV, API answer and FHIR export judges change with this rule and
    nothing else. Reliable change is decided, in this order:

    - by the reliable change index when a published clinical SD and reliability exist;
    - else by a published threshold in raw points (``reliable_change_points``);
    - else not at all: every view then says, in the same words, that no published rule
      exists.

    ``reliable_change_reason`` names why Hearth chose this rule where published rules
    differ (a key of ``hearth.measures.words.REASONS``); ``alternative_points`` and its
    reference name the other published rule, so a clinician can see both. ``cutoff`` is a
    published cut-off between the clinical and the functional range; without it the
    cut-off is computed from the norms (c, a or b).
    """

    rxx: float | None = None
    rxx_reference: str = ""
    clinical_mean: float | None = None
    clinical_sd: float | None = None
    clinical_reference: str = ""
    functional_mean: float | None = None
    functional_sd: float | None = None
    functional_reference: str = ""
    reliable_change_points: float | None = None
    reliable_change_reference: str = ""
    reliable_change_reason: str = ""
    alternative_points: float | None = None
    alternative_reference: str = ""
    cutoff: float | None = None
    cutoff_reference: str = ""

    @property
    def rule(self) -> str:
        """``index``, ``points`` or ``none``: how reliable change is decided."""
        if self.clinical_sd is not None and self.rxx is not None:
            return "index"
        if self.reliable_change_points is not None:
            return "points"
        return "none"


@dataclass(frozen=True, slots=True)
class DerivedLink:
    """A child instrument scored from some of the parent's items (e.g. PHQ-2 from PHQ-9)."""

    instrument: Instrument
    item_map: tuple[tuple[str, str], ...]  # (child item id, parent item id)


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    title: str
    short_title: str
    version: str
    licence: str
    licence_reference: str
    text_source: str
    recall: str
    stem: str
    higher_is_better: bool
    items: tuple[Item, ...]
    method: ScoringMethod
    bands: tuple[Band, ...]
    flags: tuple[Flag, ...]
    subscales: tuple[Subscale, ...]
    missing: MissingPolicy
    change: ChangeNorms
    loinc_panel: str | None = None
    loinc_total: str | None = None
    attribution: str = ""
    stem_examples: tuple[str, ...] = ()
    # Questions asked with the instrument but never scored (the PHQ-9's difficulty
    # question): optional, kept with the answers, never part of any total or flag.
    extras: tuple[Item, ...] = ()
    response: Response | None = None
    gate: Gate | None = None
    # The language of the texts: English is the source; a validated translation replaces
    # the words only (hearth.measures.translations), never ids, values or scoring.
    language: str = "en"
    translation_reference: str = ""
    derived_from: str | None = None
    derived_item_map: tuple[tuple[str, str], ...] = ()
    derived: tuple[DerivedLink, ...] = ()
    source_file: str = ""
    _by_id: Mapping[str, Item] = field(default_factory=dict, compare=False, repr=False)

    def item(self, item_id: str) -> Item:
        return self._by_id[item_id]

    def extra_question(self, extra_id: str) -> Item | None:
        return next((e for e in self.extras if e.id == extra_id), None)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    @property
    def adapted(self) -> bool:
        """True when the questions are not in their published wording: the published
        cut-offs were not validated for this wording, and every view says so."""
        return self.text_source != "published"

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.scored)

    @property
    def min_score(self) -> float:
        return score_range(self.scored_items, self.method)[0]

    @property
    def max_score(self) -> float:
        return score_range(self.scored_items, self.method)[1]


def score_range(items: Sequence[Item], method: ScoringMethod) -> tuple[float, float]:
    """The lowest and highest possible score of ``items`` under ``method``."""
    low = sum(i.min_value for i in items)
    high = sum(i.max_value for i in items)
    if method == "mean":
        return low / len(items), high / len(items)
    return low, high


# ---------------------------------------------------------------------------------------------
# Loading


@cache
def _package_instruments() -> dict[str, Instrument]:
    return _load_dirs([PACKAGE_DIR])


def load_instruments(extra_dirs: Sequence[Path] = ()) -> dict[str, Instrument]:
    """All shipped instruments plus any ``*.toml`` in ``extra_dirs``, keyed by id.

    The shipped set is parsed once and cached; extra directories are read on every call
    because a clinic may edit them while the service runs.
    """
    if not extra_dirs:
        return dict(_package_instruments())
    return _load_dirs([PACKAGE_DIR, *extra_dirs])


def _load_dirs(dirs: Iterable[Path]) -> dict[str, Instrument]:
    raw: dict[str, Instrument] = {}
    for directory in dirs:
        if not directory.is_dir():
            raise DefinitionError(directory, "instrument directory not found")
        for path in sorted(directory.glob("*.toml")):
            instrument = load_file(path)
            if instrument.id in raw:
                first = raw[instrument.id].source_file
                raise DefinitionError(
                    path, f"duplicate instrument id {instrument.id!r} (already defined in {first})"
                )
            raw[instrument.id] = instrument
    return _link_derived(raw)


def _link_derived(raw: dict[str, Instrument]) -> dict[str, Instrument]:
    children: dict[str, list[DerivedLink]] = {}
    for child in raw.values():
        if child.derived_from is None:
            continue
        parent = raw.get(child.derived_from)
        where = child.source_file
        if parent is None:
            raise DefinitionError(
                where,
                f"derived_from names unknown instrument {child.derived_from!r}",
                entry="[derived_from]",
                field="instrument",
            )
        for child_item, parent_item in child.derived_item_map:
            if parent_item not in parent.item_ids:
                raise DefinitionError(
                    where,
                    f"derived item {child_item!r} maps to "
                    f"{parent_item!r}, which {parent.id} does not have",
                    entry="[derived_from]",
                    field="items",
                )
        link = DerivedLink(instrument=child, item_map=child.derived_item_map)
        children.setdefault(parent.id, []).append(link)
    return {k: replace(v, derived=tuple(children.get(k, ()))) for k, v in raw.items()}


def load_file(path: Path) -> Instrument:
    """Parse and validate one definition file."""
    data = read_toml(path, DefinitionError)
    try:
        return _build(data, str(path))
    except _Problem as exc:
        raise DefinitionError(path, str(exc)) from None


class _Problem(Exception):
    """Internal: a validation problem, re-raised with the file name attached."""


# ---------------------------------------------------------------------------------------------
# Small typed readers over the untyped TOML tables

_TOP_KEYS = {
    "id",
    "title",
    "short_title",
    "version",
    "recall",
    "stem",
    "higher_is_better",
    "licence",
    "codes",
    "scoring",
    "missing",
    "options",
    "items",
    "bands",
    "flags",
    "subscales",
    "gate",
    "derived_from",
    "change",
    "stem_examples",
    "extras",
    "response",
}


def _table(data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> Any:
    if key not in data:
        if required:
            raise _Problem(f"missing field {where}{key!r}")
        return None
    return data[key]


def _check_keys(data: Any, allowed: set[str], where: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise _Problem(f"{where or 'file'} must be a table")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _Problem(f"unknown key(s) in {where or 'file'}: {', '.join(unknown)}")
    return data


def _str(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None:
        raise _Problem(f"missing field {where}{key!r}")
    if not isinstance(value, str) or not value.strip():
        raise _Problem(f"{where}{key!r} must be a non-empty string")
    return value


def _num(data: Mapping[str, Any], key: str, where: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Problem(f"{where}{key!r} must be a number")
    return float(value)


def _int(data: Mapping[str, Any], key: str, where: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Problem(f"{where}{key!r} must be a whole number")
    return value


def _bool(data: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise _Problem(f"{where}{key!r} must be true or false")
    return value


def _list(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise _Problem(f"{where}{key!r} must be a list")
    return value


# ---------------------------------------------------------------------------------------------
# Building the dataclasses


def _build(data: dict[str, Any], source: str) -> Instrument:
    _check_keys(data, _TOP_KEYS, "")
    instrument_id = _str(data, "id", "")
    if not instrument_id.isidentifier() or instrument_id != instrument_id.lower():
        raise _Problem(f"id {instrument_id!r} must be short, lower-case letters, digits or _")
    default_options = _options(data.get("options"), "options")
    items = _items(_list(data, "items", ""), default_options)
    by_id = {i.id: i for i in items}
    scoring = _check_keys(data.get("scoring", {}), {"method"}, "[scoring]")
    method = scoring.get("method", "sum")
    if method not in ("sum", "mean"):
        raise _Problem(f"[scoring] method must be 'sum' or 'mean', not {method!r}")
    gate = _gate(data.get("gate"), by_id)
    scored = [i for i in items if i.scored]
    if not scored:
        raise _Problem("at least one item must be scored")
    low, high = score_range(scored, method)
    licence = _check_keys(
        _table(data, "licence", ""),
        {"name", "reference", "text_source", "attribution"},
        "[licence]",
    )
    codes = _check_keys(data.get("codes", {}), {"loinc_panel", "loinc_total"}, "[codes]")
    derived_from, item_map = _derived(data.get("derived_from"))
    instrument = Instrument(
        id=instrument_id,
        title=_str(data, "title", ""),
        short_title=_str(data, "short_title", "", default=instrument_id.upper()),
        version=_str(data, "version", ""),
        licence=_str(licence, "name", "[licence] "),
        licence_reference=_str(licence, "reference", "[licence] "),
        text_source=_text_source(licence),
        recall=_str(data, "recall", "", default="-"),
        stem=_str(data, "stem", "", default="-"),
        higher_is_better=_bool(data, "higher_is_better", "", default=False),
        items=items,
        method=method,
        bands=_bands(_list(data, "bands", ""), (low, high), method, len(scored)),
        flags=tuple(_flag(f, by_id, i) for i, f in enumerate(_list(data, "flags", ""))),
        subscales=_subscales(_list(data, "subscales", ""), by_id),
        missing=_missing(_table(data, "missing", ""), len(scored)),
        change=_change(data.get("change", {})),
        loinc_panel=codes.get("loinc_panel"),
        loinc_total=codes.get("loinc_total"),
        attribution=str(licence.get("attribution", "")),
        stem_examples=tuple(str(e) for e in _list(data, "stem_examples", "")),
        extras=_extras(data.get("extras"), default_options, by_id),
        response=_response(data.get("response"), by_id, scored),
        gate=gate,
        derived_from=derived_from,
        derived_item_map=item_map,
        source_file=source,
        _by_id=by_id,
    )
    if gate is not None and not low <= gate.closed_total <= high:
        raise _Problem(f"[gate] closed_total {gate.closed_total} is outside {low}-{high}")
    if derived_from is not None and set(dict(item_map)) != set(by_id):
        raise _Problem("[derived_from] items must map every item of this instrument")
    return instrument


def _text_source(licence: Mapping[str, Any]) -> str:
    value = _str(licence, "text_source", "[licence] ")
    if value not in ("published", "paraphrase"):
        raise _Problem("[licence] text_source must be 'published' or 'paraphrase'")
    return value


def _options(raw: Any, where: str) -> tuple[Option, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw:
        raise _Problem(f"{where} must be a non-empty list of {{value, label}} tables")
    options = []
    for n, entry in enumerate(raw, 1):
        here = f"{where} #{n} "
        _check_keys(entry, {"value", "label", "loinc"}, here.strip())
        options.append(
            Option(
                value=_int(entry, "value", here),
                label=_str(entry, "label", here),
                loinc=_loinc(entry, here),
            )
        )
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        raise _Problem(f"{where} has duplicate values")
    return tuple(options)


_ITEM_KEYS = {"id", "text", "options", "reverse", "required", "scored", "loinc"}
_LOINC = re.compile(r"(LA)?[0-9]{1,8}-[0-9]")


def _loinc(entry: Mapping[str, Any], where: str) -> str | None:
    if "loinc" not in entry:
        return None
    code = _str(entry, "loinc", where)
    if not _LOINC.fullmatch(code):
        raise _Problem(f"{where}'loinc' {code!r} is not a LOINC code")
    return code


def _items(
    raw: list[Any], default_options: tuple[Option, ...] | None, table: str = "items"
) -> tuple[Item, ...]:
    if not raw:
        raise _Problem(f"missing field {table!r} (at least one [[{table}]] table)")
    items: list[Item] = []
    for n, entry in enumerate(raw, 1):
        here = f"[[{table}]] #{n} "
        _check_keys(entry, _ITEM_KEYS, here.strip())
        item_id = _str(entry, "id", here)
        if not item_id.isidentifier():
            raise _Problem(f"item id {item_id!r} must use letters, digits or _ only")
        options = _options(entry.get("options"), f"item {item_id} options") or default_options
        if options is None:
            raise _Problem(f"item {item_id!r} has no options and there are no shared options")
        items.append(
            Item(
                id=item_id,
                text=_str(entry, "text", here),
                options=options,
                reverse=_bool(entry, "reverse", here, default=False),
                required=_bool(entry, "required", here, default=False),
                scored=_bool(entry, "scored", here, default=True),
                loinc=_loinc(entry, here),
            )
        )
    ids = [i.id for i in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise _Problem(f"duplicate item id(s): {', '.join(duplicates)}")
    return tuple(items)


def _bands(
    raw: list[Any], score_span: tuple[float, float], method: ScoringMethod, n_items: int
) -> tuple[Band, ...]:
    bands = []
    for n, entry in enumerate(raw, 1):
        here = f"[[bands]] #{n} "
        _check_keys(entry, {"id", "label", "meaning", "min", "max"}, here.strip())
        lo, hi = _num(entry, "min", here), _num(entry, "max", here)
        if lo is None or hi is None:
            raise _Problem(f"{here}needs both 'min' and 'max'")
        if lo > hi:
            raise _Problem(f"{here}min {lo} is above max {hi}")
        bands.append(
            Band(
                id=_str(entry, "id", here),
                label=_str(entry, "label", here),
                meaning=_str(entry, "meaning", here),
                min=lo,
                max=hi,
            )
        )
    if bands:
        step = 1 if method == "sum" else 1 / n_items
        _check_coverage(bands, score_span, method, step)
    return tuple(bands)


def _check_coverage(
    bands: list[Band], score_span: tuple[float, float], method: ScoringMethod, step: float
) -> None:
    """Bands must tile the whole score range, in order, without gaps or overlaps.

    Sum scores are whole numbers, so the next band starts one point above the last one ends.
    Mean scores are fractions, so bands are written like 1-2.9 then 3-5: the next band must
    start above the last one's max, less than one answer step (1 / items) above it. This
    is a guard against typos; a mean that falls in such a gap belongs to the lower band
    (see ``scoring.band_for``), so every score still gets exactly one band.
    """
    low, high = score_span
    ordered = sorted(bands, key=lambda b: b.min)
    if ordered[0].min != low or ordered[-1].max != high:
        raise _Problem(
            f"bands must cover the whole score range {_fmt(low)}-{_fmt(high)}, "
            f"but they run from {_fmt(ordered[0].min)} to {_fmt(ordered[-1].max)}"
        )
    for before, after in itertools.pairwise(ordered):
        gap = after.min - before.max
        gap_ok = gap == 1 if method == "sum" else 0 < gap < step
        if not gap_ok:
            raise _Problem(
                f"bands {before.id!r} and {after.id!r} leave a gap or overlap "
                f"({_fmt(before.max)} then {_fmt(after.min)})"
            )
    ids = [b.id for b in bands]
    if len(set(ids)) != len(ids):
        raise _Problem("duplicate band ids")


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _flag(raw: Any, by_id: Mapping[str, Item], index: int) -> Flag:
    here = f"[[flags]] #{index + 1} "
    keys = {"id", "kind", "source", "op", "value", "label", "meaning"}
    entry = _check_keys(raw, keys, here.strip())
    kind, op, source = entry.get("kind"), str(entry.get("op")), _str(entry, "source", here)
    if kind not in ("risk", "screen"):
        raise _Problem(f"{here}kind must be 'risk' or 'screen'")
    if op not in COMPARISONS:
        raise _Problem(f"{here}op must be one of {', '.join(COMPARISONS)}")
    if source != "total" and source not in by_id:
        raise _Problem(f"{here}source {source!r} is neither 'total' nor an item id")
    value = _num(entry, "value", here)
    if value is None:
        raise _Problem(f"missing field {here}'value'")
    return Flag(
        id=_str(entry, "id", here),
        kind=kind,
        source=source,
        op=cast(Comparison, op),
        value=value,
        label=_str(entry, "label", here),
        meaning=_str(entry, "meaning", here),
    )


def _subscales(raw: list[Any], by_id: Mapping[str, Item]) -> tuple[Subscale, ...]:
    subscales = []
    for n, entry in enumerate(raw, 1):
        here = f"[[subscales]] #{n} "
        _check_keys(entry, {"id", "title", "items", "method"}, here.strip())
        items = tuple(_list(entry, "items", here))
        unknown = [i for i in items if i not in by_id]
        if not items or unknown:
            raise _Problem(f"{here}items must be known item ids (unknown: {unknown})")
        method = entry.get("method", "sum")
        if method not in ("sum", "mean"):
            raise _Problem(f"{here}method must be 'sum' or 'mean'")
        subscales.append(
            Subscale(
                id=_str(entry, "id", here),
                title=_str(entry, "title", here),
                items=items,
                method=method,
            )
        )
    return tuple(subscales)


def _missing(raw: Any, n_scored: int) -> MissingPolicy:
    entry = _check_keys(raw, {"rule", "max_missing", "source"}, "[missing]")
    rule = entry.get("rule")
    if rule not in ("prorate", "refuse"):
        raise _Problem("[missing] rule must be 'prorate' or 'refuse'")
    max_missing = _int(entry, "max_missing", "[missing] ") if rule == "prorate" else 0
    if not 0 <= max_missing < n_scored:
        raise _Problem(f"[missing] max_missing must be between 0 and {n_scored - 1}")
    return MissingPolicy(
        rule=rule, max_missing=max_missing, source=_str(entry, "source", "[missing] ")
    )


def _gate(raw: Any, by_id: Mapping[str, Item]) -> Gate | None:
    if raw is None:
        return None
    entry = _check_keys(raw, {"item", "open_values", "closed_total", "lead"}, "[gate]")
    item = _str(entry, "item", "[gate] ")
    if item not in by_id or by_id[item].scored:
        raise _Problem(f"[gate] item {item!r} must be an item with scored = false")
    opens = frozenset(_list(entry, "open_values", "[gate] "))
    if not opens or not opens <= by_id[item].values:
        raise _Problem("[gate] open_values must be answer values of the gate item")
    closed = _num(entry, "closed_total", "[gate] ")
    if closed is None:
        raise _Problem("missing field [gate] 'closed_total'")
    total = int(closed) if closed.is_integer() else closed
    lead = str(entry.get("lead", ""))
    return Gate(item=item, open_values=opens, closed_total=total, lead=lead)


def _extras(
    raw: Any, default_options: tuple[Option, ...] | None, by_id: Mapping[str, Item]
) -> tuple[Item, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _Problem("'extras' must be a list of [[extras]] tables")
    extras = _items(raw, default_options, "extras")
    for extra in extras:
        if extra.id in by_id:
            raise _Problem(f"extra question {extra.id!r} has the id of an item")
        if extra.scored or extra.required or extra.reverse:
            raise _Problem(f"extra question {extra.id!r} must say scored = false, and no more")
    return extras


def _response(raw: Any, by_id: Mapping[str, Item], scored: list[Item]) -> Response | None:
    if raw is None:
        return None
    entry = _check_keys(raw, {"values", "reference"}, "[response]")
    values = frozenset(_list(entry, "values", "[response] "))
    if len(scored) != 1 or not values or not values <= scored[0].values:
        raise _Problem("[response] values must be answers of the one scored item")
    return Response(values=values, reference=_str(entry, "reference", "[response] "))


def _derived(raw: Any) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    if raw is None:
        return None, ()
    entry = _check_keys(raw, {"instrument", "items"}, "[derived_from]")
    items = entry.get("items")
    if not isinstance(items, Mapping) or not all(isinstance(v, str) for v in items.values()):
        raise _Problem(
            "[derived_from] items must map this instrument's item ids to the parent's item ids"
        )
    return _str(entry, "instrument", "[derived_from] "), tuple(items.items())


_CHANGE_KEYS = {f.name for f in ChangeNorms.__dataclass_fields__.values()}
_CHANGE_TEXTS = {k for k in _CHANGE_KEYS if k.endswith("reference")} | {"reliable_change_reason"}
_REFERENCE_OF = {
    "rxx": "rxx_reference",
    "reliable_change_points": "reliable_change_reference",
    "alternative_points": "alternative_reference",
    "cutoff": "cutoff_reference",
}
REASON_KEYS = frozenset({"reliable_not_noticed", "same_service"})


def _change(raw: Any) -> ChangeNorms:
    entry = _check_keys(raw, _CHANGE_KEYS, "[change]")
    numbers = {k: _num(entry, k, "[change] ") for k in _CHANGE_KEYS - _CHANGE_TEXTS}
    texts = {k: str(entry.get(k, "")) for k in _CHANGE_TEXTS}
    rxx = numbers["rxx"]
    if rxx is not None and not 0 < rxx < 1:
        raise _Problem("[change] rxx must be between 0 and 1")
    for key, value in numbers.items():
        if value is not None and (key.endswith("sd") or key.endswith("points")) and value <= 0:
            raise _Problem(f"[change] {key} must be above 0")
        if value is not None and not texts.get(_reference_key(key)):
            raise _Problem(f"[change] {key} needs a {_reference_key(key)}")
    reason = texts["reliable_change_reason"]
    if reason and reason not in REASON_KEYS:
        raise _Problem(f"[change] reliable_change_reason must be one of {sorted(REASON_KEYS)}")
    fields: dict[str, Any] = {**numbers, **texts}
    return ChangeNorms(**fields)


def _reference_key(number_key: str) -> str:
    return _REFERENCE_OF.get(number_key) or number_key.split("_")[0] + "_reference"
