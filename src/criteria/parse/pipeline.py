"""The pipeline as an explicit sequence of stages, each a typed function.

    normalize : str          → MappedText   (criteria.parse.normalize)
    sectionize: MappedText   → Sections     (criteria.parse.sections)
    annotate  : Sections     → Annotated    (criteria.parse.nlp.annotate: spaCy marks spans)
    build     : Annotated    → Criteria     (criteria.parse.assemble + criteria.parse.grammar: Lark decides)

A test or a debugger can run any prefix of it; :func:`parse_criteria` runs all of it.
"""

from __future__ import annotations

from .assemble import build
from ..errors import InputTypeError
from .nlp.annotate import annotate
from .normalize import normalize
from ..tree.nodes import Criteria
from .sections import sectionize

__all__ = ["STAGES", "annotate", "build", "normalize", "parse_criteria", "run_until", "sectionize"]


def parse_criteria(text: str) -> Criteria:
    """Read free-text eligibility criteria into a typed :class:`~criteria.tree.nodes.Criteria` tree.

    Accepts ClinicalTrials.gov API v2 markdown, classic XML/AACT text, and text flattened
    onto one line. Never raises on text: what is not understood becomes ``unparsed``
    nodes. Raises :class:`~criteria.errors.InputTypeError` (a ``TypeError``) if ``text``
    is not a string. Thread-safe.
    """
    if not isinstance(text, str):
        raise InputTypeError(
            f"parse_criteria() needs the criteria text as a str, not {type(text).__name__}; "
            "for a ClinicalTrials.gov record pass its eligibilityCriteria field"
        )
    return build(annotate(sectionize(normalize(text))), text)


STAGES = ("normalize", "sectionize", "annotate", "build")


def run_until(text: str, stage: str) -> object:
    """Run the pipeline up to and including ``stage`` (one of :data:`STAGES`)."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; choose one of {', '.join(STAGES)}")
    value: object = normalize(text)
    for name, step in (("sectionize", sectionize), ("annotate", annotate)):
        if stage == STAGES[STAGES.index(name) - 1]:
            return value
        value = step(value)  # type: ignore[arg-type]
    return value if stage == "annotate" else build(value, text)  # type: ignore[arg-type]
