"""Issue 11, item 7: "radiotherapy completed ≤ 7 days prior to study drug" — the word saying the
therapy ended is what the window counts from, read with the therapy; left unread beside it, it kept
a clear verdict unknown. Sentences of our own."""

import pytest

from evaluate_helpers import rule_of, verdict_of


@pytest.mark.parametrize("body", ["Radiotherapy completed within 2 weeks before enrollment",
                                  "Chemotherapy stopped less than 4 weeks before enrollment",
                                  "Palliative radiation therapy completed ≤ 7 days prior to enrollment",
                                  "Surgery was completed at least 2 weeks prior to enrollment"])
def test_an_end_word_before_the_window_is_read_with_the_therapy(body):
    rule = rule_of(body, "Exclusion")
    assert rule.kind in ("prior_therapy", "procedure") and rule.window is not None, body
    never = {"age": 50, "sex": "male", "therapies": [], "procedures": [], "complete": ["therapies", "procedures"]}
    assert verdict_of(body, never, "Exclusion") == "not_met", body


def test_an_end_word_without_a_window_stays_unread():
    rule = rule_of("Chemotherapy completed", "Exclusion")
    assert any(n.kind == "unparsed" for n in rule.walk())
