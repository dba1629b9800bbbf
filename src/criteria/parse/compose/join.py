"""Join the typed matches of one criterion: windows onto events, lists, examples, exceptions.

The grammar reads tight phrases; real criteria put words, parentheses and examples between
the parts of one meaning ("Myocardial infarction and/or symptomatic congestive heart failure
(New York Heart Association > class II) within 12 months prior to first dose"). This step
works on the few matches of one criterion, never on its tokens, in passes that each stay
within a sentence (a '.' or ';' between terminals ends one):

0. a term naming the drug of an anchor ("the last dose of tarlatamab") is not an event;
1. examples: events after "such as" / "e.g." / "including" (up to the closing parenthesis
   or the end of the sentence) are alternatives beside the term before them (``any_of`` the
   term and each example: a record naming an example matches); the events after
   "recovered from" (to the end of the sentence) say where a toxicity came from, not what
   the patient must have had: together they become ``not`` an active toxicity;
2. lists: a window between two listed events belongs to the one before it ("MI within 6
   months or history of arrhythmia"); events separated only by "or", "and", commas or
   slashes become ``any_of`` (if an "or" is among or right after the separators: "A, B, or
   planning C") or ``all_of``; a "no" before the first member denies them all ("No wound,
   ulcer, or fracture": ``not any_of``); after "either", an "or" joins the next event across
   words;
3. windows: a time window hangs on the nearest event before it that has none (on every
   member of a list such as "A and/or B"; a washout, "at least 4 weeks since prior
   chemotherapy", as ``not`` the event within that time), never reaching into a parenthesis
   closed before it, or, with no event before it or after a comma and "or", on the next event; a window
   with no event stays a ``time_window`` of its own;
4. exceptions: "except", "unless", "other than", "with the exception of" … carve what
   follows (to the closing parenthesis or the end of the sentence) out of what precedes
   (in the same sentence, or the criterion) as an ``except`` node (events alone may be several
   cases; with a bound among them they are one); a later sentence holding an exemption cue
   ("Patients receiving adjuvant hormonal therapy may be eligible") or opening with a subgroup
   is an exception to the sentences before it, one exempt case per sentence. After an
   exemption cue only events belong to the case: a bound there ("… are allowed baseline
   oxygen saturation > 90%") is a requirement for everyone. A threshold whose subgroup has a
   bound of its own was read whole by the threshold family (an ``alternative``);
5. permissions: a sentence whose events end in "allowed" ("Prior radiotherapy allowed"), or a
   first sentence ending in "is permitted", "are eligible" …, asks nothing of the patient:
   ``permitted``; in an inclusion, events ending in "not allowed", "is prohibited" … must not
   hold (``not``);
6. "at least 2 of the following: A, B, C" written in one criterion becomes ``at_least``
   (on a lead-in with sub-bullets the criterion's ``subcriteria_logic`` says it instead);
7. in an exclusion, sentences are exclusions each on its own ("Major surgical procedures
   within 28 days … . Treatment with live virus … within 14 days …": either excludes), so
   the parts of two or more sentences become ``any_of`` (one ``all_of`` per sentence); an
   inclusion's sentences are requirements that all hold.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, partial
from itertools import takewhile
from typing import Callable

from ..grammar.lexer import NAIVE, REFUSED_INSTRUCTION, VERDICT, Lexeme, parse_number
from ..grammar.study_product import ALLERGY
from ..grammar.lexeme import CONTRA_AFTER, OPEN_CONCEPT
from ..grammar.scanner import Match
from ..grammar.threshold import implied_measure, implied_size
from ...labs import lab_lexicon
from ...tree.nodes import (
    EVENT_CLASSES, AllOf, AnyOf, AtLeast, Cause, Compliance, Condition, Except, Grade, Node, Not, Permitted, Sex, TimeWindow,
    Unparsed,
)
from ...resources import event_ancestors, generic_causes, is_contraindication, is_generic_condition, population_states, word_list
from ...units import UnitError, compatible, convert
from .leftovers import remark_words
from .textual import REQUIREMENT
from ..scopes import (
    closes_a_leading_case, ends_a_trailing_case, names_a_leading_case, names_a_trailing_case, opens_with_case,
    opens_with_subgroup, opens_with_subgroup_subject, subcriteria_logic,
)
from .durations import leads_its_event
from .cases import disjoint_cases
from .parentheses import denies, fold_parentheses
from .populations import clause_joins
from ...tree.spans import Span

_LIST_SEPARATORS = frozenset({"OR", "AND", "COMMA", "SLASH"})
#: what makes conditions joined by a slash both at once: "HIV/HBV co-infected", "HR positive/HER2 negative"
_BOTH_SLASHED = re.compile(r"\bco-?infect|\b(?:positive|negative|\+|-)\s*/", re.IGNORECASE)
_CO_REACH = 20  # characters after the list where "co-infected" may follow
_BARE_PERMISSION = "allowed"  # cue value of the bare words "allowed", "permitted" (cues.jsonl)
#: words right after an exemption cue that make what follows the case's own condition: "patients with
#: pacemakers are eligible if HR >= 50 bpm" (the bound is the case's, not everyone's)
_CASE_IF = frozenset({"if", "provided", "when"})


@dataclass(slots=True)
class _Part:
    node: Node
    lo: int
    hi: int
    washout: bool = False  # a window read from "at least 4 weeks since prior X" (see _hang)
    contra_example: bool = False  # an example of a contraindication ("contraindications to X including asthma")


def join(matches: list[Match], lexemes: list[Lexeme], text: str, section: str = "inclusion",
         to_span: Callable[[int, int], Span] | None = None, asides: frozenset[int] = frozenset(),
         original: str = "") -> list[Node]:
    """The rule parts of one criterion of ``section``, from its matches in text order (see module doc).

    ``to_span`` maps offsets of ``text`` to a span of the original; given, a node made from a cue and
    the events it governs ("contraindication to heparin") spans the cue's words too. ``asides``
    are lexemes read as a remark (the name of an authority, "according to WHO criteria"): a list
    runs on across them ("gout according to ACR criteria, or HIV")."""
    if not matches:
        return []
    types = [lx.type for lx in lexemes]
    if len(matches) == 1 and not {"EXCEPT", "RECOVERED", "EXEMPT", "PROHIBIT", "INSTRUCT", "CONTRA", NAIVE, "CAUSE"} & set(types) and not (
        "NEG" in types[: matches[0].lo]
    ):
        only = [_Part(matches[0].node, matches[0].lo, matches[0].hi)]
        if section == "exclusion":
            only = _shared_bounds_any(only, lexemes)
        return _obstacles([only[0].node], section)
    ends = _sentence_ends(lexemes, text)
    parts = [_Part(m.node, m.lo, m.hi, _is_washout(m.node, lexemes[m.lo : m.hi])) for m in matches]
    parts = _both_sexes(parts, lexemes, ends, text)
    parts = _definitions(parts, lexemes)
    parts = _restated(parts, lexemes)
    parts = _graded_conditions(parts)
    parts = _naive_after(parts, lexemes, to_span)
    parts = _loose_negations(parts, lexemes, ends, to_span, text)
    parts = _drop_anchor_drugs(parts, lexemes)
    parts = _described_drugs(parts, lexemes)
    parts = _drop_examples(parts, types, ends, lexemes, text)
    parts = _causes(parts, lexemes, ends, to_span)  # before recoveries: "toxicity related to prior therapy" is one toxicity
    parts = _recoveries(parts, lexemes, ends, to_span, text, section)
    parts = _instructions(parts, lexemes, ends, to_span)
    parts = _contraindications(parts, lexemes, ends, to_span)
    parts = _inner_windows(parts, types, ends, lexemes)
    parts = _restated_populations(parts, lexemes, ends)
    parts = _relative_denials(parts, lexemes, ends)
    parts = _required_treatments(parts, lexemes, ends, text)
    parts = fold_parentheses(parts, lexemes, ends, is_event, lambda inside: _lists(inside, lexemes, ends, text, section))
    unread = partial(_unread_member, lexemes, text, to_span, original) if to_span is not None and original else None
    parts = _lists(parts, lexemes, ends, text, section, asides, unread)
    parts = _attach_windows(parts, types, ends, lexemes, text)
    parts = _agent_washouts(parts, lexemes, to_span)
    parts = _alternatives(parts, lexemes, ends, section)
    parts = _definitions(parts, lexemes)  # "hypertension (SBP > 160 mmHg, DBP > 100 mmHg)": now one series
    parts = _at_least(parts, lexemes, text)
    parts = _permissions(parts, lexemes, ends, to_span)
    parts = _allowed_asides(parts, lexemes, ends, to_span)
    if section != "exclusion":  # in an exclusion "X not allowed" excludes X: the event as it is
        parts = _prohibitions(parts, types, ends, lexemes, to_span)
    parts = _case_bounds(parts, lexemes, ends, to_span)
    parts = disjoint_cases(parts, lexemes, ends)
    parts = _status_exceptions(parts, lexemes, text, ends, to_span)
    parts = _exceptions(parts, types, ends)
    bare = frozenset(i for i, lx in enumerate(lexemes)
                     if lx.type == "EXEMPT" and lx.value == _BARE_PERMISSION)
    parts, read = _case_bound_sentences(parts, lexemes, text, ends)
    if section == "inclusion":
        parts = _trailing_case_bounds(parts, lexemes, text, ends)
        parts = _trailing_bare_cases(parts, lexemes, text, ends, to_span)
    conditional = frozenset(i for i, lx in enumerate(lexemes[:-1]) if lx.type == "EXEMPT"
                            and lexemes[i + 1].type == "W" and lexemes[i + 1].value.lower() in _CASE_IF)
    parts = _exempt_sentences(parts, types, ends, _subgroup_sentences(lexemes, text, ends) - read, bare, conditional)
    if section == "exclusion":
        parts = _either_sentence(parts, ends, lexemes)
        parts = _shared_bounds_any(parts, lexemes)
    return _obstacles([p.node for p in parts], section)


_THRESHOLDS = frozenset({"lab_threshold", "measure_threshold"})


def _shared_bounds_any(parts: list[_Part], lexemes: list[Lexeme]) -> list[_Part]:
    """In an exclusion, measures listed by commas or slashes under one bound ("AST, ALT > 3 x ULN",
    "potassium, magnesium, phosphorus outside normal limits") exclude for any one of them, as a
    comma list of conditions does: the bound is read once per measure, and a patient with one
    measure out of range is excluded. An "and" ("AST and ALT > 3 x ULN") asks for both, as written."""
    out = []
    for part in parts:
        node = part.node
        if (node.kind == "all_of" and len(node.items) > 1  # type: ignore[attr-defined]
                and all(_one_bound(item) for item in node.items)  # type: ignore[attr-defined]
                and len({_one_bound(item) for item in node.items}) == 1  # type: ignore[attr-defined]
                and not any(lx.type == "AND" for lx in lexemes[part.lo:part.hi])
                and any(lx.type in ("COMMA", "SLASH") for lx in lexemes[part.lo:part.hi])):
            part = _Part(AnyOf(items=node.items, span=node.span), part.lo, part.hi, part.washout)  # type: ignore[attr-defined]
        out.append(part)
    return out


def _one_bound(node: Node) -> tuple | None:
    """The bound a threshold (or a pair of bounds outside a range) states, for comparing members;
    ``None`` for anything else."""
    if node.kind in _THRESHOLDS:
        return (node.op, node.value, getattr(node, "value_high", None), node.unit)  # type: ignore[attr-defined]
    if node.kind == "any_of" and all(item.kind in _THRESHOLDS for item in node.items):  # type: ignore[attr-defined]
        return tuple(sorted((i.op, i.value, i.unit) for i in node.items))  # type: ignore[attr-defined]
    return None


_STATEMENTS = frozenset({"consent", "compliance"})


def _obstacles(nodes: list[Node], section: str) -> list[Node]:
    """A rule made only of consent and compliance says each once. In an exclusion list they are
    named only as obstacles ("Geographical inaccessibility for follow-up visits", "Unlikely to
    comply", "Difficulty complying with study visits", "Refusal to sign the consent form"): nobody
    is excluded for consenting or complying, whatever word says the obstacle, so each concept is
    the patient not consenting or not complying, and either obstacle excludes (``any_of``). One
    node per concept, spanning the words of every node that named it ("willing to comply with
    study visits" names compliance twice)."""
    if not nodes or (section != "exclusion" and len(nodes) == 1):
        return nodes
    concepts: dict[tuple[str, str], list[Node]] = {}
    for node in nodes:
        inner = node.item if node.kind == "not" else node  # type: ignore[attr-defined]
        if inner.kind not in _STATEMENTS:
            return nodes
        concepts.setdefault((inner.kind, inner.name), []).append(node)  # type: ignore[attr-defined]
    out: list[Node] = []
    for named in concepts.values():
        if section != "exclusion" and len({n.kind for n in named}) > 1:
            return nodes  # "willing to consent, unable to comply" or the like: as read
        inner = next(n.item if n.kind == "not" else n for n in named)  # type: ignore[attr-defined]
        spans = [n.span for n in named if n.span is not None]
        span = Span(start=min(s.start for s in spans), end=max(s.end for s in spans)) if spans else None
        negated = section == "exclusion" or named[0].kind == "not"
        out.append(Not(item=inner, span=span) if negated else inner.model_copy(update={"span": span}))
    if section == "exclusion" and len(out) > 1:  # each obstacle excludes: "unable to consent or to comply"
        spans = [n.span for n in out if n.span is not None]
        return [AnyOf(items=tuple(out), span=Span(start=min(s.start for s in spans), end=max(s.end for s in spans)) if spans else None)]
    return out


# --- helpers ---------------------------------------------------------------------------------


_BETWEEN_SEXES = frozenset({"reproductive", "not"})  # "male and non-pregnant female"


def _both_sexes(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], text: str) -> list[_Part]:
    """"Male and female patients", "men or non-pregnant women": both sexes may take part, so the two
    are one sex "all" (read as two requirements, they demanded a patient of both sexes). What stands
    between them ("non-pregnant") stays a requirement of its own: a man is not pregnant."""
    sexes = [q for q in parts if q.node.kind == "sex" and q.node.sex in ("male", "female")]  # type: ignore[attr-defined]
    for a, b in zip(sexes, sexes[1:]):
        between = [q for q in parts if a.hi <= q.lo and q.hi <= b.lo]
        if (a.node.sex == b.node.sex or sentence[a.lo] != sentence[b.lo]  # type: ignore[attr-defined]
                or not any(lx.type in ("AND", "OR", "SLASH") for lx in lexemes[a.hi:b.lo])
                # "men, or women who are postmenopausal": two clauses, each its own (populations.py)
                or any(a.hi <= i < b.lo for i in clause_joins(lexemes, text))
                or any(q.node.kind not in _BETWEEN_SEXES for q in between)):
            continue
        span = _join(a.node, b.node)
        both = _Part(Sex(sex="all", span=span), a.lo, a.hi)
        return [both if q is a else q for q in parts if q is not b]
    return parts


_BOUNDARY = re.compile(r"[.;]")


def _sentence_ends(lexemes: list[Lexeme], text: str) -> list[int]:
    """Sentence number of each lexeme: a '.' between two terminals (not one inside a terminal,
    as in "e.g." or "1.5") or a ';' starts a new sentence. Boundaries are found by a regex
    over the criterion's text and each lexeme placed by bisection: no loop over characters."""
    starts = [lx.start for lx in lexemes]
    bounds = []
    for m in _BOUNDARY.finditer(text, lexemes[0].start, lexemes[-1].end):
        k = bisect_right(starts, m.start()) - 1
        if k < 0 or m.start() >= lexemes[k].end or lexemes[k].type == "SEMI":
            bounds.append(m.start())
    if not bounds:
        return [0] * len(lexemes)
    return [bisect_right(bounds, start) for start in starts]


_EVENT_KINDS = frozenset(
    cls.model_fields["kind"].default for cls in EVENT_CLASSES if "window" in cls.model_fields
)


def is_event(node: Node) -> bool:
    """An event (or a negated one, or a list of them, or a condition with the measure defining it):
    what windows and lists apply to."""
    kind = node.kind
    if kind == "not":
        return is_event(node.item)  # type: ignore[attr-defined]
    if kind in ("any_of", "all_of"):
        # a member no rule read stands in a list of events as one more (``_unread_member``)
        return (all(is_event(n) or _unread(n) for n in node.items) and any(is_event(n) for n in node.items)  # type: ignore[attr-defined]
                or is_defined_condition(node) or _about_a_sex(node))
    return kind in _EVENT_KINDS


def _about_a_sex(node: Node) -> bool:
    """An event said of one sex, as :func:`_restated_populations` joins them ("women planning a
    pregnancy"): one member of the list it stands in."""
    items = getattr(node, "items", ())
    return (node.kind == "all_of" and len(items) == 2 and [n.kind == "sex" for n in items].count(True) == 1
            and any(n.kind != "sex" and is_event(n) for n in items))


def is_defined_condition(node: Node) -> bool:
    """A condition with the measure that defines it, as :func:`_definitions` joins them:
    "obesity (BMI > 30)" is ``any_of(obesity, BMI > 30)``, "fever > 38.5 °C" ``all_of(fever,
    temperature > 38.5 °C)``; either is one member of any list it stands in."""
    items = getattr(node, "items", ())
    return (node.kind in ("any_of", "all_of") and len(items) >= 2 and items[0].kind == "condition"
            and all(_measured(n) for n in items[1:]))


def _closing(types: list[str], p: int, sentence: list[int]) -> int:
    """End of the stretch a cue at ``p`` governs: its closing parenthesis, else its sentence."""
    depth = types[:p].count("LPAR") - types[:p].count("RPAR")
    for i in range(p + 1, len(types)):
        if depth > 0 and types[i] == "RPAR":
            return i
        if sentence[i] != sentence[p]:
            return i
    return len(types)


_NEG_GAP = frozenset({"W", "COMMA", "TO", "FOR", "ANCHOR", "DASH", "SLASH", "LPAR", "EXAMPLE"})  # what may stand between (the "to" of "unable … to")
_NEG_REACH = 5  # content words a negation cue reaches over to its event (NegEx's window is five tokens)


_BOUNDS = frozenset({"lab_threshold", "measure_threshold"})


def _loose_negations(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], to_span=None,
                     text: str = "") -> list[_Part]:
    """A negation cue the grammar did not read with an event ("unable, in the study physician's
    opinion, to comply with …") negates the next event of its clause, a few plain words on; or
    the bound right after it ("No pre-existing QTc >= 450 ms": the value is not so)."""
    covered = {i for q in parts for i in range(q.lo, q.hi)}
    for p in (i for i, lx in enumerate(lexemes) if lx.type in ("NEG", NAIVE) and i not in covered):
        if p + 1 < len(lexemes) and lexemes[p + 1].value.lower() == "otherwise":
            continue  # "not otherwise specified (NOS)": a name, no denial
        end, joined = p + 1, frozenset()  # after the first event, only events joined by and/or
        # a "no" reaches over qualifiers joined by "or"; a naïveté does not ("naïve to X or uses metformin")
        relaxed = lexemes[p].type == "NEG"
        # "toxicities not considered a safety risk (e.g., alopecia)": right after an event the
        # denial is that event's clause, and the examples are the event's, not what it denies
        qualifies_an_event = any(q.hi == p for q in parts)
        reached: list[_Part] = []
        for after in (q for q in parts if q.lo > p):
            gap = lexemes[end : after.lo]
            if not reached and after.node.kind in _BOUNDS and sentence[after.lo] == sentence[p] and _plain_lead(gap):
                reached.append(after)  # "No pre-existing QTc >= 450 ms": the value is not so
                break
            if (sentence[after.lo] != sentence[p] or after.node.kind == "not" or not is_event(after.node)
                    or not (_within_reach(gap, joined, relaxed) or not reached and not qualifies_an_event
                            and _term_then_examples(gap))
                    or _reasons_of_an_inability(lexemes[p], gap, text)):
                break
            # after a cue of examples ("any medication that affects renal function (e.g., vancomycin,
            # amphotericin)") the denial goes on over the examples' commas: none of them, not the first
            examples = not reached and any(lx.type == "EXAMPLE" for lx in gap)
            reached.append(after)
            end, joined = after.hi, (_EXAMPLES_JOINED if examples or joined == _EXAMPLES_JOINED else _JOINED)
        if lexemes[p].type == NAIVE:  # "naïve to X": never given X, ever
            for q in reached:
                q.node = _ever_given(q.node)
        if len(reached) == 1:
            only = reached[0]
            only.node = Not(item=only.node, span=_with_cue(only.node.span, lexemes[p], to_span))
        elif reached:  # "will not meet criteria for X or Y": neither, not(any_of), never "not X, or not Y"
            named: list[Node] = []
            for q in reached:  # "to complete all visits or procedures": one statement named twice
                if q.node not in named:
                    named.append(q.node)
            span = _join(reached[0].node, reached[-1].node)
            either = named[0] if len(named) == 1 else AnyOf(items=tuple(named), span=span)
            whole = _Part(Not(item=either, span=_with_cue(span, lexemes[p], to_span)), reached[0].lo, reached[-1].hi)
            parts = sorted([q for q in parts if q not in reached] + [whole], key=lambda q: q.lo)
    return parts


def _term_then_examples(gap: list[Lexeme]) -> bool:
    """Whether ``gap`` is a general term no rule read, then the cue of its examples ("any medicine
    that may markedly change kidney clearance (e.g.,"): a denial before the term reaches its
    examples however many words the term takes, as the examples are what it denies."""
    cue = next((k for k, lx in enumerate(gap) if lx.type == "EXAMPLE"), None)
    if cue is None or not all(lx.type in ("COMMA", "COLON") for lx in gap[cue + 1:]):
        return False
    term = gap[:cue - 1] if cue and gap[cue - 1].type == "LPAR" else gap[:cue]
    subordinators = word_list("subordinators.txt")
    words = [lx for lx in term if lx.type == "W"]
    return (bool(words) and len(words) <= _TERM_WORDS and all(lx.type in _TERM_LEXEMES for lx in term)
            and not any(lx.value.lower() in subordinators for lx in words))


_TERM_WORDS = 12  # words of a general term a denial reaches over to its examples
_TERM_LEXEMES = frozenset({"W", "STATUS", "EV_SITE", "LAB", "FOR", "TO", "PRIOR", "DASH", "SLASH"})
_JOINED = frozenset({"OR", "AND"})  # what joins the events a denial reaches, after the first
_EXAMPLES_JOINED = _JOINED | {"COMMA"}  # and, among examples, commas

#: Words that may stand between a denial and the bound it denies ("No evidence of prolonged QTc").
_BOUND_LEAD_WORDS = frozenset({"evidence", "prolonged", "prolongation", "elevated", "abnormal", "signs", "sign"})


def _plain_lead(gap: list[Lexeme]) -> bool:
    """Whether only statuses, function words and words that lead a finding stand between a negation
    and a bound ("No pre-existing QTc", "No evidence of QTc prolongation"); a verb ("if not able to
    perform PFTs, SaO2 > 94%") or another noun ("no change in QTcF > 30 ms") denies something else."""
    function_words = word_list("function_words.txt")
    return all(lx.type == "STATUS" or (lx.type == "W" and (lx.value.lower() in function_words
                                                           or lx.value.lower() in _BOUND_LEAD_WORDS))
               for lx in gap)


