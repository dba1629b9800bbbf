"""Alternatives that share one head noun: "renal or hepatic disease", "heart, lung, or bleeding
disorder", "hormonal and/or radiation therapy", "breast or prostate cancer".

English writes the head once, after the last alternative; each earlier alternative is only its
qualifier. Read as written, the qualifiers are stray words (or organ sites) beside one term, and
the reading silently keeps only the last alternative. This lexer pass gives each qualifier the
head back: "renal" before "or hepatic disease" becomes the term "renal disease" (the lexicon's
concept when it names the phrase, else an open-vocabulary condition or procedure read by its
words), spanning only the qualifier's own characters, so the grammar and compose read a list of
events joined by "or" (``any_of``) or "and" as they read any other.

Only a list whose last separator is "or", "and", "and/or" or "/" is read so: commas alone join
qualifiers of one thing ("severe, uncontrolled hypertension"). Statuses ("active or chronic
hepatitis") are the events grammar's to read, and an organ site before a one-word term
("ovarian or fallopian tube cancer" → "… malignancy") is too: the grammar already reads sites
before a term as alternatives.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Callable

from ...resources import event_heads, event_lexicon, event_phrases, word_list
from .lexeme import OPEN_CONCEPT, STRENGTH_WORDS, Lexeme, qualifies
from .qualifiers import is_status

# Terminals of events whose head may be shared; a lexicon phrase must name the whole for a
# therapy or a drug (no open vocabulary holds them).
_SHARED = frozenset({"EV_COND", "EV_PROC", "EV_THERAPY", "EV_MED"})
_OPEN_KINDS = frozenset({"EV_COND", "EV_PROC"})
_LAST_SEPARATORS = frozenset({"OR", "AND", "SLASH"})
_GROUP_WORDS = 2  # the longest qualifier: "primary peritoneal"

_GENERIC = "other_disease"
_GENERIC_HEADS = frozenset({"disorder", "disorders"})


def generic_heads(lexemes: list[Lexeme], source: Callable[[], str]) -> list[Lexeme]:
    """"Substance abuse disorders", "seizure disorder": a condition term followed straight by the
    generic "disorder(s)" is that condition, written with a head; the head is the term's last word,
    not a second condition ("other disease") beside it. Run before :func:`share_heads`, so that
    "psychiatric or substance abuse disorders" gives "psychiatric" the head back."""
    if not any(lx.type == "EV_COND" and lx.value == _GENERIC for lx in lexemes[1:]):
        return lexemes
    text = source()
    out: list[Lexeme] = []
    for lx in lexemes:
        before = out[-1] if out else None
        if (before is not None and lx.type == "EV_COND" and lx.value == _GENERIC and before.type == "EV_COND"
                and before.value != _GENERIC and text[lx.start:lx.end].lower() in _GENERIC_HEADS
                and not text[before.end:lx.start].strip()):
            out[-1] = before._replace(end=lx.end)
            continue
        out.append(lx)
    return out


_ALTERNATIVE_JOINTS = frozenset({"OR", "SLASH"})  # "and/or" is lexed OR


def generic_alternatives(lexemes: list[Lexeme], source: Callable[[], str]) -> list[Lexeme]:
    """"Medical condition or disease", "autoimmune disease or disorder", "CMV infection or disease":
    a generic head after "or" shares the words of the condition before it. After a generic head
    ("significant disease or condition") it is a second name of that condition, read into its term;
    after another head it takes the condition's words as its own ("CMV" + "disease"): the lexicon's
    concept when it names the phrase, else an open-vocabulary condition, an alternative of the
    first. Left as a word, the generic head stood unread beside the list, and a patient without the
    condition could never be cleared of it. Run after :func:`share_heads`, which gives the qualifiers
    of a list the term's own head ("psychiatric or somatic disease/condition": "psychiatric disease").
    A generic word followed by another word qualifies that word ("or disease recurrence"), and is left."""
    if not any(lx.type in _ALTERNATIVE_JOINTS for lx in lexemes):
        return lexemes
    text = source()
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        before = out[-1] if out else None
        generic = _generic_word(lx, text)
        if (generic is not None and lx.type == "W" and before is not None and before.type == "W"
                and before.value.lower() == "any" and _ends_its_phrase(_after(lexemes, i))):
            # "any disease that…": any condition at all ("any disease-modifying drug" is a drug: the lexicon
            # cannot hold "any disease", which would win over the longer term after it)
            out[-1] = Lexeme("EV_COND", _GENERIC, before.start, lx.end)
            i += 1
            continue
        if generic is not None and not _ends_its_phrase(_after(lexemes, i)):
            generic = None  # "disease recurrence", "abnormality in laboratory tests": not the head of the first
        if (generic is not None and before is not None and before.type in _ALTERNATIVE_JOINTS and len(out) > 1
                and out[-2].type == "EV_COND"):
            term = out[-2]
            words = text[term.start:term.end].lower().replace("-", " ").split()
            if words and (words[-1] in event_heads().generic or term.value == _GENERIC):
                out[-2:] = [term._replace(end=lx.end)]  # one condition, two names
                i += 1
                continue
            shared = _with_generic_head(words[:-1], generic, lx)
            if shared is not None:
                out.append(shared)
                i += 1
                continue
        out.append(lx)
        i += 1
    return out


# what may follow a generic head that ends the phrase: a list goes on, a bracket or a clause opens
_PHRASE_ENDS = frozenset({"COMMA", "SEMI", "COLON", "LPAR", "RPAR", "OR", "AND", "SLASH", "REL", "EV_JUDGE"})


def _after(lexemes: list[Lexeme], i: int) -> Lexeme | None:
    return lexemes[i + 1] if i + 1 < len(lexemes) else None


def _ends_its_phrase(after: Lexeme | None) -> bool:
    """Whether a generic head followed by ``after`` ends its phrase: nothing, a list or bracket
    mark, or a word that opens a clause ("that", "which"). A word after it ("disease recurrence",
    "abnormality in laboratory tests") makes it part of a thing of its own."""
    return after is None or after.type in _PHRASE_ENDS or (
        after.type == "W" and after.value.lower() in word_list("clause_openers.txt"))


def _generic_word(lx: Lexeme, text: str) -> str | None:
    """The generic head ``lx`` is ("disease", "conditions"), read as a word or as a bare condition; else ``None``."""
    if lx.type not in ("W", "EV_COND"):
        return None
    word = text[lx.start:lx.end].lower()
    if word not in event_heads().generic or (lx.type == "EV_COND" and lx.value not in (_GENERIC, OPEN_CONCEPT + word)):
        return None
    return word


def _with_generic_head(modifiers: list[str], head: str, at: Lexeme) -> Lexeme | None:
    """The condition ``modifiers`` + ``head`` names ("cmv" + "disease"), spanning the head's own
    characters: the lexicon's concept when it has the phrase, else an open-vocabulary condition."""
    if not modifiers or not all(w.isalnum() and w not in event_heads().generic for w in modifiers):
        return None
    for words in (modifiers, [_site_name(w) for w in modifiers]):  # "renal" + "disease" is kidney disease
        concept = _phrase_index().get(" ".join([*words, head]))
        if concept is not None:
            found = event_lexicon()[concept]
            return Lexeme(found.terminal, found.name, at.start, at.end) if found.terminal == "EV_COND" else None
    return Lexeme("EV_COND", OPEN_CONCEPT + "_".join([*modifiers, head]), at.start, at.end)


