"""FHIR R4 in: one small bundle per mapping rule (docs/fhir.md), and bad bundles of each kind."""

from __future__ import annotations

import json
import warnings
from datetime import date
from pathlib import Path

import pytest

from criteria import InputFormatError, InputTypeError, Patient
from criteria.evaluate.fhir import FhirWarning

ROOT = Path(__file__).parents[1]
SCT, LOINC, RX, UCUM = (
    "http://snomed.info/sct", "http://loinc.org", "http://www.nlm.nih.gov/research/umls/rxnorm",
    "http://unitsofmeasure.org",
)
ATC, ICD = "http://www.whocc.no/atc", "http://hl7.org/fhir/sid/icd-10-cm"
SUBJECT = {"reference": "Patient/p"}
PERSON = {"resourceType": "Patient", "id": "p", "gender": "female", "birthDate": "1970-01-31"}


def cc(system: str, code: str, display: str | None = None, text: str | None = None) -> dict:
    coding = {"system": system, "code": code} | ({"display": display} if display else {})
    return {"coding": [coding]} | ({"text": text} if text else {})


def q(value: float, code: str) -> dict:
    return {"value": value, "unit": code, "system": UCUM, "code": code}


def bundle(*resources: dict, person: dict | None = PERSON) -> dict:
    found = ([person] if person else []) + list(resources)
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"fullUrl": f"urn:uuid:{r.get('id', n)}", "resource": r} for n, r in enumerate(found)]}


def read(*resources: dict, **options) -> Patient:
    with warnings.catch_warnings():
        warnings.simplefilter("error", FhirWarning)  # a rule test must not skip anything
        return Patient.from_fhir(bundle(*resources), **options)


def condition(id_: str = "c", **fields) -> dict:
    return {"resourceType": "Condition", "id": id_, "subject": SUBJECT,
            "code": cc(SCT, "254637007", "Non-small cell lung cancer (disorder)")} | fields


def status(code: str, system: str = "http://terminology.hl7.org/CodeSystem/condition-clinical") -> dict:
    return cc(system, code)


def observation(id_: str = "o", **fields) -> dict:
    return {"resourceType": "Observation", "id": id_, "status": "final", "subject": SUBJECT} | fields


def request(id_: str = "m", **fields) -> dict:
    return {"resourceType": "MedicationRequest", "id": id_, "status": "active", "intent": "order",
            "subject": SUBJECT} | fields


# --- Patient ----------------------------------------------------------------------------------


def test_patient_birth_date_and_sex_with_their_source():
    patient = read()
    assert patient.birth_date == date(1970, 1, 31) and patient.sex == "female"
    assert patient.sources == {"birth_date": "Patient/p", "sex": "Patient/p"}
    assert patient.complete == ()  # never guessed from a bundle


@pytest.mark.parametrize("gender", ["other", "unknown"])
def test_other_and_unknown_gender_stay_unknown(gender):
    patient = Patient.from_fhir(bundle(person=PERSON | {"gender": gender}))
    assert patient.sex is None and "sex" not in patient.sources


def test_a_partial_birth_date_is_left_unknown_with_a_warning():
    with pytest.warns(FhirWarning, match=r"Patient/p: birthDate '1970-01' names no day"):
        patient = Patient.from_fhir(bundle(person=PERSON | {"birthDate": "1970-01"}))
    assert patient.birth_date is None


# --- Condition --------------------------------------------------------------------------------


def test_condition_keeps_every_coding_the_name_and_dates():
    code = {"coding": [{"system": SCT, "code": "254637007", "display": "Non-small cell lung cancer (disorder)"},
                       {"system": ICD, "code": "C34.90"}]}
    (record,) = read(condition(code=code, onsetDateTime="2019-03-02T10:00:00-05:00",
                               clinicalStatus=status("active"))).conditions
    assert record.name == "Non-small cell lung cancer"  # the SNOMED semantic tag is not part of the name
    assert record.codes == ("SNOMED:254637007", "ICD-10-CM:C34.90")
    assert record.onset == date(2019, 3, 2) and record.status == "active"
    assert record.source == "Condition/c"


@pytest.mark.parametrize("clinical, expected", [
    ("active", "active"), ("recurrence", "active"), ("relapse", "active"), ("remission", "remission"),
    ("resolved", "resolved"), ("inactive", "resolved"),
])
def test_condition_clinical_status(clinical, expected):
    assert read(condition(clinicalStatus=status(clinical))).conditions[0].status == expected


def test_abatement_date_and_a_resolved_condition_without_status():
    (record,) = read(condition(onsetDateTime="2018-01-01", abatementDateTime="2018-06-30")).conditions
    assert record.abatement == date(2018, 6, 30) and record.status == "resolved"


