"""Reading questionnaire answers from a FHIR file: pure, no Django.

``read`` takes a parsed JSON document (a Bundle, or one QuestionnaireResponse) and returns
the sittings it holds, each mapped onto a Hearth instrument, with answers Hearth can score.
It reads what ``hearth.measures.fhir`` writes (another Hearth's export) and what other
systems write when they code the PHQ-9 or GAD-7 with LOINC:

- The questionnaire is known by the LOINC panel code of the Questionnaire in the file (or
  by Hearth's instrument code), else by a LOINC code in the response's ``questionnaire``
  canonical, else by the LOINC codes of its questions.
- A question is known by the LOINC code of its Questionnaire item, or by a LOINC code as
  its ``linkId`` (``44250-9``, ``/44250-9``, ``/44249-1/44250-9``); in a Hearth file, by
  its ``linkId`` in a Hearth Questionnaire.
- An answer is known by its LOINC answer code (LL358-3 and the difficulty question's
  answers) or, in a Hearth file, by Hearth's code for the value.

Anything it cannot map is refused with a message that says which entry and why, and then
nothing of the file is used (``FhirRefused`` carries every problem found). A total score in
the file (a response's total item, or an Observation derived from the response) must be
the total Hearth computes from the answers; an Observation that is not derived from a
response in the file is refused, because Hearth keeps scores only with their answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from hearth.core.languages import content_language
from hearth.measures.definitions import Instrument, Item
from hearth.measures.fhir import LOINC
from hearth.measures.scoring import ScoringError, format_total, score

MAX_PROBLEMS = 20  # shown at most; a broken file often has the same problem many times
_CODE = re.compile(r"(?:^|/)([0-9]{1,8}-[0-9])$")
_SITE_QUESTIONNAIRE = re.compile(r"^https?://[^|]+/fhir/Questionnaire/([a-z0-9_]+)$")
_SITE_ANSWERS = re.compile(r"^https?://.+/fhir/CodeSystem/([a-z0-9_]+)-([A-Za-z0-9_]+)$")
_INSTRUMENT_SYSTEM = re.compile(r"^https?://.+/fhir/CodeSystem/instrument$")
KINDS = {"Patient", "Questionnaire", "QuestionnaireResponse", "Observation"}
DONE = {"completed", "amended"}


class FhirRefused(ValueError):
    """The file cannot be imported. ``problems`` says, in plain words, what and where."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:MAX_PROBLEMS]
        more = len(self.problems) - len(shown)
        tail = [f"... and {more} more."] if more else []
        super().__init__("\n".join([*shown, *tail]))


@dataclass(frozen=True)
class Incoming:
    """One sitting read from the file, scored by Hearth's own rules."""

    instrument: Instrument
    answers: dict[str, int]
    authored: datetime
    language: str
    where: str  # "entry 3 (QuestionnaireResponse abc)": for messages
    total: float
    band_id: str | None
    flags: tuple[str, ...]
    derived: dict[str, float]
    prorated: bool


@dataclass
class _File:
    questionnaires: dict[str, dict[str, Any]] = field(default_factory=dict)  # url -> resource
    responses: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    observations: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    patients: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read(data: Any, known: Mapping[str, Instrument], zone: str = "UTC") -> list[Incoming]:
    """The sittings in ``data``; raises FhirRefused naming every problem. Dates that carry
    no time are taken as noon in ``zone``."""
    found = _collect(data)
    sittings: list[Incoming] = []
    claimed: dict[str, Incoming] = {}
    for where, full_url, resource in found.responses:
        try:
            sitting = _response(resource, found, known, where, zone)
        except _Refused as exc:
            found.problems.append(f"{where}: {exc}")
            continue
        sittings.append(sitting)
        for name in (full_url, _local_reference(resource)):
            if name:
                claimed[name] = sitting
    for where, resource in found.observations:
        try:
            _check_observation(resource, claimed, known)
        except _Refused as exc:
            found.problems.append(f"{where}: {exc}")
    subjects = {_subject(r) for _, _, r in found.responses} - {None}
    if len(found.patients) > 1 or len(subjects) > 1:
        found.problems.append("The file holds the results of more than one person.")
    if not found.problems and not sittings:
        found.problems.append("The file holds no questionnaire answers (QuestionnaireResponse).")
    if found.problems:
        raise FhirRefused(found.problems)
    return sittings


