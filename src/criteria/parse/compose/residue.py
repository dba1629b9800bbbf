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

Qualifiers ("systemic" chemotherapy, "invasive" breast cancer) are read, not residue: the lexer folds
them into the term they stand before (:mod:`criteria.parse.grammar.qualifiers`) and
:func:`with_qualifiers` puts them on the event the term became, by the same search.
"""

from __future__ import annotations

import re

from ...qualifiers import qualifier_lexicon
from ...resources import word_list
from ...tree.nodes import AllOf, AnyOf, Except, Node, Not, Qualifier, Unparsed
from ...tree.spans import Span
from ..grammar.lexeme import Lexeme

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
    def holds(event: Node) -> bool:
        return _holds(event, span)

    def wrapped(event: Node) -> Node:
        return AllOf(items=(event, Unparsed(text=span.slice(original), reason=_REASON, span=span)), span=event.span)

    return _innermost(node, holds, wrapped)


def _holds(node: Node, span: Span) -> bool:
    """Whether ``node`` is a qualified event whose span holds ``span``."""
    return node.kind in _QUALIFIED and node.span is not None and node.span.start <= span.start and span.end <= node.span.end


def _innermost(node: Node, holds, change, every: bool = False) -> tuple[Node, bool]:
    """``(node, done)``: ``node`` with ``change`` made to the innermost node, depth first, for which
    ``holds`` is true (windows are not searched); ``done`` says whether one was found. With
    ``every``, to each innermost such node: the copies of one term a list of statuses made
    ("metastatic or locally advanced breast cancer") are all that term."""
    found = False
    for name, value in node:
        if isinstance(value, Node) and name != "window":
            new, done = _innermost(value, holds, change, every)
            if done:
                node, found = node.model_copy(update={name: new}), True
                if not every:
                    return node, True
        elif isinstance(value, tuple) and value and all(isinstance(v, Node) for v in value):
            items = value
            for k, child in enumerate(value):
                new, done = _innermost(child, holds, change, every)
                if done:
                    items = items[:k] + (new,) + items[k + 1:]
                    node, found = node.model_copy(update={name: items}), True
                    if not every:
                        return node, True
    if found:
        return node, True
    if holds(node):
        return change(node), True
    return node, False


def with_qualifiers(parts: list[Node], lexemes: list[Lexeme], to_span, original: str) -> tuple[list[Node], list[Unparsed]]:
    """``parts`` with the qualifiers the lexer read before each term put on the innermost event
    whose span holds the term (and that the qualifier may qualify); a qualifier no such event holds
    (the term became a subgroup, an example, or nothing) is returned as unparsed text, never lost."""
    unread: list[Unparsed] = []
    for lx in lexemes:
        if not lx.qualifiers:
            continue
        term = to_span(lx.start, lx.end)
        quals = tuple(Qualifier(axis=axis, values=values, span=to_span(lo, hi)) for axis, values, lo, hi in lx.qualifiers)
        every = _one_term_copied(parts, term)
        done = False
        for k, part in enumerate(parts):
            new, held = _qualify(part, term, quals, every)
            if held:
                parts, done = [*parts[:k], new, *parts[k + 1:]], True
                if not every:
                    break
        if not done:
            unread += [Unparsed(text=q.span.slice(original), reason=_REASON, span=q.span) for q in quals if q.span]
    return parts, unread


def _holding(span: Span | None, quals: tuple[Qualifier, ...]) -> Span | None:
    """``span`` widened to hold the qualifiers' words: a route read across a word of receipt
    ("systemic treatment with corticosteroids") stands before the words the event was read from."""
    if span is None:
        return None
    spans = [span, *(q.span for q in quals if q.span)]
    return Span(start=min(s.start for s in spans), end=max(s.end for s in spans))


def _one_term_copied(parts: list[Node], term: Span) -> bool:
    """Whether every event holding ``term`` is one term (same kind, name and site) copied per status
    ("metastatic or locally advanced breast cancer"): a qualifier of the term is then each copy's.
    Events of other sites ("ovarian, fallopian tube or primary peritoneal cancer") share no qualifier."""
    seen: set[tuple] = set()

    def holds(event: Node) -> bool:
        if _holds(event, term):
            seen.add((event.kind, getattr(event, "name", None), getattr(event, "site", None)))
        return False

    for part in parts:
        _innermost(part, holds, lambda event: event, every=True)
    return len(seen) == 1


def _qualify(node: Node, term: Span, quals: tuple[Qualifier, ...], every: bool = False) -> tuple[Node, bool]:
    """``(node, done)``: the innermost event holding ``term`` that ``quals`` may qualify, given them;
    the term may be a condition's cause ("hypersensitivity to oral capecitabine"), qualified alike."""
    def fits(kind: str) -> bool:
        return all(qualifier_lexicon().fits(kind, q.values) for q in quals)

    def holds(event: Node) -> bool:
        return _holds(event, term) and (_cause_at(event, term) is None and fits(event.kind)
                                        or (c := _cause_at(event, term)) is not None and fits(c.kind))

    def qualified(event: Node) -> Node:
        cause = _cause_at(event, term)
        if cause is None:
            return event.model_copy(update={"qualifiers": event.qualifiers + quals,  # type: ignore[attr-defined]
                                            "span": _holding(event.span, quals)})
        causes = tuple(c.model_copy(update={"qualifiers": c.qualifiers + quals}) if c is cause else c
                       for c in event.cause)  # type: ignore[attr-defined]
        return event.model_copy(update={"cause": causes})

    return _innermost(node, holds, qualified, every)


