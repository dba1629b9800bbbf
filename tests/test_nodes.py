"""The typed tree: frozen nodes, spans outside equality, JSON round trip, schema."""

import json
from pathlib import Path

import pydantic
import pytest

import criteria
from criteria import nodes, parse_criteria
from criteria.tree.nodes import Age, AgeBound, AllOf, Criteria, Unparsed
from criteria.tree.spans import Span

SCHEMA = Path(__file__).parents[1] / "docs" / "criteria.schema.json"


def test_nodes_are_frozen():
    age = Age(low=AgeBound(value=18, unit="year", inclusive=True))
    with pytest.raises(pydantic.ValidationError):
        age.at = "consent"


def test_equality_and_hash_ignore_spans():
    a = Unparsed(text="x", reason="r", span=Span(start=0, end=1))
    b = Unparsed(text="x", reason="r", span=Span(start=5, end=6))
    assert a == b and hash(a) == hash(b)
    assert a != Unparsed(text="x", reason="other")


def test_nodes_validate_themselves():
    with pytest.raises(pydantic.ValidationError, match="lower or an upper bound"):
        Age()
    with pytest.raises(pydantic.ValidationError):
        AllOf(items=())
    with pytest.raises(pydantic.ValidationError):
        Span(start=5, end=2)


def test_registry_is_derived_from_the_classes():
    assert nodes.NODE_KINDS["age"] is Age
    assert nodes.NODE_KINDS["all_of"] is AllOf
    assert all(cls.model_fields["kind"].default == kind for kind, cls in nodes.NODE_KINDS.items())


def test_json_round_trip_is_lossless(seed_text):
    tree = parse_criteria(seed_text)
    again = Criteria.from_json(tree.to_json())
    assert again == tree
    assert [c.span for c in again.criteria()] == [c.span for c in tree.criteria()]
    assert again.inclusion[1].rule.span == tree.inclusion[1].rule.span


def test_json_is_discriminated_on_kind():
    tree = parse_criteria("Age >= 18 years")
    data = json.loads(tree.to_json())
    assert data["inclusion"][0]["rule"]["kind"] == "age"
    assert type(Criteria.from_json(json.dumps(data)).inclusion[0].rule) is Age


def test_str_prints_a_readable_tree(seed_text):
    printed = str(parse_criteria(seed_text))
    assert printed.splitlines()[0] == "Criteria: 11 inclusion, 34 exclusion; cohorts: Cohort 1, Cohort 2"
    assert "→ age >= 19 years at consent" in printed


def test_committed_json_schema_is_fresh():
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == criteria.json_schema(), "docs/criteria.schema.json is stale: run `make schema`"
