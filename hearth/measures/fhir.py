"""FHIR R4 resources for instruments and their results, as plain dicts. Pure, no Django.

LOINC codes are used only where CLINICAL.md lists them (panel and total score). Everything
else is coded in Hearth's own code systems under ``https://hearth.invalid/fhir/``, so no
code is claimed that was not checked.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from hearth.measures.definitions import Instrument, Item
from hearth.measures.scoring import ScoreResult

LOINC = "http://loinc.org"
BASE = "https://hearth.invalid/fhir"
INSTRUMENT_SYSTEM = f"{BASE}/CodeSystem/instrument"
BAND_SYSTEM = f"{BASE}/CodeSystem/band"
ORDINAL_EXTENSION = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

Resource = dict[str, Any]


def questionnaire_url(instrument: Instrument) -> str:
    return f"{BASE}/Questionnaire/{instrument.id}"


def answer_system(instrument: Instrument, item: Item) -> str:
    return f"{BASE}/CodeSystem/{instrument.id}-{item.id}"


def questionnaire(instrument: Instrument, *, notice: str | None = None) -> Resource:
    """A Questionnaire with one choice question per item. ``notice`` (the adapted-wording
    label) ends the description, so a receiving system shows it with the questions."""
    description = f"{instrument.stem} (Recall period: {instrument.recall}.)"
    resource: Resource = {
        "resourceType": "Questionnaire",
        "id": instrument.id,
        "url": questionnaire_url(instrument),
        "version": instrument.version,
        "name": instrument.id.upper(),
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": f"{description} {notice}." if notice else description,
        "copyright": f"{instrument.licence} {instrument.licence_reference}",
        "item": [_question(instrument, item) for item in instrument.items],
    }
    if instrument.loinc_panel:
        resource["code"] = [{"system": LOINC, "code": instrument.loinc_panel}]
    return resource


def _question(instrument: Instrument, item: Item) -> Resource:
    return {
        "linkId": item.id,
        "text": item.text,
        "type": "choice",
        "required": item.required,
        "answerOption": [
            {
                "valueCoding": _answer_coding(instrument, item, option.value),
                "extension": [{"url": ORDINAL_EXTENSION, "valueDecimal": option.value}],
            }
            for option in item.options
        ],
    }


def _answer_coding(instrument: Instrument, item: Item, value: int) -> Resource:
    label = next(o.label for o in item.options if o.value == value)
    return {"system": answer_system(instrument, item), "code": str(value), "display": label}


def questionnaire_response(
    instrument: Instrument,
    answers: Mapping[str, int | None],
    *,
    authored: datetime,
    subject: str,
    resource_id: str | None = None,
) -> Resource:
    """The answers given in one administration. Unanswered items are left out."""
    items = [
        {
            "linkId": item.id,
            "text": item.text,
            "answer": [{"valueCoding": _answer_coding(instrument, item, value)}],
        }
        for item in instrument.items
        if (value := answers.get(item.id)) is not None
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id or _new_id(),
        "questionnaire": questionnaire_url(instrument),
        "status": "completed",
        "subject": {"reference": subject},
        "authored": authored.isoformat(),
        "item": items,
    }


def total_code(instrument: Instrument) -> Resource:
    """LOINC where a total-score code is known, else Hearth's instrument code system."""
    if instrument.loinc_total:
        coding = {"system": LOINC, "code": instrument.loinc_total}
    else:
        coding = {"system": INSTRUMENT_SYSTEM, "code": f"{instrument.id}-total"}
    return {
        "coding": [{**coding, "display": f"{instrument.short_title} total score"}],
        "text": f"{instrument.short_title} total score",
    }


def observation(
    instrument: Instrument,
    result: ScoreResult,
    *,
    effective: datetime,
    subject: str,
    derived_from: str | None = None,
    resource_id: str | None = None,
    note: str | None = None,
) -> Resource:
    """An Observation of one total score, with its band as the interpretation and, in
    ``note``, the verdict on the change since the first score and the rule behind it."""
    resource: Resource = {
        "resourceType": "Observation",
        "id": resource_id or _new_id(),
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}],
        "code": total_code(instrument),
        "subject": {"reference": subject},
        "effectiveDateTime": effective.isoformat(),
        **_value(result.total),
    }
    if result.band is not None:
        band = {
            "system": BAND_SYSTEM,
            "code": f"{instrument.id}-{result.band.id}",
            "display": result.band.label,
        }
        resource["interpretation"] = [{"coding": [band], "text": result.band.label}]
    if derived_from:
        resource["derivedFrom"] = [{"reference": derived_from}]
    if note:
        resource["note"] = [{"text": note}]
    return resource


def _value(total: float) -> Resource:
    if float(total).is_integer():
        return {"valueInteger": int(total)}
    return {
        "valueQuantity": {
            "value": round(total, 2),
            "unit": "score",
            "system": "http://unitsofmeasure.org",
            "code": "{score}",
        }
    }


def observations(
    instruments: Mapping[str, Instrument],
    result: ScoreResult,
    *,
    effective: datetime,
    subject: str,
    derived_from: str | None = None,
    note: str | None = None,
) -> list[Resource]:
    """One Observation for the total (with ``note``) and one for each derived total."""
    results = [result, *result.derived]
    return [
        observation(
            instruments[r.instrument_id],
            r,
            effective=effective,
            subject=subject,
            derived_from=derived_from,
            note=note if r is result else None,
        )
        for r in results
    ]


def bundle(resources: Iterable[Resource], *, resource_id: str | None = None) -> Resource:
    """A collection Bundle. Each entry gets a urn:uuid fullUrl."""
    entries: Sequence[Resource] = [
        {"fullUrl": f"urn:uuid:{_uuid_for(r)}", "resource": r} for r in resources
    ]
    return {
        "resourceType": "Bundle",
        "id": resource_id or _new_id(),
        "type": "collection",
        "entry": list(entries),
    }


def _uuid_for(resource: Resource) -> str:
    try:
        return str(uuid.UUID(str(resource.get("id"))))
    except ValueError:
        return str(uuid.uuid4())


def _new_id() -> str:
    return str(uuid.uuid4())
