"""Text → rule tree, one module per stage, in the order they run.

1. :mod:`~criteria.parse.normalize` — ``str → MappedText``
2. :mod:`~criteria.parse.sections` — ``MappedText → Sections``
3. :mod:`~criteria.parse.nlp` — ``Sections → Annotated`` (spaCy components mark spans)
4. :mod:`~criteria.parse.grammar` — ``Annotated → Read`` (lexing, and Lark reading rule matches)
5. :mod:`~criteria.parse.compose` — ``Read → Composed`` (one rule per item from its matches)
6. :mod:`~criteria.parse.assemble` — ``Composed → Criteria`` (exemptions, nesting, scopes, cohorts)

:mod:`~criteria.parse.pipeline` runs them (:func:`parse_criteria`, :func:`run_until`);
:mod:`~criteria.parse.structured` and :mod:`~criteria.parse.study` read the structured fields and
whole records of ClinicalTrials.gov through the same stages.
"""

from .pipeline import STAGES, parse_criteria, run_until

__all__ = ["STAGES", "parse_criteria", "run_until"]
