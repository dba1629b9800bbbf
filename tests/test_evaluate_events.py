"""Event kinds: conditions, prior therapies, medications, procedures, reproductive status, sex,
and their time windows, on the node classes of criteria.tree.nodes and the real term lexicon
(lexicons/events.jsonl).
"""

from __future__ import annotations

from datetime import date

import pytest
from evaluate_helpers import criteria_of, read_table
from hypothesis import given, settings
from hypothesis import strategies as st

import criteria
from criteria.evaluate.evaluator import Options, compile_rule
from criteria.evaluate.facts import Facts
from criteria.evaluate.patient import Patient
from criteria.tree.nodes import (
    AllOf, AnyOf, Condition, DoseLimit, Medication, Not, PriorTherapy, Procedure, Reproductive, Sex, TimeWindow,
)

AS_OF = date(2026, 11, 25)


def days_before_first_dose(**bounds) -> TimeWindow:
    return TimeWindow(unit="day", anchor="first_dose", **bounds)


def _verdict(rule, patient, section="exclusion", absence="clears"):
    tree = criteria_of([], [rule]) if section == "exclusion" else criteria_of([rule])
    result = criteria.evaluate(tree, patient, AS_OF, absence=absence)
    return result, result.verdict("E1" if section == "exclusion" else "I1").value


HIV = Condition(name="hiv_infection")


@pytest.mark.parametrize(
    ("patient", "expected"),
    [
        ({"conditions": [{"name": "HIV infection"}]}, "met"),
        ({"conditions": [{"name": "hypertension"}], "complete": ["conditions"]}, "not_met"),
        ({"conditions": [{"name": "hypertension"}]}, "unknown"),  # absence is unknown unless vouched complete
        ({}, "unknown"),
    ],
)
def test_absence_counts_only_in_a_complete_list(patient, expected):
    result, verdict = _verdict(HIV, patient)
    assert verdict == expected
    if expected == "unknown":
        assert [m.item for m in result.missing] == ["hiv infection"]


@pytest.mark.parametrize(
    ("status", "record", "expected"),
    [
        (("symptomatic",), {"name": "brain metastases", "qualifiers": ["symptomatic"]}, "met"),
        (("symptomatic",), {"name": "brain metastases", "qualifiers": ["asymptomatic"]}, "not_met"),
        (("symptomatic",), {"name": "brain metastases"}, "unknown"),
        (("active",), {"name": "brain metastases", "status": "active"}, "met"),
        (("active",), {"name": "brain metastases", "status": "resolved"}, "not_met"),
        (("history",), {"name": "brain metastases", "status": "resolved"}, "met"),
    ],
)
def test_condition_status_words(status, record, expected):
    patient = {"conditions": [record], "complete": ["conditions"]}
    assert _verdict(Condition(name="cns_metastases", status=status), patient)[1] == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("neuroendocrine carcinoma of pancreas", "met"),
        ("pancreatic cancer", "met"),
        ("gastric carcinoma", "not_met"),  # another site is named
        ("carcinoma of unknown primary", "unknown"),
    ],
)
def test_condition_site(name, expected):
    patient = {"conditions": [{"name": name}], "complete": ["conditions"]}
    assert _verdict(Condition(name="malignancy", site="pancreas"), patient, "inclusion")[1] == expected


WITHIN_2_YEARS = TimeWindow(high=2, unit="year", anchor="enrollment")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"name": "breast cancer", "onset": "2025-06-01", "status": "active"}, "met"),
        ({"name": "breast cancer", "onset": "2015-06-01", "status": "active"}, "met"),  # still active
        (
            {"name": "breast cancer", "onset": "2015-06-01", "status": "resolved"},
            "unknown",
        ),  # when did it end?
        ({"name": "breast cancer", "onset": "2026-01-01"}, "met"),
        ({"name": "breast cancer"}, "unknown"),  # no dates
    ],
)
def test_condition_within_a_window(record, expected):
    patient = {"conditions": [record], "complete": ["conditions"]}
    assert _verdict(Condition(name="malignancy", window=WITHIN_2_YEARS), patient)[1] == expected


WINDOWS = read_table("time_windows.csv")


@pytest.mark.parametrize("row", WINDOWS, ids=lambda r: r["case"])
def test_procedure_windows(row):
    window = TimeWindow(
        low=float(row["low"]) if row["low"] else None,
        high=float(row["high"]) if row["high"] else None,
        unit=row["unit"],
        relation=row["relation"],
        anchor=row["anchor"],
    )
    patient = {"procedures": [{"name": "major surgery", "date": row["date"]}], "complete": ["procedures"]}
    result, verdict = _verdict(Procedure(name="major_surgery", window=window), patient)
    assert verdict == row["expected"], result["E1"].reason


