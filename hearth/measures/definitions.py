"""Instrument definitions: typed, frozen data loaded from TOML files.

Each questionnaire lives in one TOML file (see ``instruments/``). This module turns those
files into frozen dataclasses and refuses anything malformed with a message that names the
file and the problem, so a clinic that adds its own instruments learns what to fix.

Pure Python: no Django import here or anywhere in ``hearth.measures`` scoring code.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

from hearth.core.datafile import DataFileError, Table, read_toml

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
    top = Table(path, read_toml(path, DefinitionError), error=DefinitionError)
    return _build(top, str(path))


# ---------------------------------------------------------------------------------------------
# Reading fields. The core Table names the file, the entry and the field in every error;
# these keep the definitions' own habits: texts are kept as written, some have a default.

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


def _text(table: Table, key: str, default: str | None = None) -> str:
    if key not in table.data and default is not None:
        return default
    table.require((key,))
    return table.text(key, strip=False)


def _optional(table: Table, key: str) -> str | None:
    return _text(table, key) if key in table.data else None


def _part(table: Table, key: str, allowed: set[str]) -> Table | None:
    """The sub-table ``[key]`` with only ``allowed`` fields, or None when it is absent."""
    if key not in table.data:
        return None
    part = table.table(key)
    part.only(allowed)
    return part


# ---------------------------------------------------------------------------------------------
# Building the dataclasses


def _build(top: Table, source: str) -> Instrument:
    top.only(_TOP_KEYS)
    instrument_id = _text(top, "id")
    if not instrument_id.isidentifier() or instrument_id != instrument_id.lower():
        raise top.fail(f"id {instrument_id!r} must be short, lower-case letters, digits or _", "id")
    default_options = _options(top) if "options" in top.data else None
    items = _items(top, default_options, "items")
    by_id = {i.id: i for i in items}
    method = _method(_part(top, "scoring", {"method"}))
    gate_table = _part(top, "gate", {"item", "open_values", "closed_total", "lead"})
    gate = _gate(gate_table, by_id)
    scored = [i for i in items if i.scored]
    if not scored:
        raise top.fail("at least one item must be scored", "items")
    low, high = score_range(scored, method)
    top.require(("licence",))
    licence = top.table("licence")
    licence.only({"name", "reference", "text_source", "attribution"})
    codes = _part(top, "codes", {"loinc_panel", "loinc_total"})
    derived = _part(top, "derived_from", {"instrument", "items"})
    derived_from, item_map = _derived(derived)
    instrument = Instrument(
        id=instrument_id,
        title=_text(top, "title"),
        short_title=_text(top, "short_title", default=instrument_id.upper()),
        version=_text(top, "version"),
        licence=_text(licence, "name"),
        licence_reference=_text(licence, "reference"),
        text_source=_text_source(licence),
        recall=_text(top, "recall", default="-"),
        stem=_text(top, "stem", default="-"),
        higher_is_better=top.boolean("higher_is_better", default=False),
        items=items,
        method=method,
        bands=_bands(top, (low, high), method, len(scored)),
        flags=tuple(_flag(f, by_id) for f in top.tables("flags", required=False)),
        subscales=_subscales(top.tables("subscales", required=False), by_id),
        missing=_missing(top, len(scored)),
        change=_change(top.table("change")),
        loinc_panel=_optional(codes, "loinc_panel") if codes else None,
        loinc_total=_optional(codes, "loinc_total") if codes else None,
        attribution=_text(licence, "attribution", default=""),
        stem_examples=top.strings("stem_examples"),
        extras=_extras(top, default_options, by_id),
        response=_response(_part(top, "response", {"values", "reference"}), scored),
        gate=gate,
        derived_from=derived_from,
        derived_item_map=item_map,
        source_file=source,
        _by_id=by_id,
    )
    if gate_table is not None and gate is not None and not low <= gate.closed_total <= high:
        raise gate_table.fail(
            f"closed_total {gate.closed_total} is outside {low}-{high}", "closed_total"
        )
    if derived is not None and set(dict(item_map)) != set(by_id):
        raise derived.fail("items must map every item of this instrument", "items")
    return instrument


def _method(scoring: Table | None) -> ScoringMethod:
    if scoring is None:
        return "sum"
    method = scoring.data.get("method", "sum")
    if method not in ("sum", "mean"):
        raise scoring.fail(f"method must be 'sum' or 'mean', not {method!r}", "method")
    return cast(ScoringMethod, method)


def _text_source(licence: Table) -> str:
    value = _text(licence, "text_source")
    if value not in ("published", "paraphrase"):
        raise licence.fail("text_source must be 'published' or 'paraphrase'", "text_source")
    return value


def _options(parent: Table) -> tuple[Option, ...]:
    rows = parent.tables("options")
    options = []
    for row in rows:
        row.only({"value", "label", "loinc"})
        options.append(
            Option(value=row.integer("value"), label=_text(row, "label"), loinc=_loinc(row))
        )
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        raise parent.fail("'options' has duplicate values", "options")
    return tuple(options)


_ITEM_KEYS = {"id", "text", "options", "reverse", "required", "scored", "loinc"}
_LOINC = re.compile(r"(LA)?[0-9]{1,8}-[0-9]")


def _loinc(entry: Table) -> str | None:
    code = _optional(entry, "loinc")
    if code is not None and not _LOINC.fullmatch(code):
        raise entry.fail(f"'loinc' {code!r} is not a LOINC code", "loinc")
    return code


def _items(parent: Table, default_options: tuple[Option, ...] | None, key: str) -> tuple[Item, ...]:
    items: list[Item] = []
    for row in parent.tables(key):
        row.only(_ITEM_KEYS)
        item_id = _text(row, "id")
        if not item_id.isidentifier():
            raise row.fail(f"item id {item_id!r} must use letters, digits or _ only", "id")
        options = _options(row) if "options" in row.data else default_options
        if options is None:
            raise row.fail(
                f"item {item_id!r} has no options and there are no shared options", "options"
            )
        items.append(
            Item(
                id=item_id,
                text=_text(row, "text"),
                options=options,
                reverse=row.boolean("reverse", default=False),
                required=row.boolean("required", default=False),
                scored=row.boolean("scored", default=True),
                loinc=_loinc(row),
            )
        )
    ids = [i.id for i in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise parent.fail(f"duplicate item id(s): {', '.join(duplicates)}", key)
    return tuple(items)


def _bands(
    top: Table, score_span: tuple[float, float], method: ScoringMethod, n_items: int
) -> tuple[Band, ...]:
    bands = []
    for row in top.tables("bands", required=False):
        row.only({"id", "label", "meaning", "min", "max"})
        lo, hi = row.number("min"), row.number("max")
        if lo is None or hi is None:
            raise row.fail("needs both 'min' and 'max'", "min" if lo is None else "max")
        if lo > hi:
            raise row.fail(f"min {lo} is above max {hi}", "min")
        bands.append(
            Band(
                id=_text(row, "id"),
                label=_text(row, "label"),
                meaning=_text(row, "meaning"),
                min=lo,
                max=hi,
            )
        )
    if bands:
        step = 1 if method == "sum" else 1 / n_items
        _check_coverage(top, bands, score_span, method, step)
    return tuple(bands)


def _check_coverage(
    top: Table,
    bands: list[Band],
    score_span: tuple[float, float],
    method: ScoringMethod,
    step: float,
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
        raise top.fail(
            f"bands must cover the whole score range {_fmt(low)}-{_fmt(high)}, "
            f"but they run from {_fmt(ordered[0].min)} to {_fmt(ordered[-1].max)}",
            "bands",
        )
    for before, after in itertools.pairwise(ordered):
        gap = after.min - before.max
        gap_ok = gap == 1 if method == "sum" else 0 < gap < step
        if not gap_ok:
            raise top.fail(
                f"bands {before.id!r} and {after.id!r} leave a gap or overlap "
                f"({_fmt(before.max)} then {_fmt(after.min)})",
                "bands",
            )
    ids = [b.id for b in bands]
    if len(set(ids)) != len(ids):
        raise top.fail("duplicate band ids", "bands")


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _flag(row: Table, by_id: Mapping[str, Item]) -> Flag:
    row.only({"id", "kind", "source", "op", "value", "label", "meaning"})
    kind, op, source = row.data.get("kind"), str(row.data.get("op")), _text(row, "source")
    if kind not in ("risk", "screen"):
        raise row.fail("kind must be 'risk' or 'screen'", "kind")
    if op not in COMPARISONS:
        raise row.fail(f"op must be one of {', '.join(COMPARISONS)}", "op")
    if source != "total" and source not in by_id:
        raise row.fail(f"source {source!r} is neither 'total' nor an item id", "source")
    value = row.number("value")
    if value is None:
        raise row.fail("missing field 'value'", "value")
    return Flag(
        id=_text(row, "id"),
        kind=kind,
        source=source,
        op=cast(Comparison, op),
        value=value,
        label=_text(row, "label"),
        meaning=_text(row, "meaning"),
    )


def _subscales(rows: list[Table], by_id: Mapping[str, Item]) -> tuple[Subscale, ...]:
    subscales = []
    for row in rows:
        row.only({"id", "title", "items", "method"})
        items = row.strings("items")
        unknown = [i for i in items if i not in by_id]
        if not items or unknown:
            raise row.fail(f"items must be known item ids (unknown: {unknown})", "items")
        subscales.append(
            Subscale(
                id=_text(row, "id"),
                title=_text(row, "title"),
                items=items,
                method=_method(row),
            )
        )
    return tuple(subscales)


def _missing(top: Table, n_scored: int) -> MissingPolicy:
    top.require(("missing",))
    entry = top.table("missing")
    entry.only({"rule", "max_missing", "source"})
    rule = entry.data.get("rule")
    if rule not in ("prorate", "refuse"):
        raise entry.fail("rule must be 'prorate' or 'refuse'", "rule")
    max_missing = entry.integer("max_missing") if rule == "prorate" else 0
    if not 0 <= max_missing < n_scored:
        raise entry.fail(f"max_missing must be between 0 and {n_scored - 1}", "max_missing")
    return MissingPolicy(rule=rule, max_missing=max_missing, source=_text(entry, "source"))


def _gate(entry: Table | None, by_id: Mapping[str, Item]) -> Gate | None:
    if entry is None:
        return None
    item = _text(entry, "item")
    if item not in by_id or by_id[item].scored:
        raise entry.fail(f"item {item!r} must be an item with scored = false", "item")
    opens = frozenset(_whole_numbers(entry, "open_values"))
    if not opens or not opens <= by_id[item].values:
        raise entry.fail("open_values must be answer values of the gate item", "open_values")
    closed = entry.number("closed_total")
    if closed is None:
        raise entry.fail("missing field 'closed_total'", "closed_total")
    total = int(closed) if closed.is_integer() else closed
    return Gate(item=item, open_values=opens, closed_total=total, lead=_text(entry, "lead", ""))


def _whole_numbers(entry: Table, key: str) -> list[int]:
    values = entry.values(key)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise entry.fail(f"'{key}' must be a list of whole numbers", key)
    return values


def _extras(
    top: Table, default_options: tuple[Option, ...] | None, by_id: Mapping[str, Item]
) -> tuple[Item, ...]:
    if "extras" not in top.data:
        return ()
    extras = _items(top, default_options, "extras")
    for extra in extras:
        if extra.id in by_id:
            raise top.fail(f"extra question {extra.id!r} has the id of an item", "extras")
        if extra.scored or extra.required or extra.reverse:
            raise top.fail(
                f"extra question {extra.id!r} must say scored = false, and no more", "extras"
            )
    return extras


def _response(entry: Table | None, scored: list[Item]) -> Response | None:
    if entry is None:
        return None
    values = frozenset(_whole_numbers(entry, "values"))
    if len(scored) != 1 or not values or not values <= scored[0].values:
        raise entry.fail("values must be answers of the one scored item", "values")
    return Response(values=values, reference=_text(entry, "reference"))


def _derived(entry: Table | None) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    if entry is None:
        return None, ()
    items = entry.data.get("items")
    if not isinstance(items, Mapping) or not all(isinstance(v, str) for v in items.values()):
        raise entry.fail(
            "items must map this instrument's item ids to the parent's item ids", "items"
        )
    return _text(entry, "instrument"), tuple(items.items())


_CHANGE_KEYS = {f.name for f in ChangeNorms.__dataclass_fields__.values()}
_CHANGE_TEXTS = {k for k in _CHANGE_KEYS if k.endswith("reference")} | {"reliable_change_reason"}
_REFERENCE_OF = {
    "rxx": "rxx_reference",
    "reliable_change_points": "reliable_change_reference",
    "alternative_points": "alternative_reference",
    "cutoff": "cutoff_reference",
}
REASON_KEYS = frozenset({"reliable_not_noticed", "same_service"})


def _change(entry: Table) -> ChangeNorms:
    entry.only(_CHANGE_KEYS)
    numbers = {k: entry.number(k) for k in _CHANGE_KEYS - _CHANGE_TEXTS}
    texts = {k: _text(entry, k, default="") for k in _CHANGE_TEXTS}
    rxx = numbers["rxx"]
    if rxx is not None and not 0 < rxx < 1:
        raise entry.fail("rxx must be between 0 and 1", "rxx")
    for key, value in numbers.items():
        if value is not None and (key.endswith("sd") or key.endswith("points")) and value <= 0:
            raise entry.fail(f"{key} must be above 0", key)
        if value is not None and not texts.get(_reference_key(key)):
            raise entry.fail(f"{key} needs a {_reference_key(key)}", _reference_key(key))
    reason = texts["reliable_change_reason"]
    if reason and reason not in REASON_KEYS:
        raise entry.fail(
            f"reliable_change_reason must be one of {sorted(REASON_KEYS)}",
            "reliable_change_reason",
        )
    fields: dict[str, Any] = {**numbers, **texts}
    return ChangeNorms(**fields)


def _reference_key(number_key: str) -> str:
    return _REFERENCE_OF.get(number_key) or number_key.split("_")[0] + "_reference"