def _cause_at(event: Node, term: Span):
    """The cause of ``event`` whose span holds ``term``, if any."""
    return next((c for c in getattr(event, "cause", ()) if c.span is not None
                 and c.span.start <= term.start and term.end <= c.span.end), None)


_PURPOSE = re.compile(r"^for\s", re.IGNORECASE)


def with_purposes(parts: list[Node], original: str) -> list[Node]:
    """Text left over that says what the rule right before it was for ("no prior treatment for lung
    cancer", "radiotherapy for bone pain") narrows that rule: its residue, under its own negation,
    not a requirement beside it (beside a "no", it left every patient unknown). Only a whole part
    takes it (an event, or what a "not" denies): after a list the words are about every member."""
    for unread in [p for p in parts if isinstance(p, Unparsed) and p.span is not None and _PURPOSE.match(p.text)]:
        before = next((p for p in parts if p is not unread and p.span is not None and p.span.end <= unread.span.start
                       and not original[p.span.end:unread.span.start].strip()), None)  # type: ignore[union-attr]
        narrowed = _narrowed(before, unread) if before is not None else None
        if narrowed is not None:
            parts = [narrowed if p is before else p for p in parts if p is not unread]
    return parts


def _narrowed(part: Node, words: Unparsed) -> Node | None:
    """``part`` with ``words`` as the residue of what it asks or denies; ``None`` if it is no event."""
    span = part.span.model_copy(update={"end": words.span.end})  # type: ignore[union-attr]
    if isinstance(part, Not):
        inner = _narrowed(part.item, words)
        return None if inner is None else part.model_copy(update={"item": inner, "span": span})
    if part.kind in _QUALIFIED or (part.kind in ("any_of", "all_of") and all(n.kind in _QUALIFIED for n in part.items)):  # type: ignore[attr-defined]
        return AllOf(items=(part, words), span=span)
    return None


