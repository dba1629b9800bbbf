"""The built vocabularies (``data/vocab/*.tsv``), loaded once per process on first use.

Each line of ``conditions.tsv`` and ``drugs.tsv`` is one concept: its key (an ICD-10-CM code or
block such as ``C00-C96``; a DrugBank id, else ``MESH:`` and a MeSH id), its name, for drugs its
kind (``medication`` or ``prior_therapy``), and every phrase naming it, each written as our tokenizer
splits it (tokens joined by single spaces). A condition line whose key is ``-`` is a blocker: a
phrase that holds a condition's word but names none ("ST depression"). ``drug_classes.tsv`` lists
the members of the drug classes our lexicon names, found by rule (MeSH tree numbers, INN stems);
``lexicons/drug_class_members.tsv`` lists, by hand, the common members of the classes no rule
finds ("anticoagulant": warfarin, apixaban…), each a drug of ``drugs.tsv`` by name. Lines are
validated on load; a broken line is a :class:`~criteria.errors.ResourceError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .._once import once
from ..errors import ResourceError
from ..resources import data_path, spelling_variant

BLOCKER = "-"
_ICD = re.compile(r"[A-Z][0-9A-Z]{2}(\.[0-9A-Z]{1,4})?|[A-Z]\d\d-[A-Z]\d[0-9A-Z]")
_DRUG = re.compile(r"DB\d{5}|MESH:[CD]\d{6,9}")
_KINDS = frozenset({"condition", "medication", "prior_therapy"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One vocabulary concept: its key (code or id), kind, name and every phrase naming it."""

    key: str
    kind: str
    name: str
    phrases: tuple[str, ...]

    @property
    def blocker(self) -> bool:
        return self.key == BLOCKER

    @property
    def system(self) -> str:
        """The code system of :attr:`key`: ICD-10-CM, DrugBank or MeSH."""
        if self.kind == "condition":
            return "ICD-10-CM"
        return "MeSH" if self.key.startswith("MESH:") else "DrugBank"

    @property
    def code(self) -> str:
        """The key as the code system writes it (a MeSH id without its ``MESH:``)."""
        return self.key.removeprefix("MESH:")


def _rows(name: str, columns: int, folder: str = "vocab") -> list[list[str]]:
    rows = []
    with data_path(folder, name).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            row = line.rstrip("\n").split("\t")
            if len(row) != columns or not row[1]:
                raise ResourceError(f"{folder}/{name}:{number}: expected {columns} tab-separated fields")
            rows.append(row)
    return rows


def _load(name: str, kind: str | None) -> list[Entry]:
    out = []
    for row in _rows(name, 3 if kind else 4):
        key, label, *rest = row
        entry_kind = kind or rest.pop(0)
        valid = (key == BLOCKER or _ICD.fullmatch(key)) if kind == "condition" else _DRUG.fullmatch(key)
        if not valid or entry_kind not in _KINDS:
            raise ResourceError(f"vocab/{name}: bad key or kind in {row[:3]!r}")
        phrases = tuple(p for p in rest[0].split("|") if p)
        if entry_kind == "condition":  # "sickle - cell anaemia": British spellings name it too
            phrases += tuple(v for v in dict.fromkeys(spelling_variant(p) for p in phrases) if v and v not in phrases)
        if not phrases:
            raise ResourceError(f"vocab/{name}: {key} {label!r} has no phrase")
        out.append(Entry(key, entry_kind, label, phrases))
    return out


@once
def entries() -> tuple[Entry, ...]:
    """Every entry, conditions first then drugs; an entry's position is its id in the matcher."""
    return tuple(_load("conditions.tsv", "condition") + _load("drugs.tsv", None))


@cache
def by_key() -> dict[str, Entry]:
    """Entries by their key (blockers left out)."""
    return {e.key: e for e in entries() if not e.blocker}


@cache
def drug_classes() -> dict[str, tuple[Entry, ...]]:
    """Members of each drug class our lexicon names (its ``group``), from ``drug_classes.tsv``."""
    keys = by_key()
    out = {}
    for group, members in _rows("drug_classes.tsv", 2):
        missing = [m for m in members.split("|") if m not in keys]
        if missing:
            raise ResourceError(f"vocab/drug_classes.tsv: {group}: no drug {missing[0]!r} in drugs.tsv")
        out[group] = tuple(keys[m] for m in members.split("|"))
    return out


_MEMBERS = "drug_class_members.tsv"


@cache
def _drugs_by_name() -> dict[str, tuple[Entry, ...]]:
    """Drug entries by their lower-case name (a name two entries share maps to both)."""
    named: dict[str, tuple[Entry, ...]] = {}
    for entry in entries():
        if entry.kind != "condition":
            named[entry.name.lower()] = (*named.get(entry.name.lower(), ()), entry)
    return named


def _member(group: str, name: str) -> Entry:
    """The one drug of ``drugs.tsv`` called ``name``, listed under class ``group``."""
    drugs = _drugs_by_name().get(name, ())
    if len(drugs) != 1:
        raise ResourceError(f"lexicons/{_MEMBERS}: {group}: {name!r} names "
                            f"{'no drug' if not drugs else 'two drugs'} of drugs.tsv")
    return drugs[0]


@cache
def class_members() -> dict[str, tuple[Entry, ...]]:
    """The drugs ``lexicons/drug_class_members.tsv`` lists under a class concept of the event
    lexicon (its ``name``: "anticoagulant", "ssri"), each the ``drugs.tsv`` entry so named. The
    class must be a medication or therapy concept, each member a drug named exactly once in
    ``drugs.tsv`` and listed once under its class, and each line must say its source."""
    from ..resources import event_lexicon  # late: the vocabulary loads without the lexicon until asked

    classes = {c.name for c in event_lexicon() if c.kind in ("medication", "prior_therapy")}
    out: dict[str, tuple[Entry, ...]] = {}
    for group, members, source in _rows(_MEMBERS, 3, "lexicons"):
        if group not in classes:
            raise ResourceError(f"lexicons/{_MEMBERS}: {group!r} is no medication or therapy concept of events.jsonl")
        if not source.strip():
            raise ResourceError(f"lexicons/{_MEMBERS}: {group}: no source for its members")
        found = (*out.get(group, ()), *(_member(group, m.strip().lower()) for m in members.split("|")))
        if len(set(found)) != len(found):
            raise ResourceError(f"lexicons/{_MEMBERS}: {group}: a member is listed twice")
        out[group] = found
    return out
