from __future__ import annotations

import csv
import io
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.measures.batch import score_csv
from hearth.measures.batch_fast import RowScorer
from hearth.measures.batch_plain import outcome_of
from hearth.measures.cli import main
from hearth.measures.definitions import Instrument
from hearth.measures.scoring import ScoringError, format_total, parse_answer, score

ROOT = Path(__file__).resolve().parents[2]
HEADER = "id,q1,q2,q3,q4,q5,q6,q7,q8,q9,note\n"


def _write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(header + body, newline="")
    return path


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_it_lists_instrument_ids_and_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    assert "phq9\tPatient Health Questionnaire (PHQ-9)" in out
    assert "pcptsd5\t" in out


def test_it_prints_the_header_a_file_needs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--template", "pcptsd5"]) == 0
    assert capsys.readouterr().out == "exposure,q1,q2,q3,q4,q5\n"


def test_it_scores_a_good_file_and_keeps_other_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "a,0,1,2,3,0,1,2,3,0,x\nb,3,3,3,3,3,3,3,3,3,y\n")
    assert main(["phq9", str(path)]) == 0
    rows = _rows(capsys.readouterr().out)
    assert [(r["id"], r["note"], r["total"], r["band"], r["flags"], r["error"]) for r in rows] == [
        ("a", "x", "12", "moderate", "", ""),
        ("b", "y", "27", "severe", "self_harm;phq2:positive_screen", ""),
    ]


def test_a_bad_row_gets_its_error_and_the_others_are_still_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "a,0,0,0,0,0,0,0,0,0,x\nb,4,0,0,0,0,0,0,0,0,y\nc,1,1,1\nd,1,1,1,1,1,1,1,,1,z\n"
    out = tmp_path / "out.csv"
    assert main(["phq9", str(_write(tmp_path, body)), "-o", str(out)]) == 1
    assert "2 of 4 rows could not be scored" in capsys.readouterr().err
    rows = _rows(out.read_text())
    assert [r["total"] for r in rows] == ["0", "", "", "9"]
    assert "off the scale" in rows[1]["error"]
    assert rows[2]["id"] == "c" and "4 fields, but the header has 11" in rows[2]["error"]


def test_a_file_that_is_not_utf8_gets_a_clear_message_and_leaves_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = "a,0,1,2,3,0,1,2,3,0,x\n" * 50_000  # past the first block read
    path = tmp_path / "in.csv"
    path.write_bytes((HEADER + good).encode() + b"b,1,1,1,1,1,1,1,1,1,caf\xe9\n")
    out = tmp_path / "out.csv"
    out.write_text("yesterday's results\n")
    assert main(["phq9", str(path), "-o", str(out)]) == 2
    assert "not UTF-8 text" in capsys.readouterr().err
    assert out.read_text() == "yesterday's results\n"  # the earlier file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_the_output_file_appears_whole_and_private(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert main(["phq9", str(_write(tmp_path, "a,0,1,2,3,0,1,2,3,0,x\n")), "-o", str(out)]) == 0
    assert _rows(out.read_text())[0]["total"] == "12"
    assert out.stat().st_mode & 0o077 == 0


def test_it_handles_quoted_fields_and_windows_line_ends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = 'a,0,0,0,0,0,0,0,0,1,"hello, ""you"""\r\nb,1,1,1,1,1,1,1,1,0,"two\r\nlines"\r\n'
    assert main(["phq9", str(_write(tmp_path, body, HEADER.replace("\n", "\r\n")))]) == 0
    rows = _rows(capsys.readouterr().out)
    assert rows[0]["note"] == 'hello, "you"' and rows[0]["flags"] == "self_harm"
    assert rows[1]["note"] == "two\r\nlines" and rows[1]["total"] == "8"


