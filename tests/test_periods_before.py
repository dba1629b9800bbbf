"""Issue 11 (time windows relative to events) and issue 12 (numbers outside a typed node): a period
that ends at an anchor, "in the 6 months prior to screening", "during the 4 weeks before
enrollment", "in the 10 hours preceding inclusion", is a window over it, as "within 6 months prior
to" is. The lexer had left "in the" and "during the" as words, so the time was read as no window
and the event was asked at any time. Sentences of our own."""

import pytest

from evaluate_helpers import exclusion_rule


def _windows(rule):
    return [(n.window.relation, n.window.low, n.window.high, n.window.unit, n.window.anchor)
            for n in rule.walk() if getattr(n, "window", None) is not None]


@pytest.mark.parametrize("body, window", [
    ("Myocardial infarction in the 6 months prior to randomization", ("before", None, 6, "month", "randomization")),
    ("Major surgery during the 4 weeks before enrollment", ("before", None, 4, "week", "enrollment")),
    ("Systemic corticosteroids during the 3 months prior to screening", ("before", None, 3, "month", "screening")),
    ("Antibiotics throughout the 7 days before enrollment", ("before", None, 7, "day", "enrollment")),
])
def test_a_period_up_to_an_anchor_is_a_window(body, window):
    rule = exclusion_rule(body)
    assert _windows(rule) == [window], str(rule)
    assert not [n for n in rule.walk() if n.kind in ("unparsed", "time_window")], str(rule)


@pytest.mark.parametrize("body", [
    "Myocardial infarction in the 6 months of treatment",  # no anchor it runs up to
    "Myocardial infarction in the 6 months after surgery",  # after, not before
])
def test_a_period_that_does_not_end_at_an_anchor_before_is_not_read_so(body):
    rule = exclusion_rule(body)
    assert ("before", None, 6, "month") not in [w[:4] for w in _windows(rule)], str(rule)


def test_a_recent_event_meets_it_and_an_old_one_does_not():
    from datetime import date

    from evaluate_helpers import verdict_of

    body = "Myocardial infarction in the 6 months prior to enrollment"
    base = {"age": 60, "sex": "male", "complete": ["conditions"]}
    recent = {**base, "conditions": [{"name": "myocardial_infarction", "onset": "2026-09-01", "abatement": "2026-09-20"}]}
    old = {**base, "conditions": [{"name": "myocardial_infarction", "onset": "2020-09-01", "abatement": "2020-09-20"}]}
    assert verdict_of(body, recent, "Exclusion", as_of=date(2026, 12, 1)) == "met"
    assert verdict_of(body, old, "Exclusion", as_of=date(2026, 12, 1)) == "not_met"
