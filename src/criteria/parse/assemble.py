"""Stage 5: assemble the typed tree from the annotated items.

An item that no rule could read (decided from its cues and words, without lexing: most
items) is ``unparsed`` at once. For each other item: lex its tokens, scan for rule
matches, and decide its rule:

* matches and nothing else of substance → the match (or ``all_of`` the matches);
* matches plus text no rule read → the matches and an ``unparsed`` node for each
  stretch of leftover content (numbers, or words that are not function words);
* no match → ``unparsed`` with the whole text (a lead-in ending in ``:`` whose
  sub-bullets carry the meaning gets no rule of its own).

Exemptions written as bullets of their own are carved out of their exclusion
(:mod:`criteria.parse.exemptions`); items are then nested under their parents, scopes stated in
the text ("In patients with prostate cancer, …") recorded (:mod:`criteria.parse.scopes`), and
cohorts collected with the condition that defines membership.
"""

from __future__ import annotations

import re
from functools import cache

import numpy
from spacy.attrs import IS_ALPHA
from spacy.tokens import Doc

from .compose.join import compose
from .exemptions import Layout, attach_exemptions, split_exemptions
from .grammar.lexer import Lexeme, lex, mark_terminals
from .grammar.scanner import Match, may_match, scan
from .nlp.annotate import Annotated
from .nlp.heads import HEADS_KEY
from ..tree.nodes import AllOf, AnyOf, Cohort, Criteria, Criterion, Node, Notice, Remark, Unparsed
from ..resources import cue_lexicon, word_list
from .scopes import in_text_scope, quantifier_range, scope_range, subcriteria_logic
from .sections import EXCLUSION, Item
from ..tree.spans import MappedText, Span

_NOT_COUNTED = frozenset({"COMMA", "SEMI", "COLON", "LPAR", "RPAR"})  # punctuation, for _bare_allowed
_BARE_MAX = 8  # terminals in the longest criterion read as a bare age ("18 to 65 years")
_NO_MATCH = "no rule matched"
_CONTENT_TYPES = frozenset({
    "W", "NUM", "CMP", "CMP_POST", "LAB", "UNIT", "DOSE_UNIT", "GRADE", "GRADE_N", "TIME_UNIT",
    "RECOVERED", "PROHIBIT", "INSTRUCT", "CONTRA",
})
_NUMERIC_TYPES = frozenset({"NUM", "CMP", "CMP_POST", "GRADE_N"})
# Cues the exemption, scope and lead-in steps read even where no rule family fires (issue 4)
_STRUCTURE_CUES = frozenset({"EXEMPT", "EXCEPT", "FOLLOWING"})
_NOTICES = {
    "no_section_headers": "No 'Inclusion Criteria' / 'Exclusion Criteria' header was found: "
    "every criterion was read as an inclusion criterion.",
}


def build(annotated: Annotated, original: str) -> Criteria:
    """The :class:`Criteria` tree for one annotated text."""
    worth = _worth_reading(annotated, frozenset(item.parent for item in annotated.sections.items))
    lexemes = [_lex(annotated, i) if worth[i] else [] for i in range(len(worth))]
    annotated, lexemes = split_exemptions(annotated, lexemes)
    items = annotated.sections.items
    text = annotated.text.text
    spans = [annotated.text.span(*annotated.ranges[i]) for i in range(len(items))]
    parents = frozenset(item.parent for item in items)  # a set, not a scan per item: 10,000 bullets
    read = [
        _item_rule(annotated, i, item, lexemes[i], original, spans[i], i in parents) if lexemes[i]
        else (Unparsed(text=spans[i].slice(original), reason=_NO_MATCH, span=spans[i]), ())
        for i, item in enumerate(items)
    ]
    rules = [rule for rule, _ in read]
    remarks = [found for _, found in read]
    rules, layout = attach_exemptions(items, rules, lexemes, text)
    scopes = [item.scope or in_text_scope(text, *annotated.ranges[i]) for i, item in enumerate(items)]
    logic = [subcriteria_logic(lx, text) for lx in lexemes]
    criteria = _nest(items, rules, spans, original, layout, scopes, logic, remarks)
    return Criteria(
        text=original,
        inclusion=tuple(c for c in criteria if c.section != EXCLUSION),
        exclusion=tuple(c for c in criteria if c.section == EXCLUSION),
        cohorts=_cohorts(annotated, spans, original, rules),
        notices=tuple(Notice(code=code, message=_NOTICES[code]) for code in annotated.sections.notices),
        span=Span(start=0, end=len(original)),
    )


