"""Stage 5: one rule per item from its matches (``Read → Composed``).

For each lexed item, its matches are joined into the criterion's meaning (:mod:`.join`: windows
onto events, lists, examples, exceptions, permissions); text no rule read becomes ``unparsed``
beside it or a remark (:mod:`.leftovers`), or one more alternative inside a list of them
(:mod:`.alternatives`):

* matches and nothing else of substance → the match (or ``all_of`` the matches);
* matches plus text no rule read → the matches and an ``unparsed`` node for each stretch of
  leftover content;
* no match → ``unparsed`` with the whole text (a lead-in ending in ``:`` whose sub-bullets carry
  the meaning gets no rule of its own: ``None``).
"""

from __future__ import annotations

import itertools

import re
from dataclasses import dataclass

from ...resources import word_list
from ...tree.nodes import AllOf, Node, Remark, Unparsed
from ...tree.spans import Span
from ..grammar.lexer import VERDICT, Lexeme
from ..grammar.lexeme import recovery_stems
from ..grammar.read import ItemRead, Read
from ..grammar.scanner import Match
from ..scopes import quantifier_range, scope_range
from ..sections import EXCLUSION, Item
from .pregnancy_tests import read_pregnancy_tests
from .pregnancy_or_group import pregnancy_or_another_group
from .absences import absences, disease_free_exemptions
from .alternatives import denied_alternatives, states_beside_a_denied_act, typed_alternatives, unread_alternatives
from .generic_conditions import treated_generic_conditions
from .family import personal_or_family
from .authorities import authority_ranges
from .notes import note_ranges, only_notes
from .rationales import rationale_ranges
from .risks import risk_ranges
from .testing_notes import testing_note_ranges
from .ceilings import severity_ceilings
from .join import CONTRA_AFTER, CONTRAINDICATION, UNREAD_MEMBER, is_event, join, object_follows, recovery_level, status_run
from .leftovers import administrative, leftovers
from .optional import optional_members
from .populations import population_alternatives
from .leading_denials import deny_unread_lead
from .leads import lead_windows
from .complement_cases import complement_cases
from .compliance_objects import compliance_objects
from .conditional_alternatives import conditional_alternatives
from .direction_words import direction_words
from .consent_process import consent_described
from .measured import measurement_times, unsupported_values
from .residue import with_purposes, with_qualifiers, with_residue, words_in_exceptions, words_under_denials, words_under_verdicts
from .settings import therapy_settings
from .study_periods import study_periods
from .infection_definitions import infection_definitions
from .denied_verdicts import denied_verdicts

_NO_MATCH = "no rule matched"
_PEOPLE_LEXEMES = frozenset({"PERSON", "EV_SEX"})  # words that name people: "patients", "women"
# "See Disease Characteristics", "(see Section 5.2)": a pointer elsewhere, read there; short, or
# it is a sentence that only starts so
_REFERENCE = re.compile(r"^\W*see\s+(?:\S+\s*){1,5}$", re.IGNORECASE)


@dataclass(frozen=True)
class Composed:
    """Stage 5's output: what stage 4 read, and per item its rule (``None`` for a lead-in of
    sub-bullets) and the remarks beside it."""

    read: Read
    rules: list[Node | None]
    remarks: list[tuple[Remark, ...]]


def compose(read: Read) -> Composed:
    """The rule of every item."""
    parents = frozenset(item.parent for item in read.annotated.sections.items)  # a set: 10,000 bullets
    composed = [
        _item_rule(read, item, found, read.spans[i], i in parents) if found is not None
        else _unmatched_item(read.spans[i], read.original)
        for i, (item, found) in enumerate(zip(read.annotated.sections.items, read.items))
    ]
    rules, remarks = [rule for rule, _ in composed], [found for _, found in composed]
    lead_windows([item.parent for item in read.annotated.sections.items], read.lexemes, rules, remarks, read.original)
    return Composed(read=read, rules=rules, remarks=remarks)


def _unmatched_item(span: Span, original: str) -> tuple[Node | None, tuple[Remark, ...]]:
    """An item no rule matched: unread, unless it only informs (then no rule, and its words a remark)."""
    if only_notes(span.slice(original)):
        return _words_only(span, original)
    return Unparsed(text=span.slice(original), reason=_NO_MATCH, span=span), ()