class _Refused(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# The file


def _collect(data: Any) -> _File:
    found = _File()
    if not isinstance(data, Mapping):
        raise FhirRefused(["The file is not a FHIR resource (a JSON object)."])
    kind = data.get("resourceType")
    if kind == "QuestionnaireResponse":
        entries: list[Any] = [{"resource": data}]
    elif kind == "Bundle":
        entries = data.get("entry") or []
        if not isinstance(entries, list):
            raise FhirRefused(["The Bundle's 'entry' is not a list."])
    else:
        raise FhirRefused(
            [f"Hearth reads a Bundle or a QuestionnaireResponse, not {kind or 'this file'}."]
        )
    for n, entry in enumerate(entries, 1):
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping):
            found.problems.append(f"entry {n}: it holds no resource.")
            continue
        kind = str(resource.get("resourceType"))
        where = f"entry {n} ({kind} {resource.get('id', '')})".replace(" )", ")")
        if kind not in KINDS:
            found.problems.append(
                f"{where}: Hearth imports questionnaire answers only, not a {kind}."
            )
            continue
        problem = _invalid(kind, resource)
        if problem:
            found.problems.append(f"{where}: not valid FHIR R4 ({problem}).")
            continue
        full_url = str(entry.get("fullUrl") or "")
        if kind == "Questionnaire" and resource.get("url"):
            found.questionnaires[str(resource["url"])] = dict(resource)
        elif kind == "QuestionnaireResponse":
            found.responses.append((where, full_url, dict(resource)))
        elif kind == "Observation":
            found.observations.append((where, dict(resource)))
        elif kind == "Patient":
            found.patients.append(full_url)
    return found


def _invalid(kind: str, resource: Mapping[str, Any]) -> str | None:
    """The first problem fhir.resources finds with the resource, or None."""
    from fhir.resources.R4B import get_fhir_model_class

    try:
        get_fhir_model_class(kind).model_validate(dict(resource))
    except ValidationError as exc:
        error = exc.errors()[0]
        place = ".".join(str(p) for p in error.get("loc", ()) if p != "__root__")
        return f"{place}: {error.get('msg', 'invalid')}" if place else str(error.get("msg"))
    return None


def _subject(resource: Mapping[str, Any]) -> str | None:
    subject = resource.get("subject")
    return str(subject.get("reference")) if isinstance(subject, Mapping) else None


def _local_reference(resource: Mapping[str, Any]) -> str | None:
    return f"QuestionnaireResponse/{resource['id']}" if resource.get("id") else None


# ---------------------------------------------------------------------------------------------
# One response


def _response(
    resource: Mapping[str, Any],
    found: _File,
    known: Mapping[str, Instrument],
    where: str,
    zone: str,
) -> Incoming:
    status = resource.get("status")
    if status not in DONE:
        raise _Refused(f"it is not finished (status {status!r}); Hearth imports finished ones.")
    authored = _when(resource.get("authored"), zone)
    canonical = str(resource.get("questionnaire") or "").split("|")[0]
    questionnaire = found.questionnaires.get(canonical)
    leaves = list(_leaves(resource.get("item") or []))
    instrument, hearth_file = _instrument(canonical, questionnaire, leaves, known)
    codes = _item_codes(questionnaire)
    answers: dict[str, int] = {}
    totals: list[float] = []
    problems: list[str] = []
    for item in leaves:
        try:
            mapped = _answer(item, instrument, codes, hearth_file, totals)
        except _Refused as exc:
            problems.append(str(exc))
            continue
        if mapped is None:
            continue
        question, value = mapped
        if question in answers:
            problems.append(f"question {question!r} is answered twice.")
        answers[question] = value
    if problems:
        raise _Refused(" ".join(problems))
    try:
        result = score(instrument, answers)
    except ScoringError as exc:
        raise _Refused(f"its {instrument.short_title} answers cannot be scored: {exc}") from None
    for total in totals:
        if total != result.total:
            raise _Refused(
                f"the file gives the {instrument.short_title} total as {format_total(total)}, "
                f"but its answers add up to {format_total(result.total)}."
            )
    return Incoming(
        instrument=instrument,
        answers=answers,
        authored=authored,
        language=content_language(str(resource.get("language") or "en")),
        where=where,
        total=result.total,
        band_id=result.band_id,
        flags=result.flag_ids,
        derived={d.instrument_id: d.total for d in result.derived},
        prorated=result.prorated,
    )


