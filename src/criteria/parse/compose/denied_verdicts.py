"""In an exclusion, "should not be enrolled if …" is the exclusion's verdict, not a denial.

"Subjects should not be enrolled if they plan to become pregnant": the "not" belongs to the verdict
("not … enrolled"), which an exclusion list states for each of its items; what the sentence names
after "if" is what excludes. Read as a denial, the planned pregnancy became its absence, and every
patient not planning one met the exclusion. The verdict word, left unread under the denial, is taken
out as a remark and the denial undone. Inclusions keep the denial: there it says what the patient
must not be.
"""

from __future__ import annotations

import re

from ...tree.nodes import AllOf, AnyOf, Node, Not, Remark
from ..grammar.lexeme import DENIED_VERDICTS


def denied_verdicts(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """``parts`` with each denial over an unread verdict word undone, and those words as remarks."""
    remarks: list[Remark] = []
    return [_undone(p, original, remarks) for p in parts], remarks


def _undone(node: Node, original: str, remarks: list[Remark]) -> Node:
    if isinstance(node, (AnyOf, AllOf)):
        items = tuple(_undone(n, original, remarks) for n in node.items)
        changed = any(a is not b for a, b in zip(items, node.items))
        return node.model_copy(update={"items": items}) if changed else node
    if not isinstance(node, Not) or not isinstance(node.item, AllOf):
        return node
    verdicts = [n for n in node.item.items if n.kind == "unparsed" and _a_verdict(n.text)]  # type: ignore[attr-defined]
    rest = [n for n in node.item.items if all(n is not v for v in verdicts)]
    if not verdicts or not rest or any(n.kind == "unparsed" for n in rest):
        return node
    remarks.extend(Remark(text=v.text, about="description", span=v.span) for v in verdicts)  # type: ignore[attr-defined]
    return rest[0] if len(rest) == 1 else AllOf(items=tuple(rest), span=node.item.span)


def _a_verdict(text: str) -> bool:
    """Whether ``text`` is a verdict word alone ("enrolled", "be eligible")."""
    words = re.findall(r"[a-z]+", text.lower())
    return bool(words) and words[-1] in DENIED_VERDICTS and all(w == "be" for w in words[:-1])