def _site_name(word: str) -> str:
    """The organ site ``word`` names, as its concept is named ("renal" → "kidney"); else the word."""
    concept = _phrase_index().get(word)
    found = event_lexicon()[concept] if concept is not None else None
    return found.name.replace("_", " ") if found is not None and found.terminal == "EV_SITE" else word


_SURGERY = "surgery"


def procedure_heads(lexemes: list[Lexeme], source: Callable[[], str]) -> list[Lexeme]:
    """"CABG surgery", "cardiac ablation procedure", "laparoscopic appendectomy surgery": a procedure
    followed straight by the generic "surgery" or "procedure" is that procedure, written with a
    head; read as two, any surgery was asked besides the named one. Run after :func:`share_heads`,
    which reads a shared head from the term's own words ("coronary or peripheral artery
    revascularization procedure": "coronary revascularization")."""
    heads = word_list("procedure_head_words.txt")
    if not any((lx.type == "EV_PROC" and lx.value == _SURGERY) or (lx.type == "W" and lx.value.lower() in heads)
               for lx in lexemes[1:]):
        return lexemes
    text = source()
    out: list[Lexeme] = []
    for lx in lexemes:
        before = out[-1] if out else None
        if (before is not None and before.type == "EV_PROC" and before.value != _SURGERY
                and not text[before.end:lx.start].strip() and " ".join(text[lx.start:lx.end].lower().split()) in heads
                and (lx.type == "W" or (lx.type == "EV_PROC" and lx.value == _SURGERY))):
            out[-1] = before._replace(end=lx.end)
            continue
        out.append(lx)
    return out


