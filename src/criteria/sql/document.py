"""The document level: criteria, sub-criteria, scopes, cohorts and the trial status, as SQL.

The same reading as :mod:`criteria.evaluate.compile` (docs/evaluation.md): a criterion's verdict
is its own rule AND its counted sub-criteria combined by ``subcriteria_logic``; a criterion
scoped to a cohort the person is known not to be in is not applicable (code 3), and while
membership is unknown the scope is an implication; a criterion that defines a cohort is that
cohort's membership; when cohorts are defined among the inclusions the person must belong to
one; the status is ``all(inclusions) and not any(exclusions)`` with not-applicable skipped.
Sub-criteria are computed before their parents, one step (CTE) per nesting depth, so no
expression is repeated inside another.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from ..tree.nodes import Criteria, Criterion
from .context import Context
from .kleene import MET, NOT_APPLICABLE, NOT_MET, UNKNOWN, and_, at_least, case, num, or_, skip_na
from .rules import rule_sql


@dataclass
class Item:
    """One criterion, flattened: its column names and what it is made of."""

    index: int
    criterion: Criterion
    rule: exp.Expression | None
    reasons: list[str]
    subs: list["Item"] = field(default_factory=list)
    defines: str | None = None
    population: exp.Expression | None = None  # who the criterion is about (Criterion.population)

    @property
    def column(self) -> str:
        return f"c{self.index}"

    @property
    def inclusion(self) -> bool:
        return self.criterion.section == "inclusion"

    @property
    def depth(self) -> int:
        return 0 if not self.subs else 1 + max(s.depth for s in self.subs)


@dataclass
class Document:
    """The compiled document: every criterion, the cohorts' membership expressions, the status."""

    items: list[Item]
    top: list[Item]
    memberships: dict[str, exp.Expression]
    cohort_gate: bool


def flatten(tree: Criteria, ctx: Context) -> Document:
    """Compile every criterion's rule (children first in text order) and the cohorts' definitions."""
    spans = {c.span: c.name for c in tree.cohorts if c.span is not None}
    items: list[Item] = []

    def visit(criterion: Criterion) -> Item:
        ctx.section, ctx.reasons = criterion.section, []
        rule = rule_sql(criterion.rule, ctx) if criterion.rule is not None else None
        item = Item(len(items), criterion, rule, ctx.reasons)
        population = getattr(criterion, "population", None)  # a field of newer trees
        if population is not None:  # who it is about is tested as an inclusion is
            with ctx.membership():
                item.population = rule_sql(population, ctx)
        items.append(item)
        children = [(visit(sub), sub) for sub in criterion.subcriteria]
        item.subs = [child for child, sub in children if sub.role != "exception"]
        item.defines = spans.get(criterion.span) if criterion.span is not None else None
        return item

    top = [visit(c) for c in tree.inclusion + tree.exclusion]
    memberships = _memberships(tree, ctx, items)
    gate = any(i.defines and i.inclusion for i in top)
    return Document(items, top, memberships, gate)


def _memberships(tree: Criteria, ctx: Context, items: list[Item]) -> dict[str, exp.Expression]:
    """Cohort → membership code: its typed condition, else the defining criterion's rule."""
    defining = {i.defines: i.rule for i in items if i.defines}
    out: dict[str, exp.Expression] = {}
    for cohort in tree.cohorts:
        ctx.reasons = []
        with ctx.membership():  # a definition is demanded of members
            rule = rule_sql(cohort.condition, ctx) if cohort.condition is not None else defining.get(cohort.name)
        out[cohort.name] = rule if rule is not None else num(UNKNOWN)
    return out


def membership_column(names: list[str], name: str) -> exp.Column:
    return exp.column(f"m{names.index(name)}")


def _joined(item: Item) -> exp.Expression | None:
    """The counted sub-criteria combined; 3 (not applicable) when every one is skipped."""
    if not item.subs:
        return None
    codes = []
    for sub in item.subs:
        code: exp.Expression = exp.column(sub.column)
        if sub.criterion.scope is not None or sub.population is not None:  # out of scope: the implication
            code = skip_na(code, MET if sub.inclusion else NOT_MET)
        codes.append(code)
    logic = item.criterion.subcriteria_logic
    all_na = exp.and_(*(c.copy().eq(num(NOT_APPLICABLE)) for c in codes))
    if logic == "any_of":
        folded = or_([skip_na(c, NOT_MET) for c in codes])
    elif logic == "at_least":
        folded = at_least(item.criterion.at_least or 1, codes)
    else:
        folded = and_([skip_na(c, MET) for c in codes])
    return case((all_na, NOT_APPLICABLE), default=folded)


def criterion_code(item: Item, names: list[str]) -> exp.Expression:
    """The verdict code of one criterion (the evaluator's ``criterion_verdict``)."""
    rule = exp.column(f"r{item.index}") if item.rule is not None else None
    own = membership_column(names, item.defines) if item.defines in names else rule
    joined = _joined(item)
    if joined is None:
        code = own if own is not None else num(NOT_APPLICABLE)
    elif own is None:
        code = joined
    else:
        code = case((exp.Paren(this=joined).eq(num(NOT_APPLICABLE)), own), default=and_([own.copy(), joined.copy()]))
    if item.population is not None:
        code = _scoped(item, code, exp.column(f"p{item.index}"))
    scope = item.criterion.scope
    if scope is None:
        return code
    member = membership_column(names, scope) if scope in names else num(UNKNOWN)
    return _scoped(item, code, member)


def _scoped(item: Item, code: exp.Expression, member: exp.Expression) -> exp.Expression:
    """A verdict within a group the person is in, is not in (not applicable) or may be in: then an
    implication (inclusion: not member OR rule; exclusion: member AND rule)."""
    inside = MET if item.inclusion else NOT_MET
    return case(
        (exp.Paren(this=code).eq(num(NOT_APPLICABLE)), NOT_APPLICABLE),
        (member.eq(num(NOT_MET)), NOT_APPLICABLE),
        (member.copy().eq(num(MET)), code.copy()),
        (exp.Paren(this=code.copy()).eq(num(inside)), inside),
        default=UNKNOWN,
    )


def status_code(document: Document, names: list[str]) -> exp.Expression:
    """Kleene "every inclusion is met and no exclusion is met", not-applicable skipped."""
    if _vacuous(document):
        return num(UNKNOWN)  # "eligible" never comes from checking nothing
    inclusions = [
        skip_na(exp.column(i.column), MET)
        for i in document.top
        if i.inclusion and not (i.defines and document.cohort_gate)
    ]
    if document.cohort_gate:
        inclusions.append(or_([exp.column(f"m{k}") for k in range(len(names))]))
    exclusions = [skip_na(exp.column(i.column), NOT_MET) for i in document.top if not i.inclusion]
    included = and_(inclusions)
    excluded = or_(exclusions)
    return case((exp.Paren(this=included).eq(num(NOT_MET)), NOT_MET), default=exp.Least(this=included.copy(), expressions=[num(MET) - exp.Paren(this=excluded)], ignore_nulls=True))


def _vacuous(document: Document) -> bool:
    """No criterion can hold a verdict: no rule anywhere and no cohort gate."""
    def empty(item: Item) -> bool:
        scoped = item.criterion.scope is not None or item.population is not None
        return item.rule is None and item.defines is None and not scoped and all(empty(s) for s in item.subs)

    return not document.cohort_gate and all(empty(i) for i in document.top)