_FIRST_GAP = frozenset({"OR", "EV_SITE", "STATUS", "LAB", "RPAR"})  # "No known ocular or primary mucosal melanoma"


def _codes_as_words(gap: list[Lexeme]) -> list[Lexeme]:
    """``gap`` with each code written with a hyphen ("PS-341", "AMG-510": a word, a dash and a number
    glued together) as one plain word."""
    out: list[Lexeme] = []
    for lx in gap:
        if (lx.type == "NUM" and len(out) >= 2 and out[-1].type == "DASH" and out[-1].start == out[-2].end
                and lx.start == out[-1].end):
            dash, word = out.pop(), out.pop()
            out.append(Lexeme("W", word.value + dash.value + lx.value, word.start, lx.end))
            continue
        out.append(lx)
    return out


def _parentheses_closed(gap: list[Lexeme]) -> bool:
    """Whether every parenthesis ``gap`` closes it also opened: one opened before the "no" and
    closed on the way to the event puts the "no" and the event in different clauses."""
    return sum(lx.type == "RPAR" for lx in gap) <= sum(lx.type == "LPAR" for lx in gap)


def _reasons_of_an_inability(negation: Lexeme, gap: list[Lexeme], text: str) -> bool:
    """Whether examples after an inability's unread words name why ("Inability to undergo MRI (e.g.
    pacemaker)", "Inability to measure QT interval, e.g. atrial fibrillation"): they are its causes, not
    what it denies. After "no" the examples are what is denied ("no significant illness (e.g., diabetes)")."""
    if not any(lx.type == "EXAMPLE" and _names_examples(text, lx) for lx in gap):
        return False  # "(ie, ≤ Grade 1 toxicity)" says what is meant, no reason
    first = re.match(r"[a-z]+", text[negation.start:negation.end].lower())
    return first is not None and first.group() in word_list("negative_concept_words.txt")


def _within_reach(gap: list[Lexeme], needed: frozenset[str], relaxed: bool = False) -> bool:
    """Whether a negation reaches over ``gap``: plain words, a few of them, holding ``needed``. Before
    the first event a ``relaxed`` one (a "no") reaches over qualifiers joined by "or" ("No known ocular
    or primary mucosal melanoma"): left there, the "no" was lost and the melanoma required."""
    function_words = word_list("function_words.txt")
    if gap and gap[0].type == "PRIOR":  # the verb of the denied event: "has not undergone surgical sterilization (…)"
        gap = gap[1:]
    first = relaxed and not needed
    if first:  # before the first event a code ("PS-341") or an abbreviation ("(GI)") is a word too
        if not _parentheses_closed(gap):
            return False
        gap = _codes_as_words(gap)
    if any(lx.type == "W" and lx.value.lower() in word_list("subordinators.txt") for lx in gap):
        return False  # "Inability to maintain fluid intake while taking topiramate": the drug is no denial's
    types = {lx.type for lx in gap}
    allowed = _NEG_GAP | needed | (_FIRST_GAP if first else frozenset())
    if not types <= allowed or (needed and types and not types & needed):  # adjacent: one phrase
        return False
    content = [lx for lx in _outside_parentheses(gap) if lx.type == "W" and lx.value.lower() not in function_words]
    # over the wider gap, only a few qualifiers: "no clinically significant ECG findings Provision of
    # evaluable tumor samples" (a flattened list) is two items, not one denied sample
    return len(content) <= (_RELAXED_REACH if types - _NEG_GAP - needed else _NEG_REACH)


_RELAXED_REACH = 3  # content words a "no" reaches over when "or", sites or parentheses stand among them


def _outside_parentheses(gap: list[Lexeme]) -> list[Lexeme]:
    """The lexemes of ``gap`` outside parentheses ("gastrointestinal (GI)": the abbreviation is no word more)."""
    depth, out = 0, []
    for lx in gap:
        depth += (lx.type == "LPAR") - (lx.type == "RPAR")
        if depth <= 0 and lx.type not in ("LPAR", "RPAR"):
            out.append(lx)
    return out


def _drop_examples(parts: list[_Part], types: list[str], sentence: list[int],
                   lexemes: list[Lexeme] | None = None, text: str = "") -> list[_Part]:
    """Examples of a typed term ("arterial thrombosis (e.g., stroke or transient ischemic attack)")
    are alternatives beside it: ``any_of`` the term and each example, so a record naming an example
    matches (dropped, they left a patient with a recorded stroke "not met"); examples of another
    kind ("vaccines (e.g., X for an infection)") are an aside and dropped; examples of a term no rule
    read ("one or more risk factors, such as diabetes,
    smoking or obesity") are the alternatives that term names: ``any_of`` them, whatever the list's
    last connective (the term itself joins as one more alternative in the build step)."""
    for p, kind in enumerate(types):
        if kind != "EXAMPLE":
            continue
        outer = _closing(types, p, sentence)
        stop = _examples_end(types, lexemes, p, outer) if lexemes is not None else outer
        examples = [q for q in parts if p < q.lo < stop and _listed_event(q.node)]
        terms = _terms_before_examples(parts, lexemes, types, sentence, p, examples)
        if terms and examples:  # "arterial thrombosis (e.g., stroke or TIA)": the term or any example
            term = terms[-1]
            named = [m for q in examples
                     for m in (q.node.items if q.node.kind == "any_of" and not is_defined_condition(q.node) else (q.node,))]
            if not named or not all(_same_kind(term.node, _defined_term(m)) for m in named):  # "vaccines (e.g., X for an
                if _contraindicated(term, types, sentence) and all(m.kind == "condition" for m in named):
                    # "contraindications to propranolol, including asthma": examples of the contraindication
                    flagged = [_Part(q.node, q.lo, q.hi, q.washout, True) for q in examples]
                    parts = sorted([q for q in parts if q not in examples] + flagged, key=lambda q: q.lo)
                    continue
                parts = [q for q in parts if q not in examples]               # infection)": an aside
                continue
            # its examples take the term's statuses of time and certainty ("active infection (e.g., …)"),
            # not "symptomatic" and the like: "symptoms of OSA, including snoring" names symptoms
            shared = tuple(s for s in _statuses(term.node) if s in _LIST_STATUSES)
            members = [term.node] + _share_lead_statuses([term.node] + named, shared)[1:]
            span = _join(term.node, examples[-1].node)
            closed = outer < len(types) and types[outer] == "RPAR"  # the part ends after its parenthesis
            node: Node = AnyOf(items=tuple(members), span=span)
            carved = [q for q in parts if term.hi <= q.lo and q.hi <= p and _in_exception_aside(q, types, p)]
            # "psychiatric conditions other than major depression, such as bipolar disorder": what the
            # exception between the term and its examples names is carved out of both
            carved += [q for q in parts if term.hi <= q.lo and q.hi <= p and q not in carved and is_event(q.node)
                       and "EXCEPT" in types[term.hi:q.lo]]
            if carved and any(term.hi <= q.lo and q.hi <= p and q not in carved for q in parts):
                continue  # "cancer within 5 years (except …), including …": the window is read later, on the term
            # "(including open biopsy and excluding central line catheters)": spared in the examples' own
            # parenthesis, so the part still ends after it and a window there is the whole list's
            spared = [q for q in parts if stop < q.lo < outer and is_event(q.node)] if closed else []
            if carved or spared:  # "liver disease (other than fatty liver), including hepatitis B": still carved out
                node = Except(item=node, exceptions=tuple(q.node for q in carved + spared),
                              span=_join(node, spared[-1].node) if spared else span)
            either = _Part(node, term.lo, outer + 1 if closed else examples[-1].hi, contra_example=term.contra_example)
            parts = sorted([q for q in parts if q is not term and q not in examples and q not in carved
                            and q not in spared] + [either], key=lambda q: q.lo)
        elif len(examples) > 1 and lexemes is not None and _names_examples(text, lexemes[p]):
            span = _join(examples[0].node, examples[-1].node)
            alternatives = _Part(AnyOf(items=tuple(q.node for q in examples), span=span), examples[0].lo,
                                 examples[-1].hi)
            parts = sorted([q for q in parts if q not in examples] + [alternatives], key=lambda q: q.lo)
    return parts


def _terms_before_examples(parts: list[_Part], lexemes: list[Lexeme] | None, types: list[str], sentence: list[int],
                           p: int, examples: list[_Part]) -> list[_Part]:
    """The events before the cue of examples at ``p`` the examples may be of (the last one is).
    After an exception that names what it spares ("joint disease other than RA (e.g., gout)") the
    examples are of what comes before it, the rule's own; after one that describes the cases it
    spares ("except those with negligible risk, such as basal cell carcinoma":
    ``lexicons/exempt_description_words.txt``) they are of the exempt cases (of a term named in
    the description: "except for subjects on anticoagulants (e.g., edoxaban)"); so are
    examples that are all kinds of what the exception names ("excluding hematological malignancies
    like leukemias"), the exception's own term then. An
    exception closed in a parenthesis before the cue ("liver disease (other than steatosis),
    including hepatitis") is an aside, read where the examples are built."""
    terms = [q for q in parts if q.hi <= p and sentence[q.lo] == sentence[p] and _listed_event(q.node)
             and not _in_exception_aside(q, types, p)]
    cut = next((i for i in range(p - 1, -1, -1) if types[i] == "EXCEPT" and sentence[i] == sentence[p]
                and not _closed_before(types, i, p)), None)
    if cut is None or lexemes is None:
        return terms
    described = cut + 1 < p and (types[cut + 1] == "PERSON" or (
        types[cut + 1] == "W" and lexemes[cut + 1].value.lower() in word_list("exempt_description_words.txt")))
    spared = [q for q in terms if q.lo > cut]
    if described:  # "except for subjects on anticoagulants (e.g., edoxaban)": the described cases' term, if named
        return spared
    if spared and examples and all(_a_kind_of_condition(m.node, spared[-1].node) for m in examples):
        return terms  # "malignancy (excluding hematological malignancies like leukemias)": the exception's examples
    return [q for q in terms if q.hi <= cut]


def _a_kind_of_condition(node: Node, of: Node) -> bool:
    """Whether condition ``node`` is a kind of condition ``of`` in the event lexicon (leukemia of
    hematologic malignancy); alternatives of such conditions are too."""
    if node.kind == "any_of":
        return all(_a_kind_of_condition(n, of) for n in node.items)  # type: ignore[attr-defined]
    if node.kind != "condition" or of.kind != "condition":
        return False
    return any(c.name == of.name for c in event_ancestors("condition", node.name))  # type: ignore[attr-defined]


def _closed_before(types: list[str], i: int, p: int) -> bool:
    """Whether the exception cue at ``i`` opens a parenthesis closed before ``p``."""
    if i == 0 or types[i - 1] != "LPAR":
        return False
    close = _unmatched(types, i - 1, forward=True)
    return close is not None and close < p


def _listed_event(node: Node) -> bool:
    """An event a term's examples may name or be of: not one with cases carved out of it already
    ("illness other than epilepsy, such as liver disease": the examples are of the illness)."""
    return is_event(node) and node.kind != "except"


def _examples_end(types: list[str], lexemes: list[Lexeme], p: int, stop: int) -> int:
    """Where the examples after the cue at ``p`` end, its stretch ending at ``stop``: at an exception
    on the way ("malignancy, including leukemia and lymphoma (but not basal cell carcinoma)"), which
    carves a case out of the term and its examples, not one example more; read as one, the skin
    cancer the text exempts had become a cancer that excludes."""
    cut = next((i for i in range(p + 1, stop) if types[i] == "EXCEPT" and not _unlimited(lexemes, i)), None)
    if cut is None:
        return stop
    return cut - 1 if types[cut - 1] == "LPAR" else cut


_NOT_LIMITED = frozenset({"limited", "be", "restricted", "specific", "exclusively", "only"})


def _unlimited(lexemes: list[Lexeme], i: int) -> bool:
    """Whether the "but not" at ``i`` says the examples are not all ("including but not limited to",
    "such as, but not restricted to"): part of the cue, no exception."""
    after = lexemes[i + 1] if i + 1 < len(lexemes) else None
    return after is not None and after.type == "W" and after.value.lower() in _NOT_LIMITED


def _in_exception_aside(part: _Part, types: list[str], p: int) -> bool:
    """Whether ``part`` stands in a parenthesis that opens with an exception and closes before ``p``
    ("liver disease (other than fatty liver), including hepatitis B"): what is carved out of the term
    before it, not the term the examples at ``p`` are of."""
    opened = _unmatched(types, part.lo, forward=False)
    if opened is None or types[opened + 1] != "EXCEPT":
        return False
    closed = _unmatched(types, opened, forward=True)
    return closed is not None and closed < p


_THERAPIES = frozenset({"prior_therapy", "medication"})


def _contraindicated(term: _Part, types: list[str], sentence: list[int]) -> bool:
    """Whether a contraindication cue stands before ``term`` in its sentence ("contraindications to X")."""
    return any(types[i] == "CONTRA" and sentence[i] == sentence[term.lo] for i in range(max(0, term.lo - 3), term.lo))


def _defined_term(node: Node) -> Node:
    """The condition a definition defines (see :func:`is_defined_condition`), else the node."""
    return node.items[0] if is_defined_condition(node) else node  # type: ignore[attr-defined]


def _same_kind(term: Node, example: Node) -> bool:
    """Whether ``example`` can be an instance of ``term``: both conditions, or both treatments; any
    condition or procedure is an instance of a contraindication to a procedure ("contraindications
    to MRI such as pacemakers or claustrophobia")."""
    while term.kind in ("any_of", "all_of") and len({n.kind for n in term.items}) == 1:  # type: ignore[attr-defined]
        term = term.items[0]  # type: ignore[attr-defined]  # "history of or current joint disease (e.g., gout)"
    kinds = {term.kind, example.kind}
    if term.kind == "condition" and is_contraindication(term.name) and example.kind in _CONTRAINDICATING:  # type: ignore[attr-defined]
        return True
    if term.kind == "condition" and is_generic_condition(term.name):  # type: ignore[attr-defined]
        return True  # "any condition (e.g., gastrectomy)": a state after surgery, a device, a drug taken
    return len(kinds) == 1 or kinds <= _THERAPIES


_CONTRAINDICATING = frozenset({"condition", "procedure"})


def _statuses(node: Node) -> tuple[str, ...]:
    return tuple(getattr(node, "status", ()) or ())


_DEFINING = re.compile(r"i\.?\s?e\.?$", re.IGNORECASE)  # "i.e." says what the term is, not examples of it


def _names_examples(text: str, cue: Lexeme) -> bool:
    return not _DEFINING.match(text[cue.start:cue.end].strip())


def _recoveries(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], to_span=None,
                text: str = "", section: str = "inclusion") -> list[_Part]:
    """"Recovered from prior chemotherapy", "recovered from all acute toxicities": no toxicity is
    still active; the events named after the cue are its cause, not a requirement to have had them.
    A recovery denied ("not recovered from", "incomplete recovery from": the cue's value
    :data:`UNRECOVERED`) is the toxicity still active."""
    types = [lx.type for lx in lexemes]
    parts = _recovery_subjects(parts, sentence, types)
    for p in (i for i, t in enumerate(types) if t == "RECOVERED"):
        denied = lexemes[p].value == UNRECOVERED
        said = text[lexemes[p].start:lexemes[p].end].lower()
        stop = _closing(types, p, sentence)
        carved = _carved_out(types, p, stop)
        causes = [q for q in parts if p < q.lo and q.hi <= stop and sentence[q.hi - 1] == sentence[p]
                  and is_event(q.node) and not any(lo <= q.lo < hi for lo, hi in carved)]
        # in an exclusion list a recovery is a requirement only where one is asked ("Patients must have had
        # resolution of …"); elsewhere it says when to come back ("may be rescreened after resolution of the
        # infection"), which the readings below would turn into a way to be excluded
        asked = section != "exclusion" or _ASKED_BEFORE.search(text, _sentence_start(lexemes, sentence, p), lexemes[p].start)
        if _RESOLUTION.match(said) and (not causes or not asked and _BARE_RESOLUTION.fullmatch(said)):
            continue  # "until resolution of symptoms": what resolves is named after it, or nothing is read
        if not causes:  # "At least 4 weeks since prior radiotherapy and recovered": from what came before
            carves = any(is_event(q.node) and any(lo <= q.lo < hi for lo, hi in carved) for q in parts)
            if carves or any(q.hi <= p and sentence[q.lo] == sentence[p] and is_event(q.node) for q in parts):
                # "recovered from the acute adverse effects of prior therapies (excluding alopecia)": the
                # effects are a toxicity, with its exceptions
                span = to_span(lexemes[p].start, lexemes[p].end) if to_span is not None else None
                recovered = _Part(_recovery(Condition(name="toxicity", status=("active",), span=span), denied), p, p + 1)
                parts = _with_carved_out(parts, [], recovered, carved) if carves else \
                    sorted(parts + [recovered], key=lambda q: q.lo)
            continue
        span = _with_cue(_join(causes[0].node, causes[-1].node), lexemes[p], to_span)
        # what recovers is the condition named right after the cue: not one in a parenthesis ("and
        # recovered (alopecia allowed)"), nor after side effects the cue took in ("recovery from side
        # effects … or the patient has rapidly progressive disease")
        if (asked and all(_resolves_itself(q.node) for q in causes) and "effect" not in said
                and "LPAR" not in types[p:causes[-1].lo]):
            # "recovered from infection", "resolution of macular edema": what recovers is the condition
            active = [q.node.model_copy(update={"status": _still_active(q.node)}) for q in causes]
            joined = active[0].model_copy(update={"span": span}) if len(active) == 1 else AnyOf(items=tuple(active), span=span)
            recovered = _Part(_recovery(joined, denied), causes[0].lo, causes[-1].hi)  # type: ignore[arg-type]
            parts = _with_carved_out(parts, causes, recovered, carved)
            continue
        # "recovered from all toxicities to grade 1 or less": the grade the recovery reaches stays
        graded = next((q.node.item.grade for q in causes if _graded_recovery(q.node)), None)  # type: ignore[attr-defined]
        aside = recovery_level(lexemes, types, p)
        if aside is not None and graded is None:  # "not recovered (i.e., <= grade 1 or at baseline) from"
            graded, close = aside
            parts = [q for q in parts if not (p < q.lo and q.hi <= close + 1)]
        # "from adverse events due to prior therapy": what the toxicity is due to stays said
        due = tuple(dict.fromkeys(c for q in causes if q.node.kind == "condition" and q.node.name == "toxicity"  # type: ignore[attr-defined]
                                  for c in q.node.cause))  # type: ignore[attr-defined]
        active = Condition(name="toxicity", status=("active",), grade=graded, cause=due, span=span)
        recovered = _Part(_recovery(active, denied), causes[0].lo, causes[-1].hi)
        parts = _with_carved_out(parts, causes, recovered, carved)
    return parts


_LEVEL_CMP = {"<=": ">", "<": ">="}  # a recovery to "<= grade 1" leaves what is above it active


def recovery_level(lexemes: list[Lexeme], types: list[str], p: int) -> tuple[Grade, int] | None:
    """The grade a recovery reaches as a parenthesis right after its cue says it ("has not
    recovered (i.e., <= Grade 1 or at baseline) from adverse events"): the toxicity still active is
    one above it, as "recovered to grade 1 or less" reads; with where the parenthesis closes.
    ``None`` for a parenthesis of another shape. "Or at baseline" is the grade's other name here
    (a toxicity back to where it was), read as the grammar reads "to baseline or grade <= 1"."""
    if p + 1 >= len(types) or types[p + 1] != "LPAR":
        return None
    close = next((k for k in range(p + 2, len(types)) if types[k] in ("RPAR", "LPAR")), None)
    if close is None or types[close] != "RPAR":
        return None
    inside = [k for k in range(p + 2, close) if types[k] not in ("EXAMPLE", "COMMA")]
    shape = [types[k] for k in inside]
    if shape[3:] not in ([], ["OR", "ANCHOR"], ["OR", "AT", "ANCHOR"]) or len(shape) < 3:
        return None
    if shape[:3] == ["CMP", "GRADE", "NUM"]:
        cmp, number = lexemes[inside[0]].value, lexemes[inside[2]].value
    elif shape[:3] == ["GRADE", "CMP", "NUM"]:
        cmp, number = lexemes[inside[1]].value, lexemes[inside[2]].value
    else:
        return None
    if cmp not in _LEVEL_CMP or not number.isdigit() or int(number) > 4:
        return None
    return Grade(op=_LEVEL_CMP[cmp], value=int(number)), close


def _with_carved_out(parts: list[_Part], causes: list[_Part], recovered: _Part,
                     carved: list[tuple[int, int]]) -> list[_Part]:
    """``parts`` with the recovery in place of its causes, and what its exceptions name ("except
    alopecia", "(excluding grade 2 neuropathy)") carved out of it: the recovery's own exceptions, not
    requirements beside it."""
    exempt = [q for q in parts if is_event(q.node) and any(lo <= q.lo < hi for lo, hi in carved)]
    node = recovered.node
    if exempt and node.span is not None:
        end = max([node.span.end] + [q.node.span.end for q in exempt if q.node.span is not None])
        node = Except(item=node, exceptions=tuple(q.node for q in exempt), span=node.span.model_copy(update={"end": end}))
    whole = _Part(node, min(recovered.lo, *(q.lo for q in exempt)) if exempt else recovered.lo,
                  max(recovered.hi, *(q.hi for q in exempt)) if exempt else recovered.hi)
    return sorted([q for q in parts if q not in causes and q not in exempt] + [whole], key=lambda q: q.lo)


def _carved_out(types: list[str], p: int, stop: int) -> list[tuple[int, int]]:
    """The stretches after a recovery cue at ``p`` (up to ``stop``) that an exception carves out:
    "(excluding alopecia)" to its closing parenthesis, "except alopecia" to the end. What they name
    is no cause of the toxicity ("recovered from all toxicities (excluding alopecia) of prior
    chemotherapy": the chemotherapy still is)."""
    out = []
    for i in range(p + 1, stop):
        if types[i] not in ("EXCEPT", "EXEMPT") or any(lo <= i < hi for lo, hi in out):
            continue
        if types[i - 1] == "LPAR":
            close = next((k for k in range(i, stop) if types[k] == "RPAR"), stop)
            out.append((i, close))
        else:
            out.append((i, stop))
    return out


_RESOLUTION = re.compile(r"(?:complete\s+)?resolution\b")
_BARE_RESOLUTION = re.compile(r"resolution\s+of")  # not "resolution of all/any", recoveries of toxicities
_ASKED_BEFORE = REQUIREMENT


def _sentence_start(lexemes: list[Lexeme], sentence: list[int], p: int) -> int:
    """Where the sentence of the lexeme at ``p`` starts in the text."""
    k = p
    while k > 0 and sentence[k - 1] == sentence[p]:
        k -= 1
    return lexemes[k].start


def _resolves_itself(node: Node) -> bool:
    """Whether a condition named after a recovery cue is what recovers ("recovered from infection"),
    not the cause of a toxicity ("recovered from prior chemotherapy", "from toxicities of radiotherapy",
    "from grade 2 neuropathy": a graded toxicity keeps the toxicity reading and its grade)."""
    return (node.kind == "condition" and node.name != "toxicity" and not getattr(node, "cause", ())  # type: ignore[attr-defined]
            and getattr(node, "grade", None) is None and getattr(node, "window", None) is None)


