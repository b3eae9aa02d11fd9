"""`make bench`: run every benchmark in bench/, then write bench/out/report.md and report.png.

Run: ``.venv/bin/python bench/run.py [--size small|large] [--no-postgres]``. Each benchmark
prints its figures on a last line ``BENCH_JSON {...}``; this collects them, and writes a
Markdown report (each figure with its budget and whether it meets it, plus the raw HTTP
tables) and a PNG bar chart of each figure as a percentage of its budget. The HTTP benchmark
runs once on SQLite and once on a throwaway PostgreSQL server (scripts/bench-postgres).
Exit status 0 when every benchmark ran, whatever the budgets say: the report tells.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def commands(size: str, postgres: bool) -> list[tuple[str, list[str]]]:
    http = [PY, "bench/bench_http.py", f"--size={size}"]
    queries = [PY, "bench/page_queries.py"]
    found = [
        ("scoring", [PY, "bench/bench_scoring.py", *(["200000"] if size == "small" else [])]),
        ("insights", [PY, "bench/bench_insights.py"]),
        ("caseload", [PY, "bench/bench_caseload.py"]),
        ("queries sqlite", queries),
        ("http sqlite", http),
    ]
    if postgres:
        found.append(("queries postgresql", ["scripts/bench-postgres", *queries]))
        found.append(("http postgresql", ["scripts/bench-postgres", *http]))
    return found


def run(name: str, argv: list[str], log: Path) -> dict[str, Any]:
    """One benchmark; its output goes to the terminal and the log, its figures come back."""
    print(f"== {name}: {' '.join(argv)}", flush=True)
    started, lines = time.monotonic(), []
    with (
        subprocess.Popen(
            argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as process,
        log.open("a") as out,
    ):
        assert process.stdout is not None
        for line in process.stdout:
            out.write(line)
            lines.append(line)
            if not line.startswith("BENCH_JSON "):
                print(line, end="", flush=True)
    found = [json.loads(line[11:]) for line in lines if line.startswith("BENCH_JSON ")]
    result: dict[str, Any] = found[-1] if found else {"figures": []}
    result.update(name=name, status=process.returncode, seconds=time.monotonic() - started)
    if process.returncode or not found:
        print(f"   {name} FAILED (exit {process.returncode}); see {log}", flush=True)
    return result


# --- Markdown -------------------------------------------------------------------------------


def verdict(figure: dict[str, Any]) -> str:
    if figure["ok"] is None:
        return "(no budget)"
    return "PASS" if figure["ok"] else "**FAIL**"


def budget_text(figure: dict[str, Any]) -> str:
    if figure["budget"] is None:
        return ""
    sign = ">=" if figure["higher_is_better"] else "<="
    return f"{sign} {figure['budget']:g} {figure['unit']}"


def markdown(results: list[dict[str, Any]], size: str, seconds: float) -> str:
    figures = [f for r in results for f in r["figures"]]
    missed = [f for f in figures if f["ok"] is False]
    lines = [
        "# Hearth benchmark report",
        "",
        f"Size: **{size}** ({'10 and 100,000 couples' if size == 'large' else '10 couples'}). "
        f"Machine: {platform.node()}, {platform.machine()}, Python {platform.python_version()}. "
        f"Took {seconds / 60:.1f} minutes. {sum(f['ok'] is True for f in figures)} of "
        f"{sum(f['ok'] is not None for f in figures)} budgeted figures pass, "
        f"{len(missed)} fail.",
        "",
        "| group | figure | value | budget | verdict |",
        "| --- | --- | ---: | --- | --- |",
    ]
    lines += [
        f"| {f['group']} | {f['name']} | {f['value']:g} {f['unit']} | {budget_text(f)} "
        f"| {verdict(f)} |"
        for f in figures
    ]
    for result in results:
        if result["status"]:
            lines += ["", f"**{result['name']} failed** (exit {result['status']}), see run.log."]
        if result.get("shares"):
            lines += ["", f"## {result['name']}: Hearth and its peers side by side", ""]
            lines += shares_table(result["shares"])
        if result.get("open_loop"):
            lines += ["", f"## {result['name']}: open loop at half capacity", ""]
            lines += open_loop_table(result["open_loop"])
        for group, rows in result.get("tables", {}).items():
            lines += ["", f"## {group}: every wrk run", "", *http_table(rows)]
        lines += [f"- {note}" for note in result.get("notes", [])]
    return "\n".join(lines) + "\n"


def http_table(rows: list[dict[str, Any]]) -> list[str]:
    table = [
        "| round | page | clients | req/s | p50 ms | p99 ms | errors |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    table += [
        f"| {r.get('round', 1)} | {r['page']} | {r['clients']} | {r['rps']:.0f} "
        f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['bad']} |"
        for r in rows
    ]
    return table


def open_loop_table(rows: list[dict[str, Any]]) -> list[str]:
    """bench/openloop.py: requests sent at a steady rate, latency from when each was due."""
    table = [
        "| served | page | round | rate req/s | sent | p50 ms | p99 ms | max ms"
        " | one-client p50 ms | sent late p99 ms | client | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    table += [
        f"| {r.get('setup', 'direct')} | {r['page']} | {r.get('round', 1)} | {r['rate']:.0f}"
        f" | {r['sent']} | {r['p50_ms']:.1f}"
        f" | {r['p99_ms']:.1f} | {r['max_ms']:.1f} | {r['one_client_p50_ms']:.1f}"
        f" | {r.get('send_late_p99_ms', float('nan')):.1f} | {r.get('priority', 'normal')}"
        f" | {r['bad']} |"
        for r in rows
    ]
    return table


def shares_table(rows: list[dict[str, Any]]) -> list[str]:
    """Requests per second of each page as a share of the same bare view, in one run:
    Hearth's pages and the peers' (Django's admin, Wagtail's), served alike."""
    counts = sorted({k for r in rows for k in r if k.isdigit()}, key=int)
    table = [
        "Requests per second as a share of the bare view (/livez) measured in the same run.",
        "",
        "| page | " + " | ".join(f"{c} clients" for c in counts) + " |",
        "| --- |" + " ---: |" * len(counts),
    ]
    for row in rows:
        name = f"{row['page']} (peer)" if row["peer"] else row["page"]
        values = [f"{row[c]:g} %" if row.get(c) is not None else "" for c in counts]
        table.append(f"| {name} | " + " | ".join(values) + " |")
    return table


# --- PNG --------------------------------------------------------------------------------------


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_DIR / "DejaVuSans.ttf"
    return ImageFont.truetype(str(path), size) if path.exists() else ImageFont.load_default()


def chart(figures: list[dict[str, Any]], path: Path) -> None:
    """One bar per budgeted figure: its value as a percentage of its budget. Green meets the
    budget, red misses it; the line at 100% is the budget (above it is good for "at least"
    figures, below it for "at most" ones, as the label says)."""
    budgeted = [f for f in figures if f["ok"] is not None and f["budget"]]
    row, left, width, scale_max = 22, 620, 520, 400.0
    image = Image.new("RGB", (left + width + 90, 50 + row * max(1, len(budgeted))), "white")
    draw, small = ImageDraw.Draw(image), font(12)
    draw.text(
        (10, 10), "Each figure as % of its budget (line = budget)", fill="black", font=font(15)
    )
    for n, figure in enumerate(budgeted):
        top = 40 + n * row
        percent = 100 * figure["value"] / figure["budget"]
        sign = ">=" if figure["higher_is_better"] else "<="
        label = f"{figure['group']}: {figure['name']} ({sign})"
        draw.text((10, top + 3), label[:95], fill="black", font=small)
        length = int(width * min(percent, scale_max) / scale_max)
        colour = (46, 125, 50) if figure["ok"] else (198, 40, 40)
        draw.rectangle((left, top + 3, left + max(length, 1), top + row - 3), fill=colour)
        draw.text((left + length + 4, top + 3), f"{percent:.0f}%", fill="black", font=small)
    line = left + int(width * 100 / scale_max)
    draw.line((line, 34, line, image.height - 6), fill=(33, 33, 33), width=2)
    image.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("small", "large"), default="large")
    parser.add_argument("--no-postgres", action="store_true")
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / "run.log"
    log.write_text("")
    started = time.monotonic()
    results = [run(n, argv, log) for n, argv in commands(options.size, not options.no_postgres)]
    (OUT / "results.json").write_text(json.dumps(results, indent=1))
    report = markdown(results, options.size, time.monotonic() - started)
    (OUT / "report.md").write_text(report)
    chart([f for r in results for f in r["figures"]], OUT / "report.png")
    print("\n" + report)
    print(f"Wrote {OUT / 'report.md'} and {OUT / 'report.png'}")
    return 1 if any(r["status"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
