"""Vocabulary matches as concepts: the lexer's terminal and value, the node's name and code.

A vocabulary term's lexeme value is :data:`VOCAB_MARK` and the entry's key (``=F84.2``,
``=DB12674``); the event builder asks :func:`concept` for what the node carries: a name (the
entry's name, words joined by ``_`` as our concept names are) and a code in the entry's system
(ICD-10-CM, DrugBank or MeSH).
"""

from __future__ import annotations

from dataclasses import dataclass

from .index import by_key, entries

VOCAB_MARK = "="
_TERMINALS = {"condition": "EV_COND", "medication": "EV_MED", "prior_therapy": "EV_THERAPY"}


@dataclass(frozen=True, slots=True)
class VocabCode:
    system: str
    code: str


@dataclass(frozen=True, slots=True)
class VocabConcept:
    """What an event node takes from a vocabulary entry (the fields of a lexicon concept it reads)."""

    name: str
    kind: str
    code: VocabCode
    group: None = None
    value: None = None


def terminal(index: int) -> tuple[str, str]:
    """(terminal, value) of vocabulary entry ``index`` (a position in :func:`.index.entries`)."""
    entry = entries()[index]
    return _TERMINALS[entry.kind], VOCAB_MARK + entry.key


def concept(value: str) -> VocabConcept:
    """The concept a vocabulary lexeme's value names."""
    entry = by_key()[value[len(VOCAB_MARK):]]
    name = "_".join("".join(ch for ch in w if ch.isalnum()) for w in entry.name.split()).strip("_")
    while "__" in name:
        name = name.replace("__", "_")
    return VocabConcept(name, entry.kind, VocabCode(entry.system, entry.code))
