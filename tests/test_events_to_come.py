"""Issue 11, item 3: an event during the study is one to come, not one in the past.

"Use of NSAIDs during the study", "Anticipation of need for a major surgical procedure during the
course of the study", "Patient who will be receiving another investigational product during the
study": the study's period right after a drug, therapy or procedure makes it planned (a current drug
goes on into the study). Read as before, the event asked for a past one and the period words kept the
rule from any verdict. Sentences of our own."""

from datetime import date

import pytest

from criteria import parse_criteria
from evaluate_helpers import verdict_of


def _rule(body):
    return parse_criteria(f"Exclusion Criteria:\n* {body}").exclusion[0].rule


@pytest.mark.parametrize("body, kind", [
    ("Use of NSAIDs during the course of the study", "medication"),
    ("Patient will require chemotherapy during the study period", "prior_therapy"),
    ("Blood donation during the study", "procedure"),
])
def test_the_event_is_one_to_come(body, kind):
    rule = _rule(body)
    assert rule.kind == kind and "planned" in rule.status, str(rule)
    assert not any(n.kind == "unparsed" for n in rule.walk())


def test_a_current_drug_goes_on_into_the_study():
    body = "Use of NSAIDs during the course of the study"
    taking = {"age": 50, "sex": "male", "medications": [{"name": "ibuprofen"}], "complete": ["medications"]}
    assert verdict_of(body, taking, "Exclusion") == "met"
    none = {"age": 50, "sex": "male", "medications": [], "complete": ["medications"]}
    # planned or current, as "planned use of warfarin" reads: a complete list without the drug clears
    assert verdict_of(body, none, "Exclusion") == "not_met"


@pytest.mark.parametrize("body", [
    "Chemotherapy within 4 weeks before enrollment",  # a window of its own, no period
    "Hypotension during surgery",  # no study named
])
def test_other_periods_keep_their_reading(body):
    assert not any("planned" in (getattr(n, "status", None) or ()) for n in _rule(body).walk()), str(_rule(body))


@pytest.mark.parametrize("body, names", [
    ("Use of chloroquine within 8 weeks before enrolment or during the study", ["chloroquine"]),
    ("Has used warfarin or digoxin within the last 7 days prior to the study or during the study period",
     ["warfarin", "digoxin"]),
    ("Chemotherapy within 4 weeks before enrollment or during the study", ["chemotherapy"]),
])
def test_a_window_or_the_study_period_is_the_event_before_or_to_come(body, names):
    """"Within 8 weeks before enrolment or during the study": the period was a member no rule read."""
    tree = parse_criteria(f"Exclusion Criteria:\n* {body}")
    rule = tree.exclusion[0].rule
    events = [n for n in rule.walk() if n.kind in ("medication", "prior_therapy")]
    planned = [n.name for n in events if "planned" in n.status]
    timed = [n.name for n in events if n.window is not None]
    assert planned == names and timed == names, str(rule)
    assert not [n for n in rule.walk() if n.kind == "unparsed"], str(rule)
    assert any(r.about == "period" for r in tree.exclusion[0].remarks)


# --- the study's period after a state the patient must not be in ------------------------------------

@pytest.mark.parametrize("body, section", [
    ("Pregnancy during the study", "Exclusion"),
    ("Female patients during pregnancy or lactation", "Exclusion"),
    ("Participant must agree not to breastfeed during the study", "Inclusion"),
])
def test_the_period_of_a_pregnancy_or_breastfeeding_is_a_remark(body, section):
    from criteria import parse_criteria

    tree = parse_criteria(f"{section} Criteria:\n\n* {body}\n")
    criterion = next(tree.criteria())
    assert not any(n.kind == "unparsed" for n in criterion.rule.walk()), str(criterion.rule)
    assert any(r.about == "period" for r in criterion.remarks), criterion.remarks


def test_the_period_of_a_drug_is_no_remark_on_breastfeeding():
    # "while taking lenalidomide" is the drug's period: "while" alone does not name the study
    from criteria import parse_criteria

    body = "Lactating females must agree not to breast feed while taking lenalidomide"
    criterion = next(parse_criteria(f"Exclusion Criteria:\n\n* {body}\n").criteria())
    assert not any(r.about == "period" for r in criterion.remarks), criterion.remarks