def _words_only(span: Span, original: str) -> tuple[None, tuple[Remark, ...]]:
    """No rule, and the item's words a description remark."""
    return None, (Remark(text=span.slice(original), about="description", span=span),)


def _item_rule(read: Read, item: Item, found: ItemRead, span: Span, has_children: bool) -> tuple[Node | None, tuple[Remark, ...]]:
    """The rule of one item (``span``: its whole text) and the remarks beside it."""
    original, text, to_span = read.original, read.annotated.text.text, read.annotated.text.span
    if _REFERENCE.match(span.slice(original)) or only_notes(span.slice(original)):
        # "See Disease Characteristics": what it points to is read where it stands, so the bullet
        # itself asks nothing more; its words stay as a remark. So does a bullet that only informs
        # ("Should a woman become pregnant …, she should inform her treating physician")
        return _words_only(span, original)
    lexemes, matches = found.lexemes, _with_time_units(found.lexemes, _with_age_groups(found.lexemes, found.matches, to_span), to_span)
    matches = _with_trailing_statuses(lexemes, matches, to_span, text)
    authorities = authority_ranges(lexemes, matches, text) + testing_note_ranges(lexemes, text) if matches else []
    reasons = rationale_ranges(lexemes, text) + note_ranges(lexemes, text) if matches else []
    risks = risk_ranges(lexemes, text) if matches else []  # their words stay unread: a risk is no record's
    if authorities or reasons or risks:  # terms inside the name of an authority or a verdict's reason are no requirements
        matches = [m for m in matches if not any(lo <= m.lo and m.hi <= hi for lo, hi in authorities + reasons + risks)]
    read_elsewhere = [r for r in (quantifier_range(lexemes), scope_range(lexemes, text)) if r] + authorities + reasons
    read_elsewhere += _cues_read_with_events(lexemes, matches)
    admin = bool(matches) and all(administrative(m.node) for m in matches)
    asides = frozenset(k for lo, hi in authorities if _plain_name(lexemes[lo:hi]) for k in range(lo, hi))
    joined = read_pregnancy_tests(join(matches, lexemes, text, item.section, to_span, asides, original), item.section, original)
    joined = with_residue(joined, [span for m in found.matches for span in m.residue], original)
    joined, unqualified = with_qualifiers(joined, lexemes, to_span, original)
    read_elsewhere += _negations_read(lexemes, joined, to_span)
    read_elsewhere += _bounds_read(lexemes, joined, to_span)
    read_elsewhere += _recovery_words_read(lexemes, joined, to_span)
    read_elsewhere += _recovery_levels_read(lexemes, joined, to_span)
    read_elsewhere += _members_left_unread(lexemes, joined, to_span)
    read_elsewhere += _cause_words_read(lexemes, joined, to_span)
    read_elsewhere += _exception_links_read(lexemes, joined, to_span)
    read_elsewhere += _exempt_statuses_read(lexemes, joined, to_span)
    left = leftovers(lexemes, matches, to_span, original, read_elsewhere, admin)
    remarks = tuple(sorted([n for n in left if isinstance(n, Remark)] + _remarks(authorities, lexemes, to_span, original)
                           + _remarks(reasons, lexemes, to_span, original, "description"), key=lambda n: n.span.start))
    left = sorted([*left, *unqualified], key=lambda n: n.span.start)
    joined, left = words_under_denials(joined, left, original)
    verdicts: list[Remark] = []
    if item.section == EXCLUSION:
        joined, verdicts = denied_verdicts(joined, original)
    joined, left = words_under_verdicts(joined, left, _verdicts(lexemes, to_span), original)
    joined, left = words_in_exceptions(joined, left, original)
    parts = unread_alternatives(joined, [n for n in left if not isinstance(n, Remark)], original)
    parts = typed_alternatives(states_beside_a_denied_act(denied_alternatives(parts, original), original), original)
    parts = personal_or_family(disease_free_exemptions(absences(parts, original), original), original)
    parts = conditional_alternatives(parts, original)
    parts = population_alternatives(parts, lexemes, to_span, text)
    parts = with_purposes(therapy_settings(parts, original), original)
    parts, generic = treated_generic_conditions(parts, original)
    parts, described = _methods_described(parts, original)
    parts, defined = infection_definitions(parts, original)
    parts, unsupported = unsupported_values(parts, original)
    parts, measured = measurement_times(parts, original)
    parts, periods = study_periods(parts, original)
    parts, optional = optional_members(parts, original)
    parts, consenting = consent_described(parts, original, span)
    parts, complied = compliance_objects(parts, original)
    parts, restated = complement_cases(parts, original)
    parts, directions = direction_words(parts, original)
    if item.section == EXCLUSION:
        people = frozenset(to_span(lx.start, lx.end).start for lx in lexemes if lx.type in _PEOPLE_LEXEMES)
        parts = pregnancy_or_another_group(parts, original, people)
    if item.section != EXCLUSION:
        parts = severity_ceilings(parts, original)
        parts = deny_unread_lead(parts, lexemes, matches, to_span, original)
    remarks = tuple(r for r in remarks if not any(c.span.start <= r.span.start and r.span.end <= c.span.end  # type: ignore[union-attr]
                                                  for c in consenting))  # said again inside a description of consent
    remarks = tuple(sorted((*remarks, *verdicts, *generic, *described, *defined, *unsupported, *measured, *periods, *optional, *consenting, *complied, *restated, *directions), key=lambda n: n.span.start))
    if not matches:
        if has_children and _is_lead_in(lexemes):
            return None, ()
        return Unparsed(text=span.slice(original), reason=_NO_MATCH, span=span), ()
    if len(parts) == 1:
        return parts[0], remarks
    return AllOf(items=tuple(parts), span=span), remarks


