"""Reasons, facts used and missing data for one evaluated criterion — built only on demand.

The hot path (:meth:`Program.run`) computes verdict codes only; everything a person reads is
derived here afterwards from the same compiled checks, so explaining a verdict never changes
it. "Missing data" walks only the unknown parts of a rule: data needed by a part that is
already settled (a met alternative, a failed conjunct) would change nothing and is not listed.
"""

from __future__ import annotations

from typing import Any

from .compile import Compiled, Program
from .evaluator import Check
from .facts import Facts
from .logic import MET, NOT_APPLICABLE, NOT_MET, UNKNOWN

_WORDS = {MET: "met", NOT_MET: "not met", UNKNOWN: "unknown", NOT_APPLICABLE: "not applicable"}


def unknown_needs(check: Check, facts: Facts) -> list[str]:
    """Names of the data that would settle the unknown parts of ``check``."""
    if check.ignored or check.run(facts) != UNKNOWN:
        return []
    needs = list(check.needs_for(facts) if check.needs_for is not None else check.needs)
    for child in check.children:
        needs.extend(unknown_needs(child, facts))
    return list(dict.fromkeys(needs))


def scope_need(scope: str, program: Program) -> str:
    """How to name the missing membership of a scope, for people."""
    if scope in program.cohort_names:
        return f"cohort assignment ({' or '.join(program.cohort_names)})"
    return f"whether the patient belongs to {scope!r}"


def criterion_detail(
    program: Program,
    compiled: Compiled,
    facts: Facts,
    codes: list[int],
    membership: dict[str, int],
    assigned: bool,
) -> tuple[str, dict[str, Any], tuple[str, ...]]:
    """One-line reason, facts used, and missing data of one criterion."""
    code = codes[compiled.index]
    scope = compiled.criterion.scope
    member = membership.get(scope, UNKNOWN) if scope else None
    who = compiled.population.explain(facts) if compiled.population is not None else None
    if code == NOT_APPLICABLE and who is not None and who.code == NOT_MET:
        return f"applies only to some patients, not to this one: {who.reason}", dict(who.facts), ()
    if code == NOT_APPLICABLE:
        return _not_applicable_reason(compiled, scope, member, assigned), {}, ()
    parts: list[str] = []
    used: dict[str, Any] = {}
    needs: list[str] = []
    if compiled.check is not None and not compiled.check.ignored:
        explanation = compiled.check.explain(facts)
        parts.append(explanation.reason)
        used.update(explanation.facts)
        if code == UNKNOWN:
            needs.extend(unknown_needs(compiled.check, facts))
    if compiled.subs:
        parts.append(_subs_summary(program, compiled, codes))
    if who is not None and who.code == UNKNOWN:
        parts.append(f"applies only to some patients, and whether this one is among them is unknown: {who.reason}")
        if code == UNKNOWN:
            needs.extend(unknown_needs(compiled.population, facts))  # type: ignore[arg-type]
    if scope and member == UNKNOWN:
        parts.append(f"applies only to {scope}, and membership is unknown")
        if code == UNKNOWN:
            needs.extend(_membership_needs(program, scope, facts, assigned))
    return "; ".join(p for p in parts if p), used, tuple(dict.fromkeys(needs))


def _membership_needs(program: Program, scope: str, facts: Facts, assigned: bool) -> list[str]:
    """What would settle an unknown membership: the definition's data, or choosing a cohort."""
    definition = program.definitions.get(scope)
    needs = unknown_needs(definition, facts) if definition is not None else []
    return needs if assigned else [scope_need(scope, program)] + needs


def _not_applicable_reason(compiled: Compiled, scope: str | None, member: int | None, assigned: bool) -> str:
    if scope and member == NOT_MET:
        how = "the patient is screened for another cohort" if assigned else "the patient is not in it"
        return f"applies only to {scope}; {how}"
    if compiled.check is not None and compiled.check.ignored:
        return compiled.check.describe(None, UNKNOWN)[0]  # type: ignore[arg-type]
    if compiled.check is None and not compiled.subs:
        return "the text asks nothing here (a lead-in with nothing under it, 'None', 'Not specified', or 'See …' pointing to criteria read where they stand)"
    return "nothing to check: every part was set aside"


def _subs_summary(program: Program, compiled: Compiled, codes: list[int]) -> str:
    counts: dict[int, list[str]] = {}
    for index in compiled.subs:
        counts.setdefault(codes[index], []).append(program.compiled[index].criterion.id)
    logic = "any of" if compiled.criterion.subcriteria_logic == "any_of" else "all of"
    shown = ", ".join(
        f"{len(ids)} {_WORDS[code]} ({' '.join(ids)})" for code, ids in sorted(counts.items(), reverse=True)
    )
    return f"{logic} {len(compiled.subs)} sub-criteria: {shown}"