@pytest.mark.parametrize("verification", ["refuted", "entered-in-error"])
def test_refuted_and_mistaken_conditions_are_dropped(verification):
    ver = status(verification, "http://terminology.hl7.org/CodeSystem/condition-ver-status")
    assert read(condition(verificationStatus=ver)).conditions == ()


def test_stage_and_severity_become_qualifiers():
    stage = [{"summary": {"text": "TNM stage 1"}}]
    (record,) = read(condition(stage=stage, severity={"text": "Severe"})).conditions
    assert record.qualifiers == ("TNM stage 1", "Severe")


# --- Observation ------------------------------------------------------------------------------


def test_lab_with_ucum_unit_reference_range_and_date():
    obs = observation(code=cc(LOINC, "718-7", "Hemoglobin [Mass/volume] in Blood"), effectiveDateTime="2026-11-02",
                      valueQuantity=q(11.2, "g/dL"), referenceRange=[{"low": q(12, "g/dL"), "high": q(155, "g/L")}])
    (lab,) = read(obs).labs
    assert (lab.code, lab.value, lab.unit, lab.date) == ("LOINC:718-7", 11.2, "g/dL", date(2026, 11, 2))
    assert lab.lln == 12 and lab.uln == pytest.approx(15.5)  # the range's g/L converted to the value's g/dL
    assert lab.source == "Observation/o"


@pytest.mark.parametrize("ucum, pint", [("10*3/uL", "10^3/uL"), ("mm[Hg]", "mmHg"), ("kg/m2", "kg/m^2"),
                                        ("mL/min/{1.73_m2}", "mL/min/(1.73 m^2)"), ("{score}", None)])
def test_ucum_units_become_pint_units(ucum, pint):
    (lab,) = read(observation(code=cc(LOINC, "777-3"), valueQuantity=q(182, ucum))).labs
    assert lab.unit == pint


def test_blood_pressure_panel_gives_one_value_per_component():
    panel = observation(code=cc(LOINC, "55284-4", "Blood Pressure"), effectiveDateTime="2026-01-05", component=[
        {"code": cc(LOINC, "8480-6", "Systolic Blood Pressure"), "valueQuantity": q(128, "mm[Hg]")},
        {"code": cc(LOINC, "8462-4", "Diastolic Blood Pressure"), "valueQuantity": q(82, "mm[Hg]")},
    ])
    labs = read(panel).labs
    assert [(lab.code, lab.value, lab.unit) for lab in labs] == [("LOINC:8480-6", 128, "mmHg"),
                                                                   ("LOINC:8462-4", 82, "mmHg")]


def test_ecog_and_karnofsky_are_performance_status_the_latest_wins():
    older = observation("o1", code=cc(LOINC, "89247-1"), effectiveDateTime="2026-01-01", valueInteger=2)
    newer = observation("o2", code=cc(LOINC, "89243-0"), effectiveDateTime="2026-03-01", valueInteger=80)
    score = read(older, newer).performance_status
    assert (score.scale, score.value, score.source) == ("Karnofsky", 80, "Observation/o2")
    assert read(older).performance_status.scale == "ECOG"


def test_a_coded_ecog_grade_is_read():
    grade = cc(SCT, "422512005", "ECOG Grade 1: Symptomatic but completely ambulatory")
    score = read(observation(code=cc(LOINC, "89247-1"), valueCodeableConcept=grade)).performance_status
    assert (score.scale, score.value) == ("ECOG", 1)
    with pytest.warns(FhirWarning, match="a coded ECOG grade"):
        Patient.from_fhir(bundle(observation(code=cc(LOINC, "89247-1"), valueString="fit")))


@pytest.mark.parametrize("answer, pregnant", [(cc(LOINC, "LA15173-0", "Pregnant"), True),
                                              (cc(LOINC, "LA26683-5", "Not pregnant"), False),
                                              (cc(LOINC, "LA4489-6", "Unknown"), None)])
def test_pregnancy_status(answer, pregnant):
    patient = read(observation(code=cc(LOINC, "82810-3"), valueCodeableConcept=answer))
    assert patient.pregnant is pregnant
    assert patient.sources.get("pregnant") == ("Observation/o" if pregnant is not None else None)


def test_an_observation_with_a_text_value_gives_nothing():
    assert read(observation(code=cc(LOINC, "72166-2"), valueCodeableConcept={"text": "Never smoker"})).labs == ()


# --- medications and therapies ----------------------------------------------------------------


def test_medication_request_codes_dates_and_daily_dose():
    dosage = [{"timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d",
                                     "boundsPeriod": {"start": "2026-01-01"}}},
               "doseAndRate": [{"doseQuantity": {"value": 5, "unit": "mg", "system": UCUM, "code": "mg"}}]}]
    (record,) = read(request(medicationCodeableConcept=cc(RX, "312617", "Prednisone 5 MG Oral Tablet"),
                             dosageInstruction=dosage)).medications
    assert (record.name, record.codes, record.dose) == ("Prednisone 5 MG Oral Tablet", ("RxNorm:312617",), "10 mg/day")
    assert record.start == date(2026, 1, 1) and record.end is None and record.source == "MedicationRequest/m"


