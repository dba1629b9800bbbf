"""The lexer pass that reads qualifiers into the event term they stand before.

"Systemic cytotoxic chemotherapy", "invasive breast cancer", "oral or intravenous
bisphosphonates", "bilateral oophorectomy": words of ``lexicons/qualifiers.jsonl`` right before a
condition, therapy, drug or procedure term say which kind of it the text asks for. Left as words,
they were either unparsed beside the rule or passed over as filler (a reading looser than the
text). The pass folds them into the term's lexeme: its offsets take them in (so the event's span
holds them) and ``Lexeme.qualifiers`` carries what they say; the compose stage puts them on the
event (:func:`criteria.parse.compose.residue.with_qualifiers`). Only words right before the term
are read: a word between them ("invasive ductal carcinoma") leaves the qualifier a plain word.
"""

from __future__ import annotations

import json
import re
from functools import cache

from ...qualifiers import QUALIFIER_FILE, Qualifying, qualifier_lexicon
from ...resources import data_path, is_cancer, word_list
from .lexeme import Lexeme

TERM_KINDS = {"EV_COND": "condition", "EV_THERAPY": "prior_therapy", "EV_MED": "medication", "EV_PROC": "procedure"}
# what joins alternatives of one qualifier: "oral or intravenous", "systemic/intravesical"
_ALTERNATIVE = frozenset({"OR", "SLASH", "COMMA", "TO"})
_WORDLIKE = frozenset({"W", "DASH"})  # "non-invasive", "intra-arterial" are written with a dash

Read = tuple[str, tuple[str, ...], int, int]


def may_qualify(lexemes: list[Lexeme]) -> bool:
    """Whether a word that may begin a qualifier is among ``lexemes`` (a cheap test first): before
    a term, any qualifier; without one, only a receptor or mutation status may be read."""
    if any(lx.type in TERM_KINDS for lx in lexemes):
        firsts = _first_words()
        if any(lx.type == "W" and lx.value.lower() in firsts for lx in lexemes):
            return True
    else:
        firsts = status_first_words()  # not the validated lexicon: most items hold no status
        if any(lx.type == "W" and lx.value.lower() in firsts for lx in lexemes):
            return True
    return any(lx.type == "W" and signed_status(lx.value) for lx in lexemes) or any(
        a.type in _NAME_TERMINALS and b.type in ("DASH", "W") for a, b in zip(lexemes, lexemes[1:]))  # "EGFR-mutant", "ER positive"


_NAME_TERMINALS = frozenset({"LAB", "TIME_UNIT"})  # a receptor's name may be lexed as a lab or as hours ("HR")


@cache
def _first_words() -> frozenset[str]:
    return frozenset(words[0].split("-")[0] for words in qualifier_lexicon().by_phrase) | status_first_words()


@cache
def signed_status_pattern() -> re.Pattern[str]:
    """A word that may be a signed status ("HER2-", "ER+/PR+"), for searching a whole text at C speed."""
    names = sorted((re.escape(w) for w in status_first_words()), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(names) + r")[+-]", re.IGNORECASE)


def signed_status(word: str) -> bool:
    """Whether ``word`` may be a signed receptor status ("HER2-", "ER+/PR+"): a cheap test first."""
    return word[-1:] in _SIGN_WORDS and word.lower().split("/")[0].rstrip("+-") in status_first_words()


@cache
def status_first_words() -> frozenset[str]:
    """Lower-case words a receptor or mutation status may begin with, as a token ("her2", "her-2",
    "er"): such a status is read without a term after it, so an item holding one is worth lexing."""
    words: set[str] = set()
    for phrase in _apart_phrases():
        first = phrase.split()[0]
        words.update({first, first.split("-")[0], "-".join(first.split("-")[:2]), first.split("/")[0]})
    return frozenset(words)


def _apart_phrases() -> list[str]:
    """The phrases of the lexicon's statuses, read from its file without validating it: every item
    asks :func:`status_first_words` before anything is lexed, and the validated lexicon (a tenth of
    a second) is needed only where a qualifier may be (the first parse of "Age >= 18 years" needs none)."""
    rows = (json.loads(line) for line in data_path(*QUALIFIER_FILE.split("/")).read_text(encoding="utf-8").splitlines()
            if line.strip())
    return [phrase.lower() for row in rows if row.get("apart") for phrase in row.get("phrases", ())]


