"""The plain way to score a CSV file of administrations: the readable reference.

Every row is read with the ``csv`` module and its item cells are scored by the engine
(``scoring.score``). ``batch.score_csv`` writes CSV output with ``batch_fast`` instead, which
writes exactly these bytes much faster; tests/measures/test_batch_cli.py compares the two on
generated files. The types and row helpers here are shared by both ways. Pure Python.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TextIO

from hearth.measures.definitions import Instrument
from hearth.measures.scoring import ScoreResult, ScoringError, format_total, parse_answer, score

OUTPUT_COLUMNS = ("total", "band", "flags", "error")
PLAIN_MEMO_ROWS = 1 << 16  # distinct rows remembered by the plain way

RawKey = tuple[str, ...]  # the item cells of one row, as written in the file
OutcomeOf = Callable[[RawKey], "Outcome"]


class BatchUsageError(ValueError):
    """The file cannot be scored at all (for example, item columns are missing)."""


class Outcome(NamedTuple):
    total: float | None
    band: str
    flags: tuple[str, ...]
    error: str

    @property
    def failed(self) -> bool:
        return bool(self.error)

    def csv_fields(self) -> list[str]:
        total = "" if self.total is None else format_total(self.total)
        return [total, self.band, ";".join(self.flags), self.error]


@dataclass(frozen=True, slots=True)
class BatchSummary:
    rows: int
    failed: int


@dataclass(frozen=True)
class Columns:
    """The file's header and where the instrument's items sit in it, in item order."""

    header: list[str]
    positions: list[int]

    @property
    def width(self) -> int:
        return len(self.header)

    def key(self, row: Sequence[str]) -> RawKey:
        return tuple(row[p] for p in self.positions)


def outcome_of(result: ScoreResult) -> Outcome:
    flags = [f.id for f in result.flags]
    flags += [f"{d.instrument_id}:{f.id}" for d in result.derived for f in d.flags]
    return Outcome(result.total, result.band_id or "", tuple(flags), "")


def score_cells(instrument: Instrument, key: RawKey) -> Outcome:
    """Score one row's item cells with the engine; a row it cannot score gets its message."""
    try:
        answers = {
            item_id: parse_answer(raw, item_id)
            for item_id, raw in zip(instrument.item_ids, key, strict=True)
        }
        return outcome_of(score(instrument, answers))
    except ScoringError as exc:
        return Outcome(None, "", (), str(exc))


def plain_outcomes(instrument: Instrument) -> OutcomeOf:
    """``score_cells`` for ``instrument``, remembering recent rows (answers repeat a lot)."""
    return functools.lru_cache(maxsize=PLAIN_MEMO_ROWS)(functools.partial(score_cells, instrument))


def read_columns(instrument: Instrument, header: list[str]) -> Columns:
    names = [h.strip() for h in header]
    missing = [i for i in instrument.item_ids if i not in names]
    if missing:
        raise BatchUsageError(
            f"The file has no column for: {', '.join(missing)}. "
            f"Run 'hearth score --template {instrument.id}' to see the header it needs."
        )
    clashes = [c for c in OUTPUT_COLUMNS if c in names]
    if clashes:
        raise BatchUsageError(
            f"The file already has column(s) named {', '.join(clashes)}. "
            "Rename or remove them, since the scores are written there."
        )
    return Columns(header, [names.index(i) for i in instrument.item_ids])


def width_error(row: Sequence[str], width: int) -> Outcome:
    message = f"This row has {len(row)} fields, but the header has {width}."
    if len(row) > width:
        message += " The extra fields were left out here."
    return Outcome(None, "", (), message)


def fit(row: list[str], width: int) -> list[str]:
    """Pad or cut a row to the header's width, so the score columns line up."""
    return row[:width] + [""] * (width - len(row))


def row_outcome(row: Sequence[str], columns: Columns, outcome: OutcomeOf) -> Outcome:
    if len(row) != columns.width:
        return width_error(row, columns.width)
    return outcome(columns.key(row))


def write_rows(
    rows: Iterable[list[str]], columns: Columns, outcome: OutcomeOf, out: TextIO
) -> BatchSummary:
    """Write each non-empty row, cut or padded to the header's width, with its outcome."""
    writer = csv.writer(out, lineterminator="\n")
    count = failed = 0
    for row in rows:
        if not row:
            continue
        result = row_outcome(row, columns, outcome)
        writer.writerow(fit(row, columns.width) + result.csv_fields())
        count += 1
        failed += result.failed
    return BatchSummary(count, failed)


def csv_rows(source: TextIO) -> Iterator[list[str]]:
    return (row for row in csv.reader(source) if row)


def write_json(
    rows: Iterable[list[str]], columns: Columns, outcome: OutcomeOf, out: TextIO
) -> BatchSummary:
    """A JSON array of objects: the input columns, then total, band, flags, error."""
    count = failed = 0
    out.write("[")
    for row in rows:
        result = row_outcome(row, columns, outcome)
        record: dict[str, object] = dict(zip(columns.header, row, strict=False))
        record.update(
            total=result.total,
            band=result.band or None,
            flags=list(result.flags),
            error=result.error or None,
        )
        out.write(("\n" if count == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
        count += 1
        failed += result.failed
    out.write("\n]\n")
    return BatchSummary(count, failed)
