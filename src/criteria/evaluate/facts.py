"""What one evaluation knows: the patient, the reference date, and per-patient memos.

A :class:`Facts` is made once per (patient, as_of) and handed to every compiled check, so a
derived value several checks need (an age, a lab index) is computed at most once per
patient. It holds no state shared between patients, which keeps evaluation thread-safe.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from .patient import Patient


class Facts:
    """The patient and ``as_of`` for one evaluation, with a memo for derived values."""

    __slots__ = ("patient", "as_of", "cache")

    def __init__(self, patient: Patient, as_of: date) -> None:
        self.patient = patient
        self.as_of = as_of
        self.cache: dict[Any, Any] = {}  # per-evaluation memo; hot paths may read it directly

    def memo(self, key: Any, compute: Callable[["Facts"], Any]) -> Any:
        """``compute(self)``, computed once per evaluation for each ``key``."""
        cache = self.cache
        if key not in cache:
            cache[key] = compute(self)
        return cache[key]
