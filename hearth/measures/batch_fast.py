"""The fast way to write a scored CSV file: ``write_csv``, the only entry point.

It writes exactly the bytes of the plain way in ``batch_plain.py``, the readable reference;
tests/measures/test_batch_cli.py compares the two on generated files of every layout.

Why it is fast (goal: over a million PHQ-9 rows a second, and under twice the time of just
reading the file with the ``csv`` module):

* Rows whose cells are all plain valid answers reduce to a small packed code (total,
  flag-item answers, derived totals). Only one row per code goes through the full engine;
  every other row with that code reuses its output, found by one dict lookup.
* When every answer is one character, the code comes from two halves of the item cells,
  each looked up in a tiny memo, all inside ``map`` (C speed). If the items are the last
  columns, they are cut straight off the end of each line; if they sit side by side
  elsewhere, a regex finds them; otherwise lines are split into cells.
* Files without quotes are written as the raw line plus a cached, pre-formatted suffix (the
  same bytes the csv module would write), lines and suffixes interleaved and joined once
  per block. Any quote or lone carriage return switches to the csv module for the rest of
  the file, which handles quoting and line breaks inside fields.
* Blocks are small enough (128K characters) to stay in the CPU cache between passes.
* Anything else (blanks, odd spacing, values off the scale, rows of the wrong width) takes
  the general path, row by row, memoized on the raw item strings.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from operator import add, itemgetter
from typing import TextIO, cast

from hearth.measures.batch_plain import (
    BatchSummary,
    Columns,
    Outcome,
    RawKey,
    fit,
    outcome_of,
    score_cells,
    width_error,
    write_rows,
)
from hearth.measures.definitions import DerivedLink, Instrument, Item
from hearth.measures.scoring import ScoreResult, ScoringError, score

__all__ = ["write_csv"]

# Work through the file in blocks of about 128K characters (some 4,000 lines): a block, its
# lines and their codes then stay in the CPU cache between passes. 1M-character blocks made
# scoring about 20% slower.
CHUNK_CHARS = 1 << 17
MAX_CACHE = 1_000_000  # bounds memory on pathological files; cleared when full


def write_csv(
    instrument: Instrument, columns: Columns, source: TextIO, out: TextIO
) -> BatchSummary:
    """Score the rows left in ``source`` (after the header) and write them to ``out``."""
    scorer = RowScorer(instrument)
    fast = _FastWriter(_Layout.of(columns), scorer)
    for chunk in _chunks(source):
        lone_cr = "\r" in chunk and chunk.count("\r") != chunk.count("\r\n")
        if '"' in chunk or lone_cr:
            # Quoting or odd line breaks: hand this chunk and the rest of the file to csv.
            rest = itertools.chain(io.StringIO(chunk), source)
            tail = write_rows(csv.reader(rest), columns, scorer.outcome, out)
            return BatchSummary(fast.rows + tail.rows, fast.failed + tail.failed)
        fast.write(chunk.replace("\r\n", "\n") if "\r" in chunk else chunk, out)
    return BatchSummary(fast.rows, fast.failed)


# ---------------------------------------------------------------------------------------------
# Scoring rows of raw strings, with memoization


class RowScorer:
    """Turns the raw item strings of a row into an ``Outcome`` or a CSV suffix, memoized."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.plan = _PackedPlan.build(instrument)
        self._by_code: dict[int, Outcome] = {}
        self._suffixes: dict[Outcome, str] = {}
        self._parent_only = replace(instrument, derived=())
        self._parents: dict[int, ScoreResult] = {}
        self._children: tuple[dict[int, ScoreResult | None], ...] = tuple(
            {} for _ in instrument.derived
        )

    def outcome(self, key: RawKey) -> Outcome:
        if self.plan is not None:
            code = self.plan.code(key)
            if code is not None:
                found = self._by_code.get(code)
                if found is None:
                    found = self._by_code[code] = self._plain(key, code, self.plan)
                return found
        return self._slow(key)

    def suffix(self, key: RawKey) -> str:
        """The text that ends a raw CSV line: the outcome's four fields and the line break,
        formatted once."""
        outcome = self.outcome(key)
        text = self._suffixes.get(outcome)
        if text is None:
            text = self._suffixes[outcome] = _format_suffix(outcome)
        return text

    def _plain(self, key: RawKey, code: int, plan: _PackedPlan) -> Outcome:
        """The outcome of a row of plain answers, put together from parts when there are
        derived instruments. The parent's result depends only on its part of the code (total
        and flag items) and each derived result only on that instrument's total, so the
        engine scores each part once: for PHQ-9, at most 100 parent parts and 7 PHQ-2 totals
        instead of up to 532 whole codes. The parts are joined as ``score`` joins them.
        """
        if not self.instrument.derived:
            return self._slow(key)
        answers = dict(zip(self.instrument.item_ids, map(int, key), strict=True))
        part = code % plan.parent_modulus
        parent = self._parents.get(part)
        if parent is None:
            try:
                parent = self._parents[part] = score(self._parent_only, answers)
            except ScoringError:  # not expected for plain answers; the engine decides
                return self._slow(key)
        derived = []
        links = zip(self.instrument.derived, plan.derived_digits, self._children, strict=True)
        for link, (weight, span), results in links:
            total = code // weight % span
            if total not in results:
                results[total] = _derived_result(link, answers)
            if (result := results[total]) is not None:
                derived.append(result)
        return outcome_of(replace(parent, derived=tuple(derived)))

    def _slow(self, key: RawKey) -> Outcome:
        return score_cells(self.instrument, key)


