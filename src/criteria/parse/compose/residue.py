"""Words a reading passed over, kept with the event they qualify.

The events grammar reads "known CNS leukemia" and "no prior pelvic radiotherapy" across the words
between the lead ("known", "no prior") and the term; a content word among them ("CNS", "pelvic")
says what kind of leukemia or radiotherapy, and no field holds it. Dropped, the reading was looser
than the text (any leukemia). It stays as residue of its event: ``all_of(event, unparsed words)``,
under the event's own negation ("no pelvic radiotherapy" is ``not(all_of(radiotherapy, "pelvic"))``:
a patient with some radiotherapy is unknown, one with none is not excluded).

The wrapping is done on the composed rule, after join: join's passes (lists, examples, windows,
definitions) read bare events, so the residue travels beside the match (``Match.residue``) and is
put back here, onto the innermost event whose span holds it.
"""

from __future__ import annotations

from ...tree.nodes import AllOf, Node, Unparsed
from ...tree.spans import Span

_QUALIFIED = frozenset({"condition", "prior_therapy", "medication", "procedure"})
_REASON = "text beside the typed rules"


def with_residue(parts: list[Node], residue: list[Span], original: str) -> list[Node]:
    """``parts`` with each residue span wrapped onto the innermost qualified event that spans it;
    a span no event holds any more (join dropped the event) is left out, as the event is."""
    for span in residue:
        parts = [_wrap(part, span, original)[0] for part in parts]
    return parts


def _wrap(node: Node, span: Span, original: str) -> tuple[Node, bool]:
    """``(node, done)``: the node with the first event holding ``span`` wrapped (depth first)."""
    for name, value in node:
        if isinstance(value, Node) and name != "window":
            new, done = _wrap(value, span, original)
            if done:
                return node.model_copy(update={name: new}), True
        elif isinstance(value, tuple) and value and all(isinstance(v, Node) for v in value):
            for k, child in enumerate(value):
                new, done = _wrap(child, span, original)
                if done:
                    return node.model_copy(update={name: value[:k] + (new,) + value[k + 1:]}), True
    if node.kind in _QUALIFIED and node.span is not None and node.span.start <= span.start and span.end <= node.span.end:
        words = Unparsed(text=span.slice(original), reason=_REASON, span=span)
        return AllOf(items=(node, words), span=node.span), True
    return node, False
