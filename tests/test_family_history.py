"""Issue 11, item 7: a relative's condition is not the patient's.

"Family history of long QT syndrome" had been read as the patient's history of it, the word
"family" left over: a patient without the syndrome was "not excluded" though a relative may have
it, and a patient with it was taken for one whose family had it. The condition now has the status
``family``, which no patient record holds: unknown, whatever the records say. Sentences of our own."""

from datetime import date

import pytest

import criteria
from evaluate_helpers import verdict_of

NONE_AT_ALL = {"age": 40, "sex": "male", "conditions": [], "complete": ["conditions"]}
WITH_PANCREATITIS = {**NONE_AT_ALL, "conditions": [{"name": "pancreatitis", "onset": "2020-01-01"}]}


def rule(body: str, section: str = "Exclusion"):
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {body}\n").criteria()).rule


@pytest.mark.parametrize("body", ["Family history of pancreatitis", "A first-degree relative with pancreatitis",
                                  "Known family history of pancreatitis", "Immediate family history of pancreatitis"])
def test_a_relatives_condition_has_the_family_status_and_no_record_settles_it(body):
    read = rule(body)
    assert read.kind == "condition" and read.name == "pancreatitis" and "family" in read.status, read
    assert "history" not in read.status
    for patient in (NONE_AT_ALL, WITH_PANCREATITIS):
        assert verdict_of(body, patient, "Exclusion") == "unknown", (body, patient)


def test_the_patients_own_history_still_reads_as_before():
    read = rule("History of pancreatitis")
    assert read.status == ("history",)
    assert verdict_of("History of pancreatitis", NONE_AT_ALL, "Exclusion") == "not_met"


@pytest.mark.parametrize("body", ["Personal or family history of pancreatitis", "Self or family history of pancreatitis"])
def test_personal_or_family_history_is_either(body):
    read = rule(body)
    assert read.kind == "any_of" and sorted(tuple(n.status) for n in read.items) == [("family",), ("history",)], read
    assert verdict_of(body, WITH_PANCREATITIS, "Exclusion") == "met"
    assert verdict_of(body, NONE_AT_ALL, "Exclusion") == "unknown"


def test_words_beside_the_relatives_condition_narrow_the_patients_own_too():
    # "scirrhous" is left unread: the patient's own thyroid cancer of another kind must not settle it
    read = rule("Personal or family history of scirrhous thyroid carcinoma")
    own = next(n for n in read.items if n.kind == "all_of")
    assert {n.kind for n in own.items} == {"condition", "unparsed"}
    papillary = {**NONE_AT_ALL, "conditions": [{"name": "papillary thyroid carcinoma", "onset": "2020-01-01"}]}
    assert verdict_of("Personal or family history of scirrhous thyroid carcinoma", papillary, "Exclusion") == "unknown"


def test_a_histology_qualifies_the_patients_own_and_the_relatives_condition():
    read = rule("Personal or family history of medullary thyroid carcinoma")
    conditions = [n for n in read.walk() if n.kind == "condition"]
    assert len(conditions) == 2 and all([v for q in n.qualifiers for v in q.values] == ["medullary"] for n in conditions)
    papillary = {**NONE_AT_ALL, "conditions": [{"name": "papillary thyroid carcinoma", "onset": "2020-01-01"}]}
    assert verdict_of("Personal or family history of medullary thyroid carcinoma", papillary, "Exclusion") == "unknown"


def test_a_family_history_is_said_so_and_its_reason_says_why():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Family history of pancreatitis\n")
    assert "a family history of pancreatitis" in criteria.render(tree)
    assert "family history of pancreatitis" in criteria.render(tree, style="clinician")
    result = criteria.evaluate(tree, NONE_AT_ALL, date(2026, 12, 1)).criteria[0]
    assert "family history" in result.reason and "family history" in " ".join(result.missing)


def _statuses(body: str) -> set[tuple[str, tuple[str, ...]]]:
    return {(n.name, n.status) for n in rule(body).walk() if n.kind == "condition"}


def test_a_family_history_over_a_list_is_every_members():
    # "family history of A or B": B is the relatives' too, never the patient's own
    assert _statuses("Family history of pancreatitis or gallstones") == {
        ("pancreatitis", ("family",)), ("cholelithiasis", ("family",))}
    assert verdict_of("Family history of pancreatitis or gallstones", WITH_PANCREATITIS, "Exclusion") == "unknown"


def test_personal_or_family_history_over_a_list_is_either_for_every_member():
    assert _statuses("Personal or family history of pancreatitis or gallstones") == {
        ("pancreatitis", ("history",)), ("pancreatitis", ("family",)),
        ("cholelithiasis", ("history",)), ("cholelithiasis", ("family",))}
    with_gallstones = {**NONE_AT_ALL, "conditions": [{"name": "gallstones", "onset": "2020-01-01"}]}
    assert verdict_of("Personal or family history of pancreatitis or gallstones", with_gallstones, "Exclusion") == "met"
