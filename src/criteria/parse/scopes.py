"""Scopes stated inside a criterion ("In patients with prostate cancer, …", "Part B only: …")
and how a lead-in combines its sub-bullets ("at least 2 of the following:").

A heading ("Cohort 1:") or a cohort item gives scope in :mod:`criteria.parse.sections`; this
module reads the scope a criterion states about itself at its very start, so evaluation
can apply it to the right patients only. Layout words, not clinical knowledge: a pattern.
"""

from __future__ import annotations

import re

from .grammar.lexer import Lexeme

# No '^': Pattern.match(text, pos) anchors at pos, while '^' would demand the string's start.
_LEAD = re.compile(
    r"""(?:(?:in|for)\s+(?:(?:male|female)\s+)?
          (?P<who>(?:patients|participants|subjects|women|men|those|individuals|cases)
                  \s+(?:with|who|in|of|receiving|enrolled|undergoing|treated|on|taking|using)\b[^,:;]{2,100}?))\s*[,:]
      |(?:if|when)\s+(?:(?:the\s+)?(?:patient|subject|participant)\s+is\s+|she\s+is\s+|they\s+are\s+)?(?:an?\s+)?
          (?P<whom>(?:female|male|woman|man|women|men)(?:\s+(?:patient|subject|participant)s?)?   # "If female and of
             (?:\s+(?:and\s+)?(?:is\s+|are\s+)?(?:of|with)\s+(?:child[\s-]?bearing|reproductive)\s+(?:potential|age))?)  # childbearing age, …"
          \s*[,:]
      |(?P<part>(?:part|cohort|arm|group|stratum|phase)\s+[\w.-]{1,6})\s+only\b\s*[:,]?""",
    re.IGNORECASE | re.VERBOSE,
)


_TRAILING = re.compile(r"[(\[]\s*(?P<part>(?:part|cohort|arm|group|stratum|phase)\s+[\w.-]{1,6})\s+only\s*[)\]]",
                       re.IGNORECASE)


def in_text_scope(text: str, start: int, end: int) -> str | None:
    """The scope the criterion ``text[start:end]`` states at its start (or as a closing
    "(Part B only)"), or ``None``. Read from characters, so it holds for criteria no rule reads."""
    found = _match_at(text, start, end)
    if found is None:
        return None
    scope = found.groupdict().get("who") or found.groupdict().get("whom") or found.group("part")
    return " ".join(scope.split())


def scope_range(lexemes: list[Lexeme], text: str) -> tuple[int, int] | None:
    """Lexeme positions of a "Part B only" scope, which is read as scope (not unparsed).

    A "In patients with X," scope is not covered: X may hold typed events of its own.
    """
    found = _scope_match(lexemes, text)
    if found is None or not found.groupdict().get("part"):
        return None
    inside = [i for i, lx in enumerate(lexemes) if found.start() <= lx.start and lx.end <= found.end()]
    return (inside[0], inside[-1] + 1) if inside else None


# "if liver involvement, AST <= 5 x ULN", "If there is liver metastasis, ...", "in case of Gilbert's
# syndrome: ...": a case named by a condition word clause, up to its comma or colon
_CASE_LEAD = re.compile(
    r"""(?:if|in\s+case\s+of|in\s+the\s+case\s+of|in\s+presence\s+of|in\s+the\s+presence\s+of)\s+
          (?:there\s+(?:is|are)\s+)?(?P<case>[^,:;()]{2,60}?)\s*[,:]""",
    re.IGNORECASE | re.VERBOSE,
)


# The words that name a case after a bound restated for it ("ALT and AST <= 5 x ULN if liver
# metastasis", "(… <= 5 x ULN in patients with liver metastases)"): a lead, then at most a few
# words before the case's own term ("if there are known liver metastases")
_TRAILING_CASE_LEAD = re.compile(
    r"""\s*,?\s*(?:if|when|in\s+case\s+of|in\s+the\s+case\s+of|in\s+(?:the\s+)?presence\s+of|(?:if\s+)?due\s+to
          |(?:in|for)\s+(?:patients|participants|subjects|pts|cases|those)\s+(?:with|who\s+have)|with)\s+
          (?:(?:there\s+(?:is|are)|the\s+(?:patient|subject|participant)\s+has|(?:subject|patient|participant)\s+has
             |documented|known|proven|underlying)\s+){0,3}$""",
    re.IGNORECASE | re.VERBOSE,
)


# What may follow a trailing case's terms without saying more of the case ("… if liver metastases
# are present"): anything else ("if myeloma involvement in the marrow is > 50%") narrows it
_TRAILING_CASE_TAIL = re.compile(r"[\s,.;:]*(?:(?:is|are)\s+(?:present|documented|known|confirmed)|present)?[\s,.;:]*",
                                 re.IGNORECASE)


