"""Exceptions carved out record by record.

"History of malignancy, except cured basal cell carcinoma" exempts a *cancer*, not a patient: a
patient with a cured basal cell carcinoma and a colon cancer is excluded by the colon cancer. Read
person by person (item AND NOT any exception), the cured skin cancer had exempted the patient from
every other cancer too: a reading looser than the text. When an exclusion's item is one condition
(or alternatives that are all conditions) and every exempt case is a kind of it (its concept is among the item's) asked only with status
words, the evaluator and the SQL compiler instead drop the exempt records from those that may
satisfy the item: the item holds when some record of it is no exempt one.

The choice is made here, once, so that both compilers read the same trees the same way.
"""

from __future__ import annotations

from typing import Any

from ..resources import event_lexicon
from .other import other_class, other_phrases
from .terms import norm

# statuses a record cannot be tested for one by one the way the item's records are: a relative's
# condition, a test result, a plan, a suspicion
_NOT_RECORD_STATUSES = frozenset({"family", "positive_test", "planned", "suspected"})
# what, beyond its concept and statuses, makes an exempt case something other than a kind of record
_MORE_THAN_STATUS = ("window", "site", "grade", "stage", "qualifiers", "cause", "open_vocabulary")


def exempt_kinds(node: Any) -> tuple[Any, ...]:
    """The exempt cases of the exclusion ``except`` node ``node`` to carve out record by record,
    or ``()`` to read the exception person by person (see the module's docstring). The item may be
    one condition or alternatives that are all conditions ("malignancy, including leukemia and
    lymphoma"): each alternative is then read without the exempt records."""
    items = node.item.items if node.item.kind == "any_of" else (node.item,)
    if any(item.kind != "condition" or set(item.status) & _NOT_RECORD_STATUSES
           or getattr(item, "open_vocabulary", False) for item in items):
        return ()
    cases = tuple(_cases(node.exceptions))
    if not cases or any(case is None or not _only_statuses(case) for case in cases):
        return ()
    wide = frozenset().union(*(condition_phrases(item.name) for item in items))
    if not all(_a_kind_of(case, wide) for case in cases):
        return ()
    return cases


def _a_kind_of(case: Any, wide: frozenset[str]) -> bool:
    """Whether a record of ``case`` is a record of the item whose phrases are ``wide``: the lexicon
    makes it a kind of the item, or its name holds one of the item's phrases ("cervical carcinoma
    in situ" holds "carcinoma"), as a record so named would match the item."""
    if condition_phrases(case.name) <= wide:
        return True
    found = next((c for c in event_lexicon() if c.name == case.name and c.kind == "condition"), None)
    names = {case.name.replace("_", " "), *((found.label,) if found is not None and found.label else ())}
    return any(f" {p} " in f" {norm(n)} " for n in names for p in wide)


def _cases(exceptions: tuple[Any, ...]):
    """The exempt cases, an "any of" read as its alternatives; ``None`` for a case of another shape."""
    for case in exceptions:
        if case.kind == "any_of":
            yield from _cases(case.items)
        else:
            yield case if case.kind == "condition" else None


def _only_statuses(case: Any) -> bool:
    return not (set(case.status) & _NOT_RECORD_STATUSES) and not any(getattr(case, f, None) for f in _MORE_THAN_STATUS)


def condition_phrases(name: str) -> frozenset[str]:
    """The phrases that name condition concept ``name`` or a kind of it (an "other" class's own)."""
    from .events import concept_phrases  # events compiles by this module's choice: imported when asked

    return other_phrases(name) if other_class(name) is not None else concept_phrases(name, kinds=("condition",))
