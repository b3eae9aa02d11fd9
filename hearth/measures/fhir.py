"""FHIR R4 resources for instruments and their results, as plain dicts. Pure, no Django.

The resources follow HL7 Structured Data Capture (SDC) so that a clinical system can read
them without knowing Hearth:

- Questionnaires carry the LOINC panel code (``Questionnaire.code``) and each question its
  LOINC item code (``item.code``) where one was checked; answers are LOINC answer codes
  (for the PHQ and GAD items the list LL358-3, LA6568-5 to LA6571-9) with their score as an
  item weight on each ``answerOption``: the ``itemWeight`` extension of SDC 4 and, for
  readers of SDC 3 and FHIR R4, its former name ``ordinalValue``, with the same number.
  Extra questions that are never scored (the PHQ-9's difficulty question) get no weight.
- Canonical URLs and Hearth's own code systems sit under the site's own address (``base``,
  HEARTH_SITE_URL), the same in every export.
- Every resource about a person points at one pseudonymous ``Patient`` in the same Bundle,
  and every reference is the ``urn:uuid`` full URL of an entry of that Bundle.
- Where no LOINC code was checked (the CSI-4, PC-PTSD-5, PGIC, the GAD-2 total), Hearth's
  own code systems are used, so no code is claimed that was not checked.
- A validated translation goes with the English text as the FHIR ``translation``
  extension; a response records the language it was answered in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from hearth.measures.definitions import Instrument, Item, Option
from hearth.measures.scoring import ScoreResult

LOINC = "http://loinc.org"
ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"  # SDC 4
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"  # SDC 3, FHIR R4
WEIGHT_EXTENSIONS = (ITEM_WEIGHT, ORDINAL_VALUE)
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PSEUDONYMIZED = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
    "code": "PSEUDED",
    "display": "pseudonymized",
}

Resource = dict[str, Any]


# ---------------------------------------------------------------------------------------------
# Addresses under the site's own URL


def questionnaire_url(base: str, instrument: Instrument) -> str:
    return f"{base}/fhir/Questionnaire/{instrument.id}"


def instrument_system(base: str) -> str:
    return f"{base}/fhir/CodeSystem/instrument"


def band_system(base: str) -> str:
    return f"{base}/fhir/CodeSystem/band"


def answer_system(base: str, instrument: Instrument, item: Item) -> str:
    return f"{base}/fhir/CodeSystem/{instrument.id}-{item.id}"


def patient_system(base: str) -> str:
    return f"{base}/fhir/patient"


def response_system(base: str) -> str:
    return f"{base}/fhir/questionnaire-response"


# ---------------------------------------------------------------------------------------------
# Questionnaire


def questionnaire(
    instrument: Instrument,
    *,
    base: str,
    notice: str | None = None,
    translations: Sequence[Instrument] = (),
) -> Resource:
    """A Questionnaire with one choice question per item, then the extra questions.
    ``notice`` (the adapted-wording label) ends the description; ``translations`` are the
    same instrument in other languages, given as translation extensions."""
    description = f"{instrument.stem} (Recall period: {instrument.recall}.)"
    code = (
        {"system": LOINC, "code": instrument.loinc_panel, "display": instrument.title}
        if instrument.loinc_panel
        else {"system": instrument_system(base), "code": instrument.id, "display": instrument.title}
    )
    questions = [(item, True) for item in instrument.items] + [
        (e, False) for e in instrument.extras
    ]
    return {
        "resourceType": "Questionnaire",
        "id": instrument.id,
        "url": questionnaire_url(base, instrument),
        "version": instrument.version,
        "name": instrument.id.upper(),
        "title": instrument.title,
        "status": "active",
        "language": instrument.language,
        "subjectType": ["Patient"],
        "description": f"{description} {notice}." if notice else description,
        "copyright": f"{instrument.licence} {instrument.licence_reference}",
        "code": [code],
        "item": [
            _question(base, instrument, item, weighted, translations)
            for item, weighted in questions
        ],
    }


def _question(
    base: str,
    instrument: Instrument,
    item: Item,
    weighted: bool,
    translations: Sequence[Instrument],
) -> Resource:
    question: Resource = {"linkId": item.id}
    if item.loinc:
        question["code"] = [{"system": LOINC, "code": item.loinc}]
    question["text"] = item.text
    texts = {t.language: _same_question(t, item).text for t in translations}
    if texts:
        question["_text"] = _translated(texts)
    question.update(type="choice", required=item.required)
    question["answerOption"] = [
        _answer_option(base, instrument, item, option, weighted, translations)
        for option in item.options
    ]
    return question


def _answer_option(
    base: str,
    instrument: Instrument,
    item: Item,
    option: Option,
    weighted: bool,
    translations: Sequence[Instrument],
) -> Resource:
    coding = answer_coding(base, instrument, item, option.value)
    labels = {
        t.language: next(
            o.label for o in _same_question(t, item).options if o.value == option.value
        )
        for t in translations
    }
    if labels:
        coding["_display"] = _translated(labels)
    answer: Resource = {"valueCoding": coding}
    if weighted:
        answer["extension"] = [
            {"url": url, "valueDecimal": option.value} for url in WEIGHT_EXTENSIONS
        ]
    return answer


def _same_question(translation: Instrument, item: Item) -> Item:
    found = translation.extra_question(item.id)
    return found if found is not None else translation.item(item.id)


def _translated(texts: Mapping[str, str]) -> Resource:
    return {
        "extension": [
            {
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": language},
                    {"url": "content", "valueString": text},
                ],
            }
            for language, text in sorted(texts.items())
        ]
    }


def answer_coding(base: str, instrument: Instrument, item: Item, value: int) -> Resource:
    """The LOINC answer code where one was checked, else Hearth's code for the value."""
    option = next(o for o in item.options if o.value == value)
    if option.loinc:
        return {"system": LOINC, "code": option.loinc, "display": option.label}
    return {
        "system": answer_system(base, instrument, item),
        "code": str(value),
        "display": option.label,
    }