def _still_active(node: Node) -> tuple[str, ...]:
    """The condition's statuses as a state still present: a past one dropped ("history of")."""
    kept = tuple(s for s in getattr(node, "status", ()) or () if s not in ("history", "resolved", "active"))
    return ("active", *kept)


#: the value of a recovery cue that denies the recovery ("not recovered from", ``lexicons/cues.jsonl``)
UNRECOVERED = "unrecovered"


def _recovery(active: Condition, denied: bool) -> Node:
    """No active toxicity; where the recovery is denied, the active toxicity itself."""
    return active if denied else Not(item=active, span=active.span)


def _recovery_subjects(parts: list[_Part], sentence: list[int], types: list[str]) -> list[_Part]:
    """"All toxicities related to prior treatment resolved to <= grade 1": the toxicity named before
    a recovery to a grade is what recovers, not a toxicity the patient must have. One with its own
    exception ("all toxicities (other than alopecia)") is left as it is: the exception is its own."""
    recoveries = [q for q in parts if _graded_recovery(q.node) or (types[q.lo] == "TO" and _recovery_to(q.node))]
    subjects = [q for q in parts if isinstance(q.node, Condition) and q.node.name == "toxicity"
                and any(q.hi <= r.lo and sentence[q.lo] == sentence[r.lo] and "EXCEPT" not in types[q.hi:r.lo]
                        for r in recoveries)]
    parts = [q for q in parts if q not in subjects]
    for r in recoveries:
        parts = _recovered_from(parts, r, sentence, types)
    return parts


_FROM_GAP = 4  # plain words between "from" and what a recovery to a grade is from ("the acute effects of prior")


def _recovered_from(parts: list[_Part], recovery: _Part, sentence: list[int], types: list[str]) -> list[_Part]:
    """"Recovered to grade 1 or less from toxicities of prior therapy", "… from effects of prior
    chemotherapy or radiotherapy": what follows "from" is where the toxicity came from (or the
    toxicity itself), not an event to have had besides. The events listed right after "from" are
    taken into the recovery, whose span reaches over them."""
    if recovery.hi >= len(types) or types[recovery.hi] != "FROM":
        return parts
    taken: list[_Part] = []
    end = recovery.hi + 1
    for q in (q for q in parts if q.lo >= end):
        gap = types[end:q.lo]
        first = not taken
        if (sentence[q.lo] != sentence[recovery.lo] or not is_event(q.node)
                or (first and (len(gap) > _FROM_GAP or any(t not in ("W", "PRIOR", "STATUS") for t in gap)))
                or (not first and gap not in (["OR"], ["AND"], ["COMMA"], ["COMMA", "OR"], ["COMMA", "AND"], ["SLASH"]))):
            break
        taken.append(q)
        end = q.hi
    if not taken or recovery.node.span is None or any(q.node.span is None for q in taken):
        return parts
    last = max(q.node.span.end for q in taken)  # type: ignore[union-attr]
    node: Not = recovery.node  # type: ignore[assignment]
    span = node.span.model_copy(update={"end": last})  # type: ignore[union-attr]
    grown = _Part(node.model_copy(update={"span": span, "item": node.item.model_copy(update={"span": span})}),
                  recovery.lo, taken[-1].hi)
    return sorted([q for q in parts if q is not recovery and q not in taken] + [grown], key=lambda q: q.lo)


def _graded_recovery(node: Node) -> bool:
    """Whether ``node`` is a recovery to a grade: no active toxicity above it (``event_recovered_to``)."""
    return _recovery_to(node) and node.item.grade is not None  # type: ignore[attr-defined]


def _recovery_to(node: Node) -> bool:
    """Whether ``node`` is no active toxicity, as a recovery to a grade or to baseline reads
    (``event_recovered_to``, ``event_recovered_to_baseline``; the caller knows it opens with "to")."""
    item = getattr(node, "item", None)
    return (isinstance(node, Not) and isinstance(item, Condition) and item.name == "toxicity"
            and "active" in item.status)


_GOVERN_REACH = 3  # terminals between a governing cue (or a governed event) and the next governed event


def _governed_after(parts: list[_Part], types: list[str], sentence: list[int], p: int) -> list[_Part]:
    """The events a cue at ``p`` governs: the one right after it and those following it closely, to
    its closing parenthesis or sentence end; none when the cue lies inside another reading (the
    "abstain from" of "unwilling to abstain from donating sperm" belongs to that event)."""
    if any(q.lo <= p < q.hi for q in parts):
        return []
    stop = _closing(types, p, sentence)
    governed: list[_Part] = []
    end = p + 1
    for q in parts:
        if q.lo < end:
            continue
        if q.hi > stop or sentence[q.hi - 1] != sentence[p] or not is_event(q.node) or q.lo - end > _GOVERN_REACH:
            break
        if governed and (_OPENS_A_CLAUSE & set(types[end:q.lo + 1]) or q.node.kind == "not"):
            # "no contraindication to anthracyclines No prior cancer", "intolerance to NSAIDs, history of
            # ulcer": a denial or a status opens a clause of its own; "to atenolol (bradycardia, …)": a
            # parenthesis says what the contraindications are, not more drugs
            break
        governed.append(q)
        end = q.hi
    return governed


_OPENS_A_CLAUSE = frozenset({"NEG", "STATUS", "PRIOR", "LPAR"})


def object_follows(lexemes: list[Lexeme], p: int) -> bool:
    """Whether "is contraindicated" at ``p`` goes on to say to what ("… is contraindicated to the
    study drug"): then it governs what follows, as "contraindication to" does."""
    after = lexemes[p + 1] if p + 1 < len(lexemes) else None
    return after is not None and (after.type in ("TO", "FOR") or after.value.lower() in ("to", "for", "with"))


_TAKEN = frozenset({"prior_therapy", "medication", "procedure"})  # what a patient may be unable to take or have


def _governed_before(parts: list[_Part], types: list[str], sentence: list[int], p: int) -> list[_Part]:
    """The event a cue at ``p`` governs when it follows it ("beta blockers are contraindicated"):
    the last reading before the cue, if it is an event close to it in the same sentence."""
    if any(q.lo <= p < q.hi for q in parts):
        return []
    before = [q for q in parts if q.hi <= p]
    if not before:
        return []
    last = before[-1]
    if sentence[last.hi - 1] != sentence[p] or not is_event(last.node) or p - last.hi > _GOVERN_REACH:
        return []
    listed = [last]  # "oxaliplatin, fludarabine, or cytarabine intolerance": every member of the list
    for q in reversed(before[:-1]):
        taken = _denied_or_not(q.node)  # "No oxaliplatin, …"
        if (taken.kind not in _TAKEN or not set(types[q.hi:listed[0].lo]) <= _LIST_SEPARATORS
                or q.hi == listed[0].lo):
            break  # a condition before is no drug one cannot take: "asthma, heparin intolerance"
        listed.insert(0, q)
    return listed


def _instructions(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], to_span=None) -> list[_Part]:
    """"Must discontinue NSAIDs within one month of treatment": an instruction the patient is to
    follow, not a requirement to be taking NSAIDs now; what it asks is compliance with the protocol.
    "Unwilling to discontinue NSAIDs" refuses it: not compliance."""
    types = [lx.type for lx in lexemes]
    for p in (i for i, t in enumerate(types) if t == "INSTRUCT"):
        objects = _governed_after(parts, types, sentence, p)
        if objects:
            span = _with_cue(_join(objects[0].node, objects[-1].node), lexemes[p], to_span)
            complies: Node = Compliance(name="protocol_compliance", span=span)
            if lexemes[p].value == REFUSED_INSTRUCTION:
                complies = Not(item=complies, span=span)
            follows = _Part(complies, objects[0].lo, objects[-1].hi)
            parts = sorted([q for q in parts if q not in objects] + [follows], key=lambda q: q.lo)
    return parts


def _contraindications(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], to_span=None) -> list[_Part]:
    """"Cannot take heparin", "contraindication to beta blockers", "in whom beta blockers are
    contraindicated": the patient has a reason not to take it, not a history of taking it; each
    governed event becomes a condition "contraindication to <it>" (read by its words, as an
    open-vocabulary condition)."""
    types = [lx.type for lx in lexemes]
    for p in (i for i, t in enumerate(types) if t == "CONTRA"):
        if lexemes[p].value == CONTRA_AFTER and not object_follows(lexemes, p):
            objects = _governed_before(parts, types, sentence, p)
        else:
            objects = _governed_after(parts, types, sentence, p)
        objects = [q for q in objects if not q.contra_example]  # examples of it, not what it is to
        # a reaction read with its own cause ends the objects: "intolerant to corticosteroids or
        # hypersensitive to methoxsalen" names a second reason, not a reason not to take the first
        objects = list(takewhile(lambda q: not (q.node.kind == "condition" and q.node.cause), objects))  # type: ignore[attr-defined]
        if not objects:
            continue
        span = _with_cue(_join(objects[0].node, objects[-1].node), lexemes[p], to_span)
        reasons = [
            Condition(name=f"{CONTRAINDICATION}{name}", open_vocabulary=True, span=q.node.span)
            for q in objects for name in _event_names(q.node)
        ]
        node = reasons[0].model_copy(update={"span": span}) if len(reasons) == 1 else AnyOf(items=tuple(reasons), span=span)
        examples = [q for q in parts if q.contra_example and q.lo > objects[-1].lo and sentence[q.lo] == sentence[p]]
        if examples:  # "contraindications to propranolol, including asthma, hypotension": any of them
            items = (*(node.items if isinstance(node, AnyOf) else (node,)), *(q.node for q in examples))
            node = AnyOf(items=items, span=_join(node, examples[-1].node))
        hi = max([objects[-1].hi, *(q.hi for q in examples)])
        lo = min(p, objects[0].lo)
        denial = _denial_before(types, p, parts)
        if denial is not None:  # "No contraindication to paclitaxel", "no known contraindications to …"
            node, lo = Not(item=node, span=_with_cue(node.span, lexemes[denial], to_span)), denial
        elif objects[0].node.kind == "not" and lexemes[p].value == CONTRA_AFTER:
            node = Not(item=node, span=node.span)  # "must not have … lenalidomide intolerance": still denied
        allergies = _allergies_before(parts, types, p) if denial is None else []
        causes = _causes_of(objects, False, False) if allergies else ()
        if causes:  # "hypersensitivity or intolerance to metformin": an allergy to it, or a contraindication
            reasons = [_with_cause(a.node, causes, a.node.span) for a in allergies]
            node = AnyOf(items=(*reasons, *(node.items if isinstance(node, AnyOf) else (node,))), span=_join(reasons[0], node))
            lo = allergies[0].lo
        else:
            allergies = []
        parts = sorted([q for q in parts if q not in objects and q not in examples and q not in allergies]
                       + [_Part(node, lo, hi)], key=lambda q: q.lo)
    # examples no contraindication took in are an aside, as examples of another kind always were
    return [q for q in parts if not q.contra_example]


def _denial_before(types: list[str], p: int, parts: list[_Part]) -> int | None:
    """The position of a "no" right before the cue at ``p`` (status words between: "no known
    contraindication to"), unless a reading holds it; else ``None``."""
    k = p - 1
    while k >= 0 and types[k] == "STATUS":
        k -= 1
    if k < 0 or types[k] != "NEG" or any(q.lo <= k < q.hi for q in parts):
        return None
    return k


CONTRAINDICATION = "contraindication_to_"  # the name a reason not to take X is read by: contraindication_to_<X>
def _allergies_before(parts: list[_Part], types: list[str], p: int) -> list[_Part]:
    """The allergies without a cause listed right before the cue at ``p``, the last joined to it
    by "or" (or "/"): what the cue is to, they are to as well ("allergy or contraindication to
    heparin", "an allergy, hypersensitivity, or intolerance to X")."""
    k = p - 1
    if k < 1 or types[k] not in ("OR", "SLASH"):
        return []
    found: list[_Part] = []
    while k >= 1 and types[k] in ("OR", "SLASH", "COMMA"):
        while k >= 1 and types[k] in ("OR", "SLASH", "COMMA"):
            k -= 1
        before = next((q for q in parts if q.hi == k + 1), None)
        if before is None or not _is_allergy(before.node) or before.node.cause:  # type: ignore[attr-defined]
            break
        found.insert(0, before)
        k = before.lo - 1
    return found


_REACTION_GROUP = "allergy"  # conditions whose "to X" names what they are a reaction to ("allergy to penicillin")
_CAUSE_KINDS = frozenset({"condition", "prior_therapy", "medication", "procedure"})
_CAUSE_GAP = 2  # plain words between a condition and its cue ("hypersensitivity reactions to")


def _causes(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], to_span=None) -> list[_Part]:
    """"Anemia due to bone marrow involvement", "hypertension secondary to renal disease",
    "hypersensitivity to docetaxel", "allergic reactions attributed to compounds of similar chemical
    or biologic composition to X": the events after a cause cue (or after "to" following an
    allergy) say what the conditions before it are due to; they become the conditions' ``cause``,
    not events the patient must have had besides. A list of conditions before the cue shares it
    ("anemia or thrombocytopenia due to marrow involvement"). "Not due to X" asks for the
    condition, but not one due to X: ``all_of(A, not A due to X)``."""
    types = [lx.type for lx in lexemes]
    parts = _agents_before_allergies(_caused_before(parts, lexemes, types, to_span), types, sentence)
    done = -1  # the last lexeme of the cue chain read last
    for p in [i for i, lx in enumerate(lexemes) if lx.type == "CAUSE" and lx.value != _CAUSE_BEFORE or _is_to(lx)]:
        last = _cue_end(lexemes, types, parts, p) if p > done else None
        if last is None:
            continue
        done = last
        subjects = _cause_subjects(parts, lexemes, types, sentence, p)
        holding = [q for q in parts if q.lo < p < q.hi]  # "not due to X" read as one denied event
        if holding:  # "not caused by diabetes or hypertension": the list goes on after the denied event
            holding += _cause_list_after(holding[-1], parts, types)
        lead = _components_of(lexemes, last + 1) if types[p] != "CAUSE" else None  # "to any ingredient of"
        start = last if lead is None else lead - 1
        objects = holding if holding else _governed_after(parts, types, sentence, start) if subjects else []
        if objects and not holding and _NOT_THE_OBJECT.intersection(types[start + 1:objects[0].lo]):
            continue  # "to macrolide antibiotics (e.g., clarithromycin)", "by disease or have mental disorders"
        if types[p] != "CAUSE":  # what an allergy is to is an agent: "to heparin or heparin-induced thrombocytopenia"
            objects = list(takewhile(lambda q: q.node.kind != "condition", objects))
        objects = _listed(objects, lexemes)
        denied = p > 0 and types[p - 1] == "NEG"  # "not due to": the condition, but not one due to it
        related = _related_after(lexemes, sentence, objects[-1].hi) if objects else None
        related_too = lead is not None or related is not None or any(lx.value == "related" for lx in lexemes[p:last + 1])
        causes = _causes_of(objects, related_too, denied)
        agent = _generic_agent(lexemes, types, last + 1, to_span) if not causes and subjects and not holding else None
        if agent is not None:  # "due to a previously administered agent": some treatment, named by its kind
            end, cause = agent
            given = next((q for q in parts if q.lo == end and isinstance(q.node, TimeWindow)), None)
            if given is not None and given.node.span is not None and cause.span is not None:
                # "agents administered more than 4 weeks earlier": when the agent was given, not when
                # the toxicity began; the cause is read as any treatment (no time on a cause), which
                # asks more of the patient than the text, never less
                cause = cause.model_copy(update={"span": cause.span.model_copy(update={"end": given.node.span.end})})
                parts, end = [q for q in parts if q is not given], given.hi
            causes, objects = (cause,), [q for q in objects if q.hi <= end]
            reach: Node = Condition(name="_", span=cause.span)
        elif not causes:
            continue
        else:
            end, reach = objects[-1].hi, objects[-1].node
        if related is not None:  # "… or its excipients": the condition takes in those words
            end, reach = related, Condition(name="_", span=_with_cue(reach.span, lexemes[related - 1], to_span))
        made = []
        for k, q in enumerate(subjects):
            tail = k == len(subjects) - 1  # the member next to the cue takes in the cue and the causes
            span = _join(q.node, reach) if tail else q.node.span
            node = _with_cause(q.node, causes, span)
            if denied:
                node = AllOf(items=(q.node, Not(item=node, span=span)), span=span)
            made.append(_Part(node, q.lo, end if tail else q.hi))
        parts = sorted([q for q in parts if q not in subjects and q not in objects] + made, key=lambda q: q.lo)
    return parts


_CAUSE_BEFORE = "cause_before"  # the cue value of "induced", "related": the cause comes first


_AGENT_LEADS = frozenset({"a", "an", "the", "these", "those", "such", "any", "all", "this", "their", "its"})


def _generic_agent(lexemes: list[Lexeme], types: list[str], start: int, to_span) -> tuple[int, Cause] | None:
    """"Adverse events due to a previously administered agent", "due to agents administered more
    than 4 weeks earlier", "due to prior therapy": after a cause cue, an agent named only by its
    kind (``lexicons/generic_causes.jsonl``), with the words that say it was given before. Returns
    where the words end and the cause they name, or ``None``. Left unread, the words blocked the
    reading of a clause that is one of two alternatives ("X within 4 weeks or who has not
    recovered from adverse events due to …")."""
    if to_span is None:
        return None
    i = start
    while i < len(lexemes) and (types[i] == "PRIOR" or (types[i] == "W" and lexemes[i].value.lower() in _AGENT_LEADS)):
        i += 1
    agent = generic_causes().get(lexemes[i].value.lower()) if i < len(lexemes) and types[i] == "W" else None
    if agent is None:
        return None
    end = i + 1
    while end < len(lexemes) and types[end] == "PRIOR":  # "agents administered"
        end += 1
    span = to_span(lexemes[start].start, lexemes[end - 1].end)
    return end, Cause(kind=agent.kind, name=agent.name, span=span)


def _cause_list_after(first: _Part, parts: list[_Part], types: list[str]) -> list[_Part]:
    """The events listed right after ``first``, a cause read with its denied cue ("not caused by
    diabetes or hypertension", "not due to alcohol, hepatitis, or NASH"). Each gap is one separator;
    ", or" goes on only after a series of commas: "anemia not due to iron deficiency, or
    thrombocytopenia" names a second condition, not a second cause."""
    out: list[_Part] = []
    end, commas = first.hi, False
    for q in (q for q in parts if q.lo >= first.hi):
        gap = types[end:q.lo]
        if not is_event(q.node) or not (
                gap in (["OR"], ["AND"], ["SLASH"], ["COMMA"]) or (gap in (["COMMA", "OR"], ["COMMA", "AND"]) and commas)):
            break
        commas = commas or gap == ["COMMA"]
        out.append(q)
        end = q.hi
    return out


def _caused_before(parts: list[_Part], lexemes: list[Lexeme], types: list[str], to_span) -> list[_Part]:
    """"Heparin-induced thrombocytopenia", "radiation-induced pneumonitis", "HIV-related lymphoma":
    the event right before the cue is what the condition right after it is due to."""
    for p in (i for i, lx in enumerate(lexemes) if lx.type == "CAUSE" and lx.value == _CAUSE_BEFORE):
        before = next((q for q in parts if q.hi in (p, p - 1) and (q.hi == p or types[p - 1] == "DASH")), None)
        after = next((q for q in parts if q.lo == p + 1), None)
        if after is None or after.node.kind != "condition":
            continue
        if before is None:  # "drug-induced liver injury": an agent named only by its kind
            made = _generic_cause(lexemes, types, p, after, to_span)
            if made is not None:
                parts = sorted([q for q in parts if q is not after] + [made], key=lambda q: q.lo)
            continue
        causes = _causes_of([before], False, False)
        if not causes:
            continue
        span = _join(before.node, after.node)
        node = after.node.model_copy(update={"cause": causes, "span": span})
        parts = sorted([q for q in parts if q is not before and q is not after] + [_Part(node, before.lo, after.hi)],
                       key=lambda q: q.lo)
    return parts


def _agents_before_allergies(parts: list[_Part], types: list[str], sentence: list[int]) -> list[_Part]:
    """"Known heparin allergy", "severe penicillin allergy", "ticagrelor or clopidogrel allergies": the
    drugs written right before an allergy (a list of them) are what the allergy is to (its ``cause``),
    not drugs the patient must take besides; the words before them ("known", "severe") are the
    allergy's."""
    for after in [q for q in parts if q.node.kind == "condition" and q.node.name == ALLERGY  # type: ignore[attr-defined]
                  and not q.node.cause]:  # type: ignore[attr-defined]
        agents = _agents_listed_before(parts, types, sentence, after)
        causes = _causes_of(agents, False, False) if agents else ()
        if not causes:
            continue
        statuses = tuple(dict.fromkeys(s for q in agents for n in q.node.walk() for s in getattr(n, "status", ())))
        node = _with_statuses(after.node, statuses).model_copy(
            update={"cause": causes, "span": _join(agents[0].node, after.node)})
        parts = sorted([q for q in parts if q is not after and all(q is not a for a in agents)]
                       + [_Part(node, agents[0].lo, after.hi)], key=lambda q: q.lo)
    return parts


_AGENT_LIST = frozenset({"OR", "AND", "COMMA", "SLASH"})


def _agents_listed_before(parts: list[_Part], types: list[str], sentence: list[int], after: _Part) -> list[_Part]:
    """The drugs right before ``after`` in its sentence, the last touching it (or joined by a hyphen),
    the others joined to it by "or", "and", commas or slashes alone; none when the part before is no drug."""
    agents: list[_Part] = []
    end = after.lo
    for q in sorted((q for q in parts if q.hi <= after.lo), key=lambda q: q.hi, reverse=True):
        gap = types[q.hi:end]
        touching = not gap or (not agents and gap == ["DASH"])
        if not (touching or agents and gap and set(gap) <= _AGENT_LIST) or sentence[q.lo] != sentence[after.lo] or not all(
                n.kind in _DRUG_KINDS for n in q.node.walk() if n.kind not in ("any_of", "all_of")):
            break
        agents.insert(0, q)
        end = q.lo
    return agents


def _generic_cause(lexemes: list[Lexeme], types: list[str], p: int, after: _Part, to_span) -> _Part | None:
    """The condition after the cue at ``p``, due to the agent a word right before the cue names by
    its kind ("drug-induced", "therapy-related": ``lexicons/generic_causes.jsonl``), or ``None``."""
    k = p - 1 - (p > 0 and types[p - 1] == "DASH")
    word = lexemes[k] if k >= 0 else None
    agent = generic_causes().get(word.value.lower()) if word is not None and word.type == "W" else None
    if agent is None or to_span is None:
        return None
    words = to_span(word.start, word.end)  # type: ignore[union-attr]
    cause = Cause(kind=agent.kind, name=agent.name, span=words)
    lo = k
    while lo > 0 and types[lo - 1] == "STATUS":  # "history of drug-induced pneumonitis": the condition's own
        lo -= 1
    node = _with_statuses(after.node, tuple(lx.value for lx in lexemes[lo:k])) if lo < k else after.node
    start = to_span(lexemes[lo].start, lexemes[lo].end).start
    span = after.node.span.model_copy(update={"start": start}) if after.node.span else None
    return _Part(node.model_copy(update={"cause": (cause,), "span": span}), lo, after.hi)


