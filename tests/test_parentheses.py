"""A parenthesis belongs to the member before it (issue 11, alternatives): "P (Q) or R" is a list of
two members, not three requirements at once; "beta-blockers (metoprolol, atenolol)" names the
class and its examples, met by any; "filgrastim (G-CSF)" names the drug and its class, and asks for
the drug. Sentences of our own; each reading is checked on the tree and by evaluation."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.parse.compose.parentheses import kind_of
from criteria.tree.nodes import Condition, Medication

AS_OF = date(2026, 3, 2)
COMPLETE = ["conditions", "therapies", "medications", "procedures"]


def _rule(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return (tree.exclusion or tree.inclusion)[0].rule


def _verdict(text: str, patient: dict, section: str = "Exclusion") -> str:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return criteria.evaluate(tree, {"complete": COMPLETE, **patient}, AS_OF).verdict(
        "E1" if section == "Exclusion" else "I1").value


def _names(node) -> list[str]:
    return [n.name for n in node.walk() if getattr(n, "name", None)]


@pytest.mark.parametrize("text, patient", [
    ("Pregnancy (confirmed by a positive pregnancy test) or lactation",
     {"sex": "female", "breastfeeding": True, "pregnant": False}),
    ("Unstable angina (UA) or myocardial infarction within 6 months",
     {"conditions": [{"name": "myocardial infarction", "onset": "2026-01-10"}]}),
    ("Ulcerative colitis (UC) or Crohn's disease",
     {"conditions": [{"name": "Crohn's disease"}]}),
    ("Pregnancy (positive pregnancy test) or lactation",
     {"sex": "female", "breastfeeding": True, "pregnant": False}),
])
def test_one_member_of_a_parenthesized_pair_is_enough(text, patient):
    rule = _rule(text)
    assert rule.kind == "any_of", rule
    assert _verdict(text, patient) == "met"


def test_the_parenthesis_stays_with_its_own_member():
    rule = _rule("Pregnancy (positive pregnancy test) or lactation")
    pair = next(n for n in rule.items if n.kind == "all_of")
    assert sorted(_names(pair)) == ["positive_pregnancy_test", "pregnancy"]


def test_a_parenthesis_read_as_a_note_leaves_the_pair_alternatives():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Pregnancy (confirmed by a positive pregnancy test) or lactation\n")
    criterion = tree.exclusion[0]
    assert criterion.rule.kind == "any_of" and sorted(_names(criterion.rule)) == ["breastfeeding", "pregnancy"]
    assert [r.about for r in criterion.remarks] == ["method"]


@pytest.mark.parametrize("text, drug", [
    ("Current treatment with beta-blockers (metoprolol, atenolol, propranolol)", "atenolol 50 mg"),
    ("Current treatment with beta-blockers (metoprolol, atenolol, propranolol)", "bisoprolol"),
    ("Current treatment with NSAIDs (ibuprofen or naproxen) or aspirin", "naproxen"),
    ("Current treatment with NSAIDs (ibuprofen or naproxen) or aspirin", "aspirin 81 mg"),
])
def test_a_class_with_its_examples_is_met_by_any_member(text, drug):
    rule = _rule(text)
    kinds = [n.kind for n in rule.walk()]
    assert "all_of" not in kinds, rule
    assert _verdict(text, {"medications": [{"name": drug}]}) == "met"


def test_a_class_with_its_examples_lists_them():
    rule = _rule("Current treatment with beta-blockers (metoprolol, atenolol, propranolol)")
    assert rule.kind == "any_of"
    assert _names(rule)[0] == "beta_blocker"
    assert set(_names(rule)[1:]) == {"metoprolol", "atenolol", "propranolol"}


def test_a_drug_with_its_class_asks_for_the_drug():
    rule = _rule("Prior filgrastim (G-CSF) or sargramostim within 2 weeks")
    assert "g_csf" not in _names(rule)
    assert {"filgrastim", "sargramostim"} <= set(_names(rule))
    # a record of another G-CSF does not meet "filgrastim or sargramostim"
    assert _verdict("Prior filgrastim (G-CSF) or sargramostim",
                    {"medications": [{"name": "pegfilgrastim"}]}) == "not_met"


def test_unread_term_with_examples_then_or():
    # "immunomodulators" is not read: its example stands for it, one alternative beside the next
    text = "Treatment with immunomodulators (e.g., azathioprine) or rituximab"
    assert _verdict(text, {"therapies": [{"name": "rituximab"}]}) == "met"


def test_a_negation_inside_the_parenthesis_is_left_alone():
    # "(not including herpes labialis)" is an exception: folding it into the next member as an
    # alternative would deny the next member too
    rule = _rule("Active viral infection (not including herpes labialis), or fever")
    denied = [n for n in rule.walk() if n.kind == "not"]
    assert all("fever" not in " ".join(_names(n)) for n in denied)


def test_a_judgement_in_parentheses_is_no_alternative():
    rule = _rule("Clinical (in the opinion of the investigator) or laboratory evidence of cirrhosis")
    assert not (rule.kind == "any_of" and any(n.kind == "investigator_judgement" for n in rule.items))


def test_kind_of_reads_lexicon_parents_and_class_members():
    mi = Condition(name="myocardial_infarction")
    cad = Condition(name="coronary_artery_disease")
    assert kind_of(mi, cad) and not kind_of(cad, mi)
    atenolol = _rule("Current atenolol").walk()
    drug = next(n for n in atenolol if n.kind == "medication")
    assert kind_of(drug, Medication(name="beta_blocker"))
    assert not kind_of(drug, Medication(name="ace_inhibitor"))