# lexemes that open or join a clause: an authority's stretch holding one may have swallowed it
_CLAUSE_LEXEMES = frozenset({"AND", "OR", "COMMA", "SEMI", "NEG", "EXCEPT", "EXEMPT", "PROHIBIT", "INSTRUCT",
                             "CONTRA", "RECOVERED", "CAUSE", "THAT_IS", "EXAMPLE", "EITHER", "WHICHEVER", "WITHIN"})


def _plain_name(stretch: list[Lexeme]) -> bool:
    """Whether an authority's stretch is a name alone, parentheses closed ("according to the National
    Cancer Institute (NCI) criteria", "according to ACR criteria"): a list may run on across it. One
    holding a connective, a cue or an open parenthesis ("as determined by CTCAE (except for
    alopecia") may have swallowed a clause."""
    depth = 0
    for lx in stretch:
        if lx.type in _CLAUSE_LEXEMES:
            return False
        depth += (lx.type == "LPAR") - (lx.type == "RPAR")
        if depth < 0:
            return False
    return depth == 0


@dataclass(frozen=True)
class _Describing:
    """How words beside a method or a test describe it: the measures of it (a lexicon of names), the
    only other words a note on it may hold (a lexicon), and the bound such a note states."""

    measures: str
    note_words: str
    bound: re.Pattern[str]


_BOUND_ON_A_METHOD = re.compile(r"(?:<|≤|=<|<=|\bless than|\bbelow|\bunder|\bfewer than)\s*(?:or equal to\s*)?\d", re.I)
# a test's sensitivity is written as a floor or a ceiling alike ("at least 25 mIU/mL", "<= 25 mIU/mL"):
# either way it says which test, never what the patient must have
_ANY_BOUND = re.compile(
    r"(?:<=|>=|=<|=>|[<>≤≥]|\bat least|\bat most|\bless than|\bmore than|\bgreater than|\bbelow|\babove|"
    r"\bup to|\bminimum of|\bmaximum of)\s*(?:or equal to\s*)?\d", re.I)
#: the rules whose method or test a bound beside them may describe (``reproductive`` names)
_DESCRIBED = {
    "contraception": _Describing("method_measures.txt", "method_note_words.txt", _BOUND_ON_A_METHOD),
    "negative_pregnancy_test": _Describing("test_measures.txt", "test_note_words.txt", _ANY_BOUND),
}


