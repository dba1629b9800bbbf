"""The trial's own words, cleaned for reading: what a criterion read in part is quoted as.

Cleaning keeps the trial's sentences and every number in them (the trial page shows the text
exactly as written). It undoes markdown escapes (``\\>`` → ``>``) and runs of whitespace in
both styles; for a patient it also

* spells out a short form the trial itself defines ("central nervous system (CNS)" makes a later
  "CNS" read "central nervous system"), and the glossary's short forms ("ULN");
* writes comparators as words ("≥ 1.5" → "at least 1.5", "< 3 x ULN" → "less than 3 times …"), and
  units after a number as the tree's units read ("1.5 x 10^9/L" → "1.5 billion per litre");
* puts the glossary's medical and formal words in common words ("myocardial infarction" → "heart
  attack", "prior to" → "before", "e.g." → "for example": :func:`~criteria.render.plain_words.common_words`);
* ends a sentence where the trial's own list of statements breaks at a semicolon ("… 1.5 x ULN;
  creatinine …" → "… 1.5 times …. Creatinine …"), and drops the semicolon or comma a bullet ends
  on: one requirement a sentence, the words unchanged;
* sets a long sentence's inline list out one item a line (:func:`listed`): "Use of theophyllines,
  oral leukotriene inhibitors, …, or inhaled … agonists within 48 hours" reads as four lines, the
  words and commas unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .english import Style, as_written
from .plain_words import common_words, spell_out, spelled_units

_DEFINED = re.compile(r"((?:[A-Za-z][\w'-]*[ -]){1,8}?)\(([A-Z][A-Za-z0-9]{1,9})\)")
_DEFINED_AFTER = re.compile(r"\b([A-Z][A-Za-z0-9]{1,9}) ?\(([A-Za-z][\w' -]{3,80}?)\)")
_COMPARATOR_WORDS = (
    (r"≥|>=|=>", "at least"), (r"≤|<=|=<", "at most"), (r">", "more than"), (r"<", "less than"),
)
_COMPARATORS = [(re.compile(rf"(?:{pattern})\s*(?=[+-]?\.?\d)"), words + " ") for pattern, words in _COMPARATOR_WORDS]
_TIMES = re.compile(r"(?<=\d)\s*[x×]\s*(?=ULN|LLN|the (?:upper|lower) limit)")


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w).upper()


def _matches(short: str, words: list[str]) -> str | None:
    """The last words of ``words`` whose initials spell ``short`` ("central nervous system" for CNS)."""
    letters = "".join(c for c in short if c.isalpha()).upper()
    for size in range(len(letters), 0, -1):
        tail = words[-size:]
        if len(tail) == size and _initials(tail) == letters:
            return " ".join(tail)
    return None


@lru_cache(maxsize=64)
def definitions(text: str) -> dict[str, str]:
    """Short forms the text defines, ``{"CNS": "central nervous system"}``: "long form (SHORT)"
    or "SHORT (long form)", where the long form's initials spell the short form."""
    found: dict[str, str] = {}
    flat = as_written(text)
    for match in _DEFINED.finditer(flat):
        long = _matches(match.group(2), re.split(r"[ -]", match.group(1).strip()))
        if long:
            found.setdefault(match.group(2), long)
    for match in _DEFINED_AFTER.finditer(flat):
        short, words = match.group(1), re.split(r"[ -]", match.group(2).strip())
        if short not in found and len(words) == len("".join(c for c in short if c.isalpha())) \
                and _initials(words) == short.upper():
            found[short] = match.group(2).strip()
    return found


def clean(text: str, style: Style, defined: dict[str, str] | None = None) -> str:
    """``text`` cleaned for ``style`` (see the module); ``defined`` the short forms the trial defines."""
    out = as_written(text)
    if style == "clinician":
        return out
    for short, long in (defined or {}).items():
        # a bare use only: "(CNS)" beside its long form, or "SOC(…)", stays as written
        out = re.sub(rf"(?<![\w(]){re.escape(short)}(?![\w)(])", long, out)
    out = common_words(spell_out(out))
    out = _TIMES.sub(" times ", out)
    for pattern, words in _COMPARATORS:
        out = pattern.sub(words, out)
    out = spelled_units(out)
    return listed(sentences(" ".join(out.split())))


_SENTENCE_WORDS = 4
"""Words each side of a semicolon needs for it to end a sentence: "HIV; HTLV1; or VDRL" is a list of
names, not of statements, and stays one sentence."""


def sentences(text: str) -> str:
    """``text`` with a semicolon between two statements ending a sentence, and no semicolon or comma at
    its end.

    A semicolon inside brackets ("(5 mg; 10 mg)") belongs to the aside and stays, and so does one
    beside a piece shorter than a statement (:data:`_SENTENCE_WORDS`); the word after a semicolon that
    now ends a sentence opens the next with a capital ("; or platelets …" → ". Or platelets …").
    """
    text = text.rstrip(" ,;")
    depth, pieces, start = 0, [], 0
    for at, char in enumerate(text):
        depth += char in "([{"
        depth -= char in ")]}" and depth > 0
        if char == ";" and depth == 0:
            pieces.append(text[start:at].strip())
            start = at + 1
    pieces = [p for p in [*pieces, text[start:].strip()] if p.strip(" .,")]
    said = pieces[:1]
    for before, piece in zip(pieces, pieces[1:]):
        if min(len(before.split()), len(piece.split())) < _SENTENCE_WORDS:
            said[-1] += "; " + piece
        else:
            said[-1] += "" if said[-1].endswith((".", "!", "?", ":")) else "."
            said.append(piece[:1].upper() + piece[1:])
    return " ".join(said)


