"""Issue 11, item 10: a permission with a condition, "unless" with statuses, and unread words in an
exception's case.

"Unstable liver disease (chronic stable hepatitis B and C are acceptable if the subject meets entry
criteria)": the parenthesis exempts a case on a condition. Read as one more requirement, the case
had been required of every patient excluded (a patient with unstable liver disease and no hepatitis
went through). It is now the exception, its condition part of the case. Words no rule read inside an
exception's case stay in that case: beside the whole criterion they left every verdict unknown; in
the case they leave only the exemption unknown. Sentences of our own."""

import pytest

from criteria.parse.compose.residue import words_in_exceptions
from criteria.tree.nodes import AllOf, Condition, Except, Unparsed
from criteria.tree.spans import Span
from evaluate_helpers import criterion_of, rule_of, verdict_of

LIVER = "Cirrhosis (chronic stable hepatitis B is acceptable if the subject meets entry criteria)"
SEPSIS = "Active infection (patients on maintenance antibiotics are eligible when acute sepsis has resolved)"
BRAIN = "Brain metastases (previously treated brain metastases allowed provided they are neurologically stable)"


@pytest.mark.parametrize("body", [LIVER, SEPSIS, BRAIN])
def test_a_conditional_permission_in_parentheses_is_an_exception(body):
    rule = rule_of(body, "Exclusion")
    assert isinstance(rule, Except), body
    assert all(n.kind != "unparsed" for n in rule.item.walk())  # the condition's words are the case's


def test_the_condition_is_part_of_the_case_not_a_requirement():
    rule = rule_of(SEPSIS, "Exclusion")
    (case,) = rule.exceptions
    assert {n.name for n in case.walk() if n.kind == "medication"} == {"antibiotics"}
    assert rule.item.kind == "condition" and rule.item.name == "infection"


def _liver(*conditions):
    return {"conditions": [{"name": c} for c in conditions], "complete": ["conditions"]}


@pytest.mark.parametrize("conditions, verdict", [
    (("cirrhosis",), "met"),  # excluded: the case does not apply
    (("cirrhosis", "chronic stable hepatitis B"), "unknown"),  # the condition is unread
    ((), "not_met"),
])
def test_the_exclusion_holds_outside_the_case(conditions, verdict):
    assert verdict_of(LIVER, _liver(*conditions), "Exclusion") == verdict


def test_a_permission_closing_its_parenthesis_still_reads_as_before():
    rule = rule_of("Unstable liver disease (chronic stable hepatitis B is acceptable)", "Exclusion")
    assert isinstance(rule, Except) and [n.kind for n in rule.exceptions] == ["condition"]


def _except(text: str) -> tuple[Except, str]:
    """An except node over ``text``: item "alpha", case "beta", spanning the whole text."""
    def node(word):
        start = text.index(word)
        return Condition(name=word, span=Span(start=start, end=start + len(word)))
    return Except(item=node("alpha"), exceptions=(node("beta"),), span=Span(start=0, end=len(text))), text


def _words(text: str, word: str) -> Unparsed:
    start = text.index(word)
    return Unparsed(text=word, reason="text beside the typed rules", span=Span(start=start, end=start + len(word)))


def test_words_in_the_cases_clause_go_into_the_case():
    rule, text = _except("alpha (beta allowed if gamma holds)")
    parts, left = words_in_exceptions([rule], [_words(text, "gamma holds")], text)
    assert left == []
    (case,) = parts[0].exceptions
    assert isinstance(case, AllOf) and [n.kind for n in case.items] == ["condition", "unparsed"]


@pytest.mark.parametrize("text", ["alpha except beta. Then gamma holds", "alpha except beta; gamma holds",
                                  "alpha except beta\ngamma holds"])
def test_words_after_the_cases_clause_stay_beside_the_rule(text):
    rule, text = _except(text)
    parts, left = words_in_exceptions([rule], [_words(text, "gamma holds")], text)
    assert parts == [rule] and len(left) == 1


@pytest.mark.parametrize("body, statuses", [
    ("Brain metastases, unless treated and stable", ("treated", "stable")),
    ("Hypertension unless well controlled", ("controlled",)),
    ("Brain metastases unless asymptomatic", ("asymptomatic",)),
])
def test_unless_and_statuses_exempt_the_event_in_that_state(body, statuses):
    rule = rule_of(body, "Exclusion")
    assert isinstance(rule, Except) and not rule.item.status
    (case,) = rule.exceptions
    assert case.name == rule.item.name and case.status == statuses


@pytest.mark.parametrize("qualifiers, verdict", [
    ((), "unknown"),  # brain metastases, treated or not: the record does not say
    (("treated", "stable"), "not_met"),  # exempt
])
def test_an_exclusion_unless_treated_is_settled_by_the_record(qualifiers, verdict):
    patient = {"conditions": [{"name": "brain metastases", "qualifiers": list(qualifiers)}], "complete": ["conditions"]}
    assert verdict_of("Brain metastases, unless treated and stable", patient, "Exclusion") == verdict


def test_a_denied_event_unless_treated_allows_the_treated_one():
    rule = rule_of("No other malignancy unless curatively treated")
    assert isinstance(rule, Except) and rule.item.kind == "not"
    patient = {"conditions": [{"name": "other malignancy", "qualifiers": ["treated"]}], "complete": ["conditions"]}
    assert verdict_of("No other malignancy unless curatively treated", patient) == "met"


def test_other_cues_before_a_status_are_not_an_exemption_in_that_state():
    rule = rule_of("Mediastinal staging (biopsy is allowed but not required)")
    assert not any(isinstance(n, Except) for n in rule.walk())


@pytest.mark.parametrize("body", ["Adequate liver function where bilirubin is <= 1.5 x ULN",
                                  "Serum bilirubin <= 1.5 x ULN, because the drug is cleared by the liver"])
def test_a_connective_alone_asks_nothing(body):
    assert not any(n.kind == "unparsed" and n.text.lower() in ("where", "because") for n in rule_of(body).walk())


def test_a_word_bounding_a_time_is_kept():
    # "while" is no connective to drop: the period it opens is read (the drug to come, the words a
    # remark on the period) or kept unread, never lost
    criterion = criterion_of("Therapy with another investigational drug within the last 28 days or while on study", "Exclusion")
    read = any("planned" in (getattr(n, "status", None) or ()) for n in criterion.rule.walk()) and any(
        r.about == "period" and "while" in r.text for r in criterion.remarks)
    assert read or any(n.kind == "unparsed" and "while" in n.text for n in criterion.rule.walk())
