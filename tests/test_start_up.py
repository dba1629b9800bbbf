"""What a cold start relies on (docs/architecture.md, *Start-up*): one-time builds run with the
garbage collector paused, and leave it as they found it."""

from __future__ import annotations

import gc

import pytest

from criteria._once import gc_paused, once


@pytest.fixture
def collector():
    """Restore the collector's state whatever a test leaves."""
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_a_once_factory_runs_with_the_collector_paused_and_restores_it(collector):
    gc.enable()
    seen = []
    build = once(lambda: seen.append(gc.isenabled()) or "built")
    assert build() == "built" and build() == "built"
    assert seen == [False]  # ran once, paused
    assert gc.isenabled()


def test_a_pause_keeps_a_collector_the_caller_switched_off(collector):
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_a_nested_pause_leaves_resuming_to_the_outer_one_and_an_error_still_resumes(collector):
    gc.enable()
    with pytest.raises(KeyError):
        with gc_paused():
            with gc_paused():
                pass
            assert not gc.isenabled()  # the inner block did not switch it back on
            raise KeyError("boom")
    assert gc.isenabled()


def test_measure_heads_are_found_as_numpy_isin_finds_them():
    import numpy

    from criteria.parse.nlp.measures import members

    rng = numpy.random.default_rng(15)
    for _ in range(300):
        table = numpy.unique(rng.integers(0, 40, rng.integers(1, 12)).astype(numpy.uint64), return_inverse=True)[0]
        values = rng.integers(0, 50, rng.integers(0, 30)).astype(numpy.uint64)
        assert (members(values, table) == numpy.isin(values, table)).all()