@pytest.mark.parametrize(
    ("therapies", "expected"),
    [
        ([{"name": "tarlatamab", "line": 2}], "met"),
        ([{"name": "AMG 757"}], "met"),
        ([{"name": "carboplatin"}], "not_met"),
    ],
)
def test_prior_therapy_by_name(therapies, expected):
    patient = {"therapies": therapies, "complete": ["therapies"]}
    assert _verdict(PriorTherapy(name="tarlatamab"), patient)[1] == expected


def test_prior_therapy_by_class_or_by_a_member_of_the_class():
    rule = PriorTherapy(name="platinum_based_therapy", therapy_class="platinum")
    for therapy in ({"name": "cisplatin", "classes": ["platinum"]}, {"name": "carboplatin"}):
        assert _verdict(rule, {"therapies": [therapy], "complete": ["therapies"]}, "inclusion")[1] == "met"


PLATINUM = [
    {"name": "carboplatin", "classes": ["platinum"], "line": 1},
    {"name": "etoposide", "classes": ["chemotherapy"], "line": 1},
]


@pytest.mark.parametrize(
    ("op", "count", "therapies", "complete", "expected"),
    [
        ("==", 1, PLATINUM, True, "met"),  # carboplatin + etoposide is one regimen
        ("==", 1, PLATINUM, False, "unknown"),  # another regimen may be missing
        (">", 2, PLATINUM, True, "unknown"),  # silence does not rule a patient out of an inclusion
        (">", 2, PLATINUM, False, "unknown"),
        (">=", 1, PLATINUM, False, "met"),  # already at least one
        ("<=", 1, PLATINUM + [{"name": "cisplatin", "classes": ["platinum"], "line": 3}], False, "not_met"),
    ],
)
def test_counted_regimens(op, count, therapies, complete, expected):
    rule = PriorTherapy(name="platinum_based_therapy", therapy_class="platinum", count_op=op, count=count)
    patient = {"therapies": therapies, "complete": ["therapies"] if complete else []}
    assert _verdict(rule, patient, "inclusion")[1] == expected


@pytest.mark.parametrize(
    ("op", "count", "section", "absence", "expected"),
    [
        (">", 2, "inclusion", "decides", "not_met"),  # the record is the whole history
        (">", 2, "exclusion", "clears", "not_met"),  # silence clears: not excluded
        ("==", 1, "exclusion", "clears", "unknown"),  # silence would exclude: it may not
        ("==", 1, "exclusion", "decides", "met"),
    ],
)
def test_counted_regimens_by_what_silence_may_settle(op, count, section, absence, expected):
    rule = PriorTherapy(name="platinum_based_therapy", therapy_class="platinum", count_op=op, count=count)
    patient = {"therapies": PLATINUM, "complete": ["therapies"]}
    assert _verdict(rule, patient, section, absence)[1] == expected


def test_therapy_within_a_window_uses_its_last_dose():
    rule = PriorTherapy(name="tarlatamab", window=days_before_first_dose(high=21))
    recent = {
        "therapies": [{"name": "tarlatamab", "start": "2026-09-01", "end": "2026-11-10"}],
        "complete": ["therapies"],
    }
    old = {
        "therapies": [{"name": "tarlatamab", "start": "2026-01-01", "end": "2026-03-01"}],
        "complete": ["therapies"],
    }
    open_ended = {"therapies": [{"name": "tarlatamab", "start": "2026-01-01"}], "complete": ["therapies"]}
    assert [_verdict(rule, p)[1] for p in (recent, old, open_ended)] == ["met", "not_met", "unknown"]


@pytest.mark.parametrize(
    ("medication", "expected"),
    [
        ({"name": "prednisone", "dose": "20 mg/day", "start": "2026-10-01"}, "met"),  # ongoing, in class
        ({"name": "prednisone", "dose": "20 mg/day", "start": "2026-01-01", "end": "2026-02-01"}, "not_met"),
        ({"name": "metformin", "start": "2026-01-01"}, "not_met"),
    ],
)
def test_current_medication_by_class(medication, expected):
    rule = Medication(
        name="corticosteroid", drug_class="corticosteroid", window=days_before_first_dose(high=7)
    )
    assert _verdict(rule, {"medications": [medication], "complete": ["medications"]})[1] == expected