@dataclass(frozen=True, slots=True)
class _PackedPlan:
    """For plain sum scores the outcome depends on a few numbers only: the total, the answers
    to items that carry flags, and the totals of derived instruments. Each raw answer maps to
    its share of those numbers packed into one integer (mixed radix, so shares add up without
    carries), so a row costs one ``sum`` over small dict lookups.

    Used only when that dependence is provably all there is: sum scoring, no gate, every
    item scored, flags on the total or on single items, and derived instruments that are
    plain sums of the same items with the same keying and flags on their total only.
    """

    maps: tuple[dict[str, int], ...]  # raw answer text -> packed share, per item column
    parent_modulus: int  # code % parent_modulus: the total and flag-item part of the code
    derived_digits: tuple[tuple[int, int], ...]  # (weight, span) of each derived total

    @classmethod
    def build(cls, instrument: Instrument) -> _PackedPlan | None:
        if not _signature_safe(instrument):
            return None
        items, ids = instrument.items, instrument.item_ids
        fields: list[tuple[set[int], int]] = [(set(range(len(items))), _span(items))]
        for item_id in sorted({f.source for f in instrument.flags if f.source != "total"}):
            position = ids.index(item_id)
            fields.append(({position}, _span([items[position]])))
        parent_fields = len(fields)
        for link in instrument.derived:
            positions = {ids.index(parent) for _, parent in link.item_map}
            fields.append((positions, _span([items[p] for p in positions])))
        weights, weight = [], 1
        for _, base in fields:
            weights.append(weight)
            weight *= base
        maps = tuple(
            {
                str(v): sum(w for (pos, _), w in zip(fields, weights, strict=True) if j in pos)
                * (item.scored_value(v) - item.min_value)
                for v in item.values
            }
            for j, item in enumerate(items)
        )
        derived = tuple((weights[i], fields[i][1]) for i in range(parent_fields, len(fields)))
        return cls(maps, derived[0][0] if derived else weight, derived)

    def code(self, key: RawKey) -> int | None:
        try:
            return sum(map(dict.__getitem__, self.maps, key))
        except KeyError:
            return None  # blank, odd spacing or invalid: let the full engine decide


def _derived_result(link: DerivedLink, answers: dict[str, int]) -> ScoreResult | None:
    """What ``score`` puts in ``derived`` for ``link``: None when the child cannot be scored
    (the engine then only adds a note, which the batch output does not show)."""
    try:
        return score(link.instrument, {child: answers[parent] for child, parent in link.item_map})
    except ScoringError:
        return None


def _span(items: Sequence[Item]) -> int:
    """How many different sums of shifted values ``items`` can give."""
    return sum(i.max_value - i.min_value for i in items) + 1


def _signature_safe(instrument: Instrument) -> bool:
    plain = instrument.method == "sum" and instrument.gate is None
    if not plain or not all(i.scored for i in instrument.items):
        return False
    if any(i.reverse for i in instrument.items if any(f.source == i.id for f in instrument.flags)):
        return False
    return all(
        _derived_safe(instrument, link.instrument, link.item_map) for link in instrument.derived
    )


