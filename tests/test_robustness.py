"""Properties that hold for any text: the parser never raises, spans slice the input,
JSON round-trips exactly (spans included), and parsing is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria import Criteria, parse_criteria
from criteria.tree.spans import span_problems

# Pieces of real criteria layout and wording, so generated text reaches the grammar and
# the sections logic instead of only the "no rule matched" path.
FRAGMENTS = [
    "Inclusion Criteria:", "Exclusion Criteria:", "Cohort 1:", "Age:", "DISEASE CHARACTERISTICS:",
    "* ", "- ", "• ", "1. ", "a) ", "  ", "        ", "\n", "\n\n", "\r\n", "\t",
    "Age", "aged", "years", "months", "of age", "or older", "old", "between", "and", "or", "to",
    ">=", "≥", "<", "\\>", "\\<", "=<", "≤", "more than", "at least", "under",
    "18", "65", "1.5", "10^9", "1,500", "0", "x", "ULN", "(", ")", ":", ",", ";", "/", "-", "%",
    "inclusive", "at the time of signing the informed consent", "µ", "²", "\u00a0", "\u200b",
]

criteria_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=60
).map(lambda parts: " ".join(parts))

# Any str at all, lone surrogates included (a str decoded with "surrogateescape" has them).
any_text = st.text(alphabet=st.characters(blacklist_categories=()), max_size=300)

texts = st.one_of(criteria_like, any_text)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(texts)
def test_never_raises_and_keeps_the_text(text):
    tree = parse_criteria(text)
    assert isinstance(tree, Criteria)
    assert tree.text == text


@PROPERTY
@given(texts)
def test_every_span_slices_the_original_text(text):
    tree = parse_criteria(text)
    assert span_problems(tree, text) == []


@PROPERTY
@given(texts)
def test_json_round_trip_is_exact_spans_included(text):
    tree = parse_criteria(text)
    again = Criteria.from_json(tree.to_json())
    assert again == tree
    # == ignores spans by design; the dump compares them too
    assert again.model_dump() == tree.model_dump()


@PROPERTY
@given(texts)
def test_parsing_is_deterministic(text):
    assert parse_criteria(text).to_json() == parse_criteria(text).to_json()


def test_span_problems_reports_a_span_outside_the_text():
    """The checker the properties rely on must itself be able to fail."""
    tree = parse_criteria("Inclusion Criteria:\n* Age >= 18 years\n")
    assert span_problems(tree, tree.text) == []
    assert any("outside text" in p for p in span_problems(tree, tree.text[:5]))
    assert any("slices only" in p for p in span_problems(tree, " " * len(tree.text)))


def test_lone_surrogates_parse_and_round_trip():
    text = "* \ud800 Age >= 18 years\n* x\udfff"
    tree = parse_criteria(text)
    assert tree.inclusion[0].rule.kind == "all_of"
    assert Criteria.from_json(tree.to_json()).model_dump() == tree.model_dump()
