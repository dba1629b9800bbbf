"""The evaluator's shortcuts give the verdicts of plain Kleene logic.

A compiled check knows the least and greatest verdict it can give (``reach``): an "any of" whose
parts are never met stops at its first unknown part, an exclusion's exceptions stop at the first
exempting one, and the status skips the criteria that can no longer decide it. These tests build
random rules from leaves whose verdict varies with the patient (an age bound, a condition in a list
that may be complete) and constants (text the parser could not read), and compare every verdict
and the status with a plain recursive reading of the same tree.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from evaluate_helpers import age, criteria_of
from hypothesis import given, settings
from hypothesis import strategies as st

import criteria
from criteria.evaluate.evaluator import Check, Options, _fold_runner, compile_rule, reach
from criteria.evaluate.exempt import exempt_kinds
from criteria.evaluate.facts import Facts
from criteria.evaluate.logic import MET, NOT_MET, UNKNOWN, all_of, any_of
from criteria.evaluate.patient import Patient
from criteria.evaluate.terms import qualifiers_of
from criteria.tree.nodes import AllOf, AnyOf, Condition, Except, Not, Unparsed

AS_OF = date(2026, 11, 25)
ADULT = age(low=18)
SENIOR = age(low=65)
ASTHMA = Condition(name="asthma")
DIABETES = Condition(name="type_2_diabetes")
MURKY = Unparsed(text="as judged appropriate by the treating physician", reason="no rule matched")

PATIENTS = [
    {"age": 40, "conditions": [{"name": "bronchial asthma"}], "complete": ["conditions"]},
    {"age": 70, "complete": ["conditions"]},
    {"age": 10, "conditions": [{"name": "type 2 diabetes mellitus"}]},
    {"conditions": [{"name": "asthma"}, {"name": "type 2 diabetes"}], "complete": ["conditions"]},
    {"age": 30},
]

leaves = st.sampled_from([ADULT, SENIOR, ASTHMA, DIABETES, MURKY])
rules = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4).map(lambda items: AllOf(items=tuple(items))),
        st.lists(inner, min_size=1, max_size=4).map(lambda items: AnyOf(items=tuple(items))),
        inner.map(lambda item: Not(item=item)),
        st.tuples(inner, st.lists(inner, min_size=1, max_size=3)).map(
            lambda pair: Except(item=pair[0], exceptions=tuple(pair[1]))
        ),
    ),
    max_leaves=8,
)


def _plain(rule, facts: Facts, options: Options) -> int:
    """The verdict of ``rule`` read recursively, every part evaluated, no shortcut."""
    if isinstance(rule, AllOf):
        return all_of([_plain(item, facts, options) for item in rule.items])
    if isinstance(rule, AnyOf):
        return any_of([_plain(item, facts, options) for item in rule.items])
    if isinstance(rule, Not):
        return MET - _plain(rule.item, facts, options.flipped())
    if isinstance(rule, Except):
        kinds = exempt_kinds(rule) if options.section == "exclusion" else ()
        if kinds:  # cases that are kinds of the item's conditions: their records dropped, leaf by leaf
            return _plain(rule.item, facts, replace(options, exempt=kinds))
        item = _plain(rule.item, facts, options)
        exempt = any_of([_plain(e, facts, replace(options, absence="decides")) for e in rule.exceptions])
        if options.section == "inclusion":
            return any_of((item, exempt))
        return all_of((item, MET - exempt))
    return compile_rule(rule, options).run(facts)  # a leaf


@settings(max_examples=150, deadline=None)
@given(rule=rules, section=st.sampled_from(["inclusion", "exclusion"]))
def test_a_compiled_rule_gives_the_plain_verdict_within_its_reach(rule, section):
    options = Options(section=section)
    check = compile_rule(rule, options)
    low, high = reach(check)
    for profile in PATIENTS:
        facts = Facts(Patient.model_validate(profile), AS_OF)
        code = check.run(facts)
        assert code == _plain(rule, Facts(facts.patient, AS_OF), options)
        assert low <= code <= high


@settings(max_examples=80, deadline=None)
@given(inclusion=st.lists(rules, min_size=0, max_size=3), exclusion=st.lists(rules, min_size=1, max_size=4))
def test_the_status_is_that_of_every_verdict(inclusion, exclusion):
    program = criteria.compile(criteria_of(inclusion, exclusion))
    for profile in PATIENTS:
        result = program.evaluate(profile, AS_OF)
        status = result.status  # asked first: the status alone, with its shortcuts
        codes = result.codes  # then every verdict
        included = all_of(codes[i] for i in program.top_inclusion)
        excluded = any_of(codes[i] for i in program.top_exclusion)
        assert status.value == ("ineligible", "unknown", "eligible")[min(included, MET - excluded)]


def _part(asked: list[str], name: str, code: int, low: int, high: int) -> Check:
    """A check that says when it runs, with the verdict ``code`` and the reach ``low``–``high``."""
    return Check(MURKY, lambda facts: asked.append(name) or code, lambda facts, c: ("", ()), low=low, high=high)


def test_an_any_of_never_met_stops_at_its_first_unknown():
    asked: list[str] = []
    never_met = (_part(asked, "a", UNKNOWN, NOT_MET, UNKNOWN), _part(asked, "b", NOT_MET, NOT_MET, UNKNOWN))
    assert _fold_runner(any_of, NOT_MET, never_met)(None) == UNKNOWN
    assert asked == ["a"]
    asked.clear()  # a part that may be met keeps the fold going
    may_be_met = (never_met[0], _part(asked, "c", MET, NOT_MET, MET))
    assert _fold_runner(any_of, NOT_MET, may_be_met)(None) == MET
    assert asked == ["a", "c"]
    asked.clear()  # an "all of" that is never not met is settled by its first unknown too
    never_not_met = (_part(asked, "d", UNKNOWN, UNKNOWN, MET), _part(asked, "e", MET, UNKNOWN, MET))
    assert _fold_runner(all_of, MET, never_not_met)(None) == UNKNOWN
    assert asked == ["d"]


def test_an_exclusion_that_is_never_met_is_not_asked_once_an_inclusion_is_unknown():
    program = criteria.compile(criteria_of([MURKY], [AllOf(items=(SENIOR, MURKY)), ADULT]))
    assert program.exclusion_order == ((1, False), (2, True))
    run = program.screen(Facts(Patient.model_validate({"age": 70}), AS_OF), None)
    assert run.status == NOT_MET  # the adult exclusion is met
    assert run.codes[1] == -1  # the never-met exclusion was not computed for the status…
    assert run.complete()[1] == UNKNOWN  # …and has its verdict when asked


def test_qualifiers_are_a_conditions_only():
    patient = Patient.model_validate({
        "conditions": [{"name": "asthma", "qualifiers": ["severe"]}],
        "therapies": [{"name": "carboplatin"}],
        "procedures": [{"name": "appendectomy"}],
    })
    assert qualifiers_of(patient.conditions[0]) == ("severe",)
    assert qualifiers_of(patient.therapies[0]) == ()
    assert qualifiers_of(patient.procedures[0]) == ()