# ---------------------------------------------------------------------------------------------
# Response, observations, patient


def questionnaire_response(
    instrument: Instrument,
    answers: Mapping[str, int | None],
    *,
    base: str,
    authored: datetime,
    subject: str,
    resource_id: str,
) -> Resource:
    """The answers given in one sitting, in the words and language it was asked in.
    Unanswered questions are left out."""
    questions = (*instrument.items, *instrument.extras)
    items = [
        {
            "linkId": item.id,
            "text": item.text,
            "answer": [{"valueCoding": answer_coding(base, instrument, item, value)}],
        }
        for item in questions
        if (value := answers.get(item.id)) is not None
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id,
        "identifier": {"system": response_system(base), "value": resource_id},
        "questionnaire": f"{questionnaire_url(base, instrument)}|{instrument.version}",
        "status": "completed",
        "language": instrument.language,
        "subject": {"reference": subject},
        "authored": authored.isoformat(),
        "item": items,
    }


def total_code(base: str, instrument: Instrument) -> Resource:
    """LOINC where a total-score code is known, else Hearth's instrument code system."""
    if instrument.loinc_total:
        coding = {"system": LOINC, "code": instrument.loinc_total}
    else:
        coding = {"system": instrument_system(base), "code": f"{instrument.id}-total"}
    return {
        "coding": [{**coding, "display": f"{instrument.short_title} total score"}],
        "text": f"{instrument.short_title} total score",
    }


def observation(
    instrument: Instrument,
    result: ScoreResult,
    *,
    base: str,
    effective: datetime,
    subject: str,
    resource_id: str,
    derived_from: str | None = None,
    note: str | None = None,
) -> Resource:
    """An Observation of one total score, with its band as the interpretation and, in
    ``note``, the verdict on the change since the first score and the rule behind it."""
    resource: Resource = {
        "resourceType": "Observation",
        "id": resource_id,
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}],
        "code": total_code(base, instrument),
        "subject": {"reference": subject},
        "effectiveDateTime": effective.isoformat(),
        **_value(result.total),
    }
    if result.band is not None:
        band = {
            "system": band_system(base),
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
    base: str,
    effective: datetime,
    subject: str,
    ids: Mapping[str, str],
    derived_from: str | None = None,
    note: str | None = None,
) -> list[Resource]:
    """One Observation for the total (with ``note``) and one for each derived total;
    ``ids`` gives each instrument's Observation its id."""
    return [
        observation(
            instruments[r.instrument_id],
            r,
            base=base,
            effective=effective,
            subject=subject,
            resource_id=ids[r.instrument_id],
            derived_from=derived_from,
            note=note if r is result else None,
        )
        for r in [result, *result.derived]
    ]


def patient(*, base: str, resource_id: str) -> Resource:
    """A pseudonymous Patient: no name, no contact, no birth date; only an id that stays
    the same in every export of the same person."""
    return {
        "resourceType": "Patient",
        "id": resource_id,
        "meta": {"security": [PSEUDONYMIZED]},
        "identifier": [{"system": patient_system(base), "value": resource_id}],
    }


def bundle(
    entries: Iterable[tuple[str, Resource]], *, resource_id: str, timestamp: str
) -> Resource:
    """A collection Bundle of (full URL, resource) entries."""
    return {
        "resourceType": "Bundle",
        "id": resource_id,
        "type": "collection",
        "timestamp": timestamp,
        "entry": [{"fullUrl": full_url, "resource": resource} for full_url, resource in entries],
    }


def urn(resource_id: str) -> str:
    return f"urn:uuid:{resource_id}"