def words_under_denials(parts: list[Node], left: list[Node], original: str) -> tuple[list[Node], list[Node]]:
    """``(parts, left)`` with each unread stretch that stands between a denial and what it denies
    ("No known ocular or primary mucosal melanoma") put under the denial, beside the denied event:
    ``not(all_of(melanoma, "ocular or primary mucosal"))``. Left beside the denial, the words made it
    deny every melanoma, stricter than the text; under it, a patient with some melanoma is unknown
    and one with none meets the criterion. Only words written right before the event (function words
    between: "progression of brain metastases") qualify it: "not undergone surgical sterilization
    (hysterectomy or …)" names what the parenthesis lists."""
    def holds(denial: Node, span: Span) -> bool:
        item = getattr(denial, "item", None)
        return (denial.kind == "not" and denial.span is not None and item is not None and item.span is not None
                and denial.span.start <= span.start and span.end <= item.span.start
                and _only_function_words(original[span.end:item.span.start]))

    def beside(denial: Node, words: Unparsed) -> Node:
        item = denial.item  # type: ignore[attr-defined]
        if _OR_WORD.search(original[words.span.end:item.span.start]):  # type: ignore[union-attr]
            # "No nonhealing wound or gastrointestinal ulcer": the words are one more thing denied
            members = item.items if isinstance(item, AnyOf) else (item,)
            return denial.model_copy(update={"item": AnyOf(items=(words, *members), span=item.span)})
        return denial.model_copy(update={"item": AllOf(items=(item, words), span=item.span)})

    return _place_words(parts, left, holds, beside)


_OR_WORD = re.compile(r"\bor\b", re.IGNORECASE)
_SEPARATOR = re.compile(r"[,;/]|\b(?:or|and)\b", re.IGNORECASE)  # what parts list members


def _with_member_words(members: tuple[Node, ...], words: Unparsed, original: str) -> tuple[Node, ...]:
    """Alternatives with unread words among them: the words qualify the member written right after
    them ("including substance-related seizures": ``all_of(seizures, "substance-related")``), else
    they are one more alternative of their own ("sarcoma, GIST or liposarcoma")."""
    start = words.span.start  # type: ignore[union-attr]
    for k, member in enumerate(members):
        if member.span is not None and member.span.start >= words.span.end:  # type: ignore[union-attr]
            between = original[words.span.end:member.span.start]  # type: ignore[union-attr]
            if _only_function_words(between) and not _SEPARATOR.search(between):
                qualified = AllOf(items=(member, words), span=member.span)
                return (*members[:k], qualified, *members[k + 1:])
            break
    return tuple(sorted((*members, words), key=lambda n: n.span.start if n.span is not None else start))


def words_under_verdicts(parts: list[Node], left: list[Node], verdicts: list[Span],
                         original: str) -> tuple[list[Node], list[Node]]:
    """``(parts, left)`` with each unread stretch of a description a verdict denies ("Applicants with
    a history of seizures (including substance-related seizures) will be excluded", under an inclusion
    heading) put under the denial, beside what was read: ``not(all_of(epilepsy, "substance-related"))``.
    The denial spans its sentence to the verdict (``verdicts``: the verdicts' spans), so a stretch
    inside it, before the verdict, is part of what the verdict denies. Beside the denial the words
    had left every verdict unknown and the denial stricter than the text; under it a patient with
    none of what was read meets the criterion and one with it is unknown."""
    ends = {v.end: v for v in verdicts}

    def holds(denial: Node, span: Span) -> bool:
        verdict = ends.get(denial.span.end) if denial.kind == "not" and denial.span is not None else None
        return verdict is not None and denial.span.start <= span.start and span.end <= verdict.start  # type: ignore[union-attr]

    def among(node: Node, words: Unparsed) -> bool:
        return isinstance(node, AnyOf) and node.span is not None and node.span.start < words.span.start < node.span.end  # type: ignore[union-attr]

    def under(denial: Node, words: Unparsed) -> Node:
        item = denial.item  # type: ignore[attr-defined]
        items = item.items if isinstance(item, AllOf) else (item,)
        for k, alternatives in enumerate(items):
            if among(alternatives, words):
                members = _with_member_words(alternatives.items, words, original)  # type: ignore[attr-defined]
                items = (*items[:k], alternatives.model_copy(update={"items": members}), *items[k + 1:])
                break
        else:
            items = (*items, words)
        return denial.model_copy(update={"item": items[0] if len(items) == 1 else AllOf(items=items, span=item.span)})

    if not verdicts or not left:
        return parts, left
    return _place_words(parts, left, holds, under)


