"""Reusing verdicts of event rules across patients whose records name none of their concepts.

An event leaf (condition, therapy, medication, procedure) whose concept no record names is
"not met" in a complete list and unknown otherwise. So a rule made only of such leaves and
constants has, for such a patient, one verdict per combination of complete flags: it is
computed once and then found by a set test and a dict lookup. :func:`with_absence_shortcut`
wraps every compiled logic node with at least two event leaves this way; the program does the
same for whole criteria (see :meth:`criteria.evaluate.compile.Program._base`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .facts import Facts
from .terms import absence_profile

if TYPE_CHECKING:  # pragma: no cover
    from .evaluator import Check


def absence_tags(check: Check) -> frozenset[int] | None:
    """Concept tags of every event leaf below ``check``; ``None`` if another leaf needs data."""
    if check.constant is not None or check.ignored:
        return frozenset()
    tag = check.extra.get("absence")
    if tag is not None:
        return frozenset({tag})
    if not check.children:
        return None
    tags: set[int] = set()
    for child in check.children:
        found = absence_tags(child)
        if found is None:
            return None
        tags |= found
    return frozenset(tags)


def with_absence_shortcut(check: Check | None) -> Check | None:
    """Reuse a rule's verdict across patients whose records name none of its concepts.

    An event leaf whose concept no record names is "not met" in a complete list and unknown
    otherwise, so a rule made only of such leaves (and constants) has one verdict per
    combination of complete flags: computed once, then a set test and a dict lookup per patient.
    """
    if check is None or check.constant is not None or check.ignored:
        return check
    tags = absence_tags(check)
    if tags is None or len(tags) < 2:  # one leaf already answers with one set lookup
        return check
    run, seen = check.run, {}

    def shortcut(facts: Facts) -> int:
        profile = facts.cache.get("absence")  # absence_profile, inlined: runs for every logic node
        present, flags = profile if profile is not None else absence_profile(facts)
        if not tags.isdisjoint(present):
            return run(facts)
        code = seen.get(flags)
        if code is None:
            code = seen[flags] = run(facts)  # same inputs, same verdict: a benign race
        return code

    return replace(check, run=shortcut)
