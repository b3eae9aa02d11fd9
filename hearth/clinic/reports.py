"""Progress reports (HTML and PDF), the caseload CSV and the FHIR download.

Every report is built only from the scopes the client grants at the moment it is made.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from hearth.clinic import timeline
from hearth.clinic.access import granted, profile_of
from hearth.clinic.caseload import Row
from hearth.clinic.models import CareLink, Homework
from hearth.clinic.words import change_words, significance_words
from hearth.core.text import localize
from hearth.measures import words
from hearth.measures.results import fhir_bundle
from hearth.measures.scoring import format_total
from hearth.program.models import Session

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Report text is built when a page or PDF is asked for, in the reader's language.
NOT_SHARED = gettext_noop("Not shared by the client.")


@dataclass(frozen=True)
class Report:
    link: CareLink
    made_on: date
    clinician_name: str
    scopes: dict[str, bool]
    stage: str | None
    measures: list[timeline.Measure] | None
    sessions: list[timeline.SessionLine] | None
    participation: list[date] | None  # own session days while the log waits for the partner
    risks: list[timeline.RiskLine] | None
    homework: list[Homework]


def build(link: CareLink) -> Report:
    client, scopes = link.client, granted(link)
    profile = profile_of(link.clinician)
    return Report(
        link=link,
        made_on=timezone.localdate(),
        clinician_name=(profile.full_name if profile and profile.full_name else "")
        or link.clinician.display_name,
        scopes=scopes,
        stage=timeline.stage(client) if scopes["sessions"] else None,
        measures=timeline.measures(client) if scopes["results"] else None,
        sessions=timeline.sessions(client) if scopes["sessions"] else None,
        participation=timeline.participation(client) if scopes["participation"] else None,
        risks=timeline.risks(client) if scopes["risk_alerts"] else None,
        homework=timeline.homework(link),
    )


def score_lines(report: Report) -> list[str]:
    if report.measures is None:
        return [gettext(NOT_SHARED)]
    if not report.measures:
        return [gettext("No questionnaires finished yet.")]
    return [_score_line(m) for m in report.measures]


def _score_line(m: timeline.Measure) -> str:
    line = gettext(
        "%(title)s: first %(first)s (%(first_on)s), latest %(latest)s (%(latest_on)s, %(band)s)."
    ) % {
        "title": m.instrument.short_title,
        "first": format_total(m.score.baseline),
        "first_on": m.score.baseline_on.isoformat(),
        "latest": format_total(m.score.latest),
        "latest_on": m.score.latest_on.isoformat(),
        "band": m.score.band or gettext("no band"),
    }
    significant = gettext("Clinically significant: %(answer)s.") % {
        "answer": localize(significance_words(m.score.change))
    }
    rule = words.rule_line(m.instrument)
    extra = [t for t in (m.score.response_line, m.score.adapted) if t]
    tail = "".join(f" {t.rstrip('.')}." for t in extra)
    return f"{line} {localize(change_words(m.score.change))} {significant} {rule}{tail}"


WAITS = gettext_noop(
    "The session log waits for the partner's consent. Days this client checked in for a "
    "session: %(days)s."
)


def session_lines(report: Report) -> list[str]:
    if report.participation is not None:
        days = ", ".join(d.isoformat() for d in report.participation) or gettext("none yet")
        return [gettext(WAITS) % {"days": days}]
    if report.sessions is None:
        return [gettext(NOT_SHARED)]
    held_labels = {str(Session.Status.DONE.label), str(Session.Status.STOPPED.label)}
    held = [s for s in report.sessions if s.status in held_labels]
    return [
        gettext("Stage: %(stage)s.") % {"stage": report.stage},
        gettext("Sessions held (latest %(planned)s planned): %(held)s.")
        % {"planned": len(report.sessions), "held": len(held)},
    ]


def risk_lines(report: Report) -> list[str]:
    if report.risks is None:
        return [gettext(NOT_SHARED)]
    if not report.risks:
        return [gettext("No safety alerts.")]
    return [f"{r.when.date().isoformat()}: {r.what}." for r in report.risks]


def homework_lines(report: Report) -> list[str]:
    if not report.homework:
        return [gettext("None given yet.")]
    return [f"{h.created_at.date().isoformat()}: {h.instructions}" for h in report.homework]


def sections(report: Report) -> list[tuple[str, list[str]]]:
    return [
        (gettext("Questionnaires"), score_lines(report)),
        (gettext("Practice"), session_lines(report)),
        (gettext("Safety alerts"), risk_lines(report)),
        (gettext("Homework"), homework_lines(report)),
    ]


# ---------------------------------------------------------------------------------------------
# PDF


def _pdf() -> tuple[FPDF, str, bool]:
    """A PDF with DejaVu when the system has it (any text), else a core font (Latin-1)."""
    # Imported here: fpdf and its font tools add about 30 MB to every server process, and
    # only the rare PDF download needs them.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return pdf, "DejaVu", True
    return pdf, "Helvetica", False


def _line(pdf: FPDF, height: float, text: str) -> None:
    # Back to the left margin after each block (fpdf2 otherwise stays at the right edge).
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def pdf_bytes(report: Report) -> bytes:
    pdf, family, unicode_ok = _pdf()

    def safe(text: str) -> str:
        return text if unicode_ok else text.encode("latin-1", "replace").decode("latin-1")

    pdf.set_title(gettext("Progress report"))
    pdf.add_page()
    pdf.set_font(family, "B", 16)
    name = report.link.client.display_name
    _line(pdf, 9, safe(gettext("Progress report: %(name)s") % {"name": name}))
    pdf.set_font(family, "", 10)
    made = {"day": report.made_on.isoformat(), "name": report.clinician_name}
    _line(pdf, 6, safe(gettext("Made on %(day)s by %(name)s.") % made))
    _line(pdf, 6, safe(gettext("Confidential. Holds only what the client chose to share.")))
    for heading, lines in sections(report):
        pdf.ln(3)
        pdf.set_font(family, "B", 12)
        _line(pdf, 7, heading)
        pdf.set_font(family, "", 10)
        for line in lines:
            _line(pdf, 6, safe(line))
    return bytes(pdf.output())


# ---------------------------------------------------------------------------------------------
# CSV and FHIR

CSV_HEADER = [
    "client",
    "name",
    "questionnaire",
    "first_date",
    "first_score",
    "latest_date",
    "latest_score",
    "range",
    "sittings",
    "difference",
    "reliable_change",
    "clinically_significant",
    "change_rule",
    "wording",
    "response",
]


# What starts a formula in a spreadsheet app, in ASCII and in full width.
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# Spreadsheet apps skip these before a formula: " =1+1" runs as a formula too.
LEADING_BLANKS = " \t\r\n\u00a0\u3000"


def _cell(value: Any) -> str:
    """Keep spreadsheet apps from running a cell as a formula (CSV injection): a cell that
    starts with a formula sign, after any spaces, tabs or line breaks, or with a tab or a
    line break at all, gets a leading apostrophe, which shows it as plain text."""
    text = "" if value is None else str(value)
    starts = text.lstrip(LEADING_BLANKS)[:1]
    risky = starts in FORMULA_STARTS or text[:1] in ("\t", "\r", "\n")
    return "'" + text if risky else text


def caseload_csv(rows: list[Row]) -> str:
    """Scores of clients who share their results; others get one "not shared" line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        base = [f"user-{row.client.pk}", _cell(row.client.display_name)]
        if row.scores is None:
            writer.writerow([*base, "not shared", *[""] * (len(CSV_HEADER) - 3)])
            continue
        for score in row.scores:
            change = score.change
            writer.writerow(
                [
                    *base,
                    score.instrument.short_title,
                    score.baseline_on.isoformat(),
                    format_total(score.baseline),
                    score.latest_on.isoformat(),
                    format_total(score.latest),
                    score.band,
                    score.count,
                    format_total(change.difference) if change else "",
                    change.direction.value if change else "",
                    significance_words(change) if change else "",
                    _cell(words.rule_line(score.instrument)),
                    score.adapted or "published",
                    {True: "yes", False: "no", None: ""}[score.response],
                ]
            )
    return out.getvalue()


def fhir(link: CareLink) -> dict[str, Any]:
    """The client's questionnaire results as a FHIR Bundle (results scope checked by caller)."""
    return fhir_bundle(link.client)
