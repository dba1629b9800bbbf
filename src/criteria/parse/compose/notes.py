"""Sentences that inform, not ask: "The effects of trametinib on the developing human fetus are
unknown", "Should a woman become pregnant while participating in this study, she should inform her
treating physician immediately", "Any woman becoming pregnant during the study will be withdrawn".

Such a sentence tells why a rule is there or what happens after enrolment; it asks nothing of a
patient at screening. Read as part of the criterion, the drug and the pregnancy it names had been
asked of every patient (an inclusion no one who is not pregnant met). A whole sentence of one of the
shapes in ``lexicons/note_sentences.txt`` becomes a description :class:`~criteria.tree.nodes.Remark`
and the terms read inside it are dropped, as for the reason after a verdict (:mod:`.rationales`).
Only whole sentences: "The effects of X on the fetus are unknown, therefore women must use
contraception" asks something, and is left as read.
"""

from __future__ import annotations

import re
from functools import cache

from ...errors import ResourceError
from ...resources import data_path
from ..grammar.lexer import Lexeme
from .textual import ends_a_sentence


def note_ranges(lexemes: list[Lexeme], text: str) -> list[tuple[int, int]]:
    """``(lo, hi)`` lexeme ranges of the whole sentences that only inform."""
    found: list[tuple[int, int]] = []
    sentences, leads = _note_patterns()
    for lo, hi in _sentences(lexemes, text):
        said = " ".join(text[lexemes[lo].start : lexemes[hi - 1].end].split()).rstrip(" .;:!")
        if any(pattern.fullmatch(said) for pattern in sentences):
            found.append((lo, hi))
            continue
        lead = next((m for m in (p.match(text, lexemes[lo].start) for p in leads) if m is not None), None)
        if lead is not None:
            end = next((k for k in range(lo, hi) if lexemes[k].end > lead.end()), hi)
            if lo < end < hi:  # what the reason leads to is read
                found.append((lo, end))
    return found


def only_notes(text: str) -> bool:
    """Whether every sentence of ``text`` (a whole bullet) only informs."""
    sentences, _ = _note_patterns()
    said = [" ".join(part.split()).rstrip(" .;:!") for part in _BULLET_SENTENCE_END.split(text)]
    said = [s.lstrip("-*• ") for s in said if s.strip(" -*•")]
    return bool(said) and all(any(p.fullmatch(s) for p in sentences) for s in said)


_BULLET_SENTENCE_END = re.compile(r"(?<=\.)\s+|;")


def _sentences(lexemes: list[Lexeme], text: str) -> list[tuple[int, int]]:
    """Lexeme ranges of the sentences: a full stop before a space (or a semicolon) between two lexemes
    ends one."""
    out, lo = [], 0
    for k in range(1, len(lexemes)):
        if lexemes[k - 1].type == "SEMI" or ends_a_sentence(text, lexemes[k - 1].end, lexemes[k].start):
            out.append((lo, k))
            lo = k
    if lexemes:
        out.append((lo, len(lexemes)))
    return out


@cache
def _note_patterns() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """(whole sentences, leads up to a comma) from ``lexicons/note_sentences.txt``."""
    path = data_path("lexicons", "note_sentences.txt")
    sentences, leads = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        lead = line.startswith("lead:")
        try:
            pattern = re.compile(line.removeprefix("lead:").strip(), re.IGNORECASE)
        except re.error as error:
            raise ResourceError(f"lexicons/note_sentences.txt, line {number}: not a regular expression ({error})") from None
        (leads if lead else sentences).append(pattern)
    return tuple(sentences), tuple(leads)
