"""Text left over inside a list of alternatives is one more alternative.

"A or <unread> or B" is ``any_of(A, <unread>, B)``, and the term whose examples follow ("one or
more risk factors, such as A, B or C") is an alternative beside them, not a requirement beside
the list.
"""

from __future__ import annotations

import bisect
import re

from ...resources import word_list
from ...tree.nodes import AllOf, AnyOf, Node
from ...tree.spans import Span, extent_end
from .join import is_defined_condition
from .leftovers import remark_words
from .textual import in_text_order, opening_parenthesis


def unread_alternatives(parts: list[Node], leftovers: list[Node], original: str) -> list[Node]:
    """Text left over inside a list of alternatives is one more alternative, not a requirement
    beside the list: "A or <unread> or B" is ``any_of(A, <unread>, B)``; so is text joined by a
    bare "or" to the part beside it ("hypersensitivity to X or any of its excipients", "ECOG 0 or
    <unread>", "within 30 days or during the study"): ``any_of(A, <unread>)``, which a patient
    meets through A and otherwise leaves unknown, where ``all_of`` demanded the unread words too."""
    if not leftovers:
        return parts
    out = list(parts)
    rest = []
    lists = [i for i, p in enumerate(out) if isinstance(p, AnyOf)]
    starts = sorted((p.span.start, i) for i, p in enumerate(parts) if p.span is not None)
    # where each part's words end, with its window's and without ("an investigational agent or
    # <unread> within 30 days": the unread words lie between the event and its window)
    ends = sorted({(end, i) for i, p in enumerate(parts) if p.span is not None
                   for end in (p.span.end, extent_end(p))})
    for node in leftovers:
        touched = next(((i, k) for i in lists if (k := _touched_member(node.span, out[i], original)) is not None), None)
        if touched is not None:  # "stroke of any type or MI", "autologous or allogenic transplant"
            i, k = touched
            members = list(out[i].items)
            members[k] = AllOf(items=(members[k], node), span=members[k].span)
            out[i] = out[i].model_copy(update={"items": tuple(members)})
            continue
        owner = next((i for i in lists if _between_items(node.span, out[i], original)
                      or _names_the_examples(node.span, out[i], original)), None)
        if owner is None and not _DENYING.search(getattr(node, "text", "")):  # a denial may govern the part
            owner = _or_beside(node, out, original, starts, ends)
            if owner is not None and _names_another_cause(out[owner], node):
                out[owner] = _another_cause(out[owner], node)
                continue
        if owner is None:
            owner = next((i for i in lists if _ends_the_list(node.span, out[i], original)), None)
        if owner is None:
            rest.append(node)
            continue
        either = out[owner] if isinstance(out[owner], AnyOf) else AnyOf(items=(out[owner],), span=out[owner].span)
        items = sorted((*either.items, node), key=lambda n: n.span.start if n.span else 0)
        out[owner] = either.model_copy(update={"items": tuple(items), "span": _joined(either.span, node.span)})
        if owner not in lists:
            lists.append(owner)
    return _comma_series(out + rest, original)


_TYPED_MEMBERS = frozenset({"condition", "procedure", "prior_therapy", "medication", "lab_threshold",
                            "measure_threshold", "reproductive"})



def typed_alternatives(parts: list[Node], original: str) -> list[Node]:
    """Two read parts side by side that a bare "or" joins are alternatives, not both required: "History
    of drug abuse within the last year or alcohol consumption of > 2 units per day", "QTcF < 340 msec or
    family history of long QT syndrome", "pregnant (confirmed by a test within 72 hours) or breast
    feeding". What stood between them (a window, a parenthesis the first part read) kept the grammar
    from joining them. Only function words (or words of method) may stand around the "or", and the
    parts are events, measures or reproductive states (see :func:`_typed_member`)."""
    placed = in_text_order(parts)
    if len(placed) < 2:
        return parts
    merged: dict[int, Node | None] = {}
    run: list[Node] = [placed[0]]
    for node in placed[1:]:
        if _an_aside(node, original):
            continue  # "hepatitis B (defined as HBsAg reactive) or hepatitis C": unread, it stays beside the list
        if _typed_member(run[-1], original) and _typed_member(node, original) and _bare_or(
                _without_asides(_closed(original, run[-1].span.start, extent_end(run[-1]), node.span.start))):  # type: ignore[union-attr]
            run.append(node)
            continue
        _close_run(run, merged)
        run = [node]
    _close_run(run, merged)
    return _replaced(parts, merged)


