"""An exclusion that names pregnant women, then another group: "Pregnant or lactating women, or women
of childbearing potential who refuse to use effective contraception".

Two groups are excluded, each by its own description. Read as one ``all_of`` the pregnant woman was
excluded only if she also refused contraception (or was a man: "Pregnancy or women of childbearing
potential, and men who are not willing …"). The first group (the pregnancy or breastfeeding, and the
sex written with it) and what follows the comma, "or" or "nor" that opens the second group become
alternatives."""

from __future__ import annotations

import re

from ...tree.nodes import AllOf, AnyOf, Node, Not
from .textual import in_text_order

_STATES = frozenset({"pregnancy", "breastfeeding"})
# what opens the second group: a separator, then (in the gap or in the part after it) its people
_OPENS = re.compile(r"^\s*(?:[,;]\s*)?(?:(?:and\s*/\s*)?or\b|nor\b|,)", re.IGNORECASE)
_AND_WORD = re.compile(r"\band\b", re.IGNORECASE)  # "Pregnant or nursing women and women of childbearing potential who …"
_AND = re.compile(r"^\s*,?\s*(?:and|as\s+well\s+as)\s*$", re.IGNORECASE)
_SEPARATED = re.compile(r"[,;]|\b(?:or|nor)\b", re.IGNORECASE)
# a new sentence or a parenthesis opening the second group: "Pregnant or lactating women. Women of
# childbearing potential must …", "Pregnant women (women of childbearing potential must …)"
_INSTRUCTION_OPENS = re.compile(r"^\s*[.;(]", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:must|should|shall|need(?:s)?\s+to|ha(?:ve|s)\s+to|(?:is|are)\s+required\s+to)\b", re.IGNORECASE)
_ASKS = frozenset({"negative_pregnancy_test", "contraception"})
_DISJUNCTION = re.compile(r"\b(?:or|nor)\b", re.IGNORECASE)
_CONNECTIVES = frozenset({"nor", "or", "and/or"})
_GROUP_KINDS = frozenset({"sex"})
_GROUP_REPRODUCTIVE = frozenset({"childbearing_potential", "reproductive_potential", "sexually_active"})


def pregnancy_or_another_group(parts: list[Node], original: str, people: frozenset[int] = frozenset()) -> list[Node]:
    """``parts`` of an exclusion, the pregnant (or breastfeeding) group and a group after it made
    alternatives (see the module); unchanged where the criterion names no second group. ``people``:
    where the words naming people start in ``original`` (the lexicon's PERSON and sex terms)."""
    if len(parts) == 1 and isinstance(parts[0], AllOf):  # joined into one already: its items are the parts
        split = pregnancy_or_another_group(list(parts[0].items), original, people)
        return parts if split == list(parts[0].items) else split
    if len(parts) == 1 and isinstance(parts[0], AnyOf) and len(parts[0].items) == 2:  # the two groups read already
        group, second = parts[0].items
        if (_pregnancy_group(group) or _denied_opening(group, original)) and isinstance(second, AllOf) and (instructed := _instruction(list(second.items), original)):
            return [parts[0].model_copy(update={"items": (group, _joined(instructed))})]
    placed = in_text_order(parts)
    if placed and isinstance(placed[0], AnyOf):
        placed = _list_split(placed[0], original) + placed[1:]
    first = next((k for k, p in enumerate(placed) if _pregnancy(p)), None)
    if first is None or first + 1 >= len(placed) or any(_pregnancy(p) for p in placed[first + 1:]):
        return parts
    k = first
    while k + 1 < len(placed) and placed[k + 1].kind == "sex" and placed[k + 1].sex != "male" \
            and not _SEPARATED.search(_gap(placed[k], placed[k + 1], original)):  # type: ignore[attr-defined]
        k += 1  # "Pregnant or nursing female": the sex is the first group's ("… women and men": not the men)
    if k + 1 >= len(placed):
        return parts
    head, rest = placed[:k + 1], placed[k + 1:]
    connective = rest[0].kind == "unparsed" and rest[0].text.strip().lower() in _CONNECTIVES  # type: ignore[attr-defined]
    if connective:  # "…, nor unwilling to …": the word left unread is the separator
        rest = rest[1:]
        if not rest:
            return parts
    gap = original[head[-1].span.end:rest[0].span.start]  # type: ignore[union-attr]
    if first > 0:
        return parts
    if _INSTRUCTION_OPENS.match(gap) and _a_group(rest[0]) and (instructed := _instruction(rest, original)):
        rest = instructed  # "Pregnant or lactating women. Women of childbearing potential must have …"
    else:
        # after a plain comma the second group must name its people; "or" and "nor" say it is another
        opened = (_OPENS.match(gap) and (_names_people(people, head[-1].span.end, rest[0].span.start)  # type: ignore[union-attr]
                                         or _a_group(rest[0]) or _DISJUNCTION.search(gap))) \
            or (_AND.match(gap) and _a_group(rest[0]))  # "Pregnant women and men who …": two groups, each excluded
        if not opened:
            return parts
    either = AnyOf(items=(_joined(head), _joined(rest)), span=_span(placed))
    return [either] + [p for p in parts if p.span is None]


