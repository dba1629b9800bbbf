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

import importlib
from typing import TYPE_CHECKING, Any

from . import errors
from .errors import (
    CriteriaError,
    InputFormatError,
    InputTypeError,
    InputValueError,
    MissingDependencyError,
    ResourceError,
    UnsupportedError,
)

if TYPE_CHECKING:  # imported on first use (see __getattr__); named here for type checkers
    from . import evaluate, nodes, render
    from .evaluate import Evaluation, Patient, compile, evaluate_many  # noqa: A004
    from .parse.pipeline import parse_criteria
    from .parse.structured import parse_age_limit
    from .parse.study import parse_study
    from .tree.nodes import Criteria, Criterion

# Every public name but the errors is imported when first asked for, not here: spaCy imports this
# package in every process where it is installed (``Language()`` loads our spaCy components'
# entry points), and a parse needs neither the evaluator and its units (pint) nor the renderer.
_LAZY: dict[str, tuple[str, str | None]] = {
    "nodes": (".nodes", None),
    "evaluate": (".evaluate", None),  # a callable module: criteria.evaluate(tree, patient, as_of=...)
    "render": (".render", None),  # a callable module: criteria.render(tree, style=...)
    "Evaluation": (".evaluate", "Evaluation"),
    "Patient": (".evaluate", "Patient"),
    "compile": (".evaluate", "compile"),
    "evaluate_many": (".evaluate", "evaluate_many"),
    "Criteria": (".tree.nodes", "Criteria"),
    "Criterion": (".tree.nodes", "Criterion"),
    "parse_criteria": (".parse.pipeline", "parse_criteria"),
    "parse_age_limit": (".parse.structured", "parse_age_limit"),
    "parse_study": (".parse.study", "parse_study"),
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562) and keep it, so later lookups are plain."""
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'criteria' has no attribute {name!r}") from None
    value = importlib.import_module(module, __name__)
    if attribute is not None:
        value = getattr(value, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    from .tree.nodes import Criteria

    return Criteria.model_json_schema()
