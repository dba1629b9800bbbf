"""Criterion semantics: sub-criteria, scopes and cohorts, non-computable rules, the registry."""

from __future__ import annotations

from datetime import date

import pytest
from evaluate_helpers import age, criteria_of

import criteria
from criteria.errors import InputTypeError, UnsupportedError
from criteria.evaluate import registered_kinds
from criteria.tree.nodes import RULE_CLASSES, AllOf, Cohort, Criteria, Criterion, Node, Unparsed
from criteria.tree.spans import Span

AS_OF = date(2026, 11, 25)
ADULT = {"age": 40}
UNREADABLE = Unparsed(text="something unreadable", reason="no rule matched")


def _criterion(ident, rule=None, subs=(), logic="all_of", section="inclusion", scope=None, span=None):
    return Criterion(
        id=ident,
        section=section,
        text=ident,
        rule=rule,
        subcriteria=tuple(subs),
        subcriteria_logic=logic,
        scope=scope,
        span=span,
    )


def test_every_rule_kind_has_a_compiler():
    kinds = {cls.model_fields["kind"].default for cls in RULE_CLASSES}
    assert kinds <= registered_kinds()


def test_a_kind_without_a_compiler_is_a_clear_error():
    rule = Node(kind="mystery")
    tree = Criteria.model_construct(
        text="",
        inclusion=(
            Criterion.model_construct(
                id="I1",
                section="inclusion",
                text="x",
                rule=rule,
                subcriteria=(),
                subcriteria_logic="all_of",
                scope=None,
                heading=None,
                span=None,
                kind="criterion",
            ),
        ),
        exclusion=(),
        cohorts=(),
        notices=(),
    )
    with pytest.raises(UnsupportedError, match="no compiler for node kind 'mystery'"):
        criteria.compile(tree)


def test_unsupported_kinds_can_be_reported_as_unknown_instead():
    tree = Criteria.model_construct(
        text="",
        exclusion=(),
        cohorts=(),
        notices=(),
        inclusion=(
            Criterion.model_construct(
                id="I1",
                section="inclusion",
                text="x",
                rule=Node(kind="mystery"),
                subcriteria=(),
                subcriteria_logic="all_of",
                scope=None,
                heading=None,
                span=None,
                kind="criterion",
            ),
        ),
    )
    result = criteria.compile(tree, unsupported="unknown").evaluate(ADULT, AS_OF)
    assert result.status.value == "unknown"
    assert result["I1"].reason == "not evaluated: the evaluator has no compiler for 'mystery' nodes yet"
    assert [(n.criterion, n.kind) for n in result.unsupported] == [("I1", "mystery")]
    assert result.to_dict()["unsupported"][0]["kind"] == "mystery"


def test_compile_needs_a_tree():
    with pytest.raises(InputTypeError, match="needs a Criteria tree"):
        criteria.compile("Age >= 18")


@pytest.mark.parametrize(
    ("logic", "subs", "expected"),
    [
        ("all_of", [age(low=18), age(low=65)], "not_met"),
        ("any_of", [age(low=18), age(low=65)], "met"),
        ("all_of", [age(low=18), UNREADABLE], "unknown"),
        ("any_of", [age(low=65), UNREADABLE], "unknown"),
    ],
)
def test_a_lead_in_is_its_sub_criteria(logic, subs, expected):
    lead = _criterion("I1", subs=[_criterion(f"I1.{n}", rule) for n, rule in enumerate(subs, 1)], logic=logic)
    result = criteria.evaluate(criteria_of([lead]), ADULT, AS_OF)
    assert result.verdict("I1").value == expected


def test_own_rule_and_sub_criteria_combine_with_and():
    crit = _criterion("I1", age(low=18), subs=[_criterion("I1.1", age(low=65))])
    result = criteria.evaluate(criteria_of([crit]), ADULT, AS_OF)
    assert [result.verdict(i).value for i in ("I1", "I1.1")] == ["not_met", "not_met"]
    assert (
        result["I1"].reason
        == "age 40 years (as stated) is ≥ 18 years; all of 1 sub-criteria: 1 not met (I1.1)"
    )