def _instruction(rest: list[Node], original: str) -> list[Node] | None:
    """The second group when it is an instruction to people ("Women of childbearing potential must
    have a negative pregnancy test and use contraception"): in an exclusion list what excludes is
    failing it, so the asks after the modal are denied together, the people kept. ``None`` when no
    modal stands between the people and reproductive asks."""
    people = [n for n in rest if _a_group(n)]
    asks = [n for n in rest if _an_ask(n)]
    if not people or not asks or len(people) + len(asks) != len(rest):
        return None
    between = original[people[-1].span.end:asks[0].span.start]  # type: ignore[union-attr]
    if people[-1].span.end > asks[0].span.start or not _MODAL.search(between):  # type: ignore[union-attr]
        return None
    denied = Not(item=_joined(asks), span=_span(asks))
    return [*people, denied]


def _an_ask(node: Node) -> bool:
    """A negative pregnancy test or contraception, or all of them ("a negative pregnancy test and use
    an effective contraceptive method")."""
    if isinstance(node, AllOf):
        return bool(node.items) and all(_an_ask(m) for m in node.items)
    return node.kind == "reproductive" and node.name in _ASKS  # type: ignore[attr-defined]


def _pregnancy_group(node: Node) -> bool:
    """The pregnant (or breastfeeding) states, alone or with the sex written with them."""
    if isinstance(node, AllOf):
        return any(_pregnancy(m) for m in node.items) and all(_pregnancy(m) or m.kind == "sex" for m in node.items)
    return _pregnancy(node)


# "No pregnancy or lactation." opening an exclusion: the requirement form, whose denied states are what
# excludes (``parse/exclusion_form.py`` reads them so when the criterion is put together)
_NO = re.compile(r"(?:no|not)\b", re.IGNORECASE)


def _denied_opening(node: Node, original: str) -> bool:
    """Whether ``node`` is the pregnancy group denied by a "No" it opens with (see ``_NO``)."""
    return (isinstance(node, Not) and _pregnancy_group(node.item) and node.span is not None
            and _NO.match(original, node.span.start) is not None)


def _list_split(alternatives: AnyOf, original: str) -> list[Node]:
    """A list that ran on from the pregnancy into the second group's people ("Pregnant or nursing
    women, women of childbearing potential who …"): the pregnant states, and the group after them as
    a part of its own; else the list unchanged."""
    members = list(alternatives.items)
    k = 0
    while k < len(members) and _pregnancy(members[k]):
        k += 1
    if k == 0 or k == len(members) or not all(_a_group(m) for m in members[k:]):
        return [alternatives]
    gap = original[members[k - 1].span.end:members[k].span.start]  # type: ignore[union-attr]
    if not _SEPARATED.search(gap) and not _AND_WORD.search(gap):  # the group after the separator names its people: "…, women of childbearing potential"
        return [alternatives]
    head = members[0] if k == 1 else AnyOf(items=tuple(members[:k]), span=_span(members[:k]))
    tail = members[k] if len(members) == k + 1 else AnyOf(items=tuple(members[k:]), span=_span(members[k:]))
    return [head, tail]


def _names_people(people: frozenset[int], start: int, end: int) -> bool:
    return any(start <= at < end for at in people)


def _pregnancy(node: Node) -> bool:
    if isinstance(node, AnyOf):
        return bool(node.items) and all(_pregnancy(m) for m in node.items)
    return node.kind == "reproductive" and node.name in _STATES  # type: ignore[attr-defined]


def _a_group(node: Node) -> bool:
    """Whether the part names people: a sex, childbearing potential, sexual activity."""
    if isinstance(node, (AnyOf, AllOf)):
        return bool(node.items) and _a_group(min(node.items, key=lambda n: n.span.start if n.span else 1 << 30))
    return node.kind in _GROUP_KINDS or (node.kind == "reproductive" and node.name in _GROUP_REPRODUCTIVE)  # type: ignore[attr-defined]


def _gap(a: Node, b: Node, original: str) -> str:
    return original[a.span.end:b.span.start]  # type: ignore[union-attr]


def _joined(nodes: list[Node]) -> Node:
    return nodes[0] if len(nodes) == 1 else AllOf(items=tuple(nodes), span=_span(nodes))


def _span(nodes: list[Node]):
    first, last = nodes[0].span, nodes[-1].span
    return first.model_copy(update={"end": max(n.span.end for n in nodes)})  # type: ignore[union-attr]
