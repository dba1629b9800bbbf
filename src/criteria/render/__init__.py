"""Renderers: one module per output, each dispatching on node ``kind``.

* :mod:`criteria.render.tree` — ``str(criteria)``, an indented outline for developers;
* :mod:`criteria.render.english` — plain English for patients and clinicians (the document's
  layout in :mod:`criteria.render.english_document`);
* :mod:`criteria.render.html_page` — the trial page: the original text highlighted by kind beside
  the plain English (Jupyter's ``_repr_html_``, ``criteria render TRIAL --html``);
* :mod:`criteria.render.html` — a collapsible HTML rule tree and the source highlighting;
* :mod:`criteria.render.english_evaluation` and :mod:`criteria.render.html_evaluation` — an
  :class:`~criteria.evaluate.Evaluation` in plain English and as HTML: what rules the patient
  out, what is still missing, what is met.

:func:`render` is the public entry point; it dispatches on what it is given (a tree or an
evaluation), as the renderers inside dispatch on node ``kind``. ``criteria.render`` is this package
made callable
(calling it calls :func:`render`), so ``criteria.render(tree)`` and
``criteria.render.english`` both work: a plain function of that name would shadow the package
and break ``import criteria.render.english``.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Literal

from ..errors import InputTypeError
from ..tree.nodes import Criteria

if TYPE_CHECKING:  # pragma: no cover
    from ..evaluate.result import Evaluation


def render(criteria: "Criteria | Evaluation", style: Literal["patient", "clinician"] = "patient") -> str:
    """A tree or an evaluation in plain English: ``style="patient"`` (sentences) or ``"clinician"`` (terse).

    Given a :class:`~criteria.tree.nodes.Criteria` tree, the criteria themselves; given an
    :class:`~criteria.evaluate.Evaluation`, the verdict for that patient: the status, what
    rules them out, what is still unknown and the data that would settle it, what is met.
    Raises :class:`~criteria.errors.UnsupportedError` if the tree holds a node kind the
    English renderer has no form for, :class:`~criteria.errors.InputValueError` for an
    unknown style and :class:`~criteria.errors.InputTypeError` for anything else.
    """
    from ..evaluate.result import Evaluation  # here: rendering a tree must not load the evaluator
    from .english import render_english
    from .english_evaluation import render_evaluation

    if isinstance(criteria, Evaluation):
        return render_evaluation(criteria, style)
    if not isinstance(criteria, Criteria):
        given = type(criteria).__name__
        raise InputTypeError(f"render() needs a Criteria tree or an Evaluation, not {given}")
    return render_english(criteria, style)


class _CallableModule(ModuleType):
    """This package's module type: calling the module calls :func:`render`."""

    def __call__(
        self, criteria: "Criteria | Evaluation", style: Literal["patient", "clinician"] = "patient"
    ) -> str:
        return render(criteria, style)


sys.modules[__name__].__class__ = _CallableModule