_PREFIX_JOINTS = _LAST_SEPARATORS | {"COMMA"}


def suspended_prefixes(lexemes: list[Lexeme], source: Callable[[], str]) -> list[Lexeme]:
    """"Hyper- or hypothyroidism", "hypo- or hypercalcemia", "chemo- or radiotherapy": a prefix
    written with a dash before "or"/"and" shares the rest of the next word, whose own prefix it
    replaces (``lexicons/word_prefixes.txt``). The prefix becomes the term the whole word names when
    the lexicon has it; else it stays a word. Left alone, the prefix was a stray word beside one
    alternative ("Hyper-" unread beside hypothyroidism), or made a head of its own ("hypo hyperkalemia").
    Run before :func:`share_heads`."""
    if not any(lx.type == "W" and lx.value.endswith("-") for lx in lexemes[:-2]):
        return lexemes
    text = source()
    prefixes = sorted(word_list("word_prefixes.txt"), key=len, reverse=True)
    out = list(lexemes)
    for i, first in enumerate(lexemes[:-2]):
        if not (first.type == "W" and first.value.endswith("-") and lexemes[i + 1].type in _PREFIX_JOINTS):
            continue
        j = i + 1  # over the other prefixes of the list: "chemo-, radio- or immunotherapy"
        while j < len(lexemes) and (lexemes[j].type in _PREFIX_JOINTS or (lexemes[j].type == "W" and lexemes[j].value.endswith("-"))):
            j += 1
        term = lexemes[j] if j < len(lexemes) else None
        if term is None or term.type not in _SHARED or not any(lx.type in _LAST_SEPARATORS for lx in lexemes[i + 1:j]):
            continue
        words = text[term.start:term.end].lower().split()
        own = next((p for p in prefixes if words and words[0].startswith(p) and len(words[0]) > len(p) + 2), None)
        prefix = first.value[:-1].lower()
        if own is None or prefix not in prefixes:
            continue
        concept = _phrase_index().get(" ".join([prefix + words[0][len(own):], *words[1:]]))
        found = event_lexicon()[concept] if concept is not None else None
        if found is not None and found.terminal in _SHARED:
            out[i] = Lexeme(found.terminal, found.name, first.start, first.end)
    return out


def share_heads(lexemes: list[Lexeme], source: Callable[[], str]) -> list[Lexeme]:
    """``lexemes`` with each qualifier of a shared head made an event term of its own.

    ``source()`` gives the text the lexemes' offsets point into (the annotated text), asked for
    only where a list may share a head."""
    out = list(lexemes)
    text = None
    for j in range(len(lexemes) - 1, 1, -1):
        term = lexemes[j]
        if term.type not in _SHARED:
            continue
        if lexemes[j - 1].type not in _LAST_SEPARATORS:
            text = source() if text is None else text
            whole = _qualified_last(lexemes, j, text)
            if whole is None:
                continue
            lexemes = [*lexemes[:j - 1], whole, None, *lexemes[j + 1:]]  # type: ignore[list-item]
            out[j - 1:j + 1] = [whole, None]
            term, j = whole, j - 1
        text = source() if text is None else text
        head = _last_word(text[term.start:term.end])
        if head == text[term.start:term.end].lower() and lexemes[j - 2].type == "COMMA":
            continue  # "tattoos, or asthma": a serial comma before a one-word term ends a list of wholes
        groups = _qualifiers(lexemes, j - 1)
        # before a drug class's head a word names the target ("MEK or BRAF inhibitors", "CCR5 or
        # CXCR4 antagonist"): shared where the lexicon knows the class or the word is a target's
        # symbol, never made up from a word ("D-penicillamine or calcineurin inhibitors": a drug of its own)
        drug = event_heads().kind_of(head) == "drug"
        if not drug and any(_a_whole_term(lexemes[lo:hi], text) for lo, hi in groups):
            continue  # "TURP, balloon dilatation, thermotherapy and stent replacement": a list of wholes
        for lo, hi in groups:
            if lo > 0 and is_status(text[lexemes[lo - 1].start:lexemes[hi - 1].end]):
                continue  # "HR positive/HER2-negative breast cancer": "positive" ends a status, no "positive cancer"
            shared = _shared_term(lexemes[lo:hi], term, head, text,
                                  known_only=drug and not _target_symbol(lexemes[lo:hi], text))
            if shared is not None:
                out[lo:hi] = [shared] + [None] * (hi - lo - 1)  # keep indexes: removed below
    return [lx for lx in out if lx is not None]


