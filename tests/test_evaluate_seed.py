"""The seed trial NCT06893783 against hand-built patients (tests/data/seed_patients.json).

Two texts: the whole trial, where today only the age rule and the cohort structure are typed
(everything else is ``unparsed``, so the evaluator may say less than the target but never
contradict it), and an excerpt made of the trial's age and cohort criteria verbatim
(tests/data/evaluate/NCT06893783-age-logic.txt), where age decides and cohort membership waits
for typed cohort definitions.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from evaluate_helpers import DATA

import criteria

SEED = json.loads((DATA / "seed_patients.json").read_text(encoding="utf-8"))
AS_OF = date.fromisoformat(SEED["as_of"])
PATIENTS = SEED["patients"]
_COMPATIBLE = {
    "eligible": {"eligible", "unknown"},
    "ineligible": {"ineligible", "unknown"},
    "unknown": {"unknown"},
}


@pytest.fixture(scope="module")
def trial():
    return criteria.compile(
        criteria.parse_criteria((DATA / "NCT06893783.txt").read_text(encoding="utf-8")),
        ignore_noncomputable=True,
    )


@pytest.fixture(scope="module")
def excerpt():
    return criteria.compile(
        criteria.parse_criteria((DATA / "evaluate" / "NCT06893783-age-logic.txt").read_text(encoding="utf-8"))
    )


def test_there_are_the_eight_patients_of_the_issue():
    assert [p["name"] for p in PATIENTS] == [
        "clearly_eligible",
        "excluded_by_lab",
        "prior_tarlatamab",
        "labs_missing",
        "cohort2_prostate",
        "liver_metastases_ast",
        "surgery_20_days",
        "gilbert",
    ]


@pytest.mark.parametrize("case", PATIENTS, ids=lambda p: p["name"])
def test_the_whole_trial_never_contradicts_the_target(trial, case):
    result = trial.evaluate(case["patient"], AS_OF, cohort=case["cohort"])
    assert result.status.value in _COMPATIBLE[case["target"]["status"]]
    for criterion in case["target"]["deciding"]:
        assert result.verdict(criterion).value in {"unknown", "met" if criterion[0] == "E" else "not_met"}
    assert result.verdict("I2").value == "met"  # age ≥ 19: typed today
    other = "Cohort 2" if case["cohort"] == "Cohort 1" else "Cohort 1"
    assert next(c for c in result.cohorts if c.name == other).verdict.value == "not_met"
    defining = {"Cohort 1": "I4", "Cohort 2": "I5"}
    assert result.verdict(defining[case["cohort"]]).value == "unknown"  # the definition is not typed yet
    assert result.verdict(defining[other]).value == "not_applicable"


@pytest.mark.parametrize("case", PATIENTS, ids=lambda p: p["name"])
def test_the_age_and_cohort_excerpt(excerpt, case):
    result = excerpt.evaluate(case["patient"], AS_OF, cohort=case["cohort"])
    assert result.verdict("I1").value == "met"
    # age is met, so the status is the chosen cohort's membership: unknown while the cohort
    # definitions are not typed, eligible once they are (every patient's primary site fits)
    chosen = next(c for c in result.cohorts if c.name == case["cohort"])
    expected = {"unknown": "unknown", "met": "eligible", "not_met": "ineligible"}[chosen.verdict.value]
    assert result.status.value == expected
    assert chosen.verdict.value in ("unknown", "met"), chosen.reason
    if chosen.verdict.value == "unknown":
        assert chosen.reason.startswith("definition: not understood")
    unassigned = excerpt.evaluate(case["patient"], AS_OF)
    assert unassigned.status.value in ("unknown", "eligible")


def test_the_excerpt_on_the_day_of_the_19th_birthday(excerpt):
    birthday = {"birth_date": "2007-11-25"}
    assert excerpt.evaluate(birthday, AS_OF, cohort="Cohort 1").verdict("I1").value == "met"
    eve = excerpt.evaluate(birthday, AS_OF - timedelta(days=1), cohort="Cohort 1")
    assert eve.status.value == "ineligible"
    assert eve.reason.startswith(
        "ineligible: I1 not met (age 18 years (born 2007-11-25, at 2026-11-24) is not ≥ 19 years"
    )


def test_a_minor_is_ineligible_whatever_the_cohort(excerpt):
    for cohort in (None, "Cohort 1", "Cohort 2"):
        assert excerpt.evaluate({"age": 17}, AS_OF, cohort=cohort).status.value == "ineligible"


def test_no_data_is_unknown_and_names_what_is_missing(excerpt):
    result = excerpt.evaluate({}, AS_OF)
    assert result.status.value == "unknown"
    missing = {m.item: m.criteria for m in result.missing}
    assert list(missing)[0] == "age or birth date" and missing["age or birth date"] == ("I1",)
    assert missing["cohort assignment (Cohort 1 or Cohort 2)"] == ("I2", "I3")
    assert result.reason.startswith(
        "unknown: 3 criteria unknown (I1 I2 I3); missing data: age or birth date, "
    )


def test_the_whole_trial_without_data_lists_what_it_cannot_read(trial):
    result = trial.evaluate({}, AS_OF)
    assert result.status.value == "unknown"
    assert result.missing[0].item == "age or birth date"
    assert len(result.not_understood) > 40
    assert all(n.kind == "unparsed" and n.text for n in result.not_understood)
    for note in result.not_understood:
        assert "not understood: " in result[note.criterion].reason


def test_an_unknown_cohort_name_is_an_actionable_error(trial):
    with pytest.raises(
        criteria.errors.InputValueError, match="'Cohort 3' is not one of this trial's cohorts"
    ):
        trial.evaluate({}, AS_OF, cohort="Cohort 3")


def test_criterion_results_carry_span_text_and_parent(trial):
    result = trial.evaluate(PATIENTS[0]["patient"], AS_OF, cohort="Cohort 1")
    text = trial.criteria.text
    for detail in result.criteria:
        assert detail.span is not None and text[detail.span.start : detail.span.end] == detail.text
        assert detail.reason
    sub = result["I14.1"]
    assert sub.parent == "I14" and sub.section == "inclusion"
    assert result["I14"].reason.startswith("all of 6 sub-criteria: ")
