"""Build a process-wide object once, safely under threads."""

from __future__ import annotations

import functools
import threading
from typing import Callable, TypeVar

T = TypeVar("T")


def once(factory: Callable[[], T]) -> Callable[[], T]:
    """Wrap a no-argument factory so it runs once per process, even when threads race."""
    lock = threading.Lock()
    built: list[T] = []

    @functools.wraps(factory)
    def get() -> T:
        if not built:
            with lock:
                if not built:
                    built.append(factory())
        return built[0]

    return get
