"""An exception exempts a case, not the patient (issue 11, item 7: nothing looser than the text).
"Prior malignancy, except cured basal cell carcinoma" is not met by a cured skin cancer, and still
met by a colon cancer beside it: read person by person, the skin cancer had exempted the patient
from the colon cancer too. Where the exempt cases are kinds of the item's one condition, their
records are dropped from those that may satisfy it (criteria.evaluate.exempt); else the exception
is read person by person, as before. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.evaluate.exempt import exempt_kinds

_AS_OF = date(2026, 1, 1)
_CURED_SKIN = {"name": "basal cell carcinoma", "status": "resolved", "onset": "2019-03-01"}
_SKIN = {"name": "basal cell carcinoma", "onset": "2019-03-01"}
_COLON = {"name": "colon cancer", "status": "active", "onset": "2024-05-01"}
_GILBERT = {"name": "Gilbert syndrome", "onset": "2010-01-01"}


def _verdict(text: str, conditions: list, complete: bool = True, section: str = "Exclusion") -> str:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    patient = {"conditions": conditions, "complete": ["conditions"] if complete else []}
    return criteria.evaluate(tree, patient, as_of=_AS_OF).criteria[0].verdict.value


@pytest.mark.parametrize("conditions, verdict", [
    ([_CURED_SKIN], "not_met"),           # the exempt case alone: not excluded
    ([_COLON], "met"),                    # another cancer: excluded
    ([_CURED_SKIN, _COLON], "met"),       # the skin cancer exempts itself, not the colon cancer
    ([_SKIN], "unknown"),                 # cured or not, the record does not say
    ([], "not_met"),
])
def test_the_exempt_record_is_dropped_not_the_patient(conditions, verdict):
    assert _verdict("Prior malignancy, except cured basal cell carcinoma of the skin", conditions) == verdict


def test_an_exempt_record_in_a_list_not_vouched_complete_leaves_other_cancers_open():
    # another cancer may be missing from such a list, as for a patient with no record at all
    assert _verdict("Prior malignancy, except cured basal cell carcinoma of the skin", [_CURED_SKIN],
                    complete=False) == "unknown"


def test_the_reason_names_what_the_item_does_not_count():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Prior malignancy, except cured basal cell carcinoma\n")
    patient = {"conditions": [_CURED_SKIN], "complete": ["conditions"]}
    reason = criteria.evaluate(tree, patient, as_of=_AS_OF).criteria[0].reason
    assert "other than resolved non melanoma skin cancer" in reason


@pytest.mark.parametrize("text, carved", [
    ("History of cancer other than treated carcinoma in situ of the cervix", True),   # a kind by its name
    ("Other malignancy within 5 years, except basal cell carcinoma", True),          # the item's window is its own
    ("Liver disease, except Gilbert's syndrome", False),                             # no kind of liver disease by name
    ("Prior malignancy, except basal cell carcinoma diagnosed more than 5 years ago", False),  # the case has a window
    ("Prior malignancy, except basal cell carcinoma or prior prostatectomy", False),  # a case of another kind
    ("Active infection, except HIV infection", True),
])
def test_which_exceptions_are_carved_record_by_record(text, carved):
    rule = next(criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n").criteria()).rule
    assert rule.kind == "except", text
    assert bool(exempt_kinds(rule)) is carved


def test_an_exception_that_is_no_kind_of_the_item_still_exempts_the_patient():
    assert _verdict("Liver disease, except Gilbert's syndrome", [_GILBERT, {"name": "liver disease"}]) == "not_met"


def test_an_inclusion_exception_is_unchanged():
    # an inclusion is not demanded of the exempt cases: item or any exception, person by person
    text = "No prior malignancy, except cured basal cell carcinoma"
    assert _verdict(text, [_CURED_SKIN], section="Inclusion") == "met"
    assert _verdict(text, [_COLON], section="Inclusion") == "not_met"


def test_alternatives_of_conditions_each_drop_the_exempt_records():
    text = "History of malignancy, including leukemia and lymphoma (but not basal cell carcinoma)"
    assert _verdict(text, [_CURED_SKIN]) == "not_met"
    assert _verdict(text, [_CURED_SKIN, {"name": "follicular lymphoma", "onset": "2022-01-01"}]) == "met"


def test_examples_end_where_an_exception_begins():
    rule = next(criteria.parse_criteria(
        "Exclusion Criteria:\n\n* History of malignancy, including leukemia, except basal cell carcinoma\n").criteria()).rule
    assert rule.kind == "except"
    assert [n.name for n in rule.exceptions] == ["non_melanoma_skin_cancer"]
    assert "non_melanoma_skin_cancer" not in [n.name for n in rule.item.walk() if n.kind == "condition"]
