"""Words no rule read: ``unparsed`` beside the rule, or a remark on how it is established.

Each stretch of substantive text outside every match becomes an ``unparsed`` node ("text beside
the typed rules", or "number not understood" when a number or comparator was left over); a
stretch that only says how or when a finding is established (``data/lexicons/remark_words.txt``)
is a :class:`~criteria.tree.nodes.Remark`; beside consent and compliance alone, words describing
them are a remark too.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ...resources import event_heads, word_list
from ...tree.nodes import Node, Remark, Unparsed
from ..grammar.lexer import VERDICT, Lexeme
from ..grammar.scanner import Match

_CONTENT_TYPES = frozenset({
    "W", "NUM", "CMP", "CMP_POST", "LAB", "UNIT", "DOSE_UNIT", "GRADE", "GRADE_N", "TIME_UNIT",
    "RECOVERED", "PROHIBIT", "INSTRUCT", "CONTRA", "MEASURE", "STATUS", "ANCHOR",
    "AGE", "AGE_GROUP", "LIFE_EXP", "PERF", "ULN", "WNL", "LINE", "OR_CMP", "STAGE",
    "NEG", "NAIVE", "CAUSE",  # a negation (or a cause cue) no reading took in (those compose read are passed in as read elsewhere)
    # terms no reading took in: an organ site or an event term left over is content, never dropped
    "EV_SITE", "EV_COND", "EV_THERAPY", "EV_MED", "EV_PROC", "EV_REPRO", "EV_SEX",
})

# What an unparsed stretch neither starts nor ends with: punctuation, connectives, "patients"
_NOT_AT_EDGES = frozenset({"COMMA", "SEMI", "COLON", "LPAR", "RPAR", "DASH", "SLASH", "PLUS",
                           "AND", "OR", "EXAMPLE", "EITHER", "THAT_IS", "PERSON"})
_NUMERIC_TYPES = frozenset({"NUM", "CMP", "CMP_POST", "GRADE_N"})
# Meeting criteria is a method ("meets DSM-IV criteria for depression") unless the criteria are
# others of the trial's ("meeting the following criteria", "acceptable if they meet entry criteria",
# "except those meeting the above"): a reference then, never a remark
_MEETING = re.compile(r"\b(?:meet|meets|meeting|fulfil|fulfils|fulfill|fulfills|fulfilling|satisf(?:y|ies|ying))\b", re.I)
_REFERRING = re.compile(r"\b(?:following|above|below|entry|eligibility|inclusion|exclusion)\b", re.I)


def leftovers(lexemes: list[Lexeme], matches: list[Match], to_span, original: str,
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
    # a connective alone ("…, where AST <= 5 x ULN": the clause it opens was read) asks nothing
    no_content = function_words | word_list("connective_words.txt")
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
            lx for i, lx in enumerate(lexemes[lo:hi], lo)
            if (lx.type in _CONTENT_TYPES and not (lx.type == "W" and (lx.value.lower() in no_content or _punctuation(lx)))
                and not (lx.type == "PROHIBIT" and lx.value == VERDICT)  # "… will be excluded" restates the list's verdict
                and not (lx.type == "EV_SITE" and _organ_heading(lexemes, i, to_span, original, function_words)))
        ]  # an organ named only as a heading ("Renal function:", "Bone marrow function:") is no leftover
        if not content:
            continue
        words = _study_period(lexemes[lo:hi]) or [
            lx for lx in lexemes[lo:hi] if lx.type not in _NOT_AT_EDGES and not (lx.type == "W" and lx.value.lower() in function_words)]
        first, last = _whole_words(lexemes, lo, hi, words)
        span = to_span(first, last)  # the relation words of "before enrollment" too
        # "likely to not be available": a negation is never a remark; nor are words pointing at other
        # criteria ("except those meeting the following criteria", "acceptable if they meet entry criteria")
        negated = any(lx.type == "NEG" for lx in lexemes[lo:hi])
        said = span.slice(original)
        referring = bool(_MEETING.search(said) and _REFERRING.search(said))
        about = None if negated or referring else (_any_cause(said) or _remark_about(content, administrative, lexemes[lo:hi]))
        if about is None and _history_lead(content, lexemes[lo:hi], hi, matches):
            about = "description"
        if about is None and _names_a_group(lexemes, lo, hi):
            about = "description"
        if about:
            out.append(Remark(text=span.slice(original), about=about, span=span))
            continue
        numeric = any(lx.type in _NUMERIC_TYPES for lx in content)
        reason = "number not understood" if numeric else "text beside the typed rules"
        out.append(Unparsed(text=span.slice(original), reason=reason, span=span))
    return out

def _any_cause(said: str) -> str | None:
    """``'optional'`` when the words say only that any cause will do ("for any reason", "due to any
    cause": ``lexicons/any_cause_phrases.txt``): they restrict nothing the rule asks."""
    words = " ".join(re.findall(r"[a-z]+", said.lower()))
    return "optional" if words in word_list("any_cause_phrases.txt") else None


_GLUED = frozenset({"W", "DASH", "NUM"})


def _whole_words(lexemes: list[Lexeme], lo: int, hi: int, words: list[Lexeme]) -> tuple[int, int]:
    """The offsets of ``words`` widened over the run's pieces glued to its edges: "check-in" is not
    cut to "check" because "in" alone is a function word."""
    k, m = lexemes.index(words[0], lo, hi), lexemes.index(words[-1], lo, hi)
    while k > lo and lexemes[k - 1].type in _GLUED and lexemes[k - 1].end == lexemes[k].start:
        k -= 1
    while m + 1 < hi and lexemes[m + 1].type in _GLUED and lexemes[m + 1].start == lexemes[m].end:
        m += 1
    # a hyphen at an edge joins the words to a word read ("disease-related"): it is no part of them
    k += lexemes[k].type == "DASH" and k < m
    m -= lexemes[m].type == "DASH" and m > k
    return lexemes[k].start, lexemes[m].end


def _study_period(run: list[Lexeme]) -> list[Lexeme]:
    """The words of ``run`` whole when they name the study's period ("while on study", "during
    study", "throughout the trial": ``study_period_phrases.txt``), else none. Trimmed of its
    function words at the edges the stretch would say "while" or "during" alone, and compose could
    no longer tell it names the study (``criteria.parse.compose._study_periods``)."""
    words = [lx for lx in run if lx.type not in _NOT_AT_EDGES]
    said = " ".join(w for lx in words for w in re.findall(r"[a-z]+", lx.value.lower()))
    return words if words and said in word_list("study_period_phrases.txt") else []


def _punctuation(lx: Lexeme) -> bool:
    """A word of punctuation alone ("?" closing "Is the patient at least 50 years old?", "):"
    closing a parenthesis before a list): it says nothing a rule could read. A symbol ("±": with
    or without) says something, and a character no script has (a lone surrogate) is not known to
    say nothing: both stay."""
    return bool(lx.value) and all(unicodedata.category(ch).startswith("P") for ch in lx.value)


#: what a record of an event stands for, whatever its status ("history of", "known"): the evaluator's
#: ``events._PRESENT``
_A_RECORD_IS_ENOUGH = frozenset({"history", "known"})
# a drug read without a status is one in use: "history of" a drug asks more (a past use)
_EVENT_KINDS = frozenset({"condition", "prior_therapy", "procedure"})
_EVENT_NODES = _EVENT_KINDS | {"any_of", "all_of", "except"}
_LEAD_TYPES = frozenset({"STATUS", "FOLLOWING", "COLON", "OR", "AND"})
_LEAD_WORDS = frozenset({"a", "an", "any", "of", "the", "following", "by"})


def _history_lead(content: list[Lexeme], run: list[Lexeme], hi: int, matches: list[Match]) -> bool:
    """"History of any other clinically significant chronic liver disease", "History of any of the
    following medications: …": a lead saying the events after it were ever had, which a list or a
    quantifier kept from their terms. A record of an event is what the events read beside it ask
    already (their status or none), so the words say nothing more: a remark, not words keeping the
    rule from a verdict. Only before events, and when every rule read is a condition, a therapy or a
    procedure (a past measure, "history of LVEF < 45 %", is not the latest one; a drug without a
    status is one in use, so "history of" a drug asks a past use)."""
    if not content or not all(lx.type == "STATUS" and lx.value in _A_RECORD_IS_ENOUGH for lx in content):
        return False
    if any(lx.type not in _LEAD_TYPES and not (lx.type == "W" and lx.value.lower() in _LEAD_WORDS) for lx in run):
        return False  # "history of treatment for …", "history of post-": more than that it happened
    nodes = [n for m in matches for n in m.node.walk() if n.kind not in ("not", "time_window")]
    return (any(m.lo >= hi for m in matches) and any(n.kind in _EVENT_KINDS for n in nodes)
            and all(n.kind in _EVENT_NODES for n in nodes))


_FUNCTION = frozenset({"function", "functions"})
_HEADING_JOINS = frozenset({"EV_SITE", "AND", "OR", "COMMA", "SLASH"})


def _organ_heading(lexemes: list[Lexeme], i: int, to_span, original: str, function_words) -> bool:
    """Whether the organ site at ``i`` only heads the values after it: a heading word itself
    ("renal", "hepatic"), or an organ the next word calls a function or a colon closes ("adequate
    bone marrow function (ANC …)", "Bone marrow: ANC …", "bone marrow and organ function"). The
    values beside it say what is asked; an organ followed by anything else ("bone marrow
    involvement") is no heading."""
    if to_span(lexemes[i].start, lexemes[i].end).slice(original).lower() in function_words:
        return True
    for after in lexemes[i + 1:i + 8]:  # over other organs of the same heading ("bone marrow, liver and renal")
        if after.type == "COLON" or (after.type == "W" and after.value.lower() in _FUNCTION):
            return True
        if not (after.type in _HEADING_JOINS or (after.type == "W" and after.value.lower() in function_words)):
            return False
    return False


_ADMINISTRATIVE = frozenset({"consent", "compliance", "investigator_judgement"})


def administrative(node: Node) -> bool:
    """Consent, compliance or the investigator's judgement (or its negation)."""
    return node.kind in _ADMINISTRATIVE or (node.kind == "not" and node.item.kind in _ADMINISTRATIVE)  # type: ignore[attr-defined]


def _remark_about(content: list[Lexeme], administrative: bool, run: list[Lexeme] = ()) -> str | None:
    """``'method'`` if the words only say how or when the rule is established (remark_words.txt),
    ``'description'`` if they stand beside consent or compliance alone; else ``None`` (unparsed).
    ``run``: the whole stretch, function words too (an instrument may be one: "criteria")."""
    words = remark_words()
    instrument = any(lx.type == "W" and words.get(lx.value.lower()) for lx in (*content, *run))
    numbers_ok = instrument or not any(lx.type in _NUMERIC_TYPES for lx in content)
    # beside an instrument, its punctuation and a count of its criteria ("2010 ACR/EULAR", "at least 4 criteria")
    kept = ("W", "NUM", "ANCHOR", "SLASH", "DASH", "CMP", "FOR") if instrument else ("W", "NUM", "ANCHOR")
    if any(lx.type == "CMP" and (i + 1 == len(content) or content[i + 1].type != "NUM") for i, lx in enumerate(content)):
        return None  # a comparator counts criteria ("at least 4 criteria"), never stands alone ("the above criteria")
    if numbers_ok and all(lx.type in kept or _says_known(lx) for lx in content) and all(
        lx.type in kept[1:] or _says_known(lx) or lx.value.lower() in words for lx in content
    ):  # an anchor says when: "at screening", "before enrollment"; "diagnosed with" says how
        return "method"
    if administrative and not any(lx.type in _NUMERIC_TYPES or _clinical(lx) for lx in content):
        return "description"
    return None


def _clinical(lx: Lexeme) -> bool:
    """A word that names or dates a finding ("history or current abuse or dependence on alcohol
    that would interfere with adherence"): beside compliance it is no description of what
    compliance involves, but a requirement of its own the words leave unread."""
    if lx.type.startswith("EV_") or (lx.type == "STATUS" and lx.value != "known"):
        return True
    # a condition's head word ("dependence"); not a procedure's: "study procedures" are the protocol's
    return lx.type == "W" and event_heads().kind_of(lx.value.lower()) == "condition"


_LABEL = re.compile(r"^(?:[a-z]?\d{0,2}[a-z]?|[ivx]{1,4})$")  # "A", "2", "2b", "II"


def _names_a_group(lexemes: list[Lexeme], lo: int, hi: int) -> bool:
    """Whether the stretch is a parenthesis naming the group, arm or part the criterion defines
    ("(negative control group)", "(cohort A)"): ``lexicons/group_label_words.txt``."""
    inside = lexemes[lo:hi]
    if lo == 0 or hi >= len(lexemes) or lexemes[lo - 1].type != "LPAR" or lexemes[hi].type != "RPAR":
        if not (inside and inside[0].type == "LPAR" and inside[-1].type == "RPAR"):
            return False
        inside = inside[1:-1]
    words = {w.rstrip("*"): w.endswith("*") for w in word_list("group_label_words.txt")}
    said = [lx.value.lower() for lx in inside]
    return (bool(said) and all(w in words or _LABEL.match(w) for w in said)
            and any(words.get(w) for w in said))


def _says_known(lx: Lexeme) -> bool:
    """A status cue left over that only says the finding is established ("diagnosed with",
    "confirmed"): a word of method, as "documented" is."""
    return lx.type == "STATUS" and lx.value == "known"


@cache
def remark_words() -> dict[str, bool]:
    """remark_words.txt as ``{word: is an instrument name a number may stand beside}``."""
    return {w.rstrip("*"): w.endswith("*") for w in word_list("remark_words.txt")}