def ends_a_trailing_case(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, the words after a trailing case's terms up to the end of its
    parenthesis or sentence, add nothing to the case."""
    return _TRAILING_CASE_TAIL.fullmatch(text, start, end) is not None


# The words that open a case before its bound, right after the bound for everyone (", patient with
# liver metastases <= 5 x ULN", "(in patients with liver metastases: <= 5 x ULN)")
_LEADING_CASE_LEAD = re.compile(
    r"""\s*(?:(?:(?:for|in)\s+)?(?:(?:a|the)\s+)?(?:patients?|participants?|subjects?|pts|those)\s+with
             |if(?:\s+there\s+(?:is|are))?)\s+
          (?:(?:documented|known|proven)\s+)?""",
    re.IGNORECASE | re.VERBOSE,
)
# What may stand between a leading case's terms and its bound ("if hepatic metastases are present, <= …")
_LEADING_CASE_TAIL = re.compile(r"\s*(?:(?:is|are)\s+present)?\s*[,:]?\s*", re.IGNORECASE)


def closes_a_leading_case(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, the words between a leading case's terms and its bound, only close
    the case ("are present,")."""
    return _LEADING_CASE_TAIL.fullmatch(text, start, end) is not None


def names_a_leading_case(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, the words between a bound and a condition's term, open a case
    whose own bound follows the term ("patients with")."""
    return _LEADING_CASE_LEAD.fullmatch(text, start, end) is not None


def names_a_trailing_case(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, the words between a bound and a condition's term, only say that
    the bound is for those with the condition ("if", "in patients with", "in case of")."""
    return _TRAILING_CASE_LEAD.fullmatch(text, start, end) is not None


def opens_with_case(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens by naming a case ("if liver involvement, …"). Read only where
    the sentence restates a bound for that case (the compose step checks it): "if female, …" opens
    other provisions too."""
    return _CASE_LEAD.match(text, start, min(len(text), end)) is not None


def case_lead_end(text: str, start: int, end: int) -> int | None:
    """Where the case named at the very start of ``text[start:end]`` ends ("If recently pregnant, …",
    "If HIV positive: …": at the comma or colon), or ``None`` when the criterion opens otherwise."""
    found = _CASE_LEAD.match(text, start, min(len(text), end))
    return found.end("case") if found else None


def opens_with_subgroup(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens by naming a subgroup ("For patients with prostate
    cancer, …"): in a criterion's later sentence, a provision for those patients only."""
    return subgroup_lead_end(text, start, end) is not None


def opens_with_subgroup_subject(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens with a subgroup as its subject and says what it must or may
    do ("Patients with Gilbert's syndrome must have total bilirubin < 3 x ULN"). Weaker evidence of a
    provision than :func:`opens_with_subgroup` ("Patients with HIV are excluded because there may
    be …" states a reason): only a sentence that bounds again what the one before it bounds takes it."""
    return _SUBGROUP_SUBJECT.match(text, start, min(len(text), end)) is not None


#: A later sentence whose subject is a subgroup and whose verb says what it must or may do: "Patients
#: with Gilbert's syndrome must have total bilirubin < 3 x ULN" (after "Total bilirubin <= ULN.").
_SUBGROUP_SUBJECT = re.compile(
    r"""(?:patients|participants|subjects|those|individuals|women|men)
        \s+(?:with|who\s+(?:have|had|are)|receiving|undergoing|on)\b[^.;:()]{2,100}?
        \s(?:must|should|may|can|will|need|needs|are\s+(?:required|allowed|permitted|eligible))\b""",
    re.IGNORECASE | re.VERBOSE,
)


def subgroup_lead_end(text: str, start: int, end: int) -> int | None:
    """Where the subgroup named at the start of ``text[start:end]`` ends ("For patients with liver
    metastases, …": at the comma or colon), or ``None`` when the criterion opens otherwise."""
    found = _LEAD.match(text, start, min(len(text), end))
    if found is None:
        return None
    who = "who" if found.group("who") else "whom" if found.group("whom") else None
    return found.end(who) if who else None


def _scope_match(lexemes: list[Lexeme], text: str):
    if not lexemes:
        return None
    return _match_at(text, lexemes[0].start, lexemes[-1].end)


def _match_at(text: str, start: int, end: int):
    end = min(len(text), end + 1)  # the closing bracket of "(Part B only)" may follow the last terminal
    return _LEAD.match(text, start, end) or _TRAILING.search(text, start, end)


_ANY = frozenset({"one", "any", "either"})
_ALL = frozenset({"all", "each", "both"})


def subcriteria_logic(lexemes: list[Lexeme], text: str) -> tuple[str, int | None]:
    """``("at_least", n)`` for "at least n of the following", ``("any_of", None)`` for "one/any
    of the following", else ``("all_of", None)``. Reads the terminals before ``FOLLOWING``."""
    types = [lx.type for lx in lexemes]
    if "FOLLOWING" not in types:
        return "all_of", None
    k = types.index("FOLLOWING")
    before = lexemes[max(0, k - 2) : k]
    if len(before) == 2 and before[0].type == "CMP" and before[0].value == ">=" and before[1].type == "NUM":
        n = _count(before[1].value)
        if n is None:
            return "all_of", None
        return ("any_of", None) if n == 1 else ("at_least", n)
    if before and before[-1].type == "NUM" and before[-1].value == "1":
        return "any_of", None
    word = before[-1].value.lower() if before else ""
    if word in _ANY:
        return "any_of", None
    return "all_of", None


def _count(value: str) -> int | None:
    """The n of "at least n of the following": a whole number of at least 1, else None.

    "at least 0" or "at least 1.5" of a list is no quantifier a rule can hold (the fuzzer wrote
    them); the sub-criteria then keep the default "all of" and the words stay unparsed.
    """
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if number >= 1 and number.is_integer() else None


def quantifier_range(lexemes: list[Lexeme]) -> tuple[int, int] | None:
    """Lexeme positions of "at least 2 of the following", which the logic reads (not unparsed)."""
    types = [lx.type for lx in lexemes]
    if "FOLLOWING" not in types:
        return None
    k = types.index("FOLLOWING")
    if k >= 2 and types[k - 2] == "CMP" and types[k - 1] == "NUM":
        if lexemes[k - 2].value != ">=" or _count(lexemes[k - 1].value) is None:
            return None  # a quantifier the logic does not read stays visible as unparsed text
        start = k - 2
    else:
        start = k - 1 if k and types[k - 1] == "NUM" else k
    return (start, k + 1)
