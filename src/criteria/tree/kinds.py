"""One registry shape for every consumer that dispatches on a node's ``kind`` (the evaluator, the
SQL compiler): a function per kind, registered by a decorator, looked up once at compile time."""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

F = TypeVar("F", bound=Callable)


class KindRegistry(Generic[F]):
    """``{kind: function}`` filled by :meth:`register`; :meth:`get` and :meth:`kinds` read it."""

    def __init__(self) -> None:
        self._by_kind: dict[str, F] = {}

    def register(self, *kinds: str) -> Callable[[F], F]:
        """Register the decorated function for node kind(s) ``kinds``."""

        def decorate(function: F) -> F:
            for kind in kinds:
                self._by_kind[kind] = function
            return function

        return decorate

    def get(self, kind: str) -> F | None:
        """The function registered for ``kind``, or ``None``."""
        return self._by_kind.get(kind)

    def kinds(self) -> frozenset[str]:
        """Every kind with a function."""
        return frozenset(self._by_kind)