def _an_aside(node: Node, original: str) -> bool:
    """Whether ``node`` is words no rule read standing alone in a parenthesis ("(defined as HBsAg
    reactive)"): an aside on the part before it, which does not end a list of alternatives."""
    return node.kind == "unparsed" and node.span is not None and opening_parenthesis(node.span, original) is not None


_ASIDE = re.compile(r"\([^()]*\)")


def _without_asides(gap: str) -> str:
    """``gap`` without its parenthesized asides: between two read parts, a parenthesis holds only
    words no rule read (a read one would be a part between them)."""
    return _ASIDE.sub(" ", gap)


def _replaced(parts: list[Node], by: dict[int, Node | None]) -> list[Node]:
    """``parts`` in their order, each whose id ``by`` names replaced by its value, dropped where that is
    ``None`` (a part taken into another)."""
    if not by:
        return parts
    return [q for q in (by.get(id(p), p) for p in parts) if q is not None]


def _close_run(run: list[Node], merged: dict[int, Node | None]) -> None:
    if len(run) < 2:
        return
    items = tuple(m for n in run for m in (n.items if isinstance(n, AnyOf) else (n,)))
    merged[id(run[0])] = AnyOf(items=items, span=_joined(run[0].span, run[-1].span))
    merged.update((id(n), None) for n in run[1:])


def _typed_member(node: Node, original: str) -> bool:
    """A part that may be one of two alternatives: an event, a measure or a reproductive state, unread
    words glued to one, or a list of them. Never a denial: "major surgery within 4 weeks or who have not
    recovered from it" is no choice between surgery and its absence."""
    if isinstance(node, AnyOf):  # a list of alternatives already, unread members too
        return all(m.kind == "unparsed" or _typed_member(m, original) for m in node.items)
    if isinstance(node, AllOf):  # "asthma requiring steroids": one member, a condition with the treatment it needs
        return all(m.kind != "unparsed" and _typed_member(m, original) for m in node.items)
    if node.kind == "except":  # "brain tumor (except recurrent medulloblastoma)": the event, its exceptions carved out
        return _typed_member(node.item, original)  # type: ignore[attr-defined]
    return node.kind in _TYPED_MEMBERS or _glued(node, original)


def _closed(original: str, start: int, end: int, following: int) -> str:
    """The gap from ``end`` to ``following``, without the ")" that closes a parenthesis opened in the
    part's own words (``start`` to ``end``): "brain tumor (except recurrent medulloblastoma) or …"."""
    gap = original[end:following]
    said = original[start:end]
    for _ in range(said.count("(") - said.count(")")):
        gap = gap.replace(")", "", 1) if gap.lstrip().startswith(")") else gap
    return gap


_TYPED_OR_GAP = re.compile(r"^(?P<before>[a-z0-9\s]*?)[\s,]*(?:and\s*/\s*)?\bor\s+(?P<words>[a-z\s]*)$", re.IGNORECASE)


def _bare_or(gap: str) -> bool:
    """Whether ``gap`` is "or" with only function words (or words of method: "a screening platelet
    count") around it."""
    found = len(gap) <= _NEAR and _TYPED_OR_GAP.match(gap)
    if not found:
        return False
    plain, method = word_list("function_words.txt"), remark_words()
    before = found.group("before").lower().split()
    if "with" in before:  # "migraine with or without aura" names one condition, either way
        return False
    openers = word_list("or_clause_openers.txt")  # "or, if sexually active, using contraception"
    words = before + found.group("words").lower().split()
    # a number only as the name of a visit or a day of the study ("at Visit 1 or", "on Day 1 or")
    return all(((w in plain or w in method) and w not in openers) or (w.isdigit() and k > 0 and words[k - 1] in method)
               for k, w in enumerate(words))


# a denial that governs every alternative after it ("No A or B", "not taking A or B", "without A or B");
# "unable to A or B" may not ("unable to swallow capsules or disease affecting absorption")
_GOVERNING_DENIAL = re.compile(r"^(?:no|not|without|never|neither|none of|free of|absence of)\b", re.IGNORECASE)