_NOT_THE_OBJECT = frozenset({"EXAMPLE", "LPAR", "OR", "AND"})  # before the first event: it is not what follows the cue


_RELATED_REACH = 6  # lexemes from the last cause to a word naming related compounds


def _related_after(lexemes: list[Lexeme], sentence: list[int], hi: int) -> int | None:
    """The end (exclusive) of "or (to) any of its excipients", "and their components" right after
    the causes (a list connective first, then only function words), or ``None``."""
    words, function_words = word_list("related_compound_words.txt"), word_list("function_words.txt")
    joined = False
    for i in range(hi, min(len(lexemes), hi + _RELATED_REACH)):
        lx = lexemes[i]
        if sentence[i] != sentence[hi - 1]:
            return None
        if lx.type in ("OR", "AND", "COMMA"):
            joined = True
        elif lx.type == "W" and lx.value.lower() in words:
            return i + 1 if joined else None
        elif not (lx.type == "TO" or (lx.type == "CAUSE" and lx.value == "related") or (lx.type == "W" and (lx.value.lower() in function_words or lx.value.lower() == "any"))):
            return None
    return None


_COMPONENT_REACH = 8  # lexemes from an allergy's "to" to the "of" naming the drug ("any active or inactive ingredients of")


@cache
def _component_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words naming a part of a drug, and every word that may stand before them ("any active or")."""
    related = word_list("related_compound_words.txt")
    return related, related | word_list("component_lead_words.txt") | word_list("function_words.txt") | {"any", "of"}


def _components_of(lexemes: list[Lexeme], lo: int) -> int | None:
    """Where the drug starts when the words from ``lo`` say which part of it an allergy is to: "any
    active or inactive ingredients of", "the active substance or to any of the excipients of"
    (``lexicons/component_lead_words.txt``, ``related_compound_words.txt``): such a word and "of",
    after only those, function words and connectives. ``None`` when they do not."""
    related, allowed = _component_words()
    for k in range(lo, min(len(lexemes) - 1, lo + _COMPONENT_REACH)):
        lx = lexemes[k]
        if lx.type == "CAUSE" and lx.value == "related" and k > lo:  # "… or to any of the excipients of"
            return k + 1
        word = lx.value.lower() if lx.type in ("W", "STATUS") else None  # "active" is a status word too
        if word in related and k + 2 < len(lexemes) and lexemes[k + 1].type == "W" and lexemes[k + 1].value.lower() == "of":
            return k + 2
        if not (lx.type in ("OR", "AND", "COMMA") or _is_to(lx) or word in allowed):
            return None
    return None


def _listed(objects: list[_Part], lexemes: list[Lexeme]) -> list[_Part]:
    """The objects up to the first one not listed after the one before it (only list separators and
    list fillers between, or "or" and function words): "caused by prior therapy, excluding
    alopecia" stops before alopecia."""
    fillers = word_list("list_fillers.txt")
    out = objects[:1]
    for q in objects[1:]:
        gap = lexemes[out[-1].hi:q.lo]
        if not (all(lx.type in _LIST_SEPARATORS or (lx.type == "W" and lx.value.lower() in fillers) for lx in gap)
                or _or_then_plain_words(gap)):  # "allergy to a statin or to ezetimibe"
            break
        out.append(q)
    return out


def _cue_end(lexemes: list[Lexeme], types: list[str], parts: list[_Part], p: int) -> int | None:
    """The last lexeme of the cause cue starting at ``p`` (a chain: "attributed to" + "compounds of
    similar … composition to"), or ``None`` when none starts there. A plain "to" is a cue only right
    after an allergy ("hypersensitivity to", "allergic reactions to")."""
    if types[p] != "CAUSE" and "EV_COND" not in types[max(0, p - 1 - _CAUSE_GAP):p]:
        return None  # no condition term near enough: the common "to", settled without a look at the parts
    if any(q.lo <= p < q.hi and not _denied_at(q, types, p) for q in parts):
        return None
    if types[p] != "CAUSE" and not (_is_to(lexemes[p]) and _after_allergy(lexemes, parts, p)):
        return None
    last = p
    while last + 1 < len(lexemes) and (types[last + 1] == "CAUSE" or _is_to(lexemes[last + 1])):
        last += 1
    return last


def _denied_at(part: _Part, types: list[str], p: int) -> bool:
    """Whether ``part`` is an event the grammar denied across the cue at ``p`` ("not due to X")."""
    return part.node.kind == "not" and part.lo == p - 1 and types[part.lo] == "NEG" and types[p] == "CAUSE"


def _is_to(lx: Lexeme) -> bool:
    return lx.type == "TO" and lx.value.lower() == "to" or (lx.type == "W" and lx.value.lower() == "to")


def _after_allergy(lexemes: list[Lexeme], parts: list[_Part], p: int) -> bool:
    before = [q for q in parts if q.hi <= p]
    if not before or not _is_allergy(_denied_or_not(before[-1].node)):  # "no known hypersensitivity to X" too
        return False
    gap = lexemes[before[-1].hi:p]
    return len(gap) <= _CAUSE_GAP and all(lx.type == "W" for lx in gap)


def _denied_or_not(node: Node) -> Node:
    """What a "not" denies, else the node itself."""
    return node.item if node.kind == "not" else node  # type: ignore[attr-defined]


def _is_allergy(node: Node) -> bool:
    return node.kind == "condition" and node.name in _allergies()  # type: ignore[attr-defined]


@cache
def _allergies() -> frozenset[str]:
    """Condition concepts of the allergy group: their "to X" names what they are a reaction to."""
    from ...resources import event_lexicon

    return frozenset(c.name for c in event_lexicon() if c.kind == "condition" and c.group == _REACTION_GROUP)


def _cause_subjects(parts: list[_Part], lexemes: list[Lexeme], types: list[str], sentence: list[int], p: int) -> list[_Part]:
    """The conditions a cue at ``p`` says the cause of: the condition right before it (a few plain
    words or a comma between), and the one before that when only "or" (or "/") joins the two
    ("anemia or thrombocytopenia due to marrow involvement"). In a longer list the cue is the last
    member's ("meningitis, discitis, or back pain due to infection"): which members it reaches, the
    words do not say, and giving it to all would read the others narrower than the text."""
    before = [q for q in parts if q.hi <= p]
    if not before or not _is_condition(before[-1].node) or sentence[before[-1].hi - 1] != sentence[p]:
        return []
    gap = lexemes[before[-1].hi:p]
    if len(gap) > _CAUSE_GAP or not all(lx.type in ("W", "COMMA", "NEG") for lx in gap):
        return []
    if (len(before) >= 2 and before[-2].node.kind == "condition" and not before[-2].node.cause  # type: ignore[attr-defined]
            and types[before[-2].hi:before[-1].lo] in (["OR"], ["SLASH"])):  # one with its own cause keeps it
        earlier = before[-3] if len(before) >= 3 else None
        listed = earlier is not None and earlier.node.kind == "condition" and set(types[earlier.hi:before[-2].lo]) <= _LIST_SEPARATORS
        return [before[-1]] if listed else before[-2:]
    return [before[-1]]


def _is_condition(node: Node) -> bool:
    """A condition, or a denied one ("no allergic reaction attributed to X"): what a cause is of."""
    return node.kind == "condition" or (node.kind == "not" and node.item.kind == "condition")  # type: ignore[attr-defined]


def _with_cause(node: Node, causes: tuple[Cause, ...], span) -> Node:
    """``node`` (a condition, or a denied one) with ``causes``, spanning ``span``."""
    if node.kind == "not":
        return node.model_copy(update={"item": _with_cause(node.item, causes, span), "span": span})  # type: ignore[attr-defined]
    return node.model_copy(update={"cause": causes, "span": span})


def _causes_of(objects: list[_Part], related: bool, denied: bool) -> tuple[Cause, ...]:
    """One cause for each event the governed objects name; none when an object is anything else.
    After a denied cue the negation may have been read onto the object ("not due to X"): it is the cue's."""
    causes: dict[tuple[str, str], Cause] = {}  # said once: "insulin glargine or insulin glulisine"
    for q in objects:
        node = q.node.item if denied and q.node.kind == "not" else q.node  # type: ignore[attr-defined]
        leaves = [n for n in node.walk() if n.kind not in ("any_of", "all_of")]
        if not leaves or any(n.kind not in _CAUSE_KINDS for n in leaves):
            return ()
        for n in leaves:
            causes.setdefault((n.kind, n.name), Cause(kind=n.kind, name=n.name, related=related, span=n.span))  # type: ignore[attr-defined]
    return tuple(causes.values())


def _event_names(node: Node) -> list[str]:
    """Names of the events in ``node`` (a list of them, or one), in text order."""
    return [n.name for n in node.walk() if getattr(n, "name", None) and n.kind != "not"]  # type: ignore[attr-defined]


def with_window(node: Node, window: TimeWindow) -> Node:
    """``node`` with ``window`` on each event in it that has none (through ``not`` and lists)."""
    if isinstance(node, (Not, Except)):  # an exception's spared cases keep their own time
        return node.model_copy(update={"item": with_window(node.item, window)})
    if isinstance(node, (AnyOf, AllOf)):
        return node.model_copy(update={"items": tuple(with_window(n, window) for n in node.items)})
    if "window" in type(node).model_fields and getattr(node, "window") is None:
        return node.model_copy(update={"window": window})
    return node


def _is_washout(node: Node, lexemes: list[Lexeme]) -> bool:
    """A window of the washout form: a least distance counted "since" the event up to now (no anchor
    named: "at least 6 months since diagnosis" counts from another event), and no most."""
    if not (isinstance(node, TimeWindow) and node.low is not None and node.high is None and node.or_window is None):
        return False
    if node.relation == "lasting":  # "menopause since at least 1 year": how long, never a time since
        return False
    if any(lx.type == "BETWEEN" for lx in lexemes):  # "at least 4 weeks between prior surgery and randomization"
        return True
    return node.anchor_assumed and any((lx.type == "REL" and lx.value == "since") or lx.type == "FROM" for lx in lexemes)


def _hang(node: Node, window: _Part) -> Node:
    """``node`` with the window of part ``window``. A washout ("At least 4 weeks since prior
    chemotherapy") says the event did not happen within that time: ``not`` (chemotherapy within
    4 weeks), which a patient who never had chemotherapy meets, as the text means."""
    if _has_window(node) and _open_tail(node):
        return _hang_on_tail(node, window.node)  # type: ignore[arg-type]
    if not window.washout or node.kind == "not":
        return with_window(node, window.node)  # type: ignore[arg-type]
    washout: TimeWindow = window.node  # type: ignore[assignment]
    within = washout.model_copy(update={"low": None, "high": washout.low})
    if node.kind == "all_of":  # "at least 2 weeks from major surgery, radiotherapy and …": none of them within
        node = AnyOf(items=node.items, span=node.span)  # type: ignore[attr-defined]
    spans = [n.span for n in (node, washout) if n.span is not None]
    span = Span(start=min(s.start for s in spans), end=max(s.end for s in spans)) if spans else None
    return Not(item=with_window(node, within), span=span)


def _has_window(node: Node) -> bool:
    return any(getattr(n, "window", None) is not None for n in node.walk())


def _agent_washouts(parts: list[_Part], lexemes: list[Lexeme], to_span) -> list[_Part]:
    """"At least 4 weeks since prior chemotherapy (6 weeks for nitrosoureas or mitomycin C)": the
    parenthesis gives the agents named in it a washout of their own, read as the one before it
    (the same anchor and relation, its own length), never a requirement to have had them. Written
    as the event to exclude ("Chemotherapy within 4 weeks (6 weeks for nitrosoureas)"), either
    event within its own window is the event: any of them."""
    for i, lx in enumerate(lexemes[:-3]):
        n = _washout_length_at(lexemes, i) if lx.type == "LPAR" else None
        if n is None:
            continue
        close = next((j for j in range(n + 3, len(lexemes)) if lexemes[j].type == "RPAR"), None)
        washout = next((q for q in reversed(parts) if q.hi <= i), None)
        agents = [q for q in parts if close is not None and n + 2 < q.lo and q.hi <= close and is_event(q.node)]
        if washout is None or not agents:
            continue
        negated = isinstance(washout.node, Not)
        event = washout.node.item if negated else washout.node  # type: ignore[attr-defined]
        if not negated and not (event.kind in _TREATMENTS and all(_treatments(q.node) for q in agents)):
            continue  # "contraception … (180 days for participants receiving cisplatin)" is no washout
        # a list shares one window ("since prior radiotherapy or chemotherapy"): its members hold it
        window = next((w for n in event.walk() if (w := getattr(n, "window", None)) is not None), None)
        try:
            length = float(lexemes[n].value)
        except ValueError:
            continue
        if window is None or window.high is None or not _widens(length, lexemes[n + 1].value, window):
            continue
        words = to_span(lexemes[i + 1].start, lexemes[n + 2].end) if to_span is not None else None
        own = window.model_copy(update={"high": length, "unit": lexemes[n + 1].value, "span": words})
        if negated:
            read = [_Part(Not(item=with_window(q.node, own), span=q.node.span), q.lo, q.hi, True) for q in agents]
            parts = sorted([q for q in parts if q not in agents] + read, key=lambda q: q.lo)
            continue
        timed = tuple(with_window(q.node, own) for q in agents)
        ends = [n.span for n in (washout.node, *timed) if n.span is not None]
        span = Span(start=min(e.start for e in ends), end=max(e.end for e in ends)) if ends else None
        either = _Part(AnyOf(items=(washout.node, *timed), span=span), washout.lo, max(q.hi for q in agents))
        parts = sorted([q for q in parts if q not in agents and q is not washout] + [either], key=lambda q: q.lo)
    return parts


_TREATMENTS = frozenset({"prior_therapy", "medication", "procedure"})
_IF_WORDS = frozenset({"if", "in"})  # "(or 42 days if subject has received a nitrosourea)", "(6 weeks in the case of …)"


#: Words before an agent's own length that say only how it is counted: "(at least 6 weeks for
#: nitrosoureas)", "(or at least 42 days if …)", "(within 6 weeks for …)" are its washout as "(6 weeks
#: for nitrosoureas)" is: the window before the parenthesis says which way it runs.
_LENGTH_BOUNDS = frozenset({"CMP", "OR_CMP", "WITHIN"})


def _widens(length: float, unit: str, window: TimeWindow) -> bool:
    """Whether an agent's own washout is at least the one before it: "(6 weeks for nitrosoureas)"
    after "4 weeks" widens it for them, so either window is the event. "(2 weeks for palliative
    radiotherapy)" after "4 weeks" narrows it: an exception to the window, which an alternative would
    not say (it would still exclude palliative radiotherapy 3 weeks ago), so its words stay unread."""
    try:
        return convert(length, unit, "day") >= convert(window.high, window.unit, "day")
    except UnitError:
        return False


def _washout_length_at(lexemes: list[Lexeme], i: int) -> int | None:
    """Where the length starts in a parenthesis at ``i`` that gives agents a washout of their own: "(6
    weeks for nitrosoureas", "(or 42 days if subject has received a nitrosourea", "(at least 6 weeks
    for nitrosoureas"; ``None`` if it does not."""
    n = i + 1 + (i + 1 < len(lexemes) and lexemes[i + 1].type == "OR")
    n += n < len(lexemes) and lexemes[n].type in _LENGTH_BOUNDS
    if n + 2 >= len(lexemes) or lexemes[n].type != "NUM" or lexemes[n + 1].type != "TIME_UNIT":
        return None
    link = lexemes[n + 2]
    return n if link.type == "FOR" or (link.type == "W" and link.value.lower() in _IF_WORDS) else None


def _treatments(node: Node) -> bool:
    """Whether ``node`` is a treatment, or alternatives of treatments."""
    if isinstance(node, AnyOf):
        return all(_treatments(item) for item in node.items)
    return node.kind in _TREATMENTS


def _attach_windows(parts: list[_Part], types: list[str], sentence: list[int], lexemes: list[Lexeme],
                    text: str = "") -> list[_Part]:
    out: list[_Part] = []
    pending: list[_Part] = []  # windows waiting for an event after them
    for index, part in enumerate(parts):
        if isinstance(part.node, TimeWindow):
            before = _previous_event(out, part, types, sentence, lexemes, text)
            gap = set(types[before.hi : part.lo + 1]) if before else set()
            later = _next_event(parts, index, sentence)
            alternative = "COMMA" in gap and ("OR" in gap or "OR_CMP" in gap)  # ", or within 30 days …"
            if later is not None and leads_its_event(part.lo, part.hi, later.lo, lexemes):
                pending.append(part)
            elif before is not None and not (alternative and later is not None):
                before.node = _hang(before.node, part)
            elif later is not None and part.node.relation != "lasting":  # how long: of what came before
                pending.append(part)
            else:
                out.append(part)
            continue
        for window in [w for w in pending if sentence[w.lo] == sentence[part.lo] and _takes_a_window(part.node)]:
            part = _Part(_hang(part.node, window), part.lo, part.hi)
            pending.remove(window)
        out.append(part)
    return sorted(out + pending, key=lambda p: p.lo)


#: Words before an event that make "for N weeks" a time without it: "off steroids for 5 days",
#: "free of seizures for 1 year", "abstinent from alcohol for 6 months".
_WITHOUT_WORDS = frozenset({"off", "free", "abstinent", "abstain", "abstained", "without", "stopped",
                            "discontinued", "quit", "ceased", "withdrawn"})


def _lasting_of(part: _Part, window: _Part, types: list[str], lexemes: list[Lexeme], text: str = "") -> bool:
    """Whether a duration ("for at least 4 weeks") after ``part`` says how long its event lasted:
    not when the event is the purpose of something else ("steroids for CNS disease for 5 days")
    or its absence ("off steroids for 5 days", "seizure-free for 1 year"), nor across an exemption's
    cue ("depression, unless stable for at least 3 months": how long the exempt state has held)."""
    if part.lo > 0 and types[part.lo - 1] == "FOR":
        return False
    if _open_exemption(lexemes, part.hi, window.lo, text):
        return False
    around = [*lexemes[max(0, part.lo - 3) : part.lo], *lexemes[part.hi : window.lo]]
    return not any(lx.type == "W" and lx.value.lower().lstrip("-") in _WITHOUT_WORDS for lx in around)


_EXEMPTION_WORDS = ("unless", "except")  # a clause's exemption; not "other than", "excluding" (a noun's)


def _open_exemption(lexemes: list[Lexeme], lo: int, hi: int, text: str) -> bool:
    """Whether an exemption's cue ("unless", "except") stands between ``lo`` and ``hi`` outside
    parentheses: "depression, unless stable for 3 months", not "antihypertensives (other than Ca
    antagonists) for 4 weeks" nor "gabapentin for reasons other than hot flashes … for 1 month"."""
    depth = 0
    for lx in lexemes[lo:hi]:
        depth += (lx.type == "LPAR") - (lx.type == "RPAR")
        if lx.type == "EXCEPT" and depth <= 0 and text[lx.start:lx.end].lower().startswith(_EXEMPTION_WORDS):
            return True
    return False


def _previous_event(
    out: list[_Part], window: _Part, types: list[str], sentence: list[int], lexemes: list[Lexeme], text: str = ""
) -> _Part | None:
    for part in reversed(out):
        if sentence[part.lo] != sentence[window.lo]:
            return None
        between = types[part.hi : window.lo]
        inside_closed = between.count("RPAR") > between.count("LPAR")
        lasting = isinstance(window.node, TimeWindow) and window.node.relation == "lasting"
        if _takes_a_window(part.node) and not inside_closed and (not _has_window(part.node) or _open_tail(part.node)):
            if _closed_aside(part, window, types):
                continue
            return part if not lasting or _lasting_of(part, window, types, lexemes, text) else None
    return None


_ASIDE_REACH = 4  # words between an aside's exception cue and its event ("other than for dialysis")


def _closed_aside(part: _Part, window: _Part, types: list[str]) -> bool:
    """Whether ``part`` is an exception set off by commas right before the window: "Major surgery,
    other than diagnostic surgery, within 4 weeks", "any vaccine, except influenza vaccine, within 4
    weeks". The window is the event's before the aside; hung on the exception, it had asked the
    event at any time."""
    if types[part.hi : window.lo] != ["COMMA"]:
        return False
    k = part.lo - 1
    while k >= 0 and types[k] in ("W", "STATUS", "PRIOR") and part.lo - k <= _ASIDE_REACH:
        k -= 1
    return k >= 1 and types[k] == "EXCEPT" and types[k - 1] == "COMMA"


def _open_tail(node: Node) -> bool:
    """Whether ``node`` is a list whose members after the last one with a window of its own have
    none: "chemotherapy within 3 weeks, targeted therapy or radiotherapy within 2 weeks" — the
    later window is theirs."""
    if not isinstance(node, (AnyOf, AllOf)):
        return False
    return not _has_window(node.items[-1]) and is_event(node.items[-1])


def _hang_on_tail(node: Node, window: TimeWindow) -> Node:
    """List ``node`` with ``window`` on the members after its last one with a window of its own."""
    items = list(node.items)  # type: ignore[attr-defined]
    last = max(i for i, n in enumerate(items) if _has_window(n))
    items[last + 1:] = [with_window(n, window) for n in items[last + 1:]]
    return node.model_copy(update={"items": tuple(items)})


def _next_event(parts: list[_Part], index: int, sentence: list[int]) -> _Part | None:
    for part in parts[index + 1 :]:
        if sentence[part.lo] != sentence[parts[index].lo]:
            return None
        if _takes_a_window(part.node):
            return part
    return None


def _takes_a_window(node: Node) -> bool:
    """An event, or events with cases spared ("surgery (including biopsy, excluding line
    placement) within 28 days"): the window is the events', the spared cases keep their own time."""
    return is_event(node) or (node.kind == "except" and is_event(node.item))  # type: ignore[attr-defined]


def _inner_windows(parts: list[_Part], types: list[str], sentence: list[int],
                   lexemes: list[Lexeme] | None = None) -> list[_Part]:
    """Hang a window on the event before it when a listed event follows ("A within 6 months or B"),
    and the last member's own window on it when the member before it had one ("A within 6 months or
    B within 3 months": B's is not A's, nor the whole list's). List fillers may follow the separator
    ("A within 30 days or any B within 3 weeks")."""
    listed = partial(_listed_gap, types, lexemes)
    out: list[_Part] = []
    for index, part in enumerate(parts):
        prev = out[-1] if out else None
        nxt = parts[index + 1] if index + 1 < len(parts) else None
        if (isinstance(part.node, TimeWindow) and prev is not None and is_event(prev.node) and not _has_window(prev.node)
                and sentence[prev.lo] == sentence[part.lo] and set(types[prev.hi : part.lo]) <= {"COMMA"}
                and (_lists_on(listed, sentence, part, nxt) or _closes_windowed_list(out, listed, sentence))):
            for k in _closed_list_before(out, types, listed, sentence, part):
                out[k] = _Part(_hang(out[k].node, part), out[k].lo, out[k].hi)
            out[-1] = _Part(_hang(prev.node, part), prev.lo, part.hi)
            continue
        out.append(part)
    return out


