"""``hearth score``: score questionnaire files from the command line. No Django needed.

    hearth score --list
    hearth score --template phq9
    hearth score phq9 answers.csv [-o scored.csv] [--format csv|json]

Exit status: 0 when every row was scored, 1 when any row failed, 2 on usage errors.
Clinics can add instruments with HEARTH_INSTRUMENTS_DIR (directories, os.pathsep-separated).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from hearth.measures.batch import BatchUsageError, score_csv, template_header
from hearth.measures.definitions import DefinitionError, Instrument, load_instruments

USAGE_ERROR = 2
ROWS_FAILED = 1


class _UsageError(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    """Run ``hearth score`` with ``argv`` (the words after ``score``); return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse has already printed its message
        return exc.code if isinstance(exc.code, int) else USAGE_ERROR
    try:
        return _run(args, parser)
    except _UsageError as exc:
        print(f"hearth score: {exc}", file=sys.stderr)
        return USAGE_ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hearth score",
        description="Score a CSV file of questionnaire answers: one row per administration, "
        "one column per question id. Other columns are copied as they are.",
    )
    parser.add_argument("--list", action="store_true", help="list the instruments and exit")
    parser.add_argument("--template", metavar="ID", help="print the CSV header an instrument needs")
    parser.add_argument("instrument", nargs="?", help="instrument id, for example phq9")
    parser.add_argument("file", nargs="?", help="CSV file with a header row ('-' for stdin)")
    parser.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    return parser


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    instruments = _instruments()
    if args.list:
        for instrument in sorted(instruments.values(), key=lambda i: i.id):
            print(f"{instrument.id}\t{instrument.title}")
        return 0
    if args.template:
        print(",".join(template_header(_pick(instruments, args.template))))
        return 0
    if not args.instrument or not args.file:
        parser.print_usage(sys.stderr)
        raise _UsageError("give an instrument id and a CSV file, or --list, or --template ID")
    return _score_file(_pick(instruments, args.instrument), args.file, args.output, args.format)


def _instruments() -> dict[str, Instrument]:
    raw = os.environ.get("HEARTH_INSTRUMENTS_DIR", "")
    extra = [Path(p) for p in raw.split(os.pathsep) if p.strip()]
    try:
        return load_instruments(extra)
    except DefinitionError as exc:
        raise _UsageError(str(exc)) from exc


def _pick(instruments: dict[str, Instrument], instrument_id: str) -> Instrument:
    if instrument_id not in instruments:
        known = ", ".join(sorted(instruments))
        raise _UsageError(f"unknown instrument {instrument_id!r}. Known: {known}.")
    return instruments[instrument_id]


def _score_file(instrument: Instrument, file: str, output: str | None, fmt: str) -> int:
    with _open_in(file) as source, _open_out(output) as out:
        try:
            summary = score_csv(instrument, source, out, fmt)
        except BatchUsageError as exc:
            raise _UsageError(f"{file}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise _UsageError(
                f"{file}: this is not UTF-8 text. Save it as CSV UTF-8 and try again."
            ) from exc
        except csv.Error as exc:
            raise _UsageError(f"{file}: not a CSV file this tool can read ({exc}).") from exc
    if summary.failed:
        print(
            f"hearth score: {summary.failed} of {summary.rows} rows could not be scored; "
            "see the error column.",
            file=sys.stderr,
        )
        return ROWS_FAILED
    return 0


@contextlib.contextmanager
def _open_in(file: str) -> Iterator[TextIO]:
    if file == "-":
        yield sys.stdin
        return
    try:
        handle = open(file, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as exc:
        raise _UsageError(f"cannot read {file}: {exc.strerror}") from exc
    with handle:
        yield handle


@contextlib.contextmanager
def _open_out(output: str | None) -> Iterator[TextIO]:
    """The output file appears only once it is complete: a run that stops half way leaves
    an earlier file of that name as it was, and no half-written one. Like any file of
    answers, it is readable by its owner only."""
    if output is None:
        yield sys.stdout
        return
    target = Path(output)
    try:
        fd, part = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise _UsageError(f"cannot write {output}: {exc.strerror}") from exc
    try:
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(part, target)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    sys.exit(main())
