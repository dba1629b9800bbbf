"""Hypothesis properties of the evaluator over random trees and patients.

* adding a (consistent) fact never turns a met / not_met verdict into unknown, nor changes a
  decided status;
* a patient with no data is never eligible;
* verdicts are the same for the same inputs in any order and across 8 threads.

(After the lab branch is merged: re-expressing a lab value in an equivalent unit never changes
any verdict — see docs/evaluation.md.)
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import criteria
from criteria.evaluate.age import completed_months
from criteria.tree.nodes import Age, AgeBound, AllOf, AnyOf, Cohort, Criteria, Criterion, Not, Unparsed
from criteria.tree.spans import Span

AS_OF = date(2026, 11, 25)
COHORTS = ("Cohort A", "Cohort B")
SCOPES = (None, None, None, "Cohort A", "Cohort B", "patients with prostate cancer")

bounds = st.builds(
    AgeBound,
    value=st.one_of(st.integers(0, 90).map(float), st.sampled_from([0.5, 1.5, 17.5])),
    unit=st.sampled_from(["year", "year", "month", "week", "day", "hour"]),
    inclusive=st.booleans(),
)
ages = st.one_of(
    st.builds(Age, low=bounds, high=st.none()),
    st.builds(Age, low=st.none(), high=bounds),
    st.builds(Age, low=bounds, high=bounds),
)
unparsed = st.builds(
    Unparsed, text=st.sampled_from(["unreadable", "see protocol"]), reason=st.just("no rule matched")
)
rules = st.recursive(
    st.one_of(ages, ages, unparsed),
    lambda inner: st.one_of(
        st.builds(AllOf, items=st.lists(inner, min_size=1, max_size=3).map(tuple)),
        st.builds(AnyOf, items=st.lists(inner, min_size=1, max_size=3).map(tuple)),
        st.builds(Not, item=inner),
    ),
    max_leaves=5,
)


@st.composite
def trees(draw) -> Criteria:
    """A random Criteria tree; sometimes its first inclusions define the two cohorts."""
    counter = iter(range(1000))

    def criterion(section: str, ident: str, depth: int) -> Criterion:
        subs = draw(st.lists(st.just(None), max_size=2 if depth == 0 else 0))
        n = next(counter)
        return Criterion(
            id=ident,
            section=section,
            text=ident,
            rule=draw(st.one_of(st.none(), rules) if subs else rules),
            subcriteria=tuple(criterion(section, f"{ident}.{k}", depth + 1) for k, _ in enumerate(subs, 1)),
            subcriteria_logic=draw(st.sampled_from(["all_of", "any_of"])),
            scope=draw(st.sampled_from(SCOPES)),
            span=Span(start=n, end=n + 1),
        )

    inclusion = [criterion("inclusion", f"I{k}", 0) for k in range(1, draw(st.integers(0, 3)) + 1)]
    exclusion = [criterion("exclusion", f"E{k}", 0) for k in range(1, draw(st.integers(0, 3)) + 1)]
    cohorts = [Cohort(name=name) for name in COHORTS]
    if draw(st.booleans()):  # cohort definitions, as "Cohort A (…): …" items make them
        defining = [
            Criterion(
                id=f"I{len(inclusion) + k}",
                section="inclusion",
                text=name,
                rule=draw(rules),
                scope=name,
                span=Span(start=500 + k, end=501 + k),
            )
            for k, name in enumerate(COHORTS, 1)
        ]
        inclusion += defining
        cohorts = [Cohort(name=c.scope, span=c.span) for c in defining]
    return Criteria(text="", inclusion=tuple(inclusion), exclusion=tuple(exclusion), cohorts=tuple(cohorts))


birth_dates = st.dates(min_value=date(1920, 1, 1), max_value=AS_OF)


@st.composite
def growing_patients(draw):
    """(less, more): ``more`` adds consistent facts (age, birth date) to ``less``."""
    birth = draw(birth_dates)
    stated = completed_months(birth, AS_OF) // 12
    full = {"birth_date": birth.isoformat(), "age": stated}
    kept = draw(st.sampled_from([(), ("age",), ("birth_date",), ("age", "birth_date")]))
    cohort = draw(st.sampled_from((None,) + COHORTS))
    less = {k: v for k, v in full.items() if k in kept}
    more_keys = set(kept) | set(draw(st.sets(st.sampled_from(["age", "birth_date"]))))
    more = {k: v for k, v in full.items() if k in more_keys}
    # the cohort is the question asked (which cohort to screen for), not a patient fact: fixed
    return (less, cohort), (more, cohort)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(trees(), growing_patients(), st.booleans())
def test_adding_a_fact_never_unsettles_a_verdict(tree, pair, ignore):
    (less, less_cohort), (more, more_cohort) = pair
    program = criteria.compile(tree, ignore_noncomputable=ignore)
    before = program.evaluate(less, AS_OF, cohort=less_cohort)
    after = program.evaluate(more, AS_OF, cohort=more_cohort)
    for compiled in program.compiled:
        ident = compiled.criterion.id
        if before.verdict(ident).value in ("met", "not_met"):
            assert after.verdict(ident).value != "unknown", (ident, before[ident].reason, after[ident].reason)
    if before.status.value != "unknown":
        assert after.status == before.status


@SETTINGS
@given(trees(), st.booleans())
def test_a_patient_with_no_data_is_never_eligible(tree, ignore):
    result = criteria.evaluate(tree, {}, AS_OF, ignore_noncomputable=ignore)
    assert result.status.value != "eligible"
    assert result.status.value == "unknown" or any(
        r.verdict.value in ("met", "not_met") for r in result.criteria
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    trees(),
    st.lists(
        st.one_of(
            st.fixed_dictionaries({"birth_date": birth_dates.map(date.isoformat)}),
            st.fixed_dictionaries({"age": st.integers(0, 100)}),
            st.just({}),
        ),
        min_size=2,
        max_size=12,
    ),
    st.randoms(),
)
def test_verdicts_do_not_depend_on_order_or_threads(tree, patients, random):
    program = criteria.compile(tree)
    expected = [program.evaluate(p, AS_OF).to_dict() for p in patients]
    order = list(range(len(patients)))
    random.shuffle(order)
    shuffled = criteria.evaluate_many(program, [patients[i] for i in order], AS_OF)
    assert [shuffled[order.index(i)].to_dict() for i in range(len(patients))] == expected
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda p: program.evaluate(p, AS_OF).to_dict(), patients * 8))
    assert threaded == expected * 8


def test_as_of_moves_ages():
    tree = Criteria(
        text="",
        inclusion=(
            Criterion(
                id="I1",
                section="inclusion",
                text="x",
                rule=Age(low=AgeBound(value=18, unit="year", inclusive=True)),
            ),
        ),
    )
    patient = {"birth_date": "2008-11-26"}
    program = criteria.compile(tree)
    assert program.evaluate(patient, AS_OF).status.value == "ineligible"
    assert program.evaluate(patient, AS_OF + timedelta(days=1)).status.value == "eligible"