def test_it_writes_json_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "a,0,1,2,3,0,1,2,3,1,x\n")
    assert main(["phq9", str(path), "--format", "json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert record["total"] == 13 and record["flags"] == ["self_harm"] and record["error"] is None
    assert record["note"] == "x"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nope", "x.csv"], "unknown instrument 'nope'"),
        (["phq9", "/no/such/file.csv"], "cannot read /no/such/file.csv"),
        (["phq9"], "give an instrument id and a CSV file"),
        (["--template", "nope"], "unknown instrument 'nope'"),
    ],
)
def test_it_exits_two_with_a_clear_message_on_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_it_exits_two_when_item_columns_are_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "a,1,1\n", header="id,q1,q2\n")
    assert main(["phq9", str(path)]) == 2
    err = capsys.readouterr().err
    assert "no column for: q3, q4, q5, q6, q7, q8, q9" in err
    assert "hearth score --template phq9" in err


def test_it_loads_clinic_instruments_from_the_environment(
    tmp_path: Path,
    toy_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HEARTH_INSTRUMENTS_DIR", os.pathsep.join([str(toy_dir), str(toy_dir)]))
    assert main(["--list"]) == 2  # the same directory twice: duplicate id, named clearly
    assert "duplicate instrument id 'toy'" in capsys.readouterr().err
    monkeypatch.setenv("HEARTH_INSTRUMENTS_DIR", str(toy_dir))
    path = _write(tmp_path, "5,1,5\n", header="a,b,c\n")
    assert main(["toy", str(path)]) == 0
    assert _rows(capsys.readouterr().out)[0]["total"] == "5"


def test_it_runs_as_a_module(tmp_path: Path) -> None:
    path = _write(tmp_path, "a,0,1,2,3,0,1,2,3,0,x\nb,9,9,9,9,9,9,9,9,9,y\n")
    done = subprocess.run(
        [sys.executable, "-m", "hearth.measures.cli", "phq9", str(path)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    rows = _rows(done.stdout)
    assert rows[0]["total"] == "12" and "off the scale" in rows[1]["error"]
    assert "1 of 2 rows could not be scored" in done.stderr


_CELL = st.sampled_from(["0", "1", "2", "3", "", " 2", "4", "x", "1.0", "-1"])


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(st.lists(_CELL, min_size=9, max_size=9), min_size=1, max_size=30))
def test_the_fast_batch_path_agrees_with_the_scoring_engine(
    instruments: dict[str, Instrument], cells: list[list[str]]
) -> None:
    phq9 = instruments["phq9"]
    body = "".join("r," + ",".join(row) + ",n\n" for row in cells)
    out = io.StringIO()
    score_csv(phq9, io.StringIO(HEADER + body), out)
    for row, got in zip(cells, _rows(out.getvalue()), strict=True):
        try:
            answers = {f"q{n}": parse_answer(v, f"q{n}") for n, v in enumerate(row, 1)}
            expected = outcome_of(score(phq9, answers))
            assert got["total"] == format_total(expected.total or 0)
            assert got["band"] == expected.band
            assert got["flags"] == ";".join(expected.flags)
            assert got["error"] == ""
        except ScoringError as exc:
            assert got["error"] == str(exc) and got["total"] == ""


def test_the_row_scorer_memoizes_outcomes(instruments: dict[str, Instrument]) -> None:
    scorer = RowScorer(instruments["phq9"])
    key = ("1",) * 9
    assert scorer.outcome(key) is scorer.outcome(key)


def test_it_is_not_fooled_by_cells_that_shift_the_quick_path(
    instruments: dict[str, Instrument],
) -> None:
    # "" then "10": the line has the right length, but no cell may be read out of place.
    body = "r,,10,1,1,1,1,1,1,1,n\nr,1,1,1,1,1,1,1,1,1,n\n"
    out = io.StringIO()
    summary = score_csv(instruments["phq9"], io.StringIO(HEADER + body), out)
    rows = _rows(out.getvalue())
    assert "q2 is 10, which is off the scale" in rows[0]["error"]
    assert rows[1]["total"] == "9"
    assert (summary.rows, summary.failed) == (2, 1)


def test_it_scores_item_columns_in_any_order(instruments: dict[str, Instrument]) -> None:
    header = "q9,note,q8,q7,q6,q5,q4,q3,q2,q1\n"
    out = io.StringIO()
    score_csv(instruments["phq9"], io.StringIO(header + "1,x,0,0,0,0,0,0,3,3\n"), out)
    (row,) = _rows(out.getvalue())
    assert (row["total"], row["flags"]) == ("7", "self_harm;phq2:positive_screen")


def test_a_long_first_item_cell_is_not_cut_short_at_the_line_end(
    instruments: dict[str, Instrument],
) -> None:
    # The items are the last columns, so their cells are cut off the end of each line; "10"
    # must not be read as "0", with other columns before the items or without any.
    phq9 = instruments["phq9"]
    for header, prefix in (("id,date,", "r,d,"), ("", "")):
        columns = header + ",".join(f"q{n}" for n in range(1, 10)) + "\n"
        out = io.StringIO()
        body = (
            f"{prefix}10,1,1,1,1,1,1,1,1\n{prefix}1,1,1,1,1,1,1,1,10\n{prefix}0,1,1,1,1,1,1,1,1\n"
        )
        summary = score_csv(phq9, io.StringIO(columns + body), out)
        rows = _rows(out.getvalue())
        assert "q1 is 10, which is off the scale" in rows[0]["error"]
        assert "q9 is 10, which is off the scale" in rows[1]["error"]
        assert rows[2]["total"] == "8" and (summary.rows, summary.failed) == (3, 2)


def _expected_csv(instrument: Instrument, header: list[str], lines: list[str]) -> tuple[str, int]:
    """What ``score_csv`` must write for quote-free lines, worked out row by row with the csv
    module and the scoring engine: the plain way, with no memo and no quick path."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*header, "total", "band", "flags", "error"])
    positions = [header.index(i) for i in instrument.item_ids]
    failed = 0
    for line in filter(None, lines):
        row = line.split(",")
        if len(row) != len(header):
            extra = " The extra fields were left out here." if len(row) > len(header) else ""
            error = f"This row has {len(row)} fields, but the header has {len(header)}.{extra}"
            fields = ["", "", "", error]
        else:
            try:
                answers = {
                    i: parse_answer(row[p], i)
                    for i, p in zip(instrument.item_ids, positions, strict=True)
                }
                result = outcome_of(score(instrument, answers))
                fields = [format_total(result.total or 0), result.band, ";".join(result.flags), ""]
            except ScoringError as exc:
                fields = ["", "", "", str(exc)]
        failed += bool(fields[3])
        writer.writerow((row + [""] * len(header))[: len(header)] + fields)
    return buffer.getvalue(), failed


@st.composite
def _twin_lines(draw: st.DrawFn, width: int) -> list[str]:
    """A line of plain answers, then its twin with now and then an odd cell, a field too few
    or too many, or a blank line. Odd cells keep the plain digit and add to it ("10" for
    "0", " 2" for "2"), so a quick path that cut a cell wrong would read the twin's answers
    and reuse the twin's result, which the test would see.
    """
    plain = draw(st.lists(st.sampled_from("0123"), min_size=width, max_size=width))
    row = list(plain)
    if draw(st.booleans()):  # one odd cell in a row of plain answers is the hardest case
        at = draw(st.integers(0, width - 1))
        odd = ["1{}", "0{}", "-{}", " {}", "{} ", "{}0", "", "x", "4"]
        row[at] = draw(st.sampled_from(odd)).format(row[at])
    shape = draw(st.sampled_from(["same"] * 8 + ["short", "long", "blank"]))
    if shape == "short":
        del row[draw(st.integers(0, width - 1))]
    elif shape == "long":
        row.insert(draw(st.integers(0, width)), draw(st.sampled_from("0123")))
    return [",".join(plain), "" if shape == "blank" else ",".join(row)]


_LAYOUTS = {
    "items last": ("phq9", "id,date,{items}"),  # cut off the line end
    "items only": ("phq9", "{items}"),  # the template: cut off the line end, nothing before
    "items in the middle": ("phq9", "id,{items},note"),  # found by the regex
    "items first, then others": ("gad7", "{items},q8,q9"),  # found by the regex
    "items out of order": ("phq9", "note,{reversed}"),  # split cell by cell
}


def _scored(instrument: Instrument, text: str, *, fast: bool) -> tuple[str, tuple[int, int]]:
    out = io.StringIO()
    summary = score_csv(instrument, io.StringIO(text, newline=""), out, fast=fast)
    return out.getvalue(), (summary.rows, summary.failed)


@pytest.mark.parametrize("layout", _LAYOUTS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_plain_way_writes_each_row_as_the_engine_scores_it(
    instruments: dict[str, Instrument], layout: str, data: st.DataObject
) -> None:
    instrument_id, template = _LAYOUTS[layout]
    instrument = instruments[instrument_id]
    ids = list(instrument.item_ids)
    header = template.format(items=",".join(ids), reversed=",".join(reversed(ids))).split(",")
    twins = data.draw(st.lists(_twin_lines(len(header)), max_size=20))
    lines = [line for pair in twins for line in pair]
    text = ",".join(header) + "\n" + "\n".join(lines)
    expected, failed = _expected_csv(instrument, header, lines)
    assert _scored(instrument, text, fast=False) == (
        expected,
        (len(list(filter(None, lines))), failed),
    )


@pytest.mark.parametrize("layout", _LAYOUTS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_quick_path_writes_what_the_plain_way_would(
    instruments: dict[str, Instrument], layout: str, data: st.DataObject
) -> None:
    instrument_id, template = _LAYOUTS[layout]
    instrument = instruments[instrument_id]
    ids = list(instrument.item_ids)
    header = template.format(items=",".join(ids), reversed=",".join(reversed(ids))).split(",")
    twins = data.draw(st.lists(_twin_lines(len(header)), max_size=20))
    lines = [line for pair in twins for line in pair]
    text = ",".join(header) + "\n" + "\n".join(lines)
    assert _scored(instrument, text, fast=True) == _scored(instrument, text, fast=False)


_ODD_TEXT = st.sampled_from(['"a,b"', '"say ""hi"""', "x\r\n", "\r", '"two\nlines"', "plain"])


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.lists(st.sampled_from("0123"), min_size=9, max_size=9), _ODD_TEXT),
        max_size=20,
    ),
    line_end=st.sampled_from(["\n", "\r\n"]),
)
def test_quoted_fields_and_odd_line_ends_come_out_as_the_plain_way_writes_them(
    instruments: dict[str, Instrument], rows: list[tuple[list[str], str]], line_end: str
) -> None:
    # Quotes or a lone carriage return send the rest of the file to the csv module.
    text = HEADER.replace("\n", line_end) + "".join(
        f"r,{','.join(cells)},{note}{line_end}" for cells, note in rows
    )
    phq9 = instruments["phq9"]
    assert _scored(phq9, text, fast=True) == _scored(phq9, text, fast=False)


def test_results_put_together_from_parts_match_the_engine(
    instruments: dict[str, Instrument],
) -> None:
    # With a derived instrument (GAD-2 inside GAD-7), plain rows are scored in parts: the
    # parent once per total and flag answers, the child once per total. Every one of the
    # 4**7 plain answer patterns must come out as the engine scores the whole row.
    gad7 = instruments["gad7"]
    scorer = RowScorer(gad7)
    for key in itertools.product("0123", repeat=7):
        expected = outcome_of(score(gad7, dict(zip(gad7.item_ids, map(int, key), strict=True))))
        assert scorer.outcome(key) == expected, key