def _cohort_tree(section="inclusion", rule=None):
    rule = rule or age(low=18)
    scoped = _criterion("I2" if section == "inclusion" else "E1", rule, section=section, scope="Cohort B")
    inclusion = [_criterion("I1", age(low=0))] + ([scoped] if section == "inclusion" else [])
    return Criteria(
        text="",
        inclusion=tuple(inclusion),
        exclusion=() if section == "inclusion" else (scoped,),
        cohorts=(Cohort(name="Cohort A"), Cohort(name="Cohort B")),
    )


@pytest.mark.parametrize(
    ("section", "rule", "cohort", "expected"),
    [
        ("inclusion", age(low=65), "Cohort A", "not_applicable"),  # another cohort: not applicable
        ("inclusion", age(low=65), "Cohort B", "not_met"),
        ("inclusion", age(low=65), None, "unknown"),  # membership could matter
        ("inclusion", age(low=18), None, "met"),  # met whatever the membership
        ("exclusion", age(low=18), "Cohort A", "not_applicable"),
        ("exclusion", age(low=18), "Cohort B", "met"),
        ("exclusion", age(low=18), None, "unknown"),
        ("exclusion", age(low=65), None, "not_met"),  # not met whatever the membership
    ],
)
def test_scope_is_an_implication_on_membership(section, rule, cohort, expected):
    tree = _cohort_tree(section, rule)
    result = criteria.evaluate(tree, ADULT, AS_OF, cohort=cohort)
    ident = "I2" if section == "inclusion" else "E1"
    assert result.verdict(ident).value == expected
    if expected == "unknown":
        assert result[ident].missing == ("cohort assignment (Cohort A or Cohort B)",)
    if expected == "not_applicable":
        assert result[ident].reason == "applies only to Cohort B; the patient is screened for another cohort"


def _defined_cohorts(rule_a, rule_b) -> Criteria:
    """Two cohorts defined by inclusion items (same span as the cohort), plus an age rule."""
    span_a, span_b = Span(start=0, end=10), Span(start=11, end=20)
    return Criteria(
        text="x" * 20,
        inclusion=(
            _criterion("I1", rule_a, scope="Cohort A", span=span_a),
            _criterion("I2", rule_b, scope="Cohort B", span=span_b),
            _criterion("I3", age(low=18), span=Span(start=0, end=1)),
        ),
        cohorts=(Cohort(name="Cohort A", span=span_a), Cohort(name="Cohort B", span=span_b)),
    )


def test_cohort_membership_is_the_definition_and_one_cohort_is_required():
    tree = _defined_cohorts(age(low=65), age(low=18))  # a 40-year-old fits Cohort B only
    result = criteria.evaluate(tree, ADULT, AS_OF)
    assert [(c.name, c.verdict.value) for c in result.cohorts] == [
        ("Cohort A", "not_met"),
        ("Cohort B", "met"),
    ]
    assert [result.verdict(i).value for i in ("I1", "I2", "I3")] == ["not_applicable", "met", "met"]
    assert result.status.value == "eligible"
    assert criteria.evaluate(tree, {"age": 10}, AS_OF).status.value == "ineligible"  # in no cohort
    assert criteria.evaluate(tree, {"age": 10}, AS_OF).reason.startswith("ineligible: I3 not met")
    neither = criteria.evaluate(_defined_cohorts(age(low=65), age(low=50)), ADULT, AS_OF)
    assert neither.reason == "ineligible: the patient belongs to none of the cohorts"


def test_screening_for_a_cohort_still_checks_its_definition():
    tree = _defined_cohorts(age(low=65), age(low=18))
    for_a = criteria.evaluate(tree, ADULT, AS_OF, cohort="Cohort A")
    assert for_a.status.value == "ineligible"
    assert [c.verdict.value for c in for_a.cohorts] == ["not_met", "not_met"]
    assert for_a.cohorts[1].reason == "the patient is screened for Cohort A"
    for_b = criteria.evaluate(tree, ADULT, AS_OF, cohort="Cohort B")
    assert for_b.status.value == "eligible"
    assert for_b["I1"].reason == "applies only to Cohort A; the patient is screened for another cohort"


def test_an_unreadable_definition_leaves_membership_unknown():
    tree = _defined_cohorts(UNREADABLE, UNREADABLE)
    result = criteria.evaluate(tree, ADULT, AS_OF, cohort="Cohort B")
    assert result.status.value == "unknown"
    assert [c.verdict.value for c in result.cohorts] == ["not_met", "unknown"]
    assert result.cohorts[1].reason.startswith("definition: not understood: 'something unreadable'")
    assert result.missing == ()  # the caller chose the cohort; only reading its definition would help
    unassigned = criteria.evaluate(tree, ADULT, AS_OF)
    assert [m.item for m in unassigned.missing] == ["cohort assignment (Cohort A or Cohort B)"]