def denied_alternatives(parts: list[Node], original: str) -> list[Node]:
    """Alternatives after a denied part, joined by "or", are denied with it: "Not taking oral steroids or
    enzyme-inducing anticonvulsants" is ``not(any_of(steroids, all_of("enzyme-inducing",
    anticonvulsants)))``. Left beside the denial, the anticonvulsants had become a requirement (every
    patient had to take them) and an unread alternative a conjunct; under it, a patient on either is
    not met and one on neither meets what was read."""
    placed = in_text_order(parts)
    replaced: dict[int, Node | None] = {}
    i = 0
    while i < len(placed):
        denial = placed[i]
        if denial.kind != "not" or not _GOVERNING_DENIAL.match(original[denial.span.start:]):  # type: ignore[union-attr]
            i += 1
            continue
        members, j, end = [], i + 1, extent_end(denial)
        while j < len(placed) and _bare_or(original[end:placed[j].span.start]):  # type: ignore[union-attr]
            unit = _denied_unit(placed, j, original)
            if unit is None:
                break
            members.append(unit)
            j += len(unit.items) if _glued(unit, original) else 1
            end = extent_end(placed[j - 1])
        if members:
            inner = denial.item  # type: ignore[attr-defined]
            first = inner.items if isinstance(inner, AnyOf) else (inner,)
            either = AnyOf(items=(*first, *members), span=_joined(inner.span, members[-1].span))
            replaced[id(denial)] = denial.model_copy(update={"item": either, "span": _joined(denial.span, members[-1].span)})
            replaced.update((id(q), None) for q in placed[i + 1:j])
        i = j
    return _replaced(parts, replaced)


def _denied_unit(placed: list[Node], j: int, original: str) -> Node | None:
    """The alternative starting at ``placed[j]``: an event or a measure, unread words naming one thing
    (glued to the event they touch: "enzyme-inducing" + anticonvulsants), else ``None``."""
    node = placed[j]
    if node.kind == "unparsed":
        words = node.text.lower().split()  # type: ignore[attr-defined]
        if not _unread_member(node) or not words or words[0] in word_list("clause_openers.txt"):
            return None
        after = placed[j + 1] if j + 1 < len(placed) else None
        if after is not None and after.kind in _TYPED_MEMBERS and _TOUCHING.match(original[node.span.end:after.span.start]):  # type: ignore[union-attr]
            return AllOf(items=(node, after), span=_joined(node.span, after.span))
        return node
    return node if node.kind in _TYPED_MEMBERS else None


# a denial of an act ("unable to", "unwilling to"): it governs acts, never a state after its "or"
_DENIED_ACT = re.compile(r"^(?:unable|inability|unwilling|unwillingness|not\s+(?:able|willing)|cannot|can\s+not|"
                         r"refus\w*|incapable)\b", re.IGNORECASE)
# what a patient has or is, never what one is unable or unwilling to do
_STATE_KINDS = frozenset({"condition", "lab_threshold", "measure_threshold", "performance_status", "age", "sex"})
_STATE_REPRODUCTIVE = frozenset({"pregnancy", "breastfeeding", "childbearing_potential", "positive_pregnancy_test"})


def states_beside_a_denied_act(parts: list[Node], original: str) -> list[Node]:
    """A state after the "or" of an inability or an unwillingness is an alternative of its own:
    "Unable to swallow oral medications or malabsorption syndrome" is ``any_of(not(able to
    swallow), malabsorption)``, "Unwilling to use contraception or pregnant" ``any_of(not(contraception),
    pregnancy)``. Denied together, a patient with the malabsorption (or the pregnancy) who could
    swallow (or would use contraception) was read as not excluded."""
    return [_split_states(p, original) for p in parts]


