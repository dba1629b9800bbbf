"""The pipeline as an explicit sequence of stages, each a typed function.

    normalize : str          → MappedText   (criteria.parse.normalize)
    sectionize: MappedText   → Sections     (criteria.parse.sections)
    annotate  : Sections     → Annotated    (criteria.parse.nlp.annotate: spaCy marks spans)
    read      : Annotated    → Read         (criteria.parse.grammar.read: lexing, Lark reads matches)
    compose   : Read         → Composed     (criteria.parse.compose: one rule per item)
    assemble  : Composed     → Criteria     (criteria.parse.assemble: nesting, exemptions, cohorts)

A test or a debugger can run any prefix of it; :func:`parse_criteria` runs all of it.
"""

from __future__ import annotations

from ..errors import InputTypeError
from ..tree.nodes import Criteria
from .assemble import assemble
from .compose import compose
from .grammar.read import read
from .nlp.annotate import Annotated, annotate
from .normalize import normalize
from .sections import sectionize

__all__ = ["STAGES", "annotate", "assemble", "build", "compose", "normalize", "parse_criteria", "read",
           "run_until", "sectionize"]


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


def build(annotated: Annotated, original: str) -> Criteria:
    """Stages 4 to 6: the tree of an annotated text (``original``: the text as given)."""
    return assemble(compose(read(annotated, original)))


STAGES = ("normalize", "sectionize", "annotate", "read", "compose", "assemble")


def run_until(text: str, stage: str) -> object:
    """Run the pipeline up to and including ``stage`` (one of :data:`STAGES`)."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; choose one of {', '.join(STAGES)}")
    value: object = normalize(text)
    steps = (sectionize, annotate, lambda annotated: read(annotated, text), compose, assemble)
    for name, step in zip(STAGES, steps):
        if name == stage:
            return value
        value = step(value)  # type: ignore[operator]
    return value