def test_a_dose_in_units_we_cannot_add_up_leaves_the_dose_unknown_not_the_medication():
    dosage = [{"timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
               "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "tablet", "system": UCUM, "code": "{tablet}"}}]}]
    (record,) = read(request(medicationCodeableConcept=cc(RX, "243670", "Aspirin 81 MG Oral Tablet"),
                             dosageInstruction=dosage)).medications
    assert record.name == "Aspirin 81 MG Oral Tablet" and record.dose is None


def test_a_stopped_request_without_an_end_ends_no_later_than_we_know():
    (record,) = read(request(status="stopped", authoredOn="2010-05-01",
                             medicationCodeableConcept=cc(RX, "316049", "Hydrochlorothiazide 25 MG"))).medications
    assert record.start == record.end == date(2010, 5, 1)  # not "ongoing since 2010"


def test_medication_reference_resolves_inside_the_bundle():
    drug = {"resourceType": "Medication", "id": "drug", "code": cc(RX, "1736854", "Cisplatin 50 MG Injection")}
    (record,) = read(drug, request(medicationReference={"reference": "Medication/drug"})).medications
    assert record.name == "Cisplatin 50 MG Injection"


def test_statement_and_administration_periods():
    statement = {"resourceType": "MedicationStatement", "id": "s", "status": "completed", "subject": SUBJECT,
                 "medicationCodeableConcept": cc(RX, "243670", "Aspirin 81 MG Oral Tablet"),
                 "effectivePeriod": {"start": "2020-01-01", "end": "2020-02-01"}}
    given = {"resourceType": "MedicationAdministration", "id": "a", "status": "completed", "subject": SUBJECT,
             "medicationCodeableConcept": cc(RX, "1740467"), "effectiveDateTime": "2021-03-04T08:00:00Z"}
    first, second = read(statement, given).medications
    assert (first.start, first.end) == (date(2020, 1, 1), date(2020, 2, 1))
    assert (second.name, second.start, second.end) == ("RxNorm:1740467", date(2021, 3, 4), date(2021, 3, 4))


def test_antineoplastic_drugs_are_also_therapies_merged_per_drug_with_inferred_lines():
    def chemo(id_, code, display, start, end):
        bounds = {"timing": {"repeat": {"boundsPeriod": {"start": start, "end": end}}}}
        return request(id_, status="completed", medicationCodeableConcept=cc(RX, code, display), dosageInstruction=[bounds])

    patient = read(
        chemo("c1", "1736854", "Cisplatin 50 MG Injection", "2020-01-01", "2020-01-02"),
        chemo("c2", "1736854", "Cisplatin 50 MG Injection", "2020-03-01", "2020-03-02"),
        chemo("e1", "1734340", "Etoposide 100 MG Injection", "2020-01-01", "2020-03-02"),
        chemo("d1", "1860480", "1 ML DOCEtaxel 20 MG/ML Injection", "2021-06-01", "2021-09-01"),
        request("x", medicationCodeableConcept={"coding": [{"system": ATC, "code": "L01XX99"}], "text": "drug X"}),
    )
    lines = {(t.name, t.line, t.start, t.end) for t in patient.therapies if t.name != "drug X"}
    assert lines == {("Cisplatin 50 MG Injection", 1, date(2020, 1, 1), date(2020, 3, 2)),
                     ("Etoposide 100 MG Injection", 1, date(2020, 1, 1), date(2020, 3, 2)),
                     ("1 ML DOCEtaxel 20 MG/ML Injection", 2, date(2021, 6, 1), date(2021, 9, 1))}
    cisplatin = next(t for t in patient.therapies if t.name.startswith("Cisplatin"))
    assert cisplatin.classes[0] == "platinum" and cisplatin.source == "MedicationRequest/c1 and 1 more"
    drug_x = next(t for t in patient.therapies if t.name == "drug X")
    assert "antineoplastic" in drug_x.classes and drug_x.line is None  # by its ATC code alone; undated
    assert len(patient.medications) == 5  # each is a medication as well


# --- Procedure --------------------------------------------------------------------------------


def test_procedure_code_and_date_and_radiotherapy_is_a_therapy():
    surgery = {"resourceType": "Procedure", "id": "s", "status": "completed", "subject": SUBJECT,
               "code": cc(SCT, "43075005", "Partial resection of colon"), "performedDateTime": "2019-02-03"}
    radiation = {"resourceType": "Procedure", "id": "r", "status": "completed", "subject": SUBJECT,
                 "code": cc(SCT, "703423002", "Combined chemotherapy and radiation therapy (procedure)"),
                 "performedPeriod": {"start": "2020-01-01", "end": "2020-02-15"}}
    skipped = {"resourceType": "Procedure", "id": "n", "status": "not-done", "subject": SUBJECT,
               "code": cc(SCT, "73761001", "Colonoscopy")}
    patient = read(surgery, radiation, skipped)
    assert [(p.name, p.date, p.codes) for p in patient.procedures] == [
        ("Partial resection of colon", date(2019, 2, 3), ("SNOMED:43075005",)),
        ("Combined chemotherapy and radiation therapy", date(2020, 1, 1), ("SNOMED:703423002",)),
    ]
    (therapy,) = patient.therapies
    assert "radiotherapy" in therapy.classes and therapy.end == date(2020, 2, 15)


# --- input forms ------------------------------------------------------------------------------


def test_a_dict_json_text_bytes_and_a_path_read_alike(tmp_path):
    data = bundle(condition())
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    forms = [data, json.dumps(data), json.dumps(data).encode(), path, str(path)]
    assert len({Patient.from_fhir(form).model_dump_json() for form in forms}) == 1


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("data, message", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "a FHIR Bundle is a JSON object"),
    ({"resourceType": "Patient", "id": "p"}, "not a FHIR Bundle: resourceType is 'Patient'"),
    ({"entry": []}, "not a FHIR Bundle: no resourceType"),
    ({"resourceType": "Bundle", "type": "collection", "total": "many"}, "invalid FHIR Bundle: total"),
    (bundle(person=None), "holds exactly one Patient resource; this one holds 0"),
    (bundle(PERSON | {"id": "q"}), "this one holds 2"),
    (bundle(person=PERSON | {"birthDate": "31/01/1970"}), "invalid FHIR resource Patient/p: birthDate"),
])
def test_a_bundle_that_cannot_be_a_patient_is_an_error_naming_the_field(data, message):
    with pytest.raises(InputFormatError, match=message):
        Patient.from_fhir(data)