def _split_states(node: Node, original: str) -> Node:
    if isinstance(node, (AnyOf, AllOf)):
        items = tuple(_split_states(n, original) for n in node.items)
        return node if all(a is b for a, b in zip(items, node.items)) else node.model_copy(update={"items": items})
    if not (node.kind == "not" and node.span is not None and isinstance(node.item, AnyOf)  # type: ignore[attr-defined]
            and _DENIED_ACT.match(original[node.span.start:])):
        return node
    members = node.item.items  # type: ignore[attr-defined]
    states = [m for m in members if _a_state(m)]
    acts = [m for m in members if not _a_state(m)]
    if not states or not acts:
        return node
    act = acts[0] if len(acts) == 1 else AnyOf(items=tuple(acts), span=_joined(acts[0].span, acts[-1].span))
    denied = node.model_copy(update={"item": act})
    return AnyOf(items=(denied, *states), span=node.span)


def _a_state(node: Node) -> bool:
    if isinstance(node, (AnyOf, AllOf)):
        return all(_a_state(m) or m.kind == "unparsed" for m in node.items) and any(_a_state(m) for m in node.items)
    return node.kind in _STATE_KINDS or (node.kind == "reproductive" and node.name in _STATE_REPRODUCTIVE)  # type: ignore[attr-defined]


_COMMA_GAP = re.compile(r"^[\s)\]]*,\s*$")
# "or", ", or", "and/or", and an article after it ("clozapine or a long-acting injectable antipsychotic")
_OR_END_GAP = re.compile(r"^[\s)\]]*,?\s*(?:and\s*/\s*)?or\s*(?:(?:an?|any|the)\s+)?$", re.IGNORECASE)
_MEMBER_KINDS = frozenset({"condition", "procedure", "prior_therapy", "medication", "unparsed"})


def _comma_series(parts: list[Node], original: str) -> list[Node]:
    """A series "A, <unread>, B, or <unread>" whose members are events and unread words is one
    list of alternatives: an unread member kept the grammar from reading the list, and its members
    stood as requirements side by side (the patient had to have them all).

    Only when one member at least is unread and the series ends with "or" (or ", or"); "A, B, and C"
    stays all of them."""
    if len(parts) < 2 or not any(n.kind == "unparsed" for p in parts for n in (p.items if isinstance(p, AnyOf) else (p,))):
        return parts  # a series is made only where an unread member kept the grammar from reading it
    units = _units(in_text_order(parts), original)
    placed = [unit for unit, _ in units]
    series: dict[int, Node | None] = {}  # id of a series' first part → the series; its other parts → None
    i = 0
    while i < len(placed):
        j = _series_end(placed, i, original)
        if j is None:
            i += 1
            continue
        members = [m for node in placed[i:j + 1] for m in _flat(node, original)]
        inside = [q for _, nodes in units[i:j + 1] for q in nodes]
        series[id(inside[0])] = AnyOf(items=tuple(members), span=_joined(placed[i].span, placed[j].span))
        series.update((id(q), None) for q in inside[1:])
        i = j + 1
    return _replaced(parts, series)


_TOUCHING = re.compile(r"^[\s-]*$")


def _units(placed: list[Node], original: str) -> list[tuple[Node, tuple[Node, ...]]]:
    """The parts in text order, unread words glued to the event they touch ("obstructive" +
    "pulmonary disease", "nab" + "-paclitaxel"): one member of a series, both of it required
    (a unit: the node it stands as, and the parts it is made of)."""
    out: list[tuple[Node, tuple[Node, ...]]] = []
    for node in placed:
        if out:
            last, nodes = out[-1]
            touching = _TOUCHING.match(original[last.span.end:node.span.start])  # type: ignore[union-attr]
            kinds = {last.kind, node.kind}
            if touching and "unparsed" in kinds and kinds <= _MEMBER_KINDS and len(nodes) == 1:
                out[-1] = (AllOf(items=(last, node), span=_joined(last.span, node.span)), (*nodes, node))
                continue
        out.append((node, (node,)))
    return out