def _derived_safe(
    parent: Instrument, child: Instrument, item_map: Sequence[tuple[str, str]]
) -> bool:
    if child.method != "sum" or child.gate is not None or child.derived:
        return False
    if any(f.source != "total" for f in child.flags):
        return False
    return all(
        child.item(c) == parent.item(p) or _same_keying(child, parent, c, p) for c, p in item_map
    )


def _same_keying(child: Instrument, parent: Instrument, child_id: str, parent_id: str) -> bool:
    a, b = child.item(child_id), parent.item(parent_id)
    return a.options == b.options and a.reverse == b.reverse and a.scored and b.scored


# ---------------------------------------------------------------------------------------------
# Reading and writing files


@dataclass
class _Layout:
    """How the item cells can be found in a line, quickly."""

    width: int
    getter: Callable[[Sequence[str]], RawKey]
    block: re.Pattern[str] | None  # finds the item cells of every line, when contiguous
    lead: int | None  # columns before the items, when the items are the last columns

    @classmethod
    def of(cls, columns: Columns) -> _Layout:
        positions, width = columns.positions, columns.width
        first = positions[0]
        lead = first if positions == list(range(first, width)) else None
        names = [h.strip() for h in columns.header]
        return cls(width, _key_getter(positions), _block_pattern(positions, names), lead)


def _block_pattern(positions: list[int], names: list[str]) -> re.Pattern[str] | None:
    """A regex that matches a whole line of exactly the header's width and captures the item
    cells as one string, when the item columns sit side by side in the instrument's order
    (as in the template). ``findall`` then pulls every key of a chunk out in C.
    """
    first, count = positions[0], len(positions)
    if positions != list(range(first, first + count)):
        return None
    cell = "[^,\n]*+"  # possessive: a cell never gives back characters, so no backtracking
    after = len(names) - first - count
    text = f"^{(cell + ',') * first}({','.join([cell] * count)}){(',' + cell) * after}$"
    return re.compile(text, re.MULTILINE)


def _key_getter(positions: list[int]) -> Callable[[Sequence[str]], RawKey]:
    if len(positions) == 1:
        only = positions[0]
        return lambda row: (row[only],)
    getter: Callable[[Sequence[str]], RawKey] = itemgetter(*positions)
    return getter


def _chunks(source: TextIO) -> Iterator[str]:
    """Blocks of whole lines."""
    while chunk := source.read(CHUNK_CHARS):
        if not chunk.endswith("\n"):
            chunk += source.readline()
        yield chunk


