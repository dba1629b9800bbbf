""""Other malignancy": a class of conditions beside the trial's own disease.

"History of other malignancy within 5 years" in a lung cancer trial excludes a patient with a
recent breast cancer, not one whose only cancer is the lung cancer under study. A concept with
``other_of`` in ``lexicons/events.jsonl`` ("other_malignancy" → "malignancy") is matched by
every record of its class except records of the trial's own disease: the conditions the
inclusion criteria ask for (:func:`study_conditions`), with their kinds and the broader concepts
between them and the class ("lung cancer" for a non-small cell lung cancer trial). The evaluator
(:mod:`criteria.evaluate.events`) and the SQL compiler (:mod:`criteria.sql.events`) match the
same phrases, so both engines read the same records as the trial's own.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..resources import event_lexicon


@cache
def _concepts() -> dict[str, Any]:
    return {c.name: c for c in event_lexicon() if c.kind == "condition"}


def other_class(name: str) -> str | None:
    """The class a condition concept is the rest of ("malignancy" for "other_malignancy")."""
    concept = _concepts().get(name)
    return concept.other_of if concept is not None else None


def other_phrases(name: str) -> frozenset[str]:
    """What names a record of an "other" concept's class: the class and its kinds, and the
    concept's own phrases ("second primary malignancy")."""
    from .events import concept_phrases  # events reads this module's rules: imported when first asked

    klass = other_class(name)
    assert klass is not None
    return concept_phrases(klass, kinds=("condition",)) | concept_phrases(name, kinds=("condition",))


def own_phrases(name: str, study: tuple[str, ...]) -> frozenset[str]:
    """What names a record of the trial's own disease within the class of ``name``: each study
    condition of the class, its kinds, and the broader concepts between it and the class."""
    from .events import concept_phrases

    klass = other_class(name)
    out: set[str] = set()
    for condition in study:
        chain = _up_to(condition, klass)
        if chain is not None:
            for concept in chain:
                out |= concept_phrases(concept, kinds=("condition",))
    return frozenset(out)


def study_phrases(study: tuple[str, ...]) -> frozenset[str]:
    """What names a record of the trial's own disease, whatever class: each study condition and its
    kinds. A record of it is no "other" condition ("any other medically important disorder")."""
    from .events import concept_phrases

    return frozenset().union(*(concept_phrases(c, kinds=("condition",)) for c in study))


def _up_to(name: str, klass: str | None) -> list[str] | None:
    """``name`` and its ancestors below ``klass``; ``None`` when ``name`` is not a kind of it."""
    concepts, chain, seen = _concepts(), [], set()
    while name is not None and name not in seen:
        if name == klass:
            return chain or None
        seen.add(name)
        chain.append(name)
        concept = concepts.get(name)
        name = concept.parent if concept is not None else None
    return None


def study_conditions(tree: Any) -> tuple[str, ...]:
    """The conditions the inclusion criteria ask for: each condition node of an inclusion rule
    not under a negation, nor among an exception's exempt cases, nor itself an "other" concept."""
    found: dict[str, None] = {}
    for criterion in tree.criteria():
        if getattr(criterion.section, "value", criterion.section) != "inclusion" or criterion.rule is None:
            continue
        _collect(criterion.rule, found)
    return tuple(found)


def _collect(node: Any, found: dict[str, None]) -> None:
    kind = node.kind
    if kind == "not":
        return
    if kind == "except":
        _collect(node.item, found)
        return
    if kind == "condition" and other_class(node.name) is None:
        found[node.name] = None
    for child in node.children():
        _collect(child, found)