# --- one item ------------------------------------------------------------------------------


def _lex(annotated: Annotated, index: int) -> list[Lexeme]:
    start, end = annotated.tokens[index]
    events = annotated.events[index] if annotated.events else []
    return lex(annotated.doc, start, end, annotated.cues[index], events=events)


def _item_rule(
    annotated: Annotated, index: int, item: Item, lexemes: list[Lexeme], original: str, span: Span,
    has_children: bool,
) -> tuple[Node | None, tuple[Remark, ...]]:
    """The rule of item ``index`` (``span``: its whole text; ``None`` for a lead-in of sub-bullets)
    and the remarks beside it."""
    to_span = annotated.text.span
    text = annotated.text.text
    if item.defines_cohort:  # "Cohort 1 (label): definition": the rule reads the definition
        start, end = annotated.ranges[index]
        colon = text.find(":", start, end)  # by character: spaCy may keep "):" as one token
        lexemes = [lx for lx in lexemes if lx.start > colon] if colon >= 0 else lexemes
    whole = frozenset({"age_bare"}) if _bare_allowed(item, lexemes) else frozenset()
    matches = scan(lexemes, to_span, original, whole_families=whole, text=text) if lexemes else []
    read_elsewhere = [r for r in (quantifier_range(lexemes), scope_range(lexemes, text)) if r]
    read_elsewhere += _cues_read_with_events(lexemes, matches)
    administrative = bool(matches) and all(_administrative(m.node) for m in matches)
    leftovers = _leftovers(lexemes, matches, to_span, original, read_elsewhere, administrative)
    remarks = tuple(n for n in leftovers if isinstance(n, Remark))
    parts = _unread_alternatives(compose(matches, lexemes, text, item.section),
                                 [n for n in leftovers if not isinstance(n, Remark)], original)
    if not matches:
        if has_children and _is_lead_in(lexemes):
            return None, ()
        return Unparsed(text=span.slice(original), reason=_NO_MATCH, span=span), ()
    if len(parts) == 1:
        return parts[0], remarks
    return AllOf(items=tuple(parts), span=span), remarks


# Who a criterion is about, then what is asked of them: "Female patients must use contraception",
# "Recipients of a transplant must be at least 21 days after infusion", "Women of childbearing
# potential: a negative pregnancy test". Layout words, not clinical knowledge: a pattern.
_MODAL = re.compile(
    r"\b(?:must|should|shall|needs? to|(?:is|are) required to|ha(?:s|ve) to|will (?:need|have) to)\b|:",
    re.IGNORECASE,
)
_POPULATION_KINDS = frozenset({"sex", "reproductive", "condition", "prior_therapy", "procedure", "any_of"})


def split_population(rule: Node | None, original: str) -> tuple[Node | None, Node | None]:
    """``(population, rule)``: the leading part of an ``all_of`` that names who the criterion is
    about, when a modal ("must", "should", ":") follows it before the next part; else ``(None, rule)``.
    For anyone outside that population the criterion is not applicable, where the ``all_of``
    would have demanded membership ("Female patients must…" is no requirement to be female)."""
    if not isinstance(rule, AllOf) or len(rule.items) < 2:
        return None, rule
    first, second = rule.items[0], rule.items[1]
    if first.kind not in _POPULATION_KINDS or first.span is None or second.span is None:
        return None, rule
    if first.kind == "any_of" and any(n.kind not in _POPULATION_KINDS for n in first.items):  # type: ignore[attr-defined]
        return None, rule
    if not _MODAL.search(original, first.span.end, second.span.start):
        return None, rule
    rest = rule.items[1:]
    return first, rest[0] if len(rest) == 1 else AllOf(items=rest, span=rule.span)