def _methods_described(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """A bound on a measure of a method or a test beside its rule describes the method or the test: a
    remark, not a requirement on the patient. "Highly effective contraception (failure rate of less
    than 1% per year)" (``lexicons/method_measures.txt``); "a negative pregnancy test with a
    sensitivity of at least 25 mIU/mL" (``lexicons/test_measures.txt``)."""
    described_by = [_DESCRIBED[n.name] for p in parts for n in p.walk()  # type: ignore[attr-defined]
                    if n.kind == "reproductive" and n.name in _DESCRIBED]  # type: ignore[attr-defined]
    if not described_by:
        return parts, []
    kept, described = [], []
    for part in parts:
        if part.span is not None and any(_describes(part, how, original) for how in described_by):
            described.append(Remark(text=part.span.slice(original), about="description", span=part.span))
        elif part.kind == "unparsed" and (split := _note_closed(part, described_by, original)):
            described.append(split[0])
            kept.extend(split[1:])
        else:
            kept.append(part)
    return kept, described


def _note_closed(part: Node, described_by: list[_Describing], original: str) -> tuple[Node, ...]:
    """A note in parentheses whose closing ")" the unread words run past ("sensitivity of <= 25
    mIU/mL) at screening"): the remark on the method or test up to it, and the words after it still
    unread (empty when the words up to ")" are no such note)."""
    said = part.span.slice(original)  # type: ignore[union-attr]
    close = said.find(")")
    if close <= 0 or "(" in said[:close]:
        return ()
    head = Span(start=part.span.start, end=part.span.start + len(said[:close].rstrip()))  # type: ignore[union-attr]
    if not any(_method_note(head.slice(original), word_list(how.measures), how) for how in described_by):
        return ()
    remark = Remark(text=head.slice(original), about="description", span=head)
    rest = said[close + 1 :]
    lead = len(rest) - len(rest.lstrip(" \t\n,;.:"))
    rest = rest.strip(" \t\n,;.:")
    if not re.search(r"[A-Za-z0-9]", rest):
        return (remark,)
    start = part.span.start + close + 1 + lead  # type: ignore[union-attr]
    tail = Span(start=start, end=start + len(rest))
    reason = "number not understood" if re.search(r"\d", rest) else "text beside the typed rules"
    return remark, Unparsed(text=tail.slice(original), reason=reason, span=tail)


def _describes(part: Node, how: _Describing, original: str) -> bool:
    """Whether ``part`` is a bound on a measure of the method or test ``how`` describes."""
    names = word_list(how.measures)
    if part.kind == "measure_threshold":
        return part.analyte in names  # type: ignore[attr-defined]
    return part.kind == "unparsed" and _method_note(part.span.slice(original), names, how)  # type: ignore[union-attr]


def _method_note(said: str, names: frozenset[str], how: _Describing) -> bool:
    """Whether unread words are a note on a method's or a test's measure alone ("(i.e., less than 1%
    failure rate)", "that meets <1 percent (%) rate of failure per year", "with a sensitivity of at
    least 25 mIU/mL"): a measure of ``names``, a bound on it as ``how`` states one, and else only the
    words of its note lexicon."""
    words = re.findall(r"[a-z]+", said.lower())
    joined = " ".join(words)
    if not how.bound.search(said) or not any(re.search(rf"\b{re.escape(n)}\b", joined) for n in names):
        return False
    return all(w in word_list(how.note_words) for w in words)


# between an age group and the stated age: punctuation, "patients", and the sexes ("Adults male or
# female over 18", "adult men and women aged 18-65")
_BEFORE_AGE = frozenset({"COMMA", "PERSON", "EV_SEX", "AND", "OR", "SLASH"})


def _with_age_groups(lexemes: list[Lexeme], matches: list[Match], to_span) -> list[Match]:
    """An age group just before a stated age ("Adults 18 years of age or older", "Children aged 6 to
    12", "Adults male or female over 18") names the same ages: the age reading takes its words in
    (they ask nothing more)."""
    if not any(lx.type == "AGE_GROUP" for lx in lexemes):
        return matches
    out = []
    for m in matches:
        lo = m.lo
        while lo > 0 and lexemes[lo - 1].type in _BEFORE_AGE:
            lo -= 1
        if m.node.kind == "age" and lo > 0 and lexemes[lo - 1].type == "AGE_GROUP" and m.node.span is not None:
            group = to_span(lexemes[lo - 1].start, lexemes[lo - 1].end)
            node = m.node.model_copy(update={"span": m.node.span.model_copy(update={"start": min(group.start, m.node.span.start)})})
            m = Match(node, lo - 1, m.hi)
        out.append(m)
    return out


_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute"})


def _with_time_units(lexemes: list[Lexeme], matches: list[Match], to_span) -> list[Match]:
    """A measure in time reads the time unit written after its number ("gestational age < 23
    weeks"): the word is the bound's unit, so its reading spans it."""
    out = []
    for m in matches:
        unit = getattr(m.node, "unit", None)
        after = lexemes[m.hi] if m.hi < len(lexemes) else None
        if (m.node.kind in ("measure_threshold", "lab_threshold") and unit in _TIME_UNITS and after is not None
                and after.type in ("TIME_UNIT", "W") and after.value.lower().rstrip("s") == unit
                and m.node.span is not None and not any(o.lo <= m.hi < o.hi for o in matches)):
            end = to_span(after.start, after.end).end
            m = Match(m.node.model_copy(update={"span": m.node.span.model_copy(update={"end": max(end, m.node.span.end)})}),
                      m.lo, m.hi + 1)
        out.append(m)
    return out


_STATUS_GAP = frozenset({"that", "which", "is", "are", "was", "were", "being", "currently", "have", "has", "been",
                         "remain", "remains", "remained"})
_CLAUSE_END = frozenset({"COMMA", "SEMI", "RPAR", "COLON"})
_SENTENCE_BREAK = re.compile(r"[.;:!?]")
_STATUS_KINDS = frozenset({"condition", "prior_therapy", "medication", "procedure"})


def _with_trailing_statuses(lexemes: list[Lexeme], matches: list[Match], to_span, text: str) -> list[Match]:
    """Status words after the event they qualify, ending its clause or followed by how long they
    have held: "brain metastases that are treated and stable", "hypertension, uncontrolled",
    "chemotherapy ongoing", "brain metastases which have been stable for 4 weeks" are the event
    with those statuses, as "treated and stable brain metastases" is. Statuses joined by "or" are
    left alone (either of two is no status of the event)."""
    if not any(lx.type == "STATUS" for lx in lexemes):
        return matches
    taken = {i for m in matches for i in range(m.lo, m.hi)}
    out = []
    for m in matches:
        j = m.hi
        commas = 0
        while j < len(lexemes) and ((lexemes[j].type == "W" and lexemes[j].value.lower() in _STATUS_GAP)
                                    or (lexemes[j].type == "COMMA" and commas == 0 and j == m.hi)):
            commas += lexemes[j].type == "COMMA"
            j += 1
        statuses, last = [], None
        while j < len(lexemes) and lexemes[j].type == "STATUS" and j not in taken:
            statuses.append(lexemes[j].value)
            last = j
            if j + 2 < len(lexemes) and lexemes[j + 1].type == "AND" and lexemes[j + 2].type == "STATUS":
                j += 2
                continue
            j += 1
        # a duration may follow ("brain metastases stable for >= 3 months"): how long the state has lasted
        ends = last is not None and (last + 1 == len(lexemes) or lexemes[last + 1].type in _CLAUSE_END
                                     or _duration_follows(lexemes, last + 1))
        if ends and _SENTENCE_BREAK.search(text, lexemes[m.hi - 1].end, lexemes[last].start):
            ends = False  # "Untreated brain metastases. Asymptomatic, …": the next sentence's status
        if (statuses and ends and m.node.kind in _STATUS_KINDS and m.node.span is not None
                and not set(statuses) & set(m.node.status)):  # type: ignore[attr-defined]
            end = to_span(lexemes[last].start, lexemes[last].end).end
            node = m.node.model_copy(update={"status": (*m.node.status, *statuses),  # type: ignore[attr-defined]
                                             "span": m.node.span.model_copy(update={"end": max(end, m.node.span.end)})})
            taken.update(range(m.hi, last + 1))
            m = Match(node, m.lo, last + 1)
        out.append(m)
    return out


_DURATION_OPENERS = frozenset({"NUM", "CMP", "TIME_UNIT"})


def _duration_follows(lexemes: list[Lexeme], i: int) -> bool:
    """Whether "for" and a length of time start at ``i`` ("stable for >= 3 months", "for at least 4
    weeks"), not "for" and what the state is for ("planned for primary surgery")."""
    after = lexemes[i + 1: i + 3]
    return (lexemes[i].type == "FOR" and bool(after)
            and (after[0].type in _DURATION_OPENERS or (after[0].value.lower() == "at" and len(after) > 1)))


def _cues_read_with_events(lexemes: list[Lexeme], matches: list[Match]) -> list[tuple[int, int]]:
    """Cues compose reads with the events beside them: "recovered from" with an event after it (no
    active toxicity), "not allowed" and "is contraindicated" with one before it (the event must not hold;
    the patient has a reason not to take it)."""
    def backward(i: int, lx: Lexeme) -> bool:
        return lx.type == "PROHIBIT" or (lx.value == CONTRA_AFTER and not object_follows(lexemes, i))

    return [(i, i + 1) for i, lx in enumerate(lexemes)
            if backward(i, lx) and any(m.hi <= i and is_event(m.node) for m in matches)]


def _is_lead_in(lexemes: list[Lexeme]) -> bool:
    return bool(lexemes) and lexemes[-1].type == "COLON"


def _verdicts(lexemes: list[Lexeme], to_span) -> list[Span]:
    """The spans of the sentence-final verdicts ("… will be excluded") of one item."""
    return [to_span(lx.start, lx.end) for lx in lexemes if lx.type == "PROHIBIT" and lx.value == VERDICT]


def _remarks(ranges: list[tuple[int, int]], lexemes: list[Lexeme], to_span, original: str,
             about: str = "method") -> list[Remark]:
    """A remark for each lexeme range: by default a method one (who or what establishes the finding)."""
    spans = [to_span(lexemes[lo].start, lexemes[hi - 1].end) for lo, hi in ranges]
    return [Remark(text=span.slice(original), about=about, span=span) for span in spans]


_COMPOSED_CUES = frozenset({"NEG", "CONTRA", "INSTRUCT", "RECOVERED", "NAIVE"})
# "(at least 6 weeks for nitrosoureas)", "(or 42 days if …)": an agent's own washout
_COMPOSED_WINDOW = frozenset({"NUM", "TIME_UNIT", "FOR", "CMP", "OR_CMP", "WITHIN", "OR"})


_BOUND_WORDS = frozenset({"LAB", "CMP", "NUM", "TIMES", "ULN", "UNIT"})


def _bounds_read(lexemes: list[Lexeme], parts: list[Node], to_span) -> list[tuple[int, int]]:
    """The words of a bound compose read outside every match (a case's own bound after "unless …, in
    which case", join._case_bounds): those inside the span of a threshold of the composed rule."""
    spans = [n.span for p in parts for n in p.walk()
             if n.kind in ("lab_threshold", "measure_threshold") and n.span is not None]
    if not spans:
        return []
    out = []
    for i, lx in enumerate(lexemes):
        if lx.type in _BOUND_WORDS:
            words = to_span(lx.start, lx.end)
            if any(s.start <= words.start and words.end <= s.end for s in spans):
                out.append((i, i + 1))
    return out


def _members_left_unread(lexemes: list[Lexeme], parts: list[Node], to_span) -> list[tuple[int, int]]:
    """The words of a list member kept as an unparsed member (``join._unread_member``): they stand in
    the list already, not again beside it."""
    spans = [(n.span.start, n.span.end) for p in parts for n in p.walk()
             if n.kind == "unparsed" and n.reason == UNREAD_MEMBER and n.span is not None]  # type: ignore[attr-defined]
    if not spans:
        return []
    placed = ((i, to_span(lx.start, lx.end)) for i, lx in enumerate(lexemes))
    return [(i, i + 1) for i, at in placed if any(lo <= at.start and at.end <= hi for lo, hi in spans)]


def _recovery_words_read(lexemes: list[Lexeme], parts: list[Node], to_span) -> list[tuple[int, int]]:
    """"(Toxicities) must have resolved to grade 1": the word of recovery right before the grade a
    recovery reaches is read with it (the grammar reads "to grade 1" only after such a word)."""
    starts = {n.span.start for p in parts for n in p.walk()
              if n.kind == "not" and n.span is not None and getattr(n.item, "name", None) == "toxicity"  # type: ignore[attr-defined]
              and "active" in (getattr(n.item, "status", ()) or ())}  # type: ignore[attr-defined]
    if not starts:
        return []
    words = [(i, i + 1) for i, lx in enumerate(lexemes[:-1])
             if lx.type in ("W", "STATUS") and lx.value.lower().startswith(recovery_stems()) and lexemes[i + 1].type == "TO"
             and to_span(lexemes[i + 1].start, lexemes[i + 1].end).start in starts]
    # "… to grade 1 from the effects of prior chemotherapy": the words leading to what the toxicity came
    # from, inside the recovery's span (the join took the events after "from" into it)
    spans = [n.span for p in parts for n in p.walk() if n.kind == "not" and n.span is not None and n.span.start in starts]
    plain = word_list("function_words.txt") | _EFFECT_WORDS
    for i, lx in enumerate(lexemes):
        at = to_span(lx.start, lx.end)
        if (lx.type == "FROM" or (lx.type == "W" and lx.value.lower() in plain)) and any(
                s.start <= at.start and at.end <= s.end for s in spans):
            words.append((i, i + 1))
    return words


_EFFECT_WORDS = frozenset({"effects", "effect", "side", "toxic", "acute", "adverse"})


def _recovery_levels_read(lexemes: list[Lexeme], parts: list[Node], to_span) -> list[tuple[int, int]]:
    """"Has not recovered (i.e., <= Grade 1 or at baseline) from": the parenthesis after the cue,
    read as the grade of the toxicity still active (:func:`.join.recovery_level`)."""
    graded = [n.span for p in parts for n in p.walk() if n.kind == "condition" and getattr(n, "name", None) == "toxicity"
              and getattr(n, "grade", None) is not None and n.span is not None]
    if not graded:
        return []
    types = [lx.type for lx in lexemes]
    out = []
    for i, lx in enumerate(lexemes):
        level = recovery_level(lexemes, types, i) if lx.type == "RECOVERED" else None
        at = to_span(lx.start, lx.end) if level is not None else None
        if level is not None and any(s.start <= at.start and at.end <= s.end for s in graded):  # type: ignore[union-attr]
            out.append((i + 1, level[1] + 1))
    return out


def _recovery(node: Node) -> bool:
    """Whether ``node`` is what a recovery cue made: no active toxicity, or (a recovery denied: "not
    recovered from prior surgery") the active toxicity."""
    toxicity = node.item if node.kind == "not" else node  # type: ignore[attr-defined]
    return getattr(toxicity, "name", None) == "toxicity" and (node.kind == "not" or "active" in toxicity.status)  # type: ignore[attr-defined]


def _cause_words_read(lexemes: list[Lexeme], parts: list[Node], to_span) -> list[tuple[int, int]]:
    """"Anemia due to X", "hypersensitivity to X or its excipients": the cause cue and the words
    naming related compounds, inside the span of a condition that took them in as its cause, or of
    a recovery ("recovered from toxicity related to prior therapy": where the toxicity came from)."""
    spans = [n.span for p in parts for n in p.walk() if n.span is not None and (getattr(n, "cause", ()) or _recovery(n))]
    # a recovery's toxicity says where it came from ("toxicity related to prior therapy") in its own words
    if not spans:
        return []
    related = word_list("related_compound_words.txt") | word_list("component_lead_words.txt")  # "any inactive ingredients of"
    out = []
    for i, lx in enumerate(lexemes):
        # a status leading a condition with an agent named by its kind ("history of drug-induced …") too
        if lx.type in ("CAUSE", "STATUS") or (lx.type == "W" and lx.value.lower() in related):
            words = to_span(lx.start, lx.end)
            if any(s.start <= words.start and words.end <= s.end for s in spans):
                out.append((i, i + 1))
    return out


def _exception_links_read(lexemes: list[Lexeme], parts: list[Node], to_span) -> list[tuple[int, int]]:
    """"Bilirubin <= 1.5 x ULN unless due to Gilbert's syndrome": the words between an exception's cue
    and the case it names that only say the case causes what is bounded
    (``lexicons/exception_link_words.txt``) are read with the exception. Only a whole run of them,
    from the cue to the case, is: any other word there may change what is exempt."""
    cases = [(n.span, min(e.span.start for e in n.exceptions if e.span is not None))  # type: ignore[attr-defined]
             for p in parts for n in p.walk() if n.kind == "except" and n.span is not None
             and any(e.span is not None for e in n.exceptions)]  # type: ignore[attr-defined]
    if not cases:
        return []
    links = word_list("exception_link_words.txt")
    out: list[tuple[int, int]] = []
    for i, lx in enumerate(lexemes):
        if lx.type != "EXCEPT":
            continue
        cue = to_span(lx.start, lx.end)
        for span, first in cases:
            if not (span.start <= cue.start and cue.end <= first):
                continue
            run = list(itertools.takewhile(
                lambda k: to_span(lexemes[k].start, lexemes[k].end).end <= first and _links(lexemes[k], links),
                range(i + 1, len(lexemes))))
            after = run[-1] + 1 if run else i + 1
            if run and (after == len(lexemes) or to_span(lexemes[after].start, lexemes[after].end).start >= first):
                out += [(k, k + 1) for k in run]
    return out


def _exempt_statuses_read(lexemes: list[Lexeme], parts: list[Node], to_span) -> list[tuple[int, int]]:
    """"Brain metastases, unless treated and stable": the status words after an exception cue that
    became the exempt case's statuses (:func:`.join._status_exceptions`) are read with it."""
    cases = [e.span for p in parts for n in p.walk() if n.kind == "except"
             for e in n.exceptions if e.span is not None]  # type: ignore[attr-defined]
    out: list[tuple[int, int]] = []
    for i, lx in enumerate(lexemes):
        run = status_run(lexemes, i) if lx.type == "EXCEPT" and cases else []
        if run:
            words = to_span(lexemes[run[0]].start, lexemes[run[-1]].end)
            if any(span.start == words.start and span.end == words.end for span in cases):
                out += [(k, k + 1) for k in run]
    return out


def _links(lx: Lexeme, links: frozenset[str]) -> bool:
    return lx.type in ("CAUSE", "TO", "THAT_IS") or (lx.type in ("W", "STATUS") and lx.value.lower() in links)


def _negations_read(lexemes: list[Lexeme], parts: list[Node], to_span) -> list[tuple[int, int]]:
    """Cues outside every match that a node of the composed rule took in (compose reads a loose
    "no", "contraindication to", "must discontinue", "recovered from" with the events they govern,
    and the node spans the cue); any other is text no reading used."""
    nots = [n.span for p in parts for n in p.walk() if n.span is not None]
    if not nots:
        return []
    windows = [w.span for p in parts for n in p.walk()
               if (w := getattr(n, "window", None)) is not None and w.span is not None]
    # a contraindication cue is read only by the reason it made ("precludes" inside an exception's
    # span, governing no event, is text no reading used)
    reasons = [n.span for p in parts for n in p.walk() if n.span is not None and _contraindication(n)]
    out = []
    for i, lx in enumerate(lexemes):
        within = (reasons if lx.type == "CONTRA" else nots if lx.type in _COMPOSED_CUES
                  else windows if lx.type in _COMPOSED_WINDOW else ())
        if within:
            cue = to_span(lx.start, lx.end)
            if any(s.start <= cue.start and cue.end <= s.end for s in within):
                out.append((i, i + 1))
    return out


def _contraindication(node: Node) -> bool:
    """A reason not to take something (``contraindication_to_…``), or alternatives of such reasons."""
    if node.kind == "any_of":
        return any(_contraindication(n) for n in node.items)  # type: ignore[attr-defined]
    return node.kind == "condition" and node.name.startswith(CONTRAINDICATION)  # type: ignore[attr-defined]