def _series_end(placed: list[Node], i: int, original: str) -> int | None:
    """The index of the last member of a series of alternatives starting at ``i`` (see
    :func:`_comma_series`), or ``None``."""
    if not _member(placed[i], original) or _qualifies_next(placed, i, original):
        return None
    # in a parenthesis the series ends with it: what it holds says more of what stands before it
    opened = original[:placed[i].span.start].rstrip().endswith("(")  # type: ignore[union-attr]
    j = i
    while j + 1 < len(placed) and _member(placed[j + 1], original) and not _qualifies_next(placed, j + 1, original):
        gap = original[placed[j].span.end:placed[j + 1].span.start]  # type: ignore[union-attr]
        if opened and ")" in gap:
            break
        if _COMMA_GAP.match(gap):
            j += 1
            continue
        if _OR_END_GAP.match(gap) and not isinstance(placed[j + 1], AnyOf):
            j += 1
        break
    series = placed[i:j + 1]
    closed = j > i and (_OR_END_GAP.match(original[series[-2].span.end:series[-1].span.start])  # type: ignore[union-attr]
                        or _or_list(series[-1], original))
    members = [m for n in series for m in _flat(n, original)]
    unread = any(m.kind == "unparsed" or _glued(m, original) for m in members)
    # two members are a series only when "or" joins them ("aspirin or <non-steroidal anti-inflammatory>
    # agents"); "A, <unread>" alone may be anything
    if len(members) < (2 if _OR_END_GAP.match(original[series[0].span.end:series[-1].span.start]) else _LIST) \
            or not closed or not unread:  # type: ignore[union-attr]
        return None
    return j


def _qualifies_next(placed: list[Node], k: int, original: str) -> bool:
    """Whether unread words at ``k`` touch the part after them, which they qualify ("bulky" of
    "bulky tumor (largest diameter ≥ 7.5 cm)"): no member of their own."""
    node = placed[k]
    if node.kind != "unparsed" or k + 1 >= len(placed):
        return False
    return bool(_TOUCHING.match(original[node.span.end:placed[k + 1].span.start]))  # type: ignore[union-attr]


_UNREAD_MEMBER_WORDS = 6  # a member names one thing in a few words; more is a clause
# unread words that deny or refuse ("unable or unwilling to take folic acid, …, or corticosteroids"):
# they may govern the part beside them, so they are neither its alternative nor a list's member
# ("non-steroidal" is a word of its own: the prefix denies nothing beside it)
_DENYING = re.compile(r"\b(?:no|not|non(?!-)|without|never|none|nor|unable|unwilling|cannot|inability|refus\w*)\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[():;.]|\b(?:must|should|may)\b", re.IGNORECASE)  # a clause, not a name


def _unread_member(node: Node) -> bool:
    """Unread words that may be one member of a list: a few words naming a thing, no clause ("must
    not be receiving regular mood stabilizing" denies the list after it) and no parenthesis."""
    text = node.text  # type: ignore[attr-defined]
    return len(text.split()) <= _UNREAD_MEMBER_WORDS and not _DENYING.search(text) and not _CLAUSE.search(text)


def _member(node: Node, original: str) -> bool:
    """An event, unread words or a condition with the measure defining it, or a list of them
    joined by "or" or by commas alone, with a span."""
    if node.span is None:
        return False
    if node.kind == "unparsed":
        return _unread_member(node)
    if node.kind in _MEMBER_KINDS or is_defined_condition(node) or _glued(node, original):
        return True
    if isinstance(node, AnyOf) or (isinstance(node, AllOf) and _commas_only(node, original)):
        return all(_member(m, original) and not isinstance(m, (AnyOf, AllOf)) or is_defined_condition(m)
                   for m in node.items)
    return False


def _glued(node: Node, original: str) -> bool:
    """Unread words and the event they touch, as :func:`_units` glues them."""
    if not isinstance(node, AllOf) or len(node.items) != 2:
        return False
    a, b = node.items
    return ({a.kind, b.kind} <= _MEMBER_KINDS and "unparsed" in {a.kind, b.kind} and a.span is not None
            and b.span is not None and bool(_TOUCHING.match(original[a.span.end:b.span.start])))


def _commas_only(node: AllOf, original: str) -> bool:
    """Whether only commas stand between the members of ``node`` (a list "A, B" the grammar read
    as all of them for want of a connective)."""
    spans = [m.span for m in node.items]
    return all(a is not None and b is not None and bool(_COMMA_GAP.match(original[a.end:b.start]))
               for a, b in zip(spans, spans[1:]))


def _flat(node: Node, original: str) -> tuple[Node, ...]:
    """The members ``node`` adds to a series: a list's own members, else itself."""
    if isinstance(node, (AnyOf, AllOf)) and not is_defined_condition(node) and not _glued(node, original):
        return node.items
    return (node,)


