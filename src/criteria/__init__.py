"""criteria: read clinical-trial eligibility criteria into a typed rule tree.

    >>> from criteria import parse_criteria
    >>> tree = parse_criteria("Inclusion Criteria:\\n\\n* Age >= 18 years\\n")
    >>> tree.inclusion[0].rule.low.value
    18.0

Public API:

* :func:`parse_criteria` — text → :class:`Criteria` (never raises on text);
* :func:`parse_age_limit` — a structured ClinicalTrials.gov age string ("18 Years") → bound;
* :func:`parse_study` — a ClinicalTrials.gov study record (API v2 JSON or classic XML) → :class:`Criteria`;
* :func:`render` — the tree, or a patient's evaluation, in plain English, for patients or clinicians;
* :func:`json_schema` — the JSON Schema of the tree;
* :func:`evaluate` / :func:`compile` / :func:`evaluate_many` — check a :class:`Patient` against
  the tree: an :class:`Evaluation` (eligible / ineligible / unknown, with reasons);
* :mod:`criteria.tree.nodes` — the node classes; :mod:`criteria.errors` — the error classes.
"""

from __future__ import annotations

from typing import Any

from . import errors, nodes
from .errors import (
    CriteriaError,
    InputFormatError,
    InputTypeError,
    InputValueError,
    MissingDependencyError,
    ResourceError,
    UnsupportedError,
)
from . import evaluate  # a callable module: criteria.evaluate(tree, patient, as_of=...)
from .evaluate import Evaluation, Patient, compile, evaluate_many  # noqa: A004
from .tree.nodes import Criteria, Criterion
from .parse.pipeline import parse_criteria
from . import render  # a callable module: criteria.render(tree, style=...)
from .parse.structured import parse_age_limit
from .parse.study import parse_study

__version__ = "0.1.0"

__all__ = [
    "Criteria",
    "CriteriaError",
    "Criterion",
    "Evaluation",
    "InputFormatError",
    "InputTypeError",
    "InputValueError",
    "MissingDependencyError",
    "Patient",
    "ResourceError",
    "UnsupportedError",
    "__version__",
    "compile",
    "errors",
    "evaluate",
    "evaluate_many",
    "json_schema",
    "nodes",
    "parse_age_limit",
    "parse_criteria",
    "parse_study",
    "render",
]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`Criteria` (what ``Criteria.to_json()`` writes)."""
    return Criteria.model_json_schema()