def _closed_list_before(out: list[_Part], types: list[str], listed, sentence: list[int], window: _Part) -> range:
    """The members before the last of ``out`` that share the window hung on it: "major surgery, open
    biopsy, or traumatic injury within 28 days, or planned major surgery" closes a list of three
    with its "or" and the window after it, and a comma sets the next member apart; the window is the
    three's. Hung on the last alone, it left "major surgery" at any time. Nothing when the list is
    not closed ("A, B within 6 months, or C"), nor for a washout (each would deny apart)."""
    last = len(out) - 1
    if window.washout or types[window.hi:window.hi + 1] != ["COMMA"] or last < 1:
        return range(0)
    first = last
    while (first > 0 and is_event(out[first - 1].node) and not _has_window(out[first - 1].node)
           and sentence[out[first - 1].lo] == sentence[out[last].lo] and listed(out[first - 1].hi, out[first].lo)):
        first -= 1
    closing = types[out[last - 1].hi:out[last].lo] if first < last else []
    return range(first, last) if {"OR", "AND"} & set(closing) else range(0)


def _listed_gap(types: list[str], lexemes: list[Lexeme] | None, lo: int, hi: int) -> bool:
    """Whether lexemes ``lo``–``hi`` join two members of a list: separators, and list fillers after
    the first ("or any", "or other")."""
    gap = types[lo:hi]
    if not gap or gap[0] not in _LIST_SEPARATORS:
        return False
    fillers = word_list("list_fillers.txt")
    return all(t in _LIST_SEPARATORS or (lexemes is not None and t == "W" and lexemes[k].value.lower() in fillers)
               for k, t in enumerate(gap, lo))


def _lists_on(listed, sentence: list[int], window: _Part, nxt: _Part | None) -> bool:
    """Whether a listed event follows the window in its sentence."""
    return (nxt is not None and is_event(nxt.node) and sentence[window.lo] == sentence[nxt.lo]
            and listed(window.hi, nxt.lo))


def _closes_windowed_list(out: list[_Part], listed, sentence: list[int]) -> bool:
    """Whether the event last in ``out`` is listed right after an event with its own window."""
    if len(out) < 2:
        return False
    before, last = out[-2], out[-1]
    return (is_event(before.node) and _has_window(before.node) and sentence[before.lo] == sentence[last.lo]
            and listed(before.hi, last.lo))


_POPULATION_OPENINGS = frozenset({"PERSON", "AGE_GROUP", "EV_SEX"})
_RESTATING = frozenset({"PERSON", "AND", "THAT_IS"})  # "or women who are planning…", "or men and women who…"


def _restated_populations(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int]) -> list[_Part]:
    """"Pregnant women or women planning a pregnancy": after "or", a sex opening the next member of a
    list of events restates whom that member is about. It is one member, all_of(sex, event), so the
    list reads any_of(pregnancy, all_of(female, planned pregnancy)); left apart, the sex broke the
    list and every member became a requirement of its own. The sex written after the member before
    ("breastfeeding women, or women planning…") is that member's own in the same way. An item that
    opens with whom it is about ("Women with breast cancer or men with prostate cancer") lists
    populations, each with its rule: compose reads those (``populations.py``)."""
    opening = next((lx for lx in lexemes if lx.type != "COMMA"), None)
    if opening is None or opening.type in _POPULATION_OPENINGS:
        return parts
    function_words = word_list("function_words.txt")

    def restates(i: int) -> bool:  # parts[i] is a sex opening a member after "or"
        part, before = parts[i], (parts[i - 1] if i else None)
        after = parts[i + 1] if i + 1 < len(parts) else None
        if before is None and after is None:
            return False
        if before is not None and before.node.kind == "sex" and i >= 2 and parts[i - 2].hi == before.lo:
            before = parts[i - 2]  # "breastfeeding women, or women…"
        return (part.node.kind == "sex" and before is not None and after is not None
                and is_event(before.node) and is_event(after.node) and sentence[before.lo] == sentence[after.lo]
                and _only(lexemes[parts[i - 1].hi:part.lo], _LIST_SEPARATORS, function_words, needs="OR")
                and _only(lexemes[part.hi:after.lo], _RESTATING, function_words))

    out: list[_Part] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if restates(i):
            head = out[-1] if out and out[-1].node.kind == "sex" else None
            if head is not None:  # the sex after the member before is that member's
                out.pop()
                event = out.pop()
                out.append(_Part(AllOf(items=(event.node, head.node), span=_join(event.node, head.node)), event.lo, head.hi))
            after = parts[i + 1]
            out.append(_Part(AllOf(items=(part.node, after.node), span=_join(part.node, after.node)), part.lo, after.hi))
            i += 2
            continue
        out.append(part)
        i += 1
    return out


_RELATIVE = frozenset({"that", "which", "who", "whose"})


_REQUIRING = frozenset({"requiring", "requires", "require", "required", "needing", "needs"})


def _required_treatments(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], text: str) -> list[_Part]:
    """"No infection requiring IV antibiotics": the treatment a condition requires is one member with
    it, ``all_of(infection, antibiotics)`` (denied with it after a "no"). Read apart, the "no" took
    only the infection and the antibiotics became a requirement of their own; in "uncontrolled
    hypertension or diabetes requiring insulin" the insulin became a requirement of both. A list of
    treatments after the cue ("requiring radiotherapy or steroids") is left to the list reading."""
    out: list[_Part] = []
    for index, part in enumerate(parts):
        before = out[-1] if out else None
        following = parts[index + 1] if index + 1 < len(parts) else None
        listed = (following is not None and following.node.kind in _TREATMENTS and following.lo > part.hi
                  and all(lx.type in _LIST_SEPARATORS for lx in lexemes[part.hi:following.lo]))
        if (before is not None and not listed and is_event(part.node) and part.node.kind != "not" and before.hi == part.lo
                and part.node.kind in _TREATMENTS and sentence[before.lo] == sentence[part.lo]
                and lexemes[part.lo].type == "STATUS"
                and text[lexemes[part.lo].start:lexemes[part.lo].end].lower() in _REQUIRING):
            if before.node.kind == "not" and is_event(before.node.item):  # type: ignore[attr-defined]
                both = AllOf(items=(before.node.item, part.node), span=_join(before.node, part.node))  # type: ignore[attr-defined]
                out[-1] = _Part(Not(item=both, span=both.span), before.lo, part.hi)
                continue
            if before.node.kind == "condition" and not (len(out) > 1 and _shares_a_head(out[-2:], lexemes, text)):
                # "or diabetes requiring insulin": the nearest condition's; "bacterial or fungal infection
                # requiring antibiotics" shares one head, so the list's
                out[-1] = _Part(AllOf(items=(before.node, part.node), span=_join(before.node, part.node)), before.lo, part.hi)
                continue
        out.append(part)
    return out


_TREATMENTS = frozenset({"medication", "prior_therapy", "procedure"})


def _relative_denials(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int]) -> list[_Part]:
    """"…, or psychiatric illness/social situations that would limit compliance with study
    requirements": a relative clause denying compliance qualifies the events right before it (those
    joined to the last by a slash), not every member of the list they end. They become one member,
    all_of(the events, not compliance); joined to the whole list, the clause had let a patient with an
    active infection who will comply through."""
    function_words = word_list("function_words.txt")
    out: list[_Part] = []
    for part in parts:
        node = part.node
        denied = node.kind == "not" and node.item.kind == "compliance"  # type: ignore[attr-defined]
        before = out[-1] if out else None
        gap = lexemes[before.hi:part.lo] if before is not None else []
        if (denied and before is not None and is_event(before.node) and sentence[before.lo] == sentence[part.lo]
                and gap and gap[0].type == "W" and gap[0].value.lower() in _RELATIVE
                and all(lx.type == "W" and lx.value.lower() in function_words | _RELATIVE for lx in gap)):
            group = [out.pop()]
            head = _head_word(group[0].node)
            while out and is_event(out[-1].node) and (
                    types_between(lexemes, out[-1].hi, group[0].lo) == ["SLASH"]
                    # "psychological, familial, or social conditions that …": one head, one clause
                    or (head is not None and _head_word(out[-1].node) == head
                        and set(types_between(lexemes, out[-1].hi, group[0].lo)) <= _LIST_SEPARATORS)):
                group.insert(0, out.pop())
            events = group[0].node if len(group) == 1 else AnyOf(items=tuple(g.node for g in group), span=_join(group[0].node, group[-1].node))
            out.append(_Part(AllOf(items=(events, node), span=_join(group[0].node, node)), group[0].lo, part.hi))
            continue
        out.append(part)
    return out


def _head_word(node: Node) -> str | None:
    """The last word of an open-vocabulary condition's name ("psychological_conditions" →
    "conditions"): members of a list that share it were written with one head noun."""
    if node.kind != "condition" or not getattr(node, "open_vocabulary", False):
        return None
    return node.name.rsplit("_", 1)[-1]  # type: ignore[attr-defined]


def types_between(lexemes: list[Lexeme], lo: int, hi: int) -> list[str]:
    return [lx.type for lx in lexemes[lo:hi]]


def _only(gap: list[Lexeme], allowed: frozenset[str], function_words, needs: str | None = None) -> bool:
    """Whether ``gap`` holds only lexemes of ``allowed`` types and function words (and one of type
    ``needs`` when given)."""
    return (all(lx.type in allowed or (lx.type == "W" and lx.value.lower() in function_words) for lx in gap)
            and (needs is None or any(lx.type == needs for lx in gap)))


def _lists(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], text: str = "",
           section: str = "inclusion", asides: frozenset[int] = frozenset(),
           unread: Callable[[int, int], _Part | None] | None = None) -> list[_Part]:
    """Join events separated only by connectives (and list fillers such as "any other form of")
    into any_of / all_of; after "either", an "or" joins the next event even across words
    ("either not of childbearing potential or have agreed to use contraception"). In an exclusion a
    list of commas or slashes alone is alternatives: "history of myocardial infarction, stroke,
    pulmonary embolism" excludes a patient with any one, not only one with all three; so is a series
    of three or more with a closing "and" ("MI, stroke and pulmonary embolism")."""
    types = [lx.type for lx in lexemes]
    out: list[_Part] = []
    run: list[_Part] = []
    seps: set[str] = set()
    either = [i for i, t in enumerate(types) if t == "EITHER"]

    def separated(lo: int, hi: int, strictly: bool = False) -> bool:
        """Only separators and list fillers between; unless ``strictly``, also "or" and function
        words (then each member keeps its own negation: "either not of childbearing potential or
        have agreed to use contraception")."""
        gap = [lx for lx in _without_asides(lexemes, lo, hi, asides) if not _how_adverb(lx)]
        if not strictly and "AND" not in seps and _or_between_modifiers(gap):
            return True  # "stroke of any type or myocardial infarction", "radiotherapy or cytotoxic chemotherapy"
        if not strictly and gap and gap[0].type == "W" and "AND" not in seps:
            rest = _after_generic_words(gap)  # "a chemotherapy agent or immunotherapy"
            return bool(rest) and (all(lx.type in ("OR", "COMMA") for lx in rest) or _or_then_plain_words(rest))
        if not gap or gap[0].type not in _LIST_SEPARATORS:
            return False
        fillers = word_list("list_fillers.txt")  # "A or any other form of B"
        if _members_of_events(run) and not any(lx.type == "AND" for lx in gap):
            fillers = fillers | _ARTICLES  # "restless leg syndrome, a seizure disorder, or sleep apnea"
        if all(lx.type in _LIST_SEPARATORS or (lx.type == "W" and lx.value.lower() in fillers)
               for lx in gap):
            return True
        return not strictly and "AND" not in seps and _or_then_plain_words(gap)

    def opened(first: _Part) -> bool:
        """Whether an "either" opens the run starting at ``first`` (each member then keeps its own negation)."""
        return any(sentence[e] == sentence[first.lo] and e < first.lo
                   and not any(q.lo > e and q.hi <= first.lo for q in out) for e in either)

    def joins(gap: list[str], first: _Part, lo: int, hi: int) -> bool:
        following = parts_after(hi)
        if separated(lo, hi, strictly=True) or _denial_goes_on(run, lexemes[lo:hi], following):
            return True
        if opened(first) and "OR" in gap:
            return True
        # "or" and words join a member of its own only between events that are not denied: "No
        # HIV-positive patients or patients with other immunodeficiencies" is no "not A, or B"
        denied = denies(run[-1].node) or (following is not None and denies(following.node))
        return not denied and separated(lo, hi)

    def flush() -> None:
        if len(run) > 1:
            trailing = types[run[-1].hi : run[-1].hi + 2]
            last = text[lexemes[run[-1].lo].start:lexemes[run[-1].hi - 1].end] if text else ""
            # "HIV, hepatitis B or C": the list's "or" is inside its last term
            closing_or = "AND" not in seps and bool(_OR_WORD.search(last))
            commas_alone = section == "exclusion" and bool({"COMMA", "SLASH"} & seps) and not {"AND", "OR"} & seps
            # "history of MI, stroke and pulmonary embolism" excludes for any one of a series, as
            # its commas do; two joined by "and" alone may be asked together ("diabetes and hypertension")
            series = section == "exclusion" and len(run) >= 3 and "COMMA" in seps and "OR" not in seps
            shared_head = _shares_a_head(run, lexemes, text)
            # "renal and hepatic disease", "alcoholic and autoimmune hepatitis": kinds of one head
            # written once, which an exclusion excludes for each, as it does a list of them
            kinds = section == "exclusion" and shared_head
            # "Crohn's disease/ulcerative colitis", "HIV/AIDS": conditions a slash alone joins are
            # alternatives (drugs so joined may be one regimen: "carboplatin/paclitaxel")
            slashed = (seps == {"SLASH"} and all(p.node.kind == "condition" for p in run)
                       and not _BOTH_SLASHED.search(text, lexemes[run[0].lo].start,
                                                    min(len(text), lexemes[run[-1].hi - 1].end + _CO_REACH)))
            cls = (AnyOf if "OR" in seps or closing_or or commas_alone or series or kinds or slashed or _states_apart(run)
                   or "OR" in trailing[: 1 + (trailing[:1] == ["COMMA"])] else AllOf)
            span = run[0].node.span
            end = run[-1].node.span
            joined = span.model_copy(update={"end": end.end}) if span and end else None
            members = [node for lo, hi in zip([0, *clauses], [*clauses, len(run)])  # each clause its own lead
                       for node in _share_lead_statuses([p.node for p in run[lo:hi]],
                                                        _lead_statuses(run[lo], lexemes, every=shared_head))]
            if shared_head:
                members = _share_lead_grade(members)
            # in an inclusion a leading plain "no" denies a negative state too ("No dysphagia or
            # inability to swallow": neither); an exclusion names the state as the obstacle
            own = frozenset(k for k, p in enumerate(run) if k and _names_a_negative_state(p, lexemes, text)) if (
                section != "exclusion" and not _names_a_negative_state(run[0], lexemes, text)) else frozenset()
            out.append(_Part(_list_node(cls, members, joined, deny_all=not across, negative_states=own), run[0].lo, run[-1].hi))
        else:
            out.extend(run)

    def parts_after(hi: int) -> _Part | None:
        return next((q for q in parts if q.lo >= hi), None)

    across = False  # the run was joined across words after "either": its "not" is its own member's
    clauses: list[int] = []  # where in the run a member joined after "or" and words begins a clause
    for part in parts:
        gap = [lx.type for lx in _without_asides(lexemes, run[-1].hi, part.lo, asides)] if run else []
        between = unread(run[-1].hi, part.lo) if unread is not None and run and is_event(part.node) \
            and is_event(run[-1].node) and sentence[run[-1].hi - 1] == sentence[part.lo] else None
        if between is not None:  # "chemotherapy, targeted small molecule therapy, or radiotherapy"
            run.extend([between, part])
            seps.update(t for t in gap if t in _LIST_SEPARATORS)
            continue
        own = run and is_event(part.node) and is_event(run[-1].node) and _own_clause(part, lexemes[run[-1].hi:part.lo], seps)
        if own and run[0].node.kind != "not":  # "pregnant, or of childbearing potential and not using contraception"
            last = run[-1]
            if _states_of_a_woman(last.node, part.node.item):  # type: ignore[attr-defined]
                run[-1] = _Part(AllOf(items=(last.node, part.node), span=_join(last.node, part.node)), last.lo, part.hi)
                continue
            own = False  # "treated with surgery or radiotherapy and off steroids": the list reading keeps it
        if (run and is_event(part.node) and is_event(run[-1].node) and not own
                and joins(gap, run[0], run[-1].hi, part.lo)):
            strict = separated(run[-1].hi, part.lo, strictly=True)
            across = across or not (strict or _denial_goes_on(run, lexemes[run[-1].hi:part.lo], part) and not opened(run[0]))
            if not strict:  # "taking X or with a history of Y": "history of" is Y's own, not X's
                clauses.append(len(run))
            run.append(part)
            seps.update(gap)
            continue
        flush()
        across, clauses = False, []
        run, seps = ([part], set()) if is_event(part.node) else ([], set())
        if not run:
            out.append(part)
    flush()
    return out


_ARTICLES = frozenset({"a", "an"})


def _members_of_events(run: list[_Part]) -> bool:
    """Whether an article may lead the next member of ``run`` ("stroke, a myocardial infarction, or
    an arrhythmia"): only in a list of conditions, treatments and procedures. After a population
    ("In females of childbearing potential, a positive pregnancy test") or the investigator's
    judgement ("Have, in the judgment of the investigator, a significant illness") the comma ends
    a lead, and what follows is asked of it; after "and" ("4 weeks from major surgery and a healed
    incision") the article opens a requirement of its own."""
    return bool(run) and all(p.node.kind in _LISTED_KINDS for p in run)


_LISTED_KINDS = frozenset({"condition", "prior_therapy", "medication", "procedure"})


def _own_clause(part: _Part, gap: list[Lexeme], seps: set[str]) -> bool:
    """Whether ``part``, denied by its own "not" after "and", is no member of the list of
    alternatives before it: after a denied list a clause of its own ("Not pregnant or
    breastfeeding, and does not plan a pregnancy": neither of the two, and no plan), after a list
    of events a condition of its last member ("pregnant, breastfeeding, or of childbearing
    potential and not using contraception"). As one more member, the plan, the lack of
    contraception had each been an alternative of their own."""
    types = {lx.type for lx in gap}
    joined = "AND" in types or any(lx.type == "W" and lx.value.lower() == "but" for lx in gap)  # "… but not using"
    return part.node.kind == "not" and "OR" in seps and joined and "OR" not in types


def _states_of_a_woman(last: Node, denied: Node) -> bool:
    """Whether ``last`` is a state in which a woman may conceive and ``denied`` her contraception
    ("of childbearing potential and not using contraception", "sexually active and not using
    reliable contraception"): the two describe the last group of the list together. Other denials
    after a list ("treated with surgery or radiotherapy and off steroids") may close the whole
    list, which the list reading keeps."""
    return (last.kind == "reproductive" and last.name in _MAY_CONCEIVE  # type: ignore[attr-defined]
            and denied.kind == "reproductive" and denied.name == "contraception")  # type: ignore[attr-defined]


_MAY_CONCEIVE = frozenset({"childbearing_potential", "reproductive_potential", "sexually_active",
                           "partner_childbearing_potential"})


_UNREAD_MEMBER_WORDS = 6  # "targeted small molecule therapy", "history of suicidal risk"
UNREAD_MEMBER = "a member of the list not understood"


def _unread(node: Node) -> bool:
    return node.kind == "unparsed" and node.reason == UNREAD_MEMBER  # type: ignore[attr-defined]


def _unread_member(lexemes: list[Lexeme], text: str, to_span: Callable[[int, int], Span], original: str,
                   lo: int, hi: int) -> _Part | None:
    """The member no rule read between two read ones of a list, set off by commas ("prior
    chemotherapy, targeted small molecule therapy, or radiation therapy", "seizure disorder, suicidal
    risk, alcohol or drug abuse"), as an unparsed member; ``None`` when the lexemes between are not a
    comma, a few plain words, a comma and the list's connective. Left out, the list broke at it and
    its members were read as all asked at once."""
    gap = lexemes[lo:hi]
    k = 1
    while k < len(gap) and gap[k].type == "W":
        k += 1
    words, rest = gap[1:k], gap[k:]
    if (not gap or gap[0].type != "COMMA" or not words or len(words) > _UNREAD_MEMBER_WORDS or not rest
            or rest[0].type != "COMMA" or any(lx.type not in ("COMMA", "OR", "AND") for lx in rest)
            or sum(lx.type in ("OR", "AND") for lx in rest) > 1):
        return None
    plain = word_list("function_words.txt")
    if all(lx.value.lower() in plain or not any(ch.isalpha() for ch in lx.value) for lx in words):
        return None
    span = to_span(words[0].start, words[-1].end)
    return _Part(Unparsed(text=span.slice(original), reason=UNREAD_MEMBER, span=span), lo + 1, lo + k)


def _how_adverb(lx: Lexeme) -> bool:
    """An adverb that says how a member is established ("clinically symptomatic", "radiographically
    confirmed"): it leads the member, and stands for no connective between two members."""
    return lx.type == "W" and lx.value.lower().endswith("ly") and _says_how(lx)


def _without_asides(lexemes: list[Lexeme], lo: int, hi: int, asides: frozenset[int]) -> list[Lexeme]:
    """The lexemes between two list members, less an aside (the name of an authority) that follows
    the first member and is followed by list separators alone ("gout according to ACR criteria, or
    HIV"); else all of them (an aside that ends a sentence or sits among other words joins nothing)."""
    gap = lexemes[lo:hi]
    if lo not in asides:
        return gap
    rest = [lx for k, lx in enumerate(gap, lo) if k not in asides]
    separators = bool(rest) and all(lx.type in _LIST_SEPARATORS for lx in rest)
    return rest if separators and all(k in asides for k in range(lo, lo + len(gap) - len(rest))) else gap


def _states_apart(run: list[_Part]) -> bool:
    """Whether the run lists only pregnancy and breastfeeding: "pregnant and nursing women are not
    eligible" names two groups, joined by "and" as English joins groups."""
    nodes, (_, apart) = [p.node for p in run], population_states()
    return all(n.kind == "reproductive" and n.name in apart for n in nodes) and len({n.name for n in nodes}) > 1  # type: ignore[attr-defined]


_OR_WORD = re.compile(r"\bor\b", re.IGNORECASE)


# words that make what follows a condition or a comparison, not one more member of a list
_NOT_A_MEMBER = frozenset({"if", "when", "whenever", "unless", "then", "than", "only", "while"})


def _or_then_plain_words(gap: list[Lexeme]) -> bool:
    """Whether ``gap`` is "or" (after commas) and then only function words: "a statin or to
    ezetimibe", "diabetes or with evidence of", "transplantation or are currently on", "tamoxifen
    or an aromatase inhibitor". The next event is one more alternative; read as a requirement beside
    the first, the two had to hold at once. Never after "and": "A and B or have C" is not a list
    of three alternatives."""
    seps = list(takewhile(lambda lx: lx.type in ("OR", "COMMA", "RPAR"), gap))  # "hepatitis B (HBV) or C"
    words = gap[len(seps):]
    plain = word_list("function_words.txt")
    return (any(lx.type == "OR" for lx in seps) and bool(words)
            and all(lx.type in _PLAIN_TERMINALS
                    or (lx.type == "W" and lx.value.lower() in plain and lx.value.lower() not in _NOT_A_MEMBER)
                    for lx in words))