def _qualified_last(lexemes: list, j: int, text: str):
    """The last alternative written with its own qualifier, as one term: "autonomic" + "neuropathy"
    in "peripheral or autonomic neuropathy", when a qualifier stands before the "or" as well; else
    ``None``. Left apart, the "no" before the list was cut off from the term by the words."""
    if j < 3 or lexemes[j - 2].type not in _LAST_SEPARATORS or not all(
            _qualifying_word(lexemes[k], text) for k in (j - 1, j - 3)):
        return None
    before = lexemes[j - 4] if j >= 4 else None
    if before is not None and (before.type in ("DASH", "TO") or (before.type == "W" and (
            qualifies(before) or text[before.start:before.end].lower() == "the"))):
        # "Attention-Deficit/Hyperactivity", "to initiate or prolong anemia", "X-ray examination or …",
        # "resection of the rectum or latex allergy": the first word ends a phrase of its own
        return None
    after = lexemes[j + 1] if j + 1 < len(lexemes) else None
    if after is not None and after.type == "W" and qualifies(after):
        return None  # "archival or fresh tumor tissue": the noun phrase goes on past the term
    term = lexemes[j]
    head = _last_word(text[term.start:term.end])
    if head != text[term.start:term.end].lower():
        return None  # "sensory or motor peripheral neuropathy": the term has a qualifier of its own
    whole = _shared_term(lexemes[j - 1:j], term, head, text)
    return whole._replace(end=term.end) if whole is not None else None


_ROMAN = frozenset({"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"})


def _qualifying_word(lx, text: str) -> bool:
    """Whether ``lx`` is a word that may qualify a head: not a letter or numeral that names a type
    ("hepatitis B or C infection", "bipolar I or II disorder": the letters belong to the term before)."""
    word = text[lx.start:lx.end].lower()
    return lx is not None and qualifies(lx) and word.isalpha() and len(word) > 2 and word not in _ROMAN


def _qualifiers(lexemes: list, separator: int) -> list[tuple[int, int]]:
    """``(lo, hi)`` lexeme ranges of the qualifiers before the separator at ``separator``: groups of
    at most two qualifying words, each after a comma (and "or"/"and"), back to the list's start."""
    groups: list[tuple[int, int]] = []
    hi = separator - 1 if separator > 0 and lexemes[separator - 1].type == "COMMA" else separator  # "liver, or"
    while hi > 0:
        lo = hi
        while lo > 0 and hi - lo < _GROUP_WORDS and qualifies(lexemes[lo - 1]):
            lo -= 1
        if lo == hi:
            break
        groups.append((lo, hi))
        before = lo - 1
        if before >= 0 and lexemes[before].type in _LAST_SEPARATORS:
            before -= 1
        if before < 1 or lexemes[before].type != "COMMA" or not qualifies(lexemes[before - 1]):
            if lo > 0 and qualifies(lexemes[lo - 1]):  # three words before "or": no clear qualifier
                groups.pop()
            break
        hi = before
    return groups


def _shared_term(group: list, term, head: str, text: str, known_only: bool = False):
    """The event term ``group`` names with ``head`` after it, or ``None`` to leave the words as
    they are; ``known_only``: only a term the event lexicon knows."""
    words = [text[lx.start:lx.end].lower() for lx in group]
    start, end = group[0].start, group[-1].end
    drug = event_heads().kind_of(head) == "drug"
    if drug:  # "a strong CYP3A4 or CYP2C8 inhibitor": the class however strong, as the term's reading
        words = [w for w in words if w not in STRENGTH_WORDS] or words
    for phrase in (" ".join([*words, head]), " ".join([*_site_words(group, words), head])):
        concept = _phrase_index().get(phrase)
        if concept is not None:
            found = event_lexicon()[concept]
            if found.terminal in _SHARED:
                return Lexeme(found.terminal, found.name, start, end)
    if known_only or (term.type not in _OPEN_KINDS and not drug) or event_heads().kind_of(head) is None:
        return None
    if _plural_noun(words[-1]):
        return None  # "tattoos or diabetes", "scars or tumors": a thing of its own, no qualifier
    sites_only = all(lx.type == "EV_SITE" for lx in group)
    if sites_only and _last_word(text[term.start:term.end]) == text[term.start:term.end].lower():
        return None  # "ovarian or fallopian tube malignancy": the grammar reads sites before a term
    name = "_".join("".join(ch for ch in w if ch.isalnum()) for w in [*words, head])
    return Lexeme(term.type, OPEN_CONCEPT + name, start, end)


_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ous", "ics", "'s")


