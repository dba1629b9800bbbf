"""Capabilities ("able to swallow tablets"): the absence of the conditions that deny them.

A profile never lists what a patient can do, only what is wrong: a capability holds unless a
condition its lexicon entry names in ``denied_by`` is recorded (dysphagia denies swallowing
tablets). It is compiled as ``not any_of(those conditions)``, so a complete list of conditions
settles it exactly as it settles "no history of dysphagia", and the SQL compiler reads the same
rewrite (:func:`denial`).
"""

from __future__ import annotations

from typing import Any

from ..resources import capability_denials, concept_label
from ..tree.nodes import AnyOf, Condition, Node, Not, Unparsed
from .evaluator import Check, FactList, Options, compile_rule, register
from .facts import Facts
from .logic import MET, NOT_MET


def denial(node: Any) -> Node:
    """``not any_of(conditions that deny the capability)``, spanning the capability's words."""
    denying = tuple(Condition(name=name, span=node.span) for name in capability_denials(node.name))
    if not denying:  # a capability the lexicon does not hold: nothing is known to deny it, nor to show it
        return Unparsed(text=node.name.replace("_", " "), reason="a capability with no known denying condition",
                        span=node.span)
    return Not(item=denying[0] if len(denying) == 1 else AnyOf(items=denying, span=node.span), span=node.span)


@register("capability")
def _capability(node: Any, options: Options) -> Check:
    inner = compile_rule(denial(node), options)
    able = concept_label(node.kind, node.name)

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        why = (inner.children[0] if inner.children else inner).explain(facts)  # the conditions, not their negation
        said = {MET: f"able to {able}", NOT_MET: f"not able to {able}"}.get(code, f"able to {able}: unknown")
        return f"{said} ({why.reason})", why.facts

    return Check(node, inner.run, describe, needs=inner.needs, children=(inner,), constant=inner.constant,
                 needs_for=inner.needs_for)