def _unread_alternatives(parts: list[Node], leftovers: list[Node], original: str) -> list[Node]:
    """Text left over inside a list of alternatives is one more alternative, not a requirement
    beside the list: "A or <unread> or B" is ``any_of(A, <unread>, B)``."""
    if not leftovers or not any(isinstance(p, AnyOf) for p in parts):
        return parts + leftovers
    out = list(parts)
    rest = []
    for node in leftovers:
        owner = next((i for i, p in enumerate(out) if isinstance(p, AnyOf) and (
            _between_items(node.span, p, original) or _names_the_examples(node.span, p, original))), None)
        if owner is None:
            rest.append(node)
            continue
        items = sorted((*out[owner].items, node), key=lambda n: n.span.start if n.span else 0)
        out[owner] = out[owner].model_copy(update={"items": tuple(items)})
    return out + rest


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


def _between_items(inner: Span | None, alternatives: AnyOf, original: str) -> bool:
    """Whether ``inner`` lies between two consecutive items of ``alternatives``, an "or" on each
    side of it (else it qualifies the item it touches: the "non" of "non-metastatic")."""
    spans = [item.span for item in alternatives.items]
    if inner is None or any(span is None for span in spans):
        return False
    return any(
        a.end <= inner.start and inner.end <= b.start  # type: ignore[union-attr]
        and _OR.search(original, a.end, inner.start) and _OR.search(original, inner.end, b.start)  # type: ignore[union-attr]
        for a, b in zip(spans, spans[1:])
    )


def _cues_read_with_events(lexemes: list[Lexeme], matches: list[Match]) -> list[tuple[int, int]]:
    """Cues compose reads with the events beside them: "recovered from" with an event after it (no
    active toxicity), "not allowed" with one before it (the event must not hold)."""
    return [(i, i + 1) for i, lx in enumerate(lexemes)
            if (lx.type in ("RECOVERED", "INSTRUCT", "CONTRA") and any(m.lo > i for m in matches))
            or (lx.type == "PROHIBIT" and any(m.hi <= i for m in matches))]


def _worth_reading(annotated: Annotated, parents: frozenset[int | None]) -> list[bool]:
    """Per item: could any rule read it, or could it be a lead-in? The others are unparsed unlexed.

    Decided from what is already at hand, with no work per token: the terminals of the
    item's cues (:func:`~criteria.parse.grammar.scanner.may_match`), its heading, and whether a
    word (an alphabetic token, which always lexes as ``W``) stands outside its cues, since
    a bare age is read only from a criterion without words (see :func:`_bare_allowed`).
    """
    terminal = _cue_terminals()
    alpha = _prefix_counts(annotated.doc, IS_ALPHA)
    heads = _marked_counts(annotated.doc, HEADS_KEY)
    worth = []
    for index, item in enumerate(annotated.sections.items):
        cues = annotated.cues[index]
        start, end = annotated.tokens[index]
        marked = frozenset(terminal[k] for _, _, k in cues) | mark_terminals(annotated.doc, start, end)
        has_events = bool(annotated.events and annotated.events[index])  # event terms trigger families
        has_events = has_events or heads[end] > heads[start]  # so do condition heads ("cardiogenic shock")
        if index in parents or has_events or marked & _STRUCTURE_CUES or may_match(marked):
            worth.append(True)
        elif item.heading:
            worth.append(_heading_names_age(item.heading))
        else:
            in_cues = sum(alpha[min(stop, end)] - alpha[first] for first, stop, _ in cues)
            worth.append(alpha[end] - alpha[start] - in_cues == 0)
    return worth