def _or_between_modifiers(gap: list[Lexeme]) -> bool:
    """Whether ``gap`` is one "or" with a few plain words on either side of it: words that qualify
    the member they touch ("stroke of any type or myocardial infarction", "prior radiotherapy or
    cytotoxic chemotherapy"; compose keeps them as that member's residue). No other terminal may be
    among them: a negation, a number or a status may start a clause of its own, and a comma makes
    the "or" the end of a series."""
    types = [lx.type for lx in gap]
    if types.count("OR") != 1:
        return False
    k = types.index("OR")
    before, after = types[:k], types[k + 1:]
    words = sum(t in ("W", "STATUS") for t in types)
    # after the "or" the next member's own qualifiers: a status, a slash inside a name ("VEGF/VEGF-R
    # targeted"), two qualifiers joined by "and" ("or extensive and symptomatic fibrosis")
    joined_pair = after.count("AND") == 1 and 0 < after.index("AND")  # the second may lead the member itself
    # no comma: a comma makes the "or" the last of a series, which the list reading handles
    return (0 < words <= _MODIFIER_WORDS and set(before) <= {"W", "DASH"}
            and set(after) <= {"W", "DASH", "SLASH", "STATUS", "AND"} and (after.count("AND") == 0 or joined_pair)
            and (not after or after[-1] != "SLASH"))


_MODIFIER_WORDS = 3  # plain words around an "or" that still qualify the members beside it
_GENERIC_TAIL = 2  # generic words a member may end in after its term ("chemotherapy agent", "HIV-positive patients")


def _after_generic_words(gap: list[Lexeme]) -> list[Lexeme]:
    """``gap`` without the generic words that close the member before it ("agent", "patients";
    ``lexicons/member_tail_words.txt``, at most two), when "or" follows them; else empty."""
    tails = word_list("member_tail_words.txt")
    k = 0
    while k < len(gap) and k < _GENERIC_TAIL and gap[k].type in ("W", "PERSON") and gap[k].value.lower() in tails:
        k += 1
    return gap[k:] if k and k < len(gap) and gap[k].type == "OR" else []


# terminals that, after "or", only lead the next member: "or to X", "or are on X", "or patients with X"
_PLAIN_TERMINALS = frozenset({"TO", "THAT_IS", "PERSON"})


_DENIAL_REACH = 3  # plain words between "or" and the next event a denial goes on to


def _denial_goes_on(run: list[_Part], gap: list[Lexeme], following: _Part | None) -> bool:
    """"Unwilling to practice abstinence or use a condom": a denied event, "or", a verb or two and an
    event of the same kind: the denial covers both (neither), where "A or <words> B" would otherwise
    leave B a requirement of its own beside not(A). So after a list the denial already covers: "No
    prior enzalutamide, abiraterone or other novel antiandrogen" is none of the three."""
    if not run or run[0].node.kind != "not" or following is None or not gap or gap[0].type != "OR":
        return False
    words = gap[1:]
    return (len(words) <= _DENIAL_REACH and all(lx.type == "W" for lx in words)
            and following.node.kind == run[0].node.item.kind)  # type: ignore[attr-defined]


_MEASURES = frozenset({"lab_threshold", "measure_threshold", "performance_status", "life_expectancy"})


_METHOD_LEADS = frozenset({"according", "by", "using", "per", "calculated", "measured", "estimated", "as"})
_METHOD_REACH = 8  # lexemes of a method phrase before the "or"


def _method_then_or(gap: list[Lexeme]) -> bool:
    """Whether ``gap`` is a short phrase saying how the measure before it is taken, then "or"
    ("according to the Cockcroft-Gault formula or", "by MUGA or"): the bounds are alternatives."""
    if not gap or len(gap) > _METHOD_REACH or gap[0].type not in ("W", "TO") or gap[0].value.lower() not in _METHOD_LEADS:
        return False
    k = max((i for i, lx in enumerate(gap) if lx.type == "OR"), default=None)
    return (k is not None and k > 1 and all(lx.type in ("W", "TO", "DASH", "LPAR", "RPAR", "METHOD") for lx in gap[:k])
            and all(lx.type == "W" and lx.value.lower() in word_list("function_words.txt") for lx in gap[k + 1:]))


def _says_how(lx: Lexeme) -> bool:
    """A word that only says how a measure is taken (``remark_words.txt``: "according", "formula",
    "calculated"); between two thresholds it hides no connective."""
    return lx.type == "W" and lx.value.lower().rstrip("*") in _remark_words()


@cache
def _remark_words() -> frozenset[str]:
    return frozenset(w.rstrip("*") for w in word_list("remark_words.txt"))


def _and_or_as_or(kinds: list[str]) -> list[str]:
    """"A and or B" (the slash of "and/or" lost) is "A or B": the "and" right before "or" goes."""
    return [t for i, t in enumerate(kinds) if not (t == "AND" and kinds[i + 1 : i + 2] == ["OR"])]
_UNREAD_ALTERNATIVE = 10  # terminals of an unread alternative between two read ones


def _alternatives(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], section: str) -> list[_Part]:
    """Thresholds joined by "or" are alternatives, with each other and with events: "a respiratory
    rate of at least 20/min or a PaCO2 of 32 mmHg or lower or the use of mechanical ventilation" is
    ``any_of`` the three (events alone were joined by :func:`_lists`). In an exclusion so is a series of
    them that commas join: "LVEF < 40%, symptomatic coronary artery disease, or uncontrolled
    arrhythmias", "hemoglobin < 9 g/dL, ANC < 1500/mm3 or platelets < 100,000/mm3" (the last two already
    one list of the threshold family), "hemoglobin < 9 g/dL, platelets < 100,000/mm3": each excludes, as
    each event of a list does; read as all of them, only a patient with every value out of range was
    excluded. In an inclusion only ", or" closes such a list: "bilirubin <= 1.5 x ULN, creatinine <= 1.5
    x ULN or clearance >= 50 mL/min" asks the bilirubin and one of the other two."""
    function_words = word_list("function_words.txt")

    def joined(left: _Part, right: _Part) -> bool:
        raw = lexemes[left.hi : right.lo]
        if sentence[left.lo] == sentence[right.lo] and _method_then_or(raw):  # "≥ 30 mL/min according to the … formula or"
            return True
        gap = [lx for lx in raw if not _says_how(lx)]
        kinds = _and_or_as_or([lx.type for lx in gap])
        if sentence[left.lo] != sentence[right.lo] or "OR" not in kinds or {"AND", "SEMI"} & set(kinds):
            return False
        gap = [lx for lx in gap if lx.type != "AND"]  # the "and" of "and or" (no other is left)
        if all(lx.type in ("OR", "COMMA") or (lx.type == "W" and lx.value.lower() in function_words) for lx in gap):
            return True
        if _or_then_plain_words(gap):  # "glucose > 200 mg/dL or is taking insulin"
            return True
        # "A or <words no rule read> or B": the words are one more alternative (build puts them in)
        return kinds[0] == "OR" and kinds.count("OR") >= 2 and len(gap) <= _UNREAD_ALTERNATIVE

    def comma(left: _Part, right: _Part) -> bool:
        return sentence[left.lo] == sentence[right.lo] and [lx.type for lx in lexemes[left.hi : right.lo]] == ["COMMA"]

    def member(part: _Part) -> bool:
        return _alternative(part) or _or_closed(part, lexemes)

    def closed_by_or(k: int) -> bool:
        """Whether the commas from part ``k`` on make alternatives: in an exclusion when "or" closes them,
        or when they join thresholds alone (each excludes, as :func:`_lists` reads commas between
        events; events and thresholds mixed may describe one case: "HIV with CD4 > 250, undetectable
        viral load"); in an inclusion when ", or" closes them ("creatinine <= 1.5 mg/dL or clearance >
        50 mL/min" may be the last requirement of a list, two ways to show one)."""
        first = k
        while k + 1 < len(parts) and comma(parts[k], parts[k + 1]) and member(parts[k + 1]):
            k += 1
        lead = parts[first].lo
        if section == "exclusion" and all(_measured(q.node) for q in parts[first : k + 1]) and not any(
                lexemes[i].type in _SPARING and sentence[i] == sentence[lead] for i in range(lead)):
            return True  # "hemoglobin < 9 g/dL, platelets < 100,000/mm3": not after "unless", where a case is described
        if k + 1 < len(parts) and _alternative(parts[k]) and _alternative(parts[k + 1]) and joined(parts[k], parts[k + 1]):
            return section == "exclusion" or [lx.type for lx in lexemes[parts[k].hi : parts[k + 1].lo]] == ["COMMA", "OR"]
        return section == "exclusion" and _or_closed(parts[k], lexemes) and k > first

    out: list[_Part] = []
    run: list[_Part] = []
    for k, part in enumerate(parts + [None]):  # type: ignore[list-item]
        if part is not None and run and (
                _alternative(part) and _alternative(run[-1]) and joined(run[-1], part)
                or member(part) and member(run[-1]) and comma(run[-1], part) and closed_by_or(k - 1)):
            run.append(part)
            continue
        if len(run) > 1 and any(_measured(q.node) for q in run):
            spans = [q.node.span for q in run if q.node.span is not None]
            span = Span(start=spans[0].start, end=spans[-1].end) if spans else None
            members = tuple(m for q in run for m in _or_members(q, lexemes))
            out.append(_Part(AnyOf(items=members, span=span), run[0].lo, run[-1].hi))
        else:
            out.extend(run)
        run = [part] if part is not None else []
    return out


_SPARING = frozenset({"EXCEPT", "EXEMPT"})  # a case spared or allowed is described, its parts all asked


def _or_closed(part: _Part, lexemes: list[Lexeme]) -> bool:
    """Alternatives read as one part whose members "or" joins (no "and" between them)."""
    types = {lx.type for lx in lexemes[part.lo : part.hi]}
    return part.node.kind == "any_of" and "OR" in types and "AND" not in types


def _or_members(part: _Part, lexemes: list[Lexeme]) -> tuple[Node, ...]:
    """What ``part`` adds to a list of alternatives: the members of alternatives "or" joins, else itself."""
    return part.node.items if _or_closed(part, lexemes) else (part.node,)  # type: ignore[attr-defined]


_DEFINING_VERBS = frozenset({"defined", "characterized", "characterised", "evidenced", "manifested"})
_DEFINITION_WORDS = frozenset({"as", "by", "i.e.", "ie", "i.e", "e.g.", "eg", "with", "of"}) | _DEFINING_VERBS
#: Terminals that may stand in a definition's words besides them: "renal impairment, defined as", "defined
#: by calculated …" (a method word).
_DEFINING_GAP = frozenset({"COMMA", "METHOD"})
_DEFINING_GAP_MAX = 4  # ", as defined by", "defined by calculated": more is not the words of a definition


def _definitions(parts: list[_Part], lexemes: list[Lexeme]) -> list[_Part]:
    """A measure in parentheses right after a condition defines it: "uncontrolled hypertension
    (systolic > 160 or diastolic > 100 mmHg)", "obesity (BMI > 30)". The condition holds when
    recorded or when the measure shows it: ``any_of(condition, measure)``, where reading both as
    requirements would have demanded the diagnosis and the number at once."""
    out: list[_Part] = []
    for k, part in enumerate(parts):
        before = out[-1] if out else None
        if before is not None and before.node.kind == "condition" and _measured(part.node):
            gap = lexemes[before.hi : part.lo]
            closes = part.hi < len(lexemes) and lexemes[part.hi].type == "RPAR"
            opens = bool(gap) and gap[0].type == "LPAR" and all(
                lx.type == "W" and lx.value.lower() in _DEFINITION_WORDS for lx in gap[1:])
            # no parenthesis, but the bound is on the very measure the condition is named by
            words = all(lx.type == "W" and lx.value.lower() in _DEFINITION_WORDS for lx in gap)
            # ... or on the classes that grade it ("congestive heart failure > NYHA class II", "heart
            # failure, NYHA class IV")
            # (not a class written before its own condition: "angina, class III-IV heart failure")
            own = k + 1 < len(parts) and parts[k + 1].lo == part.hi and parts[k + 1].node.kind == "condition"
            graded = _scored(part.node) and (words or [lx.type for lx in gap] == ["COMMA"]) and not own
            bare = words and _implies(before.node, part.node) or graded
            # "renal impairment, defined as creatinine clearance < 50 mL/min": the text says the bound
            # is what the condition means, whatever measure names it
            defined = 0 < len(gap) <= _DEFINING_GAP_MAX and any(lx.type == "W" and lx.value.lower() in _DEFINING_VERBS for lx in gap) and all(
                lx.type in _DEFINING_GAP or (lx.type == "W" and lx.value.lower() in _DEFINITION_WORDS) for lx in gap)
            # "tumour (tumour size >= 3 cm)", "a large tumour, defined as > 5 cm": a size defines nothing,
            # the tumour must be of that size; "heart failure (NYHA class III or IV)": a class grades the
            # condition it follows, which must be of that class
            sized = _sizes(before.node, part.node) or _scored(part.node)
            if (opens and closes) or defined:  # "(BMI > 30)", "fever defined as > 38 °C"
                span = _join(before.node, part.node)
                hi = part.hi + 1 if opens and closes else part.hi
                joined = AllOf if sized else AnyOf
                out[-1] = _Part(joined(items=(before.node, part.node), span=span), before.lo, hi)
                continue
            if bare:  # "fever > 38.5 °C", "hypertension of > 170/100 mmHg": the condition at that level,
                # which a record of the condition alone does not show (clinicians do not exclude a
                # patient whose hypertension is recorded but not its level)
                out[-1] = _Part(AllOf(items=(before.node, part.node), span=_join(before.node, part.node)),
                                before.lo, part.hi)
                continue
        out.append(part)
    return out


_DRUG_KINDS = frozenset({"prior_therapy", "medication"})
_RESTATING_WORDS = _DEFINITION_WORDS | {"any", "a", "an", "the"}  # "(defined as any illicit drug use)"


def _restated(parts: list[_Part], lexemes: list[Lexeme]) -> list[_Part]:
    """An event restated in parentheses right after it names it once: "Taxotere (docetaxel)",
    "HIV [positive anti-HIV antibody test]"; a parenthesis that defines it ("drug abuse (defined as
    any illicit drug use)") is another way it shows: ``any_of(event, definition)``. Read side by
    side, the two were required at once, and an "or" after the parenthesis joined the restatement,
    not the event ("Taxotere (docetaxel) or Navelbine (vinorelbine)")."""
    out: list[_Part] = []
    for part in parts:
        before = out[-1] if out else None
        if before is not None and _in_parentheses_after(before, part, lexemes):
            gap = lexemes[before.hi + 1 : part.lo]
            if _same_event(before.node, part.node):
                out[-1] = _Part(before.node.model_copy(update={"span": _join(before.node, part.node)}),
                                before.lo, part.hi + 1, before.washout)
                continue
            if any(lx.type == "W" and lx.value.lower() == "defined" for lx in gap) and _same_kind(before.node, part.node):
                out[-1] = _Part(AnyOf(items=(before.node, part.node), span=_join(before.node, part.node)),
                                before.lo, part.hi + 1)
                continue
        out.append(part)
    return out


def _in_parentheses_after(before: _Part, part: _Part, lexemes: list[Lexeme]) -> bool:
    """Whether ``part`` alone fills a parenthesis right after ``before`` (definition words may lead it)."""
    gap = lexemes[before.hi : part.lo]
    return (bool(gap) and gap[0].type == "LPAR" and part.hi < len(lexemes) and lexemes[part.hi].type == "RPAR"
            and all(lx.type == "W" and lx.value.lower() in _RESTATING_WORDS for lx in gap[1:])
            and is_event(before.node) and is_event(part.node))


def _same_event(a: Node, b: Node) -> bool:
    """One event named twice: the same concept, of the same kind (or both drugs)."""
    if a.kind in ("any_of", "all_of", "not") or b.kind in ("any_of", "all_of", "not"):
        return False
    kinds = {a.kind, b.kind}
    return a.name == b.name and (len(kinds) == 1 or kinds <= _DRUG_KINDS)  # type: ignore[attr-defined]


def _sizes(condition: Node, measure: Node) -> bool:
    """Whether the bound is the size of what the condition names ("hepatocellular carcinoma <= 5 cm")."""
    return implied_size(condition.name.rsplit("_", 1)[-1]) and _implies(condition, measure)  # type: ignore[attr-defined]


def _scored(measure: Node) -> bool:
    """Whether a bound is on the classes of a scale written in classes (the lab lexicon's
    ``scale.roman``: NYHA, ASA, Hoehn and Yahr): a class of functional severity grades the condition it
    follows. A score that may define a condition ("mental retardation (IQ < 70)", "cognitive decline,
    defined as MMSE <= 24") is not one: there the score shows the condition as a record does."""
    fields = [n.analyte for n in measure.walk() if n.kind in ("lab_threshold", "measure_threshold")]
    lexicon = lab_lexicon()
    return any(field in lexicon and (scale := lexicon[field].scale) is not None and scale.roman for field in fields)


def _implies(condition: Node, measure: Node) -> bool:
    """Whether the condition is named by the measure the bound is on ("fever": body temperature;
    "hypertension": a blood pressure, either of its two)."""
    field = implied_measure(condition.name.rsplit("_", 1)[-1])  # type: ignore[attr-defined]
    if field is None:
        return False
    fields = {getattr(n, "analyte", None) for n in measure.walk()}
    return field in fields or (field == "blood_pressure" and bool(fields & {"sbp", "dbp"}))


# what "naïve" says was never given: a therapy; a medication, whose node asks about current use, once
# its status says any use ever ("insulin-naïve" read as "not on insulin now" would be looser than the
# text; left beside its unread "naïve", the medication had been required)
_NAIVE_OF = frozenset({"prior_therapy", "medication"})


def _naive_after(parts: list[_Part], lexemes: list[Lexeme], to_span=None) -> list[_Part]:
    """"Chemotherapy-naïve", "ibrutinib naïve": the therapy was never given. The negation written
    after its therapy denies it (and is read, so it reaches no event after it); "naïve to X" is a
    negation before its event, read as any other."""
    out: list[_Part] = []
    for part in parts:
        k = part.hi + (part.hi < len(lexemes) and lexemes[part.hi].type == "DASH")
        if part.node.kind in _NAIVE_OF and k < len(lexemes) and lexemes[k].type == NAIVE:
            span = _with_cue(part.node.span, lexemes[k], to_span)
            part = _Part(Not(item=_ever_given(part.node), span=span), part.lo, k + 1)
        out.append(part)
    return out


def _ever(node: Node) -> bool:
    """A medication asked as any use of it, ever (see :func:`_ever_given`)."""
    return node.kind == "medication" and node.status == ("history",)  # type: ignore[attr-defined]


def _ever_given(node: Node) -> Node:
    """A medication as any use of it, ever (its status "history"); a therapy as it is (received); the
    members of a list each so."""
    if node.kind in ("any_of", "all_of"):
        return node.model_copy(update={"items": tuple(_ever_given(n) for n in node.items)})  # type: ignore[attr-defined]
    if node.kind != "medication":
        return node
    return node.model_copy(update={"status": ("history",)})


def _graded_conditions(parts: list[_Part]) -> list[_Part]:
    """"NYHA class II-IV congestive heart failure": a measure written right before a condition
    grades it; the two are one member (the condition at that level, as :func:`_definitions` reads a
    bound after it), so a negation before them denies both ("No NYHA class II-IV heart failure"),
    where it had been left over and the criterion asked for the heart failure."""
    out: list[_Part] = []
    for part in parts:
        before = out[-1] if out else None
        if (before is not None and before.hi == part.lo and part.node.kind == "condition"
                and before.node.kind in _MEASURES and before.node.kind != "performance_status"):
            out[-1] = _Part(AllOf(items=(part.node, before.node), span=_join(before.node, part.node)), before.lo, part.hi)
            continue
        out.append(part)
    return out


def _measured(node: Node) -> bool:
    """A threshold, or alternatives of thresholds only."""
    if node.kind == "any_of":
        return all(_measured(n) for n in node.items)  # type: ignore[attr-defined]
    return node.kind in _MEASURES


def _alternative(part: _Part) -> bool:
    return part.node.kind in _MEASURES or is_event(part.node)


# Status words that, leading a list, qualify every member: "history of A, B, or C", "known HIV,
# hepatitis B or C", "active infection or bleeding", "family history of A or B". Others ("uncontrolled hypertension or diabetes")
# are often the first member's own, so they stay where they are written.
_LIST_STATUSES = frozenset({"history", "family", "known", "suspected", "current", "active", "positive_test", "planned"})


def _lead_statuses(first: _Part, lexemes: list[Lexeme], every: bool = False) -> tuple[str, ...]:
    """The listed status words that lead a list, before its first term ("history of"); with
    ``every``, all of them (the members share one head noun, so the words before the first
    qualifier qualify the whole phrase: "uncontrolled bacterial, viral, or fungal infection")."""
    lead: list[str] = []
    for lx in lexemes[first.lo:first.hi]:
        if lx.type == "STATUS":
            lead.append(lx.value)
        elif lx.type not in ("NEG", "PRIOR", "COMMA", "AND", "OR"):
            break
    return tuple(dict.fromkeys(s for s in lead if every or s in _LIST_STATUSES))


def _shares_a_head(run: list[_Part], lexemes: list[Lexeme], text: str) -> bool:
    """Whether the run's members are qualifiers of one head written once, after the last ("bacterial,
    viral, or fungal infection"): the first member's term names a concept ending in the last
    member's head word, a word its own text does not hold."""
    if not text or len(run) < 2:
        return False
    first, last = lexemes[run[0].hi - 1], lexemes[run[-1].hi - 1]
    if not first.type.startswith("EV_") or not last.type.startswith("EV_"):
        return False
    head = text[last.start:last.end].lower().split()[-1:]
    concept = first.value.lstrip(OPEN_CONCEPT).replace("_", " ").split()[-1:]
    said = text[first.start:first.end].lower().split()
    return bool(head) and concept == head and head[0] not in said


def _share_lead_grade(items: list[Node]) -> list[Node]:
    """"Grade >= 2 motor or sensory neuropathy": kinds of one head written once share the grade
    written before the first; a member with a grade of its own keeps it."""
    grade = getattr(items[0], "grade", None) if items and items[0].kind == "condition" else None
    if grade is None:
        return items
    return [items[0]] + [item.model_copy(update={"grade": grade})
                         if item.kind == "condition" and item.grade is None else item for item in items[1:]]  # type: ignore[attr-defined]


def _share_lead_statuses(items: list[Node], statuses: tuple[str, ...]) -> list[Node]:
    """Each member after the first that states no status of its own takes the list's leading ones."""
    if not statuses:
        return items
    return [items[0]] + [_with_statuses(item, statuses) for item in items[1:]]