def _when(raw: Any, zone: str) -> datetime:
    if not isinstance(raw, str) or not raw:
        raise _Refused("it has no date ('authored').")
    if len(raw) == 10:  # a date without a time: noon, so the day stays the same
        return datetime.combine(date.fromisoformat(raw), time(12), tzinfo=ZoneInfo(zone))
    if len(raw) < 10 or "T" not in raw:
        raise _Refused(f"its date {raw!r} does not name a day.")
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise _Refused(f"its date {raw!r} is not a FHIR date and time.") from None
    if when.tzinfo is None:
        raise _Refused(f"its time {raw!r} has no time zone.")
    return when


def _leaves(items: Sequence[Any]) -> Iterator[Mapping[str, Any]]:
    """Every item with answers, however the items are grouped."""
    for item in items:
        if not isinstance(item, Mapping):
            continue
        if item.get("answer"):
            yield item
        yield from _leaves(item.get("item") or [])
        for answer in item.get("answer") or []:
            yield from _leaves(answer.get("item") or [])


def _item_codes(questionnaire: Mapping[str, Any] | None) -> dict[str, str]:
    """linkId -> LOINC code, from the Questionnaire's items (at any depth)."""
    codes: dict[str, str] = {}

    def walk(items: Sequence[Any]) -> None:
        for item in items:
            for coding in item.get("code") or []:
                if coding.get("system") == LOINC and coding.get("code"):
                    codes[str(item.get("linkId"))] = str(coding["code"])
            walk(item.get("item") or [])

    walk((questionnaire or {}).get("item") or [])
    return codes


def _instrument(
    canonical: str,
    questionnaire: Mapping[str, Any] | None,
    leaves: Sequence[Mapping[str, Any]],
    known: Mapping[str, Instrument],
) -> tuple[Instrument, bool]:
    """The Hearth instrument the response answers, and whether it comes from a Hearth
    file (then its questions are known by Hearth's linkIds)."""
    asked_alone = {k: i for k, i in known.items() if i.derived_from is None}
    by_panel = {i.loinc_panel: i for i in asked_alone.values() if i.loinc_panel}
    derived_panels = {i.loinc_panel: i for i in known.values() if i.derived_from and i.loinc_panel}
    for coding in (questionnaire or {}).get("code") or []:
        system, code = coding.get("system"), str(coding.get("code"))
        if system == LOINC and code in by_panel:
            return by_panel[code], _is_hearth(canonical)
        if system == LOINC and code in derived_panels:
            raise _Refused(_derived_alone(derived_panels[code], known))
        if isinstance(system, str) and _INSTRUMENT_SYSTEM.match(system) and code in asked_alone:
            return asked_alone[code], True
    hearth = _SITE_QUESTIONNAIRE.match(canonical)
    if hearth and hearth.group(1) in asked_alone:
        return asked_alone[hearth.group(1)], True
    panel = _CODE.search(canonical)
    if panel and panel.group(1) in by_panel:
        return by_panel[panel.group(1)], False
    if panel and panel.group(1) in derived_panels:
        raise _Refused(_derived_alone(derived_panels[panel.group(1)], known))
    codes = _item_codes(questionnaire)
    asked = {codes.get(str(i.get("linkId"))) or _linkid_code(i) for i in leaves} - {None}
    for instrument in asked_alone.values():
        own = {q.loinc for q in (*instrument.items, *instrument.extras)} | _totals(instrument)
        own.discard(None)
        if asked and asked <= own:
            return instrument, False
    shown = canonical or "no questionnaire named"
    raise _Refused(
        f"Hearth cannot tell which questionnaire it answers ({shown}). It reads the PHQ-9 and "
        "GAD-7 coded with LOINC, and files exported by Hearth."
    )


def _is_hearth(canonical: str) -> bool:
    return bool(_SITE_QUESTIONNAIRE.match(canonical))


def _derived_alone(child: Instrument, known: Mapping[str, Instrument]) -> str:
    parent = known[child.derived_from or ""]
    return (
        f"Hearth keeps the {child.short_title} only as part of the {parent.short_title}, so a "
        f"{child.short_title} on its own cannot be imported."
    )