class _FastWriter:
    """Writes quote-free chunks as raw line + cached suffix."""

    def __init__(self, layout: _Layout, scorer: RowScorer) -> None:
        self.layout, self.scorer = layout, scorer
        self.suffixes = _SuffixMemo(scorer)
        self.joined = _JoinedSuffixMemo(scorer)
        self.line_ends = _Halves.for_line_ends(scorer.plan, layout.lead)
        self.halves = _Halves.for_keys(scorer.plan) if layout.block is not None else None
        self.by_code: dict[int, str] = {}
        self.rows = self.failed = 0

    def write(self, chunk: str, out: TextIO) -> None:
        lines = chunk.split("\n")
        if lines[-1] == "":
            lines.pop()
        # Substring search finds blank lines much faster than looking for "" in ``lines``.
        blank = chunk.startswith("\n") or "\n\n" in chunk
        if blank or not self._write_quick(chunk, lines, out):
            self._write_by_split(lines, out, blank)

    def _write_quick(self, chunk: str, lines: list[str], out: TextIO) -> bool:
        """Score a chunk without splitting lines into cells. False when some line has the
        wrong number of fields, or the columns allow no quick way."""
        if self.line_ends is not None:
            return self._write_by_line_ends(lines, self.line_ends, out)
        return self._write_by_block(chunk, lines, out)

    def _write_by_line_ends(self, lines: list[str], halves: _Halves, out: TextIO) -> bool:
        """The quickest way, when the items are the last columns: cut the item cells off the
        end of each line, no regex. A line with exactly the header's number of commas ends
        with its item cells, so the slices either are those cells as plain one-character
        answers, or are rejected by the half memos and the row takes the general path.
        """
        n, lead = len(lines), self.layout.lead
        commas = list(map(str.count, lines, itertools.repeat(",", n)))
        if commas.count(self.layout.width - 1) != n:
            return False
        suffixes = self._suffixes(
            halves.codes(lines), lambda at: lines[at].split(",", lead or 0)[-1]
        )
        self._emit(lines, suffixes, out, self.joined.error_seen)
        return True

    def _write_by_block(self, chunk: str, lines: list[str], out: TextIO) -> bool:
        """The quick way: regex keys. False when some line has the wrong width."""
        if self.layout.block is None:
            return False
        keys = self.layout.block.findall(chunk)
        if len(keys) != len(lines):
            return False
        if self.halves is None:
            suffixes = list(map(self.joined.__getitem__, keys))
        else:
            suffixes = self._suffixes(self.halves.codes(keys), keys.__getitem__)
        self._emit(lines, suffixes, out, self.joined.error_seen)
        return True

    def _suffixes(self, codes: list[int], key_at: Callable[[int], str]) -> list[str]:
        """The suffix of each row from its packed code. ``key_at(i)`` gives row i's item cells
        joined by commas, for the rows the codes cannot settle.
        """
        by_code = self.by_code
        try:
            # Negative codes (rows that are not plain answers) are never stored: KeyError.
            return list(map(by_code.__getitem__, codes))
        except KeyError:
            pass
        # Rare: a code not seen before, or a row that is not plain answers (None below).
        # The extra cost grows with the number of such rows, not with the chunk's size.
        suffixes = list(map(by_code.get, codes))
        if suffixes.count(None) > 64:  # many, as in the first chunk: fill codes in bulk
            row_of_code = dict(zip(codes, range(len(codes)), strict=True))
            for code in row_of_code.keys() - by_code.keys():
                if code >= 0:
                    by_code[code] = self.joined[key_at(row_of_code[code])]
            suffixes = list(map(by_code.get, codes))
        at = 0
        for _ in range(suffixes.count(None)):  # the few rows left, one by one
            at = suffixes.index(None, at)
            code = codes[at]
            if code < 0:  # not plain answers: the general path decides
                suffixes[at] = self.joined[key_at(at)]
            elif (found := by_code.get(code)) is not None:
                suffixes[at] = found
            else:
                suffixes[at] = by_code[code] = self.joined[key_at(at)]
        return cast("list[str]", suffixes)  # no None is left

    def _write_by_split(self, lines: list[str], out: TextIO, blank: bool) -> None:
        if blank:
            lines = [line for line in lines if line]
        rows = list(map(str.split, lines, itertools.repeat(",", len(lines))))
        if set(map(len, rows)) == {self.layout.width}:
            suffixes = list(map(self.suffixes.__getitem__, map(self.layout.getter, rows)))
        else:  # rare: rows with the wrong number of fields, fixed up one by one
            lines, suffixes = self._ragged(rows)
        self._emit(lines, suffixes, out, self.suffixes.error_seen)

    def _emit(self, lines: list[str], suffixes: list[str], out: TextIO, errors: bool) -> None:
        # Interleave lines and suffixes (which end with the line break) by slice assignment
        # and join once: no new string per row, unlike line + suffix.
        parts = lines + suffixes
        parts[::2], parts[1::2] = lines, suffixes
        out.write("".join(parts))
        self.rows += len(lines)
        if errors:
            self.failed += sum(map(_is_error_suffix, suffixes))

    def _ragged(self, rows: list[list[str]]) -> tuple[list[str], list[str]]:
        lines, suffixes = [], []
        for row in rows:
            if len(row) == self.layout.width:
                suffixes.append(self.suffixes[self.layout.getter(row)])
            else:
                suffixes.append(_format_suffix(width_error(row, self.layout.width)))
                self.suffixes.error_seen = True
            lines.append(",".join(fit(row, self.layout.width)))
        return lines, suffixes


def _is_error_suffix(suffix: str) -> bool:
    # A good row's suffix ends with the empty error field. An error message that ended in
    # a comma would contain one, so csv would quote it: error suffixes never end in ",\n".
    return not suffix.endswith(",\n")


class _SuffixMemo(dict[RawKey, str]):
    """Raw item strings -> suffix. Lookups stay in C (``map``) until a miss."""

    def __init__(self, scorer: RowScorer) -> None:
        super().__init__()
        self._scorer = scorer
        self.error_seen = False

    def __missing__(self, key: RawKey) -> str:
        if len(self) > MAX_CACHE:
            self.clear()
        value = self[key] = self._scorer.suffix(key)
        self.error_seen = self.error_seen or _is_error_suffix(value)
        return value