def _plural_noun(word: str) -> bool:
    """Whether ``word`` reads as a plural noun ("tattoos", "illnesses", "reactions"): a thing named on
    its own, which qualifies no head after it (adjectives do not take a plural "s")."""
    return len(word) > 3 and word.isalpha() and word.endswith("s") and not word.endswith(_NOT_PLURAL_ENDINGS)


def _a_whole_term(group: list, text: str) -> bool:
    """Whether a group of words before the shared head names a thing on its own: it ends in a head
    word of its own ("balloon dilatation") or a treatment, or is an abbreviation ("TURP"), so it
    qualifies nothing."""
    last = text[group[-1].start:group[-1].end]
    word = last.lower()
    # a treatment ("thermotherapy") names what is done; it never qualifies another head
    return (event_heads().is_head(word) or word.endswith("therapy")
            or (group[-1].type != "EV_SITE" and len(last) > 1 and last.isupper() and last.isalpha()))  # "CNS" is a site


# a gene or receptor symbol: capitals with a digit ("CCR5", "PI3K", "HSP90", "TORC1"); capitals
# alone may name a drug class of their own ("HRT, SERM or aromatase inhibitor")
_TARGET_SYMBOL = re.compile(r"^(?=[A-Za-z0-9]*[0-9])[a-z]?[A-Z][A-Z0-9]*[0-9A-Z]$")


def _target_symbol(group: list, text: str) -> bool:
    """Whether ``group`` is one symbol of a molecular target ("CXCR4", "PI3K"), written before a
    drug class's head it shares ("CCR5 or CXCR4 antagonist")."""
    return len(group) == 1 and group[0].type == "W" and bool(_TARGET_SYMBOL.match(text[group[0].start:group[0].end]))


def _site_words(group: list, words: list[str]) -> list[str]:
    """The words with each organ site as its concept names it ("renal" → "kidney")."""
    return [lx.value.replace("_", " ") if lx.type == "EV_SITE" else w for lx, w in zip(group, words)]


def _last_word(phrase: str) -> str:
    parts = phrase.lower().replace("-", " ").split()
    return parts[-1] if parts else ""


@cache
def _phrase_index() -> dict[str, int]:
    """Every event phrase (lower case, single spaces) → its concept's index."""
    return {" ".join(phrase.lower().split()): index for phrase, index in event_phrases()}


_LETTER_SEPARATORS = frozenset({"COMMA", "OR", "AND", "SLASH"})
_LAST_LETTER = re.compile(r"^(.*\w)([\s-])([A-Za-z0-9])$")


def letter_variants(lexemes: list[Lexeme], source: Callable[[], str]) -> list[Lexeme]:
    """"Hepatitis A, B, or C", "hepatitis B, C", "HIV-1 and/or 2": a term whose last word is one
    letter or digit, followed by more of them, names the other kinds the same way ("hepatitis B",
    "hepatitis C"). Each letter becomes that kind's term, spanning the letter, where the lexicon
    names every one; else the words stay as they are. Left as they were, the first kind alone was
    read and the others stood beside it unread."""
    text = source()
    out = list(lexemes)
    i = 0
    while i < len(out):
        term = out[i]
        shape = _LAST_LETTER.match(text[term.start:term.end]) if term.type == "EV_COND" else None
        if shape is None:
            i += 1
            continue
        letters, j = [], i + 1
        while j + 1 < len(out) and out[j].type in _LETTER_SEPARATORS:
            k = j + 1 + (out[j].type == "COMMA" and out[j + 1].type in ("OR", "AND"))  # ", or C"
            if k >= len(out) or out[k].end - out[k].start != 1 or not text[out[k].start].isalnum():
                break
            letters.append(k)
            j = k + 1
        named = [_letter_term(shape.group(1), shape.group(2), text[out[k].start], out[k]) for k in letters]
        if named and all(n is not None for n in named):
            for k, lexeme in zip(letters, named):
                out[k] = lexeme  # type: ignore[assignment]
        i = j if letters else i + 1
    return out


def _letter_term(stem: str, joint: str, letter: str, at: Lexeme) -> Lexeme | None:
    """The condition term "<stem><joint><letter>" names, spanning the letter ``at``, or ``None``."""
    for phrase in (f"{stem}{joint}{letter}", f"{stem} {letter}", f"{stem}-{letter}"):
        concept = _phrase_index().get(" ".join(phrase.lower().split()))
        if concept is not None and event_lexicon()[concept].terminal == "EV_COND":
            return Lexeme("EV_COND", event_lexicon()[concept].name, at.start, at.end)
    return None