def words_in_exceptions(parts: list[Node], left: list[Node], original: str) -> tuple[list[Node], list[Node]]:
    """``(parts, left)`` with each unread stretch written among an exception's cases ("(hepatitis B
    is acceptable if <words no rule read>)") put into the case it follows in the same clause:
    ``all_of(case, words)``. Beside the whole criterion the words left every verdict unknown; in the
    case they leave only the exemption unknown, and a patient outside the case is judged by the
    item. Words after a clause ends (";", a full stop, a new line) may be a requirement of their
    own and stay where they were."""
    def holds(candidate: Node, span: Span) -> bool:
        if not (isinstance(candidate, Except) and candidate.span is not None
                and candidate.exceptions[0].span is not None
                and candidate.exceptions[0].span.start <= span.start and span.end <= candidate.span.end):
            return False
        if _among_members(candidate.item, span):
            return False  # "a sleep disorder other than OSA (i.e., <words>, narcolepsy)": among the item's examples
        case = _case_before(candidate.exceptions, span)
        return case.span is not None and not _CLAUSE_END.search(original[case.span.start:span.end])

    def into(exempting: Node, words: Unparsed) -> Node:
        cases = exempting.exceptions  # type: ignore[attr-defined]
        case = _case_before(cases, words.span)  # type: ignore[arg-type]
        k = cases.index(case)
        items = case.items if isinstance(case, AllOf) else (case,)
        widened = AllOf(items=(*items, words), span=case.span)
        return exempting.model_copy(update={"exceptions": cases[:k] + (widened,) + cases[k + 1:]})

    if not left or not any(n.kind == "except" for p in parts for n in p.walk()):
        return parts, left  # no exception to put words in: no walk per stretch
    return _place_words(parts, left, holds, into)


def _among_members(item: Node, span: Span) -> bool:
    """Whether ``span`` stands between two members of ``item``'s alternatives (a member before it
    and one after it), so that the words are one of them, not the exception's."""
    members = [n.span for n in (item.items if isinstance(item, AnyOf) else ()) if n.span is not None]  # type: ignore[attr-defined]
    return any(m.end <= span.start for m in members) and any(m.start >= span.end for m in members)


def _place_words(parts: list[Node], left: list[Node], holds, place) -> tuple[list[Node], list[Node]]:
    """``(parts, left)`` with each unread stretch of ``left`` put by ``place(node, words)`` into the
    innermost node of ``parts`` for which ``holds(node, words.span)`` is true; the stretches no node
    takes stay in ``left``."""
    kept: list[Node] = []
    for words in left:
        if isinstance(words, Unparsed) and words.span is not None:
            span = words.span
            for k, part in enumerate(parts):
                new, done = _innermost(part, lambda node, span=span: holds(node, span),
                                       lambda node, words=words: place(node, words))
                if done:
                    parts = [*parts[:k], new, *parts[k + 1:]]
                    break
            else:
                kept.append(words)
            continue
        kept.append(words)
    return parts, kept


_CLAUSE_END = re.compile(r"[;\n]|\.\s")


def _case_before(cases: tuple[Node, ...], span: Span) -> Node:
    """The last of an exception's cases that starts before ``span``."""
    return [case for case in cases if case.span is None or case.span.start <= span.start][-1]


def _only_function_words(between: str) -> bool:
    """Whether ``between`` holds nothing but spaces, function words ("of", "the") and the parenthesis
    that closes an abbreviation ("gastrointestinal (GI) disorder")."""
    words = word_list("function_words.txt")
    return all(w.lower() in words for w in between.replace(")", " ").split())