LIST_LINE = "\n"
"""What :func:`listed` puts between the items of a list set out one a line (a renderer indents them)."""
_LIST_SENTENCE_WORDS = 15  # a shorter sentence reads well with its list inline
_LIST_ITEM_WORDS = 2
"""Words an item needs, its "or" and article aside: "hair loss, heart attack, or …" are items; "the
stomach, the duodenum, or the jejunum" are words of one phrase ("Crohn's disease of …")."""
_OPENING = re.compile(r"(?i)^(?:(?:or|and|and/or|nor)\s+)?(?:(?:the|a|an)\s+)?")  # not counted as an item's words
_LIST_END = re.compile(r"(?i)(?:or|and|and/or|nor)\s")
# An item opening with one of these words leans on what came before ("…, which in the opinion of …,"),
# so the commas are not a list's: the sentence stays whole.
_LEANS = re.compile(r"(?i)(?:(?:and|or|and/or)\s+)?(?:which|who|whom|whose|that|unless|including|includes|if|as|"
                    r"according|whichever|such|for example|where|when|while|but|except|excluding|other than|"
                    r"apart from|besides|provided|in|since|because|"
                    r"although|than|then|respectively|and so on|with or without|even|for|not)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(“])")
# A last item holding a time, a bound or a condition ("…, or C within 48 hours of Visit 1", "ALT, AST, or
# creatinine greater than 1.5 times …") may say it for the whole list or for C alone; on a line of its own
# it would read as C's alone, so such a list stays inline (unless every item has one of its own).
_QUALIFIED = re.compile(r"(?i)\b(?:(?:more|less|greater|fewer|higher|lower) than|at (?:least|most)|above|below|"
                        r"exceeding|times|up to|within|before|after|during|since|prior|until|following|through|"
                        r"in the (?:last|past|previous)|for (?:at least|more than|up to|the duration)|"
                        r"at (?:pre-?screening|screening|baseline|the time|entry|enrollment|visit)|"
                        r"to the time|unless|except|if|when|while|provided|as long as)\b|\d")
# An item after the first with a verb of its own is a clause ("…, and EKG results at Screening must be
# normal, or abnormal findings must be judged …"): its commas join statements, not list items.
_CLAUSE = re.compile(r"(?i)\b(?:must|should|shall|will|would|may|might|can|could|cannot|has|have|had|is|are|was|were|"
                     r"be|been|does|do|did)\b")
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _top_level_pieces(sentence: str) -> list[str]:
    """``sentence`` cut after each comma outside brackets, each piece keeping its comma."""
    depth, pieces, start = 0, [], 0
    for at, char in enumerate(sentence):
        depth += char in "([{"
        depth -= char in ")]}" and depth > 0
        if char == "," and depth == 0:
            pieces.append(sentence[start:at + 1].strip())
            start = at + 1
    return [p for p in [*pieces, sentence[start:].strip()] if p]


def _list_items(sentence: str) -> list[str] | None:
    """The items of the inline list ``sentence`` is, or None: at least three items of at least
    :data:`_LIST_ITEM_WORDS` words (an article and the list's "or" aside), parted by commas, the last opening with its "or" / "and" (so the
    list's end is written) and holding no time, bound or condition that could be the whole list's
    (:data:`_QUALIFIED`),
    none leaning on the one before (:data:`_LEANS`)."""
    if len(sentence.split()) < _LIST_SENTENCE_WORDS:
        return None
    items = _top_level_pieces(sentence)
    if len(items) < 3 or not _LIST_END.match(items[-1]) or any(len(_OPENING.sub("", p).split()) < _LIST_ITEM_WORDS
                                                                for p in items):
        return None
    head, colon, first = items[0].partition(": ")
    bare = [_ASIDE.sub("", p) for p in items[1:]]
    shared = _QUALIFIED.search(bare[-1]) and not all(_QUALIFIED.search(p) for p in [items[0], *bare[:-1]])
    if any(_LEANS.match(p) for p in [first if colon else head, *items[1:]]) or any(_CLAUSE.search(p) for p in bare) \
            or shared:
        return None
    if colon and len(first.split()) >= _LIST_ITEM_WORDS:  # "Major symptoms: A, B, and C": the lead on its own line
        items[:1] = [head + ":", first]
    return items


_MARKERS = (("1", "2", "3", "4", "5", "6", "7", "8", "9"), ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"),
            ("a", "b", "c", "d", "e", "f", "g", "h"))
_MARKER = re.compile(r"(?:(?<=\s)|^)\(?([1-9]|[ivx]{1,4}|[a-h])\)")


def _enumerated(sentence: str) -> list[str] | None:
    """The items of ``sentence`` when it numbers them itself ("(1) A, (2) B", "i) A ii) B"): cut before
    each marker of a run that counts from the first on, or None."""
    found = list(_MARKER.finditer(sentence))
    for series in _MARKERS:
        run = [m for m in found if m.group(1) in series]
        if len(run) >= 2 and [m.group(1) for m in run] == list(series[:len(run)]):
            cuts = [m.start() for m in run]
            pieces = [sentence[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(sentence)])]
            return [p for p in pieces if p]
    return None


def listed(text: str) -> str:
    """``text`` with each long sentence that is an inline list set out one item a line (:data:`LIST_LINE`
    between items), every word and comma kept; other sentences as they are."""
    out, was_list = "", False
    for sentence in _SENTENCE_END.split(text):
        items = _enumerated(sentence) or _list_items(sentence)
        if out:  # a list starts on a line of its own, and what follows it too
            out += LIST_LINE if items or was_list else " "
        out += LIST_LINE.join(items) if items else sentence
        was_list = items is not None
    return out