INVALID = -(1 << 62)  # far below any sum of packed shares, so a sum with it stays negative


@dataclass(frozen=True, slots=True)
class _Halves:
    """Finds packed codes from two slices of a text that hold the item cells as one-character
    answers. Each slice maps to its share of the code through a tiny memo (a few hundred
    entries that stay in the CPU cache), instead of one lookup in a dict of every answer
    pattern seen (over 250,000 for random PHQ-9 rows, which misses cache).
    """

    cut_first: Callable[[str], str]
    cut_second: Callable[[str], str]
    first: dict[str, int]
    second: dict[str, int]

    @classmethod
    def for_keys(cls, plan: _PackedPlan | None) -> _Halves | None:
        """For keys that are just the item cells: "d,d,d,d" and then ",d,d,d,d,d"."""
        maps = _one_character_maps(plan)
        if maps is None:
            return None
        middle = len(maps) // 2
        cut = 2 * middle - 1
        return cls(
            itemgetter(slice(0, cut)),
            itemgetter(slice(cut, None)),
            _HalfMemo(maps[:middle], leading_comma=False),
            _HalfMemo(maps[middle:], leading_comma=True),
        )

    @classmethod
    def for_line_ends(cls, plan: _PackedPlan | None, lead: int | None) -> _Halves | None:
        """For whole lines whose last columns are the items, ``lead`` columns before them.
        Plain answers take two characters each (",d"), so the first half is cut from twice
        the number of items before the end. With columns before the items, that slice starts
        with their comma, which rules out a longer first item cell ("10" would leave "0");
        without any, the first half runs from the start of the line and must match exactly.
        """
        maps = _one_character_maps(plan)
        if maps is None or lead is None:
            return None
        middle = len(maps) // 2
        second = -2 * (len(maps) - middle)
        start = -2 * len(maps) if lead else None
        return cls(
            itemgetter(slice(start, second)),
            itemgetter(slice(second, None)),
            _HalfMemo(maps[:middle], leading_comma=lead > 0),
            _HalfMemo(maps[middle:], leading_comma=True),
        )

    def codes(self, texts: list[str]) -> list[int]:
        """The packed code of each text, negative when it is not plain answers."""
        firsts = map(self.first.__getitem__, map(self.cut_first, texts))
        seconds = map(self.second.__getitem__, map(self.cut_second, texts))
        return list(map(add, firsts, seconds))


def _one_character_maps(plan: _PackedPlan | None) -> tuple[dict[str, int], ...] | None:
    """The plan's answer maps, when there are enough items to halve and every answer is one
    character."""
    if plan is None or len(plan.maps) < 4:
        return None
    if any(len(raw) != 1 for m in plan.maps for raw in m):
        return None
    return plan.maps


class _HalfMemo(dict[str, int]):
    """Half a joined key -> its packed share, or INVALID if it is not plain answers."""

    def __init__(self, maps: Sequence[dict[str, int]], *, leading_comma: bool) -> None:
        super().__init__()
        self._maps, self._leading = maps, leading_comma

    def __missing__(self, text: str) -> int:
        if len(self) > MAX_CACHE:
            self.clear()
        value = self[text] = self._share(text)
        return value

    def _share(self, text: str) -> int:
        if self._leading:
            if not text.startswith(","):
                return INVALID
            text = text[1:]
        cells = text.split(",")
        if len(cells) != len(self._maps):
            return INVALID
        try:
            return sum(m[c] for m, c in zip(self._maps, cells, strict=True))
        except KeyError:
            return INVALID


class _JoinedSuffixMemo(dict[str, str]):
    """Like ``_SuffixMemo``, keyed by the item cells as one comma-joined string."""

    def __init__(self, scorer: RowScorer) -> None:
        super().__init__()
        self._scorer = scorer
        self.error_seen = False

    def __missing__(self, key: str) -> str:
        if len(self) > MAX_CACHE:
            self.clear()
        value = self[key] = self._scorer.suffix(tuple(key.split(",")))
        self.error_seen = self.error_seen or _is_error_suffix(value)
        return value


def _format_suffix(outcome: Outcome) -> str:
    """The text that ends a raw line: a comma, the four output fields as CSV, a line break."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(["", *outcome.csv_fields()])
    return buffer.getvalue() + "\n"