def test_the_wrong_type_and_a_missing_file():
    with pytest.raises(InputTypeError):
        Patient.from_fhir(42)
    with pytest.raises(InputFormatError, match="cannot read the bundle"):
        Patient.from_fhir(ROOT / "no-such-bundle.json")


BAD_OBSERVATION = observation("bad", code=cc(LOINC, "718-7"), effectiveDateTime="2026-13-01",
                              valueQuantity=q(11, "g/dL"))
BAD_UNIT = observation("odd", code=cc(LOINC, "718-7"), valueQuantity=q(11, "bananas[per]"))
BAD_CONDITION = condition("broken", onsetDateTime="yesterday")


def test_one_bad_resource_is_skipped_with_a_warning_naming_it_and_the_field():
    good = observation("good", code=cc(LOINC, "718-7"), valueQuantity=q(11.2, "g/dL"))
    with pytest.warns(FhirWarning) as caught:
        patient = Patient.from_fhir(bundle(good, BAD_OBSERVATION, BAD_UNIT, BAD_CONDITION, condition("fine")))
    message = str(caught[0].message)
    assert "3 FHIR resource(s) skipped" in message
    assert "Observation/bad: effectiveDateTime" in message
    assert "Observation/odd: valueQuantity.code" in message and "bananas[per]" in message
    assert "Condition/broken: onsetDateTime" in message
    assert [lab.source for lab in patient.labs] == ["Observation/good"]
    assert [c.source for c in patient.conditions] == ["Condition/fine"]


def test_strict_raises_instead_of_skipping():
    with pytest.raises(InputFormatError, match=r"Observation/bad: effectiveDateTime"):
        Patient.from_fhir(bundle(BAD_OBSERVATION), strict=True)


def test_a_bad_resource_of_a_list_vouched_complete_cannot_be_skipped():
    with pytest.raises(InputFormatError, match="conditions are declared complete"):
        Patient.from_fhir(bundle(BAD_CONDITION), complete=["conditions"])
    with pytest.warns(FhirWarning):  # the same bundle, conditions not vouched: skipped, not wrong
        assert Patient.from_fhir(bundle(BAD_CONDITION), complete=["medications"]).conditions == ()


def test_a_missing_medication_reference_and_an_inverted_period_are_skipped():
    missing = request("r1", medicationReference={"reference": "Medication/absent"})
    inverted = {"resourceType": "MedicationStatement", "id": "s1", "status": "completed", "subject": SUBJECT,
                "medicationCodeableConcept": cc(RX, "243670"), "effectivePeriod": {"start": "2020-02-01", "end": "2020-01-01"}}
    with pytest.warns(FhirWarning) as caught:
        assert Patient.from_fhir(bundle(missing, inverted)).medications == ()
    message = str(caught[0].message)
    assert "MedicationRequest/r1: medicationReference" in message and "MedicationStatement/s1" in message