def test_a_scope_that_is_not_a_cohort_stays_unknown_when_it_matters():
    tree = criteria_of([_criterion("I1", age(low=65), scope="patients with prostate cancer")])
    result = criteria.evaluate(tree, ADULT, AS_OF)
    assert result.verdict("I1").value == "unknown"
    assert result.missing[0].item == "whether the patient belongs to 'patients with prostate cancer'"


def _with_rule(rule: Node, section: str = "inclusion") -> Criteria:
    """A tree holding a node kind the typed union does not have yet (built without validation)."""
    crit = Criterion.model_construct(
        id="I1" if section == "inclusion" else "E1",
        section=section,
        text="consent",
        rule=rule,
        subcriteria=(),
        subcriteria_logic="all_of",
        scope=None,
        heading=None,
        span=None,
        kind="criterion",
    )
    adult = _criterion("I9", age(low=18))
    inclusion = (crit, adult) if section == "inclusion" else (adult,)
    return Criteria.model_construct(
        text="",
        inclusion=inclusion,
        exclusion=(crit,) if section == "exclusion" else (),
        cohorts=(),
        notices=(),
        kind="criteria",
        span=None,
    )


@pytest.mark.parametrize("kind", ["consent", "compliance", "investigator_judgement"])
@pytest.mark.parametrize("section", ["inclusion", "exclusion"])
def test_noncomputable_rules_are_unknown_listed_apart_and_can_be_ignored(kind, section):
    tree = _with_rule(Node(kind=kind), section)
    ident = "I1" if section == "inclusion" else "E1"
    strict = criteria.evaluate(tree, ADULT, AS_OF)
    assert strict.status.value == "unknown"
    assert strict[ident].reason == f"not computable from patient data ({kind.replace('_', ' ')})"
    assert [(n.criterion, n.kind) for n in strict.noncomputable] == [(ident, kind)]
    assert strict.missing == ()  # no patient data would settle it
    relaxed = criteria.evaluate(tree, ADULT, AS_OF, ignore_noncomputable=True)
    assert relaxed.status.value == "eligible"
    assert relaxed.verdict(ident).value == "not_applicable"
    assert relaxed[ident].reason.startswith("ignored: not computable")


def test_ignored_parts_drop_out_of_a_combination():
    tree = _with_rule(
        AllOf.model_construct(items=(Node(kind="consent"), age(low=65)), kind="all_of", span=None)
    )
    assert criteria.evaluate(tree, ADULT, AS_OF).verdict("I1").value == "not_met"
    assert criteria.evaluate(tree, {"age": 70}, AS_OF).verdict("I1").value == "unknown"
    assert criteria.evaluate(tree, {"age": 70}, AS_OF, ignore_noncomputable=True).verdict("I1").value == "met"


def test_nothing_checked_is_never_eligible():
    assert criteria.evaluate(criteria_of(), ADULT, AS_OF).status.value == "unknown"
    only_ignored = _with_rule(Node(kind="consent"), "exclusion")
    only_ignored = only_ignored.model_copy(update={"inclusion": ()})
    result = criteria.evaluate(only_ignored, ADULT, AS_OF, ignore_noncomputable=True)
    assert result.status.value == "unknown"


def test_an_unknown_criterion_id_is_an_actionable_error():
    result = criteria.evaluate(criteria_of([age(low=18)]), ADULT, AS_OF)
    with pytest.raises(criteria.errors.InputValueError, match="no criterion 'I7'"):
        result.verdict("I7")


def test_patients_may_be_dicts_json_or_models_alike():
    program = criteria.compile(criteria_of([age(low=18)]))
    as_dict = program.evaluate({"age": 40}, AS_OF).to_dict()
    assert program.evaluate('{"age": 40}', AS_OF).to_dict() == as_dict
    assert program.evaluate(criteria.Patient(age=40), AS_OF).to_dict() == as_dict
    with pytest.raises(InputTypeError, match="a patient is a Patient, a dict or JSON text"):
        program.evaluate(40, AS_OF)