@cache
def _cue_terminals() -> tuple[str, ...]:
    """The terminal of each cue entry, by index: made once, not per text (the lexicon has ~1,000 rows)."""
    return tuple(entry.terminal for entry in cue_lexicon())


def _prefix_counts(doc: Doc, attr: int) -> list[int]:
    """``counts[i]``: how many of the first ``i`` tokens of ``doc`` have the boolean ``attr``."""
    counts = [0]
    if len(doc):
        counts += numpy.cumsum(doc.to_array(attr)).tolist()
    return counts


def _marked_counts(doc: Doc, key: str) -> list[int]:
    """``counts[i]``: how many of the first ``i`` tokens a component marked in ``doc.user_data[key]``."""
    marked = numpy.zeros(len(doc), dtype=numpy.int64)
    marked[doc.user_data.get(key) or []] = 1
    return [0] + numpy.cumsum(marked).tolist()


def _heading_names_age(heading: str) -> bool:
    return "age" in heading.lower().replace(":", " ").split()


def _bare_allowed(item: Item, lexemes: list[Lexeme]) -> bool:
    """Bare numbers ("over 18", "<75 years") read as an age only where nothing else can be meant.

    Under a heading, only if the heading names age ("Age:" in PDQ-style text; "More than
    12 weeks" under "Life expectancy:" is not an age). Without a heading, only for a whole
    short criterion of numbers, comparators and years (no other words, no other time unit).
    """
    if item.heading:
        return _heading_names_age(item.heading)
    # one pass that stops at the first word or the ninth terminal: most criteria open with a word
    count, units = 0, set()
    for lx in lexemes:
        if lx.type in _NOT_COUNTED:
            continue
        count += 1
        if lx.type == "W" or count > _BARE_MAX:
            return False
        if lx.type == "TIME_UNIT":
            units.add(lx.value)
    return count > 0 and units <= {"year"}


def _is_lead_in(lexemes: list[Lexeme]) -> bool:
    return bool(lexemes) and lexemes[-1].type == "COLON"


def _leftovers(lexemes: list[Lexeme], matches: list[Match], to_span, original: str,
               extra: list[tuple[int, int]] = (), administrative: bool = False) -> list[Node]:  # type: ignore[assignment]
    """Unparsed nodes for each stretch of substantive text outside every match (and ``extra``);
    a :class:`Remark` for a stretch that only says how the rule is established (see
    :func:`_remark_about`), or, beside consent and compliance alone, what they involve."""
    if not matches:
        return []
    covered = [False] * len(lexemes)
    for lo, hi in [(m.lo, m.hi) for m in matches] + list(extra):
        for i in range(lo, hi):
            covered[i] = True
    function_words = word_list("function_words.txt")
    runs: list[tuple[int, int]] = []
    run_start = None
    for i, lx in enumerate(lexemes + [None]):  # type: ignore[operator]
        if lx is not None and not covered[i]:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None:
            runs.append((run_start, i))
            run_start = None
    out: list[Node] = []
    for lo, hi in runs:
        content = [
            lx for lx in lexemes[lo:hi]
            if lx.type in _CONTENT_TYPES and not (lx.type == "W" and lx.value.lower() in function_words)
        ]
        if not content:
            continue
        span = to_span(content[0].start, content[-1].end)
        negated = any(lx.type == "NEG" for lx in lexemes[lo:hi])  # "likely to not be available": never a remark
        about = None if negated else _remark_about(content, administrative)
        if about:
            out.append(Remark(text=span.slice(original), about=about, span=span))
            continue
        numeric = any(lx.type in _NUMERIC_TYPES for lx in content)
        reason = "number not understood" if numeric else "text beside the typed rules"
        out.append(Unparsed(text=span.slice(original), reason=reason, span=span))
    return out


_ADMINISTRATIVE = frozenset({"consent", "compliance", "investigator_judgement"})


