"""The documented errors: what is raised, which builtin it also is, and that it says what to do.

``parse_criteria`` raises only for a wrong argument type; ``parse_age_limit`` also for a
string that is not an age limit; broken package data raises ResourceError; a renderer or
record maker meeting an unknown node kind raises UnsupportedError. (The evaluator and its
patient loader, which will raise for invalid patients, are not built yet.)
"""

from __future__ import annotations

import pytest

from criteria import (
    CriteriaError,
    InputFormatError,
    InputTypeError,
    ResourceError,
    UnsupportedError,
    parse_age_limit,
    parse_criteria,
    parse_study,
)
from criteria.errors import InputValueError
from criteria.tree.nodes import Criteria, Criterion, Node
from criteria.parse.pipeline import run_until
from criteria.tree.records import records
from criteria.render.tree import render_tree
from criteria.resources import data_path, load_jsonl, CueEntry


@pytest.mark.parametrize("value", [None, b"Age >= 18", 18, ["Age >= 18"], {"text": "x"}])
def test_parse_criteria_wrong_type_is_an_input_type_error(value):
    with pytest.raises(InputTypeError) as caught:
        parse_criteria(value)
    error = caught.value
    assert isinstance(error, TypeError) and isinstance(error, CriteriaError)
    assert error.code == "input_type"
    message = str(error)
    assert type(value).__name__ in message  # says what it got…
    assert "str" in message and "eligibilityCriteria" in message  # …and what to pass instead


def test_parse_age_limit_wrong_type_is_an_input_type_error():
    with pytest.raises(TypeError, match="string such as '18 Years'") as caught:
        parse_age_limit(18)
    assert isinstance(caught.value, InputTypeError)


def test_parse_age_limit_bad_string_is_an_input_value_error():
    with pytest.raises(ValueError, match="expected a number and a unit") as caught:
        parse_age_limit("soon")
    assert isinstance(caught.value, InputValueError) and caught.value.code == "input_value"


def test_run_until_names_the_stages_it_knows():
    with pytest.raises(ValueError, match="choose one of normalize, sectionize, annotate, read, compose, assemble"):
        run_until("x", "tokenize")


def test_missing_data_file_is_a_resource_error_naming_the_file():
    with pytest.raises(ResourceError, match="lexicons/nope.jsonl is missing") as caught:
        data_path("lexicons", "nope.jsonl")
    assert isinstance(caught.value, ValueError)


def test_broken_lexicon_line_is_a_resource_error_naming_file_and_line(tmp_path, monkeypatch):
    broken = tmp_path / "cues.jsonl"
    broken.write_text('{"_format": "x"}\n{"phrase": "over", "terminal": "lower case"}\n', encoding="utf-8")
    monkeypatch.setattr("criteria.resources.data_path", lambda *parts: broken)
    with pytest.raises(ResourceError, match=r"lexicons/cues.jsonl:2: .*over"):
        load_jsonl("lexicons/cues.jsonl", CueEntry)


class _Mystery(Node):
    """A node kind no renderer knows (as a branch adding a kind might forget to register)."""

    kind: str = "mystery"


def _tree_with_unknown_kind() -> Criteria:
    criterion = Criterion.model_construct(
        id="I1", section="inclusion", text="x", rule=_Mystery(), subcriteria=(), scope=None, heading=None
    )
    return Criteria.model_construct(text="x", inclusion=(criterion,), exclusion=(), cohorts=(), notices=())


@pytest.mark.parametrize("consumer", [render_tree, records], ids=["render_tree", "records"])
def test_unknown_node_kind_is_an_unsupported_error_naming_it(consumer):
    with pytest.raises(UnsupportedError, match="'mystery'") as caught:
        consumer(_tree_with_unknown_kind())
    assert isinstance(caught.value, NotImplementedError)


def test_an_error_with_a_span_points_at_the_text():
    error = InputValueError("not a number", span=(6, 9), text="Age > abc years")
    assert str(error).splitlines() == ["[input_value] not a number", "  Age > abc years", "        ^^^"]


def test_study_in_an_unknown_encoding_is_an_input_format_error():
    """Found by the fuzzer: an XML declaration naming an encoding Python lacks leaked LookupError."""
    record = b'<?xml version="1.0" encoding="UTF-3"?>\n<clinical_study><eligibility/></clinical_study>'
    with pytest.raises(InputFormatError, match="encoding that cannot be read.*UTF-8") as caught:
        parse_study(record)
    assert isinstance(caught.value, ValueError)