def _with_statuses(item: Node, statuses: tuple[str, ...]) -> Node:
    """``item`` with ``statuses`` where it states none of its own; a defined condition's condition takes them."""
    if is_defined_condition(item):
        first, *rest = item.items  # type: ignore[attr-defined]
        return item.model_copy(update={"items": (_with_statuses(first, statuses), *rest)})
    if "status" in type(item).model_fields and not set(item.status) - _TRAILING_STATUSES:  # type: ignore[attr-defined]
        return item.model_copy(update={"status": tuple(dict.fromkeys((*statuses, *item.status)))})  # type: ignore[attr-defined]
    return item


#: statuses read from words after the term ("infection requiring treatment"): the member's own, but
#: no status written before it, so the list's leading ones are still shared with it
_TRAILING_STATUSES = frozenset({"needs_treatment"})


def _list_node(cls: type[AnyOf] | type[AllOf], items: list[Node], span, *, deny_all: bool,
               negative_states: frozenset[int] = frozenset()) -> Node:
    """The list of ``items``; with ``deny_all``, a "no" leading it denies every member: "No wound,
    ulcer, or bone fracture" is none of them (not any of them), whether the list says "or" or "and".
    A member at an index of ``negative_states`` is a negative state of its own ("inability to
    swallow"): the "no" denies it as it is ("No dysphagia or inability to swallow" is neither)."""
    first, rest = items[0], items[1:]
    if deny_all and first.kind == "not" and not any(
            item.kind == "not" and k not in negative_states for k, item in enumerate(rest, 1)):
        if _ever(first.item):  # "naïve to darunavir, etravirine": neither ever given, as the first
            rest = [item if getattr(item, "status", ()) else _ever_given(item) for item in rest]
        return Not(item=AnyOf(items=(first.item, *rest), span=span), span=span)  # type: ignore[attr-defined]
    return cls(items=tuple(items), span=span)


def _names_a_negative_state(part: _Part, lexemes: list[Lexeme], text: str) -> bool:
    """Whether a list member is denied by a word that names a negative state ("inability to",
    "lack of": ``lexicons/negative_concept_words.txt``), not by a plain "no" of its own."""
    if part.node.kind != "not" or not text or lexemes[part.lo].type != "NEG":
        return False
    said = text[lexemes[part.lo].start:lexemes[part.lo].end].split()
    return bool(said) and said[0].lower() in word_list("negative_concept_words.txt")


_READ_AROUND = frozenset({"PERSON", "THAT_IS", "COMMA", "AND", "OR", "SLASH", "LPAR", "RPAR"})


def _unread_before(before: list[_Part], lexemes: list[Lexeme], sentence: list[int], p: int) -> list[Lexeme]:
    """The lexemes of the sentence up to the verdict at ``p`` that ``before`` does not read, but for
    persons and punctuation (what a description is written around)."""
    covered = {i for q in before for i in range(q.lo, q.hi)}
    return [lexemes[i] for i in range(p)
            if sentence[i] == sentence[p] and i not in covered and lexemes[i].type not in _READ_AROUND]


def _wholly_read(unread: list[Lexeme]) -> bool:
    """Whether a verdict's description is read but for ``unread`` (:func:`_unread_before`) function
    words: the verdict then denies all it says, and no more."""
    plain = word_list("function_words.txt") | remark_words().keys()  # "histologically confirmed" says how
    return all((lx.type == "W" and lx.value.lower() in plain) or (lx.type == "STATUS" and lx.value == "known")
               for lx in unread)


def _verdict_alternatives(before: list[_Part], types: list[str]) -> Node:
    """What a verdict denies: the parts before it, ``any_of`` them when a list with "or" joins them
    and words no rule read stand among its members ("Kaposi's sarcoma, GIST or myxoid liposarcoma
    will be excluded": whoever has one is excluded), else all of them."""
    gaps = [types[a.hi:b.lo] for a, b in zip(before, before[1:])]
    if gaps and "OR" in gaps[-1] and all(gap and set(gap) <= _LIST_SEPARATORS | {"W"} for gap in gaps):
        return AnyOf(items=tuple(q.node for q in before), span=_join(before[0].node, before[-1].node))
    return _all(before)


def _governed_events(parts: list[_Part], types: list[str], sentence: list[int],
                     p: int, any_rule: bool = False) -> list[_Part] | None:
    """The events a sentence-final cue at ``p`` speaks of ("Prior radiotherapy allowed"): every part
    of its sentence before it, all events, none after it, no "no" before it and the cue not inside
    parentheses ("(alopecia allowed)" is an aside); ``None`` when the cue does not qualify. After a
    verdict an exception may follow ("… are excluded unless CD4 > 350"): the case it exempts."""
    opened = [types[k] for k in range(p) if sentence[k] == sentence[p]]
    if "NEG" in opened or opened.count("LPAR") != opened.count("RPAR"):
        return None
    same = [q for q in parts if sentence[q.lo] == sentence[p]]
    before = [q for q in same if q.hi <= p]
    excepted = any_rule and p + 1 < len(types) and types[p + 1] == "EXCEPT"
    if not before or (any(q.lo > p for q in same) and not excepted) or not (
            any_rule or all(is_event(q.node) or q.node.kind == "sex" for q in before)):
        return None
    return before


def _replace(parts: list[_Part], old: list[_Part], node: Node) -> list[_Part]:
    kept = [q for q in parts if q not in old]
    return sorted(kept + [_Part(node, old[0].lo, old[-1].hi)], key=lambda q: q.lo)


def _permissions(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], to_span=None) -> list[_Part]:
    """"Prior radiotherapy allowed": a sentence whose events end in a permission cue allows them
    without requiring them. The first sentence with any cue ("is permitted", "are eligible"); a
    later one only with the bare word "allowed"/"permitted": there the other cues exempt a case
    from the earlier sentences instead (step 4)."""
    first = sentence[0] if sentence else 0
    types = [lx.type for lx in lexemes]
    for p, lx in enumerate(lexemes):
        if lx.type != "EXEMPT" or (sentence[p] != first and lx.value != _BARE_PERMISSION):
            continue
        before = _governed_events(parts, types, sentence, p)
        if before:
            allowed = Permitted(item=_all(before), span=_with_cue(_join(before[0].node, before[-1].node), lx, to_span))
            parts = _replace(parts, before, allowed)
    return parts


def _allowed_asides(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], to_span=None) -> list[_Part]:
    """"Unresolved toxicity (alopecia allowed)": a permission inside parentheses exempts the events
    it closes from the event before the parenthesis: ``except`` (an exclusion does not exclude
    them; an inclusion does not demand the item of them)."""
    types = [lx.type for lx in lexemes]
    for p, lx in enumerate(lexemes):
        # "(alopecia allowed)", and a permission with its verb closing the parenthesis ("(prior
        # treatment with bevacizumab is allowed)"): read as one more requirement, the exempted drug
        # had made the patient it allows the one excluded
        if lx.type != "EXEMPT":
            continue
        closing = p + 1 < len(lexemes) and (types[p + 1] == "RPAR" or _joins_the_study(lexemes, p + 1))
        closed_at = types.index("RPAR", p) if closing else None
        # "(hepatitis B is acceptable if the viral load is undetectable)": the case holds on its condition
        close = None if closing else _conditional_close(lexemes, types, p)
        if not (lx.value == _BARE_PERMISSION or (lx.value == "exempt" and (closing or close is not None))):
            continue
        opening = _opening(types, p)
        if opening is None:
            continue
        cases = [q for q in parts if q.lo > opening and q.hi <= p]
        items = [q for q in parts if q.hi <= opening and sentence[q.lo] == sentence[p]]
        if not cases or not all(is_event(q.node) for q in cases) or cases[0].node.kind == "not":
            continue  # a case compose already read otherwise ("recovered from … (alopecia allowed)")
        read = list(cases)
        if any(q.node.kind == "not" for q in cases):  # "(AF in the absence of other cardiac disease are
            if _denies_its_own(cases):  # eligible)": one case, with what it lacks
                continue
            cases = [_Part(_all(cases), cases[0].lo, cases[-1].hi)]
        conditions = [] if close is None else [q for q in parts if q.lo > p and q.hi <= close]
        end = close + 1 if close is not None else closed_at if closed_at is not None and closed_at > p + 1 else p + 1
        if not items:  # nothing before the parenthesis: the aside only allows what it names
            allowed = Permitted(item=_all(cases + conditions), span=_with_cue(_join(cases[0].node, cases[-1].node), lx, to_span))
            parts = _replace(parts, read + conditions, allowed)
            continue
        item = items[-1]
        if not is_event(item.node):
            continue
        span = _with_cue(_join(item.node, cases[-1].node), lexemes[end - 1], to_span)
        exceptions = tuple(q.node if not conditions else _all([q, *conditions]) for q in cases)
        node = Except(item=item.node, exceptions=exceptions, span=span)
        taken = [item, *read, *conditions]
        parts = sorted([q for q in parts if q not in taken] + [_Part(node, item.lo, end)], key=lambda q: q.lo)
    return parts


def _denies_its_own(cases: list[_Part]) -> bool:
    """Whether a case denies what it also names ("condoms pre-lubricated with or without spermicide"):
    not one case with what it lacks."""
    def concept(node: Node) -> tuple:
        return node.kind, getattr(node, "name", None)
    said = {concept(q.node) for q in cases if q.node.kind != "not"}
    return any(concept(n) in said for q in cases if q.node.kind == "not" for n in q.node.walk())


def _joins_the_study(lexemes: list[Lexeme], at: int) -> bool:
    """Whether only words of taking part close the parenthesis from ``at`` ("are eligible) to
    participate)", "may be enrolled in the study)")."""
    words = word_list("participation_words.txt") | _STUDY_WORDS
    for lx in lexemes[at:]:
        if lx.type == "RPAR":
            return True
        if lx.type not in ("W", "TO") or lx.value.lower() not in words:
            return False
    return False


#: What else may say taking part in the study after a permission: "eligible to participate in this study".
_STUDY_WORDS = frozenset({"to", "in", "into", "for", "the", "this", "study", "trial", "enroll", "enrol", "enter",
                          "participate", "be", "on"})


def _conditional_close(lexemes: list[Lexeme], types: list[str], p: int) -> int | None:
    """The index of the parenthesis closing a permission at ``p`` that a condition follows ("are
    acceptable if …)", "allowed provided …)"); ``None`` if no condition follows or no parenthesis
    closes it in the same sentence."""
    after = lexemes[p + 1] if p + 1 < len(lexemes) else None
    if after is None or after.type != "W" or after.value.lower() not in _CASE_IF:
        return None
    return _unmatched(types, p, forward=True, stop="SEMI")


def _opening(types: list[str], p: int) -> int | None:
    """The index of the parenthesis still open at ``p`` (``None`` if there is none)."""
    return _unmatched(types, p, forward=False)


def _unmatched(types: list[str], p: int, forward: bool, stop: str | None = None) -> int | None:
    """The index of the first parenthesis after (``forward``) or before ``p`` that no other one
    between matches: the one that closes, or opens, the parenthesis ``p`` stands in; ``None`` if
    there is none, or if a ``stop`` terminal comes first outside inner parentheses."""
    inner, outer = ("LPAR", "RPAR") if forward else ("RPAR", "LPAR")
    depth = 0
    for i in (range(p + 1, len(types)) if forward else range(p - 1, -1, -1)):
        if types[i] == inner:
            depth += 1
        elif types[i] == outer:
            if depth == 0:
                return i
            depth -= 1
        elif types[i] == stop and depth == 0:
            return None
    return None


def _prohibitions(parts: list[_Part], types: list[str], sentence: list[int], lexemes: list[Lexeme],
                  to_span=None) -> list[_Part]:
    """In an inclusion, "Concurrent radiotherapy not allowed": the events a prohibition cue ends
    must not hold. A sentence's own verdict ("Patients with hematocrit < 34% will be excluded")
    denies whatever its sentence describes before it, measures too. Where words of that description
    stay unread ("Participants < 65 who refuse auto-SCT are not eligible") the denial still spans the
    whole description, to the verdict, and the unread words are put under it later
    (:func:`..residue.words_under_verdicts`): "Applicants with a history of seizures (including
    substance-related seizures) will be excluded" is not(all_of(seizures, "Applicants", …)). Left
    standing, the events read alone had been required, the opposite of the text."""
    for p in (i for i, kind in enumerate(types) if kind == "PROHIBIT"):
        verdict = lexemes[p].value == VERDICT
        before = _governed_events(parts, types, sentence, p, any_rule=verdict)
        if before is None and not verdict:
            before = _prohibited_aside(parts, types, sentence, p)
        if before:
            item = _verdict_alternatives(before, types) if verdict else _all(before)
            span = item.span
            unread = _unread_before(before, lexemes, sentence, p) if verdict else []
            if not _wholly_read(unread):
                # a description with plain words unread is denied whole; a sentence with more ("X must
                # be discontinued or the subject is not eligible": a clause of its own) keeps its verdict unread
                if to_span is None or not all(lx.type == "W" for lx in unread):
                    continue
                first = next(k for k in range(p + 1) if sentence[k] == sentence[p])
                span = to_span(lexemes[first].start, lexemes[p].end)
            parts = _replace(parts, before, Not(item=item, span=span))
    return parts


def _prohibited_aside(parts: list[_Part], types: list[str], sentence: list[int], p: int) -> list[_Part] | None:
    """"Hemoglobin >= 9 g/dL (transfusion is not permitted within 14 days)": a prohibition that ends
    its parenthesis prohibits the events inside it, where a permission there is an aside on what
    precedes it. ``None`` unless every part between the parenthesis and the cue is an event and
    nothing is read after the cue before the parenthesis closes."""
    opened = next((k for k in range(p - 1, -1, -1) if types[k] == "LPAR" and sentence[k] == sentence[p]), None)
    if opened is None or "RPAR" in types[opened:p]:
        return None
    closing = next((k for k in range(p + 1, len(types)) if types[k] == "RPAR"), len(types))
    inside = [q for q in parts if opened < q.lo and q.hi <= p]
    if not inside or not all(is_event(q.node) for q in inside) or any(p < q.lo < closing for q in parts):
        return None
    return inside


_BOUNDED = frozenset({"lab_threshold", "measure_threshold"})


def _case_bounds(parts: list[_Part], lexemes: list[Lexeme], sentence: list[int], to_span=None) -> list[_Part]:
    """"AST <= 2.5 x ULN, unless liver metastases are present, in which case <= 5 x ULN": after an
    exception cue that follows a bound, a bound the grammar left unread for want of an analyte ("in
    which case <= 5 x ULN", "and then <= 5 x ULN", "up to 5 x ULN is allowed") is the case's own bound
    on the analytes before the cue, so the case is the condition with that looser bound (the exception
    step then makes it ``all_of`` them, as when the text names the analyte again: "…, where AST <= 5 x
    ULN"). The bound must be in the kind of the one before: a multiple of the same limit of normal, or
    a unit that converts; and the case must name something before it (an event)."""
    types = [lx.type for lx in lexemes]
    for p in (i for i, t in enumerate(types) if t == "EXCEPT"):
        before = [q for q in parts if q.hi <= p and sentence[q.lo] == sentence[p]]
        if not before or before[-1].node.kind not in _BOUNDED | {"all_of"}:
            continue
        bounded = [n for n in before[-1].node.walk() if n.kind in _BOUNDED]
        if not bounded or (before[-1].node.kind == "all_of" and len(bounded) != len(before[-1].node.items)):
            continue
        stop = _closing(types, p, sentence)
        covered = {i for q in parts for i in range(q.lo, q.hi)}
        for at in range(p + 1, stop):
            if at in covered or types[at] not in ("CMP", "LAB"):
                continue
            if not any(is_event(q.node) for q in parts if p < q.lo < at):
                break  # the case names no one before its bound
            found = _bare_bound(lexemes, at, stop, covered)
            if found is None:
                continue
            end, op, value, unit, relative, named = found
            span = to_span(lexemes[at].start, lexemes[end - 1].end) if to_span is not None else None
            nodes = [n for n in (_rebound(b, op, value, unit, relative, span) for b in bounded
                                 if named is None or b.analyte in named) if n is not None]
            if nodes:
                node = nodes[0] if len(nodes) == 1 else AllOf(items=tuple(nodes), span=span)
                parts = sorted(parts + [_Part(node, at, end)], key=lambda q: q.lo)
            break
    return parts


def _bare_bound(lexemes: list[Lexeme], at: int, stop: int, covered: set[int]):
    """(end, op, value, unit, relative_to, analytes named or None) of a bound without its own analyte at
    ``at`` ("<= 5 x ULN", "up to <= 5 times ULN", "ALT is allowed up to 5 x ULN"), or ``None``."""
    types = [lx.type for lx in lexemes[:stop]]
    i, named = at, None
    if types[i] == "LAB":  # the analytes said again: "in which case AST and ALT is allowed up to <= 5 x ULN"
        named = {lexemes[i].value}
        i += 1
        while i + 1 < stop and types[i] in ("AND", "OR", "SLASH", "COMMA") and types[i + 1] == "LAB":
            named.add(lexemes[i + 1].value)
            i += 2
        if i < stop and types[i] == "EXEMPT":
            i += 1
    op = None
    while i < stop and types[i] == "CMP":  # "up to <=": one comparator said twice
        op, i = lexemes[i].value, i + 1
    if op is None or i >= stop or types[i] != "NUM" or any(k in covered for k in range(at, i + 1)):
        return None
    value = parse_number(lexemes[i].value)
    i += 1
    if value is None:
        return None
    if i < stop and types[i] == "TIMES":
        i += 1
        if i < stop and types[i] == "ULN":
            return i + 1, op, value, None, lexemes[i].value, named
        return i, op, value, None, "ULN?", named  # "<= 5 times": times the limit the bound before names
    if i < stop and types[i] == "ULN":
        return i + 1, op, value, None, lexemes[i].value, named
    if i < stop and types[i] == "UNIT":
        return i + 1, op, value, lexemes[i].value, None, named
    return None


def _rebound(bound: Node, op: str, value: float, unit: str | None, relative: str | None, span) -> Node | None:
    """``bound``'s analyte under another bound of the same kind, or ``None`` where the kinds differ."""
    if relative is not None:
        if bound.relative_to is None or relative not in (bound.relative_to, "ULN?"):
            return None
        unit, relative = bound.unit, bound.relative_to
    elif bound.relative_to is not None or bound.unit is None or not compatible(unit, bound.unit):
        return None
    fields = bound.model_dump(exclude={"span", "paired", "alternatives", "applies_to", "value_high"})
    try:
        return type(bound).model_validate({**fields, "op": op, "value": value, "unit": unit,
                                           "relative_to": relative, "span": span})
    except ValueError:
        return None


_STATUS_RUN = frozenset({"STATUS", "AND", "OR", "COMMA"})
_EXEMPTED_EVENTS = frozenset({"condition", "prior_therapy", "medication", "procedure"})


def status_run(lexemes: list[Lexeme], cue: int) -> list[int]:
    """The indexes of the status words (and their "and", "or", commas) right after the exception cue
    at ``cue``: "unless treated and stable"."""
    run = list(takewhile(lambda k: lexemes[k].type in _STATUS_RUN, range(cue + 1, len(lexemes))))
    while run and lexemes[run[-1]].type != "STATUS":
        run.pop()
    return run


def _status_exceptions(parts: list[_Part], lexemes: list[Lexeme], text: str, sentence: list[int],
                       to_span=None) -> list[_Part]:
    """"Brain metastases, unless treated and stable", "hypertension unless well controlled": "unless"
    followed by nothing but status words to the end of its clause exempts the event before it in that
    state: ``except(event, event with those statuses)``. Left unread, the words made every verdict
    unknown; read as the event's own statuses, they would ask for the very state the text exempts.
    Other exception cues before a status ("allowed but not required") say something else."""
    types = [lx.type for lx in lexemes]
    for p in (i for i, t in enumerate(types) if t == "EXCEPT" and text[lexemes[i].start:lexemes[i].end].lower() == "unless"):
        run = status_run(lexemes, p)
        stop = _closing(types, p, sentence)
        if not run or run[-1] + 1 != stop or any(p < q.lo < stop for q in parts) or to_span is None:
            continue
        before = [q for q in parts if q.hi <= p and sentence[q.lo] == sentence[p]]
        item = before[-1] if before else None
        # "No brain metastases unless treated": the denied event is exempt in that state
        event = item.node.item if item is not None and isinstance(item.node, Not) else getattr(item, "node", None)
        if item is None or event.kind not in _EXEMPTED_EVENTS:  # type: ignore[union-attr]
            continue
        statuses = tuple(lexemes[k].value for k in run if lexemes[k].type == "STATUS")
        case_span = to_span(lexemes[run[0]].start, lexemes[run[-1]].end)
        case = event.model_copy(update={"status": tuple(dict.fromkeys((*event.status, *statuses))),  # type: ignore[attr-defined]
                                        "span": case_span})
        span = item.node.span.model_copy(update={"end": case_span.end}) if item.node.span is not None else None
        node = Except(item=item.node, exceptions=(case,), span=span)
        parts = sorted([q for q in parts if q is not item] + [_Part(node, item.lo, stop)], key=lambda q: q.lo)
    return parts


def _exceptions(parts: list[_Part], types: list[str], sentence: list[int]) -> list[_Part]:
    """Wrap what precedes an exception cue with what the cue governs (see module doc)."""
    for p in (i for i, t in enumerate(types) if t == "EXCEPT"):
        stop = _closing(types, p, sentence)
        exempt = [q for q in parts if p < q.lo < stop]
        before = [q for q in parts if q.hi <= p]
        if not exempt or not before:
            continue
        same = [q for q in before if sentence[q.lo] == sentence[p]]
        in_parenthesis = stop < len(types) and types[stop] == "RPAR"
        parent = (same or before)[-1:] if in_parenthesis else (same or before)
        item = _all(parent)
        # events alone may name several cases ("except basal cell or cervical carcinoma in situ");
        # a bound among them defines one subgroup ("except in patients with liver metastases,
        # where ALT <= 5 x ULN"): they hold together
        exceptions = _cases(exempt) if all(is_event(q.node) for q in exempt) else (_all(exempt),)
        lo, hi = parent[0].lo, exempt[-1].hi
        wrapped = _Part(Except(item=item, exceptions=exceptions, span=_join(parent[0].node, exempt[-1].node)), lo, hi)
        keep = [q for q in parts if q not in parent and q not in exempt]
        parts = sorted(keep + [wrapped], key=lambda q: q.lo)
    return parts


def _all(parts: list[_Part]) -> Node:
    """One node for the parts an exception is carved from."""
    if len(parts) == 1:
        return parts[0].node
    return AllOf(items=tuple(q.node for q in parts), span=_join(parts[0].node, parts[-1].node))


def _cases(exempt: list[_Part]) -> tuple[Node, ...]:
    """Exempt cases: a list of events ("basal cell carcinoma and cervical carcinoma in situ")
    names several cases, each exempt on its own, not one case needing all of them."""
    out: list[Node] = []
    for q in exempt:
        if isinstance(q.node, AllOf) and is_event(q.node):
            out.extend(q.node.items)
        else:
            out.append(q.node)
    return tuple(out)


def _with_cue(span: Span | None, cue: Lexeme, to_span) -> Span | None:
    """``span`` widened to the cue's words (when the original can be reached)."""
    if span is None or to_span is None:
        return span
    words = to_span(cue.start, cue.end)
    return Span(start=min(span.start, words.start), end=max(span.end, words.end))


