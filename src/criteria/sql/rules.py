"""Rule kinds → SQL verdict-code expressions, through a registry: one function per ``kind``.

Like sqlglot's generators (one ``<key>_sql`` method per expression key) and like the evaluator's
compilers, each node kind is one function ``(node, ctx) -> sqlglot expression`` whose value is a
verdict code (:mod:`criteria.sql.kleene`). What a kind cannot express in SQL is unknown with a
reason (:meth:`Context.unknown`), never dropped; a kind with no function is an
:class:`~criteria.errors.UnsupportedError` naming it.
"""

from __future__ import annotations

from typing import Any, Callable

from sqlglot import exp

from ..errors import UnsupportedError
from ..evaluate.evaluator import not_understood
from ..evaluate.events import window_without_event
from ..evaluate.exempt import exempt_kinds
from ..tree.kinds import KindRegistry
from ..tree.nodes import Node
from .context import Context
from .kleene import MET, NOT_MET, and_, at_least as at_least_of, not_, num, or_

Compiler = Callable[[Any, Context], exp.Expression]
_REGISTRY: KindRegistry[Compiler] = KindRegistry()
register = _REGISTRY.register
"""Register the decorated function as the compiler of node kind(s) ``kinds``."""
registered_kinds = _REGISTRY.kinds
"""Every kind the SQL compiler handles."""


def rule_sql(node: Node, ctx: Context) -> exp.Expression:
    """The verdict-code expression of ``node``."""
    if getattr(node, "computable", True) is False:
        return ctx.unknown(f"not computable from patient data ({node.kind.replace('_', ' ')})")
    compiler = _REGISTRY.get(node.kind)
    if compiler is None:
        raise UnsupportedError(
            f"the SQL compiler has no function for node kind {node.kind!r}; "
            f"add one with @register({node.kind!r}) in criteria/sql/"
        )
    return compiler(node, ctx)


@register("all_of")
def all_of(node: Any, ctx: Context) -> exp.Expression:
    return and_([rule_sql(item, ctx) for item in node.items])


@register("any_of")
def any_of(node: Any, ctx: Context) -> exp.Expression:
    return or_([rule_sql(item, ctx) for item in node.items])


@register("not")
def negation(node: Any, ctx: Context) -> exp.Expression:
    with ctx.negation():
        return not_(rule_sql(node.item, ctx))


@register("at_least")
def at_least(node: Any, ctx: Context) -> exp.Expression:
    return at_least_of(node.n, [rule_sql(item, ctx) for item in node.items])


@register("except")
def except_(node: Any, ctx: Context) -> exp.Expression:
    """An exclusion does not hold for the exempt cases (item AND NOT any); an inclusion is not
    demanded of them (item OR any), as in :class:`criteria.tree.nodes.Except`."""
    kinds = exempt_kinds(node) if ctx.section == "exclusion" else ()
    if kinds:  # the exempt cases are kinds of the item's condition: its rows are carved out
        with ctx.setting(exempt=kinds):
            return rule_sql(node.item, ctx)
    item = rule_sql(node.item, ctx)
    with ctx.decided():  # whom a rule exempts is settled by silence, as the evaluator reads it
        cases = [rule_sql(e, ctx) for e in node.exceptions]
    if ctx.section == "inclusion":
        return or_([item, *cases])
    return and_([item, not_(or_(cases))])


@register("permitted")
def permitted(node: Any, ctx: Context) -> exp.Expression:
    """What the text allows asks nothing: an inclusion holds, an exclusion does not exclude."""
    return num(MET if ctx.section == "inclusion" else NOT_MET)


@register("unparsed")
def unparsed(node: Any, ctx: Context) -> exp.Expression:
    return ctx.unknown(not_understood(node))


@register("time_window")
def bare_window(node: Any, ctx: Context) -> exp.Expression:
    return ctx.unknown(window_without_event(node))


@register("consent", "compliance", "investigator_judgement")
def statement(node: Any, ctx: Context) -> exp.Expression:
    """What the person states or the investigator judges: no CDM table records it (the evaluator
    reads it from a profile's statements where a profile has them)."""
    return ctx.unknown(f"{node.kind.replace('_', ' ')}: not recorded in the OMOP CDM")


@register("capability")
def capability(node: Any, ctx: Context) -> exp.Expression:
    """Able unless a denying condition is recorded: the evaluator's rewrite, compiled as such."""
    from ..evaluate.capability import denial

    return rule_sql(denial(node), ctx)


@register("life_expectancy")
def life_expectancy(node: Any, ctx: Context) -> exp.Expression:
    return ctx.unknown("life expectancy is not recorded in the OMOP CDM")


@register("reproductive")
def reproductive(node: Any, ctx: Context) -> exp.Expression:
    from . import newer

    if newer.infers_reproductive_status():  # as the evaluator it ships with reads it
        return newer.reproductive(node, ctx, "condition_words")
    return ctx.unknown(f"{node.name.replace('_', ' ')}: reproductive status is not read from the CDM yet")


__all__ = ["register", "registered_kinds", "rule_sql"]
