"""How consent is given, said beside the requirement to give it.

"Willing and able to provide written informed consent. If the subject is unable to consent, a legally
acceptable representative must provide informed consent on their behalf", "Voluntary written consent
… with the understanding that consent may be withdrawn by the patient at any time", "(refusal to give
consent for the optional pharmacogenomic component does not exclude a patient)": after the criterion
has asked for the patient's consent, later mentions of consent say who may give it, when it may be
withdrawn, what refusing a part of the study means. Read as parts of the rule they asked the patient
to consent and not to consent at once, which no patient meets. They are a description of the consent
the rule asks for: a remark (kept, rendered, in records) from the later mention to the end of its
sentence, with the unread words there.
"""

from __future__ import annotations


from ...tree.nodes import Node, Remark
from ...tree.spans import Span
from .textual import CLAUSE_END, in_text_order

_CONSENT = "consent"
# what ends the sentence a later mention stands in ("." before a space or the end, ";", a new line)
_GENERIC_CONDITION = "other_disease"  # "unable to consent due to their medical condition"


def consent_described(parts: list[Node], original: str, item: Span) -> tuple[list[Node], list[Remark]]:
    """``parts`` (of the criterion at ``item``) without the mentions of consent after the first
    requirement of it (and the unread words in their sentences), and those sentences as description
    remarks; else ``parts`` unchanged."""
    order = in_text_order(parts)
    first = next((k for k, p in enumerate(order) if p.kind == _CONSENT), None)
    if first is None:
        return parts, []
    remarks: list[Remark] = []
    taken: list[Node] = []
    k = first + 1
    while k < len(order):
        part = order[k]
        if not _mentions_consent(part):
            k += 1
            continue
        start = _sentence_start(original, order[k - 1].span.end, part.span.start)  # type: ignore[union-attr]
        end = _sentence_end(original, part.span.end, item.end)  # type: ignore[union-attr]
        inside = [p for p in order[k:] if p.span.start < end]  # type: ignore[union-attr]
        if not all(_absorbed(p) for p in inside):
            k += 1
            continue  # the sentence asks something else too: left as read
        span = Span(start=start, end=max(end, *(p.span.end for p in inside)))  # type: ignore[union-attr]
        remarks.append(Remark(text=span.slice(original), about="description", span=span))
        taken += inside
        k += len(inside)
    if not taken:
        return parts, []
    return [p for p in parts if all(p is not t for t in taken)], remarks


def _absorbed(part: Node) -> bool:
    """Whether a part may stand in a sentence that describes the consent: a mention of consent, unread
    words, or the generic "medical condition" a patient may be unable to consent for."""
    return (part.kind in ("unparsed", _CONSENT) or _mentions_consent(part)
            or (part.kind == "condition" and getattr(part, "name", None) == _GENERIC_CONDITION))


def _mentions_consent(part: Node) -> bool:
    return part.kind == _CONSENT or (part.kind == "not" and part.item.kind == _CONSENT)  # type: ignore[attr-defined]


def _sentence_start(original: str, after: int, at: int) -> int:
    """Where the sentence holding ``at`` starts, but not before ``after`` (the end of the part before):
    ``at`` itself when no sentence ends between them."""
    ends = list(CLAUSE_END.finditer(original, after, at))
    if not ends:
        return at
    start = ends[-1].end()
    return start + len(original[start:at]) - len(original[start:at].lstrip())


def _sentence_end(original: str, at: int, limit: int) -> int:
    found = CLAUSE_END.search(original, at, limit)
    return found.start() if found else limit
