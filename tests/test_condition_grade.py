"""A grade bound on a condition ("grade 2 or greater peripheral neuropathy"): read, shown, checked.

Sentences marked with an NCT id are copied from ClinicalTrials.gov records of the development
corpus (tests never read ../shared); the others are written in the API v2 form.
"""

from datetime import date

import pytest

from criteria import evaluate, parse_criteria, render
from criteria.tree.nodes import Condition, Grade, Not

AS_OF = date(2026, 11, 25)


def rule(sentence: str, section: str = "Exclusion"):
    tree = parse_criteria(f"{section} Criteria:\n\n* {sentence}\n")
    (criterion,) = tree.inclusion + tree.exclusion
    return criterion.rule


def graded(node) -> list[Condition]:
    return [n for n in node.walk() if isinstance(n, Condition) and n.grade is not None]


FORMS = [
    ("Grade >= 2 neuropathy", Grade(op=">=", value=2)),
    ("Peripheral neuropathy grade 2 or higher", Grade(op=">=", value=2)),
    ("Peripheral neuropathy (grade >= 2)", Grade(op=">=", value=2)),
    ("Neuropathy (sensory and motor) =< CTC grade 1", Grade(op="<=", value=1)),  # NCT00059787
    ("No grade 2 or greater peripheral neuropathy (CTC v2.0)", Grade(op=">=", value=2)),  # NCT00062062
    ("No preexisting neuropathy ≥ grade 2", Grade(op=">=", value=2)),  # NCT00081107
    ("No preexisting neuropathy greater than grade 1", Grade(op=">", value=1)),  # NCT00072163
    ("Any laboratory toxicity of Grade 3 or greater.", Grade(op=">=", value=3)),  # NCT00038480
    ("Neuropathy NCI CTCAE grade > 1", Grade(op=">", value=1)),
    ("Peripheral neuropathy grade 1-2", Grade(op="between", value=1, value_high=2)),
    ("Peripheral neuropathy grade 3 or 4", Grade(op="between", value=3, value_high=4)),
    ("Grade III neuropathy", Grade(op="==", value=3)),
    ("Grade II or greater neuropathy", Grade(op=">=", value=2)),
]


@pytest.mark.parametrize("sentence, grade", FORMS, ids=[f[0] for f in FORMS])
def test_grade_forms(sentence, grade):
    (condition,) = graded(rule(sentence))
    assert condition.grade == grade
    assert condition.name in ("neuropathy", "peripheral_neuropathy", "toxicity")


def test_a_negated_graded_condition_keeps_its_grade_under_not():
    node = rule("No grade 2 or greater peripheral neuropathy", "Inclusion")  # an exclusion reads it as the neuropathy
    assert isinstance(node, Not) and node.item == Condition(name="peripheral_neuropathy", grade=Grade(op=">=", value=2))


def test_a_grade_never_attaches_to_other_kinds_of_event():
    node = rule("Grade 3 chemotherapy")  # nonsense, but the therapy must not carry a grade
    assert not graded(node)
    assert [n.kind for n in node.walk() if n.kind == "prior_therapy"] == ["prior_therapy"]


def test_a_grade_is_a_whole_number_of_the_scale():
    assert not graded(rule("Neuropathy grade 2.5 or higher"))
    with pytest.raises(ValueError):
        Grade(op=">=", value=7)
    with pytest.raises(ValueError):
        Grade(op="between", value=3, value_high=1)


def test_grade_in_records_and_renderings():
    tree = parse_criteria("Exclusion Criteria:\n\n* Grade >= 2 peripheral neuropathy\n")
    (record,) = tree.to_records()
    assert (record["grade_op"], record["grade"], record["grade_high"]) == (">=", 2, None)
    assert "you have nerve damage" in render(tree) and "of grade 2 or higher" in render(tree)
    assert "grade ≥ 2" in render(tree, style="clinician")
    assert "grade >= 2" in str(tree)
    assert type(tree).from_json(tree.to_json()) == tree


EXCLUSION = "Exclusion Criteria:\n\n* Grade >= 2 peripheral neuropathy\n"


@pytest.mark.parametrize("conditions, status", [
    ([], "eligible"),  # complete list, no neuropathy
    ([{"name": "peripheral neuropathy", "grade": 1}], "eligible"),
    ([{"name": "peripheral neuropathy", "grade": 2}], "ineligible"),
    ([{"name": "peripheral neuropathy", "grade": 3}], "ineligible"),
    ([{"name": "peripheral neuropathy"}], "unknown"),  # grade not recorded
])
def test_evaluating_a_grade_bound(conditions, status):
    tree = parse_criteria(EXCLUSION)
    result = evaluate(tree, {"conditions": conditions, "complete": ["conditions"]}, as_of=AS_OF)
    assert result.status == status
    if status == "unknown":
        assert [m.item for m in result.missing] == ["peripheral neuropathy of grade >= 2"]


def test_an_inclusion_bound_on_resolved_toxicity():
    """A ceiling asks for nothing worse (compose/ceilings.py): no neuropathy meets it too. Whether
    nothing worse is on record is known from a list vouched complete."""
    tree = parse_criteria("Inclusion Criteria:\n\n* Peripheral neuropathy =< grade 1\n")

    def verdict(conditions):
        patient = {"conditions": conditions, "complete": ["conditions"]}
        return evaluate(tree, patient, as_of=AS_OF).criteria[0].verdict

    assert verdict([{"name": "peripheral neuropathy", "grade": 1}]) == "met"
    assert verdict([]) == "met"
    assert verdict([{"name": "peripheral neuropathy", "grade": 2}]) == "not_met"


def test_a_grade_outside_the_scale_is_rejected_in_a_patient():
    from pydantic import ValidationError

    from criteria import Patient

    with pytest.raises(ValidationError, match="grade"):
        Patient.model_validate({"conditions": [{"name": "neuropathy", "grade": 9}]})


@pytest.mark.parametrize("sentence", [
    "More than Grade 2 motor or sensory neuropathy",
    "Grade 2 or higher sensory or motor neuropathy",
    "Grade 3 or 4 sensory or motor neuropathy",
])
def test_kinds_of_one_head_share_the_grade_written_before_them(sentence):
    # the grade was the first kind's alone: any sensory neuropathy, grade 1 too, had excluded
    node = rule(sentence)
    assert node.kind == "any_of" and len(node.items) == 2, str(node)
    assert len(graded(node)) == 2 and node.items[0].grade == node.items[1].grade, str(node)


def test_a_grade_on_one_of_two_conditions_of_different_heads_stays_its_own():
    node = rule("Grade 2 neuropathy or diabetes")
    assert len(graded(node)) == 1, str(node)
