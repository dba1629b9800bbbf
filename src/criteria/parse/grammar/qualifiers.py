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

from functools import cache

from ...qualifiers import Qualifying, qualifier_lexicon
from .lexeme import Lexeme

TERM_KINDS = {"EV_COND": "condition", "EV_THERAPY": "prior_therapy", "EV_MED": "medication", "EV_PROC": "procedure"}
# what joins alternatives of one qualifier: "oral or intravenous", "systemic/intravesical"
_ALTERNATIVE = frozenset({"OR", "SLASH", "COMMA", "TO"})
_WORDLIKE = frozenset({"W", "DASH"})  # "non-invasive", "intra-arterial" are written with a dash

Read = tuple[str, tuple[str, ...], int, int]


def may_qualify(lexemes: list[Lexeme]) -> bool:
    """Whether a word that may begin a qualifier is among ``lexemes`` (a cheap test first)."""
    firsts = _first_words()
    return any(lx.type == "W" and lx.value.lower() in firsts for lx in lexemes) or any(
        a.type == "LAB" and b.type in ("DASH", "W") for a, b in zip(lexemes, lexemes[1:]))  # "EGFR-mutant", "ER positive"


@cache
def _first_words() -> frozenset[str]:
    return frozenset(words[0].split("-")[0] for words in qualifier_lexicon().by_phrase)


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
    quals: list[Read] = []
    k = i
    while k < len(lexemes):
        first = _phrase(lexemes, k, text)
        if first is None and quals and _apart(lexemes, k, text, quals):
            k += 1  # "ER-positive, HER2-negative": the next status
            first = _phrase(lexemes, k, text)
        if first is None:
            break
        rows, lo, k = [first[0]], lexemes[k].start, first[1]
        while k + 1 < len(lexemes) and lexemes[k].type in _ALTERNATIVE:
            joiner, j = lexemes[k].type, k + 1
            if joiner == "COMMA" and lexemes[j].type == "OR":  # "mild, moderate, or severe"
                j += 1
            more = _phrase(lexemes, j, text, status_ok=True)
            if more is None or more[0].axis != rows[0].axis:
                break
            rows += _between(rows[-1], more[0]) if joiner == "TO" else [more[0]]
            k = more[1]
        quals.append((rows[0].axis, tuple(dict.fromkeys(r.value for r in rows)), lo, lexemes[k - 1].end))
    if quals and _bridge(lexemes, k, text) and (lexemes[k].type == "EV_SITE" or all(q[0] == "route" for q in quals)):
        # "systemic treatment with" a drug, "primary brain tumor": the qualifier is the term's. Only a
        # route is read across a word of receipt: "intermittent use of" says how often it is used,
        # which the word of receipt, not the drug, carries
        k += 1
    kept = []
    if quals and all(_apart_values(values) for _, values, _, _ in quals):
        while k < len(lexemes) and (lexemes[k].type == "STATUS" or (  # "ER-positive, HER2-negative breast cancer"
                lexemes[k].type == "COMMA" and k + 1 < len(lexemes) and (lexemes[k + 1].type in TERM_KINDS or lexemes[k + 1].type == "STATUS"))):
            kept.append(k)
            k += 1
    if not quals or k >= len(lexemes) or lexemes[k].type not in TERM_KINDS:
        return None
    kind = TERM_KINDS[lexemes[k].type]
    if not all(qualifier_lexicon().fits(kind, values) for _, values, _, _ in quals):
        return None
    return quals, k, kept


_LISTING = frozenset({"COMMA", "AND", "SLASH"})


def _apart_values(values: tuple[str, ...]) -> bool:
    rows = qualifier_lexicon().rows
    return all(rows[v].apart for v in values)


def _apart(lexemes: list[Lexeme], k: int, text: str, quals: list[Read]) -> bool:
    """Whether lexeme ``k`` lists one receptor or mutation status after others."""
    if k + 1 >= len(lexemes) or lexemes[k].type not in _LISTING or not all(_apart_values(q[1]) for q in quals):
        return False
    following = _phrase(lexemes, k + 1, text)
    return following is not None and following[0].apart


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
            lexemes[stop].type in _WORDLIKE or (stop == k and lexemes[stop].type == "LAB")):  # "ER-positive"
        said = tuple(text[lexemes[k].start:lexemes[stop].end].lower().replace("-", " - ").split())
        row = lexicon.by_phrase.get(tuple(" ".join(said).replace(" - ", "-").split()))
        if row is not None and lexemes[stop].type == "W":
            best = (row, stop + 1)
        stop += 1
    return best