def _totals(instrument: Instrument) -> set[str]:
    """The LOINC codes of the instrument's total and of its short forms' totals."""
    codes = [instrument.loinc_total, *(d.instrument.loinc_total for d in instrument.derived)]
    return {c for c in codes if c}


def _linkid_code(item: Mapping[str, Any]) -> str | None:
    match = _CODE.search(str(item.get("linkId") or ""))
    return match.group(1) if match else None


def _answer(
    item: Mapping[str, Any],
    instrument: Instrument,
    codes: Mapping[str, str],
    hearth_file: bool,
    totals: list[float],
) -> tuple[str, int] | None:
    """The Hearth question and value of one answered item; None for a total (kept in
    ``totals`` to check); refused when it cannot be mapped."""
    link_id = str(item.get("linkId") or "")
    answers = item.get("answer") or []
    code = codes.get(link_id) or _linkid_code(item)
    if code and code in _totals(instrument):
        value = answers[0] if len(answers) == 1 else {}
        number = value.get("valueInteger", value.get("valueDecimal"))
        if isinstance(number, int | float) and code == instrument.loinc_total:
            totals.append(float(number))
        return None  # a short form's total is Hearth's to compute from the answers
    questions = (*instrument.items, *instrument.extras)
    question = next((q for q in questions if code and q.loinc == code), None)
    if question is None and hearth_file:
        question = next((q for q in questions if q.id == link_id), None)
    if question is None:
        named = f"{link_id!r}" + (f" (LOINC {code})" if code else "")
        raise _Refused(f"item {named} is not a question of the {instrument.short_title}.")
    if len(answers) != 1:
        raise _Refused(f"question {link_id!r} has {len(answers)} answers; it takes one.")
    return question.id, _value(answers[0], instrument, question, link_id)


def _value(answer: Mapping[str, Any], instrument: Instrument, question: Item, link_id: str) -> int:
    coding = answer.get("valueCoding")
    if not isinstance(coding, Mapping):
        raise _Refused(f"question {link_id!r} is not answered with a coded answer.")
    system, code = coding.get("system"), str(coding.get("code"))
    if system == LOINC:
        option = next((o for o in question.options if o.loinc == code), None)
        if option is not None:
            return option.value
    hearth = _SITE_ANSWERS.match(str(system or ""))
    ours = hearth is not None and hearth.groups() == (instrument.id, question.id)
    if ours and code.lstrip("-").isdigit() and int(code) in question.values:
        return int(code)
    raise _Refused(f"the answer {system}|{code} to question {link_id!r} is not one of its answers.")


# ---------------------------------------------------------------------------------------------
# Observations: only totals of the responses in the file, and only the right ones


def _check_observation(
    resource: Mapping[str, Any], claimed: Mapping[str, Incoming], known: Mapping[str, Instrument]
) -> None:
    """An Observation may only be a total of a response in the file, by the LOINC score code
    or Hearth's own total code, and must give the total Hearth computes."""
    sources = [str(r.get("reference")) for r in resource.get("derivedFrom") or []]
    sittings = [claimed[s] for s in sources if s in claimed]
    if not sittings:
        raise _Refused(
            "a score without the answers it comes from; Hearth keeps scores only with their "
            "answers."
        )
    sitting = sittings[0]
    expected: dict[str, float | None] = {}
    for instrument, total in [
        (sitting.instrument, sitting.total),
        *((d.instrument, sitting.derived.get(d.instrument.id)) for d in sitting.instrument.derived),
    ]:
        expected[f"{instrument.id}-total"] = total
        if instrument.loinc_total:
            expected[instrument.loinc_total] = total
    codes = [
        str(c.get("code"))
        for c in (resource.get("code") or {}).get("coding") or []
        if c.get("system") == LOINC or _INSTRUMENT_SYSTEM.match(str(c.get("system") or ""))
    ]
    if not any(code in expected for code in codes):
        raise _Refused(
            f"it is not a total score of the {sitting.instrument.short_title} it is derived from."
        )
    number = resource.get("valueInteger")
    if number is None:
        number = (resource.get("valueQuantity") or {}).get("value")
    for code in codes:
        right = expected.get(code)
        if right is not None and number is not None and abs(float(number) - right) > 0.005:
            raise _Refused(
                f"the file gives a total of {format_total(float(number))} ({code}), "
                f"but the answers add up to {format_total(right)}."
            )
