"""What the evaluator (and the SQL compiler, through the same phrase sets) matches for a concept
from the vocabularies: a patient record names a concept by name, by synonym, or by code.

* a vocabulary node (its ``code`` in ICD-10-CM, DrugBank or MeSH): every phrase of its entry, and
  its code as a matching token (:mod:`criteria.evaluate.codes`) — for ICD-10-CM a *prefix*, so a
  record coded with any descendant matches ("E11" matches ``ICD-10-CM:E11.9``; a block such as
  ``C00-C96`` each of its categories);
* a drug class our lexicon names (``anthracycline``): every member's phrases and id, so "prior
  anthracycline" matches a record of idarubicin or of ``DrugBank:DB01177``; a class concept's
  members listed by hand (``lexicons/drug_class_members.tsv``) likewise, so "anticoagulants"
  matches a record of Eliquis;
* one of our own condition concepts: the ICD-10-CM codes of the index entries its phrases name.

The vocabulary files are read on the first call, never at import.
"""

from __future__ import annotations

from functools import cache

from ..evaluate.codes import exact_token, prefix_token
from .index import Entry, by_key, class_members, drug_classes, entries

VOCAB_SYSTEMS = frozenset({"ICD-10-CM", "DrugBank", "MeSH"})


def _norm(text: str) -> str:
    from ..evaluate.terms import norm  # late: terms imports codes, which imports nothing of ours

    return norm(text)


def code_tokens(system: str, code: str) -> frozenset[str]:
    """Matching tokens of a vocabulary code: ICD-10-CM by prefix (the code and its descendants;
    a block by its categories), a drug id exactly."""
    if system == "ICD-10-CM":
        if "-" in code:
            first, last = code.split("-")
            return frozenset(prefix_token(system, f"{first[0]}{n:02d}") for n in range(int(first[1:]), int(last[1:]) + 1)
                             if first[0] == last[0])
        return frozenset({prefix_token(system, code)})
    return frozenset({exact_token(system, code)})


def _entry_phrases(entry: Entry) -> frozenset[str]:
    key = entry.key.removeprefix("MESH:")
    return frozenset(_norm(p) for p in entry.phrases) | code_tokens(entry.system, key)


@cache
def node_phrases(system: str, code: str) -> frozenset[str]:
    """Phrases and code tokens of the vocabulary entry a node's code names (empty if none)."""
    if system not in VOCAB_SYSTEMS:
        return frozenset()
    entry = by_key().get(f"MESH:{code}" if system == "MeSH" else code)
    return _entry_phrases(entry) if entry is not None else code_tokens(system, code)


@cache
def class_phrases(group: str) -> frozenset[str]:
    """Phrases and ids of every member of a drug class our lexicon names (empty for other groups)."""
    return frozenset().union(*(_entry_phrases(e) for e in drug_classes().get(group, ())))


@cache
def member_phrases(name: str) -> frozenset[str]:
    """Phrases and ids of every drug listed under the class concept ``name`` (empty for others)."""
    return frozenset().union(*(_entry_phrases(e) for e in class_members().get(name, ())))


@cache
def _condition_keys() -> dict[str, str]:
    """Normalised phrase → ICD-10-CM key, over the condition index."""
    return {_norm(p): e.key for e in entries() if e.kind == "condition" and not e.blocker for p in e.phrases}


@cache
def lexicon_codes(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """ICD-10-CM codes (or blocks) of the index entries that a concept's phrases name."""
    keys = _condition_keys()
    return tuple(dict.fromkeys(k for k in (keys.get(_norm(p)) for p in phrases) if k))


def lexicon_tokens(concept) -> frozenset[str]:
    """Code tokens one of our own condition concepts gains from the index."""
    if concept.kind != "condition":
        return frozenset()
    return frozenset().union(*(code_tokens("ICD-10-CM", k) for k in lexicon_codes(concept.phrases)))
