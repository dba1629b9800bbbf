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
(:mod:`criteria.exemptions`); items are then nested under their parents, scopes stated in
the text ("In patients with prostate cancer, …") recorded (:mod:`criteria.scopes`), and
cohorts collected with the condition that defines membership.
"""

from __future__ import annotations

from functools import cache

import numpy
from spacy.attrs import IS_ALPHA
from spacy.tokens import Doc

from .compose import compose
from .exemptions import Layout, attach_exemptions, split_exemptions
from .grammar.lexer import Lexeme, lex, mark_terminals
from .grammar.scanner import Match, may_match, scan
from .nlp.annotate import Annotated
from .nodes import AllOf, Cohort, Criteria, Criterion, Node, Notice, Unparsed
from .resources import cue_lexicon, word_list
from .scopes import in_text_scope, quantifier_range, scope_range, subcriteria_logic
from .sections import EXCLUSION, Item
from .spans import MappedText, Span

_NOT_COUNTED = frozenset({"COMMA", "SEMI", "COLON", "LPAR", "RPAR"})  # punctuation, for _bare_allowed
_BARE_MAX = 8  # terminals in the longest criterion read as a bare age ("18 to 65 years")
_NO_MATCH = "no rule matched"
_CONTENT_TYPES = frozenset({
    "W", "NUM", "CMP", "CMP_POST", "LAB", "UNIT", "DOSE_UNIT", "GRADE", "GRADE_N", "TIME_UNIT",
    "RECOVERED", "PROHIBIT",
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
    rules = [
        _item_rule(annotated, i, item, lexemes[i], original, spans[i], i in parents) if lexemes[i]
        else Unparsed(text=spans[i].slice(original), reason=_NO_MATCH, span=spans[i])
        for i, item in enumerate(items)
    ]
    rules, layout = attach_exemptions(items, rules, lexemes, text)
    scopes = [item.scope or in_text_scope(text, *annotated.ranges[i]) for i, item in enumerate(items)]
    logic = [subcriteria_logic(lx, text) for lx in lexemes]
    criteria = _nest(items, rules, spans, original, layout, scopes, logic)
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
) -> Node | None:
    """The rule of item ``index`` (``span``: its whole text); ``None`` for a lead-in of sub-bullets."""
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
    leftovers = _leftovers(lexemes, matches, to_span, original, read_elsewhere)
    parts = compose(matches, lexemes, text, item.section) + leftovers
    if not matches:
        if has_children and _is_lead_in(lexemes):
            return None
        return Unparsed(text=span.slice(original), reason=_NO_MATCH, span=span)
    if len(parts) == 1:
        return parts[0]
    return AllOf(items=tuple(parts), span=span)


def _cues_read_with_events(lexemes: list[Lexeme], matches: list[Match]) -> list[tuple[int, int]]:
    """Cues compose reads with the events beside them: "recovered from" with an event after it (no
    active toxicity), "not allowed" with one before it (the event must not hold)."""
    return [(i, i + 1) for i, lx in enumerate(lexemes)
            if (lx.type == "RECOVERED" and any(m.lo > i for m in matches))
            or (lx.type == "PROHIBIT" and any(m.hi <= i for m in matches))]


def _worth_reading(annotated: Annotated, parents: frozenset[int | None]) -> list[bool]:
    """Per item: could any rule read it, or could it be a lead-in? The others are unparsed unlexed.

    Decided from what is already at hand, with no work per token: the terminals of the
    item's cues (:func:`~criteria.grammar.scanner.may_match`), its heading, and whether a
    word (an alphabetic token, which always lexes as ``W``) stands outside its cues, since
    a bare age is read only from a criterion without words (see :func:`_bare_allowed`).
    """
    terminal = _cue_terminals()
    alpha = _prefix_counts(annotated.doc, IS_ALPHA)
    worth = []
    for index, item in enumerate(annotated.sections.items):
        cues = annotated.cues[index]
        start, end = annotated.tokens[index]
        marked = frozenset(terminal[k] for _, _, k in cues) | mark_terminals(annotated.doc, start, end)
        has_events = bool(annotated.events and annotated.events[index])  # event terms trigger families
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
               extra: list[tuple[int, int]] = ()) -> list[Node]:  # type: ignore[assignment]
    """Unparsed nodes for each stretch of substantive text outside every match (and ``extra``)."""
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
        numeric = any(lx.type in _NUMERIC_TYPES for lx in content)
        reason = "number not understood" if numeric else "text beside the typed rules"
        out.append(Unparsed(text=span.slice(original), reason=reason, span=span))
    return out


# --- nesting and cohorts -------------------------------------------------------------------


def _nest(
    items: list[Item], rules: list[Node | None], spans: list[Span], original: str, layout: Layout, scopes: list,
    logic: list[tuple[str, int | None]],
) -> list[Criterion]:
    children: dict[int | None, list[int]] = {}
    for i in range(len(items)):
        children.setdefault(layout.parents[i], []).append(i)
    counters = {"inclusion": 0, "exclusion": 0}

    def make(i: int, ident: str) -> Criterion:
        item = items[i]
        subs = tuple(make(c, f"{ident}.{n}") for n, c in enumerate(children.get(i, []), start=1))
        return Criterion(
            id=ident,
            section=item.section,  # type: ignore[arg-type]
            text=spans[i].slice(original),
            rule=rules[i],
            subcriteria=subs,
            scope=scopes[i],
            role=layout.roles[i],
            subcriteria_logic=logic[i][0] if subs else "all_of",
            at_least=logic[i][1] if subs else None,
            heading=item.heading,
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