@pytest.mark.parametrize(
    ("dose", "expected"),
    [
        ("5 mg/day", "met"),
        ("10 mg/day", "met"),
        ("20 mg/day", "not_met"),
        ("0.005 g/day", "met"),
        ("5 mg", "unknown"),
        (None, "unknown"),
    ],
)
def test_dose_limits_convert_units(dose, expected):
    limit = DoseLimit(op="<=", value=10.0, unit="mg/day")
    rule = Medication(name="prednisone", dose=limit)
    patient = {"medications": [{"name": "prednisone", "dose": dose}], "complete": ["medications"]}
    assert _verdict(rule, patient, "inclusion")[1] == expected


@pytest.mark.parametrize(
    ("name", "patient", "expected"),
    [
        ("pregnancy", {"pregnant": True}, "met"),
        ("pregnancy", {"pregnant": False}, "not_met"),
        ("breastfeeding", {}, "unknown"),
        ("childbearing_potential", {"childbearing_potential": False}, "not_met"),
        ("contraception", {"pregnant": False}, "unknown"),  # not in a patient profile
    ],
)
def test_reproductive(name, patient, expected):
    assert _verdict(Reproductive(name=name), patient)[1] == expected


@pytest.mark.parametrize(
    ("rule", "sex", "expected"),
    [
        (Sex(sex="female"), "female", "met"),
        (Sex(sex="female"), "male", "not_met"),
        (Sex(sex="all"), None, "met"),
        (Sex(sex="male"), None, "unknown"),
        (Sex(sex="female", qualifier="postmenopausal"), "female", "unknown"),
        (Sex(sex="female", qualifier="postmenopausal"), "male", "not_met"),
    ],
)
def test_sex(rule, sex, expected):
    assert _verdict(rule, {"sex": sex}, "inclusion")[1] == expected


# --- evaluation by exception gives the same verdicts as plain evaluation --------------------


_RULES = [
    HIV,
    Condition(name="cns_metastases", status=("symptomatic",)),
    Condition(name="malignancy", site="pancreas"),
    PriorTherapy(name="tarlatamab"),
    Medication(name="corticosteroid", drug_class="corticosteroid"),
    Procedure(name="major_surgery", window=days_before_first_dose(high=28)),
    PriorTherapy(name="platinum_based_therapy", therapy_class="platinum", count_op=">", count=1),
]
_NAMES = {
    "conditions": ["HIV infection", "brain metastases", "pancreatic cancer", "gastric carcinoma", "asthma"],
    "therapies": ["tarlatamab", "carboplatin", "cisplatin"],
    "medications": ["prednisone", "metformin"],
    "procedures": ["major surgery", "biopsy"],
}
rules = st.recursive(
    st.sampled_from(_RULES),
    lambda inner: st.one_of(
        st.builds(AllOf.model_construct, items=st.lists(inner, min_size=1, max_size=3).map(tuple)),
        st.builds(AnyOf.model_construct, items=st.lists(inner, min_size=1, max_size=3).map(tuple)),
        st.builds(Not.model_construct, item=inner),
    ),
    max_leaves=4,
)
dates = st.dates(min_value=date(2025, 1, 1), max_value=AS_OF).map(date.isoformat)
patients = st.fixed_dictionaries(
    {
        "conditions": st.lists(
            st.fixed_dictionaries(
                {
                    "name": st.sampled_from(_NAMES["conditions"]),
                    "qualifiers": st.sampled_from([[], ["symptomatic"]]),
                }
            ),
            max_size=3,
        ),
        "therapies": st.lists(
            st.fixed_dictionaries({"name": st.sampled_from(_NAMES["therapies"]), "line": st.integers(1, 3)}),
            max_size=3,
        ),
        "medications": st.lists(
            st.fixed_dictionaries({"name": st.sampled_from(_NAMES["medications"])}), max_size=2
        ),
        "procedures": st.lists(
            st.fixed_dictionaries({"name": st.sampled_from(_NAMES["procedures"]), "date": dates}), max_size=2
        ),
        "complete": st.lists(
            st.sampled_from(["conditions", "therapies", "medications", "procedures"]), unique=True
        ),
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(rules, min_size=1, max_size=4), st.lists(patients, min_size=1, max_size=4))
def test_evaluation_by_exception_matches_plain_evaluation(rule_list, patient_list):
    program = criteria.compile(criteria_of([], rule_list))
    for raw in patient_list:
        result = program.evaluate(raw, AS_OF)
        facts = Facts(Patient.model_validate(raw), AS_OF)
        plain = [compile_rule(rule, Options()).run(facts) for rule in rule_list]
        assert [result.codes[i] for i in range(len(rule_list))] == plain