def _or_list(node: Node, original: str) -> bool:
    """Alternatives whose members ``or`` joins (the series' last member is "B, or <unread>")."""
    if not isinstance(node, AnyOf) or len(node.items) < 2:
        return False
    a, b = node.items[-2].span, node.items[-1].span
    return a is not None and b is not None and bool(_OR_END_GAP.match(original[a.end:b.start]))


def _names_another_cause(part: Node, unread: Node) -> bool:
    """Whether ``unread`` follows a condition with a cause: "hypersensitivity to X or to its excipients"."""
    return bool(getattr(part, "cause", ())) and part.span is not None and unread.span is not None and (
        unread.span.start >= part.span.end)


def _another_cause(condition: Node, unread: Node) -> Node:
    """The unread words after "or" name another cause of the same condition: the condition, due
    to its causes or to what the words say, ``all_of(A, any_of(A due to X, <unread>))``; a patient
    without A is not met, one whose record names X is met, any other unknown."""
    span = _joined(condition.span, unread.span)
    bare = condition.model_copy(update={"cause": ()})
    return AllOf(items=(bare, AnyOf(items=(condition, unread), span=span)), span=span)


_OR_GAP = re.compile(r"^[\s,]*(?:and\s*/\s*)?or\s+(?P<words>[a-z\s]*)$", re.IGNORECASE)
_NEAR = 60  # characters: an "or" gap is a few words, never a sentence


def _or_beside(node: Node, parts: list[Node], original: str, starts: list[tuple[int, int]],
               ends: list[tuple[int, int]]) -> int | None:
    """The part ``node`` is joined to by a bare "or" (only function words beside it: "or any of
    its"): the nearest part before it or after it (``starts``, ``ends``: (offset, index) of the
    parts, sorted); ``None`` if neither is so joined."""
    inner = node.span
    if inner is None:
        return None
    words = word_list("function_words.txt")
    k = bisect.bisect_right(ends, (inner.start, len(parts)))
    if k and _or_gap(original[ends[k - 1][0]:inner.start], words) and (
            _closes(original, inner.end, starts) or _its_window_follows(parts[ends[k - 1][1]], inner.end, original)):
        # a denied part is no alternative: "may not receive X within 90 days or during the study"
        return None if parts[ends[k - 1][1]].kind == "not" else ends[k - 1][1]
    k = bisect.bisect_left(starts, (inner.end, -1))
    if k < len(starts) and _or_gap(original[inner.end:starts[k][0]], words) and parts[starts[k][1]].kind != "not":
        return starts[k][1]
    return None


_AND_GAP = re.compile(r"^[\s)\]]*,\s*and\s+$", re.IGNORECASE)
_LIST = 3  # items of alternatives from which ", and" before the last one is the list's own


def _its_window_follows(part: Node, end: int, original: str) -> bool:
    """Whether the window of ``part`` starts right after offset ``end``: "an investigational agent
    or <unread> within 30 days" (the window closes the list of the two)."""
    return any(window is not None and window.span is not None and window.span.start >= end
               and not original[end:window.span.start].strip()
               for window in (getattr(n, "window", None) for n in part.walk()))


def _ends_the_list(inner: Span | None, alternatives: AnyOf, original: str) -> bool:
    """Whether ``inner`` is the last member of a list of alternatives, after ", and" ("such as A,
    B, C, and <unread>"): in a list read as alternatives and not yet closed by an "or" before its
    last item, the closing "and" joins one more."""
    last, before = alternatives.items[-1].span, alternatives.items[-2].span
    if inner is None or last is None or before is None or len(alternatives.items) < _LIST:
        return False
    # "A, B, or C, and <unread>": the list closed with its "or", and "and" joins a requirement of its own
    still_open = not _OR.search(original[before.end:last.start])
    return still_open and last.end <= inner.start and bool(_AND_GAP.match(original[last.end:inner.start]))


def _or_gap(gap: str, words: frozenset[str]) -> bool:
    found = len(gap) <= _NEAR and _OR_GAP.match(gap)
    return bool(found) and all(w.lower() in words for w in found.group("words").split())


_CLAUSE_END = re.compile(r"[^\S\n]*(?:\n|[,;.)]|and\b|or\b)", re.IGNORECASE)


