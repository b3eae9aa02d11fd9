"""Score a CSV file of administrations (``hearth score``). Pure Python, no Django.

One row per administration, one column per item id; other columns pass through untouched.
The output adds ``total``, ``band``, ``flags`` and ``error``. A bad row gets its error and
the rest are still scored.

Two ways write the same bytes: ``batch_plain`` (the csv module and the engine, row by row:
the readable reference) and ``batch_fast`` (over a million PHQ-9 rows a second, the budget
in bench/bench_scoring.py). CSV output takes the fast way unless ``fast=False``; JSON
output, which is not on the fast path's budget, takes the plain way.
"""

from __future__ import annotations

import csv
from typing import TextIO

from hearth.measures import batch_fast
from hearth.measures.batch_plain import (
    OUTPUT_COLUMNS,
    BatchSummary,
    BatchUsageError,
    csv_rows,
    plain_outcomes,
    read_columns,
    write_json,
    write_rows,
)
from hearth.measures.definitions import Instrument

__all__ = ["BatchSummary", "BatchUsageError", "score_csv", "template_header"]


def template_header(instrument: Instrument) -> list[str]:
    """The columns a CSV file needs for ``instrument``: one per item id, in order."""
    return list(instrument.item_ids)


def score_csv(
    instrument: Instrument, source: TextIO, out: TextIO, fmt: str = "csv", *, fast: bool = True
) -> BatchSummary:
    """Score every row of ``source`` (CSV with a header) and write them to ``out``.

    ``source`` should be opened with ``newline=""``. Raises ``BatchUsageError`` when the
    header is unusable; bad rows are reported in their ``error`` column instead. ``fast``
    chooses how CSV output is written, never what: both ways write the same bytes.
    """
    header_line = source.readline()
    if not header_line.strip():
        raise BatchUsageError("The file is empty. It needs a header row first.")
    columns = read_columns(instrument, next(csv.reader([header_line])))
    if fmt == "json":
        return write_json(csv_rows(source), columns, plain_outcomes(instrument), out)
    csv.writer(out, lineterminator="\n").writerow([*columns.header, *OUTPUT_COLUMNS])
    if fast:
        return batch_fast.write_csv(instrument, columns, source, out)
    return write_rows(csv.reader(source), columns, plain_outcomes(instrument), out)