# --- the study's period joined to a window by "and" or "or", before or after it ----------------------

@pytest.mark.parametrize("body, names", [
    # "and": the two periods are the event's, either one excludes (not both at once)
    ("Use of glucocorticoids within 14 days prior to Day 1 and while on study", ["corticosteroid"]),
    ("Use of warfarin or digoxin within 28 days prior to and throughout the study", ["warfarin", "digoxin"]),
    ("Use of St John's wort within 2 weeks before dosing and/or during study", ["st_johns_wort"]),
    # the period first, the window after it
    ("Chemotherapy or immunotherapy during the study or within 4 weeks of first study treatment",
     ["chemotherapy", "immunotherapy"]),
])
def test_a_window_and_the_study_period_are_the_event_before_or_to_come(body, names):
    tree = parse_criteria(f"Exclusion Criteria:\n* {body}")
    rule = tree.exclusion[0].rule
    events = [n for n in rule.walk() if n.kind in ("medication", "prior_therapy")]
    assert sorted(n.name for n in events if "planned" in n.status) == sorted(names), str(rule)
    assert sorted(n.name for n in events if n.window is not None) == sorted(names), str(rule)
    assert not [n for n in rule.walk() if n.kind == "unparsed"], str(rule)
    assert any(r.about == "period" for r in tree.exclusion[0].remarks)


def test_the_event_in_either_period_excludes():
    body = "Use of glucocorticoids within 14 days prior to enrollment and during the study"
    recent = {"age": 50, "sex": "male", "medications": [{"name": "prednisone", "start": "2026-11-28"}],
              "complete": ["medications"]}
    assert verdict_of(body, recent, "Exclusion", as_of=date(2026, 12, 1)) == "met"
    none = {"age": 50, "sex": "male", "medications": [], "complete": ["medications"]}
    assert verdict_of(body, none, "Exclusion", as_of=date(2026, 12, 1)) == "not_met"


@pytest.mark.parametrize("body", [
    "Use of NSAIDs while on study",
    "Expected to require systemic antineoplastic therapy while on study",
    "Use of NSAIDs during study",
])
def test_a_period_whose_last_words_are_function_words_still_names_the_study(body):
    """"while on study": "on" and "study" are words a leftover never ends with, and "while" alone
    names no study; the phrase is kept whole and read."""
    rule = _rule(body)
    assert not [n for n in rule.walk() if n.kind == "unparsed"], str(rule)
    assert any("planned" in (getattr(n, "status", None) or ()) for n in rule.walk()), str(rule)


def test_a_window_with_no_connective_before_the_period_is_left_alone():
    # "within 4 weeks of the study" is no study period joined to a window
    rule = _rule("Chemotherapy within 4 weeks before enrollment")
    assert not any("planned" in (getattr(n, "status", None) or ()) for n in rule.walk()), str(rule)


@pytest.mark.parametrize("body", [
    "Anticipation of need for a major surgical procedure during the study",
    "Anticipation of the need for major surgery during the course of study treatment",
    "Potential need to use an MAO inhibitor during the study",
])
def test_anticipation_of_an_event_is_a_plan(body):
    rule = _rule(body)
    assert not [n for n in rule.walk() if n.kind == "unparsed"], str(rule)
    assert all("planned" in n.status for n in rule.walk() if n.kind in ("procedure", "medication")), str(rule)


def test_a_denied_verdict_in_an_exclusion_is_no_denial_of_what_excludes():
    """"Subjects should not be enrolled if they plan to become pregnant": in an exclusion the "not" is
    the verdict's; read as a denial, every patient not planning a pregnancy met the exclusion."""
    body = "Subjects should not be enrolled if they plan to become pregnant during the study."
    tree = parse_criteria(f"Exclusion Criteria:\n* {body}")
    rule = tree.exclusion[0].rule
    assert not any(n.kind == "not" for n in rule.walk()), str(rule)
    assert any(n.kind == "reproductive" and n.name == "pregnancy_plan" for n in rule.walk())
    inclusion = parse_criteria(f"Inclusion Criteria:\n* {body}").inclusion[0].rule
    assert inclusion.kind == "not"  # an inclusion keeps it: what the patient must not be
    man = {"age": 50, "sex": "male"}
    assert verdict_of(body, man, "Exclusion") == "not_met"