def read_qualifiers(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """``lexemes`` with each run of qualifiers right before an event term folded into the term;
    before a word of receipt ("systemic treatment with corticosteroids", "systemic use of
    antibiotics") the qualifier goes to the drug after it, and the word of receipt stays."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        found = None if _in_compound(lexemes, i) else _group(lexemes, i, text)
        if found is not None:
            quals, stop, kept = found
            term = lexemes[stop]
            if kept:  # status words between a receptor status and its term keep their place
                out += [lexemes[k] for k in kept]
                out.append(term._replace(qualifiers=tuple(quals) + term.qualifiers))
            elif _bridge(lexemes, stop - 1, text):
                # the word of receipt or the organ keeps its place (the grammar reads it); the term its own start
                out.append(lexemes[stop - 1])
                out.append(term._replace(qualifiers=tuple(quals) + term.qualifiers))
            else:
                out.append(term._replace(start=lexemes[i].start, qualifiers=tuple(quals) + term.qualifiers))
            i = stop + 1
            continue
        alone = None if found is not None or _in_compound(lexemes, i) else _status_alone(lexemes, i, text)
        if alone is not None:  # "ER-positive." as a criterion: the status of the tumour
            quals, stop = alone
            cancer = _cancer_before(out)
            if cancer is not None:  # "breast cancer that is HER2-negative": the status is the cancer's
                term = out[cancer]
                out[cancer:] = [term._replace(end=lexemes[stop - 1].end, qualifiers=term.qualifiers + tuple(quals))]
            else:
                out.append(Lexeme("EV_COND", TUMOUR, lexemes[i].start, lexemes[stop - 1].end, tuple(quals)))
            i = stop
            continue
        after = _after_term(lexemes, i, text)
        if after is not None:  # "melanoma in situ": the behaviour written after the term
            read, stop = after
            out.append(lexemes[i]._replace(end=lexemes[stop - 1].end, qualifiers=lexemes[i].qualifiers + (read,)))
            i = stop
            continue
        out.append(lexemes[i])
        i += 1
    return out


# Qualifiers English writes after the condition they qualify ("melanoma in situ", "carcinoma of the
# bladder in-situ" is left alone: only right after the term)
_POSTPOSITIVE = frozenset({"in situ"})


def _after_term(lexemes: list[Lexeme], i: int, text: str) -> tuple[Read, int] | None:
    """``(qualifier, index after it)`` when a postpositive qualifier stands right after the
    condition term at ``i`` ("melanoma in situ", "melanoma in-situ"); else ``None``."""
    if lexemes[i].type != "EV_COND" or i + 1 >= len(lexemes):
        return None
    found = _phrase(lexemes, i + 1, text)
    if found is None:
        return None
    row, stop = found
    if row.value not in _POSTPOSITIVE or not qualifier_lexicon().fits("condition", (row.value,)):
        return None
    return (row.axis, (row.value,), lexemes[i + 1].start, lexemes[stop - 1].end), stop


def _in_compound(lexemes: list[Lexeme], i: int) -> bool:
    """Whether lexeme ``i`` ends a compound it cannot be read out of: "muscle-invasive",
    "non-muscle invasive" (what "non" denies is the whole compound, not the word before it)."""
    if i == 0:
        return False
    if lexemes[i - 1].type == "DASH":
        return True
    return (i >= 3 and lexemes[i - 1].type == "W" and lexemes[i - 2].type == "DASH"
            and lexemes[i - 3].value.lower() == "non")


def _group(lexemes: list[Lexeme], i: int, text: str) -> tuple[list[Read], int, list[int]] | None:
    """``(qualifiers, term index, status lexemes between)`` when qualifiers from ``i`` stand right
    before a term they may qualify (each of its axis; alternatives joined by "or", "/" or a comma,
    a range by "to": "moderate to severe" is every value between, by the lexicon's ``rank``); else
    ``None``. Receptor and mutation statuses (``apart`` in the lexicon) may be listed side by side
    and stand before the term's status words ("ER-positive, HER2-negative metastatic breast cancer")."""
    quals, k = _run(lexemes, i, text)
    if quals and _bridge(lexemes, k, text) and (lexemes[k].type == "EV_SITE" or all(q[0] == "route" for q in quals)):
        # "systemic treatment with" a drug, "primary brain tumor": the qualifier is the term's. Only a
        # route is read across a word of receipt: "intermittent use of" says how often it is used,
        # which the word of receipt, not the drug, carries
        k += 1
    kept = []
    if quals and k + 1 < len(lexemes) and lexemes[k].type in _LISTING and _status_led(lexemes[k + 1], text) and all(
            _apart_values(values) for _, values, _, _ in quals):
        k += 1  # "HR-positive and HER2-negative breast cancer": the term begins with a status of its own
    if quals and all(_apart_values(values) for _, values, _, _ in quals):
        while k < len(lexemes) and (lexemes[k].type == "STATUS" or (  # "ER-positive, HER2-negative breast cancer"
                lexemes[k].type in _STATUS_JOINERS and k + 1 < len(lexemes) and (lexemes[k].type == "COMMA" or kept) and (
                    lexemes[k + 1].type in TERM_KINDS or lexemes[k + 1].type in _STATUS_JOINERS | {"STATUS"}))):
            kept.append(k)  # "ER-positive metastatic or locally advanced breast cancer"
            k += 1
    if not quals or k >= len(lexemes) or lexemes[k].type not in TERM_KINDS:
        return None
    kind = TERM_KINDS[lexemes[k].type]
    if not all(qualifier_lexicon().fits(kind, values) for _, values, _, _ in quals):
        return None
    return quals, k, kept


TUMOUR = "malignancy"
"""The condition a receptor or mutation status written without its term is the status of."""


def _status_alone(lexemes: list[Lexeme], i: int, text: str) -> tuple[list[Read], int] | None:
    """``(statuses, index after them)`` when receptor or mutation statuses from ``i`` stand without
    a term after them ("ER-positive and HER2-negative", "Tumour must be KRAS wild-type"): what has
    the status is the patient's tumour; else ``None``. Statuses before a term are the term's
    (:func:`_group`); a word of mutation without its status ("EGFR mutation") is not one: it may
    name the test as well as its result."""
    quals, k = _run(lexemes, i, text)
    if not quals or not all(_apart_values(values) for _, values, _, _ in quals) or _bound_follows(lexemes, k):
        return None
    if k < len(lexemes) and lexemes[k].type == "TO":
        return None  # "a change in receptor status (e.g. PR negative to positive)": no status asked
    if _defined_after(lexemes, k):
        return None
    return quals, k


# What may stand between a cancer and the status written after it: "breast cancer that is
# HER2-negative", "NSCLC which must be EGFR-mutant", "breast cancer, ER-positive"
_LINKING_TERMINALS = frozenset({"THAT_IS", "COMMA"})
_LINKING_WORDS = frozenset({"that", "which", "is", "are", "must", "should", "be"})


def _cancer_before(out: list[Lexeme]) -> int | None:
    """Index in ``out`` of the cancer term a status written after it belongs to, across linking
    words only; else ``None``."""
    k = len(out) - 1
    while k >= 0 and (out[k].type in _LINKING_TERMINALS or (out[k].type == "W" and out[k].value.lower() in _LINKING_WORDS)):
        k -= 1
    if k < 0 or out[k].type != "EV_COND" or not is_cancer(out[k].value):
        return None
    return k


def _defined_after(lexemes: list[Lexeme], k: int) -> bool:
    """Whether the words from ``k`` define the status before them ("is defined as", "means")."""
    if k < len(lexemes) and lexemes[k].type == "THAT_IS":
        k += 1
    return k < len(lexemes) and lexemes[k].type == "W" and lexemes[k].value.lower() in word_list("defining_words.txt")


_BOUND_TERMINALS = frozenset({"CMP", "CMP_POST", "NUM", "BETWEEN"})


def _bound_follows(lexemes: list[Lexeme], k: int) -> bool:
    """Whether a bound follows from ``k``, in a parenthesis or after a word or two ("ER-positive
    (≥ 1%)", "ER-positive ≥ 1%", "ER-positive percentage < 10%"): the threshold grammar reads the
    receptor's expression, which says more than the status word."""
    if k < len(lexemes) and lexemes[k].type == "LPAR":
        for lx in lexemes[k + 1:]:
            if lx.type == "RPAR":
                return False
            if lx.type in _BOUND_TERMINALS:
                return True
        return False
    for lx in lexemes[k:k + 3]:
        if lx.type in _BOUND_TERMINALS:
            return True
        if lx.type != "W":
            return False
    return False


def _status_led(term: Lexeme, text: str) -> bool:
    """Whether the condition term ``term`` is written beginning with a receptor or mutation status
    ("HER2-negative breast cancer", a concept of its own in the event lexicon)."""
    if term.type != "EV_COND":
        return False
    words = text[term.start:term.end].split()
    return any((row := _named(" ".join(words[:n]))) is not None and row.apart for n in (1, 2, 3))


def _run(lexemes: list[Lexeme], i: int, text: str) -> tuple[list[Read], int]:
    """The qualifiers written from lexeme ``i`` (each with its alternatives) and the index after them."""
    quals: list[Read] = []
    k = i
    while k < len(lexemes):
        if quals and _apart(lexemes, k, text, quals):
            k += 1  # "ER-positive, HER2-negative": the next status
        shared = _shared_status(lexemes, k, text) or _status_symbols(lexemes, k, text)
        if shared is not None:
            read, k = shared
            quals += read
            k = _parenthesis(lexemes, k, text, quals)
            continue
        first = _phrase(lexemes, k, text)
        if first is None:
            break
        rows, lo, k = [first[0]], lexemes[k].start, first[1]
        k = _restatement(lexemes, k, text, rows)
        while k + 1 < len(lexemes) and lexemes[k].type in _ALTERNATIVE:
            joiner, j = lexemes[k].type, k + 1
            if joiner == "COMMA" and lexemes[j].type == "OR":  # "mild, moderate, or severe"
                j += 1
            more = _phrase(lexemes, j, text, status_ok=True)
            if more is None or more[0].axis != rows[0].axis:
                break
            rows += _between(rows[-1], more[0]) if joiner == "TO" else [more[0]]
            k = _restatement(lexemes, more[1], text, [more[0]])
        quals.append((rows[0].axis, tuple(dict.fromkeys(r.value for r in rows)), lo, lexemes[k - 1].end))
        k = _parenthesis(lexemes, k, text, quals)
    return quals, k


def _statuses_in_parenthesis(lexemes: list[Lexeme], k: int, text: str) -> tuple[list[Read], int] | None:
    """``(statuses, index after the parenthesis)`` when a parenthesis from ``k`` holds receptor or
    mutation statuses and nothing else; else ``None``."""
    if k >= len(lexemes) or lexemes[k].type != "LPAR":
        return None
    inner, stop = _run(lexemes, k + 1, text)
    if not inner or stop >= len(lexemes) or lexemes[stop].type != "RPAR" or not all(_apart_values(q[1]) for q in inner):
        return None
    return inner, stop + 1


def _restatement(lexemes: list[Lexeme], k: int, text: str, rows: list[Qualifying]) -> int:
    """The index after a parenthesis from ``k`` that restates the status just read
    ("estrogen receptor positive [ER+]"), else ``k``."""
    found = _statuses_in_parenthesis(lexemes, k, text) if all(row.apart for row in rows) else None
    if found is None or any(value != rows[-1].value for q in found[0] for value in q[1]):
        return k
    return found[1]


def _parenthesis(lexemes: list[Lexeme], k: int, text: str, quals: list[Read]) -> int:
    """The index after a parenthesis from ``k`` that holds only statuses, after statuses
    ("Triple negative (ER-/PR-/HER2-)", "HR-positive (ER+ and/or PR+)"): what it says is asked
    too, and added to ``quals``; else ``k``."""
    if not all(_apart_values(q[1]) for q in quals):
        return k
    found = _statuses_in_parenthesis(lexemes, k, text)
    if found is None:
        return k
    said = {q[1] for q in quals}
    quals += [q for q in found[0] if q[1] not in said]
    return found[1]


_LISTING = frozenset({"COMMA", "AND", "SLASH"})
_STATUS_JOINERS = frozenset({"COMMA", "OR"})  # between status words: "unresectable, locally advanced, or metastatic"
_INSIDE_A_NAME = frozenset({"NUM", "SLASH"})  # a gene's name may hold them: "HER-2", "HER2/neu"


def _apart_values(values: tuple[str, ...]) -> bool:
    rows = qualifier_lexicon().rows
    return all(rows[v].apart for v in values)


def _apart(lexemes: list[Lexeme], k: int, text: str, quals: list[Read]) -> bool:
    """Whether lexeme ``k`` lists one receptor or mutation status after others."""
    if k + 1 >= len(lexemes) or lexemes[k].type not in _LISTING or not all(_apart_values(q[1]) for q in quals):
        return False
    following = _phrase(lexemes, k + 1, text)
    return (following is not None and following[0].apart) or _shared_status(lexemes, k + 1, text) is not None or (
        _status_symbols(lexemes, k + 1, text) is not None)


# Words joining receptors or genes that share one status word: "ER/PR positive" (either),
# "ER and PR positive" (both), "ER and/or PR negative"
_SHARING = frozenset({"SLASH", "AND", "OR", "COMMA"})
_EITHER = frozenset({"SLASH", "OR"})


def _shared_status(lexemes: list[Lexeme], k: int, text: str) -> tuple[list[Read], int] | None:
    """``(statuses, index after them)`` when names joined from ``k`` share the status word of the
    last ("ER/PR positive": ER-positive or PR-positive; "ER and PR positive": both); else ``None``.
    Joined by "/" or "or" the statuses are alternatives (of one axis only: else ``None``)."""
    names, joiners, j = [], set(), k
    while j + 1 < len(lexemes) and lexemes[j + 1].type in _SHARING and _phrase(lexemes, j, text) is None:
        names.append(j)
        j += 1
        while j < len(lexemes) and lexemes[j].type in _SHARING:
            joiners.add(lexemes[j].type)
            j += 1
    if not names or j >= len(lexemes):
        return None
    last = _phrase(lexemes, j, text)
    if last is None or not last[0].apart:
        return None
    status = text[lexemes[j].end:lexemes[last[1] - 1].end]  # " positive", "-negative"
    rows = [_named(text[lexemes[n].start:lexemes[n].end] + status) for n in names]
    if any(row is None or not row.apart for row in rows):
        return None
    rows.append(last[0])
    spans = [(lexemes[n].start, lexemes[n].end) for n in names] + [(lexemes[j].start, lexemes[last[1] - 1].end)]
    if joiners & _EITHER and not _all_negative(rows):
        if len({row.axis for row in rows}) != 1 or "AND" in joiners and "SLASH" not in joiners:
            return None
        values = tuple(dict.fromkeys(row.value for row in rows))
        return [(rows[0].axis, values, spans[0][0], spans[-1][1])], last[1]
    return [(row.axis, (row.value,), lo, hi) for row, (lo, hi) in zip(rows, spans)], last[1]


def _all_negative(rows: list[Qualifying]) -> bool:
    """Whether every status is a negative one: "ER/PR negative", "ER-/PR-" say both are negative
    (a hormone receptor-negative tumour), where "ER/PR positive" says either is positive."""
    return all(row.value.endswith("negative") for row in rows)


# A status written with a sign, several joined by "/" in one token: "HER2-", "ER+/PR+", "ER-/PR-/HER2-"
_SIGNED = re.compile(r"([a-z][a-z0-9-]*?)([+-])(?:/|$)")
_SIGN_WORDS = {"+": " positive", "-": " negative"}


def _status_symbols(lexemes: list[Lexeme], k: int, text: str) -> tuple[list[Read], int] | None:
    """``(statuses, k + 1)`` when lexeme ``k`` is a word of signed statuses ("HR+/HER2-"); signs
    of one axis joined by "/" are alternatives when positive ("ER+/PR+": hormone receptor-positive)
    and both when negative ("ER-/PR-"); else ``None``."""
    if k >= len(lexemes) or lexemes[k].type != "W":
        return None
    word, start, stop = lexemes[k].value.lower(), lexemes[k].start, k + 1
    if (word[-1:] not in _SIGN_WORDS and stop < len(lexemes) and lexemes[stop].start == lexemes[k].end
            and text[lexemes[stop].start:lexemes[stop].end] == "+"):
        word, stop = word + "+", stop + 1  # "HER2+": the tokenizer split the sign off, read as "or more"
    if word[-1:] not in _SIGN_WORDS:
        return None
    parts = list(_SIGNED.finditer(word))
    if not parts or parts[-1].end() != len(word) or any(a.end() != b.start() for a, b in zip(parts, parts[1:])) or parts[0].start():
        return None
    rows = [_named(part.group(1) + _SIGN_WORDS[part.group(2)]) for part in parts]
    if any(row is None or not row.apart for row in rows):
        return None
    read: list[Read] = []
    for row, part in zip(rows, parts):
        lo, hi = start + part.start(), start + part.start() + len(part.group(1)) + 1
        last = read[-1] if read else None
        if last is not None and last[0] == row.axis and not _all_negative([row]) and all(
                not v.endswith("negative") for v in last[1]):
            read[-1] = (row.axis, last[1] + (row.value,), last[2], hi)
        else:
            read.append((row.axis, (row.value,), lo, hi))
    return read, stop


def is_status(said: str) -> bool:
    """Whether ``said`` is a receptor or mutation status as written ("HR positive", "ER-negative")."""
    row = _named(said)
    return row is not None and row.apart


def _named(said: str) -> Qualifying | None:
    """The qualifier ``said`` is written as, if the lexicon holds it ("PR positive", "HER2-negative")."""
    words = tuple(said.lower().replace("-", " - ").split())
    return qualifier_lexicon().by_phrase.get(tuple(" ".join(words).replace(" - ", "-").split()))


# Words of receipt a route may stand before, its drug after them ("systemic treatment with
# corticosteroids", "chronic systemic administration of steroids", "systemic use of antibiotics")
_RECEIPT = frozenset({"treatment with", "therapy with", "administration of", "use of"})
_RECEIPT_TYPES = frozenset({"PRIOR", "STATUS"})
_DRUG_TERMS = frozenset({"EV_THERAPY", "EV_MED"})


def _bridge(lexemes: list[Lexeme], k: int, text: str) -> bool:
    """Whether lexeme ``k`` stands between a qualifier and the term it qualifies: a word of receipt
    before a drug, or an organ before a condition ("primary brain tumor", "primary CNS lymphoma")."""
    if k < 0 or k + 1 >= len(lexemes):
        return False
    if lexemes[k].type == "EV_SITE":
        return lexemes[k + 1].type == "EV_COND"
    return _receipt(lexemes, k, text)


def _receipt(lexemes: list[Lexeme], k: int, text: str) -> bool:
    """Whether lexeme ``k`` is a word of receipt with a therapy or drug term right after it."""
    if k + 1 >= len(lexemes) or lexemes[k].type not in _RECEIPT_TYPES or lexemes[k + 1].type not in _DRUG_TERMS:
        return False
    return " ".join(text[lexemes[k].start:lexemes[k].end].lower().split()) in _RECEIPT


def _between(low: Qualifying, high: Qualifying) -> list[Qualifying]:
    """"Mild to severe": the values of the axis ranked from ``low`` to ``high`` (both ranked), else
    ``high`` alone after ``low`` (a range of unranked values is its two ends)."""
    if low.rank is None or high.rank is None:
        return [high]
    rows = sorted((r for r in qualifier_lexicon().rows.values()
                   if r.axis == low.axis and r.rank is not None and low.rank < r.rank <= high.rank), key=lambda r: r.rank)
    return rows or [high]


def _phrase(lexemes: list[Lexeme], k: int, text: str, status_ok: bool = False) -> tuple[Qualifying, int] | None:
    """The longest qualifier phrase written from lexeme ``k`` (and the index after it). A status word
    ("severe") is one only after another qualifier of its axis (``status_ok``): alone it is read as a
    status of the event, as before."""
    lexicon = qualifier_lexicon()
    if status_ok and k < len(lexemes) and lexemes[k].type == "STATUS":
        row = lexicon.by_phrase.get((text[lexemes[k].start:lexemes[k].end].lower(),))
        return (row, k + 1) if row is not None else None
    best = None
    stop = k
    while stop < len(lexemes) and stop - k < lexicon.longest + 2 and (
            lexemes[stop].type in _WORDLIKE or (stop == k and lexemes[stop].type == "LAB")  # "ER-positive"
            or (stop > k and lexemes[stop].type in _INSIDE_A_NAME)  # "HER-2 negative", "HER2/neu negative"
            or (stop == k and text[lexemes[k].start:lexemes[k].end].lower() in status_first_words())):  # "HR": not hours
        row = _named(text[lexemes[k].start:lexemes[stop].end])
        if row is not None and lexemes[stop].type == "W":
            best = (row, stop + 1)
        stop += 1
    return best
