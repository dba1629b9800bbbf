"""Three-valued (Kleene) logic, with unknown as a value, plus "not applicable".

Verdicts are small integers on the hot path so that Kleene's tables are plain arithmetic:

    NOT_MET = 0 < UNKNOWN = 1 < MET = 2
    and = min,  or = max,  not = 2 - v

That ordering is exactly Kleene's strong logic (as in cel-python, where an error is a value
that ``&&``/``||`` absorb): ``not_met and unknown`` is ``not_met`` because one false conjunct
settles it, ``met or unknown`` is ``met``, and unknown survives only when it could change the
answer. ``NOT_APPLICABLE`` (a criterion scoped to a cohort the patient is not in, or an ignored
non-computable rule) never enters the tables: combinations skip it, so it is the identity of
both ``and`` and ``or``. The public face is :class:`Verdict`, a ``str`` enum.
"""

from __future__ import annotations

from enum import Enum
from typing import Iterable

NOT_MET, UNKNOWN, MET, NOT_APPLICABLE = 0, 1, 2, 3


class Verdict(str, Enum):
    """The verdict on one criterion (or one rule) for one patient."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"

    def __str__(self) -> str:
        return self.value


class Status(str, Enum):
    """The verdict on the whole trial for one patient."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value


VERDICTS: tuple[Verdict, ...] = (Verdict.NOT_MET, Verdict.UNKNOWN, Verdict.MET, Verdict.NOT_APPLICABLE)
"""Public verdict for each integer code (``VERDICTS[code]``)."""

CODES: dict[Verdict, int] = {verdict: code for code, verdict in enumerate(VERDICTS)}
"""Integer code for each public verdict."""

STATUSES: tuple[Status, ...] = (Status.INELIGIBLE, Status.UNKNOWN, Status.ELIGIBLE)
"""Trial status for the Kleene value of "inclusions hold and no exclusion holds"."""


def all_of(codes: Iterable[int]) -> int:
    """Kleene AND of verdict codes; ``NOT_APPLICABLE`` is skipped; empty → ``MET``."""
    result = MET
    for code in codes:
        if code == NOT_MET:
            return NOT_MET
        if code == UNKNOWN:
            result = UNKNOWN
    return result


def any_of(codes: Iterable[int]) -> int:
    """Kleene OR of verdict codes; ``NOT_APPLICABLE`` is skipped; empty → ``NOT_MET``."""
    result = NOT_MET
    for code in codes:
        if code == MET:
            return MET
        if code == UNKNOWN:
            result = UNKNOWN
    return result


def at_least(n: int, codes: Iterable[int]) -> int:
    """Kleene "at least ``n`` hold": met once ``n`` are met, not met once ``n`` can no longer be.

    ``NOT_APPLICABLE`` is skipped. ``at_least(1, …)`` is :func:`any_of`; ``at_least(len, …)`` is
    :func:`all_of` (for codes without ``NOT_APPLICABLE``).
    """
    met = possible = 0
    for code in codes:
        if code == MET:
            met += 1
            possible += 1
        elif code == UNKNOWN:
            possible += 1
    return MET if met >= n else (NOT_MET if possible < n else UNKNOWN)


def negate(code: int) -> int:
    """Kleene NOT; ``NOT_APPLICABLE`` stays ``NOT_APPLICABLE``."""
    return code if code == NOT_APPLICABLE else MET - code


def kleene_and(a: Verdict, b: Verdict) -> Verdict:
    """``a and b`` on public verdicts (not applicable is the identity)."""
    if a is Verdict.NOT_APPLICABLE or b is Verdict.NOT_APPLICABLE:
        return b if a is Verdict.NOT_APPLICABLE else a
    return VERDICTS[all_of((CODES[a], CODES[b]))]


def kleene_or(a: Verdict, b: Verdict) -> Verdict:
    """``a or b`` on public verdicts (not applicable is the identity)."""
    if a is Verdict.NOT_APPLICABLE or b is Verdict.NOT_APPLICABLE:
        return b if a is Verdict.NOT_APPLICABLE else a
    return VERDICTS[any_of((CODES[a], CODES[b]))]


def kleene_not(a: Verdict) -> Verdict:
    """``not a`` on public verdicts."""
    return VERDICTS[negate(CODES[a])]


def status_code(inclusion: Iterable[int], exclusion: Iterable[int]) -> int:
    """Kleene value of "every inclusion is met and no exclusion is met".

    ``MET`` → eligible, ``NOT_MET`` → ineligible, ``UNKNOWN`` → unknown (see :data:`STATUSES`).
    """
    included = all_of(inclusion)
    if included == NOT_MET:
        return NOT_MET
    excluded = any_of(exclusion)
    return min(included, MET - excluded)