def _closes(original: str, end: int, starts: list[tuple[int, int]]) -> bool:
    """Whether the text ending at ``end`` ends its clause: punctuation, a line end or a connective
    follows it before the next part (``starts``: (start, index) of the parts, sorted), or nothing does."""
    k = bisect.bisect_left(starts, (end, -1))
    following = starts[k][0] if k < len(starts) else None
    rest = original[end:following] if following is not None else original[end:end + _NEAR]
    rest = _after_function_words(rest)  # "or to the zorbulating agents.": "agents" says nothing more
    return bool(_CLAUSE_END.match(rest)) or (following is None and not rest.strip())


_LEADING_WORD = re.compile(r"\s*([A-Za-z]+)")


def _after_function_words(rest: str) -> str:
    """``rest`` without the function words it opens with."""
    words = word_list("function_words.txt")
    while (m := _LEADING_WORD.match(rest)) and m.group(1).lower() in words:
        rest = rest[m.end():]
    return rest


def _joined(a: Span | None, b: Span | None) -> Span | None:
    if a is None or b is None:
        return a or b
    return a.model_copy(update={"start": min(a.start, b.start), "end": max(a.end, b.end)})

_OR = re.compile(r"\bor\b|/", re.IGNORECASE)

_EXAMPLE_LEAD = re.compile(r"^[\s,(]*(?:such as|e\.?\s?g\.?|for example|for instance|including(?: but not limited to)?)"
                           r"[\s,:]*$", re.IGNORECASE)


def _names_examples_span(gap: str) -> bool:
    return bool(_EXAMPLE_LEAD.match(gap))


def _names_the_examples(inner: Span | None, alternatives: AnyOf, original: str) -> bool:
    """Whether ``inner`` is the term whose examples ``alternatives`` lists ("one or more risk
    factors, such as A, B or C"): it ends where "such as" (or "e.g.", "including") leads to them."""
    first = alternatives.items[0].span
    return (inner is not None and first is not None and inner.end <= first.start
            and _names_examples_span(original[inner.end:first.start]))


def _touched_member(inner: Span | None, alternatives: AnyOf, original: str) -> int | None:
    """The index of the member of ``alternatives`` that unread words between two consecutive members
    qualify: the one they touch, with the list's "or" on their other side ("stroke of any type or
    myocardial infarction": the first; "radiotherapy or cytotoxic chemotherapy": the second). The
    words are that member's residue, where beside the list they were a requirement of their own.
    ``None`` when an "or" (or none) lies on both sides: then the words are a member themselves."""
    spans = [item.span for item in alternatives.items]
    if inner is None or any(span is None for span in spans):
        return None
    for k, (a, b) in enumerate(zip(spans, spans[1:])):
        if not (a.end <= inner.start and inner.end <= b.start):  # type: ignore[union-attr]
            continue
        before, after = original[a.end:inner.start], original[inner.end:b.start]  # type: ignore[union-attr]
        if _OR.search(after) and not _OR.search(before) and _TOUCHING.match(before):
            return k
        if _OR.search(before) and not _OR.search(after) and _TOUCHING.match(after):
            return k + 1
    return None


_TOUCHING = re.compile(r"^[\s-]*$")  # nothing but space (or a hyphen) between the words and their member


def _between_items(inner: Span | None, alternatives: AnyOf, original: str) -> bool:
    """Whether ``inner`` lies between two consecutive items of ``alternatives``, an "or" on each
    side of it (else it qualifies the item it touches: the "non" of "non-metastatic")."""
    spans = [item.span for item in alternatives.items]
    if inner is None or any(span is None for span in spans):
        return False
    return any(
        a.end <= inner.start and inner.end <= b.start  # type: ignore[union-attr]
        and ((_OR.search(original, a.end, inner.start) and _OR.search(original, inner.end, b.start))  # type: ignore[union-attr]
             # a member of the list in its series: "fatigue, <palpitation>, or dyspnea"
             or (_SEPARATOR.match(original[a.end:inner.start]) and _SEPARATOR.match(original[inner.end:b.start])))  # type: ignore[union-attr]
        for a, b in zip(spans, spans[1:])
    )


_SEPARATOR = re.compile(r"^\s*,\s*(?:(?:and\s*/\s*)?or\s+)?$", re.IGNORECASE)  # ", " or ", or " between members
