"""A personal or a family history: "Personal or family history of medullary thyroid carcinoma".

The cue "family history of" gives the condition the status ``family`` (a relative's condition, no
record of the patient's holds it). Written after "personal or" (or "past medical history or") it
is one of two alternatives: the patient's own history of the condition, or a relative's. The word
"personal" had been left unread beside it, so a patient with the condition stayed unknown."""

from __future__ import annotations

import re

from ...tree.nodes import AllOf, AnyOf, Node, Unparsed

# the unread words before "or family history of": they name the patient's own history
_OWN = re.compile(r"^(?:personal|own|self|past medical|personal medical|patient's)(?: history)?$", re.IGNORECASE)
# between them "or", and the cue when the condition's span does not hold it
_BETWEEN = re.compile(r"^\s*(?:and\s*/\s*)?or\s+(?:(?:an?\s+)?(?:known\s+)?(?:first[- ]degree\s+|immediate\s+)?family\s+"
                      r"(?:medical\s+)?history\s+of\s+(?:an?\s+)?)?$", re.IGNORECASE)


def personal_or_family(parts: list[Node], original: str) -> list[Node]:
    """``parts`` with each unread "personal" before "or family history of <condition>" read as the
    patient's own history of that condition, an alternative beside the relative's."""
    return [_rewritten(p, original) for p in parts]


def _rewritten(node: Node, original: str) -> Node:
    if not isinstance(node, (AnyOf, AllOf)):
        return node
    items = [_rewritten(n, original) for n in node.items]
    if isinstance(node, AnyOf):
        owned = [_own_history(n, items, original) or n for n in items]
        if any(a is not b for a, b in zip(owned, items)):  # "personal or family history of MTC or MEN2": MEN2 is either too
            made = {_key(c) for new, old in zip(owned, items) if new is not old for c in new.walk() if c.kind == "condition"}
            owned += [_as_own(n) for n in items if _listed_family(n) and _key(_as_own(n)) not in made]
        items = owned
    if all(a is b for a, b in zip(items, node.items)):
        return node  # nothing read anew: no copy (most criteria name no family)
    return node.model_copy(update={"items": tuple(items)})


def _own_history(node: Node, siblings: list[Node], original: str) -> Node | None:
    """The patient's own history of the condition a sibling names as a relative's, for unread words
    that say "personal" right before "or family history of" it; else ``None``."""
    if not (isinstance(node, Unparsed) and node.span is not None and _OWN.match(node.text.strip())):
        return None
    for other in siblings:
        family = _first_condition(other)
        if family is not None and _BETWEEN.match(original[node.span.end:family.span.start]):  # type: ignore[union-attr]
            status = tuple(s for s in family.status if s != "family")  # type: ignore[attr-defined]
            own = family.model_copy(update={"status": ("history", *status), "span": node.span})
            if other is family:
                return own
            # words left unread beside the relative's condition narrow the patient's too ("medullary")
            items = tuple(own if n is family else n for n in other.items)  # type: ignore[attr-defined]
            whole = node.span.model_copy(update={"end": max(node.span.end, other.span.end)})  # type: ignore[union-attr]
            return other.model_copy(update={"items": items, "span": whole})
    return None


def _first_condition(node: Node) -> Node | None:
    """The condition of family status a sibling opens with (itself, or the first of its all_of)."""
    if isinstance(node, AllOf) and node.items:
        node = min(node.items, key=lambda n: n.span.start if n.span is not None else 1 << 30)
    if node.kind == "condition" and "family" in node.status and node.span is not None:  # type: ignore[attr-defined]
        return node
    return None


def _listed_family(node: Node) -> bool:
    """Whether ``node`` is a relative's condition alone (a later member of the list the cue opened)."""
    return node.kind == "condition" and "family" in node.status  # type: ignore[attr-defined]


def _key(node: Node) -> tuple:
    return node.name, node.status, getattr(node, "site", None)  # type: ignore[attr-defined]


def _as_own(node: Node) -> Node:
    status = tuple(s for s in node.status if s != "family")  # type: ignore[attr-defined]
    return node.model_copy(update={"status": ("history", *status)})
