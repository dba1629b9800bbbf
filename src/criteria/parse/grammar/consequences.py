"""A condition judged by its consequence for the study is the investigator's judgement.

"Serious medical illness that would preclude study participation", "any condition that may
interfere with the interpretation of study results", "… that makes the patient unsuitable for the
study": the clause after the condition asks the investigator to judge it. It becomes one
``EV_JUDGE`` terminal (investigator_judgement), which the grammar joins to the condition as
``all_of``: a patient without the condition is not caught, one with it waits for the judgement
(unknown to the evaluator, as the leftover words were). Which words make such a clause is data,
``lexicons/judged_consequence_words.txt``; a clause with any other word in it ("interfere with the
absorption of the drug") is not one and stays as it was.
"""

from __future__ import annotations

from functools import cache

from ...errors import ResourceError
from ...resources import word_list
from .lexeme import Lexeme

JUDGEMENT = "investigator_judgement"
_MARKS = {"!": "verbs", "+": "objects", "^": "leads"}
# terminals that may stand inside the clause: the patient, "study participation" (an anchor), joins
_INSIDE = frozenset({"PERSON", "ANCHOR", "OR", "AND", "SLASH", "COMMA", "FOR", "TO"})
_LEAD_REACH = 4
# what the clause judges: a condition, therapy, drug or procedure before it ("the patient is
# unsuitable" alone is a judgement of the patient, which other rules read with what joins it)
_JUDGED = frozenset({"EV_COND", "EV_THERAPY", "EV_MED", "EV_PROC"})  # words back from the verb to a leading "makes (the patient)"


@cache
def _words() -> dict[str, frozenset[str]]:
    """The word list by part: verbs, objects, leads and fillers."""
    parts: dict[str, set[str]] = {"verbs": set(), "objects": set(), "leads": set(), "fillers": set()}
    for entry in word_list("judged_consequence_words.txt"):
        mark = entry[-1]
        word = entry[:-1] if mark in _MARKS else entry
        if not word or " " in word:
            raise ResourceError(f"lexicons/judged_consequence_words.txt: {entry!r} is not one word")
        parts[_MARKS.get(mark, "fillers")].add(word)
    return {part: frozenset(words) for part, words in parts.items()}


def _said(lx: Lexeme, text: str) -> str:
    return text[lx.start:lx.end].lower()


def _inside(lx: Lexeme, text: str, words: dict[str, frozenset[str]]) -> bool:
    """Whether a terminal may stand inside the clause."""
    if lx.type in _INSIDE:
        return True
    said = _said(lx, text)
    return lx.type == "W" and (said in word_list("function_words.txt") or said in words["objects"]
                               or said in words["fillers"])


def _clause_end(lexemes: list[Lexeme], i: int, text: str, words) -> int | None:
    """The last terminal of the clause whose verb is at ``i``: its last object word, if any."""
    last = None
    for j in range(i + 1, len(lexemes)):
        lx = lexemes[j]
        if not _inside(lx, text, words):
            break
        if lx.type == "ANCHOR" or (lx.type == "W" and _said(lx, text) in words["objects"]):
            last = j
    return last


def _clause_start(lexemes: list[Lexeme], i: int, text: str, words) -> int:
    """Where the clause opens: its verb, the adverbs right before it ("likely to", "potentially"),
    or a leading "makes (the patient)" a few words back."""
    fillers, function_words = words["fillers"], word_list("function_words.txt")
    k = i
    while k > 0 and (lexemes[k - 1].type == "TO" or (lexemes[k - 1].type == "W" and _said(lexemes[k - 1], text) in fillers)):
        k -= 1
    for back in range(k - 1, max(-1, k - 1 - _LEAD_REACH), -1):
        lx = lexemes[back]
        if lx.type == "W" and _said(lx, text) in words["leads"]:
            return back
        if not (lx.type == "PERSON" or (lx.type == "W" and _said(lx, text) in function_words)):
            break
    return k


def judged_consequences(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """Each clause judging a condition by its consequence for the study as one ``EV_JUDGE``."""
    words = _words()
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        said = _said(lx, text).split()
        end = None
        # "No illness that would preclude participation": the negation would have to take the
        # judgement in with the illness; the grammar's negation reaches events only, so such a clause
        # is left as it was rather than read as a judgement beside a denied illness
        denied = any(before.type == "NEG" for before in lexemes[:i])
        judged = any(before.type in _JUDGED for before in lexemes[:i])
        if lx.type in ("W", "CONTRA") and said and said[0] in words["verbs"] and judged and not denied:
            end = _clause_end(lexemes, i, text, words)
            if end is not None and _leans_on_next(lexemes, end):
                end = None
        if end is None:
            out.append(lx)
            i += 1
            continue
        start = _clause_start(lexemes, i, text, words)
        del out[len(out) - (i - start):]
        out.append(Lexeme("EV_JUDGE", JUDGEMENT, lexemes[start].start, lexemes[end].end))
        _join_judgements(out, text)
        i = end + 1
    return out


def _leans_on_next(lexemes: list[Lexeme], end: int) -> bool:
    """Whether what follows the clause belongs to its words: a term its verb acts on ("interfere
    with study compliance" denies compliance, which another pass reads) or examples ("(e.g.,
    malignancy, …)") that name kinds of the condition before the clause."""
    k = end + 1
    while k < len(lexemes) and lexemes[k].type in ("LPAR", "COMMA"):
        k += 1
    return k < len(lexemes) and (lexemes[k].type == "EXAMPLE" or lexemes[k].type.startswith("EV_"))


def _join_judgements(out: list[Lexeme], text: str) -> None:
    """"In the opinion of the investigator, would compromise safety": one judgement, not two."""
    function_words = word_list("function_words.txt")
    k = len(out) - 2
    while k >= 0 and (out[k].type == "COMMA" or (out[k].type == "W" and _said(out[k], text) in function_words)):
        k -= 1
    if k >= 0 and out[k].type == "EV_JUDGE":
        out[k:] = [out[k]._replace(end=out[-1].end)]


def may_judge(lexemes: list[Lexeme], text: str) -> bool:
    """Cheap test: a verb of the list stands in the item."""
    verbs = _words()["verbs"]
    return any(lx.type in ("W", "CONTRA") and _said(lx, text).split()[:1] and _said(lx, text).split()[0] in verbs
               for lx in lexemes)
