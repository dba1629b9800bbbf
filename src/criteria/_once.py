"""Build a process-wide object once, safely under threads."""

from __future__ import annotations

import contextlib
import functools
import gc
import threading
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")


def once(factory: Callable[[], T]) -> Callable[[], T]:
    """Wrap a no-argument factory so it runs once per process, even when threads race.

    The factory runs with the cyclic garbage collector paused (:func:`gc_paused`): what these
    factories build (the spaCy pipeline, the analysed grammar, lexicon indexes) is tens of
    thousands of long-lived objects, never garbage."""
    lock = threading.Lock()
    built: list[T] = []

    @functools.wraps(factory)
    def get() -> T:
        if not built:
            with lock:
                if not built:
                    with gc_paused():
                        built.append(factory())
        return built[0]

    return get


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a block allocates long-lived objects.

    Why: allocating that many container objects triggers collections, and a full collection walks
    every object of the process (spaCy, pydantic and our modules: about 150,000), to free none of
    the new ones. Measured in a fresh process, the pipeline and the grammar built with the collector
    running cost one full and a dozen middle collections, 50-75 ms of a cold start of about 1.3 s
    (the whole of Lark's cache load but 6 ms was such a collection). Reference counting still frees
    everything else at once; the collector resumes when the block ends, only if it was running
    before (a caller that switched it off keeps it off), and a nested pause leaves it to the outer
    one. Another thread's allocations meanwhile are merely collected later.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