def _join(first: Node, last: Node):
    if first.span is None or last.span is None:
        return None
    return first.span.model_copy(update={"end": max(first.span.end, last.span.end)})




def _described_drugs(parts: list[_Part], lexemes: list[Lexeme]) -> list[_Part]:
    """"Any herbal or prescription medications known to be strong CYP3A inhibitors": the medications
    are described by the class after them; the class is what is asked, not herbal medicine and it.
    The class's reading spans the words that describe it."""
    out: list[_Part] = []
    described: _Part | None = None
    for k, part in enumerate(parts):
        after = parts[k + 1] if k + 1 < len(parts) else None
        if (after is not None and part.node.kind == "medication" and after.node.kind == "medication"
                and _describes(_gap_words(lexemes, part.hi, after.lo))):
            described = part
            continue
        if described is not None and described.node.span is not None and part.node.span is not None:
            span = part.node.span.model_copy(update={"start": described.node.span.start})
            part = _Part(part.node.model_copy(update={"span": span}), described.lo, part.hi, part.washout)
        described = None
        out.append(part)
    return out


def _describes(gap: str) -> bool:
    """Whether the words between two medications make the first a description of the second: a
    describing phrase ("known to be", ``lexicons/describing_phrases.txt``), or "known to" with at most
    a few words ("known to [inhibit P-gp]", "known to inhibit membrane transporters")."""
    words = gap.split()
    return gap in word_list("describing_phrases.txt") or (
        words[:2] == ["known", "to"] and len(words) <= _DESCRIBING_WORDS)


_DESCRIBING_WORDS = 5  # "known to inhibit membrane transporters"


def _gap_words(lexemes: list[Lexeme], lo: int, hi: int) -> str:
    """The words between two parts, as written in lower case ("known to be")."""
    words = []
    for lx in lexemes[lo:hi]:
        words.append("known" if lx.type == "STATUS" and lx.value == "known" else lx.value.lower())
    return " ".join(words)


def _drop_anchor_drugs(parts: list[_Part], lexemes: list[Lexeme]) -> list[_Part]:
    def names_anchor(part: _Part) -> bool:
        lo = part.lo
        return lo >= 2 and lexemes[lo - 1].value.lower() == "of" and lexemes[lo - 2].type == "ANCHOR"

    return [p for p in parts if not (names_anchor(p) and is_event(p.node))]


def _subgroup_sentences(lexemes: list[Lexeme], text: str, sentence: list[int]) -> set[int]:
    """Later sentences that open by naming a subgroup ("For patients with prostate cancer, …,
    platinum-based chemotherapy will not need to be the first line therapy"): a provision for
    those patients, so an exempt case like a sentence with an exemption cue, not a requirement
    for everyone."""
    firsts = {}
    for k, number in enumerate(sentence):
        firsts.setdefault(number, k)
    return {number for number, k in firsts.items()
            if number and opens_with_subgroup(text, lexemes[k].start, lexemes[-1].end)}


def _case_bound_sentences(parts: list[_Part], lexemes: list[Lexeme], text: str,
                          sentence: list[int]) -> tuple[list[_Part], set[int]]:
    """"ALT and AST <= 3 x ULN; if liver metastases are present, ALT and AST <= 5 x ULN": a later
    sentence that opens with a case and bounds again analytes the bound just before it bounds is
    that case's own bound: ``except`` the bound before it, the case its events with its bounds (as
    "…, unless liver metastases are present, in which case <= 5 x ULN" reads). Only that bound is
    carved from: other sentences stay requirements for everyone. A sentence with anything else in
    it ("; if female, a negative pregnancy test") is left as it was read. Also the sentences read."""
    read: set[int] = set()
    firsts: dict[int, int] = {}
    for k, number in enumerate(sentence):
        if lexemes[k].type != "SEMI":  # the ';' that ends a sentence is the next one's first lexeme
            firsts.setdefault(number, k)
    for number, k in firsts.items():
        end = lexemes[-1].end
        if not number or not (opens_with_case(text, lexemes[k].start, end) or opens_with_subgroup(text, lexemes[k].start, end)
                              or opens_with_subgroup_subject(text, lexemes[k].start, end)):
            continue
        mine = [q for q in parts if sentence[q.lo] == number]
        earlier = [q for q in parts if sentence[q.lo] == number - 1]
        bounded = [q for q in mine if _bounds_only(q.node)]
        events = [q for q in mine if q not in bounded]
        if not bounded or not events or not earlier or not _bounds_only(earlier[-1].node) \
                or not all(is_event(q.node) for q in events):
            continue
        before = {n.analyte: n for n in earlier[-1].node.walk() if n.kind in _BOUNDED}
        if not all(_relaxes(n, before.get(n.analyte)) for q in bounded for n in q.node.walk() if n.kind in _BOUNDED):
            continue
        item = earlier[-1]
        case = AllOf(items=tuple(q.node for q in mine), span=_join(mine[0].node, mine[-1].node))
        wrapped = _Part(Except(item=item.node, exceptions=(case,), span=_join(item.node, mine[-1].node)),
                        item.lo, mine[-1].hi)
        parts = sorted([q for q in parts if q is not item and q not in mine] + [wrapped], key=lambda q: q.lo)
        read.add(number)
    return parts, read


def _trailing_case_bounds(parts: list[_Part], lexemes: list[Lexeme], text: str,
                          sentence: list[int]) -> list[_Part]:
    """"ALT and AST <= 3 x ULN (ALT and AST <= 5 x ULN if liver metastasis)", "…; ALT and AST <= 5 x
    ULN in patients with liver metastases": the analytes bounded again, looser, with the case named
    after the bound, is that case's own bound, as :func:`_case_bound_sentences` reads it when the
    case opens the sentence: ``except`` the bound before it, the case its events with its bound.
    Only in an inclusion (where a looser bound for a case relaxes the criterion); only where the
    words between the bound and the case's terms just say so ("if", "in patients with") and nothing
    but the case's events follows it up to its parenthesis's, clause's or sentence's end."""
    for at, second in enumerate(parts):
        if at == 0 or not _bounds_only(second.node):
            continue
        first = parts[at - 1]
        if not _bounds_only(first.node) or sentence[second.lo] - sentence[first.hi - 1] > 1:
            continue
        before = {n.analyte: n for n in first.node.walk() if n.kind in _BOUNDED}
        if not all(_relaxes(n, before.get(n.analyte)) for n in second.node.walk() if n.kind in _BOUNDED):
            continue
        stop = _case_end(lexemes, sentence, first.hi, second.lo, second.hi)
        case = [q for q in parts[at + 1:] if q.lo < stop]
        if not case or not all(is_event(q.node) for q in case) \
                or not names_a_trailing_case(text, lexemes[second.hi - 1].end, lexemes[case[0].lo].start) \
                or not ends_a_trailing_case(text, lexemes[case[-1].hi - 1].end, _end_offset(lexemes, stop)):
            continue
        nodes = (second.node, *(q.node for q in case))
        exception = AllOf(items=nodes, span=_join(second.node, case[-1].node))
        wrapped = _Part(Except(item=first.node, exceptions=(exception,), span=_join(first.node, case[-1].node)),
                        first.lo, case[-1].hi)
        rest = [q for q in parts if q is not first and q is not second and q not in case]
        return _trailing_case_bounds(sorted(rest + [wrapped], key=lambda q: q.lo), lexemes, text, sentence)
    return parts


#: what may join a bound to the looser bound said for a case after it ("… or <= 5 x ULN if …", "(or …")
_CASE_JOINTS = frozenset({"OR", "AND", "COMMA", "LPAR"})


def _trailing_bare_cases(parts: list[_Part], lexemes: list[Lexeme], text: str, sentence: list[int],
                         to_span=None) -> list[_Part]:
    """"AST and ALT <= 3 x ULN or <= 5 x ULN if liver metastases", "ALP <= 2 x ULN (or <= 5 x ULN if
    liver metastases, <= 7 x ULN if bone metastases)": right after a bound, a looser bound the grammar
    left unread for want of an analyte, with a case named after it, is that case's bound on the
    analytes before it (:func:`_bare_bound`, as :func:`_case_bounds` reads it after "unless"); each
    such case is one exception of the first bound. Only in an inclusion, and only where the words
    between each bound and its case's events just name the case and the events run to the next bound
    or the end of the parenthesis or sentence."""
    types = [lx.type for lx in lexemes]
    covered = {i for q in parts for i in range(q.lo, q.hi)}
    for first in parts:
        either = first.node.kind == "any_of" and all(n.kind in _BOUNDED for n in first.node.items)  # type: ignore[attr-defined]
        if not (_bounds_only(first.node) or either):
            continue
        bounded = [n for n in first.node.walk() if n.kind in _BOUNDED]
        # the cases' stretch: the parenthesis right after the bound ("(or <= 5 x ULN if …)"), else the
        # sentence, and the one after a semicolon ("…; patient with liver metastases <= 5 x ULN")
        lead = _past_a_note(types, sentence, covered, first.hi)
        opened = int(lead < len(types) and types[lead] == "LPAR")
        stop = _case_end(lexemes, sentence, lead, lead + opened, lead + opened)
        if not opened and stop < len(types) and types[stop] == "SEMI" and stop == first.hi:
            stop = _case_end(lexemes, sentence, stop, stop + 1, stop + 1)
        joined = AnyOf if either else AllOf  # "AST or ALT": the case's bound on either, as the first
        cases, used, at = [], [], lead
        while True:
            while at < stop and types[at] in _CASE_JOINTS | {"SEMI"} and at not in covered:
                at += 1
            if at < stop and types[at] != "CMP":  # ", patient with liver metastases <= 5 x ULN": the case first
                led = _leading_case(parts, lexemes, text, types, at, stop, covered)
                if led is None:
                    break
                events, found, bound_at = led
                end, op, value, unit, relative, _ = found
                span = to_span(lexemes[bound_at].start, lexemes[end - 1].end) if to_span is not None else None
                nodes = [_rebound(b, op, value, unit, relative, span) for b in bounded]
                if not nodes or any(n is None or not _relaxes(n, b) for n, b in zip(nodes, bounded)):
                    break
                bound = nodes[0] if len(nodes) == 1 else joined(items=tuple(nodes), span=span)
                cases.append(AllOf(items=(*(q.node for q in events), bound), span=_join(events[0].node, bound)))
                used.extend(events)
                last_hi = end
                at = end
                continue
            found = _bare_bound(lexemes, at, stop, covered) if at < stop and types[at] == "CMP" else None
            if found is None:
                break
            end, op, value, unit, relative, _ = found
            span = to_span(lexemes[at].start, lexemes[end - 1].end) if to_span is not None else None
            nodes = [_rebound(b, op, value, unit, relative, span) for b in bounded]
            if not nodes or any(n is None or not _relaxes(n, b) for n, b in zip(nodes, bounded)):
                break
            closing = next((i for i in range(end, stop) if types[i] == "CMP" and i not in covered), stop)
            events = [q for q in parts if end <= q.lo < closing]
            if not events or not all(is_event(q.node) for q in events) or events[-1].hi > closing \
                    or not names_a_trailing_case(text, lexemes[end - 1].end, lexemes[events[0].lo].start):
                break
            # the case ends with its events: "if myeloma involvement in the marrow is > 50%" says more
            # of the case than its event, which alone would be a broader case than the text's
            if not (all(types[i] in _CASE_JOINTS | {"SEMI"} for i in range(events[-1].hi, closing)) if closing < stop
                    else ends_a_trailing_case(text, lexemes[events[-1].hi - 1].end, _end_offset(lexemes, stop))):
                break
            bound = nodes[0] if len(nodes) == 1 else joined(items=tuple(nodes), span=span)
            cases.append(AllOf(items=(bound, *(q.node for q in events)), span=_join(bound, events[-1].node)))
            used.extend(events)
            last_hi = at = events[-1].hi
        if cases:
            wrapped = _Part(Except(item=first.node, exceptions=tuple(cases), span=_join(first.node, cases[-1])),
                            first.lo, last_hi)
            rest = [q for q in parts if q is not first and q not in used]
            return sorted(rest + [wrapped], key=lambda q: q.lo)
    return parts


#: words of a note between a bound and the parenthesis of its cases ("<= 2.5 x ULN per institutional
#: laboratory range (or <= 5 x ULN if …)", "… for AST/ALT (< 5 x ULN in …)"): how many, and of what kind
_NOTE_REACH = 5
_NOT_A_NOTE = frozenset({"CMP", "CMP_POST", "OR_CMP", "NUM", "UNIT", "ULN", "TIMES", "LPAR", "RPAR", "SEMI", "COMMA",
                         "OR", "AND", "EXCEPT", "EXEMPT", "NEG"})


def _past_a_note(types: list[str], sentence: list[int], covered: set[int], at: int) -> int:
    """Where the cases after a bound ending at ``at`` start: ``at``, or the parenthesis after a few
    words of a note on the bound that no reading took (they stay unread, as before)."""
    k = at
    while k < len(types) and k - at < _NOTE_REACH and types[k] not in _NOT_A_NOTE and k not in covered:
        k += 1
    if k > at and k < len(types) and types[k] == "LPAR" and sentence[k] == sentence[at]:
        return k
    return at


#: what may follow a case's bound written after its case: the end of the case's clause
_AFTER_A_LEADING_CASE = frozenset({"COMMA", "SEMI", "AND", "RPAR"})


def _leading_case(parts: list[_Part], lexemes: list[Lexeme], text: str, types: list[str], at: int, stop: int,
                  covered: set[int]):
    """(the case's events, its bare bound as :func:`_bare_bound` reads it, where the bound starts) of a
    case named before its bound at ``at`` ("patient with liver metastases <= 5 x ULN", "if hepatic
    metastases are present, <= 2.5 x ULN"), or None: the words before the events open a case, only
    "are present," stands between them and the bound, and the case's clause ends with the bound."""
    events = []
    for q in parts:
        if q.lo >= at and q.lo < stop and (not events and not any(i in covered for i in range(at, q.lo))
                                           or events and q.lo == events[-1].hi):
            if not is_event(q.node):
                return None
            events.append(q)
        elif events:
            break
    if not events or not names_a_leading_case(text, lexemes[at].start, lexemes[events[0].lo].start):
        return None
    k = events[-1].hi
    while k < stop and types[k] != "CMP" and k not in covered and k - events[-1].hi < 3:
        k += 1  # "if hepatic metastases are present, <= 5 x ULN"
    if k < stop and not closes_a_leading_case(text, lexemes[events[-1].hi - 1].end, lexemes[k].start):
        return None
    found = _bare_bound(lexemes, k, stop, covered) if k < stop and types[k] == "CMP" else None
    if found is None or (found[0] < stop and types[found[0]] not in _AFTER_A_LEADING_CASE):
        return None
    return events, found, k


def _end_offset(lexemes: list[Lexeme], stop: int) -> int:
    """The text offset where lexeme ``stop`` starts (the end of the last lexeme when none is left)."""
    return lexemes[stop].start if stop < len(lexemes) else lexemes[-1].end


def _case_end(lexemes: list[Lexeme], sentence: list[int], after: int, lo: int, hi: int) -> int:
    """Where the case named after a bound at ``lo:hi`` ends: the parenthesis it stands in (opened after
    ``after``, the bound before it), else the end of its sentence."""
    depth = 0
    for i in range(after, lo):
        depth += {"LPAR": 1, "RPAR": -1}.get(lexemes[i].type, 0)
    end = hi
    while end < len(lexemes) and sentence[end] == sentence[hi - 1]:
        kind = lexemes[end].type
        if depth > 0 and kind == "RPAR":
            depth -= 1
            if depth == 0:
                return end
        elif kind == "LPAR" and depth > 0:
            depth += 1
        end += 1
    return end


def _relaxes(case: Node, everyone: Node | None) -> bool:
    """Whether a case's bound admits every value the bound for everyone does and more: as
    :func:`_looser`, the comparators only in one direction ("< 5 x ULN" after "<= 2.5 x ULN")."""
    upper, lower = ("<", "<="), (">", ">=")
    if everyone is None or not ({case.op, everyone.op} <= set(upper) or {case.op, everyone.op} <= set(lower)):
        return False
    same = everyone.model_copy(update={"op": case.op})
    return _looser(case, same)


def _looser(case: Node, everyone: Node | None) -> bool:
    """Whether a case's bound relaxes the bound for everyone on the same analyte ("<= 5 x ULN" after
    "<= 3 x ULN"): only then is it an exception to it. A stricter or equal bound for a subgroup
    ("for patients who had radiotherapy, PSA >= 3.0" after "PSA >= 1.0") is a bound of its own."""
    if everyone is None or case.op != everyone.op or case.relative_to != everyone.relative_to \
            or case.unit != everyone.unit or case.value_high is not None or everyone.value_high is not None:
        return False
    if case.op in ("<", "<="):
        return case.value > everyone.value
    return case.op in (">", ">=") and case.value < everyone.value


def _bounds_only(node: Node) -> bool:
    """Whether a node is a bound on measures, or several joined by "and"."""
    return node.kind in _BOUNDED or (node.kind == "all_of" and all(n.kind in _BOUNDED for n in node.items))


def _exempt_sentences(parts: list[_Part], types: list[str], sentence: list[int], scoped: set[int],
                      bare: frozenset[int] = frozenset(), conditional: frozenset[int] = frozenset()) -> list[_Part]:
    """A later sentence with an exemption cue (or opening with a subgroup) names one case exempt
    from the earlier sentences ("Pleural effusion managed with indwelling pleural catheter are
    allowed": effusion and catheter together; "Patients with HBV DNA < 100 IU/mL are allowed").
    After the cue only events still belong to the case: a bound there is a requirement for
    everyone, run on from another line ("… are allowed baseline oxygen saturation > 90%"), unless
    the cue at ``conditional`` makes a bound the case's own ("… are eligible if HR >= 50 bpm")."""
    cue_at: dict[int, int] = {}
    for i, t in enumerate(types):
        if t == "EXEMPT" and i not in bare:
            cue_at.setdefault(sentence[i], i)
    cued = sorted((set(cue_at) | scoped) - {sentence[0] if sentence else 0})
    if not cued:
        return parts
    first = cued[0]
    before = [q for q in parts if sentence[q.lo] < first]
    exempt = [q for q in parts if sentence[q.lo] >= first
              and (is_event(q.node) or q.hi <= cue_at.get(sentence[q.lo], len(types))
                   or (cue_at.get(sentence[q.lo]) in conditional and _bounds_only(q.node)))]
    if not before or not exempt:
        return parts
    by_sentence: dict[int, list[_Part]] = {}
    for q in exempt:
        by_sentence.setdefault(sentence[q.lo], []).append(q)
    exceptions = tuple(case for group in by_sentence.values() for case in _one_case(group))
    wrapped = _Part(Except(item=_all(before), exceptions=exceptions, span=_join(before[0].node, exempt[-1].node)),
                    before[0].lo, exempt[-1].hi)
    others = [q for q in parts if sentence[q.lo] >= first and q not in exempt]
    return sorted([wrapped, *others], key=lambda q: q.lo)


def _one_case(group: list[_Part]) -> tuple[Node, ...]:
    """The parts of one exemption sentence: one case, unless it is a single list of cases."""
    if len(group) == 1:
        return _cases(group)
    return (AllOf(items=tuple(q.node for q in group), span=_join(group[0].node, group[-1].node)),)


def _either_sentence(parts: list[_Part], sentence: list[int], lexemes: list[Lexeme]) -> list[_Part]:
    """An exclusion's parts in two or more sentences: any one sentence excludes. A sentence that
    is only a parenthesis saying whom the one before is for ("… prostate cancer. (For
    non-prostate cancer patients)") is part of that sentence, not one more way to be excluded."""
    groups: dict[int, list[_Part]] = {}
    for q in parts:
        key = sentence[q.lo]
        if groups and _whom_for(lexemes, sentence, key):
            key = list(groups)[-1]
        groups.setdefault(key, []).append(q)
    if len(groups) < 2:
        return parts
    items = tuple(_all(group) for group in groups.values())
    return [_Part(AnyOf(items=items, span=_join(parts[0].node, parts[-1].node)), parts[0].lo, parts[-1].hi)]


def _whom_for(lexemes: list[Lexeme], sentence: list[int], number: int) -> bool:
    """Whether sentence ``number`` is "(For <whom> patients)": a parenthesis opening with "for"
    and closing on a person word."""
    words = [lx for lx, n in zip(lexemes, sentence) if n == number]
    return (len(words) >= 4 and words[0].type == "LPAR" and words[1].type == "FOR"
            and words[-1].type == "RPAR" and words[-2].type == "PERSON")


def _a_list(node: Node) -> bool:
    """A list the lead's count applies to member by member: alternatives, or events joined as a
    list (not a condition with the measure defining it)."""
    return isinstance(node, AnyOf) or (isinstance(node, AllOf) and all(is_event(n) for n in node.items)
                                       and not is_defined_condition(node))


def _at_least(parts: list[_Part], lexemes: list[Lexeme], text: str = "") -> list[_Part]:
    """"At least 2 of the following: A, B, C" is ``at_least(2, A, B, C)``; "any of the following:
    A, B, C" (or "one of") is ``any_of`` them, however the list itself was joined: the lead says
    how its members count, up to the end of its sentence (a full stop; its items may be set apart
    by semicolons)."""
    types = [lx.type for lx in lexemes]
    if "FOLLOWING" not in types:
        return parts
    k = types.index("FOLLOWING")
    logic, n = subcriteria_logic(lexemes, "")
    if logic == "any_of":
        n = 1
    elif logic != "at_least" or n is None:
        return parts
    stop = _full_stop_after(lexemes, text, k)
    after = [q for q in parts if k < q.lo < stop]
    if not after:
        return parts
    flat = [m for q in after for m in (q.node.items if _a_list(q.node) else (q.node,))]
    if len(flat) < max(n, 2):
        return parts
    lead = _lead_window(flat[0])
    if lead is not None:  # "any of the following within 6 months: A; B; C": the lead's window is each one's
        flat = [flat[0], *(with_window(m, lead) for m in flat[1:])]
    span = _join(after[0].node, after[-1].node)
    node = AnyOf(items=tuple(flat), span=span) if logic == "any_of" else AtLeast(n=n, items=tuple(flat), span=span)
    return [q for q in parts if q.lo <= k] + [_Part(node, after[0].lo, after[-1].hi)] + [q for q in parts if q.lo >= stop]


def _lead_window(node: Node) -> TimeWindow | None:
    """The window a list's first member took from the words before it (the list's lead), if any."""
    if node.span is None:
        return None
    return next((w for n in node.walk() if (w := getattr(n, "window", None)) is not None
                 and w.span is not None and w.span.end <= node.span.start), None)


_FULL_STOP = re.compile(r"\.(?=\s|$)")


def _full_stop_after(lexemes: list[Lexeme], text: str, k: int) -> int:
    """Index of the first lexeme after a full stop that follows lexeme ``k`` (not one inside a
    lexeme, as in "e.g." or "1.5"); ``len(lexemes)`` if none."""
    starts = [lx.start for lx in lexemes]
    for m in _FULL_STOP.finditer(text, lexemes[k].end, lexemes[-1].end if lexemes else 0):
        i = bisect_right(starts, m.start()) - 1
        if i < 0 or m.start() >= lexemes[i].end:
            return i + 1
    return len(lexemes)