def _administrative(node: Node) -> bool:
    """Consent, compliance or the investigator's judgement (or its negation)."""
    return node.kind in _ADMINISTRATIVE or (node.kind == "not" and node.item.kind in _ADMINISTRATIVE)  # type: ignore[attr-defined]


def _remark_about(content: list[Lexeme], administrative: bool) -> str | None:
    """``'method'`` if the words only say how or when the rule is established (remark_words.txt),
    ``'description'`` if they stand beside consent or compliance alone; else ``None`` (unparsed)."""
    words = remark_words()
    instrument = any(lx.type == "W" and words.get(lx.value.lower()) for lx in content)
    numbers_ok = instrument or not any(lx.type in _NUMERIC_TYPES for lx in content)
    if numbers_ok and all(lx.type in ("W", "NUM") for lx in content) and all(
        lx.type == "NUM" or lx.value.lower() in words for lx in content
    ):
        return "method"
    if administrative and not any(lx.type in _NUMERIC_TYPES for lx in content):
        return "description"
    return None


@cache
def remark_words() -> dict[str, bool]:
    """remark_words.txt as ``{word: is an instrument name a number may stand beside}``."""
    return {w.rstrip("*"): w.endswith("*") for w in word_list("remark_words.txt")}


# --- nesting and cohorts -------------------------------------------------------------------


def _nest(
    items: list[Item], rules: list[Node | None], spans: list[Span], original: str, layout: Layout, scopes: list,
    logic: list[tuple[str, int | None]], remarks: list[tuple[Remark, ...]],
) -> list[Criterion]:
    children: dict[int | None, list[int]] = {}
    for i in range(len(items)):
        children.setdefault(layout.parents[i], []).append(i)
    counters = {"inclusion": 0, "exclusion": 0}

    def make(i: int, ident: str) -> Criterion:
        item = items[i]
        subs = tuple(make(c, f"{ident}.{n}") for n, c in enumerate(children.get(i, []), start=1))
        population, rule = split_population(rules[i], original)
        return Criterion(
            id=ident,
            section=item.section,  # type: ignore[arg-type]
            text=spans[i].slice(original),
            rule=rule,
            population=population,
            subcriteria=subs,
            scope=scopes[i],
            role=layout.roles[i],
            subcriteria_logic=logic[i][0] if subs else "all_of",
            at_least=logic[i][1] if subs else None,
            heading=item.heading,
            remarks=remarks[i],
            span=spans[i],
        )

    top = []
    for i in children.get(None, []):
        section = items[i].section
        counters[section] += 1
        top.append(make(i, f"{section[0].upper()}{counters[section]}"))
    return top


def _cohort_definition(text: MappedText, item: Item, span: Span, original: str) -> str | None:
    """The text after a cohort item's colon, as written in the original.

    The colon is found in the normalized text and mapped back: the original may write it
    full-width ("Arm A：…", common in trials registered in Chinese), which ``normalize`` folds.
    """
    start, end = item.pieces[0]
    colon = text.text.find(":", start, end)
    if colon < 0:
        return None
    after = text.origin_end(colon + 1)
    return original[max(after, span.start) : span.end].strip() or None


def _cohorts(annotated: Annotated, spans: list[Span], original: str, rules: list) -> tuple[Cohort, ...]:
    """Cohorts named by scope headings ("Cohort 1:") or defined by items ("Cohort 1 (…): …")."""
    sections = annotated.sections
    found: dict[str, Cohort] = {}
    for heading in sections.headings:
        if heading.scope and heading.scope not in found:
            found[heading.scope] = Cohort(name=heading.scope, span=sections.text.span(heading.start, heading.end))
    for i, item in enumerate(sections.items):
        if item.defines_cohort and item.scope:
            found[item.scope] = Cohort(
                name=item.scope,
                label=item.cohort_label,
                definition=_cohort_definition(sections.text, item, spans[i], original),
                condition=rules[i] if not isinstance(rules[i], Unparsed) else None,
                span=spans[i],
            )
    return tuple(found.values())
