"""Kinds and criterion fields of issue 4 (at_least, except, role, cohort condition, non-computable
node classes), on the node classes of criteria.tree.nodes."""

from __future__ import annotations

from datetime import date

import pytest
from evaluate_helpers import age, read_table

import criteria
from criteria.evaluate.logic import CODES, Verdict, at_least
from criteria.tree.nodes import (
    AtLeast, Cohort, Consent, Criteria, Criterion, Except, InvestigatorJudgement, Unparsed,
)

AS_OF = date(2026, 11, 25)
ADULT = {"age": 40}
_LEAF = {
    "met": age(low=18),
    "not_met": age(low=65),
    "unknown": Unparsed(text="unreadable", reason="no rule matched"),
}


def _tree(rule=None, subs=(), section="inclusion", cohorts=(), **fields) -> Criteria:
    top = Criterion.model_construct(
        id="I1" if section == "inclusion" else "E1",
        section=section,
        text="x",
        rule=rule,
        subcriteria=tuple(subs),
        subcriteria_logic=fields.pop("subcriteria_logic", "all_of"),
        scope=fields.pop("scope", None),
        heading=None,
        span=fields.pop("span", None),
        kind="criterion",
        **fields,
    )
    return Criteria.model_construct(
        text="x" * 30,
        inclusion=(top,) if section == "inclusion" else (),
        exclusion=(top,) if section == "exclusion" else (),
        cohorts=tuple(cohorts),
        notices=(),
        kind="criteria",
        span=None,
    )


def _sub(ident, rule, **fields):
    return Criterion.model_construct(
        id=ident,
        section="inclusion",
        text=ident,
        rule=rule,
        subcriteria=(),
        subcriteria_logic="all_of",
        scope=None,
        heading=None,
        span=None,
        kind="criterion",
        **fields,
    )


@pytest.mark.parametrize("row", read_table("kleene_at_least.csv"), ids=lambda r: f"{r['n']}:{r['items']}")
def test_at_least_follows_its_table(row):
    items = row["items"].split()
    assert at_least(int(row["n"]), [CODES[Verdict(v)] for v in items]) == CODES[Verdict(row["result"])]
    if "not_applicable" not in items:
        node = AtLeast(n=int(row["n"]), items=tuple(_LEAF[v] for v in items))
        assert criteria.evaluate(_tree(node), ADULT, AS_OF).verdict("I1").value == row["result"]
        lead = _tree(
            subs=[_sub(f"I1.{k}", _LEAF[v]) for k, v in enumerate(items, 1)],
            subcriteria_logic="at_least",
            at_least=int(row["n"]),
        )
        assert criteria.evaluate(lead, ADULT, AS_OF).verdict("I1").value == row["result"]


@pytest.mark.parametrize(
    ("item", "exception", "expected"),
    [
        ("met", "not_met", "met"),
        ("met", "met", "not_met"),
        ("met", "unknown", "unknown"),
        ("not_met", "met", "not_met"),
        ("not_met", "unknown", "not_met"),
        ("unknown", "not_met", "unknown"),
        ("unknown", "met", "not_met"),
    ],
)
def test_except_is_item_and_not_any_exception(item, exception, expected):
    node = Except(item=_LEAF[item], exceptions=(_LEAF[exception],))
    result = criteria.evaluate(_tree(node, section="exclusion"), ADULT, AS_OF)
    assert result.verdict("E1").value == expected
    if item == "met" and exception == "met":
        assert "; except: age 40 years (as stated) is ≥ 18 years" in result["E1"].reason


def test_exception_sub_criteria_are_left_to_the_parents_except_rule():
    rule = Except(item=_LEAF["met"], exceptions=(_LEAF["met"],))
    tree = _tree(rule, subs=[_sub("E1.1", _LEAF["met"], role="exception")], section="exclusion")
    result = criteria.evaluate(tree, ADULT, AS_OF)
    assert result.verdict("E1").value == "not_met"  # exempt: the exclusion does not hold
    assert result.verdict("E1.1").value == "met"  # the exempt case itself, reported
    assert result.status.value == "eligible"
    assert (
        result["E1"].reason
        == "age 40 years (as stated) is ≥ 18 years; except: age 40 years (as stated) is ≥ 18 years"
    )


def test_a_node_class_that_declares_itself_not_computable_is_treated_so():
    # consent is settled by what the patient states; a profile that states nothing leaves it unknown
    stated = criteria.evaluate(_tree(Consent(name="informed_consent")), {**ADULT, "consent": True}, AS_OF)
    assert stated.verdict("I1").value == "met"
    for node in (Consent(name="informed_consent"), InvestigatorJudgement(name="investigator_judgement")):
        result = criteria.evaluate(_tree(node), ADULT, AS_OF)
        assert result.verdict("I1").value == "unknown"
        if node.kind == "investigator_judgement":
            assert [n.kind for n in result.noncomputable] == [node.kind]
        else:
            assert [m.item for m in result.missing] == ["will give informed consent"]
        assert (
            criteria.evaluate(_tree(node), ADULT, AS_OF, ignore_noncomputable=True).verdict("I1").value
            == "not_applicable"
        )


def test_a_typed_cohort_condition_defines_membership():
    cohorts = (
        Cohort.model_construct(
            name="Cohort A",
            label=None,
            definition="adults over 65",
            kind="cohort",
            span=None,
            condition=_LEAF["not_met"],
        ),
        Cohort.model_construct(
            name="Cohort B", label=None, definition="adults", kind="cohort", span=None, condition=_LEAF["met"]
        ),
    )
    tree = _tree(_LEAF["met"], scope="Cohort A", cohorts=cohorts)
    result = criteria.evaluate(tree, ADULT, AS_OF)
    assert [(c.name, c.verdict.value) for c in result.cohorts] == [
        ("Cohort A", "not_met"),
        ("Cohort B", "met"),
    ]
    assert result.cohorts[0].reason == "definition: age 40 years (as stated) is not ≥ 65 years"
    assert result.verdict("I1").value == "not_applicable"
