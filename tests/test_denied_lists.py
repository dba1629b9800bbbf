"""Issue 11: how far a denial reaches over a list (parse/compose/join.py: ``_denial_goes_on``,
``_loose_negations`` over examples, ``_own_clause``). Each shape had denied the first member
only and made the others alternatives to the denial ("No prior enzalutamide, abiraterone or other
novel antiandrogen" was met by a patient on abiraterone), or made a clause of its own one more
alternative. Sentences of our own."""

from datetime import date

import pytest

from evaluate_helpers import criterion_of, verdict_of

ON = {"complete": ["medications", "therapies", "conditions"]}


def _names(node):
    return sorted(n.name for n in node.walk() if hasattr(n, "name") and n.kind != "not")


def test_a_denied_list_goes_on_over_or_and_a_member_s_qualifiers():
    rule = criterion_of("No prior docetaxel, cabazitaxel or other novel taxane").rule
    assert rule.kind == "all_of" or rule.kind == "not"
    denied = next(n for n in rule.walk() if n.kind == "not")
    assert denied.item.kind == "any_of"
    assert _names(denied.item) == ["cabazitaxel", "docetaxel", "taxane"]


@pytest.mark.parametrize("therapy, verdict", [
    ("cabazitaxel", "not_met"),  # the second drug of the list: denied too
    ("docetaxel", "not_met"),
    ("cisplatin", "unknown"),  # "investigational" stays unread beside the list
])
def test_each_drug_of_a_denied_list_rules_the_patient_out(therapy, verdict):
    profile = {**ON, "therapies": [{"name": therapy, "end": "2020-01-01"}]}
    body = "No prior docetaxel, cabazitaxel or investigational taxane"
    assert str(verdict_of(body, profile, as_of=date(2024, 1, 1)).value) == verdict


@pytest.mark.parametrize("body", [
    "Must not be receiving any medicine that may markedly change kidney clearance (e.g., gentamicin, "
    "cisplatin, foscarnet)",
    "No concurrent agents given for vasomotor symptoms (e.g., venlafaxine, gabapentin, or clonidine)",
])
def test_a_denial_before_examples_denies_every_example(body):
    rule = criterion_of(body).rule
    denied = [n for n in rule.walk() if n.kind == "not"]
    assert len(denied) == 1 and denied[0].item.kind == "any_of"
    assert len(denied[0].item.items) == 3
    assert not any(n.kind == "any_of" and any(i.kind == "not" for i in n.items) for n in rule.walk())


def test_a_patient_on_the_last_example_is_ruled_out():
    profile = {**ON, "medications": [{"name": "clonidine"}]}
    body = "No concurrent agents given for vasomotor symptoms (e.g., venlafaxine, gabapentin, or clonidine)"
    assert str(verdict_of(body, profile).value) == "not_met"


def test_a_clause_denied_on_its_own_after_a_denied_list_is_asked_beside_it():
    rule = criterion_of("Not pregnant or breastfeeding, and does not plan to become pregnant during the study").rule
    assert rule.kind == "all_of"
    first, second = [n for n in rule.items if n.kind == "not"]
    assert _names(first.item) == ["breastfeeding", "pregnancy"]
    assert second.item.name == "pregnancy_plan"


def test_not_using_contraception_belongs_to_the_women_who_may_conceive():
    rule = criterion_of("Women who are pregnant, breastfeeding, or of childbearing potential and not using "
                        "adequate contraception", "Exclusion").rule
    alternatives = next(n for n in rule.walk() if n.kind == "any_of")
    kinds = [(i.kind, getattr(i, "name", None)) for i in alternatives.items]
    assert ("reproductive", "pregnancy") in kinds and ("reproductive", "breastfeeding") in kinds
    last = alternatives.items[-1]
    assert last.kind == "all_of"
    assert [getattr(i, "name", i.kind) for i in last.items] == ["childbearing_potential", "not"]


@pytest.mark.parametrize("pregnant, verdict", [(True, "met"), (False, "unknown")])
def test_a_pregnant_woman_is_excluded_whatever_her_contraception(pregnant, verdict):
    # "met": the exclusion holds. Read as one more alternative, "not using contraception" had
    # excluded every woman not known to use it; asked beside the list, it had let a pregnant woman
    # known to use contraception in
    profile = {"sex": "female", "age": 30, "pregnant": pregnant, "breastfeeding": False}
    body = "Women who are pregnant, breastfeeding, or of childbearing potential and not using adequate contraception"
    assert str(verdict_of(body, profile, section="Exclusion").value) == verdict


def test_a_denial_after_a_list_of_treatments_still_closes_the_list():
    rule = criterion_of("Brain metastases treated with surgery or radiotherapy and off steroids for 4 weeks").rule
    assert not any(n.kind == "all_of" and any(i.kind == "not" for i in n.items)
                   and any(getattr(i, "name", "") == "radiotherapy" for i in n.items) for n in rule.walk())


def test_but_joins_the_lack_of_contraception_as_and_does():
    rule = criterion_of("Women who are pregnant, lactating, or of childbearing potential but are not using "
                        "effective contraception", "Exclusion").rule
    alternatives = next(n for n in rule.walk() if n.kind == "any_of")
    assert [getattr(i, "name", i.kind) for i in alternatives.items[-1].items] == ["childbearing_potential", "not"]
    assert not any(n.kind == "unparsed" for n in rule.walk())


@pytest.mark.parametrize("body", [
    "History of epilepsy, a cerebral aneurysm, or an arteriovenous malformation",
    "Known tuberculosis, an active hepatitis B infection, or hepatitis C",
])
def test_an_article_leading_a_member_does_not_break_the_list(body):
    rule = criterion_of(body, "Exclusion").rule
    assert rule.kind == "any_of" and len(rule.items) == 3, str(rule)


@pytest.mark.parametrize("body", [
    "In women of childbearing potential, a positive urine pregnancy test at screening",  # a population first
    "At least 4 weeks from major surgery and a healed surgical wound",  # after "and": a requirement of its own
])
def test_an_article_after_a_lead_or_and_opens_no_member(body):
    rule = criterion_of(body, "Exclusion" if body.startswith("In") else "Inclusion").rule
    assert not any(n.kind == "any_of" for n in rule.walk()), str(rule)
